//! `portcullis explain` on a policy with a step-up, countries, bypass and deny rules, and
//! `check`'s warnings about rules that can never match.

use std::process::Command;

use crate::harness::{geo_databases, Gate, PASSWORD};

const RULES: &str = r#"
    rules:
      - { path: "^/public/", action: bypass }
      - { path: "^/pay/", methods: [POST], action: two_factor, step_up: { max_age: 5m, factor: payments } }
      - { path: "^/eu/", countries: [DE, FR], action: two_factor, trusted_devices: false }
      - { path: "^/eu/", action: deny }
      - { path: "^/eu/", methods: [GET], action: bypass }
    default: two_factor
"#;

/// The explanation and the exit status.
fn explain(gate: &Gate, args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .arg("explain")
        .args(args)
        .arg("--config")
        .arg(gate.config_path())
        .output()
        .expect("run explain");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (text, out.status.code().expect("an exit status"))
}

fn has_all(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
}

#[tokio::test]
async fn explain_names_the_rules_the_action_and_what_a_user_is_asked() {
    let geo = tempfile::tempdir().expect("tempdir");
    let top = format!("{}factors:\n  payments: {{}}\n", geo_databases(geo.path()));
    let gate = Gate::start_with_top(RULES, &top).await;
    let url = |path: &str| format!("http://app.localhost{path}");

    let (text, status) = explain(&gate, &["--url", &url("/public/../pay/x"), "--method", "post", "--ip", "203.0.113.9", "--user", "alice"]);
    assert_eq!(status, 4, "{text}");
    has_all(
        &text,
        &[
            "request: POST /pay/x (the path as the rules judge it) from 203.0.113.9, country unknown to the GeoIP database",
            "rules[0]: path matches \"^/public/\" — no",
            "rules[1]: path matches \"^/pay/\" — yes; method is one of POST — yes → two_factor with a step-up (a code at most 5 minutes old, of the separate factor `payments`)",
            "(the rules after it are not considered)",
            "a code at most 5 minutes old, of the separate factor `payments`; a trusted device is not accepted",
            "alice would be asked for: their password; to set up an authenticator app (their first sign-in); then to set up `payments`",
        ],
    );
    assert!(!text.contains("rules[2]"), "{text}");

    let (text, status) = explain(&gate, &["--url", &url("/pay/x"), "--method", "GET", "--ip", "203.0.113.9"]);
    assert_eq!(status, 3, "{text}");
    has_all(&text, &["method is one of POST — no", "no rule matches → the default, two_factor", "a trusted device may stand in"]);

    let (text, status) = explain(&gate, &["--url", &url("/eu/x"), "--ip", "127.0.0.1"]);
    assert_eq!(status, 3, "{text}");
    has_all(&text, &["country DE (GeoIP)", "country is one of DE, FR — yes → two_factor, trusted devices not accepted"]);
    let (text, status) = explain(&gate, &["--url", &url("/eu/x"), "--ip", "127.0.0.1", "--country", "us"]);
    assert_eq!(status, 5, "{text}");
    has_all(
        &text,
        &["country US (given)", "country is one of DE, FR — no", "rules[3]: path matches \"^/eu/\" — yes → deny", "refused with 403"],
    );
    let (text, status) = explain(&gate, &["--url", &url("/public/x"), "--ip", "127.0.0.1", "--user", "alice"]);
    assert_eq!(status, 0, "{text}");
    has_all(&text, &["→ bypass", "forwarded without a session", "alice: nothing is asked of anyone here"]);

    let (text, status) = explain(&gate, &["--url", &url("/a%2Fb"), "--ip", "127.0.0.1"]);
    assert_eq!(status, 6, "{text}");
    assert!(text.contains("refused with 400"), "{text}");
    let (text, status) = explain(&gate, &["--url", "http://nowhere.example/", "--ip", "127.0.0.1"]);
    assert_eq!((status, text.contains("no site serves nowhere.example")), (6, true), "{text}");
    let (text, status) = explain(&gate, &["--url", &url("/"), "--ip", "127.0.0.1", "--country", "Germany"]);
    assert_eq!((status, text.contains("--country")), (1, true), "{text}");

    // Once enrolled, and locked out, alice is told so.
    let b = gate.browser();
    let secret = b.sign_up("alice").await;
    let stranger = gate.browser();
    stranger.password("alice", PASSWORD, "/").await;
    crate::throttle::guess_until_locked(&[&stranger], &secret).await;
    let (text, _) = explain(&gate, &["--url", &url("/x"), "--ip", "127.0.0.1", "--user", "alice"]);
    has_all(&text, &["alice: locked out until", "their authenticator app's code, or one of their 10 backup codes"]);
    let (text, _) = explain(&gate, &["--url", &url("/x"), "--ip", "127.0.0.1", "--user", "mallory"]);
    has_all(&text, &["mallory: not in the users file"]);
}

#[tokio::test]
async fn check_warns_of_rules_that_can_never_match() {
    let rules = "    rules:\n      - { path: \"^/who/\", users: [alice, mallory], groups: [admins, auditors], action: two_factor }\n      - { path: \"^/admin/\", action: deny }\n      - { path: \"^/admin/\", methods: [GET], action: bypass }\n      - { path: \"^/\", action: two_factor }\n      - { path: \"^/late/\", action: bypass }\n    default: deny\n";
    let gate = Gate::start_with(rules).await;
    let (ok, out) = gate.cli(&["check"]);
    assert!(ok, "warnings do not fail the check: {out}");
    has_all(
        &out,
        &[
            "warning: site app.localhost: rules[2] can never match: rules[1] matches every request it would",
            "warning: site app.localhost: rules[4] can never match: rules[3]",
            "warning: site app.localhost: rules[0] names the user mallory, who is not in the users file",
            "warning: site app.localhost: rules[0] names the group auditors, which no user is in",
            "so its `default` is never used",
        ],
    );
    let (_, clean) = Gate::start().await.cli(&["check"]);
    assert!(!clean.contains("warning"), "{clean}");
}

#[tokio::test]
async fn explain_says_where_a_passkey_is_wanted() {
    let rules = "    rules:\n      - { path: \"^/keys/\", action: two_factor, second_factor: [webauthn] }\n      - { path: \"^/pay/\", action: two_factor, step_up: { max_age: 5m, methods: [webauthn] } }\n    default: two_factor\n";
    let gate = Gate::start_with(rules).await;
    let b = gate.browser();
    b.sign_up("alice").await;
    let url = |path: &str| format!("http://app.localhost{path}");

    let (text, status) = explain(&gate, &["--url", &url("/keys/x"), "--ip", "203.0.113.9", "--user", "alice"]);
    assert_eq!(status, 3, "{text}");
    has_all(
        &text,
        &[
            "→ two_factor by a passkey or security key only",
            "a session needs: the password and a passkey or security key (no code, no trusted device)",
            "alice would be asked for: their password; a passkey or security key, which they have not set up: they add one on their security page first",
        ],
    );
    let (text, status) = explain(&gate, &["--url", &url("/pay/x"), "--ip", "203.0.113.9", "--user", "alice"]);
    assert_eq!(status, 4, "{text}");
    has_all(
        &text,
        &["a code at most 5 minutes old, of the sign-in's authenticator, by a passkey or security key; a trusted device is not accepted"],
    );
    let (text, _) = explain(&gate, &["--url", &url("/"), "--ip", "203.0.113.9", "--user", "alice"]);
    has_all(&text, &["alice would be asked for: their password; their authenticator app's code, or one of their 10 backup codes"]);
}
