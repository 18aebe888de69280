//! The compiled access policy: which site a host is, and what a request to it needs.
//! Pure functions over validated data, so every rule is unit-tested without sockets.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use http::{HeaderName, Method};
use ipnet::IpNet;
use regex::Regex;

use crate::config::{file::{ActionName, HeadersFile, RuleFile, SiteFile}, Upstream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Forward without authentication (identity headers are still stripped).
    Bypass,
    /// Refuse with 403.
    Deny,
    /// Forward only with a session that passed password and second factor.
    TwoFactor,
}

impl From<ActionName> for Action {
    fn from(a: ActionName) -> Self {
        match a {
            ActionName::Bypass => Action::Bypass,
            ActionName::Deny => Action::Deny,
            ActionName::TwoFactor => Action::TwoFactor,
        }
    }
}

#[derive(Debug)]
pub struct Rule {
    path: Option<Regex>,
    methods: Option<Vec<Method>>,
    networks: Option<Vec<IpNet>>,
    action: Action,
}

impl Rule {
    fn matches(&self, path: &str, method: &Method, ip: IpAddr) -> bool {
        self.path.as_ref().is_none_or(|re| re.is_match(path))
            && self.methods.as_ref().is_none_or(|ms| ms.contains(method))
            && self.networks.as_ref().is_none_or(|ns| ns.iter().any(|n| n.contains(&ip)))
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

#[derive(Debug)]
pub struct Site {
    pub host: String,
    pub name: String,
    pub upstream: Upstream,
    pub headers: IdentityHeaderNames,
    rules: Vec<Rule>,
    default: Action,
}

impl Site {
    /// The action of the first rule that matches, or the site's default.
    pub fn decide(&self, path: &str, method: &Method, ip: IpAddr) -> Action {
        self.rules
            .iter()
            .find(|r| r.matches(path, method, ip))
            .map_or(self.default, |r| r.action)
    }
}

#[derive(Debug, Default)]
pub struct Policy {
    sites: HashMap<String, Arc<Site>>,
}

impl Policy {
    pub fn compile(sites: Vec<SiteFile>) -> Policy {
        let sites = sites
            .into_iter()
            .map(|s| {
                let host = s.host.0;
                let site = Site {
                    name: s.name.unwrap_or_else(|| host.clone()),
                    upstream: s.upstream,
                    headers: IdentityHeaderNames::from_file(s.headers),
                    rules: s.rules.into_iter().map(compile_rule).collect(),
                    default: s.default.into(),
                    host: host.clone(),
                };
                (host, Arc::new(site))
            })
            .collect();
        Policy { sites }
    }

    /// The site for a `Host` header value (port ignored, case-insensitive).
    pub fn site(&self, host_header: &str) -> Option<&Arc<Site>> {
        let host = strip_port(host_header);
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

fn compile_rule(r: RuleFile) -> Rule {
    Rule {
        path: r.path.map(|p| p.0),
        methods: r.methods.map(|ms| ms.into_iter().map(|m| m.0).collect()),
        networks: r.networks.map(|ns| ns.into_iter().map(|n| n.0).collect()),
        action: r.action.into(),
    }
}

fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split_once(']').map_or(host, |(h, _)| h);
    }
    match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(yaml: &str) -> Policy {
        let sites: Vec<SiteFile> = serde_yaml::from_str(yaml).expect("test yaml");
        Policy::compile(sites)
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
        assert!(p.site("APP.EXAMPLE:8080").is_some());
        assert!(p.site("app.example.evil.com").is_none());
        assert!(p.site("evil.app.example").is_none());
        assert!(p.site("").is_none());
    }

    #[test]
    fn first_matching_rule_wins_else_default() {
        let p = policy(SITES);
        let site = p.site("app.example").expect("site");
        let here = ip("192.0.2.1");
        assert_eq!(site.decide("/public/x", &Method::GET, ip("10.1.1.1")), Action::Bypass);
        assert_eq!(site.decide("/admin/x", &Method::POST, here), Action::Deny);
        assert_eq!(site.decide("/admin/x", &Method::GET, here), Action::TwoFactor);
        assert_eq!(site.decide("/other", &Method::GET, ip("10.2.3.4")), Action::Deny);
        assert_eq!(site.decide("/other", &Method::GET, here), Action::TwoFactor);
        assert_eq!(site.decide("/x/public/", &Method::GET, here), Action::TwoFactor);
    }

    #[test]
    fn strip_port_handles_ipv6() {
        assert_eq!(strip_port("[::1]:8080"), "::1");
        assert_eq!(strip_port("a.b:80"), "a.b");
        assert_eq!(strip_port("a.b"), "a.b");
    }
}
