//! Policy changes without a restart.

use std::time::{Duration, Instant};

use crate::harness::{geo_databases, raw, until, Browser, Gate, HOST, PASSWORD};

#[tokio::test]
async fn users_reload_when_the_file_changes_and_a_broken_file_changes_nothing() {
    let gate = Gate::start().await;
    let b = gate.browser();
    assert_eq!(b.password("carol", PASSWORD, "/").await.status, 401);
    gate.write_users(&["carol"]);
    let deadline = Instant::now() + Duration::from_secs(15);
    while b.password("carol", PASSWORD, "/").await.status != 302 {
        assert!(Instant::now() < deadline, "carol was never let in:\n{}", gate.log());
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    std::fs::write(gate.users_path(), "users:\n  carol: [").expect("write");
    let deadline = Instant::now() + Duration::from_secs(15);
    while !gate.log().contains("not reloaded") {
        assert!(Instant::now() < deadline, "the broken file was not noticed:\n{}", gate.log());
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(gate.log().contains("users.yaml"), "the log names the file:\n{}", gate.log());
    assert_eq!(gate.browser().password("carol", PASSWORD, "/").await.status, 302, "the running policy stays");
}

#[tokio::test]
async fn geoip_databases_reload_when_they_change_and_a_corrupt_one_changes_nothing() {
    let geo = tempfile::tempdir().expect("tempdir");
    let rules = "    rules:\n      - { countries: [FR], action: deny }\n";
    let gate = Gate::start_with_top(rules, &geo_databases(geo.path())).await;
    let france = Browser::new(&gate, "127.0.3.1");
    assert_eq!(france.get("/x").await.status, 403);

    // The database is updated (as geoipupdate would): 127.0.3.0/24 is now in Austria.
    let mut w = mmdb_writer::Writer::new("GeoLite2-Country");
    let austria = serde_json::json!({ "country": { "iso_code": "AT" } });
    w.insert("127.0.3.0/24".parse::<ipnet::IpNet>().expect("net"), &austria).expect("insert");
    let db = geo.path().join("country.mmdb");
    std::fs::write(&db, w.to_bytes().expect("mmdb")).expect("write");
    let deadline = Instant::now() + Duration::from_secs(15);
    while france.get("/x").await.status != 302 {
        assert!(Instant::now() < deadline, "the new database was not loaded:\n{}", gate.log());
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    std::fs::write(&db, "corrupt").expect("write");
    let deadline = Instant::now() + Duration::from_secs(15);
    while !gate.log().contains("geoip.country_database") {
        assert!(Instant::now() < deadline, "the corrupt database was not noticed:\n{}", gate.log());
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(gate.log().contains("not reloaded"), "{}", gate.log());
    assert_eq!(france.get("/x").await.status, 302, "the running databases stay");
}

#[tokio::test]
async fn sessions_end_with_the_user_and_with_their_password() {
    let gate = Gate::start().await;
    let b = gate.browser();
    let secret = b.sign_up("bob").await;
    assert_eq!(b.get("/app").await.status, 200);
    let users = std::fs::read_to_string(gate.users_path()).expect("users");
    let (before_bob, bob) = users.split_at(users.find("  bob:").expect("bob"));

    // Removed from the users file: signed out. Added again as he was: still signed out.
    std::fs::write(gate.users_path(), before_bob).expect("write");
    until(&gate, "bob's removal", async || b.get("/app").await.status == 302).await;
    std::fs::write(gate.users_path(), &users).expect("write");
    until(&gate, "bob's return", async || gate.log().matches("configuration reloaded").count() >= 2).await;
    assert_eq!(b.get("/app").await.status, 302, "a session does not come back with its user");

    // A new password hash ends the session it was meant to end.
    assert_eq!(b.sign_in("bob", &secret, 1).await.status, 302);
    assert_eq!(b.get("/app").await.status, 200);
    let other = portcullis::auth::password::hash("another password entirely").expect("hash");
    std::fs::write(gate.users_path(), format!("{before_bob}  bob:\n    password: \"{other}\"\n")).expect("write");
    until(&gate, "the new password", async || b.get("/app").await.status == 302).await;
    assert!(bob.contains("password"));
}

/// An editor that writes a file in place leaves it half written for a moment; a policy read
/// then must never be put in force. Here the file is cut after `default: bypass` (its deny
/// comes last) and the gate told to reload right then, as SIGHUP or a poll might.
#[tokio::test]
async fn a_config_rewritten_in_place_is_never_half_in_force() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;
    let gate = Gate::start_with("    default: bypass\n    rules:\n      - { path: \"^/admin/\", action: deny }\n").await;
    let config = std::fs::read_to_string(gate.config_path()).expect("config");
    let (forwarded, stop, port) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicBool::new(false)), gate.port);
    let hammer = {
        let (forwarded, stop) = (Arc::clone(&forwarded), Arc::clone(&stop));
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let response = raw(port, &format!("GET /admin/x HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n")).await;
                if response.starts_with("HTTP/1.1 200") {
                    forwarded.fetch_add(1, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };
    for round in 0..3 {
        use std::io::Write;
        let text = format!("# rewritten {round}\n{config}");
        let (first, rest) = text.split_at(text.find("    rules:").expect("rules"));
        let mut f = std::fs::File::create(gate.config_path()).expect("truncate");
        f.write_all(first.as_bytes()).expect("first part");
        gate.hangup();
        tokio::time::sleep(Duration::from_millis(300)).await;
        f.write_all(rest.as_bytes()).expect("the rest");
        drop(f);
        tokio::time::sleep(Duration::from_millis(2500)).await;
    }
    stop.store(true, Ordering::Relaxed);
    hammer.await.expect("hammer");
    assert_eq!(forwarded.load(Ordering::Relaxed), 0, "a half-written policy was in force:\n{}", gate.log());
    assert!(gate.log().contains("configuration reloaded"), "the whole file is read once it settles:\n{}", gate.log());
}
