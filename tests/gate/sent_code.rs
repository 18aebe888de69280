//! "Email me a code" and "Text me a code": delivered over real SMTP or to a stand-in HTTP SMS
//! gateway, single use, only the newest, rate-limited, and wrong codes throttled like any other.

use std::time::Duration;

use crate::harness::{free_port, wrong, Browser, Gate, SmsGateway, SmtpSink, PASSWORD};

const RULES: &str = "    email_codes: true\n";

async fn gate_with_sink() -> (Gate, SmtpSink) {
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let top = format!(
        "notifications:\n  smtp: {{ host: 127.0.0.1, port: {port}, security: none }}\nsent_codes: {{ resend_after: 2s, per_hour: 3 }}\n"
    );
    (Gate::start_with_top(RULES, &top).await, sink)
}

/// A browser past alice's password whose code page offers email.
async fn at_challenge(gate: &Gate) -> Browser {
    let b = gate.browser();
    b.password("alice", PASSWORD, "/").await;
    let page = b.get("/.portcullis/challenge?rd=%2F").await;
    assert!(page.body.contains("Email me a code instead"), "{}", page.body);
    b
}

/// Asks for a code and returns it as the SMTP server received it (the `n`th message).
async fn emailed_code(b: &Browser, sink: &SmtpSink, n: usize) -> String {
    ask_for_code(b).await;
    sink.nth_code(n).await
}

async fn ask_for_code(b: &Browser) {
    let page = b.post("/.portcullis/send-code", &[("rd", "/")]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("a***@example.com"), "{}", page.body);
}

#[tokio::test]
async fn an_emailed_code_signs_in_once_and_only_the_newest_works() {
    let (gate, sink) = gate_with_sink().await;
    gate.browser().sign_up("alice").await;
    let b = at_challenge(&gate).await;
    // Asked again at once, well within the 2 s (timestamps are whole seconds, so 1 s would race).
    ask_for_code(&b).await;
    let too_soon = b.post("/.portcullis/send-code", &[("rd", "/")]).await;
    assert_eq!(too_soon.status, 429, "resend is limited");
    assert!(too_soon.body.contains("before asking for another") && too_soon.body.contains("second"), "{}", too_soon.body);
    let first = sink.nth_code(1).await;
    let message = sink.wait_for("Your sign-in code", 5).await;
    assert!(message.contains("To: alice@example.com"), "{message}");

    tokio::time::sleep(Duration::from_millis(2100)).await;
    let second = emailed_code(&b, &sink, 2).await;
    if first != second {
        assert_eq!(b.post("/.portcullis/sent-code", &[("code", &first), ("rd", "/")]).await.status, 401, "the older code died");
    }
    let done = b.post("/.portcullis/sent-code", &[("code", &second), ("rd", "/")]).await;
    assert_eq!(done.location.as_deref(), Some("/"), "{}", done.body);
    assert_eq!(b.echo("/").await.header("remote-user").as_deref(), Some("alice"));

    let again = at_challenge(&gate).await;
    assert_eq!(again.post("/.portcullis/sent-code", &[("code", &second), ("rd", "/")]).await.status, 401, "used once");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    emailed_code(&again, &sink, 3).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(again.post("/.portcullis/send-code", &[("rd", "/")]).await.status, 429, "three an hour");
}

#[tokio::test]
async fn wrong_emailed_codes_count_towards_the_lockout() {
    let (gate, sink) = gate_with_sink().await;
    gate.browser().sign_up("alice").await;
    let b = at_challenge(&gate).await;
    let right = emailed_code(&b, &sink, 1).await;
    let wrong = wrong(&right);
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(b.post("/.portcullis/sent-code", &[("code", wrong), ("rd", "/")]).await.status);
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429]);
    assert_eq!(b.post("/.portcullis/sent-code", &[("code", &right), ("rd", "/")]).await.status, 429, "even the right one waits");
}

#[tokio::test]
async fn sites_that_do_not_allow_email_codes_do_not_send_them() {
    let gate = Gate::start().await;
    gate.browser().sign_up("alice").await;
    let b = gate.browser();
    b.password("alice", PASSWORD, "/").await;
    assert!(!b.get("/.portcullis/challenge?rd=%2F").await.body.contains("Email me a code"));
    let refused = b.post("/.portcullis/send-code", &[("rd", "/")]).await;
    assert_eq!(refused.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"));
    // A code sent for another site (codes are per user) is not taken here either.
    let taken = b.post("/.portcullis/sent-code", &[("code", "123456"), ("rd", "/")]).await;
    assert_eq!(taken.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"));
}

#[tokio::test]
async fn a_texted_code_goes_through_the_gateway_template_and_signs_in() {
    let gateway = SmsGateway::start().await;
    let top = format!(
        "sms:\n  url: http://127.0.0.1:{}/send\n  auth_header: Bearer test-token\n  content_type: application/json\n  body: '{{\"to\":\"{{phone}}\",\"text\":\"Your code is {{code}}\"}}'\nsent_codes: {{ resend_after: 1s }}\n",
        gateway.port
    );
    let gate = Gate::start_with_top("    sms_codes: true\n", &top).await;
    gate.browser().sign_up("alice").await;
    let b = gate.browser();
    b.password("alice", PASSWORD, "/").await;
    let page = b.get("/.portcullis/challenge?rd=%2F").await;
    assert!(page.body.contains("Text me a code instead") && !page.body.contains("Email me a code"), "{}", page.body);
    let sent = b.post("/.portcullis/send-code", &[("rd", "/"), ("via", "sms")]).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(sent.body.contains("+15***34") && sent.body.contains("Check your phone"), "{}", sent.body);

    let body = gateway.nth_body(1).await;
    {
        let requests = gateway.requests.lock().expect("lock");
        let request = &requests[0];
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/send"));
        let header = |name: &str| request.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        assert_eq!(header("authorization").as_deref(), Some("Bearer test-token"));
        assert_eq!(header("content-type").as_deref(), Some("application/json"));
    }
    let json: serde_json::Value = serde_json::from_str(&body).expect("the template rendered to JSON");
    assert_eq!(json["to"], "+15550001234");
    let code = json["text"].as_str().expect("text").strip_prefix("Your code is ").expect("prefix").to_string();
    assert_eq!(code.len(), 6);

    let wrong = wrong(&code);
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(b.post("/.portcullis/sent-code", &[("code", wrong), ("rd", "/"), ("via", "sms")]).await.status);
    }
    assert_eq!(statuses, [401, 401, 401, 401], "wrong texted codes are refused");
    let done = b.post("/.portcullis/sent-code", &[("code", &code), ("rd", "/"), ("via", "sms")]).await;
    assert_eq!(done.location.as_deref(), Some("/"), "{}", done.body);

    let c = gate.browser();
    c.password("alice", PASSWORD, "/").await;
    c.get("/.portcullis/challenge?rd=%2F").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    c.post("/.portcullis/send-code", &[("rd", "/"), ("via", "sms")]).await;
    gateway.nth_body(2).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(c.post("/.portcullis/sent-code", &[("code", wrong), ("rd", "/"), ("via", "sms")]).await.status);
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429], "and count towards the lockout");
}
