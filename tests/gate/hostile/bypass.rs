//! Request-level bypasses: requests an app could read otherwise than the gate. Each row is
//! sent as raw bytes to the gate, and through the nginx forward-auth example, on a site that
//! bypasses `^/$` and on a two-factor site; the upstream records what it receives, so what
//! reached the app is checked, not only what the client was told.

use portcullis::policy::PathCase;
use portcullis::web::identity::IDENTITY_HEADERS;

use crate::forward_auth::example_config;
use crate::h2::{self, Tls};
use crate::harness::{code, raw, raw_from, Browser, Gate, Nginx, Received, FIREFOX, HOST};

const SITES: &str = r#"
    strip_headers: ["x-legacy-*"]
    rules:
      - { path: "^/public/", action: bypass }
      - { path: "^/admin/", action: deny }
      - { path: "^/docs/", methods: [DELETE, PUT], action: deny }
      - { path: "^/docs/", action: bypass }
      - { path: "^/reports/", methods: [GET], action: deny }
      - { path: "^/hook/", methods: [POST], action: bypass }
    default: two_factor
  - host: root.localhost
    upstream: {upstream}
    path_case: insensitive
    method_override: judge
    rules:
      - { path: "^/$", action: bypass }
      - { path: "^/admin/", action: deny }
      - { path: "^/docs/", methods: [DELETE], action: deny }
      - { path: "^/docs/", action: bypass }
    default: two_factor
"#;
/// The site that bypasses `^/$` (case-insensitive, judging method overrides).
const ROOT: &str = "root.localhost";
const TRUSTING_LOOPBACK: &str = "trusted_proxies: [127.0.0.1/32]\n";

/// Through nginx, which refuses some requests itself and turns some of the gate's answers
/// into its own, a refusal or a sign-in is any answer but a 2xx, as long as nothing reached
/// the app.
#[derive(Debug)]
enum Expect {
    /// This status, and nothing reached the app.
    Refused(u16),
    /// Sent to sign in (a 302 to the login page), and nothing reached the app.
    SignIn,
    /// Any 3xx or 4xx, and nothing reached the app.
    NotReached,
    /// Reached the app once, as exactly this method and target.
    Reached(&'static str, &'static str),
    /// Reached the app once as the signed-in alice, as exactly this method and target.
    ReachedAsAlice(&'static str, &'static str),
    /// Reached the app once, as exactly this method, target and body.
    ReachedWithBody(&'static str, &'static str, &'static str),
    /// Reached the app; its answer tried to set the gate's cookies, which the client never sees.
    NoGateCookies,
}

struct Row {
    name: &'static str,
    /// `{app}` and `{root}` stand for a `Cookie` header with alice's session on that site.
    request: String,
    expect: Expect,
    /// Through nginx the same holds. Where it cannot (the proxy sends the request on, not the
    /// gate), only that nothing denied or forged reaches the app is checked.
    via_nginx: bool,
}

fn request(method: &str, target: &str, host: &str, extra: &str) -> String {
    format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nAccept: text/html\r\n{extra}Connection: close\r\n\r\n")
}

/// The framing of a url-encoded form of `length` bytes.
fn form_type(length: usize) -> String {
    format!("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n")
}

fn post(target: &str, host: &str, framing: &str, body: &str) -> String {
    format!("POST {target} HTTP/1.1\r\nHost: {host}\r\n{framing}Connection: close\r\n\r\n{body}")
}

/// Every identity header of the well-known list, with the value `forged`.
fn every_identity_header() -> String {
    IDENTITY_HEADERS.iter().map(|name| format!("{name}: forged\r\n")).collect()
}

fn rows() -> Vec<Row> {
    use Expect::*;
    let smuggled = format!("GET /admin/x HTTP/1.1\r\nHost: {ROOT}\r\n\r\n");
    let n = smuggled.len();
    let rows: Vec<(&'static str, String, Expect)> = vec![
        // 1. The target judged is the target sent: nothing but origin form (and the two others).
        ("x:/private/x on a site that bypasses /", request("GET", "x:/private/x", ROOT, ""), Refused(400)),
        ("\\private\\x", request("GET", "\\private\\x", ROOT, ""), Refused(400)),
        ("%2Fprivate%2Fx", request("GET", "%2Fprivate%2Fx", ROOT, ""), Refused(400)),
        ("private/x", request("GET", "private/x", ROOT, ""), Refused(400)),
        ("* for GET", request("GET", "*", ROOT, ""), Refused(400)),
        ("x://root.localhost/private", request("GET", "x://root.localhost/private", ROOT, ""), Refused(400)),
        ("absolute form naming another host", request("GET", "http://app.localhost/x", ROOT, ""), Refused(400)),
        ("absolute form naming the site: judged by its path", request("GET", "http://root.localhost/private/x", ROOT, ""), SignIn),
        ("absolute form naming the site's bypassed root", request("GET", "HTTP://root.localhost", ROOT, ""), Reached("GET", "/")),
        ("x:/admin/x signed in evades no deny", request("GET", "x:/admin/x", HOST, "{app}"), Refused(400)),
        ("absolute form of a denied path, signed in", request("GET", "http://app.localhost/admin/x", HOST, "{app}"), Refused(403)),
        ("OPTIONS * wants a session", request("OPTIONS", "*", ROOT, ""), SignIn),
        // 2. One length, one way.
        ("Content-Length list smuggling a request", post("/", ROOT, &format!("Content-Length: {n}, {n}\r\n"), &smuggled), Refused(400)),
        (
            "two Content-Length headers",
            post("/", ROOT, &format!("Content-Length: {n}\r\nContent-Length: {n}\r\n"), &smuggled),
            Refused(400),
        ),
        ("Content-Length +n", post("/", ROOT, &format!("Content-Length: +{n}\r\n"), &smuggled), Refused(400)),
        ("Transfer-Encoding: chunked, identity", post("/", ROOT, "Transfer-Encoding: chunked, identity\r\n", "0\r\n\r\n"), Refused(400)),
        (
            "Transfer-Encoding twice",
            post("/", ROOT, "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"),
            Refused(400),
        ),
        (
            "Content-Length and Transfer-Encoding",
            post("/", ROOT, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"),
            Refused(400),
        ),
        ("chunked on HTTP/1.0", format!("POST / HTTP/1.0\r\nHost: {ROOT}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), Refused(400)),
        ("a folded header line", request("GET", "/", ROOT, "X-A: a\r\n b\r\n"), Refused(400)),
        // 3. Servlet path parameters.
        ("/public/..;/private/x", request("GET", "/public/..;/private/x", HOST, ""), Refused(400)),
        ("/..;/private/x on a site that bypasses /", request("GET", "/..;/private/x", ROOT, ""), Refused(400)),
        ("/public/.;/private/x", request("GET", "/public/.;/private/x", HOST, ""), Refused(400)),
        ("/public/%2e%2e;/private/x", request("GET", "/public/%2e%2e;/private/x", HOST, ""), Refused(400)),
        ("/admin;jsessionid=x/x signed in", request("GET", "/admin;jsessionid=x/x", HOST, "{app}"), Refused(403)),
        ("/admin;x/x signed out", request("GET", "/admin;x/x", HOST, ""), Refused(403)),
        ("/public;x/y is /public/y", request("GET", "/public;x/y", HOST, ""), Reached("GET", "/public;x/y")),
        ("/;jsessionid=x is the root", request("GET", "/;jsessionid=x", ROOT, ""), Reached("GET", "/;jsessionid=x")),
        ("/private;x/../ is the root", request("GET", "/private;x/..", ROOT, ""), Reached("GET", "/")),
        // 4. Methods, in any case; overrides removed, or judged where the site says.
        ("delete on a DELETE deny", request("delete", "/docs/x", HOST, ""), Refused(403)),
        ("Delete on a DELETE deny", request("Delete", "/docs/x", HOST, ""), Refused(403)),
        ("pUt on a PUT deny, signed in", request("pUt", "/docs/x", HOST, "{app}"), Refused(403)),
        (
            "POST with X-HTTP-Method-Override: DELETE: judged",
            request("POST", "/docs/x", ROOT, "X-HTTP-Method-Override: DELETE\r\n"),
            Refused(403),
        ),
        ("POST with X-Method-Override: delete: judged", request("POST", "/docs/x", ROOT, "X-Method-Override: delete\r\n"), Refused(403)),
        ("POST with X-HTTP-Method: DELETE: judged", request("POST", "/docs/x", ROOT, "X-HTTP-Method: DELETE\r\n"), Refused(403)),
        (
            "two method overrides: judged as none",
            request("POST", "/docs/x", ROOT, "X-HTTP-Method: GET\r\nX-HTTP-Method-Override: DELETE\r\n"),
            Refused(400),
        ),
        // A `_method` parameter in any spelling a framework reads, in the query or the form.
        ("a POST's ?_method=DELETE", request("POST", "/docs/x?_method=DELETE", HOST, ""), Refused(403)),
        ("a form's _method=DELETE", post("/docs/x", HOST, &form_type(14), "_method=DELETE"), Refused(403)),
        ("a form's [_method]=delete", post("/docs/x", HOST, &form_type(16), "[_method]=delete"), Refused(403)),
        ("a form's _method[]=DELETE", post("/docs/x", HOST, &form_type(16), "_method[]=DELETE"), Refused(403)),
        ("a form's %5Fmethod=DELETE", post("/docs/x", HOST, &form_type(16), "%5Fmethod=DELETE"), Refused(403)),
        ("a form's PHP .method=DELETE", post("/docs/x", HOST, &form_type(14), ".method=DELETE"), Refused(403)),
        ("a form's PHP +_method=DELETE", post("/docs/x", HOST, &form_type(15), "+_method=DELETE"), Refused(403)),
        ("a form's _method after a ;", post("/docs/x", HOST, &form_type(18), "a=1;_method=DELETE"), Refused(403)),
        ("a form's second _method", post("/docs/x", HOST, &form_type(26), "_method=GET&_method=DELETE"), Refused(403)),
        ("an untyped body's _method", post("/docs/x", HOST, "Content-Length: 14\r\n", "_method=DELETE"), Refused(403)),
        (
            "a multipart part named _method",
            post(
                "/docs/x",
                HOST,
                "Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: 70\r\n",
                "--XX\r\nContent-Disposition: form-data; name=\"_method\"\r\n\r\nDELETE\r\n--XX--\r\n",
            ),
            Refused(403),
        ),
        (
            "a JSON _method",
            post("/docs/x", HOST, "Content-Type: application/json\r\nContent-Length: 20\r\n", "{\"_method\":\"DELETE\"}"),
            Refused(403),
        ),
        (
            "two Content-Types",
            post(
                "/docs/x",
                HOST,
                "Content-Type: text/plain\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 14\r\n",
                "_method=DELETE",
            ),
            Refused(400),
        ),
        ("a POST-only bypass taken as DELETE", post("/hook/x", HOST, &form_type(14), "_method=DELETE"), Refused(401)),
        (
            "a chunked form to a POST-only bypass",
            post(
                "/hook/x",
                HOST,
                "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n",
                "3\r\na=1\r\n0\r\n\r\n",
            ),
            NotReached,
        ),
        ("a form too large to read, to a POST-only bypass", post("/hook/x", HOST, &form_type(70_000), &"a".repeat(70_000)), NotReached),
        // 5. What case-insensitive and trimming servers read.
        ("/ADMIN/x on a case-insensitive site", request("GET", "/ADMIN/x", ROOT, ""), Refused(403)),
        ("/Admin/x signed in on a case-insensitive site", request("GET", "/Admin/x", ROOT, "{root}"), Refused(403)),
        ("/DOCS/x DELETE on a case-insensitive site", request("DELETE", "/DOCS/x", ROOT, ""), Refused(403)),
        ("/ADMIN/x on a case-sensitive site is not a bypass", request("GET", "/ADMIN/x", HOST, ""), SignIn),
        ("/admin./x", request("GET", "/admin./x", HOST, "{app}"), Refused(400)),
        ("/admin%20/x", request("GET", "/admin%20/x", HOST, "{app}"), Refused(400)),
        ("/admin%09/x", request("GET", "/admin%09/x", HOST, "{app}"), Refused(400)),
        ("/admin%2e/x", request("GET", "/admin%2e/x", HOST, "{app}"), Refused(400)),
        ("/admin.../x", request("GET", "/admin.../x", HOST, "{app}"), Refused(400)),
        ("overlong /: %C0%AF", request("GET", "/public/..%C0%AFprivate", HOST, ""), Refused(400)),
        ("overlong dots: %C0%AE%C0%AE", request("GET", "/public/%C0%AE%C0%AE/private", HOST, ""), Refused(400)),
        ("overlong dot: %E0%80%AE", request("GET", "/public/%E0%80%AE%E0%80%AE/private", HOST, ""), Refused(400)),
        ("IIS %u escape", request("GET", "/public/%u002e%u002e/private", HOST, ""), Refused(400)),
        ("a lone %FF", request("GET", "/public/%FF", HOST, ""), Refused(400)),
        ("an encoded CRLF", request("GET", "/public/x%0d%0aX-Injected:%20forged", HOST, ""), Refused(400)),
        ("an ASP.NET cookieless segment on an IIS-like site", request("GET", "/(S(x))/admin/x", ROOT, ""), Refused(400)),
        ("a dotless i that Windows reads as I", request("GET", "/adm%C4%B1n/x", ROOT, ""), Refused(403)),
        ("a long s that Windows reads as S", request("GET", "/DOC%C5%BF/x", ROOT, ""), Reached("GET", "/DOC%C5%BF/x")),
        ("a cookieless segment, escaped", request("GET", "/%28S%28x%29%29/admin/x", ROOT, ""), Refused(400)),
        ("a segment opening with a cookieless session", request("GET", "/prot/(S(X))ected/x", ROOT, ""), Refused(400)),
        ("an NTFS stream", request("GET", "/admin::$INDEX_ALLOCATION/x", ROOT, ""), Refused(400)),
        ("an 8.3 short name", request("GET", "/ADMINI~1/x", ROOT, ""), Refused(400)),
        // 6. Sessions are bound to their site.
        ("the two-factor site's session on the other site", request("GET", "/private", ROOT, "{app}"), SignIn),
        ("the other site's session on the two-factor site", request("GET", "/private", HOST, "{root}"), SignIn),
        // 8. Identity headers of other auth proxies, on a bypass and signed in.
        (
            "every listed identity header on a bypass",
            request("GET", "/public/x", HOST, &every_identity_header()),
            Reached("GET", "/public/x"),
        ),
        ("every listed identity header on the bypassed root", request("GET", "/", ROOT, &every_identity_header()), Reached("GET", "/")),
        (
            "every listed identity header signed in",
            request("GET", "/x", HOST, &format!("{{app}}{}", every_identity_header())),
            ReachedAsAlice("GET", "/x"),
        ),
        // 10. A fragment never reaches the rules; through nginx it reaches the app as the path before it.
        ("a fragment that climbs to a bypass", request("GET", "/private/x#/../../public/y", HOST, ""), NotReached),
        ("a fragment that climbs to the bypassed root", request("GET", "/private/x#/../..", ROOT, ""), NotReached),
        // Forward-auth answers nginx at exactly {portal}/auth, never a client.
        (
            "/.portcullis/auth;x asked by a client",
            request("GET", "/.portcullis/auth;x", HOST, "X-Original-Method: GET\r\nX-Original-URI: /public/x\r\n"),
            NotReached,
        ),
        (
            "/.portcullis/AUTH asked by a client",
            request("GET", "/.portcullis/AUTH", ROOT, "X-Original-Method: GET\r\nX-Original-URI: /docs/x\r\n"),
            NotReached,
        ),
        // 13. One Host, well formed.
        ("Host in brackets", request("GET", "/private", "[root.localhost]junk", ""), NotReached),
        ("two Host headers", request("GET", "/private", ROOT, &format!("Host: {HOST}\r\n")), NotReached),
        ("a Host list", request("GET", "/private", &format!("{ROOT}, {HOST}"), ""), NotReached),
        ("a Host with userinfo", request("GET", "/private", &format!("alice@{ROOT}"), ""), NotReached),
    ];
    let mut all: Vec<Row> = rows.into_iter().map(|(name, request, expect)| Row { name, request, expect, via_nginx: true }).collect();
    // What only the gate in front can do: nginx sends the request on, Portcullis only answers.
    let proxied_only: Vec<(&'static str, String, Expect)> = vec![
        // 7. The app cannot set the gate's cookies (its answers do not pass the gate behind nginx).
        ("the app sets the gate's cookies", request("GET", "/public/set-cookies", HOST, ""), NoGateCookies),
        ("the app sets the gate's cookies for a signed-in user", request("GET", "/set-cookies", HOST, "{app}"), NoGateCookies),
        // Through nginx, which sends no body to ask about, a POST on a site whose rules name methods
        // is judged as every method an override may name.
        (
            "POST with x_method_override: DELETE: removed",
            request("POST", "/docs/x", HOST, "x_method_override: DELETE\r\n"),
            Reached("POST", "/docs/x"),
        ),
        ("an override the site removes (through nginx: judged as both methods)", request("POST", "/docs/x", HOST, "X-HTTP-Method-Override: DELETE\r\n"), Reached("POST", "/docs/x")),
        (
            "identity headers by family and the site's own",
            request("GET", "/public/x", HOST, "Cf-Access-Anything: forged\r\nX-Authentik-Meta-Outpost: forged\r\nX-Pomerium-Claim-Role: forged\r\nX-Goog-Authenticated-User-Thing: forged\r\nX-Legacy-Login: forged\r\nx_legacy_role: forged\r\n"),
            Reached("GET", "/public/x"),
        ),
        ("underscore spellings", request("GET", "/public/x", HOST, "remote_user: forged\r\nX_Forwarded_User: forged\r\ncf_access_jwt_assertion: forged\r\n"), Reached("GET", "/public/x")),
        (
            "more families: X-Forwarded-*, X-Original-*, X-Remote-*, X-Webauth-*, X-Consumer-*",
            request("GET", "/public/x", HOST, "X-Forwarded-Anything: forged\r\nX-Original-Thing: forged\r\nX-Remote-Extra-Scopes: forged\r\nX-Webauth-Whatever: forged\r\nX-Consumer-Plan: forged\r\nX-Authenticated-Groups: forged\r\n"),
            Reached("GET", "/public/x"),
        ),
        // The form is read for its `_method`, and goes on whole; through nginx it is not asked about.
        ("a small POST to a POST-only bypass goes on", post("/hook/x", HOST, &form_type(3), "a=1"), ReachedWithBody("POST", "/hook/x", "a=1")),
        ("a form without _method goes on as it came", post("/docs/x", HOST, "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 12\r\n", "a=1&b=caf%C3"), ReachedWithBody("POST", "/docs/x", "a=1&b=caf%C3")),
        ("a POST's ?_method=GET leaves the query", request("POST", "/docs/x?_method=GET&a=1", HOST, ""), Reached("POST", "/docs/x?a=1")),
    ];
    all.extend(proxied_only.into_iter().map(|(name, request, expect)| Row { name, request, expect, via_nginx: false }));
    all
}

fn status_of(response: &str) -> u16 {
    response.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0)
}

fn head_of(response: &str) -> &str {
    response.split("\r\n\r\n").next().unwrap_or_default()
}

/// How the rows are sent.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    /// As raw HTTP/1.1 to the gate.
    Gate,
    /// Through nginx asking the gate's forward-auth.
    Nginx,
    /// To the gate's TLS listener as HTTP/2, which refuses some requests by resetting them.
    Http2,
    /// The same, a body sent without its length: never judged more kindly than with it.
    Http2WithoutLength,
}

impl Via {
    fn name(self) -> &'static str {
        match self {
            Via::Gate => "to the gate",
            Via::Nginx => "through nginx",
            Via::Http2 => "over HTTP/2",
            Via::Http2WithoutLength => "over HTTP/2 without a length",
        }
    }
}

/// Whether what happened is what `row` expects, sent `via`.
fn verdict(row: &Row, response: &str, reached: &[Received], via: Via) -> Result<(), String> {
    use Expect::*;
    let status = status_of(response);
    let forged: Vec<&(String, String)> = reached.iter().flat_map(|r| &r.headers).filter(|(_, v)| v.contains("forged")).collect();
    let relaxed = via == Via::Nginx && !row.via_nginx;
    if via == Via::Http2WithoutLength && reached.is_empty() && !(200..300).contains(&status) {
        return Ok(());
    }
    if !forged.is_empty() && !relaxed {
        return Err(format!("forged headers reached the app: {forged:?}"));
    }
    let once = |method: &str, target: &str| match reached {
        [one] if one.method == method && one.target == target => Ok(one),
        _ => Err(format!(
            "want the app to get {method} {target} once; it got {:?}",
            reached.iter().map(|r| format!("{} {}", r.method, r.target)).collect::<Vec<_>>()
        )),
    };
    let nothing = || {
        if reached.is_empty() {
            Ok(())
        } else {
            Err(format!("reached the app: {:?}", reached.iter().map(|r| &r.target).collect::<Vec<_>>()))
        }
    };
    match &row.expect {
        Refused(_) | SignIn | NotReached if via != Via::Gate && !(200..300).contains(&status) => nothing(),
        Refused(want) if status == *want => nothing(),
        SignIn if status == 302 && head_of(response).contains("/.portcullis/login?") => nothing(),
        NotReached if (300..500).contains(&status) => nothing(),
        Refused(_) | SignIn | NotReached => nothing().and(Err(format!("status {status}"))),
        _ if relaxed => match reached {
            [] => Ok(()),
            _ => row_target(&row.expect).map_or(Ok(()), |(m, t)| once(m, t).map(drop)),
        },
        Reached(method, target) => once(method, target).map(drop),
        ReachedWithBody(method, target, body) => {
            let one = once(method, target)?;
            (one.body == *body).then_some(()).ok_or(format!("the app got the body {:?}", one.body))
        }
        ReachedAsAlice(method, target) => {
            let one = once(method, target)?;
            (one.header_all("remote-user") == ["alice"]).then_some(()).ok_or(format!("remote-user {:?}", one.header_all("remote-user")))
        }
        NoGateCookies => {
            let head = head_of(response).to_ascii_lowercase();
            let cookies: Vec<&str> = head.lines().filter(|l| l.starts_with("set-cookie:")).collect();
            match cookies.as_slice() {
                [only] if only.contains("theme=dark") && reached.len() == 1 => Ok(()),
                _ => Err(format!("want only the app's own cookie set; got {cookies:?}")),
            }
        }
    }
}

/// The method and target a row expects to reach the app, if any.
fn row_target(expect: &Expect) -> Option<(&'static str, &'static str)> {
    match expect {
        Expect::Reached(m, t) | Expect::ReachedAsAlice(m, t) | Expect::ReachedWithBody(m, t, _) => Some((m, t)),
        _ => None,
    }
}

/// The gate with both sites, alice signed in on each; her session cookies, as `Cookie` headers.
async fn gate_with_sessions(top: &str) -> (Gate, String, String) {
    let gate = Gate::start_with_top(SITES, &format!("{TRUSTING_LOOPBACK}{top}")).await;
    let app = gate.browser();
    let secret = app.sign_up("alice").await;
    let root = Browser::on(ROOT, gate.port, "127.0.0.1", FIREFOX);
    let page = root.password("alice", crate::harness::PASSWORD, "/").await;
    assert_eq!(page.status, 302, "{}", page.body);
    let done = root.post("/.portcullis/challenge", &[("code", &code(&secret, 1)), ("rd", "/")]).await;
    assert_eq!(done.status, 302, "{}", done.body);
    let cookie = |b: &Browser| format!("Cookie: portcullis_session={}\r\n", b.cookie("portcullis_session").expect("session"));
    let (app, root) = (cookie(&app), cookie(&root));
    (gate, app, root)
}

/// Sends every row to `port`: the gate's (from an address it does not trust), or nginx's; or,
/// over HTTP/2, to the gate's TLS listener `tls`.
async fn run(gate: &Gate, port: u16, tls: Option<&Tls>, app: &str, root: &str, via: Via) -> Vec<String> {
    let from = if via == Via::Nginx { "127.0.0.1" } else { "127.0.0.2" };
    let mut failures = Vec::new();
    for row in rows() {
        let request = row.request.replace("{app}", app).replace("{root}", root);
        let Some(tls) = tls else {
            gate.take_received();
            let response = raw_from(from, port, &request).await;
            failures.extend(verdict(&row, &response, &gate.take_received(), via).err().map(|why| failed(&row, &why, &response)));
            continue;
        };
        // Over TLS the session cookie has its `__Host-` name. HTTP/2 frames a body without
        // needing a length: each row with a body of one plain length is sent both ways.
        let (fields, body) = h2::from_http1(&request.replace("portcullis_session=", "__Host-portcullis_session="));
        let lengths: Vec<&[u8]> = fields.iter().filter(|(n, _)| n.as_slice() == b"content-length").map(|(_, v)| v.as_slice()).collect();
        let mut sends = vec![(Via::Http2, fields.clone())];
        if matches!(lengths.as_slice(), [one] if one.iter().all(u8::is_ascii_digit)) && !body.is_empty() {
            let unsized_fields = fields.iter().filter(|(n, _)| n.as_slice() != b"content-length").cloned().collect();
            sends.push((Via::Http2WithoutLength, unsized_fields));
        }
        for (via, fields) in sends {
            gate.take_received();
            let response = h2::send(tls, from, HOST, &fields, &body).await.as_text();
            let why = verdict(&row, &response, &gate.take_received(), via).err();
            failures.extend(why.map(|why| failed(&row, &format!("{why} (sent {})", via.name()), &response)));
        }
    }
    failures
}

fn failed(row: &Row, why: &str, response: &str) -> String {
    format!("{}: {why}; got {}", row.name, response.lines().next().unwrap_or("nothing"))
}

#[tokio::test]
async fn what_the_gate_judges_is_what_the_app_gets() {
    let (gate, app, root) = gate_with_sessions("").await;
    let failures = run(&gate, gate.port, None, &app, &root, Via::Gate).await;
    assert!(failures.is_empty(), "{} rows failed:\n{}\n{}", failures.len(), failures.join("\n"), gate.log());
}

#[tokio::test]
async fn what_the_gate_judges_is_what_the_app_gets_through_nginx() {
    let (gate, app, root) = gate_with_sessions("").await;
    let nginx =
        Nginx::start(&format!("{}\n{}", example_config("{port}", &gate, HOST, true), example_config("{port}", &gate, ROOT, false))).await;
    let failures = run(&gate, nginx.port, None, &app, &root, Via::Nginx).await;
    assert!(failures.is_empty(), "{} rows failed:\n{}\n{}", failures.len(), failures.join("\n"), gate.log());
}

/// The same rows as an HTTP/2 client sends them (`h2::from_http1`): judged as over HTTP/1.1,
/// and what HTTP/2 cannot say is refused or reset, never forwarded otherwise.
#[tokio::test]
async fn what_the_gate_judges_is_what_the_app_gets_over_http2() {
    let tls = Tls::new(&[HOST, ROOT]);
    let (gate, app, root) = gate_with_sessions(tls.top()).await;
    tls.wait().await;
    let failures = run(&gate, tls.port, Some(&tls), &app, &root, Via::Http2).await;
    assert!(failures.is_empty(), "{} rows failed:\n{}\n{}", failures.len(), failures.join("\n"), gate.log());
}

/// A site whose app takes no overrides (`method_override: ignore`) is not made stricter by a
/// body's `_method`, and still never passes an override header on.
#[tokio::test]
async fn a_site_that_ignores_overrides_judges_a_post_as_a_post() {
    let sites = "    method_override: ignore\n    rules:\n      - { path: \"^/docs/\", methods: [DELETE], action: deny }\n      - { path: \"^/docs/\", action: bypass }\n    default: two_factor\n";
    let gate = Gate::start_with(sites).await;
    let form = post("/docs/x?_method=DELETE", HOST, &form_type(14), "_method=DELETE");
    let header = request("POST", "/docs/x", HOST, "X-HTTP-Method-Override: DELETE\r\nX-HTTP-Method: DELETE\r\n");
    let delete = request("DELETE", "/docs/x", HOST, "");
    assert_eq!(status_of(&raw(gate.port, &form).await), 200);
    let [one] = gate.take_received().try_into().expect("the form reached the app once");
    assert_eq!((one.target.as_str(), one.body.as_str()), ("/docs/x?_method=DELETE", "_method=DELETE"));
    assert_eq!(status_of(&raw(gate.port, &header).await), 200);
    let [one] = gate.take_received().try_into().expect("the POST reached the app once");
    assert!(one.header_all("x-http-method-override").is_empty() && one.header_all("x-http-method").is_empty(), "{:?}", one.headers);
    assert_eq!(status_of(&raw(gate.port, &delete).await), 403);
    assert!(gate.take_received().is_empty());
}

/// Targets made of the pieces that make trouble, from a fixed seed.
fn targets(count: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "/",
        "/",
        ".",
        "..",
        ";",
        ";x=1",
        "%2e",
        "%2E%2e",
        "%20",
        "%2f",
        "%3B",
        "%C3%A9",
        "%C0%AF",
        "%",
        "?",
        "#",
        "\\",
        "docs",
        "DOCS",
        "admin",
        "Admin",
        "private",
        "public",
        "x",
        "*",
        "http://root.localhost",
        "%41",
        "~",
        "!$&'()*+,=:@",
        "{",
        "\u{e9}",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    (0..count)
        .map(|_| {
            let mut t = if next(4) == 0 { String::new() } else { "/".to_string() };
            for _ in 0..next(9) {
                t.push_str(PIECES[next(PIECES.len())]);
            }
            t
        })
        .collect()
}

/// The differential property end to end: whatever reaches the app without a session, read
/// again as the gate reads a target, is a target the rules let through, and unchanged.
#[tokio::test]
async fn whatever_reaches_the_app_unauthenticated_was_judged_a_bypass() {
    let gate = Gate::start_with(SITES).await;
    let mut forwarded = 0;
    for target in targets(400) {
        gate.take_received();
        let response = raw(gate.port, &request("GET", &target, ROOT, "")).await;
        for got in gate.take_received() {
            forwarded += 1;
            let again = portcullis::web::target::parse(got.target.as_bytes(), ROOT, false, PathCase::Insensitive)
                .unwrap_or_else(|e| panic!("{target:?} reached the app as {:?}, which the gate refuses: {e}", got.target));
            assert_eq!(again.wire(), got.target, "{target:?}: the app got a target the gate would rewrite");
            let judged = again.judged.as_ref();
            assert!(
                judged == "/" || judged.starts_with("/docs/"),
                "{target:?} reached the app as {:?} (judged {judged:?}) without a session: {response}",
                got.target
            );
        }
    }
    assert!(forwarded > 10, "the generator should find bypassed targets too ({forwarded})");
}

/// An upstream that answers the first request on each connection and closes it at the second,
/// as one whose keep-alive timed out: the gate's pooled connection fails and pingora tries again
/// on a new one. Every request line is recorded.
async fn flaky_upstream() -> (std::net::SocketAddr, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = std::sync::Arc::clone(&lines);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let kept = std::sync::Arc::clone(&kept);
            tokio::spawn(async move {
                let mut conn = BufReader::new(stream);
                for n in 0.. {
                    let mut head = Vec::new();
                    loop {
                        let mut line = String::new();
                        if conn.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let end = line == "\r\n";
                        head.push(line);
                        if end {
                            break;
                        }
                    }
                    kept.lock().expect("lock").push(head[0].trim_end().to_string());
                    if n > 0 {
                        return;
                    }
                    let _ = conn.get_mut().write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").await;
                }
            });
        }
    });
    (addr, lines)
}

/// pingora builds the upstream request anew from the client's when it tries again: the
/// rewrite must be applied to every try, or the retry carries the client's bytes.
#[tokio::test]
async fn a_retried_request_is_sent_as_judged() {
    let (flaky, lines) = flaky_upstream().await;
    let sites = format!("    default: bypass\n  - {{ host: flaky.localhost, upstream: \"{flaky}\", rules: [{{ path: \"^/admin/\", action: deny }}], default: bypass }}\n");
    let gate = Gate::start_with(&sites).await;
    for target in ["/warm", "/admin/%2e%2e/public/x", "//docs//./y/../x", "/public/x/../y"] {
        let response = raw(gate.port, &request("GET", target, "flaky.localhost", "")).await;
        assert!(response.starts_with("HTTP/1.1 200"), "{target}: {response}");
    }
    let lines = lines.lock().expect("lock").clone();
    for raw_target in ["/admin/%2e%2e/public/x", "//docs//./y/../x", "/public/x/../y"] {
        assert!(!lines.iter().any(|l| l.contains(raw_target)), "a try carried the client's {raw_target}: {lines:?}");
    }
    assert!(lines.iter().filter(|l| l.starts_with("GET /public/x ")).count() >= 1, "{lines:?}");
    assert!(lines.len() > 4, "some request was tried again: {lines:?}");
}
