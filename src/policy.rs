//! The compiled access policy: which site a host is, and what a request to it needs.
//! Pure functions over validated data, so every rule is unit-tested without sockets.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderName, Method};
use ipnet::IpNet;
use regex::Regex;

use crate::auth::device::{self, BrowserBinding, IpBinding};
pub use crate::config::file::FirstUse;
use crate::config::file::{
    ActionName, BrowserBindingName, FactorFile, HeadersFile, IpBindingName, MethodOverrideName, PathCaseName, RuleFile, SiteFile,
    TrustedDevicesFile,
};
use crate::config::{CountrySpec, Upstream};
use crate::geo::Country;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Forward without authentication (identity headers are still stripped).
    Bypass,
    /// Refuse with 403.
    Deny,
    /// Forward only with a session that passed password and second factor; with `devices`
    /// false, a trusted device does not stand in for the second factor; with `step_up`, a
    /// code must have been entered within its time (a trusted device never stands in).
    TwoFactor { devices: bool, step_up: Option<StepUp> },
}

/// A code entered within `max_age`: of the login's authenticator, or of a separate `factor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepUp {
    pub max_age: Duration,
    pub factor: Option<FactorId>,
}

/// A separate authenticator, by its place in [`Policy::factors`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactorId(pub u16);

/// A separate authenticator for step-ups, as configured under `factors:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factor {
    pub name: String,
    pub backup_codes: bool,
    pub first_use: FirstUse,
}

impl Factor {
    /// Whom the store and the throttle know this factor of `username` as: its own
    /// authenticator, backup codes and failure count. No username contains `/`.
    pub fn owner(&self, username: &str) -> String {
        format!("{username}/{}", self.name)
    }
}

/// The facts about a request that rules match on.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub path: &'a str,
    pub method: &'a Method,
    pub ip: IpAddr,
    /// Looked up only for sites with `countries` rules; `None` is a miss.
    pub country: Option<Country>,
}

#[derive(Debug)]
pub struct Rule {
    path: Option<Regex>,
    methods: Option<Vec<Method>>,
    networks: Option<Vec<IpNet>>,
    countries: Option<Vec<CountrySpec>>,
    action: Action,
}

impl Rule {
    fn matches(&self, r: &Request<'_>) -> bool {
        self.path.as_ref().is_none_or(|re| re.is_match(r.path))
            && self.methods.as_ref().is_none_or(|ms| ms.contains(r.method))
            && self.networks.as_ref().is_none_or(|ns| ns.iter().any(|n| n.contains(&r.ip)))
            && self.countries.as_ref().is_none_or(|cs| cs.contains(&r.country.map_or(CountrySpec::Unknown, CountrySpec::Code)))
    }
}

/// The header names identities are sent upstream under.
#[derive(Debug, Clone)]
pub struct IdentityHeaderNames {
    pub user: HeaderName,
    pub name: HeaderName,
    pub email: HeaderName,
    pub groups: HeaderName,
}

impl IdentityHeaderNames {
    fn from_file(h: HeadersFile) -> Self {
        let pick = |spec: Option<crate::config::HeaderNameSpec>, default: &'static str| {
            spec.map_or_else(|| HeaderName::from_static(default), |s| s.0)
        };
        IdentityHeaderNames {
            user: pick(h.user, "remote-user"),
            name: pick(h.name, "remote-name"),
            email: pick(h.email, "remote-email"),
            groups: pick(h.groups, "remote-groups"),
        }
    }

    pub fn all(&self) -> [&HeaderName; 4] {
        [&self.user, &self.name, &self.email, &self.groups]
    }
}

/// How a site's app compares paths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PathCase {
    #[default]
    Sensitive,
    /// The rules see the path in lower case (IIS and other case-insensitive servers).
    Insensitive,
}

/// What method-override headers (`X-HTTP-Method-Override` and kin) mean on a site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MethodOverride {
    /// Removed from every request, so the app never acts on them.
    #[default]
    Remove,
    /// The request is judged as the method they name, and they are passed on.
    Judge,
}

/// A request header an app trusts that the admin wants removed, in lower case with `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderPattern {
    Name(String),
    Prefix(String),
}

impl HeaderPattern {
    /// Whether `name` (lower case, `_` read as `-`) is one this pattern removes.
    pub fn matches(&self, name: &str) -> bool {
        match self {
            HeaderPattern::Name(n) => n == name,
            HeaderPattern::Prefix(p) => name.starts_with(p.as_str()),
        }
    }
}

/// Where a site's sessions are good: on the site itself, or on every site of the group
/// that shares them, whose cookie is then set for the group's common parent `domain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionScope {
    /// Recorded with each session; a session is honoured only where the scope is the same.
    pub id: String,
    pub domain: Option<String>,
}

#[derive(Debug)]
pub struct Site {
    pub host: String,
    pub name: String,
    pub upstream: Upstream,
    pub headers: IdentityHeaderNames,
    pub path_case: PathCase,
    pub method_override: MethodOverride,
    /// Headers removed from every request besides the well-known identity headers.
    pub strip_headers: Vec<HeaderPattern>,
    pub session: SessionScope,
    pub devices: device::Settings,
    /// Whether "email me a code" is offered.
    pub email_codes: bool,
    /// Whether "text me a code" is offered.
    pub sms_codes: bool,
    /// Whether any rule matches on the client's country (which then must be looked up).
    pub uses_countries: bool,
    rules: Vec<Rule>,
    default: Action,
}

impl Site {
    /// The action of the first rule that matches, or the site's default.
    pub fn decide(&self, request: &Request<'_>) -> Action {
        self.rules.iter().find(|r| r.matches(request)).map_or(self.default, |r| r.action)
    }

    /// Whether any request here can need a second factor.
    pub fn asks_for_two_factor(&self) -> bool {
        std::iter::once(self.default).chain(self.rules.iter().map(|r| r.action)).any(|a| matches!(a, Action::TwoFactor { .. }))
    }
}

#[derive(Debug, Default)]
pub struct Policy {
    sites: HashMap<String, Arc<Site>>,
    factors: Vec<Factor>,
}

impl Policy {
    /// Sites and factors as checked by `config::load` (a step-up's factor exists, the hosts
    /// that share sessions are sites and have the common parent `shared.domain`).
    pub fn compile(sites: Vec<SiteFile>, factors: &BTreeMap<String, FactorFile>, shared: Option<&SessionScope>) -> Policy {
        let ids: HashMap<&str, FactorId> = factors.keys().enumerate().map(|(i, name)| (name.as_str(), FactorId(i as u16))).collect();
        let sites = sites
            .into_iter()
            .map(|s| {
                let host = s.host.0;
                let session = match shared {
                    Some(group) if group.id.split(' ').any(|h| h == host) => group.clone(),
                    _ => SessionScope { id: host.clone(), domain: None },
                };
                let site = Site {
                    name: s.name.unwrap_or_else(|| host.clone()),
                    upstream: s.upstream,
                    headers: IdentityHeaderNames::from_file(s.headers),
                    path_case: match s.path_case {
                        PathCaseName::Sensitive => PathCase::Sensitive,
                        PathCaseName::Insensitive => PathCase::Insensitive,
                    },
                    method_override: match s.method_override {
                        MethodOverrideName::Remove => MethodOverride::Remove,
                        MethodOverrideName::Judge => MethodOverride::Judge,
                    },
                    strip_headers: s.strip_headers.into_iter().map(|p| header_pattern(p.0)).collect(),
                    session,
                    devices: device_settings(&s.trusted_devices),
                    uses_countries: s.rules.iter().any(|r| r.countries.is_some()),
                    email_codes: s.email_codes,
                    sms_codes: s.sms_codes,
                    rules: s.rules.into_iter().map(|r| compile_rule(r, &ids)).collect(),
                    default: action(s.default, None, None),
                    host: host.clone(),
                };
                (host, Arc::new(site))
            })
            .collect();
        let factors =
            factors.iter().map(|(name, f)| Factor { name: name.clone(), backup_codes: f.backup_codes, first_use: f.first_use }).collect();
        Policy { sites, factors }
    }

    pub fn factor(&self, id: FactorId) -> Option<&Factor> {
        self.factors.get(usize::from(id.0))
    }

    pub fn factor_named(&self, name: &str) -> Option<&Factor> {
        self.factors.iter().find(|f| f.name == name)
    }

    pub fn factors(&self) -> &[Factor] {
        &self.factors
    }

    /// The site for a host name (without its port), compared case-insensitively.
    pub fn site(&self, host: &str) -> Option<&Arc<Site>> {
        let mut buf = [0u8; 253];
        let lower = buf.get_mut(..host.len())?;
        lower.copy_from_slice(host.as_bytes());
        lower.make_ascii_lowercase();
        self.sites.get(std::str::from_utf8(lower).ok()?)
    }

    pub fn sites(&self) -> impl Iterator<Item = &Arc<Site>> {
        self.sites.values()
    }
}

fn compile_rule(r: RuleFile, factors: &HashMap<&str, FactorId>) -> Rule {
    let step_up = r.step_up.map(|s| StepUp { max_age: s.max_age.0, factor: s.factor.and_then(|f| factors.get(f.as_str()).copied()) });
    Rule {
        path: r.path.map(|p| p.0),
        methods: r.methods.map(|ms| ms.into_iter().map(|m| m.0).collect()),
        networks: r.networks.map(|ns| ns.into_iter().map(|n| n.0).collect()),
        countries: r.countries,
        action: action(r.action, r.trusted_devices, step_up),
    }
}

fn action(name: ActionName, trusted_devices: Option<bool>, step_up: Option<StepUp>) -> Action {
    match name {
        ActionName::Bypass => Action::Bypass,
        ActionName::Deny => Action::Deny,
        ActionName::TwoFactor => Action::TwoFactor { devices: trusted_devices.unwrap_or(true), step_up },
    }
}

fn device_settings(f: &TrustedDevicesFile) -> device::Settings {
    let d = device::Settings::default();
    device::Settings {
        enabled: f.enabled.unwrap_or(d.enabled),
        lifetime: f.lifetime.map_or(d.lifetime, |l| l.0),
        ip: match f.ip {
            Some(IpBindingName::Exact) => IpBinding::Exact,
            Some(IpBindingName::Asn) => IpBinding::Asn,
            Some(IpBindingName::Off) => IpBinding::Off,
            Some(IpBindingName::Prefix) | None => IpBinding::Prefix {
                v4: f.ipv4_prefix.map_or(device::DEFAULT_V4_PREFIX, |p| p.0),
                v6: f.ipv6_prefix.map_or(device::DEFAULT_V6_PREFIX, |p| p.0),
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
pub(crate) fn site_for_tests(yaml: &str) -> Arc<Site> {
    let site: SiteFile = serde_yaml::from_str(yaml).expect("test site");
    let host = site.host.0.clone();
    let policy = Policy::compile(vec![site], &BTreeMap::new(), None);
    Arc::clone(policy.site(&host).expect("the site"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(yaml: &str) -> Policy {
        let sites: Vec<SiteFile> = serde_yaml::from_str(yaml).expect("test yaml");
        Policy::compile(sites, &BTreeMap::new(), None)
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
        site.decide(&Request { path, method: &method, ip: ip(from), country })
    }

    const CODE: Action = Action::TwoFactor { devices: true, step_up: None };

    #[test]
    fn first_matching_rule_wins_else_default() {
        let p = policy(SITES);
        let site = p.site("app.example").expect("site");
        let here = "192.0.2.1";
        assert_eq!(decide(site, "/public/x", Method::GET, "10.1.1.1", None), Action::Bypass);
        assert_eq!(decide(site, "/admin/x", Method::POST, here, None), Action::Deny);
        assert_eq!(decide(site, "/admin/x", Method::GET, here, None), CODE);
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
        assert_eq!(decide(site, "/app", Method::GET, here, Some("FR")), Action::TwoFactor { devices: false, step_up: None });
        assert_eq!(
            decide(site, "/app", Method::GET, here, None),
            Action::TwoFactor { devices: false, step_up: None },
            "unknown not listed"
        );
    }

    #[test]
    fn trusted_device_settings() {
        let p = policy(SITES);
        assert_eq!(p.site("app.example").expect("site").devices, device::Settings::default());
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
