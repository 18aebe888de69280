//! Notifications: written as files by default, sent over real SMTP when configured, retried
//! until the server takes them.

use std::time::{Duration, Instant};

use crate::harness::{backup_codes_from, code, free_port, wait_for_notification, Gate, SmtpSink, PASSWORD};

#[tokio::test]
async fn each_event_is_told_by_a_file_by_default() {
    let gate = Gate::start().await;
    let b = gate.browser();
    b.password("alice", PASSWORD, "/").await;
    let (secret, done) = b.enrol("/", true).await;
    let codes = backup_codes_from(&done.body);
    let all = wait_for_notification(&gate, "Two-factor authentication is now on").await;
    assert!(all.contains("To: alice@example.com") && all.contains("Browser: Firefox 132 (Linux)"), "{all}");
    wait_for_notification(&gate, "A device was trusted").await;

    let again = gate.browser();
    again.password("alice", PASSWORD, "/").await;
    again.post("/.portcullis/recover", &[("code", &codes[0]), ("rd", "/")]).await;
    wait_for_notification(&gate, "9 unused codes remain").await;
    again.post("/.portcullis/backup-codes", &[("code", &code(&secret, 1))]).await;
    wait_for_notification(&gate, "You have new backup codes").await;

    let (ok, out) = gate.cli(&["user", "reset-2fa", "alice"]);
    assert!(ok && out.contains("An email tells them"), "{out}");
    wait_for_notification(&gate, "An administrator reset your two-factor authentication").await;

    // bob has no address: nothing is sent, and the log says so.
    gate.browser().sign_up("bob").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !gate.log().contains("no email address") {
        assert!(Instant::now() < deadline, "{}", gate.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn smtp_delivery_is_retried_until_the_server_takes_it() {
    let port = free_port();
    let top = format!("notifications:\n  from: Gate <gate@example.com>\n  smtp: {{ host: 127.0.0.1, port: {port}, security: none }}\n");
    let gate = Gate::start_with_top(crate::harness::DEFAULT_RULES, &top).await;
    gate.browser().sign_up("alice").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    while !gate.log().contains("notification not sent, will retry") {
        assert!(Instant::now() < deadline, "no failed attempt logged:\n{}", gate.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sink = SmtpSink::start(port).await;
    let message = sink.wait_for("Two-factor authentication is now on", 30).await;
    for needle in ["From: Gate <gate@example.com>", "To: alice@example.com", "Hello Alice Example"] {
        assert!(message.contains(needle), "{needle} not in:\n{message}");
    }
}
