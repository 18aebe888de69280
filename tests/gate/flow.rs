//! The login flow: redirect, password, enrolment, challenge, session, sign-out, restart.

use std::time::Instant;

use crate::harness::{code, enc, Browser, Gate, FIREFOX, PASSWORD};

#[tokio::test]
async fn unauthenticated_browsers_are_sent_to_login_and_api_clients_get_401() {
    let gate = Gate::start().await;
    let page = gate.browser().get("/reports/q3?year=2026").await;
    assert_eq!(page.status, 302);
    assert_eq!(page.location.as_deref(), Some("/.portcullis/login?rd=%2Freports%2Fq3%3Fyear%3D2026"));

    let api = gate.bare_client();
    for accept in ["application/json", "*/*"] {
        let resp = api.get(gate.url("/api/items")).header("accept", accept).send().await.expect("get");
        assert_eq!(resp.status(), 401, "accept {accept}");
        assert!(resp.headers().contains_key("www-authenticate"));
    }
    let xhr = api
        .get(gate.url("/api/items"))
        .header("accept", "text/html")
        .header("x-requested-with", "XMLHttpRequest")
        .send()
        .await
        .expect("get");
    assert_eq!(xhr.status(), 401);
}

#[tokio::test]
async fn the_login_form_is_fillable_by_password_managers_and_phones() {
    let gate = Gate::start().await;
    let b = gate.browser();
    let login = b.get("/.portcullis/login?rd=%2F").await;
    assert_eq!(login.status, 200);
    for needle in ["autocomplete=\"username\"", "autocomplete=\"current-password\"", "<label for=\"username\">", "lang=\"en\""] {
        assert!(login.body.contains(needle), "login page lacks {needle}");
    }
    b.password("alice", PASSWORD, "/").await;
    let enrol = b.get("/.portcullis/enrol?rd=%2F").await;
    for needle in ["autocomplete=\"one-time-code\"", "inputmode=\"numeric\"", "<svg", "otpauth://totp/"] {
        assert!(enrol.body.contains(needle), "enrolment page lacks {needle}");
    }
    for external in ["src=\"http", "src=\"//", "url(http", "url(//"] {
        assert!(!enrol.body.contains(external), "the QR code must be drawn by the gate, not fetched: {external}");
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let gate = Gate::start().await;
    let b = gate.browser();
    let mut timings = Vec::new();
    let mut bodies = Vec::new();
    for user in ["alice", "nobody", "alice", "nobody"] {
        let started = Instant::now();
        let page = b.password(user, "wrong password", "/").await;
        timings.push(started.elapsed());
        assert_eq!(page.status, 401);
        assert!(page.set_cookie.is_empty(), "no session for a failed login");
        bodies.push(page.body.replace(user, "USER"));
    }
    assert_eq!(bodies[0], bodies[1], "the same page for a wrong password and an unknown user");
    // The unknown user is checked against a decoy hash: both cost an argon2id run.
    let (known, unknown) = (timings[0].min(timings[2]), timings[1].min(timings[3]));
    assert!(unknown * 3 > known, "unknown user answered much faster: {unknown:?} vs {known:?}");
}

#[tokio::test]
async fn enrolment_then_challenge_reaches_the_upstream_with_identity() {
    let gate = Gate::start().await;
    let b = gate.browser();
    let page = b.password("alice", PASSWORD, "/reports/q3?year=2026").await;
    assert_eq!(page.status, 302);
    assert_eq!(page.location.as_deref(), Some("/.portcullis/enrol?rd=%2Freports%2Fq3%3Fyear%3D2026"));
    let pending = b.get("/reports/q3").await;
    assert_eq!(pending.status, 302, "a password alone does not open the app");

    let (secret, done) = b.enrol("/reports/q3?year=2026", false).await;
    assert_eq!(secret.len(), 20, "160-bit secret");
    assert_eq!(done.status, 200, "the backup codes are shown");
    assert!(done.body.contains("name=\"rd\" value=\"/reports/q3?year=2026\""), "then on to the app: {}", done.body);
    let cookie = done.set_cookie.iter().find(|c| c.starts_with("portcullis_session=")).expect("session cookie");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
    assert!(!cookie.contains("alice"), "no personal data in the cookie");

    let echo = b.echo("/reports/q3?year=2026").await;
    assert_eq!(echo.uri(), "/reports/q3?year=2026");
    assert_eq!(echo.header("remote-user").as_deref(), Some("alice"));
    assert_eq!(echo.header("remote-name").as_deref(), Some("Alice Example"));
    assert_eq!(echo.header("remote-email").as_deref(), Some("alice@example.com"));
    assert_eq!(echo.header("remote-groups").as_deref(), Some("staff,admins"));

    // A second login asks for the code, not enrolment.
    let other = gate.browser();
    let page = other.sign_in("alice", &secret, 1).await;
    assert_eq!(page.status, 302, "{}", page.body);
    assert_eq!(other.echo("/").await.header("remote-user").as_deref(), Some("alice"));
}

#[tokio::test]
async fn wrong_and_replayed_codes_are_refused() {
    let gate = Gate::start().await;
    let b = gate.browser();
    let secret = b.sign_up("alice").await;

    let c = gate.browser();
    c.password("alice", PASSWORD, "/").await;
    let right = code(&secret, 1);
    let wrong = format!("{:06}", (right.parse::<u32>().expect("digits") + 1) % 1_000_000);
    let page = c.post("/.portcullis/challenge", &[("code", &wrong), ("rd", "/")]).await;
    assert_eq!(page.status, 401);
    assert!(page.body.contains("That code isn"), "{}", page.body);
    assert_eq!(c.get("/").await.status, 302, "still not signed in");
    let page = c.post("/.portcullis/challenge", &[("code", &right), ("rd", "/")]).await;
    assert_eq!(page.status, 302);
    assert_eq!(page.location.as_deref(), Some("/"));

    // The same code, at once, from another browser: refused (RFC 6238 §5.2).
    let d = gate.browser();
    d.password("alice", PASSWORD, "/").await;
    let page = d.post("/.portcullis/challenge", &[("code", &right), ("rd", "/")]).await;
    assert_eq!(page.status, 401);
    assert!(page.body.contains("already been used"), "{}", page.body);
    // So is the enrolment code, one step older.
    let page = d.post("/.portcullis/challenge", &[("code", &code(&secret, 0)), ("rd", "/")]).await;
    assert_eq!(page.status, 401);
}

#[tokio::test]
async fn signing_out_ends_the_session_for_real() {
    let gate = Gate::start().await;
    let b = gate.browser();
    b.sign_up("alice").await;
    let url: reqwest::Url = gate.url("/").parse().expect("url");
    let old_cookie = reqwest::cookie::CookieStore::cookies(b.jar.as_ref(), &url).expect("cookie");
    assert_eq!(b.get("/").await.status, 200);

    let page = b.post("/.portcullis/logout", &[]).await;
    assert_eq!(page.status, 200);
    assert!(page.set_cookie.iter().any(|c| c.starts_with("portcullis_session=;") && c.contains("Max-Age=0")), "{:?}", page.set_cookie);
    assert_eq!(b.get("/").await.status, 302);

    // Replaying the old cookie does not work: the session is gone server-side.
    let replay = gate.bare_client();
    let resp = replay.get(gate.url("/")).header("cookie", old_cookie).header("accept", "text/html").send().await.expect("get");
    assert_eq!(resp.status(), 302);
}

#[tokio::test]
async fn enrolment_and_sessions_survive_a_restart() {
    let mut gate = Gate::start().await;
    let b = gate.browser();
    let secret = b.sign_up("alice").await;
    gate.restart();
    assert_eq!(b.get("/").await.status, 200, "the session outlives the process");
    let c = gate.browser();
    let page = c.sign_in("alice", &secret, 1).await;
    assert_eq!(page.status, 302, "the authenticator is remembered: {}", page.body);
    assert_eq!(c.echo("/").await.header("remote-user").as_deref(), Some("alice"));
}

#[tokio::test]
async fn return_urls_never_leave_the_site() {
    let gate = Gate::start().await;
    let b = gate.browser();
    b.sign_up("alice").await;
    let cases = [
        ("//evil.com", "/"),
        ("/\\evil.com", "/"),
        ("/%09/evil.com", "/"),
        ("https:evil.com", "/"),
        ("https://evil.com/x", "/"),
        ("http://app.localhost.evil.com/", "/"),
        ("http://app.localhost@evil.com/", "/"),
        ("@evil.com", "/"),
        ("/app/page?x=1", "/app/page?x=1"),
        ("http://app.localhost/own", "/own"),
    ];
    for (rd, want) in cases {
        // A signed-in visit to the login page goes straight to the return URL.
        let page = b.get(&format!("/.portcullis/login?rd={}", enc(rd))).await;
        assert_eq!(page.status, 302, "rd {rd:?}");
        assert_eq!(page.location.as_deref(), Some(want), "rd {rd:?}");
    }
}

#[tokio::test]
async fn the_session_id_is_renewed_at_each_step() {
    let gate = Gate::start().await;
    let b = gate.browser();
    let cookie_of = |page: &crate::harness::Page| {
        page.set_cookie.iter().find_map(|c| c.split(';').next()?.strip_prefix("portcullis_session=").map(str::to_owned)).expect("cookie")
    };
    let pending = cookie_of(&b.password("alice", PASSWORD, "/").await);
    let (_, done) = b.enrol("/", false).await;
    let complete = cookie_of(&done);
    assert_ne!(pending, complete);
    let client = gate.bare_client();
    let get = |token: String| client.get(gate.url("/.portcullis/enrol")).header("cookie", format!("portcullis_session={token}")).send();
    assert_eq!(get(pending).await.expect("get").headers()["location"], "/.portcullis/login?rd=%2F", "the pending session is gone");
    // A fixed session id planted before login is never upgraded: login issues a new one.
    let again = gate.browser();
    again.get("/.portcullis/login").await;
    again.jar.add_cookie_str(&format!("portcullis_session={complete}"), &gate.url("/").parse().expect("url"));
    let fresh = cookie_of(&again.post("/.portcullis/login", &[("username", "alice"), ("password", PASSWORD), ("rd", "/")]).await);
    assert_ne!(fresh, complete);
}

#[tokio::test]
async fn sites_that_share_sessions_sign_in_once_and_others_do_not() {
    let more = ["a.test.localhost", "b.test.localhost", "c.test.localhost"]
        .map(|h| format!("  - {{ host: {h}, upstream: \"{{upstream}}\" }}\n"))
        .concat();
    let gate =
        Gate::start_with_top(&format!("    default: two_factor\n{more}"), "session: { shared_by: [a.test.localhost, b.test.localhost] }\n")
            .await;
    let on = |host: &str| Browser::on(host, gate.port, "127.0.0.1", FIREFOX);
    let a = on("a.test.localhost");
    let page = a.password("alice", PASSWORD, "/").await;
    assert!(
        page.set_cookie.iter().any(|c| c.starts_with("portcullis_sso=") && c.contains("Domain=test.localhost")),
        "{:?}",
        page.set_cookie
    );
    let (_, done) = a.enrol("/", false).await;
    assert_eq!(done.status, 200, "{}", done.body);
    let sso = a.cookie("portcullis_sso").expect("the shared cookie");
    assert_eq!(a.echo("/x").await.header("remote-user").as_deref(), Some("alice"));

    // The browser sends the domain cookie to b, which shares sessions, and to c, which does not.
    let (b, c) = (on("b.test.localhost"), on("c.test.localhost"));
    b.set_cookie("portcullis_sso", &sso);
    c.set_cookie("portcullis_sso", &sso);
    c.set_cookie("portcullis_session", &sso);
    assert_eq!(b.echo("/x").await.header("remote-user").as_deref(), Some("alice"), "signed in once for both");
    assert_eq!(c.get("/x").await.status, 302, "a site outside the group signs in for itself");
    let own = gate.browser();
    own.set_cookie("portcullis_session", &sso);
    assert_eq!(own.get("/x").await.status, 302);

    // Signing out on b ends the one session, on a too.
    b.get("/.portcullis/").await;
    let out = b.post("/.portcullis/logout", &[]).await;
    assert!(
        out.set_cookie.iter().any(|c| c.starts_with("portcullis_sso=;") && c.contains("Domain=test.localhost")),
        "{:?}",
        out.set_cookie
    );
    assert_eq!(a.get("/x").await.status, 302);
}
