//! `portcullis user …` on the store of a running gate.

use crate::harness::{Gate, PASSWORD};

fn user(gate: &Gate, args: &[&str]) -> (bool, String) {
    gate.cli(&[&["user"], args].concat())
}

#[tokio::test]
async fn admins_list_show_and_reset_users() {
    let mut gate = Gate::start().await;
    let b = gate.browser();
    b.sign_up("alice").await;

    let (ok, list) = user(&gate, &["list"]);
    assert!(ok, "{list}");
    let line = |name: &str| list.lines().find(|l| l.starts_with(name)).unwrap_or_default().to_string();
    assert!(line("alice").contains("since 20") && line("alice").contains(" 1 "), "{list}");
    assert!(line("bob").contains("not enrolled"), "{list}");

    let (ok, show) = user(&gate, &["show", "alice"]);
    assert!(ok && show.contains("Alice Example") && show.contains("staff, admins"), "{show}");
    let (ok, missing) = user(&gate, &["show", "mallory"]);
    assert!(!ok && missing.contains("mallory: no such user"), "{missing}");

    let (ok, reset) = user(&gate, &["reset-2fa", "alice"]);
    assert!(ok && reset.contains("authenticator and backup codes removed") && reset.contains("1 session(s) ended"), "{reset}");
    // The next sign-in enrols again; after the gate's cache is gone, so is the old session.
    let c = gate.browser();
    assert_eq!(c.password("alice", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/enrol?rd=%2F"));
    gate.restart();
    assert_eq!(b.get("/").await.status, 302, "the old session was ended");
    assert!(user(&gate, &["list"]).1.lines().any(|l| l.starts_with("alice") && l.contains("not enrolled")));
}
