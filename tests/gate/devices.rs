//! Trusted devices: the checkbox, skipping the code, binding, revocation, and GeoIP rules.

use crate::harness::{code, geo_databases, Browser, Gate, FIREFOX, PASSWORD};

const HOME: Option<&str> = Some("/");
const CHALLENGE: Option<&str> = Some("/.portcullis/challenge?rd=%2F");
const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.86 Safari/537.36";
const FIREFOX_MINOR: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0.1";

/// Where a browser at `from` with `agent`, holding `device`'s cookie, goes after the password.
async fn after_password(gate: &Gate, device: &Browser, from: &str, agent: &str) -> Option<String> {
    let b = Browser::with_agent(gate, from, agent);
    b.set_cookie("portcullis_device", &device.cookie("portcullis_device").expect("device cookie"));
    b.password("alice", PASSWORD, "/").await.location
}

#[tokio::test]
async fn the_cookie_comes_only_when_ticked_and_then_stands_in_for_the_code() {
    let gate = Gate::start().await;
    let b = gate.browser();
    let secret = b.sign_up("alice").await;
    assert!(b.cookie("portcullis_device").is_none(), "trusted without asking");
    assert_eq!(b.sign_in_again("alice").await.as_deref(), CHALLENGE);

    let challenge = b.get("/.portcullis/challenge?rd=%2F").await;
    assert!(challenge.body.contains("Trust this device for 30 days"), "{}", challenge.body);
    let done = b.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/"), ("remember", "1")]).await;
    assert_eq!(done.status, 302, "{}", done.body);
    let cookie = done.set_cookie.iter().find(|c| c.starts_with("portcullis_device=")).expect("device cookie set");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }

    assert_eq!(b.sign_in_again("alice").await.as_deref(), HOME, "the password alone signs in");
    assert_eq!(b.echo("/").await.header("remote-user").as_deref(), Some("alice"));
    assert!(gate.log().contains("trusted_device=true"), "the session records that trust was used");
    let bob = gate.browser();
    bob.set_cookie("portcullis_device", &b.cookie("portcullis_device").expect("cookie"));
    assert_eq!(
        bob.password("bob", PASSWORD, "/").await.location.as_deref(),
        Some("/.portcullis/enrol?rd=%2F"),
        "alice's device is not bob's"
    );

    let mut forged = b.cookie("portcullis_device").expect("cookie").into_bytes();
    let i = forged.len() - 5;
    forged[i] = if forged[i] == b'A' { b'B' } else { b'A' };
    let tampered = gate.browser();
    tampered.set_cookie("portcullis_device", std::str::from_utf8(&forged).expect("ascii"));
    assert_eq!(tampered.password("alice", PASSWORD, "/").await.location.as_deref(), CHALLENGE, "tampered cookie");
}

#[tokio::test]
async fn by_default_the_same_network_and_browser_family_keep_the_trust() {
    let gate = Gate::start().await;
    let b = gate.browser();
    b.sign_up_trusting("alice").await;
    assert_eq!(after_password(&gate, &b, "127.0.0.2", FIREFOX).await.as_deref(), HOME, "same /24");
    assert_eq!(after_password(&gate, &b, "127.0.0.3", FIREFOX_MINOR).await.as_deref(), HOME, "minor update");
    assert_eq!(after_password(&gate, &b, "127.0.1.1", FIREFOX).await.as_deref(), CHALLENGE, "other /24");
    assert_eq!(after_password(&gate, &b, "127.0.0.1", CHROME).await.as_deref(), CHALLENGE, "other browser");
}

#[tokio::test]
async fn exact_binding_asks_again_from_a_new_address_or_agent() {
    let gate = Gate::start_with("    trusted_devices: { ip: exact, browser: exact, lifetime: 7d }\n").await;
    let b = gate.browser();
    b.sign_up_trusting("alice").await;
    assert_eq!(after_password(&gate, &b, "127.0.0.1", FIREFOX).await.as_deref(), HOME);
    assert_eq!(after_password(&gate, &b, "127.0.0.2", FIREFOX).await.as_deref(), CHALLENGE, "new address");
    assert_eq!(after_password(&gate, &b, "127.0.0.1", FIREFOX_MINOR).await.as_deref(), CHALLENGE, "new agent");
    let page = b.get("/.portcullis/devices").await;
    assert!(page.body.contains("Firefox 132 (Linux)"), "{}", page.body);
}

#[tokio::test]
async fn asn_binding_follows_the_network_operator() {
    let geo = tempfile::tempdir().expect("tempdir");
    let gate = Gate::start_with_top("    trusted_devices: { ip: asn }\n", &geo_databases(geo.path())).await;
    let b = gate.browser();
    b.sign_up_trusting("alice").await;
    assert_eq!(after_password(&gate, &b, "127.0.5.9", FIREFOX).await.as_deref(), HOME, "same operator");
    assert_eq!(after_password(&gate, &b, "127.0.6.9", FIREFOX).await.as_deref(), CHALLENGE, "other operator");
    let page = b.get("/.portcullis/devices").await;
    assert!(page.body.contains("Berlin, Germany"), "the place is shown: {}", page.body);
}

#[tokio::test]
async fn devices_are_revoked_one_at_a_time_or_all_together() {
    let gate = Gate::start().await;
    let laptop = gate.browser();
    let secret = laptop.sign_up_trusting("alice").await;
    // Another browser signs in by the laptop's device; a phone becomes a second device.
    let second = Browser::new(&gate, "127.0.0.2");
    second.set_cookie("portcullis_device", &laptop.cookie("portcullis_device").expect("cookie"));
    assert_eq!(second.password("alice", PASSWORD, "/").await.location.as_deref(), HOME);
    let phone = Browser::with_agent(&gate, "127.0.0.1", CHROME);
    assert_eq!(phone.password("alice", PASSWORD, "/").await.location.as_deref(), CHALLENGE);
    phone.get("/.portcullis/challenge?rd=%2F").await;
    phone.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/"), ("remember", "1")]).await;

    let list = laptop.get("/.portcullis/devices").await;
    assert_eq!(devices(&list.body).matches("<li>").count(), 2, "{}", list.body);
    assert!(list.body.contains("Chrome 131 (Linux)") && list.body.contains("Firefox 132 (Linux)"), "{}", list.body);
    assert_eq!(list.body.matches("this browser").count(), 1, "{}", list.body);

    let revoked = laptop.post("/.portcullis/devices", &[("action", "revoke"), ("device", &device_id(&list.body, true))]).await;
    assert_eq!(revoked.location.as_deref(), Some("/.portcullis/devices"));
    assert!(revoked.set_cookie.iter().any(|c| c.starts_with("portcullis_device=;")), "this browser's cookie is cleared");
    assert_eq!(second.get("/").await.status, 302, "the session the device started ended");
    assert_eq!(laptop.get("/").await.status, 200, "the revoker stays signed in");
    assert_eq!(phone.get("/").await.status, 200, "sessions signed in by code stay");
    let list = laptop.get("/.portcullis/devices").await;
    assert_eq!(devices(&list.body).matches("<li>").count(), 1, "{}", list.body);
    assert!(list.body.contains("Chrome 131"), "{}", list.body);

    laptop.post("/.portcullis/devices", &[("action", "revoke-all")]).await;
    assert!(!devices(&laptop.get("/.portcullis/devices").await.body).contains("<li>"), "all gone");
    assert_eq!(phone.sign_in_again("alice").await.as_deref(), CHALLENGE);
    let bogus = laptop.post("/.portcullis/devices", &[("action", "revoke"), ("device", "not-an-id")]).await;
    assert_eq!(bogus.status, 400);
}

#[tokio::test]
async fn nobody_revokes_another_users_device() {
    let gate = Gate::start().await;
    let (alice, bob) = (gate.browser(), gate.browser());
    alice.sign_up_trusting("alice").await;
    bob.sign_up_trusting("bob").await;
    let alices = device_id(&alice.get("/.portcullis/devices").await.body, true);
    bob.get("/.portcullis/devices").await;
    bob.post("/.portcullis/devices", &[("action", "revoke"), ("device", &alices)]).await;
    assert_eq!(devices(&alice.get("/.portcullis/devices").await.body).matches("<li>").count(), 1, "alice's device is still there");
    assert_eq!(alice.sign_in_again("alice").await.as_deref(), HOME);
}

#[tokio::test]
async fn sign_out_can_forget_this_device() {
    let gate = Gate::start().await;
    let b = gate.browser();
    b.sign_up_trusting("alice").await;
    let account = b.get("/.portcullis/").await;
    assert!(account.body.contains("name=\"forget\""), "sign-out offers to forget: {}", account.body);
    let out = b.post("/.portcullis/logout", &[("forget", "1")]).await;
    assert!(out.body.contains("no longer trusted"), "{}", out.body);
    assert!(out.set_cookie.iter().any(|cookie| cookie.starts_with("portcullis_device=;")));
    assert_eq!(b.password("alice", PASSWORD, "/").await.location.as_deref(), CHALLENGE);
    let (ok, show) = gate.cli(&["user", "show", "alice"]);
    assert!(ok && show.contains("devices:       0"), "the record is gone too: {show}");
}

#[tokio::test]
async fn admins_and_new_passwords_end_the_trust() {
    let gate = Gate::start().await;
    let (a, b) = (gate.browser(), gate.browser());
    let secret = a.sign_up_trusting("alice").await;
    b.sign_up_trusting("bob").await;
    let (ok, show) = gate.cli(&["user", "show", "alice"]);
    assert!(ok && show.contains("devices:       1") && show.contains("Firefox 132 (Linux)"), "{show}");

    let (ok, out) = gate.cli(&["user", "revoke-devices", "alice"]);
    assert!(ok && out.contains("1 trusted device(s) revoked"), "{out}");
    assert_eq!(a.sign_in_again("alice").await.as_deref(), CHALLENGE);
    a.get("/.portcullis/challenge?rd=%2F").await;
    a.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/"), ("remember", "1")]).await;
    let (ok, out) = gate.cli(&["user", "reset-2fa", "alice"]);
    assert!(ok && out.contains("1 trusted device(s) revoked"), "{out}");
    assert_eq!(a.sign_in_again("alice").await.as_deref(), Some("/.portcullis/enrol?rd=%2F"));

    // A new password hash for bob (same password, new salt) ends his device's trust.
    let users = std::fs::read_to_string(gate.users_path()).expect("users");
    let bob_at = users.find("  bob:").expect("bob");
    let fresh = portcullis::auth::password::hash(PASSWORD).expect("hash");
    std::fs::write(gate.users_path(), format!("{}  bob:\n    password: \"{fresh}\"\n", &users[..bob_at])).expect("users");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !gate.log().contains("configuration reloaded") {
        assert!(std::time::Instant::now() < deadline, "no reload:\n{}", gate.log());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(b.sign_in_again("bob").await.as_deref(), CHALLENGE);
    let (ok, show) = gate.cli(&["user", "show", "bob"]);
    assert!(ok && show.contains("devices:       0"), "the ended device is deleted: {show}");
}

#[tokio::test]
async fn country_rules_allow_deny_and_ask_for_the_code_abroad() {
    let geo = tempfile::tempdir().expect("tempdir");
    let rules = r#"
    trusted_devices: { ip: off }
    rules:
      - { path: "^/intranet/", countries: [DE, unknown], action: bypass }
      - { path: "^/intranet/", action: deny }
      - { countries: [DE, AT], action: two_factor }
      - { action: two_factor, trusted_devices: false }
"#;
    let gate = Gate::start_with_top(rules, &geo_databases(geo.path())).await;
    let (germany, france, unknown) = (gate.browser(), Browser::new(&gate, "127.0.3.1"), Browser::new(&gate, "127.0.9.1"));
    assert_eq!(germany.get("/intranet/x").await.status, 200);
    assert_eq!(unknown.get("/intranet/x").await.status, 200, "a lookup miss matches `unknown`");
    assert_eq!(france.get("/intranet/x").await.status, 403);

    let secret = germany.sign_up_trusting("alice").await;
    assert_eq!(germany.sign_in_again("alice").await.as_deref(), HOME, "trusted at home");
    assert_eq!(germany.get("/app").await.status, 200);
    france.set_cookie("portcullis_device", &germany.cookie("portcullis_device").expect("cookie"));
    assert_eq!(france.password("alice", PASSWORD, "/").await.location.as_deref(), HOME, "the device is trusted (ip: off)");
    let abroad = france.get("/app").await;
    assert_eq!(abroad.location.as_deref(), Some("/.portcullis/challenge?rd=%2Fapp"), "but abroad the code is asked for");
    let challenge = france.get("/.portcullis/challenge?rd=%2Fapp").await;
    assert!(challenge.body.contains("even on a trusted device") && !challenge.body.contains("Trust this device"), "{}", challenge.body);
    let done = france.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/app")]).await;
    assert_eq!(done.location.as_deref(), Some("/app"), "{}", done.body);
    assert_eq!(france.get("/app").await.status, 200, "after the code, abroad is fine");
}

/// The id of the device listed on the devices page that is, or is not, this browser.
fn device_id(body: &str, this_browser: bool) -> String {
    let entry = devices(body).split("<li>").skip(1).find(|e| e.contains("this browser") == this_browser).expect("a device");
    let start = entry.find("name=\"device\" value=\"").expect("an id") + "name=\"device\" value=\"".len();
    entry[start..].chars().take_while(|c| *c != '"').collect()
}

#[tokio::test]
async fn revoking_the_device_that_signed_this_browser_in_ends_this_session_too() {
    let gate = Gate::start().await;
    let laptop = gate.browser();
    laptop.sign_up_trusting("alice").await;
    assert_eq!(laptop.sign_in_again("alice").await.as_deref(), HOME, "signed in by the device");
    let elsewhere = Browser::new(&gate, "127.0.0.2");
    elsewhere.set_cookie("portcullis_device", &laptop.cookie("portcullis_device").expect("cookie"));
    assert_eq!(elsewhere.password("alice", PASSWORD, "/").await.location.as_deref(), HOME, "a copy of the cookie, elsewhere");

    let list = laptop.get("/.portcullis/devices").await;
    assert!(list.body.contains("including yours here"), "the page says so beforehand: {}", list.body);
    let revoked = laptop.post("/.portcullis/devices", &[("action", "revoke"), ("device", &device_id(&list.body, true))]).await;
    assert_eq!(revoked.status, 200, "{}", revoked.body);
    assert!(revoked.body.contains("its session has ended too"), "and afterwards: {}", revoked.body);
    assert!(revoked.set_cookie.iter().any(|c| c.starts_with("portcullis_session=;")), "{:?}", revoked.set_cookie);
    assert!(revoked.set_cookie.iter().any(|c| c.starts_with("portcullis_device=;")), "{:?}", revoked.set_cookie);
    assert_eq!(laptop.get("/").await.status, 302, "the revoker's own session ended");
    assert_eq!(elsewhere.get("/").await.status, 302, "and every other the device started");
    assert_eq!(laptop.password("alice", PASSWORD, "/").await.location.as_deref(), CHALLENGE, "the device is gone");
}

/// The page's own content, without the language switch after it (a list too).
fn devices(body: &str) -> &str {
    body.split("</main>").next().unwrap_or_default()
}
