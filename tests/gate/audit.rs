//! The audit trail: every security event once, with its fields and no secret, in the sink
//! (reopened on SIGHUP) and in the store for `portcullis audit`.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{backup_codes_from, code, secret_from, wrong, Browser, Gate, PASSWORD};

const PAYMENTS: &str = "    rules:\n      - { path: \"^/payments/\", action: two_factor, step_up: { max_age: 5m, factor: payments } }\n    default: two_factor\n";

fn events(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON object per line: {l:?}: {e}"))).collect()
}

fn named<'a>(all: &'a [Value], event: &str) -> Vec<&'a Value> {
    all.iter().filter(|e| e["event"] == event).collect()
}

/// Waits until the sink at `path` holds an event named `event`.
async fn written(path: &std::path::Path, event: &str) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let all = events(&std::fs::read_to_string(path).unwrap_or_default());
        if !named(&all, event).is_empty() {
            return all;
        }
        assert!(Instant::now() < deadline, "no {event} in {}", path.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn every_security_event_is_written_once_with_its_fields_and_no_secret() {
    let gate = Gate::start_with_top(PAYMENTS, "factors:\n  payments: {}\naudit: { file: \"{dir}/audit.jsonl\" }\n").await;
    let sink = gate.dir.path().join("audit.jsonl");
    let mut secrets = vec![PASSWORD.to_string()];

    // Enrolment, trusting this browser: enrolled, signed in, device trusted.
    let b = gate.browser();
    b.password("alice", PASSWORD, "/").await;
    let (secret, done) = b.enrol("/", true).await;
    let backup = backup_codes_from(&done.body);
    secrets.extend([code(&secret, 0), code(&secret, 1)]);
    secrets.extend(backup.iter().cloned());

    // A separate factor, proven with the current code; a wrong step-up code, then the right one.
    let enrol = b.get(&b.get("/payments/x").await.location.expect("step-up")).await.location.expect("enrolment");
    let pay_secret = secret_from(&b.get(&enrol).await.body);
    secrets.extend([code(&pay_secret, 0), code(&pay_secret, 1)]);
    let proof = [("factor", "payments"), ("rd", "/payments/x"), ("proof", &code(&secret, 1)), ("code", &code(&pay_secret, 0))];
    assert_eq!(b.shown(b.post("/.portcullis/factor", &proof).await).await.status, 200);
    let c = gate.browser();
    c.password("alice", "a wrong password", "/").await;
    secrets.push("a wrong password".into());
    c.password("alice", PASSWORD, "/").await;
    assert_eq!(c.post("/.portcullis/recover", &[("code", &backup[0]), ("rd", "/")]).await.status, 302);
    let step_up = |code: String| {
        let c = &c;
        async move { c.post("/.portcullis/step-up", &[("factor", "payments"), ("rd", "/payments/x"), ("code", &code)]).await }
    };
    assert_eq!(step_up(wrong(&code(&pay_secret, 1)).to_string()).await.status, 401);
    assert_eq!(step_up(code(&pay_secret, 1)).await.status, 302);

    // Guessing until locked, then an admin unlocks.
    // From an address of its own, which stays locked when the admin unlocks the user.
    let d = Browser::new(&gate, "127.0.0.5");
    d.password("alice", PASSWORD, "/").await;
    crate::throttle::guess_until_locked(&[&d], &secret).await;
    assert!(gate.cli(&["user", "unlock", "alice"]).0);

    // New backup codes (proven by a backup code), email codes removed, devices revoked, sign-out.
    b.get("/.portcullis/backup-codes").await;
    let renewed = backup_codes_from(&b.shown(b.post("/.portcullis/backup-codes", &[("code", &backup[1])]).await).await.body);
    assert_eq!(renewed.len(), 10);
    secrets.extend(renewed.iter().cloned());
    b.get("/.portcullis/security").await;
    let removed = b.post("/.portcullis/security", &[("do", "remove"), ("method", "email"), ("code", &renewed[0])]).await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    b.get("/.portcullis/devices").await;
    b.post("/.portcullis/devices", &[("action", "revoke-all")]).await;
    let session = b.cookie("portcullis_session").expect("a session");
    secrets.push(session);
    b.sign_out().await;
    gate.browser().password("bob", "not bob's", "/").await;
    assert!(gate.cli(&["user", "reset-2fa", "alice"]).0);

    // Log rotation: the file moved away, SIGHUP reopens it; the reload is written to the new one.
    let rotated = gate.dir.path().join("audit.jsonl.1");
    std::fs::rename(&sink, &rotated).expect("rotate");
    gate.hangup();
    let after = written(&sink, "config_reload").await;
    assert_eq!(after.len(), 1, "only what came after the rotation: {after:?}");
    let before = events(&std::fs::read_to_string(&rotated).expect("rotated"));

    let all: Vec<Value> = before.into_iter().chain(after).collect();
    for (event, times) in [
        ("enrolled", 1),
        ("device_trusted", 1),
        ("method_added", 1),
        ("backup_code_used", 1),
        ("step_up_failed", 1),
        ("step_up", 2), // setting up the factor steps up too
        ("lockout", 1),
        ("unlock", 1),
        ("backup_codes_made", 1),
        ("method_removed", 1),
        ("device_revoked", 1),
        ("sign_out", 1),
        ("admin_reset", 1),
        ("config_reload", 1),
    ] {
        assert_eq!(named(&all, event).len(), times, "{event}: {all:#?}");
    }
    let sign_ins: Vec<&str> = named(&all, "sign_in").iter().map(|e| e["factor"].as_str().expect("factor")).collect();
    assert_eq!(sign_ins, ["totp", "backup_code"], "{all:#?}");
    let failed = named(&all, "sign_in_failed");
    let wrong_password = failed.iter().find(|e| e["factor"] == "password" && e["user"] == "alice").expect("alice's wrong password");
    assert_eq!(wrong_password["detail"], "wrong username or password");
    assert!(failed.iter().any(|e| e["user"] == "bob"), "{failed:#?}");
    assert!(failed.iter().filter(|e| e["factor"] == "totp").count() >= 3, "{failed:#?}");
    for e in named(&all, "sign_in").into_iter().chain(named(&all, "step_up")) {
        assert_eq!((e["site"].as_str(), e["ip"].as_str()), (Some("app.localhost"), Some("127.0.0.1")), "{e}");
        assert!(e["browser"].as_str().is_some_and(|b| b.contains("Firefox")), "{e}");
        assert!(e["session"].as_str().is_some_and(|s| s.len() == 16), "a session reference: {e}");
        assert!(e["time"].as_str().is_some_and(|t| t.ends_with('Z')), "{e}");
    }
    assert_eq!(named(&all, "step_up")[0]["factor"], "payments");

    let (ok, trail) = gate.cli(&["audit", "--json"]);
    assert!(ok, "{trail}");
    assert_eq!(events(&trail).len(), all.len(), "the store keeps what the sink was given");
    let text = std::fs::read_to_string(&rotated).expect("rotated") + &std::fs::read_to_string(&sink).expect("sink") + &trail;
    for secret in &secrets {
        assert!(!text.contains(secret.as_str()), "a secret in the audit trail: {secret}");
    }
}

#[tokio::test]
async fn portcullis_audit_filters_by_user_and_time() {
    let gate = Gate::start_with_top(crate::harness::DEFAULT_RULES, "audit: { stderr: true, retention: 30d }\n").await;
    gate.browser().password("alice", "wrong", "/").await;
    gate.browser().password("bob", "wrong", "/").await;
    gate.browser().password("carol\u{1b}[2J", "wrong", "/").await;
    let (ok, alice) = gate.cli(&["audit", "--user", "alice"]);
    assert!(ok, "{alice}");
    assert!(alice.starts_with("TIME") && alice.contains("sign_in_failed") && alice.contains("alice"), "{alice}");
    assert!(!alice.contains("bob"), "{alice}");
    let (_, everyone) = gate.cli(&["audit"]);
    assert_eq!(everyone.lines().count(), 4, "a heading and three events: {everyone}");
    assert!(!everyone.contains('\u{1b}'), "what a name typed cannot reach the terminal: {everyone}");
    let (_, json) = gate.cli(&["audit", "--since", "1h", "--json", "--limit", "2"]);
    assert_eq!(
        events(&json).iter().map(|e| e["user"].as_str().unwrap_or_default().to_string()).collect::<Vec<_>>()[0],
        "bob",
        "the newest two: {json}"
    );
    assert!(gate.log().contains(r#""event":"sign_in_failed","user":"bob""#), "the sink on stderr: {}", gate.log());
    let (ok, bad) = gate.cli(&["audit", "--since", "yesterday"]);
    assert!(!ok && bad.contains("--since"), "{bad}");
}
