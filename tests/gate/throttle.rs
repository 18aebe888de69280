//! Guessing is limited per user and per client address, persists across restarts, and only
//! an admin lifts the lock early.

use std::process::Command;

use crate::harness::{code, Browser, Gate, PASSWORD};

fn wrong(secret: &[u8]) -> String {
    let right: u32 = code(secret, 0).parse().expect("digits");
    let next: u32 = code(secret, 1).parse().expect("digits");
    let prev: u32 = code(secret, -1).parse().expect("digits");
    (0..).map(|i| (right + 500_000 + i) % 1_000_000).find(|c| *c != next && *c != prev).map(|c| format!("{c:06}")).expect("a wrong code")
}

/// Wrong codes from each browser in turn (each past the password) until one is refused
/// with 429; that page, and how many guesses it took. Every refusal before is a 401.
pub(crate) async fn guess_until_locked(browsers: &[&Browser], secret: &[u8]) -> (crate::harness::Page, usize) {
    for tries in 1..=20 {
        let page = browsers[tries % browsers.len()].post("/.portcullis/challenge", &[("code", &wrong(secret)), ("rd", "/")]).await;
        if page.status == 429 {
            return (page, tries);
        }
        assert_eq!(page.status, 401);
    }
    panic!("no lockout after 20 wrong codes");
}

#[tokio::test]
async fn code_pages_warn_when_few_tries_are_left() {
    let gate = Gate::start().await;
    let secret = gate.browser().sign_up("alice").await;
    let b = gate.browser();
    b.password("alice", PASSWORD, "/").await;
    let said: Vec<String> = {
        let mut said = Vec::new();
        for _ in 0..4 {
            let page = b.post("/.portcullis/challenge", &[("code", &wrong(&secret)), ("rd", "/")]).await;
            assert_eq!(page.status, 401, "{}", page.body);
            said.push(page.body);
        }
        said
    };
    // Five failures lock: the third and the fourth warn.
    assert!(!said[1].contains("left before sign-in pauses"), "{}", said[1]);
    assert!(said[2].contains("2 tries left before sign-in pauses for a while."), "{}", said[2]);
    assert!(said[3].contains("One try left before sign-in pauses for a while."), "{}", said[3]);
    let recover = b.post("/.portcullis/recover", &[("code", "aaaa-aaaa"), ("rd", "/")]).await;
    assert_eq!(recover.status, 429, "backup codes count against the same tries: {}", recover.body);
}

#[tokio::test]
async fn the_warning_names_the_lasting_lock_when_it_comes_first() {
    let gate = Gate::start_with_top("", "regulation: { max_consecutive: 3 }\n").await;
    let b = gate.browser();
    let first = b.password("alice", "not the password", "/").await;
    assert!(first.body.contains("2 tries left before sign-in is locked until an administrator unlocks it."), "{}", first.body);
    let second = b.post("/.portcullis/login", &[("username", "alice"), ("password", "nope"), ("rd", "/")]).await;
    assert!(second.body.contains("One try left before sign-in is locked until an administrator unlocks it."), "{}", second.body);
    let third = b.post("/.portcullis/login", &[("username", "alice"), ("password", "nope"), ("rd", "/")]).await;
    assert!(third.status == 429 && third.body.contains("Ask your administrator to unlock it"), "{}", third.body);
}

#[tokio::test]
async fn guessing_codes_hits_the_lockout_which_outlives_a_restart() {
    let mut gate = Gate::start().await;
    let secret = gate.browser().sign_up("alice").await;
    let b = gate.browser();
    b.password("alice", PASSWORD, "/").await;
    let (locked, tries) = guess_until_locked(&[&b], &secret).await;
    assert!(tries <= 5, "locked only after {tries} guesses");
    assert!(locked.body.contains("Try again in"), "{}", locked.body);
    let right = code(&secret, 1);
    assert_eq!(b.post("/.portcullis/challenge", &[("code", &right), ("rd", "/")]).await.status, 429, "even the right code waits");

    gate.restart();
    let c = gate.browser();
    assert_eq!(c.password("alice", PASSWORD, "/").await.status, 429, "the lock survives a restart");

    let out = Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(["user", "unlock", "alice", "--config"])
        .arg(gate.config_path())
        .output()
        .expect("unlock");
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("alice: unlocked"), "{out:?}");
    // The address 127.0.0.1 stays locked; alice from elsewhere gets in.
    let elsewhere = Browser::new(&gate, "127.0.0.3");
    assert_eq!(elsewhere.sign_in("alice", &secret, 1).await.status, 302);
}

#[tokio::test]
async fn password_guessing_locks_the_address_whatever_it_claims_in_x_forwarded_for() {
    let gate = Gate::start().await;
    let attacker = Browser::new(&gate, "127.0.0.2");
    attacker.get("/.portcullis/login").await;
    let csrf = attacker.csrf();
    let mut lock_pages = Vec::new();
    for i in 0..7 {
        let user = if i % 2 == 0 { "alice".to_string() } else { format!("ghost{i}") };
        let resp = attacker
            .client
            .post(gate.url("/.portcullis/login"))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .form(&[("username", user.as_str()), ("password", "guess"), ("rd", "/"), ("csrf", csrf.as_str())])
            .send()
            .await
            .expect("post");
        if resp.status() == 429 {
            lock_pages.push(resp.text().await.expect("body").replace(&user, "USER"));
        }
    }
    assert_eq!(lock_pages.len(), 3, "locked at the fifth failure, i.e. from the fifth attempt on");
    assert_eq!(lock_pages[0], lock_pages[1], "a known and an unknown user see the same lock page");
    assert_eq!(lock_pages[1], lock_pages[2]);
    assert_eq!(attacker.password("bob", PASSWORD, "/").await.status, 429, "the address is locked for everyone");
    assert_eq!(gate.browser().password("bob", PASSWORD, "/").await.status, 302, "other addresses are not");
}

#[tokio::test]
async fn a_wrong_password_warns_when_a_lockout_is_near_and_the_same_for_a_user_who_does_not_exist() {
    let gate = Gate::start().await;
    for user in ["alice", "nobody-here"] {
        let b = Browser::new(&gate, if user == "alice" { "127.0.0.3" } else { "127.0.0.4" });
        let said: Vec<String> = {
            let mut said = Vec::new();
            for _ in 0..5 {
                let page = b.password(user, "not the password", "/").await;
                let warning = ["2 tries left", "One try left"].into_iter().find(|w| page.body.contains(w));
                said.push(format!("{} {}", page.status, warning.unwrap_or("-")));
            }
            said
        };
        assert_eq!(said, ["401 -", "401 -", "401 2 tries left", "401 One try left", "429 -"], "{user}");
    }
}
