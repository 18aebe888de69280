//! No dead ends: refusals and failures are pages with a way back and a reference the admin
//! finds in the log, and a lockout says until when and what else there is.

use crate::harness::{raw, Gate, HOST};

/// The reference a refusal page gives (`Reference for your administrator: 3FA2-91C0`).
pub fn reference_in(body: &str) -> String {
    let found =
        regex::Regex::new(r"Reference for your administrator: ([0-9A-F]{4}-[0-9A-F]{4})").unwrap().captures(body).map(|c| c[1].to_string());
    found.unwrap_or_else(|| panic!("no reference in {body}"))
}

#[tokio::test]
async fn refusals_give_a_way_back_and_a_reference_in_the_log() {
    let gate = Gate::start_with("    rules:\n      - { path: \"^/closed\", action: deny }\n").await;
    let b = gate.browser();
    let missing = b.get("/.portcullis/nowhere").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<a class=\"button\" href=\"/\">Back to the site</a>"), "{}", missing.body);
    let first = reference_in(&missing.body);
    assert!(gate.log().lines().any(|l| l.contains(&first) && l.contains("no such page")), "{}", gate.log());
    let again = reference_in(&b.get("/.portcullis/nowhere").await.body);
    assert_ne!(first, again, "each refusal its own");

    b.sign_up("alice").await;
    let denied = b.get("/closed/x").await;
    assert_eq!(denied.status, 403);
    assert!(denied.body.contains("Back to the site"), "{}", denied.body);
    let reference = reference_in(&denied.body);
    assert!(gate.log().lines().any(|l| l.contains(&reference) && l.contains("/closed/x")), "{}", gate.log());
}

#[tokio::test]
async fn a_host_no_site_is_for_gets_a_styled_page_in_a_browser_and_text_elsewhere() {
    let gate = Gate::start().await;
    let page =
        raw(gate.port, "GET /x HTTP/1.1\r\nHost: nowhere.example\r\nAccept: text/html\r\nAccept-Language: fr\r\nConnection: close\r\n\r\n")
            .await;
    assert!(page.starts_with("HTTP/1.1 421"), "{page}");
    assert!(page.contains("<html lang=\"fr\">") && page.contains("<title>Ce site n’est pas servi ici · nowhere.example</title>"), "{page}");
    assert!(page.contains("Référence pour votre administrateur"), "{page}");
    let css = raw(gate.port, "GET /.portcullis/static/portal.css HTTP/1.1\r\nHost: nowhere.example\r\nConnection: close\r\n\r\n").await;
    assert!(css.starts_with("HTTP/1.1 200") && css.contains("text/css"), "its stylesheet is there: {css}");
    let api = raw(gate.port, "GET /x HTTP/1.1\r\nHost: nowhere.example\r\nConnection: close\r\n\r\n").await;
    assert!(api.starts_with("HTTP/1.1 421") && api.ends_with("This host is not served here.\n"), "{api}");
    let known = raw(gate.port, &format!("GET /.portcullis/static/nothing.css HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n")).await;
    assert!(known.starts_with("HTTP/1.1 404"), "{known}");
}

#[tokio::test]
async fn a_lockout_says_the_ways_on() {
    let gate = Gate::start().await;
    let b = gate.browser();
    let mut page = b.password("mallory", "wrong", "/").await;
    while page.status == 401 {
        page = b.post("/.portcullis/login", &[("username", "mallory"), ("password", "wrong"), ("rd", "/")]).await;
    }
    assert_eq!(page.status, 429, "{}", page.body);
    assert!(page.body.contains("a backup code signs you in in place of the app"), "{}", page.body);
    assert!(
        page.body.contains("<a class=\"button\" href=\"/.portcullis/login?rd=%2F\">Sign in again, or as someone else</a>"),
        "{}",
        page.body
    );
}
