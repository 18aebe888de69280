//! The admin listener: metrics that change as the flows run, health, and readiness that
//! follows the store and the notification channel.

use std::time::{Duration, Instant};

use crate::harness::{client_builder, code, free_port, on_postgres_at, Cable, Gate, SmtpSink, DEFAULT_RULES, HOST, PASSWORD};
use crate::test_postgres::TestSchema;

/// The top of a config with an admin listener at `port`.
fn admin_at(port: u16) -> String {
    format!("admin: {{ listen: 127.0.0.1:{port} }}\n")
}

async fn get(port: u16, path: &str) -> (u16, String, String) {
    let client = client_builder().no_proxy().build().expect("client");
    let resp = client.get(format!("http://127.0.0.1:{port}{path}")).send().await.expect("admin listener");
    let status = resp.status().as_u16();
    let kind = resp.headers().get("content-type").map(|v| v.to_str().expect("type").to_string()).unwrap_or_default();
    (status, kind, resp.text().await.expect("body"))
}

/// The value of one series (`name{labels}`) in a scrape; 0 when it is not there yet.
fn value(scrape: &str, series: &str) -> f64 {
    scrape.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.split(' ').next()?.parse().ok()).unwrap_or(0.0)
}

fn requests(outcome: &str) -> String {
    format!("portcullis_requests_total{{site=\"{HOST}\",outcome=\"{outcome}\"}}")
}

/// Waits until `/readyz` answers `status`; its body.
async fn ready_becomes(port: u16, status: u16, secs: u64) -> String {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let (got, _, body) = get(port, "/readyz").await;
        if got == status {
            return body;
        }
        assert!(Instant::now() < deadline, "/readyz stayed {got}, not {status}: {body}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn metrics_count_what_the_flows_do() {
    let admin = free_port();
    let gate = Gate::start_with_top(DEFAULT_RULES, &admin_at(admin)).await;
    let (status, kind, before) = get(admin, "/metrics").await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    assert!(before.contains("portcullis_build_info{version=\""), "{before}");
    assert!(before.ends_with("# EOF\n"));

    let api = gate.bare_client();
    assert_eq!(api.get(gate.url("/x")).send().await.expect("api").status(), 401);
    assert_eq!(api.post(gate.url("/admin/x")).send().await.expect("deny").status(), 403);
    assert_eq!(api.get(gate.url("/public/x")).send().await.expect("bypass").status(), 200);
    assert_eq!(api.get(gate.url("/a%2Fb")).send().await.expect("refused").status(), 400);
    let alice = gate.browser();
    assert_eq!(alice.get("/x").await.status, 302);
    let secret = alice.sign_up("alice").await;
    assert_eq!(alice.echo("/x").await.header("remote-user").as_deref(), Some("alice"));
    let stranger = gate.browser();
    assert_eq!(stranger.password("alice", "wrong", "/").await.status, 401);
    stranger.password("alice", PASSWORD, "/").await;
    let (locked, _) = crate::throttle::guess_until_locked(&[&stranger], &secret).await;
    assert_eq!(locked.status, 429);
    let right = code(&secret, 1);
    assert_eq!(stranger.post("/.portcullis/challenge", &[("code", &right), ("rd", "/")]).await.status, 429);

    let (_, _, after) = get(admin, "/metrics").await;
    let grew = |series: &str| value(&after, series) - value(&before, series);
    for (outcome, n) in [("unauthenticated", 1.0), ("denied", 1.0), ("bypass", 1.0), ("refused", 1.0), ("forwarded", 1.0)] {
        assert_eq!(grew(&requests(outcome)), n, "{outcome}:\n{after}");
    }
    assert!(grew(&requests("sign_in")) >= 1.0, "{after}");
    assert!(grew(&requests("portal")) >= 4.0, "{after}");
    let attempts = |factor: &str, result: &str| format!("portcullis_sign_in_attempts_total{{factor=\"{factor}\",result=\"{result}\"}}");
    assert_eq!(grew(&attempts("password", "failure")), 1.0, "{after}");
    assert_eq!(grew(&attempts("password", "success")), 2.0, "{after}");
    assert!(grew(&attempts("totp", "failure")) >= 1.0, "{after}");
    assert_eq!(grew("portcullis_lockouts_total"), 1.0, "{after}");
    assert_eq!(grew("portcullis_throttled_total"), 1.0, "{after}");
    assert!(grew(&format!("portcullis_decision_seconds_count{{site=\"{HOST}\"}}")) >= 10.0, "{after}");
    assert_eq!(grew(&format!("portcullis_upstream_seconds_count{{site=\"{HOST}\"}}")), 2.0, "{after}");
    assert!(grew("portcullis_store_operation_seconds_count") >= 5.0, "{after}");
    for unlabelled in ["portcullis_live_sessions", "portcullis_password_checks", "portcullis_store_errors_total"] {
        assert!(after.lines().any(|l| l.starts_with(&format!("{unlabelled} "))), "{unlabelled} missing:\n{after}");
    }
    assert!(!after.contains("alice"), "no user is a label:\n{after}");
}

#[tokio::test]
async fn reloads_are_counted_and_the_loaded_config_named() {
    let admin = free_port();
    let gate = Gate::start_with_top(DEFAULT_RULES, &admin_at(admin)).await;
    let (_, _, first) = get(admin, "/metrics").await;
    let hash_of = |scrape: &str| {
        let line = scrape.lines().find(|l| l.starts_with("portcullis_config{hash=\"")).expect("the config's hash").to_string();
        assert_eq!(scrape.matches("portcullis_config{").count(), 1, "one config is loaded:\n{scrape}");
        line
    };
    let loaded = hash_of(&first);
    let config = std::fs::read_to_string(gate.config_path()).expect("config");
    std::fs::write(gate.config_path(), config.replace("default: two_factor", "default: deny")).expect("write");
    gate.hangup();
    let reloaded = "portcullis_config_reloads_total{result=\"success\"} 1";
    let deadline = Instant::now() + Duration::from_secs(15);
    let scrape = loop {
        let (_, _, scrape) = get(admin, "/metrics").await;
        if scrape.contains(reloaded) {
            break scrape;
        }
        assert!(Instant::now() < deadline, "no reload counted:\n{scrape}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_ne!(hash_of(&scrape), loaded, "the new config has a new hash");

    std::fs::write(gate.config_path(), "listen: [not an address\n").expect("break");
    gate.hangup();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (_, _, scrape) = get(admin, "/metrics").await;
        if scrape.contains("portcullis_config_reloads_total{result=\"failure\"} 1") {
            assert_eq!(hash_of(&scrape), hash_of(&get(admin, "/metrics").await.2), "the config in force stays");
            break;
        }
        assert!(Instant::now() < deadline, "no failed reload counted:\n{scrape}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let body = ready_becomes(admin, 200, 5).await;
    assert!(body.contains("the last reload failed"), "a failed reload is told, and the gate stays ready: {body}");
}

#[tokio::test]
async fn health_and_readiness_are_served_on_the_admin_listener_only() {
    let admin = free_port();
    let gate = Gate::start_with_top(DEFAULT_RULES, &admin_at(admin)).await;
    assert_eq!(get(admin, "/healthz").await.0, 200);
    let body = ready_becomes(admin, 200, 10).await;
    assert!(body.starts_with("ready\n") && body.contains("store: up") && body.contains("email: up"), "{body}");
    assert_eq!(get(admin, "/nothing").await.0, 404);
    let post =
        client_builder().no_proxy().build().expect("client").post(format!("http://127.0.0.1:{admin}/metrics")).send().await.expect("post");
    assert_eq!(post.status(), 405);
    // On the public listener these are the app's paths, behind the gate like any other.
    let api = gate.bare_client();
    for path in ["/metrics", "/healthz", "/readyz"] {
        assert_eq!(api.get(gate.url(path)).send().await.expect("public").status(), 401, "{path}");
    }
}

// The cable and the SMTP sink run on the test's runtime while the harness waits for the gate.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_fails_while_the_store_is_unreachable_and_comes_back() {
    let pg = TestSchema::new();
    let cable = Cable::to(pg.address()).await;
    let admin = free_port();
    let top = format!("{}{}", admin_at(admin), on_postgres_at(&pg.url_via(cable.port)));
    let gate = Gate::start_with_top(DEFAULT_RULES, &top).await;
    ready_becomes(admin, 200, 10).await;
    cable.cut();
    let body = ready_becomes(admin, 503, 10).await;
    assert!(body.starts_with("not ready\n") && body.contains("store: failing"), "{body}");
    assert!(get(admin, "/metrics").await.2.contains("portcullis_store_errors_total"), "metrics are served meanwhile");
    cable.mend();
    let body = ready_becomes(admin, 200, 20).await;
    assert!(body.contains("store: up"), "{body}");
    drop(gate);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_tells_an_smtp_server_that_does_not_answer() {
    let (admin, smtp) = (free_port(), free_port());
    let top = format!("{}notifications:\n  smtp: {{ host: 127.0.0.1, port: {smtp}, security: none }}\n", admin_at(admin));
    let down = Gate::start_with_top(DEFAULT_RULES, &top).await;
    let body = ready_becomes(admin, 503, 30).await;
    assert!(body.contains("email: failing"), "{body}");
    assert!(get(admin, "/metrics").await.2.contains("portcullis_notification_channel_up{channel=\"email\"} 0"));
    drop(down);

    let _sink = SmtpSink::start(smtp).await;
    let admin = free_port();
    let top = format!("{}notifications:\n  smtp: {{ host: 127.0.0.1, port: {smtp}, security: none }}\n", admin_at(admin));
    let _up = Gate::start_with_top(DEFAULT_RULES, &top).await;
    let body = ready_becomes(admin, 200, 30).await;
    assert!(body.contains("email: up"), "{body}");
}
