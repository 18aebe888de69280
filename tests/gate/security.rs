//! The security page: methods changed only with a current code, the last one kept, a new
//! authenticator in place of the old, the app turned off in favour of emailed codes, a new
//! phone number confirmed from both phones, and an email about each change.

use crate::harness::{
    backup_codes_from, code, free_port, secret_from, wait_for_notification, wrong, Browser, Gate, SmsGateway, SmtpSink, PASSWORD,
};

const SECURITY: &str = "/.portcullis/security";

/// Signs `b` up as alice; returns the authenticator secret and the backup codes.
async fn sign_up(b: &Browser) -> (Vec<u8>, Vec<String>) {
    b.password("alice", PASSWORD, "/").await;
    let (secret, done) = b.enrol("/", false).await;
    (secret, backup_codes_from(&done.body))
}

async fn change(b: &Browser, action: &str, method: &str, code: &str) -> crate::harness::Page {
    b.post(SECURITY, &[("do", action), ("method", method), ("code", code)]).await
}

#[tokio::test]
async fn a_new_authenticator_takes_a_current_code_and_the_only_one_stays() {
    let gate = Gate::start().await;
    let b = gate.browser();
    let (secret, backup) = sign_up(&b).await;
    let page = b.get(SECURITY).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("only way to get a sign-in code") && !page.body.contains("<h2>Codes by email"), "{}", page.body);

    let stranger = gate.browser().get(SECURITY).await;
    assert_eq!(stranger.location.as_deref(), Some("/.portcullis/login?rd=%2F.portcullis%2Fsecurity"), "signed-in users only");
    assert_eq!(change(&b, "remove", "everything", "123456").await.status, 400);

    let now = code(&secret, 1);
    assert_eq!(change(&b, "remove", "app", &now).await.status, 409, "the last method stays");
    assert_eq!(change(&b, "new-app", "app", wrong(&now)).await.status, 401, "no change without a current code");
    assert_eq!(
        b.post(SECURITY, &[("do", "confirm-app"), ("code", "123456")]).await.location.as_deref(),
        Some(SECURITY),
        "no new secret without the proof"
    );

    // A backup code stands in for the lost app (and leaves the old app's codes unused, so
    // that they show below that the old app is dead, not merely replayed).
    let scan = change(&b, "new-app", "app", &backup[0]).await;
    assert_eq!(scan.status, 200, "{}", scan.body);
    let new_secret = secret_from(&scan.body);
    assert_ne!(new_secret, secret);
    let done = b.post(SECURITY, &[("do", "confirm-app"), ("code", &code(&new_secret, 0))]).await;
    assert!(done.status == 200 && done.body.contains("Your authenticator app is set up"), "{}", done.body);
    wait_for_notification(&gate, "Subject: A sign-in method of your account was changed").await;

    let c = gate.browser();
    c.password("alice", PASSWORD, "/").await;
    assert_eq!(c.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/")]).await.status, 401, "the old app is dead");
    let signed_in = c.post("/.portcullis/challenge", &[("code", &code(&new_secret, 1)), ("rd", "/")]).await;
    assert_eq!(signed_in.location.as_deref(), Some("/"), "{}", signed_in.body);
}

#[tokio::test]
async fn with_the_app_turned_off_codes_come_by_email_and_enrolment_stays_shut() {
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let top = format!("notifications:\n  smtp: {{ host: 127.0.0.1, port: {port}, security: none }}\nsent_codes: {{ resend_after: 1s }}\n");
    let gate = Gate::start_with_top("    email_codes: true\n", &top).await;
    let b = gate.browser();
    let (_, backup) = sign_up(&b).await;
    assert!(b.get(SECURITY).await.body.contains("On, to a***@example.com"));

    // Email codes off with an emailed code, and on again with a backup code.
    assert_eq!(b.post(SECURITY, &[("do", "send"), ("method", "email")]).await.status, 200);
    let off = change(&b, "remove", "email", &sink.nth_code(1).await).await;
    assert!(off.body.contains("Removed.") && off.body.contains("Turn on codes by email"), "{}", off.body);
    let on = change(&b, "add-email", "email", &backup[2]).await;
    assert!(on.body.contains("Codes by email are on."), "{}", on.body);
    sink.wait_for("Subject: A sign-in method was added to your account", 15).await;

    assert_eq!(change(&b, "remove", "app", "").await.status, 401, "no change without a current code");
    let removed = change(&b, "remove", "app", &backup[0]).await;
    assert!(removed.status == 200 && removed.body.contains("Removed."), "{}", removed.body);
    let told = sink.wait_for("Sign-in method removed on app.localhost: your authenticator app.", 15).await;
    assert!(told.contains("Subject: A sign-in method was removed from your account"), "{told}");
    assert_eq!(change(&b, "remove", "email", &backup[1]).await.status, 409, "email is now the last method");

    // A password alone never reaches a new enrolment: the emailed code is owed.
    let c = gate.browser();
    assert_eq!(c.password("alice", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"));
    let challenge = c.get("/.portcullis/challenge?rd=%2F").await;
    assert!(challenge.body.contains("Email me a code") && !challenge.body.contains("Open your authenticator app"), "{}", challenge.body);
    assert_eq!(c.get("/.portcullis/enrol?rd=%2F").await.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"));
    let enrol = c.post("/.portcullis/enrol", &[("code", "123456"), ("rd", "/")]).await;
    assert_eq!(enrol.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"));
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(c.post("/.portcullis/send-code", &[("rd", "/"), ("via", "email")]).await.status, 200);
    let emailed = sink.nth_code(2).await;
    let done = c.post("/.portcullis/sent-code", &[("code", &emailed), ("rd", "/"), ("via", "email")]).await;
    assert_eq!(done.location.as_deref(), Some("/"), "{}", done.body);

    // An admin's reset forgets the user's choices: they enrol again.
    let (ok, out) = gate.cli(&["user", "reset-2fa", "alice"]);
    assert!(ok, "{out}");
    let d = gate.browser();
    assert_eq!(d.password("alice", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/enrol?rd=%2F"));
}

#[tokio::test]
async fn a_new_phone_number_is_confirmed_from_both_phones() {
    let gateway = SmsGateway::start().await;
    let top = format!(
        "sms:\n  url: http://127.0.0.1:{}/send\n  body: '{{\"to\":\"{{phone}}\",\"code\":\"{{code}}\"}}'\nsent_codes: {{ resend_after: 1s }}\n",
        gateway.port
    );
    let gate = Gate::start_with_top("    sms_codes: true\n", &top).await;
    let b = gate.browser();
    let (secret, _) = sign_up(&b).await;
    assert!(b.get(SECURITY).await.body.contains("On, to +15***34"));

    let asked = b.post(SECURITY, &[("do", "new-phone"), ("phone", "+49 151 0000 0001")]).await;
    assert!(asked.status == 200 && asked.body.contains("Confirm your new number"), "{}", asked.body);
    let sent: Vec<serde_json::Value> =
        [gateway.nth_body(1).await, gateway.nth_body(2).await].iter().map(|body| serde_json::from_str(body).expect("json")).collect();
    let code_to =
        |number: &str| sent.iter().find(|m| m["to"] == number).and_then(|m| m["code"].as_str()).expect("a code to each number").to_string();
    let (new_code, old_code) = (code_to("+4915100000001"), code_to("+15550001234"));

    let confirm = |old: String| {
        let (b, new_code) = (&b, new_code.clone());
        async move { b.post(SECURITY, &[("do", "confirm-phone"), ("phone", "+4915100000001"), ("new_code", &new_code), ("code", &old)]).await }
    };
    assert_eq!(confirm(wrong(&old_code).to_string()).await.status, 401, "the old phone must agree");
    assert_eq!(confirm(code(&secret, 1)).await.status, 401, "an app code is not the old phone's");
    let done = confirm(old_code).await;
    assert!(done.body.contains("Your new phone number is set up") && done.body.contains("+49***01"), "{}", done.body);
    wait_for_notification(&gate, "Subject: A sign-in method of your account was changed").await;

    // Sign-in codes now go to the new number; removing it takes one of them.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(b.post(SECURITY, &[("do", "send"), ("method", "phone")]).await.status, 200);
    let texted: serde_json::Value = serde_json::from_str(&gateway.nth_body(3).await).expect("json");
    assert_eq!(texted["to"], "+4915100000001");
    let removed = change(&b, "remove", "phone", texted["code"].as_str().expect("code")).await;
    assert!(removed.body.contains("Removed.") && removed.body.contains("No phone number"), "{}", removed.body);
    wait_for_notification(&gate, "Subject: A sign-in method was removed from your account").await;

    // A first number again: its code, and a code of any method.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    b.post(SECURITY, &[("do", "new-phone"), ("phone", "+4915100000002")]).await;
    let added: serde_json::Value = serde_json::from_str(&gateway.nth_body(4).await).expect("json");
    assert_eq!(added["to"], "+4915100000002", "no old number to text");
    let form = [
        ("do", "confirm-phone"),
        ("phone", "+4915100000002"),
        ("new_code", added["code"].as_str().expect("code")),
        ("code", &code(&secret, 1)),
    ];
    let added = b.post(SECURITY, &form).await;
    assert!(added.body.contains("+49***02"), "{}", added.body);
    wait_for_notification(&gate, "Subject: A sign-in method was added to your account").await;
}
