//! Policy changes without a restart.

use std::time::{Duration, Instant};

use crate::harness::{geo_databases, Browser, Gate, PASSWORD};

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
