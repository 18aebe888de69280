//! Rules: bypass, deny, networks, unknown hosts and path normalisation.

use crate::harness::{raw, Browser, Gate};

#[tokio::test]
async fn bypass_deny_and_default() {
    let gate = Gate::start().await;
    let b = gate.browser();
    assert_eq!(b.echo("/public/a.css").await.uri(), "/public/a.css");
    assert_eq!(b.get("/public").await.status, 302, "only the folder is public");
    assert_eq!(b.post("/admin/users", &[]).await.status, 403);
    assert_eq!(b.get("/admin/users").await.status, 302, "GET falls to the default");
    assert_eq!(b.get("/x/public/a").await.status, 302);
}

#[tokio::test]
async fn networks_rules_match_the_client_address() {
    let gate = Gate::start().await;
    assert_eq!(gate.browser().get("/office/plan").await.status, 403, "from 127.0.0.1");
    let office = Browser::new(&gate, "127.0.0.2");
    assert_eq!(office.echo("/office/plan").await.uri(), "/office/plan", "from 127.0.0.2");
}

#[tokio::test]
async fn the_query_string_never_decides() {
    let gate = Gate::start().await;
    let b = gate.browser();
    assert_eq!(b.get("/secret?/public/").await.status, 302);
    assert_eq!(b.get("/secret?x=/public/x").await.status, 302);
}

#[tokio::test]
async fn rules_see_the_normalised_path_and_so_does_the_upstream() {
    let gate = Gate::start().await;
    let b = gate.browser();
    assert_eq!(b.echo("//public/a").await.uri(), "/public/a");
    assert_eq!(b.echo("/%70ublic/a").await.uri(), "/public/a");
    assert_eq!(b.echo("/secret/../public/a?q=1").await.uri(), "/public/a?q=1");
    assert_eq!(b.get("/public/../secret").await.status, 302, "dot segments cannot escape a bypass");
    assert_eq!(b.get("/public/..%2Fsecret").await.status, 400, "encoded slashes are refused");
}

#[tokio::test]
async fn unknown_hosts_are_refused() {
    let gate = Gate::start().await;
    for host in ["evil.com", "app.localhost.evil.com", "localhost"] {
        let response = raw(gate.port, &format!("GET /public/x HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")).await;
        assert!(response.starts_with("HTTP/1.1 421"), "{host}: {response}");
    }
    let response = raw(gate.port, "GET /public/x HTTP/1.1\r\nHost: APP.LOCALHOST\r\nConnection: close\r\n\r\n").await;
    assert!(response.starts_with("HTTP/1.1 200"), "hosts match case-insensitively: {response}");
    let response = raw(gate.port, "GET /public/x HTTP/1.0\r\n\r\n").await;
    assert!(response.starts_with("HTTP/1.1 421") || response.starts_with("HTTP/1.0 421"), "no host: {response}");
}

/// Rules by who: `users` and `groups` match signed-in users only (the session checked
/// first), so an anonymous request, a forged group header or a session still owing its code
/// falls through to the rules after them, and cannot open what they open.
#[tokio::test]
async fn users_and_groups_rules_match_signed_in_users_only() {
    let rules = r#"
    rules:
      - { path: "^/admin/", groups: [admins], action: two_factor }
      - { path: "^/admin/", action: deny }
      - { path: "^/bob/", users: [bob], action: two_factor }
      - { path: "^/bob/", action: deny }
      - { path: "^/staff-only/", groups: [staff], action: two_factor }
      - { path: "^/staff-only/", action: deny }
    default: two_factor
"#;
    let gate = Gate::start_with(rules).await;
    let anonymous = gate.browser();
    assert_eq!(anonymous.get("/admin/x").await.status, 403, "an anonymous request never matches a group rule");
    let forged = gate.bare_client().get(gate.url("/admin/x")).header("remote-groups", "admins").header("remote-user", "alice");
    assert_eq!(forged.send().await.expect("get").status(), 403);
    assert_eq!(anonymous.get("/staff-only/x").await.status, 403, "nor opens what a group rule opens");

    // Alice (staff, admins) and Bob (no groups), each signed in.
    let alice = gate.browser();
    alice.sign_up("alice").await;
    let bob = Browser::new(&gate, "127.0.0.3");
    bob.sign_up("bob").await;
    assert_eq!(alice.echo("/admin/x").await.header("remote-user").as_deref(), Some("alice"));
    assert_eq!(bob.get("/admin/x").await.status, 403, "bob is in no group");
    assert_eq!(bob.echo("/bob/x").await.header("remote-user").as_deref(), Some("bob"));
    assert_eq!(alice.get("/bob/x").await.status, 403);
    assert_eq!(alice.echo("/staff-only/x").await.uri(), "/staff-only/x");

    // A session that has the password but not yet the code is alice, but not signed in enough.
    let halfway = Browser::new(&gate, "127.0.0.4");
    let page = halfway.password("alice", crate::harness::PASSWORD, "/").await;
    assert_eq!(page.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"), "{}", page.body);
    gate.take_received();
    assert_ne!(halfway.get("/admin/x").await.status, 200);
    assert!(gate.take_received().is_empty(), "a session owing its code reached /admin/");
    assert!(gate.take_received().iter().all(|r| !r.target.starts_with("/admin/") || r.header_all("remote-user") == ["alice"]));

    let (ok, out) = gate.cli(&["check"]);
    assert!(ok && !out.contains("names the"), "every user and group named exists: {out}");

    // explain judges as the --user, signed in; anonymous without one.
    let explain = |args: &[&str]| gate.cli(&[&["explain", "--ip", "127.0.0.1", "--url"][..], args].concat());
    let (_, out) = explain(&["http://app.localhost/admin/x", "--user", "alice"]);
    assert!(out.contains("judged as alice") && out.contains("signed in, in a group of admins — yes"), "{out}");
    let (_, out) = explain(&["http://app.localhost/admin/x"]);
    assert!(out.contains("judged as anonymous") && out.contains("→ deny"), "{out}");
}
