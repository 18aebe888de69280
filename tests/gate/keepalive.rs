//! Keep-alive connections. Between requests the gate waits for the client without holding a
//! request's memory (src/keepalive.rs); to the client the connection must work as before.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::harness::{Echo, Gate, HOST};

const RULES: &str = r#"
    rules:
      - { path: "^/public/", action: bypass }
    default: two_factor
"#;

/// Sends a GET on `conn` and reads one response (which must have a Content-Length).
async fn get(conn: &mut BufReader<TcpStream>, path: &str) -> (String, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n");
    conn.get_mut().write_all(request.as_bytes()).await.expect("write");
    read_response(conn).await
}

/// Reads one response (which must have a Content-Length): its head and body.
async fn read_response(conn: &mut BufReader<TcpStream>) -> (String, String) {
    let mut head = String::new();
    let mut length = None;
    loop {
        let mut line = String::new();
        assert!(conn.read_line(&mut line).await.expect("read") > 0, "closed after {head:?}");
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.trim().parse::<usize>().expect("length"));
            }
        }
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length.expect("content-length")];
    conn.read_exact(&mut body).await.expect("body");
    (head, String::from_utf8(body).expect("utf-8"))
}

#[tokio::test]
async fn a_connection_is_served_before_and_after_it_sits_idle() {
    let gate = Gate::start_with(RULES).await;
    let mut conn = BufReader::new(TcpStream::connect(("127.0.0.1", gate.port)).await.expect("connect"));
    tokio::time::sleep(Duration::from_millis(1200)).await;
    for path in ["/public/first", "/public/second", "/public/third"] {
        let (head, body) = get(&mut conn, path).await;
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let echo = Echo(serde_json::from_str(&body).expect("echo"));
        assert_eq!(echo.uri(), path, "each answer belongs to its own request");
        tokio::time::sleep(Duration::from_millis(if path.ends_with("first") { 1200 } else { 0 })).await;
    }
    let (head, _) = get(&mut conn, "/private").await;
    assert!(head.starts_with("HTTP/1.1 401"), "still checked: {head}");
}

#[tokio::test]
async fn clients_that_leave_early_do_not_disturb_the_next() {
    let gate = Gate::start_with(RULES).await;
    for _ in 0..50 {
        drop(TcpStream::connect(("127.0.0.1", gate.port)).await.expect("connect"));
    }
    let mut half = TcpStream::connect(("127.0.0.1", gate.port)).await.expect("connect");
    half.write_all(format!("GET /public/x HTTP/1.1\r\nHost: {HOST}\r\n").as_bytes()).await.expect("write");
    drop(half);
    let mut conn = BufReader::new(TcpStream::connect(("127.0.0.1", gate.port)).await.expect("connect"));
    let (head, _) = get(&mut conn, "/public/after").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
}

#[tokio::test]
async fn pipelined_requests_are_answered_in_order() {
    let gate = Gate::start_with(RULES).await;
    let mut conn = BufReader::new(TcpStream::connect(("127.0.0.1", gate.port)).await.expect("connect"));
    let paths = ["/public/one", "/public/two", "/private", "/public/three"];
    let requests: String = paths.iter().map(|p| format!("GET {p} HTTP/1.1\r\nHost: {HOST}\r\n\r\n")).collect();
    // All at once, in one write, before reading any answer.
    conn.get_mut().write_all(requests.as_bytes()).await.expect("write");
    for path in paths {
        let (head, body) = tokio::time::timeout(Duration::from_secs(10), read_response(&mut conn)).await.expect("an answer in time");
        if path == "/private" {
            assert!(head.starts_with("HTTP/1.1 401"), "a pipelined request is judged like any other: {head}");
            continue;
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
        assert_eq!(Echo(serde_json::from_str(&body).expect("echo")).uri(), path);
    }
    // The connection then waits for more as usual.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (head, _) = get(&mut conn, "/public/later").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
}

#[tokio::test]
async fn a_session_ended_elsewhere_is_refused_on_a_connection_that_used_it() {
    let gate = Gate::start_with(RULES).await;
    let b = gate.browser();
    b.sign_up("alice").await;
    let (kept_session, other) = (b.cookie("portcullis_session").expect("session"), gate.browser());
    other.sign_up("bob").await;
    let mut conn = BufReader::new(TcpStream::connect(("127.0.0.1", gate.port)).await.expect("connect"));
    let mut ask = async |cookie: &str| {
        let request = format!("GET /private HTTP/1.1\r\nHost: {HOST}\r\nCookie: portcullis_session={cookie}\r\n\r\n");
        conn.get_mut().write_all(request.as_bytes()).await.expect("write");
        read_response(&mut conn).await.0
    };
    for _ in 0..3 {
        let head = ask(&kept_session).await;
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    }
    let bobs = other.cookie("portcullis_session").expect("session");
    assert!(ask(&bobs).await.starts_with("HTTP/1.1 200"), "another session on the same connection");
    assert!(ask(&kept_session).await.starts_with("HTTP/1.1 200"));
    other.sign_out().await;
    assert!(ask(&bobs).await.starts_with("HTTP/1.1 401"), "ended on another connection");
    assert!(ask(&kept_session).await.starts_with("HTTP/1.1 200"), "the others stay");
    b.sign_out().await;
    let head = ask(&kept_session).await;
    assert!(head.starts_with("HTTP/1.1 401"), "the connection's own session, ended elsewhere: {head}");
}
