//! Replicas: two gate processes on one PostgreSQL schema, each with its own data_dir, as a
//! load balancer would send one browser to either. What one accepts, the other knows.

use std::time::{Duration, Instant};

use crate::backup::{at_recover, enrolled, recover};
use crate::harness::{
    backup_codes_from, code, free_port, on_postgres, on_postgres_at, Browser, Cable, Gate, Nginx, SmtpSink, DEFAULT_RULES, FIREFOX, HOST,
    PASSWORD,
};
use crate::step_up::hold_form;
use crate::test_postgres::{OwnServer, TestSchema};
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
    let (on_a, _) = alices_session(&a).await;
    let on_b = on_a.via(b.port);
    assert_eq!(on_b.echo("/x").await.header("remote-user").as_deref(), Some("alice"));
    assert!(!b.data_dir().join("data/portcullis.db").exists(), "B keeps nothing of its own");
    // Signed out on B, the browser is signed out there, and its copied cookie on A (which
    // holds the session in its cache) within a second.
    let copied = on_a.copy_via(a.port);
    on_b.sign_out().await;
    assert_eq!(on_b.get("/x").await.status, 302);
    signed_out_within_a_second(&[&copied]).await;
}

/// A browser signed in as alice on `gate` (cached there), and her authenticator secret.
async fn alices_session(gate: &Gate) -> (Browser, Vec<u8>) {
    let b = gate.browser();
    let secret = match b.password("alice", PASSWORD, "/").await.location.as_deref() {
        Some("/.portcullis/enrol?rd=%2F") => b.enrol("/", false).await.0,
        _ => panic!("alice is already enrolled"),
    };
    assert_eq!(b.echo("/x").await.header("remote-user").as_deref(), Some("alice"));
    (b, secret)
}

/// Each browser is sent to sign in within a second (the session caches hold sessions for 30).
async fn signed_out_within_a_second(browsers: &[&Browser]) {
    let deadline = Instant::now() + Duration::from_secs(1);
    for b in browsers {
        while b.get("/x").await.status != 302 {
            assert!(Instant::now() < deadline, "still signed in a second after the session ended");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn the_admin_cli_ends_sessions_on_every_replica() {
    let (a, b, _pg) = replicas().await;
    let (on_a, _) = alices_session(&a).await;
    let on_b = on_a.via(b.port);
    assert_eq!(on_b.echo("/x").await.header("remote-user").as_deref(), Some("alice"), "cached on B too");
    let (ok, out) = a.cli(&["user", "reset-2fa", "alice"]);
    assert!(ok, "{out}");
    signed_out_within_a_second(&[&on_a, &on_b]).await;
}

#[tokio::test]
async fn a_replica_that_stops_hearing_says_so_and_listens_again() {
    let (a, b, pg) = replicas().await;
    let heard_again = "hearing of sessions ended on other replicas again";
    pg.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'portcullis-listener'");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !(a.log().contains(heard_again) && b.log().contains(heard_again)) {
        assert!(Instant::now() < deadline, "did not listen again:\n{}\n{}", a.log(), b.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(a.log().contains("stopped hearing of sessions ended on other replicas"), "{}", a.log());
    let (on_a, _) = alices_session(&a).await;
    let (on_b, copied) = (on_a.via(b.port), on_a.copy_via(a.port));
    on_b.sign_out().await;
    signed_out_within_a_second(&[&copied]).await;
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

// The cable runs on the test's runtime while the harness waits (blocking) for the gate.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_database_gets_the_503_page_and_the_gate_recovers_by_itself() {
    let pg = TestSchema::new();
    let cable = Cable::to(pg.address()).await;
    let a = Gate::start_with_top(DEFAULT_RULES, &on_postgres_at(&pg.url_via(cable.port))).await;
    let (signed_in, _) = alices_session(&a).await;
    cable.cut();
    let stranger = a.browser();
    let page = bobs_password(&stranger).await;
    assert_eq!(page.status, 503, "{}", page.body);
    assert!(page.body.contains("Sign-in is unavailable"), "{}", page.body);
    // A signed-in request asks the database nothing: the session in the cache still passes.
    assert_eq!(signed_in.echo("/x").await.header("remote-user").as_deref(), Some("alice"));
    cable.mend();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let page = bobs_password(&stranger).await;
        if page.status == 302 {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery after the database came back: {} {}", page.status, a.log());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Bob's password, given on the sign-in page (fetched first for its form token).
async fn bobs_password(b: &Browser) -> crate::harness::Page {
    b.get("/.portcullis/login?rd=%2F").await;
    b.post("/.portcullis/login", &[("username", "bob"), ("password", PASSWORD), ("rd", "/")]).await
}

/// The database server itself stopped (as for maintenance) and started again under two
/// replicas: sign-in is refused with the 503 page meanwhile, cached sessions pass, and both
/// replicas recover, their listeners too, without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_server_stopped_and_started_again_under_two_replicas() {
    let server = OwnServer::start();
    let a = Gate::start_with_top(DEFAULT_RULES, &on_postgres_at(&server.url())).await;
    let b = a.replica();
    let (on_a, _) = alices_session(&a).await;
    server.stop();
    let stranger = b.browser();
    let page = bobs_password(&stranger).await;
    assert_eq!(page.status, 503, "{}", page.body);
    assert_eq!(on_a.echo("/x").await.header("remote-user").as_deref(), Some("alice"), "the cached session passes");
    server.start_again();
    let deadline = Instant::now() + Duration::from_secs(40);
    let heard_again = "hearing of sessions ended on other replicas again";
    while !(a.log().contains(heard_again) && b.log().contains(heard_again)) {
        assert!(Instant::now() < deadline, "did not listen again:\n{}\n{}", a.log(), b.log());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let page = bobs_password(&stranger).await;
    assert_eq!(page.status, 302, "signs in again: {}", page.body);
    let copied = on_a.copy_via(a.port);
    let on_b = on_a.via(b.port);
    on_b.sign_out().await;
    signed_out_within_a_second(&[&copied]).await;
}

#[tokio::test]
async fn a_replica_killed_loses_no_enrolment_and_no_accepted_step() {
    let (mut a, b, _pg) = replicas().await;
    // The code A accepts is asked again of B: both within one 30-second step.
    let into_step = portcullis::clock::now().rem_euclid(30);
    if into_step > 12 {
        tokio::time::sleep(Duration::from_secs((30 - into_step) as u64)).await;
    }
    let (on_a, secret) = alices_session(&a).await;
    let load = tokio::spawn(async move {
        for _ in 0..200 {
            on_a.get("/x").await;
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    a.stop(); // SIGKILL, mid-load
    let _ = load.await;
    let on_b = b.browser();
    let page = on_b.password("alice", PASSWORD, "/").await;
    assert_eq!(page.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"), "the enrolment made on A stands");
    let reused = on_b.post("/.portcullis/challenge", &[("code", &code(&secret, 0)), ("rd", "/")]).await;
    assert_eq!(reused.status, 401, "the step A accepted stays used");
    let page = on_b.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/")]).await;
    assert_eq!(page.status, 302, "{}", page.body);
}

#[tokio::test]
async fn a_notification_is_sent_once_however_many_replicas_run() {
    let pg = TestSchema::new();
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let top = format!("{}notifications:\n  smtp: {{ host: 127.0.0.1, port: {port}, security: none }}\n", on_postgres(&pg));
    let a = Gate::start_with_top(DEFAULT_RULES, &top).await;
    let _b = a.replica();
    let _c = a.replica();
    a.browser().sign_up("alice").await;
    sink.wait_for("Two-factor authentication is now on", 15).await;
    // Every replica polls the outbox at least once in this time (every 5 s).
    tokio::time::sleep(Duration::from_secs(6)).await;
    let sent = sink.messages.lock().expect("lock").iter().filter(|m| m.contains("Two-factor authentication is now on")).count();
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn a_form_held_on_one_replica_is_sent_on_once_by_the_other() {
    let pg = TestSchema::new();
    let a = Gate::start_with_top(crate::step_up::RULES, &on_postgres(&pg)).await;
    let b = a.replica();
    let on_a = a.browser();
    let secret = on_a.sign_up("alice").await;
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let (challenge, replay) = hold_form(&on_a, "/payments/pay", "application/x-www-form-urlencoded", b"amount=10&to=bob".to_vec()).await;
    let on_b = on_a.via(b.port);
    on_b.get(&challenge).await;
    let done = on_b.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", &replay)]).await;
    assert_eq!(done.location.as_deref(), Some(replay.as_str()), "{}", done.body);
    let sent = on_b.get(&replay).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(sent.body.contains("amount=10&to=bob"), "{}", sent.body);
    assert_eq!(on_a.get(&replay).await.status, 410, "sent once, whichever replica is asked again");
}

#[tokio::test]
async fn a_single_box_store_is_copied_into_postgres() {
    let mut single = Gate::start().await;
    let alice = single.browser();
    alice.password("alice", PASSWORD, "/").await;
    let (_, done) = alice.enrol("/", true).await;
    let codes = backup_codes_from(&done.body);
    let guesser = Browser::new(&single, "127.0.0.3");
    for _ in 0..5 {
        guesser.password("bob", "wrong", "/").await;
    }
    single.stop();

    let pg = TestSchema::new();
    let data = single.data_dir().join("data");
    let copy = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_portcullis"))
            .args(["store", "copy", "--tls", "disable", "--from"])
            .arg(data.join("portcullis.db"))
            .args(["--to", &pg.url()])
            .output()
            .expect("run");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let out = copy();
    for line in ["authenticators: 1 copied\n", "users' backup codes: 1 copied\n", "trusted devices: 1 copied\n", "lockouts: 2 copied\n"] {
        assert!(out.contains(line), "{line:?} not in {out}");
    }
    let keys = format!(
        "secrets: {{ session_key_file: {}, storage_key_file: {} }}\nstore:\n  postgres:\n    url: \"{}\"\n    tls: disable\n",
        data.join("session.key").display(),
        data.join("storage.key").display(),
        pg.url()
    );
    let shared = Gate::start_with_top(DEFAULT_RULES, &keys).await;
    let moved = alice.via(shared.port);
    assert_eq!(moved.echo("/x").await.header("remote-user").as_deref(), Some("alice"), "her session came along");
    assert_eq!(moved.sign_in_again("alice").await.as_deref(), Some("/"), "so did her trusted device");
    let other = Browser::with_agent(&shared, "127.0.0.5", "curl/8.0");
    other.password("alice", PASSWORD, "/").await;
    let page = other.post("/.portcullis/recover", &[("code", &codes[0]), ("rd", "/")]).await;
    assert_eq!(page.location.as_deref(), Some("/"), "and her backup codes: {}", page.body);
    assert_eq!(Browser::new(&shared, "127.0.0.4").password("bob", PASSWORD, "/").await.status, 429, "bob's lock came along");
    let again = copy();
    assert!(again.contains("authenticators: 0 copied, 1 already there (left as they were)"), "a second copy overwrites nothing: {again}");
}

/// examples/deploy/replicas/nginx-replicas.conf, in front of `replicas`.
fn example_nginx(replicas: &[&Gate]) -> String {
    include_str!("../../examples/deploy/replicas/nginx-replicas.conf")
        .replace("listen 80;", "listen 127.0.0.1:{port};")
        .replace("server_name app.example.com;", &format!("server_name {HOST};"))
        .replace("127.0.0.1:8081", &format!("127.0.0.1:{}", replicas[0].port))
        .replace("127.0.0.1:8082", &format!("127.0.0.1:{}", replicas[1].port))
}

#[tokio::test]
async fn the_example_load_balancer_keeps_users_signed_in_when_a_replica_dies() {
    let pg = TestSchema::new();
    let top = format!("trusted_proxies: [127.0.0.1/32]\n{}", on_postgres(&pg));
    let mut a = Gate::start_with_top(DEFAULT_RULES, &top).await;
    let b = a.replica();
    let nginx = Nginx::start(&example_nginx(&[&a, &b])).await;
    let browser = Browser::at(nginx.port, "127.0.0.6", FIREFOX);
    let secret = browser.sign_up("alice").await;
    for _ in 0..4 {
        assert_eq!(browser.echo("/x").await.header("remote-user").as_deref(), Some("alice"), "on either replica");
    }
    a.stop();
    for _ in 0..4 {
        assert_eq!(browser.echo("/x").await.header("remote-user").as_deref(), Some("alice"), "with one replica gone");
    }
    assert_eq!(browser.sign_in_again("alice").await.as_deref(), Some("/.portcullis/challenge?rd=%2F"));
    let page = browser.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/")]).await;
    assert_eq!(page.location.as_deref(), Some("/"), "signing in again works too: {}", page.body);
    let seen = b.take_received();
    let chains: Vec<Vec<&str>> = seen.iter().map(|r| r.header_all("x-forwarded-for")).collect();
    assert!(chains.iter().all(|c| c == &["127.0.0.6, 127.0.0.1"]), "the client's address, then nginx's: {chains:?}");
}

#[test]
fn the_example_replica_config_passes_the_check() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = std::fs::read_to_string(root.join("examples/deploy/replicas/portcullis.yaml")).expect("example");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = |name: &str| dir.path().join(name).display().to_string();
    for (name, text) in [("session.key", "A".repeat(43) + "="), ("storage.key", "B".repeat(43) + "="), ("users.yaml", "users: {}\n".into())]
    {
        std::fs::write(path(name), text).expect("write");
    }
    std::fs::write(path("pg-password"), "secret\n").expect("write");
    let config = example
        .replace("/run/secrets/portcullis-session-key", &path("session.key"))
        .replace("/run/secrets/portcullis-storage-key", &path("storage.key"))
        .replace("/run/secrets/portcullis-db-password", &path("pg-password"))
        .replace("/etc/portcullis/users.yaml", &path("users.yaml"))
        .replace("/var/lib/portcullis", &path("data"));
    std::fs::write(path("portcullis.yaml"), config).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(["check", "--config", &path("portcullis.yaml")])
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
}
