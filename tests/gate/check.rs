//! `portcullis check` on good and broken configs.

use std::process::Command;

use crate::harness::Gate;

fn check(config: &std::path::Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_portcullis")).args(["check", "--config"]).arg(config).output().expect("run check");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn the_example_config_passes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (ok, out) = check(&root.join("config/portcullis.yaml"));
    assert!(ok, "{out}");
    assert!(out.contains("OK"), "{out}");
}

#[tokio::test]
async fn broken_configs_name_the_key_and_the_line() {
    let gate = Gate::start().await;
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "- { path: \"^/public/\", action: bypass }",
            "- { path: \"^/public/(\", action: bypass }",
            &["sites[0].rules[0]", "path", "line 9"],
        ),
        (
            "- { path: \"^/public/\", action: bypass }",
            "- { path: \"^/public/\", action: allow }",
            &["sites[0].rules[0]", "unknown variant `allow`", "line 9"],
        ),
        ("networks: [127.0.0.2/32]", "networks: [127.0.0.300/32]", &["sites[0].rules[2]", "CIDR", "line 11"]),
        ("listen: 127.0.0.1", "listen: 127.0.0.1:99999 #", &["listen", ":1:"]),
        ("    default: two_factor", "    default: two_factor\n    upstreams: x", &["sites[0]", "unknown field `upstreams`"]),
        ("users_file: ", "users_file: /nonexistent", &["users_file", ":3:"]),
        ("sites:\n", "sites:\n  - { host: APP.localhost, upstream: 127.0.0.1:1 }\n", &["sites[1].host", "configured twice", ":6:"]),
    ];
    rejected(&gate, cases);
}

#[tokio::test]
async fn geoip_and_trusted_device_settings_are_checked() {
    let gate = Gate::start().await;
    let garbage = gate.data_dir().join("garbage.mmdb");
    std::fs::write(&garbage, "not a database").expect("write");
    let corrupt = format!("geoip:\n  asn_database: {}\nlisten: 127.0.0.1", garbage.display());
    let deny = "- { path: \"^/office/\", action: deny }";
    let default = "    default: two_factor";
    let cases: &[(&str, &str, &[&str])] = &[
        (
            deny,
            "- { path: \"^/office/\", countries: [DE], action: deny }",
            &["sites[0].rules[3].countries", "needs geoip.country_database", ":12:"],
        ),
        (deny, "- { path: \"^/office/\", countries: [UK], action: deny }", &["sites[0].rules[3]", "GB", "line 12"]),
        (deny, "- { path: \"^/office/\", countries: [Germany], action: deny }", &["sites[0].rules[3]", "ISO 3166", "line 12"]),
        ("action: bypass }", "action: bypass, trusted_devices: false }", &["sites[0].rules[0].trusted_devices", "two_factor", ":9:"]),
        ("action: bypass }", "action: bypass, step_up: { max_age: 5m } }", &["sites[0].rules[0].step_up", "two_factor", ":9:"]),
        ("action: bypass }", "action: bypass, groups: [admins] }", &["sites[0].rules[0].groups", "cannot `bypass`", ":9:"]),
        ("action: bypass }", "action: deny, users: [] }", &["sites[0].rules[0].users", "names no one", ":9:"]),
        (
            deny,
            "- { path: \"^/office/\", action: two_factor, step_up: { max_age: 2d } }",
            &["sites[0].rules[3].step_up.max_age", "24h", ":12:"],
        ),
        (
            deny,
            "- { path: \"^/office/\", action: two_factor, step_up: { max_age: 5m, factor: payments } }",
            &["sites[0].rules[3].step_up.factor", "names no factor", ":12:"],
        ),
        (
            "action: bypass }",
            "action: one_factor, second_factor: [webauthn] }",
            &["sites[0].rules[0].second_factor", "only a `two_factor` rule", ":9:"],
        ),
        (
            "action: bypass }",
            "action: two_factor, second_factor: [] }",
            &["sites[0].rules[0].second_factor", "names no second factor", ":9:"],
        ),
        ("action: bypass }", "action: two_factor, second_factor: [sms] }", &["sites[0].rules[0]", "unknown variant `sms`", "line 9"]),
        (
            deny,
            "- { path: \"^/office/\", action: two_factor, step_up: { max_age: 5m, methods: [] } }",
            &["sites[0].rules[3].step_up.methods", "names no second factor", ":12:"],
        ),
        (default, "    default: two_factor\n    passkey_rp_id: example.com", &["sites[0].passkey_rp_id", "a domain above it", ":14:"]),
        (default, "    default: two_factor\n    passkey_rp_id: localhost", &["sites[0].passkey_rp_id", "a domain above it", ":14:"]),
        (
            default,
            "    default: two_factor\n    passkey_rp_id: \"*.localhost\"",
            &["sites[0]", "passkey_rp_id: \"*.localhost\" is not a host name"],
        ),
        ("listen: 127.0.0.1", "factors:\n  Payments: {}\nlisten: 127.0.0.1", &["factors.Payments", "a-z", ":2:"]),
        (
            "listen: 127.0.0.1",
            "factors:\n  payments: { first_use: later }\nlisten: 127.0.0.1",
            &["factors.payments", "unknown variant `later`", "line 2"],
        ),
        (
            default,
            "    default: two_factor\n    trusted_devices: { ip: asn }",
            &["sites[0].trusted_devices.ip", "needs geoip.asn_database", ":14:"],
        ),
        (
            default,
            "    default: two_factor\n    trusted_devices: { ip: exact, ipv4_prefix: 16 }",
            &["trusted_devices.ipv4_prefix", "ip: prefix", ":14:"],
        ),
        (
            default,
            "    default: two_factor\n    trusted_devices: { ipv6_prefix: 129 }",
            &["sites[0].trusted_devices", "between 1 and 128", "line 14"],
        ),
        (default, "    default: two_factor\n    trusted_devices: { lifetime: 500d }", &["trusted_devices.lifetime", "400d", ":14:"]),
        (
            default,
            "    default: two_factor\n    trusted_devices: { ip: nearby }",
            &["sites[0].trusted_devices", "unknown variant `nearby`", "line 14"],
        ),
        (
            "listen: 127.0.0.1",
            "geoip: { country_database: /nonexistent.mmdb }\nlisten: 127.0.0.1",
            &["geoip.country_database", ":1:", "/nonexistent.mmdb"],
        ),
        (default, "    default: two_factor\n    sms_codes: true", &["sites[0].sms_codes", "needs an `sms:` gateway", ":14:"]),
        (
            default,
            "    default: two_factor\n    enrolment: later",
            &["sites[0].enrolment", "\"later\" is not one of `required`", "line 14"],
        ),
        (default, "    default: two_factor\n    enrolment: { grace: soon }", &["sites[0].enrolment", "is not a duration", "line 14"]),
        (default, "    default: two_factor\n    enrolment: { grace: 0s }", &["sites[0].enrolment", "is not a duration", "line 14"]),
        (
            default,
            "    default: two_factor\n    enrolment: { grace: 14d, until: 1d }",
            &["sites[0].enrolment", "unknown key \"until\"", "line 14"],
        ),
        (default, "    default: two_factor\n    enrolment: { days: 14 }", &["sites[0].enrolment", "expected `required`", "line 14"]),
        ("listen: 127.0.0.1", "sms: { url: \"ftp://x\", body: \"{code}\" }\nlisten: 127.0.0.1", &["sms", "http or https", ":1:"]),
        ("listen: 127.0.0.1", "sms: { url: \"https://x\", body: \"hello\" }\nlisten: 127.0.0.1", &["sms", "must contain {code}"]),
        ("listen: 127.0.0.1", &corrupt, &["geoip.asn_database", ":2:", "not a readable MaxMind database"]),
    ];
    rejected(&gate, cases);
}

#[tokio::test]
async fn path_method_header_and_session_settings_are_checked() {
    let gate = Gate::start().await;
    let default = "    default: two_factor";
    let top = "listen: 127.0.0.1";
    let other_site = "sites:\n  - { host: other.example, upstream: 127.0.0.1:1 }\n";
    let admin_on_public = format!("admin: {{ listen: 127.0.0.1:{} }}\nlisten: 127.0.0.1", gate.port);
    let cases: &[(&str, &str, &[&str])] = &[
        (top, &admin_on_public, &["admin.listen", "must not be a public listener", ":1:"]),
        (top, "admin: { listen: 127.0.0.1:1, path: /x }\nlisten: 127.0.0.1", &["admin", "unknown field `path`", "line 1"]),
        (top, "admin: { listen: localhost }\nlisten: 127.0.0.1", &["admin", "not an address to listen on", "line 1"]),
        (default, "    default: two_factor\n    path_case: lower", &["sites[0].path_case", "unknown variant `lower`", "line 14"]),
        (
            default,
            "    default: two_factor\n    assertion: { lifetime: 10s }",
            &["sites[0].assertion.lifetime", "between 30s and 1h", ":14:"],
        ),
        (
            default,
            "    default: two_factor\n    assertion: { header: \"bad header\" }",
            &["sites[0].assertion", "not a valid HTTP header name", "line 14"],
        ),
        (default, "    default: two_factor\n    method_override: keep", &["sites[0].method_override", "unknown variant `keep`", "line 14"]),
        (
            default,
            "    default: two_factor\n    strip_headers: [\"x app user\"]",
            &["sites[0].strip_headers", "not a header name", "line 14"],
        ),
        (default, "    default: two_factor\n    strip_headers: [\"*\"]", &["sites[0].strip_headers", "not a header name", "line 14"]),
        (
            top,
            "session: { shared_by: [app.localhost, nowhere.localhost] }\nlisten: 127.0.0.1",
            &["session.shared_by", "\"nowhere.localhost\" is not the host of a site", ":1:"],
        ),
        (top, "session: { shared_by: [app.localhost] }\nlisten: 127.0.0.1", &["session.shared_by", "at least two", ":1:"]),
        (
            "sites:\n",
            &format!("session: {{ shared_by: [app.localhost, other.example] }}\n{other_site}"),
            &["session.shared_by", "no parent domain", ":4:"],
        ),
    ];
    rejected(&gate, cases);
}

#[tokio::test]
async fn branding_settings_are_checked() {
    let gate = Gate::start().await;
    let logo = gate.data_dir().join("logo.gif");
    std::fs::write(&logo, b"GIF89a").expect("logo");
    let big = gate.data_dir().join("big.png");
    std::fs::write(&big, vec![0u8; 300 * 1024]).expect("logo");
    let branded = |b: &str| format!("    default: two_factor\n    branding: {b}");
    let cases: &[(&str, &str, &[&str])] = &[
        // Yellow under white text; a dark blue lost on the dark background.
        (
            "    default: two_factor",
            &branded("{ accent: \"#ffeb3b\" }"),
            &["sites[0].branding.accent", "#ffeb3b has 1.", "white text", ":14:"],
        ),
        ("    default: two_factor", &branded("{ accent: \"#123\" }"), &["sites[0].branding.accent", "#112233", "dark background", ":14:"]),
        ("    default: two_factor", &branded("{ accent: blue }"), &["sites[0].branding", "\"blue\" is not a colour", "line 14"]),
        ("    default: two_factor", &branded("{ help: \"javascript:alert(1)\" }"), &["sites[0].branding", "must be mailto:", "line 14"]),
        ("    default: two_factor", &branded("{ help: \"mailto:nobody\" }"), &["sites[0].branding", "must be mailto:", "line 14"]),
        (
            "    default: two_factor",
            &branded(&format!("{{ logo: {} }}", logo.display())),
            &["sites[0].branding", "must be a .png, .svg", "logo.gif"],
        ),
        ("    default: two_factor", &branded(&format!("{{ logo: {} }}", big.display())), &["sites[0].branding", "more than 262144 bytes"]),
        ("    default: two_factor", &branded("{ logo: /nowhere/logo.png }"), &["sites[0].branding", "/nowhere/logo.png"]),
        (
            "    default: two_factor",
            &branded(&format!("{{ footer: \"{}\" }}", "x".repeat(301))),
            &["sites[0].branding.footer", "300", ":14:"],
        ),
        ("    default: two_factor", &branded("{ colour: \"#0b5\" }"), &["sites[0].branding", "unknown field `colour`", "line 14"]),
    ];
    rejected(&gate, cases);
}

/// Each `(from, to, needles)`: the gate's config with `from` replaced by `to` fails the check
/// with every needle in the message.
fn rejected(gate: &Gate, cases: &[(&str, &str, &[&str])]) {
    let good = std::fs::read_to_string(gate.config_path()).expect("config");
    for (from, to, needles) in cases {
        assert!(good.contains(from), "test setup: {from:?} not in config");
        let bad = good.replacen(from, to, 1);
        let path = gate.data_dir().join("bad.yaml");
        std::fs::write(&path, &bad).expect("write");
        let (ok, out) = check(&path);
        assert!(!ok, "accepted:\n{bad}");
        for needle in *needles {
            assert!(out.contains(needle), "{needle:?} not in {out:?} for:\n{bad}");
        }
    }
}

#[tokio::test]
async fn store_settings_are_checked() {
    let gate = Gate::start().await;
    let top = "listen: 127.0.0.1";
    let keys = format!("secrets: {{ session_key: \"{}\", storage_key: \"{}\" }}\n", "A".repeat(43) + "=", "B".repeat(43) + "=");
    let pg = |settings: &str| format!("{keys}store:\n  postgres:\n    {settings}\nlisten: 127.0.0.1");
    let url = "url: postgres://portcullis@127.0.0.1:5432/portcullis";
    let cases: &[(&str, &str, &[&str])] = &[
        (
            top,
            &format!("store:\n  postgres:\n    {url}\nlisten: 127.0.0.1"),
            &["secrets", "session_key and storage_key", "openssl rand", ":1:"],
        ),
        (top, &pg("url: \"postgres://x:hunter2@[::1/x\""), &["store.postgres.url", "invalid connection string", ":4:"]),
        (top, &pg("tls: maybe"), &["store.postgres.tls", "unknown variant `maybe`", "line 4"]),
        (top, &pg(&format!("{url}\n    max_connections: 0")), &["store.postgres.max_connections", "between 1 and 1000", ":5:"]),
        (top, &pg(&format!("{url}\n    ca_file: /etc/ssl/x.pem")), &["store.postgres.ca_file", "verify_full", ":5:"]),
        (
            top,
            &pg(&format!("{url}\n    tls: verify_full\n    ca_file: /nonexistent.pem")),
            &["store.postgres.ca_file", "/nonexistent.pem", ":6:"],
        ),
        (top, &pg(&format!("{url}\n    password_file: /nonexistent")), &["store.postgres.password_file", "/nonexistent", ":5:"]),
        (top, &pg("max_connections: 4"), &["store.postgres.url", "PORTCULLIS_POSTGRES_URL", ":2:"]),
        (
            top,
            &format!("{keys}store: {{ sqlite: {{}}, postgres: {{ {url} }} }}\nlisten: 127.0.0.1"),
            &["store.postgres", "not both", ":2:"],
        ),
        (top, &format!("store: {{ mysql: {{}} }}\n{top}"), &["store", "unknown field `mysql`", "line 1"]),
    ];
    rejected(&gate, cases);
    let good = std::fs::read_to_string(gate.config_path()).expect("config").replacen(top, &pg(url), 1);
    let path = gate.data_dir().join("good.yaml");
    std::fs::write(&path, good).expect("write");
    let (ok, out) = check(&path);
    assert!(ok, "{out}");
    let asserted =
        std::fs::read_to_string(&path).expect("good").replacen("    default: two_factor", "    default: two_factor\n    assertion: {}", 1);
    std::fs::write(&path, asserted).expect("write");
    let (ok, out) = check(&path);
    assert!(!ok && out.contains("secrets.assertion_key_files") && out.contains("same keys"), "{out}");
}
