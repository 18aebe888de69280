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
