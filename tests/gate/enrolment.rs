//! Enrolment policies per site: `{ grace: … }` lets users without a second factor put it off
//! until their own deadline (first sign-in + grace, kept in the store, so time is a parameter
//! here: the tests set when a grace began), `optional` lets each user turn it on and off.

use portcullis::store::{SqliteStore, Store};

use crate::harness::{backup_codes_from, code, enc, secret_from, until, Browser, Gate, PASSWORD};

const DAY: i64 = 86_400;

fn grace_site(days: u32) -> String {
    format!("    enrolment: {{ grace: {days}d }}\n    rules:\n      - {{ path: \"^/pay/\", action: two_factor, step_up: {{ max_age: 5m }} }}\n    default: two_factor\n")
}

/// Sets when `user`'s grace began, `ago` seconds back, as their first sign-in would have.
fn grace_began(gate: &Gate, user: &str, ago: i64) {
    let store = SqliteStore::open(&gate.data_dir().join("data").join("portcullis.db")).expect("store");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64;
    assert_eq!(store.begin_grace(user, now - ago).expect("begin"), now - ago, "{user}'s grace had begun already");
}

/// "Later" on the grace page: signed in with the password alone.
async fn later(browser: &Browser, rd: &str) -> crate::harness::Page {
    let page = browser.get(&format!("/.portcullis/grace?rd={}", enc(rd))).await;
    assert_eq!(page.status, 200, "{}", page.body);
    browser.post("/.portcullis/grace", &[("rd", rd)]).await
}

#[tokio::test]
async fn a_grace_puts_enrolment_off_until_each_users_deadline() {
    let gate = Gate::start_with(&grace_site(14)).await;
    gate.write_users(&["carol", "dave", "erin"]);
    // The log, not erin's password: each try before the reload would count against her name.
    until(&gate, "the users file", async || gate.log().contains("configuration reloaded")).await;
    // alice signs in for the first time: her 14 days begin.
    let alice = gate.browser();
    let page = alice.password("alice", PASSWORD, "/x").await;
    assert_eq!(page.location.as_deref(), Some("/.portcullis/grace?rd=%2Fx"), "{}", page.body);
    let grace = alice.get("/.portcullis/grace?rd=%2Fx").await;
    assert!(grace.body.contains("Later — 14 days left"), "{}", grace.body);
    assert!(grace.body.contains("href=\"/.portcullis/enrol?rd=%2Fx\""), "set up now: {}", grace.body);
    let done = alice.post("/.portcullis/grace", &[("rd", "/x")]).await;
    assert_eq!(done.location.as_deref(), Some("/x"), "{}", done.body);
    let echo = alice.echo("/x").await;
    assert_eq!((echo.header("remote-user").as_deref(), echo.header("remote-auth-via").as_deref()), (Some("alice"), Some("password")));
    // A step-up still wants a code: it leads to the enrolment, never to the app.
    let pay = alice.get("/pay/1").await;
    assert_eq!(pay.status, 302, "{}", pay.body);
    assert!(gate.take_received().iter().all(|r| !r.target.starts_with("/pay/")), "a step-up path reached the app");
    // Signing in again shows the interstitial again, with the same deadline.
    alice.sign_out().await;
    assert_eq!(alice.password("alice", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/grace?rd=%2F"));
    assert!(alice.get("/.portcullis/grace?rd=%2F").await.body.contains("14 days left"));

    // Time as a parameter: bob's grace began 13 days and an hour ago, carol's 15 days ago.
    grace_began(&gate, "bob", 13 * DAY + 3600);
    grace_began(&gate, "carol", 15 * DAY);
    let bob = gate.browser();
    assert_eq!(bob.password("bob", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/grace?rd=%2F"));
    let grace = bob.get("/.portcullis/grace?rd=%2F").await;
    assert!(grace.body.contains("Later — one day left"), "{}", grace.body);
    let carol = gate.browser();
    let page = carol.password("carol", PASSWORD, "/").await;
    assert_eq!(page.location.as_deref(), Some("/.portcullis/enrol?rd=%2F"), "after the deadline, enrolment is forced");
    assert_eq!(carol.get("/.portcullis/grace?rd=%2F").await.location.as_deref(), Some("/.portcullis/enrol?rd=%2F"));
    let skipped = carol.post("/.portcullis/grace", &[("rd", "/z")]).await;
    assert_eq!(skipped.location.as_deref(), Some("/.portcullis/enrol?rd=%2Fz"), "no way past the deadline");
    assert_eq!(carol.get("/z").await.status, 302);
    assert!(gate.take_received().iter().all(|r| r.target != "/z"), "carol reached the app without a second factor");

    // bob goes on for now; then the grace is shortened to 10 days: his deadline passed, and
    // the session his grace gave stops passing.
    later(&bob, "/").await;
    assert_eq!(bob.echo("/y").await.header("remote-user").as_deref(), Some("bob"));
    let config = std::fs::read_to_string(gate.config_path()).expect("config").replace("grace: 14d", "grace: 10d");
    std::fs::write(gate.config_path(), config).expect("config");
    gate.hangup();
    until(&gate, "the shorter grace", async || bob.get("/y").await.status == 302).await;
    assert_eq!(bob.password("bob", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/enrol?rd=%2F"));
    // alice's grace, begun today, still runs, now with 10 days.
    alice.sign_out().await;
    alice.password("alice", PASSWORD, "/").await;
    assert!(alice.get("/.portcullis/grace?rd=%2F").await.body.contains("Later — 10 days left"));
    let (_, explained) = gate.cli(&["explain", "--url", "http://app.localhost/x", "--ip", "127.0.0.1", "--user", "alice"]);
    assert!(explained.contains("which they may put off until 10 days after their first sign-in"), "{explained}");

    // dave sets it up from the interstitial: from then on a code is owed, and the session his
    // grace gave in another browser ends.
    let dave_elsewhere = gate.browser();
    dave_elsewhere.password("dave", PASSWORD, "/").await;
    later(&dave_elsewhere, "/").await;
    assert_eq!(dave_elsewhere.echo("/").await.header("remote-user").as_deref(), Some("dave"));
    let dave = gate.browser();
    dave.password("dave", PASSWORD, "/").await;
    let (secret, done) = dave.enrol("/", false).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(dave.echo("/").await.header("remote-auth-via").as_deref(), Some("code"));
    assert_eq!(dave_elsewhere.get("/").await.status, 302, "a password-only session outlived the enrolment");
    dave.sign_out().await;
    assert_eq!(dave.password("dave", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"));
    let signed_in = dave.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/")]).await;
    assert_eq!(signed_in.location.as_deref(), Some("/"), "{}", signed_in.body);
}

/// From the grace's session, the security page says two-factor is off until the deadline and
/// offers to turn it on; the enrolment it leads to ends in a whole sign-in.
#[tokio::test]
async fn the_security_page_offers_the_enrolment_during_a_grace() {
    let gate = Gate::start_with(&grace_site(14)).await;
    let alice = gate.browser();
    alice.password("alice", PASSWORD, "/").await;
    later(&alice, "/").await;
    let page = alice.get("/.portcullis/security").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Off: your password alone signs you in until"), "{}", page.body);
    assert!(page.body.contains("/.portcullis/enrol?rd=%2F.portcullis%2Fsecurity"), "{}", page.body);
    let enrol = alice.get("/.portcullis/enrol?rd=%2F.portcullis%2Fsecurity").await;
    assert_eq!(enrol.status, 200, "{}", enrol.body);
    let secret = secret_from(&enrol.body);
    let done = alice.shown(alice.post("/.portcullis/enrol", &[("code", &code(&secret, 0)), ("rd", "/.portcullis/security")]).await).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(alice.echo("/").await.header("remote-auth-via").as_deref(), Some("code"));
    assert!(!alice.get("/.portcullis/security").await.body.contains("Off: your password alone"));
}

#[tokio::test]
async fn optional_two_factor_is_each_users_choice() {
    let gate = Gate::start_with("    enrolment: optional\n    default: two_factor\n").await;
    let alice = gate.browser();
    let page = alice.password("alice", PASSWORD, "/x").await;
    assert_eq!(page.location.as_deref(), Some("/x"), "no second factor, no enrolment: {}", page.body);
    let echo = alice.echo("/x").await;
    assert_eq!(echo.header("remote-auth-via").as_deref(), Some("password"));
    let security = alice.get("/.portcullis/security").await;
    assert!(security.body.contains("Turn on two-factor authentication"), "{}", security.body);
    assert!(!security.body.contains("until"), "no deadline where it is optional: {}", security.body);

    // alice turns it on; a session of the password alone elsewhere ends with that.
    let elsewhere = gate.browser();
    elsewhere.password("alice", PASSWORD, "/").await;
    let (secret, done) = alice.enrol("/.portcullis/security", false).await;
    assert_eq!(done.status, 200, "{}", done.body);
    let backup = backup_codes_from(&done.body);
    assert_eq!(elsewhere.get("/").await.status, 302);
    alice.sign_out().await;
    assert_eq!(
        alice.password("alice", PASSWORD, "/").await.location.as_deref(),
        Some("/.portcullis/challenge?rd=%2F"),
        "those who did are asked"
    );
    let signed_in = alice.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/")]).await;
    assert_eq!(signed_in.location.as_deref(), Some("/"), "{}", signed_in.body);
    // bob, who did not, is not.
    assert_eq!(gate.browser().password("bob", PASSWORD, "/").await.location.as_deref(), Some("/"));
    let (_, explained) = gate.cli(&["explain", "--url", "http://app.localhost/x", "--ip", "127.0.0.1", "--user", "bob"]);
    assert!(explained.contains("nothing more: two-factor is optional here"), "{explained}");

    // Turning it off needs a current code.
    let page = alice.get("/.portcullis/security").await;
    assert!(page.body.contains("Turn off two-factor authentication"), "{}", page.body);
    let wrong = alice.post("/.portcullis/security", &[("do", "two-factor-off"), ("code", crate::harness::wrong(&code(&secret, 2)))]).await;
    assert_eq!(wrong.status, 401, "{}", wrong.body);
    let none = alice.post("/.portcullis/security", &[("do", "two-factor-off"), ("code", "")]).await;
    assert_eq!(none.status, 401, "{}", none.body);
    let off = alice.post("/.portcullis/security", &[("do", "two-factor-off"), ("code", &backup[0])]).await;
    assert_eq!(off.status, 200, "{}", off.body);
    assert!(off.body.contains("Two-factor authentication is off"), "{}", off.body);
    crate::harness::wait_for_notification(&gate, "Two-factor authentication was turned off").await;
    alice.sign_out().await;
    assert_eq!(alice.password("alice", PASSWORD, "/").await.location.as_deref(), Some("/"), "off: the password alone again");
    // And on again, with a new app: the old one's codes are gone for good.
    let (_, done) = alice.enrol("/", false).await;
    assert_eq!(done.status, 200, "{}", done.body);
    alice.sign_out().await;
    alice.password("alice", PASSWORD, "/").await;
    let old = alice.post("/.portcullis/challenge", &[("code", &code(&secret, 0)), ("rd", "/")]).await;
    assert_eq!(old.status, 401, "the app turned off signs nobody in: {}", old.body);
}

/// Where another site requires two-factor, nobody may turn it off; and a site that requires it
/// never takes a session that an optional site gave without one.
#[tokio::test]
async fn two_factor_cannot_be_turned_off_where_another_site_requires_it() {
    let top = "";
    let site =
        "    enrolment: optional\n    default: two_factor\n  - host: strict.test\n    upstream: {upstream}\n    default: two_factor\n";
    let gate = Gate::start_with_top(site, top).await;
    let alice = gate.browser();
    assert_eq!(alice.password("alice", PASSWORD, "/").await.location.as_deref(), Some("/"));
    let (_, done) = alice.enrol("/", false).await;
    let page = alice.get("/.portcullis/security").await;
    assert!(!page.body.contains("Turn off two-factor authentication"), "{}", page.body);
    let off = alice.post("/.portcullis/security", &[("do", "two-factor-off"), ("code", &backup_codes_from(&done.body)[0])]).await;
    assert_eq!(off.status, 400, "{}", off.body);
    let strict = Browser::on("strict.test", gate.port, "127.0.0.1", "test");
    assert_eq!(strict.password("bob", PASSWORD, "/").await.location.as_deref(), Some("/.portcullis/enrol?rd=%2F"), "required there");
}

/// A separate factor is set up with a code of the sign-in's methods: a user who put those off
/// is sent to set them up first, and comes back to the factor.
#[tokio::test]
async fn a_separate_factor_during_a_grace_sets_up_the_sign_in_first() {
    let rules = "    enrolment: { grace: 14d }\n    rules:\n      - { path: \"^/pay/\", action: two_factor, step_up: { max_age: 5m, factor: payments } }\n    default: two_factor\n";
    let gate = Gate::start_with_top(rules, "factors:\n  payments: {}\n").await;
    let alice = gate.browser();
    alice.password("alice", PASSWORD, "/").await;
    later(&alice, "/").await;
    let step_up = alice.get("/pay/1").await.location.expect("to the step-up");
    assert_eq!(step_up, "/.portcullis/step-up?factor=payments&rd=%2Fpay%2F1");
    let enrol = alice.get(&step_up).await;
    let back = "/.portcullis/step-up?factor=payments&rd=%2Fpay%2F1";
    assert_eq!(enrol.location.as_deref(), Some(format!("/.portcullis/enrol?rd={}", enc(back)).as_str()), "{}", enrol.body);
    assert_eq!(alice.get(&format!("/.portcullis/factor?factor=payments&rd={}", enc("/pay/1"))).await.location, enrol.location);
    let page = alice.get(enrol.location.as_deref().expect("location")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let secret = secret_from(&page.body);
    let done = alice.shown(alice.post("/.portcullis/enrol", &[("code", &code(&secret, 0)), ("rd", back)]).await).await;
    assert_eq!(done.status, 200, "the backup codes: {}", done.body);
    let codes = backup_codes_from(&done.body);
    // Back at the factor: its enrolment, proven now with a sign-in method.
    let factor = alice.get(back).await.location.expect("to the factor's enrolment");
    assert_eq!(factor, "/.portcullis/factor?factor=payments&rd=%2Fpay%2F1");
    let page = alice.get(&factor).await;
    let pay_secret = secret_from(&page.body);
    let set_up = alice
        .post("/.portcullis/factor", &[("factor", "payments"), ("rd", "/pay/1"), ("code", &code(&pay_secret, 0)), ("proof", &codes[0])])
        .await;
    assert!(set_up.status == 200 || set_up.status == 302, "{}", set_up.body);
    assert_eq!(alice.echo("/pay/1").await.header("remote-user").as_deref(), Some("alice"));
}
