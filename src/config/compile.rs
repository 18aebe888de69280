//! The file model compiled into the runtime model: sites with their rules and settings into
//! a [`Policy`], after `config::load` has checked them against each other.

use std::collections::{BTreeMap, HashMap};

use super::file::{
    ActionName, BrowserBindingName, EnrolmentFile, FactorFile, FirstUseName, HeaderCaseName, HeadersFile, IpBindingName,
    MethodOverrideName, PathCaseName, RuleFile, SiteFile, TrustedDevicesFile,
};
use super::HeaderNameSpec;
use crate::metrics::SiteMetrics;
use crate::policy::{
    Action, AssertionSpec, Branding, BrowserBinding, DeviceTrust, Enrolment, Factor, FactorId, FirstUse, HeaderCase, HeaderPattern,
    IdentityHeaderNames, IpBinding, MethodOverride, PasskeySettings, PathCase, Policy, Rule, SessionScope, Site, StepUp, DEFAULT_V4_PREFIX,
    DEFAULT_V6_PREFIX,
};

/// Sites and factors as checked by `config::load` (a step-up's factor exists, the hosts
/// that share sessions are sites and have the common parent `shared.domain`).
pub fn compile(sites: Vec<SiteFile>, factors: &BTreeMap<String, FactorFile>, shared: Option<&SessionScope>) -> Policy {
    let ids: HashMap<&str, FactorId> = factors.keys().enumerate().map(|(i, name)| (name.as_str(), FactorId(i as u16))).collect();
    let sites: Vec<Site> = sites.into_iter().map(|s| site(s, &ids, shared)).collect();
    let factors = factors
        .iter()
        .map(|(name, f)| Factor {
            name: name.clone(),
            backup_codes: f.backup_codes,
            first_use: match f.first_use {
                FirstUseName::Enrol => FirstUse::Enrol,
                FirstUseName::Deny => FirstUse::Deny,
            },
        })
        .collect();
    Policy::new(sites, factors)
}

fn site(s: SiteFile, factors: &HashMap<&str, FactorId>, shared: Option<&SessionScope>) -> Site {
    let host = s.host.0;
    let path_case = match s.path_case {
        PathCaseName::Sensitive => PathCase::Sensitive,
        PathCaseName::Insensitive => PathCase::Insensitive,
    };
    let session = match shared {
        Some(group) if group.id.split(' ').any(|h| h == host) => group.clone(),
        _ => SessionScope { id: host.clone(), domain: None },
    };
    Site {
        name: s.name.unwrap_or_else(|| host.clone()),
        upstream: s.upstream.0,
        headers: identity_header_names(s.headers),
        path_case,
        header_case: match s.header_case {
            HeaderCaseName::Lower => HeaderCase::Lower,
            HeaderCaseName::Preserve => HeaderCase::Preserve,
        },
        method_override: match s.method_override {
            MethodOverrideName::Remove => MethodOverride::Remove,
            MethodOverrideName::Judge => MethodOverride::Judge,
            MethodOverrideName::Ignore => MethodOverride::Ignore,
        },
        strip_headers: s.strip_headers.into_iter().map(|p| header_pattern(p.0)).collect(),
        session,
        devices: device_trust(&s.trusted_devices),
        uses_countries: s.rules.iter().any(|r| r.countries.is_some()),
        uses_who: s.rules.iter().any(|r| r.users.is_some() || r.groups.is_some()),
        email_codes: s.email_codes,
        sms_codes: s.sms_codes,
        enrolment: match s.enrolment {
            EnrolmentFile::Required => Enrolment::Required,
            EnrolmentFile::Grace(grace) => Enrolment::Grace(grace.0),
            EnrolmentFile::Optional => Enrolment::Optional,
        },
        rules: s.rules.into_iter().map(|r| rule(r, factors, path_case)).collect(),
        default: action(s.default, None, None, false),
        assertion: s.assertion.map(|a| AssertionSpec {
            header: a.header.map_or(DEFAULT_ASSERTION_HEADER, |h| h.0),
            lifetime: a.lifetime.map_or(DEFAULT_ASSERTION_LIFETIME, |l| l.0),
        }),
        passkeys: PasskeySettings { rp_id: s.passkey_rp_id.map_or_else(|| host.clone(), |h| h.0), sign_in: s.passkey_sign_in },
        branding: Branding {
            logo: s.branding.logo.map(|l| l.0),
            accent_css: s.branding.accent.map(|a| format!(":root {{ --accent: {}; }}\n", a.css())),
            help: s.branding.help.map(|h| h.0),
            footer: s.branding.footer,
        },
        metrics: SiteMetrics::of(&host),
        host,
    }
}

const DEFAULT_ASSERTION_HEADER: http::HeaderName = http::HeaderName::from_static("portcullis-assertion");
const DEFAULT_ASSERTION_LIFETIME: std::time::Duration = std::time::Duration::from_secs(300);

fn identity_header_names(h: HeadersFile) -> IdentityHeaderNames {
    let pick = |spec: Option<HeaderNameSpec>, default: &'static str| spec.map_or_else(|| http::HeaderName::from_static(default), |s| s.0);
    IdentityHeaderNames {
        user: pick(h.user, "remote-user"),
        name: pick(h.name, "remote-name"),
        email: pick(h.email, "remote-email"),
        groups: pick(h.groups, "remote-groups"),
    }
}

/// A rule; on a site whose paths compare case-insensitively, its path pattern does too (the
/// path it sees is in lower case, so `^/Admin/` would never match).
fn rule(r: RuleFile, factors: &HashMap<&str, FactorId>, case: PathCase) -> Rule {
    let passkey = r.second_factor.is_some() || r.step_up.as_ref().is_some_and(|s| s.methods.is_some());
    let step_up = r.step_up.map(|s| StepUp { max_age: s.max_age.0, factor: s.factor.and_then(|f| factors.get(f.as_str()).copied()) });
    let path = r.path.map(|p| match case {
        PathCase::Sensitive => p.0,
        PathCase::Insensitive => regex::RegexBuilder::new(p.0.as_str()).case_insensitive(true).build().unwrap_or(p.0),
    });
    Rule {
        path,
        methods: r.methods.map(|ms| with_head(ms.into_iter().map(|m| m.0).collect())),
        networks: r.networks.map(|ns| ns.into_iter().map(|n| n.0).collect()),
        countries: r.countries.map(|cs| cs.into_iter().map(|c| c.0).collect()),
        users: r.users,
        groups: r.groups,
        action: action(r.action, r.trusted_devices, step_up, passkey),
    }
}

/// A rule that names GET names HEAD too: servers answer HEAD with their GET handler.
fn with_head(mut methods: Vec<http::Method>) -> Vec<http::Method> {
    if methods.contains(&http::Method::GET) && !methods.contains(&http::Method::HEAD) {
        methods.push(http::Method::HEAD);
    }
    methods
}

fn action(name: ActionName, trusted_devices: Option<bool>, step_up: Option<StepUp>, passkey: bool) -> Action {
    match name {
        ActionName::Bypass => Action::Bypass,
        ActionName::Deny => Action::Deny,
        ActionName::OneFactor => Action::OneFactor,
        ActionName::TwoFactor => Action::TwoFactor { devices: trusted_devices.unwrap_or(true), step_up, passkey },
    }
}

fn device_trust(f: &TrustedDevicesFile) -> DeviceTrust {
    let d = DeviceTrust::default();
    DeviceTrust {
        enabled: f.enabled.unwrap_or(d.enabled),
        lifetime: f.lifetime.map_or(d.lifetime, |l| l.0),
        ip: match f.ip {
            Some(IpBindingName::Exact) => IpBinding::Exact,
            Some(IpBindingName::Asn) => IpBinding::Asn,
            Some(IpBindingName::Off) => IpBinding::Off,
            Some(IpBindingName::Prefix) | None => IpBinding::Prefix {
                v4: f.ipv4_prefix.map_or(DEFAULT_V4_PREFIX, |p| p.0),
                v6: f.ipv6_prefix.map_or(DEFAULT_V6_PREFIX, |p| p.0),
            },
        },
        browser: match f.browser {
            Some(BrowserBindingName::Exact) => BrowserBinding::Exact,
            Some(BrowserBindingName::Off) => BrowserBinding::Off,
            Some(BrowserBindingName::Family) | None => BrowserBinding::Family,
        },
    }
}

fn header_pattern(spec: String) -> HeaderPattern {
    match spec.strip_suffix('*') {
        Some(prefix) => HeaderPattern::Prefix(prefix.to_string()),
        None => HeaderPattern::Name(spec),
    }
}

/// One site compiled from its YAML, for other modules' tests.
#[cfg(test)]
pub(crate) fn site_for_tests(yaml: &str) -> std::sync::Arc<Site> {
    let site: SiteFile = serde_yaml::from_str(yaml).expect("test site");
    let host = site.host.0.clone();
    let policy = compile(vec![site], &BTreeMap::new(), None);
    std::sync::Arc::clone(policy.site(&host).expect("the site"))
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::net::IpAddr;

    use http::Method;

    use crate::geo::Country;
    use crate::policy::{BrowserBinding, DeviceTrust, IpBinding, Request, Who};

    fn policy(yaml: &str) -> Policy {
        let sites: Vec<SiteFile> = serde_yaml::from_str(yaml).expect("test yaml");
        compile(sites, &BTreeMap::new(), None)
    }

    const SITES: &str = r#"
- host: App.Example
  upstream: 127.0.0.1:9000
  rules:
    - { path: "^/public/", action: bypass }
    - { path: "^/admin/", methods: [POST, DELETE], action: deny }
    - { networks: [10.0.0.0/8], action: deny }
  default: two_factor
"#;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn rules_that_can_never_match_are_found_with_the_rule_before_them() {
        let site = site_for_tests(
            r#"
host: a.example
upstream: 127.0.0.1:1
rules:
  - { path: "^/admin/", methods: [POST, PUT], action: deny }
  - { path: "^/admin/", methods: [POST], action: bypass }
  - { path: "^/admin/", action: deny }
  - { path: "^/admin/x", methods: [PUT], action: bypass }
  - { networks: [10.0.0.0/8], action: deny }
  - { networks: [10.1.0.0/16], countries: [DE], action: bypass }
  - { path: "^/other/", methods: [GET], action: bypass }
  - { path: "^/", action: two_factor }
  - { path: "^/late/", action: bypass }
default: deny
"#,
        );
        assert_eq!(site.unreachable(), (vec![(1, 0), (5, 4), (8, 7)], true));
        let open = site_for_tests("host: b.example\nupstream: 127.0.0.1:1\nrules:\n  - { path: \"^/a\", action: bypass }\n");
        assert_eq!(open.unreachable(), (vec![], false), "a different pattern is not judged: regexes are not compared");
    }

    #[test]
    fn host_matches_case_insensitively_and_ignores_port() {
        let p = policy(SITES);
        assert!(p.site("app.example").is_some());
        assert!(p.site("APP.EXAMPLE").is_some());
        assert!(p.site("app.example:8080").is_none(), "the port is the caller's to remove");
        assert!(p.site("app.example.evil.com").is_none());
        assert!(p.site("evil.app.example").is_none());
        assert!(p.site("").is_none());
    }

    fn decide(site: &Site, path: &str, method: Method, from: &str, country: Option<&str>) -> Action {
        let country = country.map(|c| Country::parse(c).expect("country"));
        site.decide(&Request { path, method: &method, ip: ip(from), country, who: None })
    }

    const CODE: Action = Action::TwoFactor { devices: true, step_up: None, passkey: false };

    #[test]
    fn users_and_groups_match_only_who_is_signed_in() {
        let p = policy(
            "- host: w.example\n  upstream: 127.0.0.1:1\n  rules:\n    - { path: \"^/a/\", groups: [admins, staff], action: two_factor }\n    - { path: \"^/a/\", groups: [admins], action: deny }\n    - { path: \"^/a/\", users: [bob], action: two_factor }\n    - { path: \"^/a/\", action: deny }\n",
        );
        let site = p.site("w.example").expect("site");
        assert!(site.uses_who);
        let groups = ["admins".to_string()];
        let judged =
            |who: Option<Who<'_>>| site.decide(&Request { path: "/a/x", method: &Method::GET, ip: ip("192.0.2.1"), country: None, who });
        assert_eq!(judged(None), Action::Deny, "anonymous meets no rule by who");
        assert_eq!(judged(Some(Who { user: "alice", groups: &groups })), CODE);
        assert_eq!(judged(Some(Who { user: "bob", groups: &[] })), CODE);
        assert_eq!(judged(Some(Who { user: "carol", groups: &[] })), Action::Deny);
        assert_eq!(site.unreachable().0, vec![(1, 0)], "[admins] after [admins, staff] never matches");
        let at = |path| Request { path, method: &Method::GET, ip: ip("192.0.2.1"), country: None, who: None };
        assert!(site.asks_who(&at("/a/x")), "a rule by who may decide /a/");
        assert!(!site.asks_who(&at("/b/x")), "no rule by who is reached for /b/");
    }

    #[test]
    fn first_matching_rule_wins_else_default() {
        let p = policy(SITES);
        let site = p.site("app.example").expect("site");
        let here = "192.0.2.1";
        assert_eq!(decide(site, "/public/x", Method::GET, "10.1.1.1", None), Action::Bypass);
        assert_eq!(decide(site, "/admin/x", Method::POST, here, None), Action::Deny);
        assert_eq!(decide(site, "/admin/x", Method::GET, here, None), CODE);
        let reports =
            policy("- host: r.example\n  upstream: 127.0.0.1:1\n  rules:\n    - { path: \"^/reports/\", methods: [GET], action: deny }\n");
        let r = reports.site("r.example").expect("site");
        assert_eq!(decide(r, "/reports/x", Method::HEAD, here, None), Action::Deny, "HEAD is GET to a server");
        assert_eq!(decide(r, "/reports/x", Method::POST, here, None), CODE);
        let iis = policy(
            "- host: i.example\n  upstream: 127.0.0.1:1\n  path_case: insensitive\n  rules:\n    - { path: \"^/Admin/\", action: deny }\n",
        );
        let i = iis.site("i.example").expect("site");
        assert_eq!(decide(i, "/admin/x", Method::GET, here, None), Action::Deny, "a pattern in upper case still matches there");
        assert_eq!(decide(site, "/other", Method::GET, "10.2.3.4", None), Action::Deny);
        assert_eq!(decide(site, "/other", Method::GET, here, None), CODE);
        assert_eq!(decide(site, "/x/public/", Method::GET, here, None), CODE);
        assert!(!site.uses_countries);
    }

    #[test]
    fn countries_and_the_unknown_case() {
        let p = policy(
            r#"
- host: geo.example
  upstream: 127.0.0.1:9000
  rules:
    - { path: "^/intranet/", countries: [de, AT, unknown], action: two_factor }
    - { path: "^/intranet/", action: deny }
    - { countries: [DE, AT], action: two_factor }
    - { action: two_factor, trusted_devices: false }
"#,
        );
        let site = p.site("geo.example").expect("site");
        let here = "192.0.2.1";
        assert!(site.uses_countries);
        assert_eq!(decide(site, "/intranet/a", Method::GET, here, Some("DE")), CODE);
        assert_eq!(decide(site, "/intranet/a", Method::GET, here, None), CODE, "unknown listed");
        assert_eq!(decide(site, "/intranet/a", Method::GET, here, Some("FR")), Action::Deny);
        assert_eq!(decide(site, "/app", Method::GET, here, Some("AT")), CODE);
        assert_eq!(
            decide(site, "/app", Method::GET, here, Some("FR")),
            Action::TwoFactor { devices: false, step_up: None, passkey: false }
        );
        assert_eq!(
            decide(site, "/app", Method::GET, here, None),
            Action::TwoFactor { devices: false, step_up: None, passkey: false },
            "unknown not listed"
        );
    }

    #[test]
    fn trusted_device_settings() {
        let p = policy(SITES);
        assert_eq!(p.site("app.example").expect("site").devices, DeviceTrust::default());
        let p = policy(
            "- host: a.example\n  upstream: 127.0.0.1:1\n  trusted_devices: { lifetime: 7d, ip: exact, browser: off }\n\
             - host: b.example\n  upstream: 127.0.0.1:1\n  trusted_devices: { enabled: false, ipv4_prefix: 16, ipv6_prefix: 48 }\n",
        );
        let a = p.site("a.example").expect("a").devices;
        assert_eq!((a.lifetime.as_secs(), a.ip, a.browser), (7 * 86_400, IpBinding::Exact, BrowserBinding::Off));
        let b = p.site("b.example").expect("b").devices;
        assert_eq!((b.enabled, b.ip), (false, IpBinding::Prefix { v4: 16, v6: 48 }));
    }
}
