//! Stops and upgrades: SIGTERM lets the requests in flight finish and exits as soon as they
//! have; a new binary takes the listening sockets over from the running one (`serve
//! --upgrade`, then SIGQUIT to the old) without refusing a connection.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::harness::{raw, Gate, HOST, SLOW};

fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n")
}

/// Sends `GET /public/x` on a new connection, again and again until `stop`; the first line of
/// every answer, or why there was none.
async fn keep_asking(port: u16, stop: Arc<AtomicBool>) -> Vec<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut answers = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let answer = async {
            let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.map_err(|e| format!("connect: {e}"))?;
            s.write_all(get("/public/x").as_bytes()).await.map_err(|e| format!("write: {e}"))?;
            let mut out = Vec::new();
            s.read_to_end(&mut out).await.map_err(|e| format!("read: {e}"))?;
            Ok::<_, String>(String::from_utf8_lossy(&out).lines().next().unwrap_or("nothing").to_string())
        };
        answers.push(answer.await.unwrap_or_else(|e| e));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_requests_in_flight_finish_then_exits() {
    let mut gate = Gate::start().await;
    let port = gate.port;
    let slow = tokio::spawn(async move { raw(port, &get("/public/slow")).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stopped = Instant::now();
    gate.signal("TERM");
    let exited = gate.exited(Duration::from_secs(20)).await;
    let took = stopped.elapsed();
    let answer = slow.await.expect("slow request");
    assert!(answer.starts_with("HTTP/1.1 200"), "the request in flight was cut: {answer:?}");
    assert_eq!(exited, Some(true), "{}", gate.log());
    // It waited for the slow request, and not for the whole drain timeout (30 s).
    assert!(took >= SLOW - Duration::from_millis(400) && took < Duration::from_secs(10), "exited after {took:?}");
    assert!(gate.log().contains("drained; exiting"), "{}", gate.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upgrade_refuses_no_connection_and_finishes_what_is_in_flight() {
    let mut gate = Gate::start().await;
    let port = gate.port;
    let stop = Arc::new(AtomicBool::new(false));
    let client = tokio::spawn(keep_asking(port, Arc::clone(&stop)));
    let slow = tokio::spawn(async move { raw(port, &get("/public/slow")).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    gate.upgrade().await;
    // The new gate alone answers now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    let answers = client.await.expect("client");
    let refused: Vec<&String> = answers.iter().filter(|a| !a.starts_with("HTTP/1.1 200")).collect();
    assert!(refused.is_empty(), "{} of {} requests failed: {refused:?}\n{}", refused.len(), answers.len(), gate.log());
    assert!(answers.len() > 50, "only {} requests were sent across the upgrade", answers.len());
    let answer = slow.await.expect("slow request");
    assert!(answer.starts_with("HTTP/1.1 200"), "the request in flight was cut: {answer:?}");
    let after = raw(port, &get("/public/after")).await;
    assert!(after.starts_with("HTTP/1.1 200"), "{after}\n{}", gate.log());
    assert!(gate.log().contains("listener sockets sent"), "{}", gate.log());
}

/// A new binary that cannot start (here: its config does not load) leaves the running gate
/// alone, as does `serve --upgrade` with no gate to take over from.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upgrade_that_cannot_start_leaves_the_running_gate_serving() {
    let gate = Gate::start().await;
    let config = std::fs::read_to_string(gate.config_path()).expect("config");
    std::fs::write(gate.config_path(), format!("{config}no_such_key: 1\n")).expect("config");
    assert!(gate.failed_upgrade().await, "an upgrade with a broken config started");
    assert!(gate.log().contains("no_such_key"), "{}", gate.log());
    tokio::time::sleep(Duration::from_secs(6)).await;
    let answer = raw(gate.port, &get("/public/x")).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "the running gate stopped: {answer:?}\n{}", gate.log());

    std::fs::write(gate.config_path(), config).expect("config");
    std::fs::remove_file(gate.dir.path().join("data/portcullis.pid")).expect("pid file");
    assert!(gate.failed_upgrade().await, "an upgrade with no gate to take over from started");
    assert!(gate.log().contains("no running gate to take over from"), "{}", gate.log());
    assert!(raw(gate.port, &get("/public/x")).await.starts_with("HTTP/1.1 200"));
}
