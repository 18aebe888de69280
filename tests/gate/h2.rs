//! HTTP/2 on the TLS listener: offered by ALPN, and judged exactly as HTTP/1.1. A raw client
//! sends the very fields given (upper case, connection-specific, pseudo-headers out of
//! place), which no well-behaved HTTP/2 library lets through.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::{self, pki_types::CertificateDer, pki_types::ServerName};

use crate::harness::{client_builder, free_port, Browser, Gate, Received, DEFAULT_RULES, FIREFOX, HOST};

/// A certificate for the test hosts and the port of the gate's TLS listener.
pub struct Tls {
    pub port: u16,
    pub root: CertificateDer<'static>,
    top: String,
    _certs: tempfile::TempDir,
}

impl Tls {
    pub fn new(hosts: &[&str]) -> Tls {
        let certs = tempfile::tempdir().expect("tempdir");
        let generated = rcgen::generate_simple_self_signed(hosts.iter().map(|h| h.to_string()).collect::<Vec<_>>()).expect("cert");
        let (cert, key) = (certs.path().join("cert.pem"), certs.path().join("key.pem"));
        std::fs::write(&cert, generated.cert.pem()).expect("cert");
        std::fs::write(&key, generated.signing_key.serialize_pem()).expect("key");
        let port = free_port();
        let top = format!("tls:\n  listen: 127.0.0.1:{port}\n  cert: {}\n  key: {}\n", cert.display(), key.display());
        Tls { port, root: generated.cert.der().clone(), top, _certs: certs }
    }

    /// The config's `tls:` block.
    pub fn top(&self) -> &str {
        &self.top
    }

    /// Waits until the gate listens on the TLS port.
    pub async fn wait(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.is_err() {
            assert!(Instant::now() < deadline, "no TLS listener");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A TLS connection to `host` from the address `from`, offering the protocols `alpn`.
    pub async fn connect(&self, from: &str, host: &str, alpn: &[&[u8]]) -> TlsStream<tokio::net::TcpStream> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(self.root.clone()).expect("root");
        let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("protocols")
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.bind(SocketAddr::new(from.parse().expect("ip"), 0)).expect("bind");
        let tcp = socket.connect(SocketAddr::from(([127, 0, 0, 1], self.port))).await.expect("connect");
        let name = ServerName::try_from(host.to_string()).expect("name");
        tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp).await.expect("handshake")
    }

    /// A browser on `host` that speaks HTTP/2 where the gate offers it, from `from`.
    pub fn browser(&self, host: &str, from: &str) -> Browser {
        let builder = client_builder().add_root_certificate(reqwest::Certificate::from_der(&self.root).expect("root"));
        Browser::over_tls(builder, host, self.port, from, FIREFOX)
    }
}

/// What came back on the stream: the response, or a reset of the stream or connection.
#[derive(Debug, Default)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The stream or the connection was reset (the request was malformed).
    pub reset: bool,
}

impl Answer {
    /// As HTTP/1.1 would have written it, for the checks the HTTP/1.1 rows share; a reset is
    /// status 0.
    pub fn as_text(&self) -> String {
        let head: String = self.headers.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
        format!("HTTP/2.0 {:03}\r\n{head}\r\n{}", self.status, String::from_utf8_lossy(&self.body))
    }
}

/// A header block's fields, pseudo-headers included, as sent.
pub type Fields = Vec<(Vec<u8>, Vec<u8>)>;

const DATA: u8 = 0;
const HEADERS: u8 = 1;
const RST_STREAM: u8 = 3;
const SETTINGS: u8 = 4;
const GOAWAY: u8 = 7;
const CONTINUATION: u8 = 9;
const END_STREAM: u8 = 0x1;
const ACK: u8 = 0x1;
const END_HEADERS: u8 = 0x4;
const PADDED: u8 = 0x8;
const PRIORITY: u8 = 0x20;

fn frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(payload.len()).expect("frame size").to_be_bytes();
    let mut out = vec![len[1], len[2], len[3], kind, flags];
    out.extend_from_slice(&stream.to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// Sends one request of exactly `fields` (pseudo-headers included, in the order given) and
/// `body` on stream 1 of a new HTTP/2 connection to `host` from `from`, and reads the answer.
pub async fn send(tls: &Tls, from: &str, host: &str, fields: &[(Vec<u8>, Vec<u8>)], body: &[u8]) -> Answer {
    let mut conn = tls.connect(from, host, &[b"h2"]).await;
    assert_eq!(conn.get_ref().1.alpn_protocol(), Some(&b"h2"[..]), "the gate did not choose h2");
    let block = loona_hpack::Encoder::new().encode(fields.iter().map(|(n, v)| (n.as_slice(), v.as_slice())));
    let mut out = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    out.extend(frame(SETTINGS, 0, 0, &[]));
    out.extend(frame(HEADERS, END_HEADERS | if body.is_empty() { END_STREAM } else { 0 }, 1, &block));
    let chunks: Vec<&[u8]> = body.chunks(16_384).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        out.extend(frame(DATA, if i + 1 == chunks.len() { END_STREAM } else { 0 }, 1, chunk));
    }
    conn.write_all(&out).await.expect("write");
    match tokio::time::timeout(Duration::from_secs(30), read_answer(&mut conn)).await {
        Ok(answer) => answer,
        Err(_) => panic!("no answer on stream 1 within 30 s"),
    }
}

async fn read_answer(conn: &mut TlsStream<tokio::net::TcpStream>) -> Answer {
    let mut answer = Answer::default();
    let mut decoder = loona_hpack::Decoder::new();
    let mut block = Vec::new();
    loop {
        let mut head = [0u8; 9];
        if conn.read_exact(&mut head).await.is_err() {
            answer.reset |= answer.status == 0;
            return answer;
        }
        let len = u32::from_be_bytes([0, head[0], head[1], head[2]]) as usize;
        let (kind, flags, stream) = (head[3], head[4], u32::from_be_bytes([head[5], head[6], head[7], head[8]]) & 0x7fff_ffff);
        let mut payload = vec![0u8; len];
        conn.read_exact(&mut payload).await.expect("frame payload");
        match (kind, stream) {
            (SETTINGS, 0) if flags & ACK == 0 => conn.write_all(&frame(SETTINGS, ACK, 0, &[])).await.expect("ack"),
            (GOAWAY, 0) => {
                answer.reset |= answer.status == 0;
                return answer;
            }
            (RST_STREAM, 1) => {
                answer.reset = true;
                return answer;
            }
            (HEADERS | CONTINUATION, 1) => {
                block.extend_from_slice(unpadded(kind, flags, &payload));
                if flags & END_HEADERS != 0 {
                    for (name, value) in decoder.decode(&block).expect("hpack") {
                        let (name, value) = (String::from_utf8_lossy(&name).into_owned(), String::from_utf8_lossy(&value).into_owned());
                        match name.as_str() {
                            ":status" => answer.status = value.parse().expect("status"),
                            _ => answer.headers.push((name, value)),
                        }
                    }
                    block.clear();
                }
                if flags & END_STREAM != 0 {
                    return answer;
                }
            }
            (DATA, 1) => {
                answer.body.extend_from_slice(unpadded(kind, flags, &payload));
                if flags & END_STREAM != 0 {
                    return answer;
                }
            }
            _ => {}
        }
    }
}

/// A HEADERS or DATA frame's payload without its padding and priority fields.
fn unpadded(kind: u8, flags: u8, payload: &[u8]) -> &[u8] {
    let (pad, mut start) = if flags & PADDED != 0 { (payload[0] as usize, 1) } else { (0, 0) };
    if kind == HEADERS && flags & PRIORITY != 0 {
        start += 5;
    }
    &payload[start..payload.len() - pad]
}

/// Fields from `name: value` pairs, as bytes.
pub fn fields(pairs: &[(&str, &str)]) -> Fields {
    pairs.iter().map(|(n, v)| (n.as_bytes().to_vec(), v.as_bytes().to_vec())).collect()
}

/// An HTTP/1.1 request as an HTTP/2 client sends it: the request line's method and target as
/// pseudo-headers (an absolute-form target as `:scheme`, `:authority` and `:path`), the first
/// `Host` as `:authority` (where the target named none), the other fields as they came but
/// named in lower case and without `Connection`; the body as it came.
pub fn from_http1(request: &str) -> (Fields, Vec<u8>) {
    let (head, body) = request.split_once("\r\n\r\n").unwrap_or((request, ""));
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or_default();
    let mut parts = line.splitn(3, ' ');
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let absolute =
        target.split_once("://").filter(|(scheme, _)| scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"));
    let (mut authority, path) = match absolute {
        Some((_, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            (Some(authority.to_string()), if path.is_empty() { "/".to_string() } else { path.to_string() })
        }
        None => (None, target.to_string()),
    };
    let mut rest = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':').map_or((line, ""), |(n, v)| (n, v.trim()));
        match name.to_ascii_lowercase().as_str() {
            "connection" => {}
            "host" if authority.is_none() => authority = Some(value.to_string()),
            lower => rest.push((lower.as_bytes().to_vec(), value.as_bytes().to_vec())),
        }
    }
    let mut all = fields(&[(":method", method), (":scheme", "https"), (":path", &path)]);
    if let Some(authority) = authority {
        all.push((b":authority".to_vec(), authority.into_bytes()));
    }
    all.extend(rest);
    (all, body.as_bytes().to_vec())
}

async fn tls_gate() -> (Gate, Tls) {
    let tls = Tls::new(&[HOST]);
    let gate = Gate::start_with_top(DEFAULT_RULES, tls.top()).await;
    tls.wait().await;
    (gate, tls)
}

/// What the upstream got, and what the client was told.
fn summary(answer: &Answer, reached: &[Received]) -> String {
    format!("answer {} (reset: {}), the app got {:?}", answer.status, answer.reset, reached.iter().map(|r| &r.target).collect::<Vec<_>>())
}

#[tokio::test]
async fn a_browser_speaking_http2_signs_in_and_is_forwarded() {
    let (gate, tls) = tls_gate().await;
    let browser = tls.browser(HOST, "127.0.0.1");
    let resp = browser.client.get(format!("https://{HOST}:{}/.portcullis/login", tls.port)).send().await.expect("get");
    assert_eq!(resp.version(), reqwest::Version::HTTP_2, "ALPN did not lead to HTTP/2");
    browser.sign_up("alice").await;
    let echo = browser.echo("/reports/q?x=1").await;
    assert_eq!(echo.uri(), "/reports/q?x=1");
    assert_eq!(echo.header("remote-user").as_deref(), Some("alice"));
    assert_eq!(echo.header("host"), Some(format!("{HOST}:{}", tls.port)), "the app hears HTTP/1.1 with a Host");
    assert_eq!(echo.header("x-forwarded-proto").as_deref(), Some("https"));
    assert_eq!(echo.header("x-forwarded-host"), Some(format!("{HOST}:{}", tls.port)), "from :authority, port and all");
    assert!(echo.header_all("cookie").iter().all(|c| !c.contains("portcullis")), "{:?}", echo.header_all("cookie"));
    // A client that offers only HTTP/1.1 still gets it.
    let mut h1 = tls.connect("127.0.0.1", HOST, &[b"http/1.1"]).await;
    h1.write_all(format!("GET /public/x HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n").as_bytes()).await.expect("write");
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), h1.read_to_end(&mut out)).await;
    assert!(out.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&out));
    drop(gate);
}

/// An HTTP/2 client may send each cookie in a field of its own (RFC 9113 §8.2.3): the gate
/// finds its session in any of them, and the app gets the others as one `Cookie` line.
#[tokio::test]
async fn cookies_in_separate_fields_are_read_and_joined() {
    let (gate, tls) = tls_gate().await;
    let browser = tls.browser(HOST, "127.0.0.1");
    browser.sign_up("alice").await;
    let session = browser.cookie("__Host-portcullis_session").expect("session cookie");
    let session = format!("__Host-portcullis_session={session}");
    gate.take_received();
    let request = fields(&[
        (":method", "GET"),
        (":scheme", "https"),
        (":path", "/x"),
        (":authority", HOST),
        ("cookie", "a=1"),
        ("cookie", &session),
        ("cookie", "b=2"),
    ]);
    let answer = send(&tls, "127.0.0.1", HOST, &request, b"").await;
    let reached = gate.take_received();
    assert_eq!(answer.status, 200, "{}", summary(&answer, &reached));
    let [one] = reached.as_slice() else { panic!("{}", summary(&answer, &reached)) };
    assert_eq!(one.header_all("remote-user"), ["alice"]);
    assert_eq!(one.header_all("cookie"), ["a=1; b=2"]);
}

/// Requests only HTTP/2 can send, or sends otherwise; none may reach the app unjudged.
#[tokio::test]
async fn malformed_http2_requests_reach_nothing() {
    let (gate, tls) = tls_gate().await;
    fn base(path: &str) -> Vec<(&str, &str)> {
        vec![(":method", "GET"), (":scheme", "https"), (":path", path), (":authority", HOST)]
    }
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut all = base("/public/x");
        all.extend_from_slice(extra);
        fields(&all)
    };
    let rows: Vec<(&str, Fields, &[u8])> = vec![
        ("connection: keep-alive", with(&[("connection", "keep-alive")]), b""),
        ("keep-alive", with(&[("keep-alive", "timeout=5")]), b""),
        ("transfer-encoding: chunked", with(&[("transfer-encoding", "chunked")]), b""),
        ("te: gzip", with(&[("te", "gzip")]), b""),
        ("upgrade: websocket", with(&[("upgrade", "websocket")]), b""),
        ("proxy-connection", with(&[("proxy-connection", "keep-alive")]), b""),
        ("an upper-case field name", with(&[("Remote-User", "root")]), b""),
        ("Host naming another site than :authority", with(&[("host", "other.localhost")]), b""),
        ("Host with another port than :authority", with(&[("host", "app.localhost:1")]), b""),
        ("two Host fields", with(&[("host", HOST), ("host", HOST)]), b""),
        (
            "a pseudo-header after a field",
            fields(&[(":method", "GET"), ("x-a", "1"), (":path", "/public/x"), (":scheme", "https"), (":authority", HOST)]),
            b"",
        ),
        (
            "two :path",
            fields(&[(":method", "GET"), (":scheme", "https"), (":path", "/public/x"), (":path", "/private"), (":authority", HOST)]),
            b"",
        ),
        ("no :path", fields(&[(":method", "GET"), (":scheme", "https"), (":authority", HOST)]), b""),
        ("an unknown pseudo-header", with(&[(":protocol", "websocket")]), b""),
        ("no :authority nor Host", fields(&[(":method", "GET"), (":scheme", "https"), (":path", "/public/x")]), b""),
        ("a :path without its slash", fields(&base("private/x")), b""),
        ("a :path of * for GET", fields(&base("*")), b""),
        ("a :path of a back-slashed target", fields(&base("\\private\\x")), b""),
        ("a :path with a line feed", fields(&base("/public/x\nX-A: b")), b""),
        ("a :path escaping the bypassed prefix", fields(&base("/public/%2e%2e/private")), b""),
        ("a :path with a servlet parameter", fields(&base("/public/..;/private")), b""),
        ("CONNECT to the site", fields(&[(":method", "CONNECT"), (":authority", "app.localhost:443")]), b""),
        ("two content-type fields", with(&[("content-type", "text/plain"), ("content-type", "application/x-www-form-urlencoded")]), b"a=1"),
        ("two content-length fields", with(&[("content-length", "3"), ("content-length", "3")]), b"a=1"),
        ("a content-length list", with(&[("content-length", "3, 3")]), b"a=1"),
        ("a field value with a NUL", with(&[("x-a", "a\0b")]), b""),
    ];
    let mut failures = Vec::new();
    for (name, request, body) in rows {
        gate.take_received();
        let answer = send(&tls, "127.0.0.1", HOST, &request, body).await;
        // What was sent on before the stream was reset reaches the app a moment later.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let reached = gate.take_received();
        if !reached.is_empty() || (200..300).contains(&answer.status) {
            failures.push(format!("{name}: {}", summary(&answer, &reached)));
        }
    }
    assert!(failures.is_empty(), "{} rows failed:\n{}\n{}", failures.len(), failures.join("\n"), gate.log());
    // A body longer than its length is found out only as it comes, once the request has
    // gone on: the app gets no more than the length said, so no second request in the rest.
    let answer = send(&tls, "127.0.0.1", HOST, &with(&[("content-length", "1")]), b"aGET /admin/x HTTP/1.1\r\n\r\n").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let reached = gate.take_received();
    assert!(reached.iter().all(|r| r.target == "/public/x" && r.body.len() <= 1), "{}", summary(&answer, &reached));
    // The well-formed twin of every row above is forwarded: the rows fail for their fault.
    let answer = send(&tls, "127.0.0.1", HOST, &with(&[("te", "trailers"), ("x-a", "1")]), b"").await;
    assert_eq!((answer.status, gate.take_received().len()), (200, 1), "{answer:?}");
}
