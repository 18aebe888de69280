//! When the store or a GeoIP database breaks under a running gate, nothing gets through that
//! needs it.

use std::io::{Seek, SeekFrom, Write};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;

use crate::harness::{geo_databases, raw, Browser, Gate, HOST, PASSWORD};

#[tokio::test]
async fn a_broken_store_denies_with_503_and_never_forwards() {
    let gate = Gate::start().await;
    gate.browser().sign_up("alice").await;

    // Overwrite the database in place: the gate's open connection now reads garbage.
    let db = gate.data_dir().join("data/portcullis.db");
    let mut file = std::fs::OpenOptions::new().write(true).open(&db).expect("open db");
    file.seek(SeekFrom::Start(0)).expect("seek");
    file.write_all(&vec![0x5a; 64 * 1024]).expect("scribble");
    file.sync_all().expect("sync");
    for wal in ["portcullis.db-wal", "portcullis.db-shm"] {
        let _ = std::fs::write(gate.data_dir().join("data").join(wal), vec![0x5a; 4096]);
    }

    let login = gate.browser().password("alice", PASSWORD, "/").await;
    assert_eq!(login.status, 503, "{}", login.body);
    assert!(login.body.contains("Sign-in is unavailable"), "{}", login.body);
    let reference = crate::refusals::reference_in(&login.body);
    assert!(gate.log().lines().any(|l| l.contains(&reference) && l.contains("portal:")), "the log has {reference}:\n{}", gate.log());

    // A correctly signed cookie for a session not in memory must be checked in the store;
    // with the store broken, the request is refused, not waved through.
    let key = STANDARD.decode(std::fs::read_to_string(gate.data_dir().join("data/session.key")).expect("key").trim()).expect("b64");
    let claims = serde_json::json!({ "sid": URL_SAFE_NO_PAD.encode([3u8; 32]), "exp": portcullis::clock::now() + 600 });
    let token =
        jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &jsonwebtoken::EncodingKey::from_secret(&key)).expect("sign");
    let response =
        raw(gate.port, &format!("GET /secret HTTP/1.1\r\nHost: {HOST}\r\nCookie: portcullis_session={token}\r\nConnection: close\r\n\r\n"))
            .await;
    assert!(response.starts_with("HTTP/1.1 503"), "{response}");
    assert!(!response.contains("\"uri\""), "nothing reached the upstream: {response}");
    // A browser is told so on a page, with the reference of the log line.
    let page = raw(
        gate.port,
        &format!(
            "GET /secret HTTP/1.1\r\nHost: {HOST}\r\nAccept: text/html\r\nCookie: portcullis_session={token}\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(page.starts_with("HTTP/1.1 503") && page.contains("Sign-in is unavailable"), "{page}");
    let reference = crate::refusals::reference_in(&page);
    assert!(gate.log().lines().any(|l| l.contains(&reference) && l.contains("session check failed")), "{}", gate.log());
}

#[tokio::test]
async fn a_geoip_lookup_error_is_a_503_not_an_unknown_country() {
    let geo = tempfile::tempdir().expect("tempdir");
    let rules = "    rules:\n      - { path: \"^/intranet/\", countries: [DE, unknown], action: bypass }\n      - { path: \"^/intranet/\", action: deny }\n";
    let gate = Gate::start_with_top(rules, &geo_databases(geo.path())).await;
    assert_eq!(Browser::new(&gate, "127.0.9.1").get("/intranet/x").await.status, 200, "a miss is `unknown`");
    let broken = Browser::new(&gate, "127.0.7.1").get("/intranet/x").await;
    assert_eq!(broken.status, 503, "a broken record is not a miss: {}", broken.body);
    let reference = crate::refusals::reference_in(&broken.body);
    assert!(gate.log().lines().any(|l| l.contains("GeoIP record of 127.0.7.1") && l.contains(&reference)), "{}", gate.log());
}
