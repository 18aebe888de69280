//! Backup codes: shown at enrolment (again on a reload, until saved), each works once (also
//! when raced), a new set kills the old, only keyed hashes at rest, wrong ones throttled like
//! any code.

use crate::harness::{backup_codes_from, code, Browser, Gate, PASSWORD};

/// Signs alice up and returns her authenticator secret and backup codes.
pub(crate) async fn enrolled(gate: &Gate) -> (Browser, Vec<u8>, Vec<String>) {
    let b = gate.browser();
    b.password("alice", PASSWORD, "/").await;
    let (secret, done) = b.enrol("/", false).await;
    assert!(done.body.contains("Download as a text file") && done.body.contains("data-print"), "{}", done.body);
    (b, secret, backup_codes_from(&done.body))
}

/// A browser past alice's password, at the backup-code page.
pub(crate) async fn at_recover(gate: &Gate) -> Browser {
    let b = gate.browser();
    let page = b.password("alice", PASSWORD, "/").await;
    assert_eq!(page.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"));
    let challenge = b.get("/.portcullis/challenge?rd=%2F").await;
    assert!(challenge.body.contains("/.portcullis/recover?rd="), "the challenge offers backup codes");
    assert_eq!(b.get("/.portcullis/recover?rd=%2F").await.status, 200);
    b
}

pub(crate) async fn recover(b: &Browser, code: &str) -> crate::harness::Page {
    b.post("/.portcullis/recover", &[("code", code), ("rd", "/")]).await
}

#[tokio::test]
async fn each_code_works_once_and_only_hashes_are_stored() {
    let gate = Gate::start().await;
    let (b, _, codes) = enrolled(&gate).await;
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.len() == 9 && c.as_bytes()[4] == b'-'), "{codes:?}");

    let file = b.post("/.portcullis/backup-codes.txt", &codes.iter().map(|c| ("code", c.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(file.status, 200);
    assert!(codes.iter().all(|c| file.body.contains(c.as_str())), "{}", file.body);

    let first = at_recover(&gate).await;
    assert_eq!(recover(&first, &codes[0].to_uppercase()).await.location.as_deref(), Some("/"), "typed in capitals");
    assert_eq!(first.echo("/").await.header("remote-user").as_deref(), Some("alice"));
    let again = at_recover(&gate).await;
    let reused = recover(&again, &codes[0]).await;
    assert_eq!(reused.status, 401);
    assert!(reused.body.contains("used before"), "{}", reused.body);

    // Two browsers race with the same code: exactly one gets in.
    let (x, y) = (at_recover(&gate).await, at_recover(&gate).await);
    let (rx, ry) = tokio::join!(recover(&x, &codes[1]), recover(&y, &codes[1]));
    let mut statuses = [rx.status, ry.status];
    statuses.sort();
    assert_eq!(statuses, [302, 401]);

    let data = gate.data_dir().join("data");
    let mut stored = Vec::new();
    for name in ["portcullis.db", "portcullis.db-wal"] {
        stored.extend(std::fs::read(data.join(name)).unwrap_or_default());
    }
    assert!(stored.len() > 4096, "the store was read");
    for c in &codes {
        for form in [c.clone(), c.replace('-', "")] {
            assert!(!stored.windows(form.len()).any(|w| w == form.as_bytes()), "{form} is in the database file");
        }
    }
}

#[tokio::test]
async fn a_new_set_needs_a_current_code_and_kills_the_old_one() {
    let gate = Gate::start().await;
    let (b, secret, old) = enrolled(&gate).await;
    let page = b.get("/.portcullis/backup-codes").await;
    assert!(page.body.contains("<strong>10</strong> unused"), "{}", page.body);
    let refused = b.post("/.portcullis/backup-codes", &[("code", "000000")]).await;
    assert_eq!(refused.status, 401);
    assert!(backup_codes_from(&refused.body).is_empty());

    let made = b.shown(b.post("/.portcullis/backup-codes", &[("code", &code(&secret, 1))]).await).await;
    assert_eq!(made.status, 200, "{}", made.body);
    let new = backup_codes_from(&made.body);
    assert_eq!(new.len(), 10);
    assert!(new.iter().all(|c| !old.contains(c)));
    assert_eq!(recover(&at_recover(&gate).await, &old[2]).await.status, 401, "the old set is dead");
    // A backup code of the new set can confirm the next set too.
    let again = b.shown(b.post("/.portcullis/backup-codes", &[("code", &new[0])]).await).await;
    assert_eq!(backup_codes_from(&again.body).len(), 10, "{}", again.body);
    assert_eq!(recover(&at_recover(&gate).await, &new[1]).await.status, 401);

    let (ok, out) = gate.cli(&["user", "reset-2fa", "alice"]);
    assert!(ok, "{out}");
    let (_, show) = gate.cli(&["user", "show", "alice"]);
    assert!(show.contains("backup codes:  0 unused"), "a reset removes them: {show}");
}

#[tokio::test]
async fn running_low_is_announced() {
    let gate = Gate::start().await;
    let (_, _, codes) = enrolled(&gate).await;
    for (i, c) in codes.iter().enumerate().take(7) {
        let page = recover(&at_recover(&gate).await, c).await;
        let left = 9 - i;
        if left > 3 {
            assert_eq!(page.status, 302, "{left} left");
        } else {
            assert_eq!(page.status, 200);
            assert!(page.body.contains(&format!("You have {left} backup codes left")), "{}", page.body);
            assert!(page.set_cookie.iter().any(|c| c.starts_with("portcullis_session=")), "signed in all the same");
        }
    }
}

#[tokio::test]
async fn wrong_backup_codes_count_towards_the_lockout() {
    let gate = Gate::start().await;
    let (_, _, codes) = enrolled(&gate).await;
    let b = at_recover(&gate).await;
    let statuses: Vec<u16> = {
        let mut s = Vec::new();
        for _ in 0..5 {
            s.push(recover(&b, "zzzz-zzzz").await.status);
        }
        s
    };
    assert_eq!(statuses, [401, 401, 401, 401, 429], "locked at the fifth wrong code");
    assert_eq!(recover(&b, &codes[0]).await.status, 429, "even a right code waits");
    let challenge = b.post("/.portcullis/challenge", &[("code", "123456"), ("rd", "/")]).await;
    assert_eq!(challenge.status, 429, "the same lock covers the authenticator");
}

#[tokio::test]
async fn new_codes_survive_a_reload_until_saved_and_only_for_their_user() {
    let gate = Gate::start().await;
    let b = gate.browser();
    b.password("alice", PASSWORD, "/x").await;
    let page = b.get("/.portcullis/enrol?rd=%2Fx").await;
    let secret = crate::harness::secret_from(&page.body);
    let made = b.post("/.portcullis/enrol", &[("code", &code(&secret, 0)), ("rd", "/x")]).await;
    let link = made.location.clone().expect("post, then redirect, then get");
    assert_eq!(link, "/.portcullis/backup-codes/new?rd=%2Fx", "the address holds no key: a cookie of this browser does");
    assert!(
        made.set_cookie.iter().any(|c| c.starts_with("portcullis_codes=") && c.contains("HttpOnly") && c.contains("Max-Age=600")),
        "{:?}",
        made.set_cookie
    );
    let first = backup_codes_from(&b.get(&link).await.body);
    assert_eq!(first.len(), 10);
    assert_eq!(backup_codes_from(&b.get(&link).await.body), first, "a reload shows the same codes");

    // alice in another browser, signed in, sees nothing of them; nor does someone else.
    let elsewhere = gate.browser();
    elsewhere.sign_in("alice", &secret, 1).await;
    let there = elsewhere.get(&link).await;
    assert!(there.status == 410 && backup_codes_from(&there.body).is_empty() && there.body.contains("no longer shown"), "{}", there.body);
    let bob = gate.browser();
    bob.sign_up("bob").await;
    let theirs = backup_codes_from(&bob.get(&link).await.body);
    assert!(theirs.len() == 10 && theirs.iter().all(|c| !first.contains(c)), "bob sees his own new codes, never alice's");
    assert_eq!(gate.browser().get(&link).await.location.as_deref(), Some("/.portcullis/login?rd=%2F"), "nor does no one");

    let saved = b.post("/.portcullis/backup-codes/saved", &[("rd", "/x")]).await;
    assert_eq!(saved.location.as_deref(), Some("/x"));
    assert!(saved.set_cookie.iter().any(|c| c.starts_with("portcullis_codes=;")), "its key is cleared: {:?}", saved.set_cookie);
    let gone = b.get(&link).await;
    assert!(gone.status == 410 && backup_codes_from(&gone.body).is_empty(), "saved: shown no more: {}", gone.body);
    assert!(gone.body.contains("href=\"/.portcullis/backup-codes\""), "the way to a new set: {}", gone.body);
    let data = gate.data_dir().join("data");
    let stored =
        [std::fs::read(data.join("portcullis.db")).expect("db"), std::fs::read(data.join("portcullis.db-wal")).unwrap_or_default()]
            .concat();
    assert!(!first.iter().any(|c| stored.windows(c.len()).any(|w| w == c.as_bytes())), "never stored in the clear");
}
