//! A site's own look: its logo (also the favicon) and accent colour served by the gate, its
//! help contact and footer on every page, the gate's refusals included.

use crate::harness::Gate;

/// The smallest PNG there is: one transparent pixel.
const PIXEL: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f,
    0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0,
    0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[tokio::test]
async fn a_sites_logo_accent_help_and_footer_are_on_every_page() {
    let dir = tempfile::tempdir().expect("dir");
    let logo = dir.path().join("logo.png");
    std::fs::write(&logo, PIXEL).expect("logo");
    let branding = format!(
        "    branding: {{ logo: {}, accent: \"#1a7f4b\", help: \"mailto:help@example.com\", footer: \"Example Ltd — IT desk <ext. 42>\" }}\n    rules:\n      - {{ path: \"^/closed\", action: deny }}\n",
        logo.display()
    );
    let gate = Gate::start_with(&branding).await;
    let b = gate.browser();
    let login = b.get("/.portcullis/login").await;
    for needle in [
        "<img class=\"logo\" src=\"/.portcullis/logo\" alt=\"\">",
        "<link rel=\"icon\" href=\"/.portcullis/logo\">",
        "<link rel=\"stylesheet\" href=\"/.portcullis/brand.css\">",
        "<a href=\"mailto:help@example.com\">Need help signing in?</a>",
        "<footer class=\"brand\">Example Ltd — IT desk &#60;ext. 42&#62;</footer>",
    ] {
        assert!(login.body.contains(needle), "{needle} not in {}", login.body);
    }
    let served = b.client.get(gate.url("/.portcullis/logo")).send().await.expect("logo");
    assert_eq!(served.headers()["content-type"], "image/png");
    assert!(served.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"), "opened by itself, a logo runs nothing");
    assert!(served.headers().get("set-cookie").is_none(), "a cached file carries no one's cookie");
    assert_eq!(served.bytes().await.expect("bytes").as_ref(), PIXEL);
    let css = b.client.get(gate.url("/.portcullis/brand.css")).send().await.expect("css").text().await.expect("text");
    assert_eq!(css, ":root { --accent: #1a7f4b; }\n");

    // The gate's own refusal, for someone signed in whom a rule turns away, has them too.
    b.sign_up("alice").await;
    let denied = b.get("/closed").await;
    assert_eq!(denied.status, 403);
    assert!(denied.body.contains("mailto:help@example.com") && denied.body.contains("class=\"logo\""), "{}", denied.body);
    let missing = b.get("/.portcullis/nowhere").await;
    assert!(missing.status == 404 && missing.body.contains("mailto:help@example.com"), "{}", missing.body);
}

#[tokio::test]
async fn a_site_without_branding_has_the_gates_own_favicon() {
    let gate = Gate::start().await;
    let b = gate.browser();
    let login = b.get("/.portcullis/login").await;
    assert!(login.body.contains("<link rel=\"icon\" href=\"/.portcullis/static/favicon.svg\">"), "{}", login.body);
    assert!(
        !login.body.contains("brand.css") && !login.body.contains("class=\"help\"") && !login.body.contains("<footer"),
        "{}",
        login.body
    );
    let icon = b.client.get(gate.url("/.portcullis/static/favicon.svg")).send().await.expect("icon");
    assert_eq!((icon.status().as_u16(), icon.headers()["content-type"].to_str().unwrap()), (200, "image/svg+xml"));
    assert_eq!(b.get("/.portcullis/logo").await.status, 404);
    assert_eq!(b.get("/.portcullis/brand.css").await.status, 404);
}
