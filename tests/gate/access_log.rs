//! The access log: one JSON line per request when configured, with what became of it and
//! never a query or a cookie; reopened on SIGHUP.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{raw, Gate, DEFAULT_RULES, HOST};

/// The log's lines once it holds one whose path is `path`.
async fn lines_until(log: &Path, path: &str) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        assert!(text.lines().all(|l| l.starts_with("{\"time\":\"") && l.ends_with('}')), "the time first:\n{text}");
        let lines: Vec<Value> =
            text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON object per line: {l:?}: {e}"))).collect();
        if lines.iter().any(|l| l["path"] == path) {
            return lines;
        }
        assert!(Instant::now() < deadline, "no line for {path} in {}:\n{text}", log.display());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn line<'a>(lines: &'a [Value], path: &str, status: u16) -> &'a Value {
    lines.iter().find(|l| l["path"] == path && l["status"] == status).unwrap_or_else(|| panic!("no {status} line for {path}: {lines:#?}"))
}

#[tokio::test]
async fn every_request_is_one_line_with_what_became_of_it() {
    let gate = Gate::start_with_top(DEFAULT_RULES, "access_log: { file: \"{dir}/access.log\" }\n").await;
    let log = gate.dir.path().join("access.log");
    let b = gate.browser();
    b.get("/public/a?token=hunter2").await;
    b.get("/reports/x").await;
    b.sign_up("alice").await;
    b.echo("/Reports/%61b;jsessionid=s3cret?q=hunter2").await;
    let session = b.cookie("portcullis_session").expect("session");
    raw(gate.port, &format!("POST /admin/x HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")).await;
    raw(gate.port, &format!("GET x:/y HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n")).await;
    raw(gate.port, "GET /elsewhere;jsessionid=s3cret?q=hunter2 HTTP/1.1\r\nHost: other.localhost\r\nConnection: close\r\n\r\n").await;
    let lines = lines_until(&log, "/elsewhere").await;

    let bypass = line(&lines, "/public/a", 200);
    assert_eq!(
        (bypass["site"].as_str(), bypass["method"].as_str(), bypass["decision"].as_str()),
        (Some(HOST), Some("GET"), Some("bypass"))
    );
    assert!(bypass.get("user").is_none(), "{bypass}");
    let (upstream, total) = (bypass["upstream_ms"].as_f64().expect("upstream time"), bypass["duration_ms"].as_f64().expect("duration"));
    assert!(upstream > 0.0 && total >= upstream, "{bypass}");
    assert!(humantime::parse_rfc3339(bypass["time"].as_str().expect("time")).is_ok(), "{bypass}");
    assert_eq!(line(&lines, "/reports/x", 302)["decision"], "sign_in");
    let forwarded = line(&lines, "/Reports/ab", 200);
    assert_eq!((forwarded["user"].as_str(), forwarded["decision"].as_str()), (Some("alice"), Some("forwarded")), "{forwarded}");
    let page = line(&lines, "/.portcullis/login", 200);
    assert!(page["decision"] == "portal" && page.get("upstream_ms").is_none(), "{page}");
    let denied = line(&lines, "/admin/x", 403);
    assert_eq!((denied["method"].as_str(), denied["decision"].as_str()), (Some("POST"), Some("denied")));
    assert_eq!(line(&lines, "x:/y", 400)["decision"], "refused");
    let elsewhere = line(&lines, "/elsewhere", 421);
    assert_eq!((elsewhere["site"].as_str(), elsewhere["decision"].as_str()), (Some("-"), Some("refused")));
    let text = std::fs::read_to_string(&log).expect("log");
    for secret in ["hunter2", "s3cret", session.as_str()] {
        assert!(!text.contains(secret), "{secret:?} is in the access log");
    }

    // Rotation: the file is moved away, the gate told, and the next line goes to a new file.
    std::fs::rename(&log, gate.dir.path().join("access.log.1")).expect("rotate");
    gate.hangup();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !log.exists() {
        assert!(Instant::now() < deadline, "the access log was not reopened");
        b.get("/public/before").await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.get("/public/after").await;
    lines_until(&log, "/public/after").await;
}

/// Without `access_log`, nothing is written; `access_log` must say where to.
#[tokio::test]
async fn the_access_log_is_off_unless_it_names_where_to() {
    let gate = Gate::start().await;
    gate.browser().get("/public/a").await;
    let written: Vec<_> =
        std::fs::read_dir(gate.dir.path()).expect("dir").flatten().filter(|e| e.file_name().to_string_lossy().contains("access")).collect();
    assert!(written.is_empty(), "{written:?}");
    std::fs::write(gate.config_path(), format!("{}access_log: {{}}\n", std::fs::read_to_string(gate.config_path()).expect("config")))
        .expect("config");
    let (ok, out) = gate.cli(&["check"]);
    assert!(!ok && out.contains("access_log") && out.contains("stderr: true"), "{out}");
}
