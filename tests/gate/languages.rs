//! The pages and emails in the visitor's language: chosen from `Accept-Language`, or on a
//! page's switch (then remembered), with English for everyone else.

use crate::harness::{free_port, password_hash, wait_for_notification, Gate, SmtpSink, PASSWORD};

const GERMAN: &str = "de-DE,de;q=0.9,en;q=0.5";

#[tokio::test]
async fn a_german_browser_gets_german_pages_and_emails() {
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let top = format!("notifications:\n  smtp: {{ host: 127.0.0.1, port: {port}, security: none }}\n");
    let rules = "    email_codes: true\n    rules:\n      - { path: \"^/closed\", action: deny }\n";
    let gate = Gate::start_with_top(rules, &top).await;
    let b = gate.browser().speaking(GERMAN);

    let login = b.get("/.portcullis/login?rd=%2F").await;
    assert!(login.body.contains("<html lang=\"de\">") && login.body.contains("Anmelden"), "{}", login.body);
    assert_eq!(login.content_language.as_deref(), Some("de"));
    let wrong = b.post("/.portcullis/login", &[("username", "alice"), ("password", "nope"), ("rd", "/")]).await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("Benutzername und Passwort stimmen nicht überein"), "{}", wrong.body);

    b.password("alice", PASSWORD, "/").await;
    let enrol = b.get("/.portcullis/enrol?rd=%2F").await;
    assert!(enrol.body.contains("Diesem Gerät für 30 Tage vertrauen"), "the period in German too: {}", enrol.body);
    b.enrol("/", false).await;
    let told = sink.wait_for("Zwei-Faktor-Authentifizierung ist jetzt", 10).await;
    assert!(told.contains("Hallo Alice Example,") && told.contains("Browser: Firefox"), "{told}");
    // The gate's own refusals speak German too.
    let denied = b.get("/closed").await;
    assert_eq!((denied.status, denied.content_language.as_deref()), (403, Some("de")));
    assert!(denied.body.contains("Zugriff verweigert"), "{}", denied.body);
    let forged = b.client.post(gate.url("/.portcullis/logout")).header("accept-language", GERMAN).send().await.expect("post");
    assert_eq!((forged.status().as_u16(), forged.headers()["content-language"].to_str().unwrap()), (403, "de"), "a form without its token");

    b.sign_out().await;
    b.password("alice", PASSWORD, "/").await;
    let challenge = b.get("/.portcullis/challenge?rd=%2F").await;
    assert!(challenge.body.contains("<html lang=\"de\">"), "{}", challenge.body);
    let sent = b.post("/.portcullis/send-code", &[("rd", "/")]).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let code = sink.wait_for("Ihr Anmeldecode für", 10).await;
    assert!(code.contains("Hallo Alice Example,") && code.contains("15 Minuten lang gültig"), "{code}");
    let wrong = b.post("/.portcullis/sent-code", &[("code", "000000"), ("rd", "/")]).await;
    assert!(wrong.body.contains("<html lang=\"de\">") && !wrong.body.contains("That code isn"), "{}", wrong.body);

    // Someone who asks for none of ours gets English.
    let other = gate.browser().speaking("ja,zh;q=0.8");
    let page = other.get("/.portcullis/login").await;
    assert!(page.body.contains("<html lang=\"en\">") && page.body.contains("Sign in"), "{}", page.body);
    assert_eq!(page.content_language.as_deref(), Some("en"));
}

#[tokio::test]
async fn a_language_chosen_on_a_page_is_remembered_before_the_browsers() {
    let gate = Gate::start().await;
    let b = gate.browser().speaking(GERMAN);
    let login = b.get("/.portcullis/login?rd=%2F").await;
    assert!(
        login.body.contains("href=\"/.portcullis/login?rd=%2F&#38;lang=fr\" hreflang=\"fr\""),
        "the switch links to this page in each language: {}",
        login.body
    );
    assert!(login.body.contains("<span aria-current=\"true\" lang=\"de\">Deutsch</span>"), "{}", login.body);

    let french = b.get("/.portcullis/login?rd=%2F&lang=fr").await;
    assert!(french.body.contains("<html lang=\"fr\">") && french.body.contains("Connexion"), "{}", french.body);
    assert!(french.set_cookie.iter().any(|c| c.starts_with("portcullis_lang=fr;") && c.contains("HttpOnly")), "{:?}", french.set_cookie);
    assert!(french.body.contains("href=\"/.portcullis/login?rd=%2F&#38;lang=de\""), "the switch drops the old choice: {}", french.body);

    let again = b.get("/.portcullis/login?rd=%2F").await;
    assert!(again.body.contains("<html lang=\"fr\">"), "remembered over the browser's German: {}", again.body);
    let refused = b.post("/.portcullis/login", &[("username", "alice"), ("password", "nope"), ("rd", "/")]).await;
    assert!(refused.body.contains("<html lang=\"fr\">"), "{}", refused.body);
    assert!(!refused.body.contains("class=\"languages\""), "no switch on the answer to a form: {}", refused.body);
    let missing = b.get("/.portcullis/nowhere").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page introuvable"), "{}", missing.body);

    let unknown = b.get("/.portcullis/login?lang=xx").await;
    assert!(
        unknown.body.contains("<html lang=\"fr\">") && unknown.set_cookie.iter().all(|c| !c.contains("_lang=")),
        "{:?}",
        unknown.set_cookie
    );
    let posted = b.post("/.portcullis/login?lang=de", &[("username", "alice"), ("password", "nope"), ("rd", "/")]).await;
    assert!(posted.body.contains("<html lang=\"fr\">"), "only a page's link (a GET) chooses: {}", posted.body);
}

#[tokio::test]
async fn a_lockout_names_its_time_for_the_reader_to_see_in_their_own() {
    let gate = Gate::start().await;
    let b = gate.browser().speaking("pl");
    let mut page = b.password("mallory", "wrong", "/").await;
    for _ in 0..20 {
        if page.status == 429 {
            break;
        }
        page = b.post("/.portcullis/login", &[("username", "mallory"), ("password", "wrong"), ("rd", "/")]).await;
    }
    assert_eq!(page.status, 429, "{}", page.body);
    assert!(page.body.contains("<html lang=\"pl\">") && page.body.contains("Zbyt wiele prób"), "{}", page.body);
    // `portal.js` rewrites the time in the reader's zone; without it, UTC is said.
    let time = regex::Regex::new(r#"<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\dZ" data-local>\d{4}-\d\d-\d\d \d\d:\d\d UTC</time>"#).unwrap();
    assert!(time.is_match(&page.body), "{}", page.body);
}

#[tokio::test]
async fn an_admins_reset_is_told_in_the_language_the_users_file_gives() {
    let mut gate = Gate::start().await;
    gate.browser().sign_up("alice").await;
    let users = std::fs::read_to_string(gate.users_path()).expect("users");
    std::fs::write(gate.users_path(), users.replace("    name: Alice Example\n", "    name: Alice Example\n    language: nl\n"))
        .expect("users");
    gate.restart();
    let (ok, out) = gate.cli(&["user", "reset-2fa", "alice"]);
    assert!(ok, "{out}");
    let all = wait_for_notification(&gate, "Een beheerder heeft").await;
    assert!(all.contains("alle sites achter deze gateway"), "{all}");

    let h = password_hash();
    std::fs::write(gate.users_path(), format!("users:\n  alice:\n    password: \"{h}\"\n    language: klingon\n")).expect("users");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(["check", "--config"])
        .arg(gate.config_path())
        .output()
        .expect("check");
    let said = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("users.alice") && said.contains("\"klingon\" is not one the gate speaks (en, de,"), "{said}");
}

#[tokio::test]
async fn a_devices_place_and_an_unknown_browser_are_named_in_the_readers_language() {
    let geo = tempfile::tempdir().expect("tempdir");
    let gate = Gate::start_with_top("", &crate::harness::geo_databases(geo.path())).await;
    let b = crate::harness::Browser::with_agent(&gate, "127.0.0.5", "some robot/1.0").speaking(GERMAN);
    b.sign_up_trusting("alice").await;
    let page = b.get("/.portcullis/devices").await;
    assert!(page.body.contains("Berlin, Deutschland") && page.body.contains("Unbekannter Browser"), "{}", page.body);
}
