//! Replicas: two gate processes on one PostgreSQL schema, each with its own data_dir, as a
//! load balancer would send one browser to either. What one accepts, the other knows.

use crate::backup::{at_recover, enrolled, recover};
use crate::harness::{code, on_postgres, Gate, DEFAULT_RULES, PASSWORD};
use crate::test_postgres::TestSchema;
use crate::throttle::guess_until_locked;

/// Replica A, replica B, and the schema they share (dropped last).
async fn replicas() -> (Gate, Gate, TestSchema) {
    let pg = TestSchema::new();
    let a = Gate::start_with_top(DEFAULT_RULES, &on_postgres(&pg)).await;
    let b = a.replica();
    (a, b, pg)
}

#[tokio::test]
async fn a_session_begun_on_one_replica_is_good_on_the_other() {
    let (a, b, _pg) = replicas().await;
    let on_a = a.browser();
    on_a.sign_up("alice").await;
    let on_b = on_a.via(b.port);
    assert_eq!(on_b.echo("/x").await.header("remote-user").as_deref(), Some("alice"));
    assert!(!b.data_dir().join("data/portcullis.db").exists(), "B keeps nothing of its own");
    // Signed out on B, the browser is signed out there.
    on_b.get("/.portcullis/").await;
    on_b.post("/.portcullis/logout", &[]).await;
    assert_eq!(on_b.get("/x").await.status, 302);
}

#[tokio::test]
async fn a_code_accepted_on_one_replica_is_refused_on_the_other() {
    let (a, b, _pg) = replicas().await;
    let secret = a.browser().sign_up("alice").await;
    let (first, second) = (a.browser(), b.browser());
    first.password("alice", PASSWORD, "/").await;
    second.password("alice", PASSWORD, "/").await;
    let right = code(&secret, 1);
    assert_eq!(first.post("/.portcullis/challenge", &[("code", &right), ("rd", "/")]).await.status, 302);
    let replayed = second.post("/.portcullis/challenge", &[("code", &right), ("rd", "/")]).await;
    assert_eq!(replayed.status, 401);
    assert!(replayed.body.contains("already been used"), "{}", replayed.body);
}

#[tokio::test]
async fn failures_on_both_replicas_count_together() {
    let (a, b, _pg) = replicas().await;
    let secret = a.browser().sign_up("alice").await;
    let (on_a, on_b) = (a.browser(), b.browser());
    on_a.password("alice", PASSWORD, "/").await;
    on_b.password("alice", PASSWORD, "/").await;
    let (_, tries) = guess_until_locked(&[&on_a, &on_b], &secret).await;
    assert!(tries <= 5, "locked only after {tries} guesses split over two replicas");
    let other = if tries % 2 == 0 { &on_b } else { &on_a };
    let page = other.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/")]).await;
    assert_eq!(page.status, 429, "the other replica holds the lock too, even for the right code");
}

#[tokio::test]
async fn a_backup_code_raced_on_two_replicas_works_once() {
    let (a, b, _pg) = replicas().await;
    let (_, _, codes) = enrolled(&a).await;
    let (x, y) = (at_recover(&a).await, at_recover(&b).await);
    let (rx, ry) = tokio::join!(recover(&x, &codes[0]), recover(&y, &codes[0]));
    let mut statuses = [rx.status, ry.status];
    statuses.sort();
    assert_eq!(statuses, [302, 401]);
}
