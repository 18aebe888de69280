//! The HTTPS listener: Secure, `__Host-` cookies and `X-Forwarded-Proto: https`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::{self, pki_types::ServerName};

use crate::harness::{csrf_from, enc, free_port, Browser, Echo, Gate, DEFAULT_RULES, FIREFOX, HOST, PASSWORD};

async fn https(port: u16, root: &rustls::pki_types::CertificateDer<'static>, request: &str) -> String {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(root.clone()).expect("root");
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let name = ServerName::try_from(HOST).expect("name");
    let mut tls = tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp).await.expect("handshake");
    tls.write_all(request.as_bytes()).await.expect("write");
    let mut out = Vec::new();
    // The server closes after answering; the timeout only bounds a hang. A login hashes a
    // password at low priority, which a busy machine can delay by seconds.
    let _ = tokio::time::timeout(Duration::from_secs(30), tls.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn the_https_listener_marks_cookies_secure_and_tells_the_upstream() {
    let certs = tempfile::tempdir().expect("tempdir");
    let generated = rcgen::generate_simple_self_signed(vec![HOST.to_string()]).expect("cert");
    let (cert, key) = (certs.path().join("cert.pem"), certs.path().join("key.pem"));
    std::fs::write(&cert, generated.cert.pem()).expect("cert");
    std::fs::write(&key, generated.signing_key.serialize_pem()).expect("key");
    let tls_port = free_port();
    let top = format!("tls:\n  listen: 127.0.0.1:{tls_port}\n  cert: {}\n  key: {}\n", cert.display(), key.display());
    let _gate = Gate::start_with_top(DEFAULT_RULES, &top).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(("127.0.0.1", tls_port)).await.is_err() {
        assert!(Instant::now() < deadline, "no TLS listener");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let root = generated.cert.der().clone();

    let response = https(tls_port, &root, &format!("GET /public/x HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n")).await;
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    let echo = Echo(serde_json::from_str(body).unwrap_or_else(|_| panic!("no echo: {response}")));
    assert_eq!(echo.header("x-forwarded-proto").as_deref(), Some("https"));

    let set_cookie = |response: &str, name: &str| {
        let line = response.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:") && l.contains(name));
        line.unwrap_or_else(|| panic!("no {name} cookie: {response}")).to_string()
    };
    let page = https(tls_port, &root, &format!("GET /.portcullis/login HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n")).await;
    let csrf_cookie = set_cookie(&page, "__Host-portcullis_csrf=");
    assert!(csrf_cookie.contains("Secure") && csrf_cookie.contains("SameSite=Strict"), "{csrf_cookie}");
    let seed = csrf_cookie.split_once(": ").and_then(|(_, c)| c.split(';').next()).expect("cookie pair").to_string();
    let token = csrf_from(&page).expect("csrf token");

    let form = format!("username=alice&password={}&rd=%2F&csrf={}", enc(PASSWORD), enc(&token));
    let request = format!(
        "POST /.portcullis/login HTTP/1.1\r\nHost: {HOST}\r\nCookie: {seed}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let response = https(tls_port, &root, &request).await;
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
