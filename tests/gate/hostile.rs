//! The hostile-input suite: one row per attack that auth proxies have fallen for, each sent
//! as raw HTTP to the real gate, with what must happen instead.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::Value;

use crate::harness::{raw, Echo, Gate, HOST};

mod bypass;

const RULES: &str = r#"
    rules:
      - { path: "^/public/", action: bypass }
      - { path: "^/admin/", action: deny }
    default: two_factor
"#;

enum Expect {
    /// This status, and nothing reached the upstream unauthenticated.
    Status(u16),
    /// A redirect to exactly this location.
    Location(&'static str),
    /// Forwarded; the upstream saw no identity header the client sent.
    ForwardedClean,
    /// Forwarded as the signed-in user, with exactly one `Remote-User`.
    ForwardedAs(&'static str),
}

struct Case {
    name: &'static str,
    /// `{session}` is replaced by a valid session cookie value, `{forged:...}` by a token
    /// built in the test.
    request: String,
    expect: Expect,
}

fn get(path: &str, extra: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: text/html\r\n{extra}Connection: close\r\n\r\n")
}

fn signed_in(path: &str, extra: &str) -> String {
    get(path, &format!("Cookie: portcullis_session={{session}}\r\n{extra}"))
}

fn with_token(token: &str) -> String {
    get("/secret", &format!("Cookie: portcullis_session={token}\r\n"))
}

fn cases(session: &str, key: &[u8]) -> Vec<Case> {
    use Expect::*;
    let redirect = |rd: &str| signed_in(&format!("/.portcullis/login?rd={rd}"), "");
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(session.split('.').nth(1).expect("payload")).expect("b64")).expect("json");
    let sid = claims["sid"].as_str().expect("sid").to_string();
    let sign = |claims: Value, key: &[u8]| {
        jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &jsonwebtoken::EncodingKey::from_secret(key)).expect("sign")
    };
    let now = portcullis::clock::now();
    let mut flipped = session.as_bytes().to_vec();
    let i = flipped.len() / 2;
    flipped[i] = if flipped[i] == b'a' { b'b' } else { b'a' };
    let flipped = String::from_utf8(flipped).expect("ascii");
    let alg_none = format!("{}.{}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#), session.split('.').nth(1).expect("payload"));
    let rows = vec![
        // Open redirects after login.
        ("rd //evil.com", redirect("%2F%2Fevil.com"), Location("/")),
        ("rd /\\evil.com", redirect("%2F%5Cevil.com"), Location("/")),
        ("rd /%09/evil.com", redirect("%2F%2509%2Fevil.com"), Location("/")),
        ("rd /%2F%2Fevil.com", redirect("%2F%252F%252Fevil.com"), Location("/")),
        ("rd https:evil.com", redirect("https%3Aevil.com"), Location("/")),
        ("rd http://app.localhost.evil.com", redirect("http%3A%2F%2Fapp.localhost.evil.com%2F"), Location("/")),
        ("rd @evil.com", redirect("%40evil.com"), Location("/")),
        ("rd own absolute URL", redirect("http%3A%2F%2Fapp.localhost%2Fok"), Location("/ok")),
        // Identity header spoofing, bypassed path.
        ("Remote-User on bypass", get("/public/x", "Remote-User: root\r\n"), ForwardedClean),
        ("REMOTE-USER on bypass", get("/public/x", "REMOTE-USER: root\r\n"), ForwardedClean),
        ("remote_user on bypass", get("/public/x", "remote_user: root\r\n"), ForwardedClean),
        ("Remote_Groups on bypass", get("/public/x", "Remote_Groups: admins\r\n"), ForwardedClean),
        ("X_Forwarded_Email on bypass", get("/public/x", "X_Forwarded_Email: root@x\r\n"), ForwardedClean),
        ("duplicate Remote-User on bypass", get("/public/x", "Remote-User: a\r\nRemote-User: b\r\n"), ForwardedClean),
        ("Remote-Auth-Time and remote_auth_via on bypass", get("/public/x", "Remote-Auth-Time: 1\r\nremote_auth_via: code\r\n"), ForwardedClean),
        ("forged Remote-Auth-Time when signed in", signed_in("/x", "Remote-Auth-Time: 1\r\n"), ForwardedAs("alice")),
        // Identity header spoofing, signed in.
        ("Remote-User when signed in", signed_in("/x", "Remote-User: root\r\n"), ForwardedAs("alice")),
        ("remote_user when signed in", signed_in("/x", "remote_user: root\r\n"), ForwardedAs("alice")),
        ("duplicate REMOTE-USER when signed in", signed_in("/x", "REMOTE-USER: a\r\nREMOTE-USER: b\r\n"), ForwardedAs("alice")),
        // Rule bypass attempts.
        ("/admin/../admin/", get("/admin/../admin/x", ""), Status(403)),
        ("//admin/", get("//admin/x", ""), Status(403)),
        ("/%61dmin/", get("/%61dmin/x", ""), Status(403)),
        ("/./admin/", get("/./admin/x", ""), Status(403)),
        ("/ADMIN/ (case-sensitive rule) still needs login", get("/ADMIN/x", ""), Status(302)),
        ("/public/..%2fadmin", get("/public/..%2fadmin/x", ""), Status(400)),
        ("/public/..%5cadmin", get("/public/..%5cadmin/x", ""), Status(400)),
        ("/public/../secret", get("/public/../secret", ""), Status(302)),
        ("query names a bypass path", get("/secret?/public/", ""), Status(302)),
        ("query parameter with a bypass path", get("/secret?next=/public/x", ""), Status(302)),
        ("X-Original-URL", get("/secret", "X-Original-URL: /public/x\r\n"), Status(302)),
        ("X-Forwarded-Uri", get("/secret", "X-Forwarded-Uri: /public/x\r\n"), Status(302)),
        ("X-Rewrite-URL", get("/secret", "X-Rewrite-URL: /public/x\r\n"), Status(302)),
        ("X-Original-URL on bypass is stripped", get("/public/x", "X-Original-URL: /admin/x\r\n"), ForwardedClean),
        // pingora refuses a target whose authority differs from Host before we see it.
        ("absolute-form target for another host", format!("GET http://evil.com/secret HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"), Status(400)),
        // Cookie tampering.
        ("valid session (control)", with_token(session), ForwardedAs("alice")),
        ("bit flip", with_token(&flipped), Status(302)),
        ("truncated", with_token(&session[..session.len() - 5]), Status(302)),
        ("wrong key", with_token(&sign(serde_json::json!({"sid": sid, "exp": now + 3600}), b"not the key at all, not at all!!")), Status(302)),
        ("alg none", with_token(&alg_none), Status(302)),
        ("expired", with_token(&sign(serde_json::json!({"sid": sid, "exp": now - 10}), key)), Status(302)),
        ("far-future iat, unknown session id", with_token(&sign(serde_json::json!({"sid": URL_SAFE_NO_PAD.encode([7u8; 32]), "exp": now + 3600, "iat": now + 10_000_000}), key)), Status(302)),
        ("no exp", with_token(&sign(serde_json::json!({"sid": sid}), key)), Status(302)),
        // Framing.
        ("Content-Length with Transfer-Encoding", format!("POST /public/x HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"), Status(400)),
        ("oversized headers", get("/public/x", &format!("X-Big: {}\r\n", "a".repeat(40 * 1024))), Status(431)),
        ("unknown host", "GET /public/x HTTP/1.1\r\nHost: evil.com\r\nConnection: close\r\n\r\n".to_string(), Status(421)),
        ("host suffix trick", format!("GET /public/x HTTP/1.1\r\nHost: {HOST}.evil.com\r\nConnection: close\r\n\r\n"), Status(421)),
        // An unknown host gets the portal's own files, and nothing else through them.
        ("unknown host, a site's logo", "GET /.portcullis/logo HTTP/1.1\r\nHost: evil.com\r\nConnection: close\r\n\r\n".to_string(), Status(421)),
        ("unknown host, dot segments to a file", "GET /.portcullis/static/../static/portal.css HTTP/1.1\r\nHost: evil.com\r\nConnection: close\r\n\r\n".to_string(), Status(421)),
        ("unknown host, a doubled slash", "GET //.portcullis/static/portal.css HTTP/1.1\r\nHost: evil.com\r\nConnection: close\r\n\r\n".to_string(), Status(421)),
        ("oversized login form", format!("POST /.portcullis/login HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 20000\r\nConnection: close\r\n\r\n{}", "a".repeat(20000)), Status(413)),
        ("login without a CSRF token", format!("POST /.portcullis/login HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 32\r\nConnection: close\r\n\r\nusername=alice&password=whatever"), Status(403)),
        // Signed-in forms, posted from elsewhere with the session cookie but no CSRF token.
        ("revoke devices without a CSRF token", signed_in_post("/devices", "action=revoke-all"), Status(403)),
        ("new backup codes without a CSRF token", signed_in_post("/backup-codes", "code=123456"), Status(403)),
        ("email a code without a CSRF token", signed_in_post("/send-code", "rd=%2F"), Status(403)),
        ("backup code without a CSRF token", signed_in_post("/recover", "code=abcd-efgh"), Status(403)),
        ("sign out with forget without a CSRF token", signed_in_post("/logout", "forget=1"), Status(403)),
    ];
    rows.into_iter().map(|(name, request, expect)| Case { name, request, expect }).collect()
}

/// A form posted to a portal page with the signed-in session's cookie and nothing else.
fn signed_in_post(page: &str, body: &str) -> String {
    format!(
        "POST /.portcullis{page} HTTP/1.1\r\nHost: {HOST}\r\nCookie: portcullis_session={{session}}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn status_of(response: &str) -> u16 {
    response.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0)
}

fn header_of<'r>(response: &'r str, name: &str) -> Option<&'r str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()))
}

fn echo_of(response: &str) -> Option<Echo> {
    let body = response.split_once("\r\n\r\n")?.1;
    serde_json::from_str(body).ok().map(Echo)
}

#[tokio::test]
async fn hostile_inputs_are_refused_or_neutralised() {
    let gate = Gate::start_with(RULES).await;
    let b = gate.browser();
    b.sign_up("alice").await;
    let url: reqwest::Url = gate.url("/").parse().expect("url");
    let cookies = reqwest::cookie::CookieStore::cookies(b.jar.as_ref(), &url).expect("cookies");
    let session =
        cookies.to_str().expect("ascii").split("; ").find_map(|c| c.strip_prefix("portcullis_session=")).expect("session").to_string();
    let key = STANDARD.decode(std::fs::read_to_string(gate.data_dir().join("data/session.key")).expect("key").trim()).expect("b64");

    let mut failures = Vec::new();
    for case in cases(&session, &key) {
        let response = raw(gate.port, &case.request.replace("{session}", &session)).await;
        let status = status_of(&response);
        let verdict = match &case.expect {
            Expect::Status(want) => (status == *want && echo_of(&response).is_none()).then_some(()).ok_or(format!("want {want}")),
            Expect::Location(want) => {
                (status == 302 && header_of(&response, "location") == Some(want)).then_some(()).ok_or(format!("want 302 to {want}"))
            }
            Expect::ForwardedClean => match echo_of(&response) {
                Some(echo) if status == 200 => {
                    let leaked: Vec<_> =
                        ["remote-user", "remote-groups", "x-forwarded-email", "x-original-url", "remote-auth-time", "remote-auth-via"]
                            .into_iter()
                            .filter(|h| !echo.header_all(h).is_empty())
                            .collect();
                    leaked.is_empty().then_some(()).ok_or(format!("leaked {leaked:?}"))
                }
                _ => Err("want a forwarded request".into()),
            },
            Expect::ForwardedAs(user) => match echo_of(&response) {
                Some(echo)
                    if status == 200
                        && echo.header_all("remote-user") == [user.to_string()]
                        && echo.header_all("remote-auth-time").len() == 1
                        && echo.header_all("remote-auth-time") != ["1"] =>
                {
                    Ok(())
                }
                Some(echo) => Err(format!(
                    "remote-user {:?}, remote-auth-time {:?}",
                    echo.header_all("remote-user"),
                    echo.header_all("remote-auth-time")
                )),
                None => Err("want a forwarded request".into()),
            },
        };
        if let Err(why) = verdict {
            failures.push(format!("{}: {why}; got {}", case.name, response.lines().next().unwrap_or("nothing")));
        }
    }
    assert!(failures.is_empty(), "{} hostile inputs got through:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn a_username_cannot_forge_a_log_line() {
    let gate = Gate::start().await;
    let b = gate.browser();
    for forged in
        ["mallory\nINFO portcullis: signed in user=alice", "mallory\r\nINFO forged", "mallory\u{2028}INFO forged", "nobody ip=10.66.66.66"]
    {
        assert_eq!(b.password(forged, "wrong", "/").await.status, 401);
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while gate.log().matches("wrong username or password").count() < 4 {
        assert!(std::time::Instant::now() < deadline, "{}", gate.log());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let log = gate.log();
    assert!(!log.lines().any(|l| l.starts_with("INFO")), "a forged line:\n{log}");
    assert!(!log.contains('\u{2028}'), "{log}");
    assert!(log.contains(r#"user="mallory\nINFO portcullis: signed in user=alice""#), "the value is kept, quoted and escaped:\n{log}");
    assert!(log.contains(r#"user="mallory\r\nINFO forged""#) && log.contains(r#"user="mallory\u{2028}INFO forged""#), "{log}");
    assert!(log.contains(r#"user="nobody ip=10.66.66.66" ip=127.0.0.1"#), "a value cannot pose as another field:\n{log}");
}
