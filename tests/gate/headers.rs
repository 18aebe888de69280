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
