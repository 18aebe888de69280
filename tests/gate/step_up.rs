//! Step-up: a rule that wants a code entered within `max_age`, whatever signed the session
//! in; browsers are sent to the challenge and back, API clients get a 401 that says so, and
//! the upstream learns when the code was entered.

use std::time::Duration;

use crate::harness::{code, Gate};

const RULES: &str = "    rules:\n      - { path: \"^/payments/\", action: two_factor, step_up: { max_age: 2s } }\n    default: two_factor\n";

fn near_now(value: Option<String>) -> bool {
    value.and_then(|v| v.parse::<i64>().ok()).is_some_and(|t| (t - portcullis::auth::now()).abs() <= 5)
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
