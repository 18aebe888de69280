use std::path::Path;
use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;

use super::*;
use crate::policy::{BrowserBinding, DeviceTrust, IpBinding};
use crate::store::SqliteStore;
use crate::users::Users;

const KEY: [u8; 32] = [5; 32];
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";
const FIREFOX_MINOR: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0.1";
const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.86 Safari/537.36";
const HASH_A: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";
const HASH_B: &str = "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0b3RoZXI$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";

struct Fixture {
    dir: tempfile::TempDir,
    devices: Devices,
    geo: Geo,
}

fn users(_dir: &Path, hash: &str) -> Users {
    crate::users::for_tests(&["alice", "bob"], hash)
}

/// An ASN database: 198.51.100.0/24 and 203.0.113.0/24 are one operator, 192.0.2.0/24 another.
fn asn_db(dir: &Path) -> std::path::PathBuf {
    let mut w = mmdb_writer::Writer::new("GeoLite2-ASN");
    #[derive(serde::Serialize)]
    struct Asn {
        autonomous_system_number: u32,
        autonomous_system_organization: &'static str,
    }
    for (net, asn) in [("198.51.100.0/24", 64500), ("203.0.113.0/24", 64500), ("192.0.2.0/24", 64501)] {
        let record = Asn { autonomous_system_number: asn, autonomous_system_organization: "Example" };
        w.insert(net.parse::<IpNet>().expect("net"), &record).expect("insert");
    }
    let path = dir.join("asn.mmdb");
    std::fs::write(&path, w.to_bytes().expect("mmdb")).expect("write");
    path
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let store: SharedStore = Arc::new(SqliteStore::open(&dir.path().join("d.db")).expect("store"));
    let geo = Geo { country: None, asn: Some(crate::geo::Database::open(&asn_db(dir.path())).expect("asn db")) };
    Fixture { devices: Devices::new(store, &KEY), geo, dir }
}

fn origin(ip: &'static str, user_agent: &'static str) -> Origin<'static> {
    Origin { host: "app.example", ip: ip.parse().expect("ip"), user_agent, lang: "en" }
}

fn settings(ip: IpBinding, browser: BrowserBinding) -> DeviceTrust {
    DeviceTrust { ip, browser, ..DeviceTrust::default() }
}

impl Fixture {
    /// Whether a device trusted from `from` is recognised from `to` under `s`.
    async fn kept(&self, s: DeviceTrust, from: Origin<'static>, to: Origin<'static>) -> bool {
        let users = users(self.dir.path(), HASH_A);
        let alice = users.get("alice").expect("alice");
        let now = crate::clock::now();
        let t = self.devices.trust(alice, &s, &from, &self.geo, now).await.expect("trust");
        self.devices.recognise(&t.token, alice, &s, &to, &self.geo, now).await.expect("recognise").is_some()
    }
}

#[tokio::test]
async fn ip_bindings() {
    let f = fixture();
    let (ff, exact, prefix) = (FIREFOX, settings(IpBinding::Exact, BrowserBinding::Off), DeviceTrust::default());
    assert!(f.kept(exact, origin("198.51.100.7", ff), origin("198.51.100.7", ff)).await, "same address");
    assert!(!f.kept(exact, origin("198.51.100.7", ff), origin("198.51.100.8", ff)).await, "exact: new address");
    assert!(f.kept(prefix, origin("198.51.100.7", ff), origin("198.51.100.200", ff)).await, "prefix: same /24");
    assert!(!f.kept(prefix, origin("198.51.100.7", ff), origin("198.51.101.7", ff)).await, "prefix: other /24");
    assert!(f.kept(prefix, origin("2001:db8:1:2::1", ff), origin("2001:db8:1:2:ffff::9", ff)).await, "prefix: same /64");
    assert!(!f.kept(prefix, origin("2001:db8:1:2::1", ff), origin("2001:db8:1:3::1", ff)).await, "prefix: other /64");
    let asn = settings(IpBinding::Asn, BrowserBinding::Off);
    assert!(f.kept(asn, origin("198.51.100.7", ff), origin("203.0.113.9", ff)).await, "asn: same operator");
    assert!(!f.kept(asn, origin("198.51.100.7", ff), origin("192.0.2.9", ff)).await, "asn: other operator");
    assert!(!f.kept(asn, origin("10.0.0.1", ff), origin("10.0.0.2", ff)).await, "asn: unknown addresses bind exactly");
    let off = settings(IpBinding::Off, BrowserBinding::Off);
    assert!(f.kept(off, origin("198.51.100.7", ff), origin("192.0.2.9", ff)).await, "off");
}

#[tokio::test]
async fn browser_bindings() {
    let f = fixture();
    let ip = "198.51.100.7";
    let family = DeviceTrust::default();
    assert!(f.kept(family, origin(ip, FIREFOX), origin(ip, FIREFOX_MINOR)).await, "family: minor update");
    assert!(!f.kept(family, origin(ip, FIREFOX), origin(ip, CHROME)).await, "family: other browser");
    let exact = settings(IpBinding::Exact, BrowserBinding::Exact);
    assert!(!f.kept(exact, origin(ip, FIREFOX), origin(ip, FIREFOX_MINOR)).await, "exact: minor update");
    assert!(f.kept(exact, origin(ip, FIREFOX), origin(ip, FIREFOX)).await, "exact: same agent");
    let off = settings(IpBinding::Exact, BrowserBinding::Off);
    assert!(f.kept(off, origin(ip, FIREFOX), origin(ip, CHROME)).await, "off");
}

#[tokio::test]
async fn expiry_is_checked_at_the_time_given() {
    let f = fixture();
    let users = users(f.dir.path(), HASH_A);
    let alice = users.get("alice").expect("alice");
    let (s, o, now) = (DeviceTrust::default(), origin("198.51.100.7", FIREFOX), crate::clock::now());
    let t = f.devices.trust(alice, &s, &o, &f.geo, now).await.expect("trust");
    assert_eq!(t.max_age, Duration::from_secs(30 * 86_400));
    let day = 86_400;
    assert!(f.devices.recognise(&t.token, alice, &s, &o, &f.geo, now + 29 * day).await.expect("recognise").is_some());
    assert!(f.devices.recognise(&t.token, alice, &s, &o, &f.geo, now + 30 * day).await.expect("recognise").is_none());
    // A cookie issued 31 days ago has expired by its own clock too.
    let old = f.devices.trust(alice, &s, &o, &f.geo, now - 31 * day).await.expect("trust");
    assert!(f.devices.recognise(&old.token, alice, &s, &o, &f.geo, now).await.expect("recognise").is_none());
}

#[tokio::test]
async fn forged_and_foreign_cookies_are_refused() {
    let f = fixture();
    let users = users(f.dir.path(), HASH_A);
    let (alice, bob) = (users.get("alice").expect("alice"), users.get("bob").expect("bob"));
    let (s, o, now) = (DeviceTrust::default(), origin("198.51.100.7", FIREFOX), crate::clock::now());
    let good = f.devices.trust(alice, &s, &o, &f.geo, now).await.expect("trust").token;

    let other_key = Devices::new(Arc::clone(&f.devices.store), &[6; 32]);
    let re_signed = other_key.trust(alice, &s, &o, &f.geo, now).await.expect("trust").token;
    let payload = good.split('.').nth(1).expect("payload");
    let alg_none = format!("{}.{payload}.", B64URL.encode(r#"{"alg":"none","typ":"JWT"}"#));
    let mut claims: serde_json::Value = serde_json::from_slice(&B64URL.decode(payload).expect("b64")).expect("json");
    claims["exp"] = serde_json::json!(now + 365 * 86_400);
    let (head, _, sig) = (good.split('.').next().expect("head"), (), good.rsplit('.').next().expect("sig"));
    let extended = format!("{head}.{}.{sig}", B64URL.encode(claims.to_string()));
    let sessions = crate::auth::session::Sessions::new(
        Arc::clone(&f.devices.store),
        &KEY,
        crate::auth::session::Timeouts { idle_timeout: Duration::from_secs(60), absolute_timeout: Duration::from_secs(60) },
    );
    let session_token = sessions.issue(alice, "app.example", crate::store::Stage::Complete, None, now).await.expect("session").token;
    for bad in [re_signed, alg_none, extended, session_token, String::new(), "x.y.z".into()] {
        assert!(f.devices.verify_token(&bad, &s, &o, &f.geo, now).is_none(), "accepted {bad:?}");
    }
    assert!(f.devices.recognise(&good, alice, &s, &o, &f.geo, now).await.expect("recognise").is_some());
    assert!(f.devices.recognise(&good, bob, &s, &o, &f.geo, now).await.expect("recognise").is_none(), "another user's device");
    let elsewhere = Origin { host: "other.example", ..o };
    assert!(f.devices.recognise(&good, alice, &s, &elsewhere, &f.geo, now).await.expect("recognise").is_none(), "another site");
    let disabled = DeviceTrust { enabled: false, ..s };
    assert!(f.devices.recognise(&good, alice, &disabled, &o, &f.geo, now).await.expect("recognise").is_none(), "disabled");
}

#[tokio::test]
async fn a_new_password_ends_the_trust_and_the_record() {
    let f = fixture();
    let before = users(f.dir.path(), HASH_A);
    let after = users(f.dir.path(), HASH_B);
    let (s, o, now) = (DeviceTrust::default(), origin("198.51.100.7", FIREFOX), crate::clock::now());
    let alice = before.get("alice").expect("alice");
    let t = f.devices.trust(alice, &s, &o, &f.geo, now).await.expect("trust");
    assert_eq!(f.devices.list(alice, now).await.expect("list").len(), 1);
    let changed = after.get("alice").expect("alice");
    assert!(f.devices.recognise(&t.token, changed, &s, &o, &f.geo, now).await.expect("recognise").is_none());
    assert!(f.devices.list(alice, now).await.expect("list").is_empty(), "the record is gone");
}
