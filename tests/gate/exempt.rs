//! `two_factor: exempt` on a user: the password alone signs them in (a one-factor session),
//! said so to the app, warned by `check`, shown by `user list`; a step-up still wants a
//! code, and taking the exemption away ends the sessions it gave.

use crate::harness::{code, password_hash, until, Browser, Gate, PASSWORD};

const RULES: &str = "    rules:\n      - { path: \"^/pay/\", action: two_factor, step_up: { max_age: 5m } }\n    default: two_factor\n";

/// Writes the users file with alice, bob and the service account `svc`, exempt or not.
fn write_users(gate: &Gate, exempt: bool) {
    gate.write_users(&[]);
    let mut users = std::fs::read_to_string(gate.users_path()).expect("users");
    users.push_str(&format!("  svc:\n    password: \"{}\"\n", password_hash()));
    if exempt {
        users.push_str("    two_factor: exempt\n");
    }
    std::fs::write(gate.users_path(), users).expect("users");
}

#[tokio::test]
async fn an_exempt_user_signs_in_with_the_password_alone() {
    let gate = Gate::start_with(RULES).await;
    write_users(&gate, true);
    let svc = gate.browser();
    // The log, not svc's password: each try before the reload would count against the name.
    until(&gate, "svc's exemption", async || gate.log().contains("configuration reloaded")).await;
    assert_eq!(svc.password("svc", PASSWORD, "/x").await.location.as_deref(), Some("/x"));
    let echo = svc.echo("/x").await;
    assert_eq!(echo.header("remote-user").as_deref(), Some("svc"));
    assert_eq!(echo.header("remote-auth-via").as_deref(), Some("password"), "the app is told no second factor was given");
    assert_eq!(echo.header("remote-auth-time"), None);
    let pay = svc.get("/pay/x").await;
    assert_ne!(pay.status, 200, "a step-up wants a code, which the password is not");
    assert!(gate.take_received().iter().all(|r| !r.target.starts_with("/pay/")), "a step-up path reached the app");
    // Others still need their code.
    let alice = gate.browser();
    assert_eq!(alice.password("alice", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/enrol?rd=%2F"));

    let (ok, out) = gate.cli(&["check"]);
    assert!(ok && out.contains("warning: user svc: exempt from two-factor"), "{out}");
    let (ok, out) = gate.cli(&["user", "list"]);
    assert!(ok && out.lines().any(|l| l.starts_with("svc ") && l.contains("exempt")), "{out}");

    // Without the exemption, the session it gave ends, and the next sign-in enrols.
    write_users(&gate, false);
    until(&gate, "the end of svc's one-factor session", async || svc.get("/x").await.status == 302).await;
    assert_eq!(svc.password("svc", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/enrol?rd=%2F"));
}

/// `one_factor` rules: the password alone opens them (the sign-in for one ends there, with
/// no code and no enrolment), the app is told so; a page wanting two factors asks again.
#[tokio::test]
async fn a_one_factor_rule_takes_the_password_alone() {
    let rules = "    rules:\n      - { path: \"^/wiki/\", action: one_factor }\n    default: two_factor\n";
    let gate = Gate::start_with(rules).await;
    let alice = gate.browser();
    let secret = alice.sign_up("alice").await;
    alice.sign_out().await;

    let anonymous = gate.browser();
    assert_eq!(anonymous.get("/wiki/page").await.location.as_deref(), Some("/.portcullis/login?rd=%2Fwiki%2Fpage"));
    let page = alice.password("alice", PASSWORD, "/wiki/page").await;
    assert_eq!(page.location.as_deref(), Some("/wiki/page"), "no code for a one-factor page: {}", page.body);
    let echo = alice.echo("/wiki/page").await;
    assert_eq!((echo.header("remote-user").as_deref(), echo.header("remote-auth-via").as_deref()), (Some("alice"), Some("password")));
    // A one-factor session never passes a two-factor rule.
    assert_eq!(alice.get("/x").await.location.as_deref(), Some("/.portcullis/login?rd=%2Fx"));
    assert!(gate.take_received().iter().all(|r| r.target != "/x"));
    let done = alice.sign_in("alice", &secret, 1).await;
    assert_eq!(done.status, 302, "{}", done.body);
    assert_eq!(alice.echo("/x").await.header("remote-auth-via").as_deref(), Some("code"));
    assert_eq!(alice.echo("/wiki/page").await.header("remote-auth-via").as_deref(), Some("code"), "two factors open one-factor pages");

    // Wrong codes stay counted across one-factor sign-ins, which forgive nothing.
    let guesser = Browser::new(&gate, "127.0.0.5");
    guesser.password("alice", PASSWORD, "/wiki/a").await;
    for _ in 0..3 {
        let page = guesser.post("/.portcullis/challenge", &[("code", crate::harness::wrong(&code(&secret, 0))), ("rd", "/")]).await;
        assert_eq!(page.status, 401, "{}", page.body);
    }
    let again = guesser.password("alice", PASSWORD, "/wiki/b").await;
    assert_eq!(again.location.as_deref(), Some("/wiki/b"), "{} {}", again.status, again.body);
    let (_, tries) = crate::throttle::guess_until_locked(&[&guesser], &secret).await;
    assert!(tries <= 2, "the count began again after a password-only sign-in: locked after {tries} more");

    // Someone who never enrolled is not made to, for a one-factor page.
    let bob = Browser::new(&gate, "127.0.0.6");
    assert_eq!(bob.password("bob", PASSWORD, "/wiki/b").await.location.as_deref(), Some("/wiki/b"));
    let (_, out) = gate.cli(&["explain", "--ip", "127.0.0.1", "--url", "http://app.localhost/wiki/b"]);
    assert!(out.contains("one_factor") && out.contains("no second factor"), "{out}");
}

/// The gate's own pages want a whole sign-in even where every path is `one_factor`, or a
/// sign-in for the security page would end one-factor and loop back to the login.
#[tokio::test]
async fn the_portal_pages_want_two_factors_whatever_the_rules() {
    let gate = Gate::start_with("    rules:\n      - { path: \"^/\", action: one_factor }\n    default: two_factor\n").await;
    let page = gate.browser().password("alice", PASSWORD, "/.portcullis/security").await;
    assert_eq!(page.location.as_deref(), Some("/.portcullis/enrol?rd=%2F.portcullis%2Fsecurity"), "{}", page.body);
}
