//! Step-up: a rule that wants a code entered within `max_age`, whatever signed the session
//! in; browsers are sent to the challenge and back, API clients get a 401 that says so, and
//! the upstream learns when the code was entered.

use std::time::Duration;

use crate::harness::{code, Browser, Gate};

pub(crate) const RULES: &str =
    "    rules:\n      - { path: \"^/payments/\", action: two_factor, step_up: { max_age: 2s } }\n    default: two_factor\n";

fn near_now(value: Option<String>) -> bool {
    value.and_then(|v| v.parse::<i64>().ok()).is_some_and(|t| (t - portcullis::clock::now()).abs() <= 5)
}

#[tokio::test]
async fn a_code_older_than_max_age_is_asked_for_again() {
    let gate = Gate::start_with(RULES).await;
    let b = gate.browser();
    let secret = b.sign_up("alice").await;
    let fresh = b.echo("/payments/pay").await;
    assert_eq!(fresh.header("remote-auth-via").as_deref(), Some("code"), "a fresh login passes without a second prompt");
    assert!(near_now(fresh.header("remote-auth-time")), "{:?}", fresh.header("remote-auth-time"));

    // Timestamps are whole seconds: 3.1 s is surely past a 2 s max_age.
    tokio::time::sleep(Duration::from_millis(3100)).await;
    b.echo("/").await;
    let page = b.get("/payments/pay?to=bob").await;
    assert_eq!(page.location.as_deref(), Some("/.portcullis/challenge?rd=%2Fpayments%2Fpay%3Fto%3Dbob"));
    let api = gate.bare_client().get(gate.url("/payments/pay")).header("accept", "application/json");
    let session = b.cookie("portcullis_session").expect("session cookie");
    let resp = api.header("cookie", format!("portcullis_session={session}")).send().await.expect("api");
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.headers().get("www-authenticate").and_then(|v| v.to_str().ok()), Some("Portcullis step-up max-age=2"));

    let challenge = b.get("/.portcullis/challenge?rd=%2Fpayments%2Fpay%3Fto%3Dbob").await;
    assert!(challenge.body.contains("asks for your code again") && !challenge.body.contains("Trust this device"), "{}", challenge.body);
    let done = b.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/payments/pay?to=bob")]).await;
    assert_eq!(done.location.as_deref(), Some("/payments/pay?to=bob"), "{}", done.body);
    assert!(near_now(b.echo("/payments/pay").await.header("remote-auth-time")));
}

#[tokio::test]
async fn a_trusted_device_does_not_stand_in_for_a_step_up() {
    let gate = Gate::start_with(RULES).await;
    let b = gate.browser();
    b.sign_up_trusting("alice").await;
    assert_eq!(b.sign_in_again("alice").await.as_deref(), Some("/"), "the device signs in");
    let echo = b.echo("/").await;
    assert_eq!(echo.header("remote-auth-via").as_deref(), Some("trusted-device"));
    assert_eq!(echo.header("remote-auth-time"), None);
    let page = b.get("/payments/pay").await;
    assert_eq!(page.location.as_deref(), Some("/.portcullis/challenge?rd=%2Fpayments%2Fpay"));
}

const PAYMENTS: &str = "    rules:\n      - { path: \"^/payments/\", action: two_factor, step_up: { max_age: 5m, factor: payments } }\n    default: two_factor\n";

/// Signs `b` up as alice; returns the login secret and backup codes.
async fn sign_up(b: &crate::harness::Browser) -> (Vec<u8>, Vec<String>) {
    b.password("alice", crate::harness::PASSWORD, "/").await;
    let (secret, done) = b.enrol("/", false).await;
    (secret, crate::harness::backup_codes_from(&done.body))
}

#[tokio::test]
async fn a_separate_factor_has_its_own_secret_and_its_own_lockout() {
    use crate::harness::{backup_codes_from, secret_from, wait_for_notification, wrong, PASSWORD};
    let gate = Gate::start_with_top(PAYMENTS, "factors:\n  payments: {}\n").await;
    let b = gate.browser();
    let (secret, login_backup) = sign_up(&b).await;

    // First use: enrolment, confirmed by a sign-in code and the new entry's first code.
    let step_up = b.get("/payments/x").await.location.expect("to the step-up");
    assert_eq!(step_up, "/.portcullis/step-up?factor=payments&rd=%2Fpayments%2Fx");
    let enrol = b.get(&step_up).await.location.expect("to the enrolment");
    let page = b.get(&enrol).await;
    let pay_secret = secret_from(&page.body);
    assert_ne!(pay_secret, secret, "a secret of its own");
    let form = |proof: String| {
        let (b, code) = (&b, code(&pay_secret, 0));
        async move { b.post("/.portcullis/factor", &[("factor", "payments"), ("rd", "/payments/x"), ("proof", &proof), ("code", &code)]).await }
    };
    assert_eq!(form(wrong(&code(&secret, 1)).to_string()).await.status, 401, "a session alone sets up nothing");
    let done = b.shown(form(code(&secret, 1)).await).await;
    assert_eq!(backup_codes_from(&done.body).len(), 10, "backup codes of its own: {}", done.body);
    assert_eq!(b.echo("/payments/x").await.header("remote-user").as_deref(), Some("alice"));
    wait_for_notification(&gate, "Subject: A separate authenticator was set up").await;

    // Each code opens only its own door.
    let c = gate.browser();
    c.password("alice", PASSWORD, "/").await;
    assert_eq!(
        c.post("/.portcullis/challenge", &[("code", &code(&pay_secret, 1)), ("rd", "/")]).await.status,
        401,
        "a payments code does not sign in"
    );
    c.post("/.portcullis/recover", &[("code", &login_backup[0]), ("rd", "/")]).await;
    let api = gate.bare_client().get(gate.url("/payments/x")).header("accept", "application/json");
    let session = c.cookie("portcullis_session").expect("session");
    let resp = api.header("cookie", format!("portcullis_session={session}")).send().await.expect("api");
    assert_eq!(
        resp.headers().get("www-authenticate").and_then(|v| v.to_str().ok()),
        Some("Portcullis step-up max-age=300 factor=payments")
    );
    let pay = |code: String| {
        let c = &c;
        async move { c.post("/.portcullis/step-up", &[("factor", "payments"), ("rd", "/payments/x"), ("code", &code)]).await }
    };
    assert_eq!(pay(code(&secret, 0)).await.status, 401, "a sign-in code does not pay");

    // Its lockout is its own: the login (from the same address too) stays open.
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(pay(wrong(&code(&pay_secret, 1)).to_string()).await.status);
    }
    assert_eq!(statuses, [401, 401, 401, 429], "five wrong payment codes lock payments");
    assert_eq!(pay(code(&pay_secret, 1)).await.status, 429, "even the right one waits");
    let d = gate.browser();
    assert_eq!(d.password("alice", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"));
    let back = d.post("/.portcullis/recover", &[("code", &login_backup[1]), ("rd", "/")]).await;
    assert_eq!(back.location.as_deref(), Some("/"), "{}", back.body);
    // Only the factor had failures; the admin's unlock clears them too.
    let (ok, out) = gate.cli(&["user", "unlock", "alice"]);
    assert!(ok && out.contains("alice: unlocked"), "{out}");
}

#[tokio::test]
async fn a_factor_may_have_to_be_set_up_on_the_security_page_first() {
    let gate = Gate::start_with_top(PAYMENTS, "factors:\n  payments: { first_use: deny, backup_codes: false }\n").await;
    let b = gate.browser();
    let (secret, _) = sign_up(&b).await;
    let refused = b.get("/.portcullis/step-up?factor=payments&rd=%2Fpayments%2Fx").await;
    assert!(refused.status == 403 && refused.body.contains("Sign-in methods"), "{}", refused.body);
    let security = b.get("/.portcullis/security").await;
    assert!(security.body.contains("Set up a payments authenticator"), "{}", security.body);

    let page = b.get("/.portcullis/factor?factor=payments&rd=%2Fpayments%2Fx").await;
    let pay_secret = crate::harness::secret_from(&page.body);
    let form = [("factor", "payments"), ("rd", "/payments/x"), ("proof", &code(&secret, 1)), ("code", &code(&pay_secret, 0))];
    let done = b.shown(b.post("/.portcullis/factor", &form).await).await;
    assert_eq!(done.location.as_deref(), Some("/payments/x"), "no backup codes to show: {}", done.body);
    b.echo("/payments/x").await;
    let (ok, out) = gate.cli(&["user", "show", "alice"]);
    assert!(ok && out.contains("factor payments: set up"), "{out}");
}

/// Sends a form that owes a code: the challenge page it is sent to, and the replay address
/// the challenge returns to.
pub(crate) async fn hold_form(b: &Browser, target: &str, content_type: &str, form: Vec<u8>) -> (String, String) {
    let held = b.send("POST", target, content_type, form).await;
    let challenge = held.location.expect("sent for the code");
    let replay = challenge
        .strip_prefix("/.portcullis/challenge?rd=")
        .map(|rd| form_urlencoded::parse(format!("rd={rd}").as_bytes()).next().expect("rd").1.into_owned())
        .expect("to the challenge");
    assert!(replay.starts_with("/.portcullis/replay?id="), "{replay}");
    (challenge, replay)
}

#[tokio::test]
async fn a_held_form_outlives_a_restart() {
    let mut gate = Gate::start_with(RULES).await;
    let b = gate.browser();
    let secret = b.sign_up("alice").await;
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let (_, replay) = hold_form(&b, "/payments/pay", "application/x-www-form-urlencoded", b"amount=5".to_vec()).await;
    gate.restart();
    let done = b.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", &replay)]).await;
    assert_eq!(done.location.as_deref(), Some(replay.as_str()), "{}", done.body);
    let sent = b.get(&replay).await;
    assert!(sent.status == 200 && sent.body.contains("amount=5"), "{} {}", sent.status, sent.body);
}

#[tokio::test]
async fn a_form_sent_when_a_code_is_owed_is_held_and_sent_on_exactly_once() {
    use crate::harness::Echo;
    let gate = Gate::start_with(RULES).await;
    let b = gate.browser();
    let secret = b.sign_up("alice").await;
    tokio::time::sleep(Duration::from_millis(3100)).await;

    let form = b"amount=10.00&to=bob&note=caf%C3%A9".to_vec();
    let (challenge, replay) = hold_form(&b, "/payments/pay?from=main", "application/x-www-form-urlencoded; charset=utf-8", form).await;
    assert!(b.get(&challenge).await.body.contains("The form you sent is kept"), "the page says the form waits");
    let done = b.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", &replay)]).await;
    assert_eq!(done.location.as_deref(), Some(replay.as_str()), "{}", done.body);

    let sent = b.get(&replay).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let echo = Echo(serde_json::from_str(&sent.body).expect("echo"));
    assert_eq!((echo.method(), echo.uri(), echo.body()), ("POST", "/payments/pay?from=main", "amount=10.00&to=bob&note=caf%C3%A9"));
    assert_eq!(echo.header("content-type").as_deref(), Some("application/x-www-form-urlencoded; charset=utf-8"));
    assert_eq!(echo.header("remote-user").as_deref(), Some("alice"));

    let again = b.get(&replay).await;
    assert_eq!(again.status, 410, "exactly once");
    assert!(again.body.contains("submit it again"), "{}", again.body);
    assert_eq!(
        gate.browser().get(&replay).await.location.as_deref().map(|l| l.starts_with("/.portcullis/login")),
        Some(true),
        "no session, no replay"
    );
}

#[tokio::test]
async fn a_form_too_large_to_hold_or_sent_by_a_script_is_not_kept() {
    let gate = Gate::start_with(RULES).await;
    let b = gate.browser();
    b.sign_up("alice").await;
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let big = b.send("POST", "/payments/pay", "application/octet-stream", vec![b'x'; 100 * 1024]).await;
    assert_eq!(big.status, 413);
    assert!(big.body.contains("submit the form again") && big.body.contains("/.portcullis/challenge?rd=%2Fpayments%2Fpay"), "{}", big.body);

    let api = gate.bare_client().post(gate.url("/payments/pay")).header("accept", "application/json");
    let session = b.cookie("portcullis_session").expect("session");
    let resp = api.header("cookie", format!("portcullis_session={session}")).body("{}").send().await.expect("api");
    assert_eq!(resp.status(), 401, "API clients are told, and send again themselves");
}

const PASSKEYS: &str = "    rules:\n      - { path: \"^/keys/\", action: two_factor, second_factor: [webauthn] }\n      - { path: \"^/pay/\", action: two_factor, step_up: { max_age: 5m, methods: [webauthn] } }\n    default: two_factor\n";

#[tokio::test]
async fn a_rule_that_wants_a_passkey_takes_no_code_and_no_device() {
    let gate = Gate::start_with(PASSKEYS).await;
    let b = gate.browser();
    let secret = b.sign_up_trusting("alice").await;
    assert_eq!(b.echo("/").await.header("remote-auth-via").as_deref(), Some("code"), "a code passes the other pages");
    let page = b.get("/keys/report").await;
    assert_eq!(page.location.as_deref(), Some("/.portcullis/challenge?only=webauthn&rd=%2Fkeys%2Freport"));
    let challenge = b.get(page.location.as_deref().expect("location")).await;
    assert!(challenge.body.contains("asks for your passkey or security key, and you have none yet"), "{}", challenge.body);
    assert!(!challenge.body.contains("name=\"code\"") && !challenge.body.contains("Trust this device"), "{}", challenge.body);
    assert!(!challenge.body.contains("/recover"), "a backup code would not do either");

    // A fresh code is still a code: the rule asks again.
    let again = b.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/keys/report"), ("only", "webauthn")]).await;
    assert_eq!(again.location.as_deref(), Some("/keys/report"));
    assert_eq!(b.get("/keys/report").await.location.as_deref(), Some("/.portcullis/challenge?only=webauthn&rd=%2Fkeys%2Freport"));

    // Nor does a trusted device, on the step-up or the rule.
    assert_eq!(b.sign_in_again("alice").await.as_deref(), Some("/"), "the device signs in");
    assert_eq!(b.get("/keys/report").await.location.as_deref(), Some("/.portcullis/challenge?only=webauthn&rd=%2Fkeys%2Freport"));
    let session = b.cookie("portcullis_session").expect("session cookie");
    let api = gate.bare_client().get(gate.url("/pay/now")).header("accept", "application/json");
    let resp = api.header("cookie", format!("portcullis_session={session}")).send().await.expect("api");
    assert_eq!(resp.status(), 401);
    let challenge = resp.headers().get("www-authenticate").and_then(|v| v.to_str().ok()).map(str::to_string);
    assert_eq!(challenge.as_deref(), Some("Portcullis step-up max-age=300 method=webauthn"));
    assert!(
        gate.take_received().iter().all(|r| !r.target.starts_with("/keys/") && !r.target.starts_with("/pay/")),
        "nothing reached the app"
    );
}
