//! The bundled "legacy app" for the demo: a page that shows what the gate told it.

use async_trait::async_trait;
use http::Response;
use pingora::apps::http_app::ServeHttp;
use pingora::protocols::http::ServerSession;

pub struct DemoApp;

/// Identity headers the demo app highlights.
const IDENTITY: &[&str] = &["remote-user", "remote-name", "remote-email", "remote-groups"];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[async_trait]
impl ServeHttp for DemoApp {
    async fn response(&self, session: &mut ServerSession) -> Response<Vec<u8>> {
        let req = session.req_header();
        let header = |name: &str| req.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
        let rows: String = req
            .headers
            .iter()
            .map(|(k, v)| {
                let class = if IDENTITY.contains(&k.as_str()) { " class=\"id\"" } else { "" };
                format!("<tr{class}><th>{}</th><td>{}</td></tr>", escape(k.as_str()), escape(v.to_str().unwrap_or("?")))
            })
            .collect();
        let user = header("remote-user");
        let greeting = if user.is_empty() {
            "Nobody signed in reached this page: it is on a bypass path.".to_string()
        } else {
            format!("Hello, {} — the gate vouches for you as <b>{}</b>.", escape(header("remote-name")), escape(user))
        };
        let body = format!(
            "<!doctype html><html lang=en><meta charset=utf-8><title>Demo legacy app</title>\
             <style>body{{font:16px system-ui;margin:2rem}}td,th{{text-align:left;padding:.2rem .6rem}}\
             .id{{background:#ffe9a8}}</style>\
             <h1>Demo legacy app</h1><p>{greeting}</p><p>You asked for <code>{} {}</code>.</p>\
             <p><a href=\"/public/\">A public page</a> · <a href=\"/.portcullis/\">Your account and sign-out</a></p>\
             <h2>Headers this app received</h2><table>{rows}</table></html>",
            escape(req.method.as_str()),
            escape(&req.uri.to_string()),
        );
        Response::builder()
            .status(200)
            .header("content-type", "text/html; charset=utf-8")
            .header("content-length", body.len())
            .body(body.into_bytes())
            .unwrap_or_default()
    }
}
