//! What reaches the upstream: identity headers only from the gate, no gate cookies,
//! forwarded headers from the connection.

use crate::harness::{raw, Echo, Gate, HOST};

fn echo_of(response: &str) -> Echo {
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    Echo(serde_json::from_str(body).unwrap_or_else(|_| panic!("no echo in {response}")))
}

#[tokio::test]
async fn spoofed_identity_headers_are_stripped_on_a_bypass_path() {
    let gate = Gate::start().await;
    let request = format!(
        "GET /public/x HTTP/1.1\r\nHost: {HOST}\r\nRemote-User: mallory\r\nREMOTE-USER: mallory2\r\n\
         remote_user: mallory3\r\nRemote_Groups: admins\r\nX-Forwarded-User: mallory\r\n\
         X_Forwarded_Email: m@evil\r\nRemote-Email: m@evil\r\nX-Forwarded-For: 6.6.6.6\r\n\
         X-Original-URL: /admin/\r\nConnection: close\r\n\r\n"
    );
    let echo = echo_of(&raw(gate.port, &request).await);
    for name in ["remote-user", "remote-groups", "remote-email", "x-forwarded-user", "x-forwarded-email", "x-original-url"] {
        assert!(echo.header_all(name).is_empty(), "{name} reached the upstream: {:?}", echo.header_all(name));
    }
    assert_eq!(echo.header("x-forwarded-for").as_deref(), Some("127.0.0.1"), "XFF comes from the socket");
    assert_eq!(echo.header("x-forwarded-proto").as_deref(), Some("http"));
    assert_eq!(echo.header("x-forwarded-host").as_deref(), Some(HOST), "the Host the client sent");
}

#[tokio::test]
async fn spoofed_identity_headers_are_replaced_for_a_signed_in_user() {
    let gate = Gate::start().await;
    let b = gate.browser();
    b.sign_up("bob").await;
    b.jar.add_cookie_str("theme=dark", &gate.url("/").parse().expect("url"));
    let resp = b
        .client
        .get(gate.url("/page"))
        .header("remote-user", "alice")
        .header("remote_user", "alice")
        .header("remote-groups", "admins")
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), 200);
    let echo = Echo(resp.json().await.expect("json"));
    assert_eq!(echo.header_all("remote-user"), ["bob"]);
    assert_eq!(echo.header_all("remote-groups"), [""], "bob has no groups");
    assert_eq!(echo.header("remote-name").as_deref(), Some("bob"));
    let cookies = echo.header_all("cookie").join("; ");
    assert!(cookies.contains("theme=dark"), "the app's own cookies pass: {cookies}");
    assert!(!cookies.contains("portcullis"), "the gate's cookies do not: {cookies}");
}

#[tokio::test]
async fn identity_header_names_are_configurable_per_site() {
    let rules = "    headers:\n      user: X-App-User\n      groups: X-App-Groups\n    default: two_factor\n";
    let gate = Gate::start_with(rules).await;
    let b = gate.browser();
    b.sign_up("alice").await;
    let resp = b.client.get(gate.url("/")).header("x_app_user", "mallory").send().await.expect("get");
    let echo = Echo(resp.json().await.expect("json"));
    assert_eq!(echo.header_all("x-app-user"), ["alice"]);
    assert_eq!(echo.header("x-app-groups").as_deref(), Some("staff,admins"));
    assert_eq!(echo.header("remote-name").as_deref(), Some("Alice Example"));
    assert!(echo.header_all("remote-user").is_empty());
}

#[tokio::test]
async fn every_x_forwarded_for_line_counts() {
    let rules = "    rules:\n      - { path: \"^/intranet/\", networks: [10.0.0.0/8], action: bypass }\n    default: two_factor\n";
    let gate = Gate::start_with_top(rules, "trusted_proxies: [127.0.0.1/32]\n").await;
    let ask = |lines: &str| format!("GET /intranet/x HTTP/1.1\r\nHost: {HOST}\r\nAccept: text/html\r\n{lines}Connection: close\r\n\r\n");
    // A proxy that adds a line of its own (as HAProxy does) names the client last.
    let two_lines = raw(gate.port, &ask("X-Forwarded-For: 10.9.9.9\r\nX-Forwarded-For: 203.0.113.5\r\n")).await;
    assert!(two_lines.starts_with("HTTP/1.1 302"), "the client is 203.0.113.5, not in 10.0.0.0/8: {two_lines}");
    let inside = raw(gate.port, &ask("X-Forwarded-For: 203.0.113.5, 10.9.9.9\r\n")).await;
    assert!(inside.starts_with("HTTP/1.1 200"), "{inside}");
    assert_eq!(echo_of(&inside).header("x-forwarded-for").as_deref(), Some("203.0.113.5, 10.9.9.9, 127.0.0.1"));
}

/// An upstream that keeps the header block of each request as it came over the wire (hyper,
/// the harness's, gives names in lower case) and answers 200.
async fn wire_upstream() -> (std::net::SocketAddr, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = std::sync::Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let mut block = Vec::new();
            let mut buf = [0u8; 4096];
            while !block.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => block.extend_from_slice(&buf[..n]),
                }
            }
            kept.lock().expect("lock").push(String::from_utf8_lossy(&block).into_owned());
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok").await;
        }
    });
    (addr, seen)
}

#[tokio::test]
async fn header_names_go_in_lower_case_unless_a_site_preserves_them() {
    let (up, seen) = wire_upstream().await;
    let sites = format!(
        "    default: two_factor\n  - host: lower.localhost\n    upstream: {up}\n    default: bypass\n\
         \x20 - host: kept.localhost\n    upstream: {up}\n    header_case: preserve\n    default: bypass\n"
    );
    let gate = Gate::start_with(&sites).await;
    let ask = |host: &str, target: &str| {
        format!(
            "GET {target} HTTP/1.1\r\nHost: {host}\r\nX-Client-Thing: 1\r\nUser-Agent: Test/1\r\nRemote-User: mallory\r\n\
             Cookie: theme=dark; portcullis_session=x\r\nConnection: close\r\n\r\n"
        )
    };
    let mut blocks = Vec::new();
    for (host, target) in
        [("lower.localhost", "/a;p=1?q=%2F"), ("kept.localhost", "/a;p=1?q=%2F"), ("lower.localhost", "http://lower.localhost/b?x")]
    {
        let answer = raw(gate.port, &ask(host, target)).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        blocks.push(seen.lock().expect("lock").pop().expect("the upstream got it"));
    }
    let [lower, kept, absolute] = &blocks[..] else { unreachable!() };
    assert!(lower.starts_with("GET /a;p=1?q=%2F HTTP/1.1\r\n"), "the target as it came: {lower}");
    assert!(lower.contains("\r\nx-client-thing: 1\r\n") && lower.contains("\r\nuser-agent: Test/1\r\n"), "{lower}");
    assert!(lower.contains("\r\nx-forwarded-for: 127.0.0.1\r\n") && lower.contains("\r\ncookie: theme=dark\r\n"), "{lower}");
    assert!(kept.starts_with("GET /a;p=1?q=%2F HTTP/1.1\r\n"), "{kept}");
    assert!(kept.contains("\r\nX-Client-Thing: 1\r\n") && kept.contains("\r\nUser-Agent: Test/1\r\n"), "as the client wrote them: {kept}");
    assert!(kept.contains("\r\ncookie: theme=dark\r\n"), "the Cookie line the gate rewrote: {kept}");
    assert!(absolute.starts_with("GET /b?x HTTP/1.1\r\n"), "an absolute target goes on in origin form: {absolute}");
    for block in &blocks {
        assert!(!block.to_ascii_lowercase().contains("remote-user"), "a client's claim went on: {block}");
        assert!(!block.contains("portcullis_session"), "{block}");
    }
}
