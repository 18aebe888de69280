//! Forward-auth: the gate answering nginx's `auth_request`, asked directly and through a real
//! nginx running the example config in examples/deploy.

use crate::harness::{raw, Browser, Echo, Gate, Nginx, FIREFOX, HOST};

const RULES: &str = r#"
    rules:
      - { path: "^/public/", action: bypass }
      - { path: "^/admin/", methods: [POST], action: deny }
    default: two_factor
"#;
const TRUSTING_LOOPBACK: &str = "trusted_proxies: [127.0.0.1/32]\n";

fn ask(method: &str, uri: &str, extra: &str) -> String {
    format!("GET /.portcullis/auth HTTP/1.1\r\nHost: {HOST}\r\nX-Original-Method: {method}\r\nX-Original-URI: {uri}\r\n{extra}Connection: close\r\n\r\n")
}

fn status(response: &str) -> &str {
    response.split(' ').nth(1).unwrap_or_default()
}

fn header<'r>(response: &'r str, name: &str) -> Option<&'r str> {
    let head = response.split("\r\n\r\n").next().unwrap_or_default();
    head.lines().find_map(|l| l.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()))
}

#[tokio::test]
async fn the_rules_and_the_session_answer_a_proxy_that_asks() {
    let gate = Gate::start_with_top(RULES, TRUSTING_LOOPBACK).await;
    let browser = gate.browser();
    browser.sign_up("alice").await;
    let session = browser.cookie("portcullis_session").expect("session");
    let cookie = format!("Cookie: portcullis_session={session}\r\n");

    let signed_in = raw(gate.port, &ask("GET", "/app?x=1", &cookie)).await;
    assert_eq!(status(&signed_in), "200", "{signed_in}");
    assert_eq!(header(&signed_in, "remote-user"), Some("alice"));
    assert_eq!(header(&signed_in, "remote-groups"), Some("staff,admins"));
    assert_eq!(header(&signed_in, "remote-auth-via"), Some("code"));

    let anonymous = raw(gate.port, &ask("GET", "/app?x=1", "")).await;
    assert_eq!(status(&anonymous), "401", "{anonymous}");
    assert_eq!(header(&anonymous, "location"), Some("/.portcullis/login?rd=%2Fapp%3Fx%3D1"));
    assert_eq!(header(&anonymous, "remote-user"), None);

    let public = raw(gate.port, &ask("GET", "/public/page", "Remote-User: root\r\n")).await;
    assert_eq!((status(&public), header(&public, "remote-user")), ("200", None), "{public}");
    let denied = raw(gate.port, &ask("POST", "/admin/users", &cookie)).await;
    assert_eq!(status(&denied), "403", "{denied}");
    let allowed = raw(gate.port, &ask("GET", "/admin/users", &cookie)).await;
    assert_eq!(status(&allowed), "200", "the method decides: {allowed}");

    // The original path is normalised as the gate's own would be: no dot-segment escapes.
    let dotted = raw(gate.port, &ask("GET", "/public/../app", "")).await;
    assert_eq!(status(&dotted), "401", "{dotted}");
    // A target the gate would refuse is refused (403, which nginx passes on as it is).
    for refused in ["/public/..%2Fapp", "app", "/app#/../public/x"] {
        let answer = raw(gate.port, &ask("GET", refused, &cookie)).await;
        assert_eq!(status(&answer), "403", "{refused}: {answer}");
    }
    for incomplete in [
        format!("GET /.portcullis/auth HTTP/1.1\r\nHost: {HOST}\r\nX-Original-URI: /app\r\n{cookie}Connection: close\r\n\r\n"),
        format!("GET /.portcullis/auth HTTP/1.1\r\nHost: {HOST}\r\nX-Original-Method: GET\r\n{cookie}Connection: close\r\n\r\n"),
        ask("GET", "/app", &format!("{cookie}X-Original-URI: /public/x\r\n")),
        ask("GET", "/public/x", "X-Original-Method: POST\r\n"),
    ] {
        let answer = raw(gate.port, &incomplete).await;
        assert_eq!(status(&answer), "400", "{incomplete}: {answer}");
    }

    // The answer says what to send the app: the target judged, the cookies without the gate's.
    let judged = raw(gate.port, &ask("GET", "/public/./x/../y?q=1", &format!("{cookie}Cookie: theme=dark\r\n"))).await;
    assert_eq!(header(&judged, "portcullis-target"), Some("/public/y?q=1"), "{judged}");
    assert_eq!(header(&judged, "portcullis-cookie"), Some("theme=dark"), "{judged}");
    // A method override is judged too: the app could take the request for a POST.
    let overridden = raw(gate.port, &ask("GET", "/admin/users", &format!("{cookie}X-HTTP-Method-Override: POST\r\n"))).await;
    assert_eq!(status(&overridden), "403", "{overridden}");
}

#[tokio::test]
async fn only_trusted_proxies_are_answered() {
    let gate = Gate::start_with(RULES).await;
    let browser = gate.browser();
    browser.sign_up("alice").await;
    let session = browser.cookie("portcullis_session").expect("session");
    let answer = raw(gate.port, &ask("GET", "/app", &format!("Cookie: portcullis_session={session}\r\n"))).await;
    assert_eq!(status(&answer), "403", "{answer}");
    assert_eq!(header(&answer, "remote-user"), None);
    assert!(gate.log().contains("not in trusted_proxies"), "{}", gate.log());
}

/// The example nginx config, pointed at this test's gate and app, for the site `host`
/// (`upstream` names are made unique to it, and the catch-all server kept for the first, so
/// several sites can share one nginx).
pub fn example_config(nginx_port: &str, gate: &Gate, host: &str, first: bool) -> String {
    let tag = host.replace('.', "_");
    let example = include_str!("../../examples/deploy/nginx-forward-auth.conf");
    let example = if first { example } else { &example[..example.find("# Requests for any other host").expect("catch-all")] };
    example
        .replace("include nginx-portcullis-headers.conf;", include_str!("../../examples/deploy/nginx-portcullis-headers.conf"))
        .replace("listen 80;", &format!("listen 127.0.0.1:{nginx_port};"))
        .replace("listen 80 default_server;", &format!("listen 127.0.0.1:{nginx_port} default_server;"))
        .replace("server_name app.example.com;", &format!("server_name {host};"))
        .replace("127.0.0.1:8080", &format!("127.0.0.1:{}", gate.port))
        .replace("127.0.0.1:3000", &gate.upstream.to_string())
        .replace("http://portcullis", &format!("http://portcullis_{tag}"))
        .replace("upstream portcullis ", &format!("upstream portcullis_{tag} "))
        .replace("protected_app", &format!("protected_app_{tag}"))
}

#[tokio::test]
async fn nginx_with_auth_request_signs_people_in_through_the_gate() {
    let open_site = "  - host: open.localhost\n    upstream: 127.0.0.1:9\n    default: bypass\n";
    let gate = Gate::start_with_top(&format!("{RULES}{open_site}"), TRUSTING_LOOPBACK).await;
    let nginx = Nginx::start(&example_config("{port}", &gate, HOST, true)).await;
    let browser = Browser::at(nginx.port, "127.0.0.1", FIREFOX);

    let first = browser.get("/app").await;
    assert_eq!((first.status, first.location.as_deref()), (302, Some("/.portcullis/login?rd=%2Fapp")), "{}", first.body);
    let secret = browser.sign_up("alice").await;
    browser.jar.add_cookie_str("theme=dark; Path=/", &format!("http://{HOST}:{}/", nginx.port).parse().expect("url"));
    let echo = browser.echo("/app").await;
    assert_eq!(echo.header("remote-user").as_deref(), Some("alice"));
    assert_eq!(echo.header("remote-auth-via").as_deref(), Some("code"));
    let cookies = echo.header_all("cookie").join("; ");
    assert!(cookies.contains("theme=dark") && !cookies.contains("portcullis"), "the app gets its own cookies only: {cookies}");
    // And the target the gate judged, not the client's bytes (which a browser would have
    // tidied itself).
    let dotted = raw(nginx.port, &format!("GET /public/./a/../b;x//c?q HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n")).await;
    let body = dotted.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    assert_eq!(Echo(serde_json::from_str(body).expect("echo")).uri(), "/public/b;x/c?q", "{dotted}");

    // A client's own identity headers never reach the app, signed in or not.
    let spoofed =
        browser.client.get(format!("http://{HOST}:{}/public/x", nginx.port)).header("Remote-User", "root").send().await.expect("get");
    let spoofed = Echo(spoofed.json().await.expect("echo"));
    assert_eq!(spoofed.header_all("remote-user"), Vec::<String>::new());
    let spoofed = browser.client.get(format!("http://{HOST}:{}/app", nginx.port)).header("Remote-User", "root").send().await.expect("get");
    assert_eq!(Echo(spoofed.json().await.expect("echo")).header_all("remote-user"), ["alice"]);

    // A Host naming a site that Portcullis lets through does not get this site through: this
    // server block asks about its own site only, and other hosts (or absolute URLs naming
    // them) meet the catch-all, which closes the connection.
    gate.take_received();
    for request in [
        format!("GET /app HTTP/1.1\r\nHost: open.localhost\r\n{cookie_line}Connection: close\r\n\r\n", cookie_line = ""),
        format!("GET http://open.localhost/app HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"),
    ] {
        let answer = raw(nginx.port, &request).await;
        assert!(answer.is_empty(), "{request:?}: {answer}");
    }
    assert!(gate.take_received().is_empty(), "nothing reached the app");
    // Nor may a client ask Portcullis itself through the location that serves its pages.
    let asked = raw(
        nginx.port,
        &format!(
            "GET /.portcullis/auth HTTP/1.1\r\nHost: {HOST}\r\nX-Original-Method: GET\r\nX-Original-URI: /app\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(asked.starts_with("HTTP/1.1 404"), "{asked}");

    // Signing out through nginx ends access through nginx.
    browser.post("/.portcullis/logout", &[]).await;
    assert_eq!(browser.get("/app").await.status, 302);
    assert_eq!(browser.sign_in("alice", &secret, 1).await.status, 302);
    assert_eq!(browser.echo("/app").await.header("remote-user").as_deref(), Some("alice"));
}
