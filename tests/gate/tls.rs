//! The HTTPS listener: Secure, `__Host-` cookies and `X-Forwarded-Proto: https`.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::h2::Tls;
use crate::harness::{csrf_from, enc, Browser, Echo, Gate, DEFAULT_RULES, FIREFOX, HOST, PASSWORD};

/// Sends `request` over TLS offering no ALPN protocol, as an HTTP/1.1-only client does.
async fn https(tls: &Tls, request: &str) -> String {
    let mut conn = tls.connect("127.0.0.1", HOST, &[]).await;
    conn.write_all(request.as_bytes()).await.expect("write");
    let mut out = Vec::new();
    // The server closes after answering; the timeout only bounds a hang. A login hashes a
    // password at low priority, which a busy machine can delay by seconds.
    let _ = tokio::time::timeout(Duration::from_secs(30), conn.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn the_https_listener_marks_cookies_secure_and_tells_the_upstream() {
    let tls = Tls::new(&[HOST]);
    let _gate = Gate::start_with_top(DEFAULT_RULES, tls.top()).await;
    tls.wait().await;

    let response = https(&tls, &format!("GET /public/x HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n")).await;
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    let echo = Echo(serde_json::from_str(body).unwrap_or_else(|_| panic!("no echo: {response}")));
    assert_eq!(echo.header("x-forwarded-proto").as_deref(), Some("https"));

    let set_cookie = |response: &str, name: &str| {
        let line = response.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:") && l.contains(name));
        line.unwrap_or_else(|| panic!("no {name} cookie: {response}")).to_string()
    };
    let page = https(&tls, &format!("GET /.portcullis/login HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n")).await;
    let csrf_cookie = set_cookie(&page, "__Host-portcullis_csrf=");
    assert!(csrf_cookie.contains("Secure") && csrf_cookie.contains("SameSite=Strict"), "{csrf_cookie}");
    let seed = csrf_cookie.split_once(": ").and_then(|(_, c)| c.split(';').next()).expect("cookie pair").to_string();
    let token = csrf_from(&page).expect("csrf token");

    let form = format!("username=alice&password={}&rd=%2F&csrf={}", enc(PASSWORD), enc(&token));
    let request = format!(
        "POST /.portcullis/login HTTP/1.1\r\nHost: {HOST}\r\nCookie: {seed}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let response = https(&tls, &request).await;
    assert!(response.starts_with("HTTP/1.1 302"), "{response}");
    let cookie = set_cookie(&response, "__Host-portcullis_session=");
    for attr in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
}

/// Behind a TLS-terminating proxy (nginx, a load balancer) the gate hears plain HTTP; the
/// proxy's `X-Forwarded-Proto: https` counts only when the proxy is trusted.
#[tokio::test]
async fn a_trusted_proxy_terminating_tls_gets_secure_cookies() {
    let gate = Gate::start_with_top(DEFAULT_RULES, "trusted_proxies: [127.0.0.2/32]\n").await;
    let login = |from: &'static str| {
        let client = Browser::at(gate.port, from, FIREFOX).client;
        let url = gate.url("/.portcullis/login");
        async move {
            let resp = client.get(url).header("x-forwarded-proto", "https").send().await.expect("get");
            resp.headers().get_all("set-cookie").iter().map(|v| v.to_str().expect("cookie").to_string()).collect::<Vec<_>>()
        }
    };
    let trusted = login("127.0.0.2").await;
    assert!(trusted.iter().any(|c| c.starts_with("__Host-portcullis_csrf=") && c.contains("Secure")), "{trusted:?}");
    let untrusted = login("127.0.0.1").await;
    assert!(untrusted.iter().any(|c| c.starts_with("portcullis_csrf=") && !c.contains("Secure")), "{untrusted:?}");
}
