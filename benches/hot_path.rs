//! Per-operation costs on the path of an authenticated request, plus the TOTP check.
//! `cargo bench --bench hot_path`; `cargo test --benches` runs each once as a smoke test.

use std::fmt::Write;
use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use http::{HeaderValue, Method};
use pingora::http::RequestHeader;
use portcullis::auth::device::{self, Devices};
use portcullis::auth::session::Timeouts;
use portcullis::auth::session::{Proof, Sessions};
use portcullis::auth::totp;
use portcullis::clock::now;
use portcullis::config;
use portcullis::geo::Geo;
use portcullis::policy::Request;
use portcullis::policy::{PathCase, Site};
use portcullis::store::{SharedStore, SqliteStore, Stage};
use portcullis::users::User;
use portcullis::web::outgoing::{self, Outgoing};
use portcullis::web::{cookies, identity, target};

/// A config with 50 sites of 20 rules each, the last rule of each being the one that matches.
fn big_config(dir: &std::path::Path) -> config::Config {
    let users = dir.join("users.yaml");
    let hash = portcullis::auth::password::hash("x").expect("hash");
    std::fs::write(&users, format!("users:\n  alice:\n    password: \"{hash}\"\n    name: Alice\n    groups: [a, b]\n")).expect("users");
    let mut yaml = format!("listen: 127.0.0.1:1\ndata_dir: {}\nusers_file: {}\nsites:\n", dir.display(), users.display());
    for s in 0..50 {
        writeln!(yaml, "  - host: site{s}.example\n    upstream: 127.0.0.1:9000\n    rules:").expect("fmt");
        for r in 0..19 {
            writeln!(yaml, "      - {{ path: \"^/area{r}/\", methods: [POST], networks: [10.{r}.0.0/16], action: deny }}").expect("fmt");
        }
        writeln!(yaml, "      - {{ path: \"^/app/\", action: two_factor }}").expect("fmt");
    }
    let path = dir.join("portcullis.yaml");
    std::fs::write(&path, yaml).expect("config");
    config::load(&path).expect("valid config")
}

/// What the gate does to the headers of a signed-in request before it goes upstream.
fn tell_upstream(req: &mut impl Outgoing, site: &Site, user: &User, peer: HeaderValue) -> pingora::Result<()> {
    identity::strip_inbound(req, site);
    identity::inject(req, &site.headers, user, (Proof::Code, Some(1_700_000_000)))?;
    cookies::strip_from_request(req)?;
    identity::set_forwarded(req, None, peer, false, HeaderValue::from_static("site0.example"))
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = big_config(dir.path());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");

    let store: SharedStore = Arc::new(SqliteStore::open(&dir.path().join("b.db")).expect("store"));
    let settings = Timeouts { idle_timeout: std::time::Duration::from_secs(1800), absolute_timeout: std::time::Duration::from_secs(43200) };
    let sessions = Sessions::new(Arc::clone(&store), &[7u8; 32], settings);
    let user = config.users.get("alice").expect("user");
    let issued = rt.block_on(sessions.issue(user, "site0.example", Stage::Complete, None, now())).expect("issue");
    c.bench_function("session cookie verify (HS256), first sight of a cookie", |b| {
        b.iter(|| sessions.verify_token(black_box(&issued.token)))
    });
    c.bench_function("session resolve (remembered cookie + cache hit)", |b| {
        b.iter(|| rt.block_on(sessions.resolve(black_box(&issued.token), "site0.example", &config.users, now())).expect("resolve"))
    });

    let ip = "192.0.2.1".parse().expect("ip");
    let devices = Devices::new(store, &[7u8; 32]);
    let (device_settings, geo) = (portcullis::policy::DeviceTrust::default(), Geo::default());
    let origin = device::Origin {
        host: "site0.example",
        ip,
        user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
        lang: "en",
    };
    let trusted = rt.block_on(devices.trust(user, &device_settings, &origin, &geo, now())).expect("trust");
    c.bench_function("trusted-device cookie verify (HS256 + binding)", |b| {
        b.iter(|| devices.verify_token(black_box(&trusted.token), &device_settings, &origin, &geo, now()).expect("valid"))
    });

    c.bench_function("policy: host + 20 rules of 50 sites", |b| {
        b.iter(|| {
            let site = config.policy.site(black_box("SITE49.example")).expect("site");
            site.decide(&Request { path: black_box("/app/page"), method: &Method::GET, ip, country: None, who: None })
        })
    });
    let judge = |raw: &'static str| move || target::parse(black_box(raw.as_bytes()), "site0.example", false, PathCase::Sensitive);
    c.bench_function("request-target parse (already normal)", |b| b.iter(judge("/app/reports/2026/q3.html?x=1")));
    c.bench_function("request-target parse (dots, escapes, a parameter)", |b| b.iter(judge("/app/./x/../%72eports;jsessionid=a//q3")));

    let site = config.policy.site("site0.example").expect("site");
    let mut template = RequestHeader::build("GET", b"/app/page", None).expect("request");
    for (k, v) in [
        ("host", "site0.example"),
        ("user-agent", "Mozilla/5.0"),
        ("accept", "text/html"),
        ("cookie", "theme=dark; portcullis_session=abc"),
    ] {
        template.append_header(k, v).expect("header");
    }
    let peer = HeaderValue::from_static("192.0.2.1");
    c.bench_function("identity headers rewrite, names in lower case (the default)", |b| {
        b.iter_batched(
            || template.clone(),
            |mut req| {
                outgoing::in_lower_case(&mut req, 11, |h| tell_upstream(h, site, user, peer.clone())).expect("rewrite");
                req
            },
            criterion::BatchSize::SmallInput,
        )
    });
    c.bench_function("identity headers rewrite, case preserved", |b| {
        b.iter_batched(
            || template.clone(),
            |mut req| {
                tell_upstream(&mut req, site, user, peer.clone()).expect("rewrite");
                req
            },
            criterion::BatchSize::SmallInput,
        )
    });

    let secret = totp::new_secret();
    let code = totp::code_at(&secret, now());
    c.bench_function("TOTP check (3 steps)", |b| b.iter(|| totp::check(black_box(&secret), black_box(&code), now())));
}

criterion_group!(hot_path, benches);
criterion_main!(hot_path);
