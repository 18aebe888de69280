//! The access policy the gate runs on: which site a host is, and what a request to it needs.
//! Pure data and functions over it, built by `config` from the file and knowing nothing of
//! it, so that every rule is unit-tested without sockets.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderName, Method};
use ipnet::IpNet;
use regex::Regex;

use crate::geo::Country;
use crate::metrics::SiteMetrics;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Forward without authentication (identity headers are still stripped).
    Bypass,
    /// Refuse with 403.
    Deny,
    /// Forward with a session that passed the password, whether or not it has a second
    /// factor (for low-risk paths); such a session never satisfies `TwoFactor`.
    OneFactor,
    /// Forward only with a session that passed password and second factor; with `devices`
    /// false, a trusted device does not stand in for the second factor; with `step_up`, a
    /// code must have been entered within its time (a trusted device never stands in); with
    /// `passkey`, that second factor must have been a passkey or security key.
    TwoFactor { devices: bool, step_up: Option<StepUp>, passkey: bool },
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

/// What someone without a separate factor's authenticator meets at a step-up that wants it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FirstUse {
    /// Enrol it there.
    #[default]
    Enrol,
    /// Refused until they set it up on their security page.
    Deny,
}

/// An entry of a rule's countries: an ISO 3166-1 alpha-2 code, or the addresses the
/// database has no country for (private, reserved or simply not listed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountrySpec {
    Code(Country),
    Unknown,
}

/// Where a site's requests go.
#[derive(Debug, Clone)]
pub struct Upstream {
    pub addr: SocketAddr,
    pub tls: bool,
    /// The host name, for SNI when `tls` is set.
    pub host: String,
}

/// How much of the client address a trusted device is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpBinding {
    Exact,
    /// The network of this many leading bits (IPv4, IPv6).
    Prefix {
        v4: u8,
        v6: u8,
    },
    /// The autonomous system (network operator); an address the ASN database does not know
    /// is bound exactly.
    Asn,
    Off,
}

/// How much of the browser a trusted device is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserBinding {
    Exact,
    /// Browser, OS and major version: a minor update keeps the trust.
    Family,
    Off,
}

pub const DEFAULT_V4_PREFIX: u8 = 24;
pub const DEFAULT_V6_PREFIX: u8 = 64;

/// A site's trusted-device policy: whether "trust this device" is offered, for how long,
/// and what a device is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceTrust {
    pub enabled: bool,
    pub lifetime: Duration,
    pub ip: IpBinding,
    pub browser: BrowserBinding,
}

impl Default for DeviceTrust {
    fn default() -> Self {
        DeviceTrust {
            enabled: true,
            lifetime: Duration::from_secs(30 * 86_400),
            ip: IpBinding::Prefix { v4: DEFAULT_V4_PREFIX, v6: DEFAULT_V6_PREFIX },
            browser: BrowserBinding::Family,
        }
    }
}

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
    /// The user of the request's session (whatever it still owes), looked up only where a
    /// `users` or `groups` rule may decide (`Site::asks_who`); `None` meets no such rule.
    pub who: Option<Who<'a>>,
}

/// Who a signed-in request is for, as `users` and `groups` rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub user: &'a str,
    pub groups: &'a [String],
}

/// A rule: the request it matches (every condition given), and what then happens.
#[derive(Debug)]
pub struct Rule {
    pub path: Option<Regex>,
    pub methods: Option<Vec<Method>>,
    pub networks: Option<Vec<IpNet>>,
    pub countries: Option<Vec<CountrySpec>>,
    /// Signed-in users by name, or members of these groups.
    pub users: Option<Vec<String>>,
    pub groups: Option<Vec<String>>,
    pub action: Action,
}

/// One condition of a rule.
#[derive(Debug, Clone, Copy)]
pub enum Condition<'a> {
    Path(&'a Regex),
    Methods(&'a [Method]),
    Networks(&'a [IpNet]),
    Countries(&'a [CountrySpec]),
    Users(&'a [String]),
    Groups(&'a [String]),
}

impl Condition<'_> {
    /// Whether the request meets it.
    pub fn met(&self, r: &Request<'_>) -> bool {
        match self {
            Condition::Path(re) => re.is_match(r.path),
            Condition::Methods(ms) => ms.contains(r.method),
            Condition::Networks(ns) => ns.iter().any(|n| n.contains(&r.ip)),
            Condition::Countries(cs) => cs.contains(&r.country.map_or(CountrySpec::Unknown, CountrySpec::Code)),
            Condition::Users(us) => r.who.is_some_and(|w| us.iter().any(|u| u == w.user)),
            Condition::Groups(gs) => r.who.is_some_and(|w| gs.iter().any(|g| w.groups.contains(g))),
        }
    }

    /// Whether every request that meets `other` (a condition of the same kind) meets this one.
    fn covers(&self, other: &Condition<'_>) -> bool {
        match (self, other) {
            (Condition::Path(a), Condition::Path(b)) => a.as_str() == b.as_str() || CATCH_ALL_PATHS.contains(&a.as_str()),
            (Condition::Methods(a), Condition::Methods(b)) => b.iter().all(|m| a.contains(m)),
            (Condition::Networks(a), Condition::Networks(b)) => b.iter().all(|n| a.iter().any(|m| m.contains(n))),
            (Condition::Countries(a), Condition::Countries(b)) => b.iter().all(|c| a.contains(c)),
            (Condition::Users(a), Condition::Users(b)) | (Condition::Groups(a), Condition::Groups(b)) => b.iter().all(|x| a.contains(x)),
            _ => false,
        }
    }

    fn kind(&self) -> u8 {
        match self {
            Condition::Path(_) => 0,
            Condition::Methods(_) => 1,
            Condition::Networks(_) => 2,
            Condition::Countries(_) => 3,
            Condition::Users(_) => 4,
            Condition::Groups(_) => 5,
        }
    }
}

/// Path patterns that match every path the rules see (which all start with `/`).
const CATCH_ALL_PATHS: &[&str] = &["", "^", "/", "^/", ".*", "^.*", "^/.*", ".", "^."];

impl Rule {
    /// The conditions the rule has (those it leaves out match every request).
    pub fn conditions(&self) -> impl Iterator<Item = Condition<'_>> {
        [
            self.path.as_ref().map(Condition::Path),
            self.methods.as_deref().map(Condition::Methods),
            self.networks.as_deref().map(Condition::Networks),
            self.countries.as_deref().map(Condition::Countries),
            self.users.as_deref().map(Condition::Users),
            self.groups.as_deref().map(Condition::Groups),
        ]
        .into_iter()
        .flatten()
    }

    fn matches(&self, r: &Request<'_>) -> bool {
        self.conditions().all(|c| c.met(r))
    }

    /// Whether every request this rule's `later` matches, this one matches first.
    fn covers(&self, later: &Rule) -> bool {
        self.conditions().all(|mine| later.conditions().any(|theirs| mine.kind() == theirs.kind() && mine.covers(&theirs)))
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

/// How the names of the headers sent to a site's app are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HeaderCase {
    /// In lower case, as HTTP/2 sends them (the cheaper way: see `web::outgoing`).
    #[default]
    Lower,
    /// The client's as it wrote them, for an app that compares names as written (those the
    /// gate adds or rewrites, such as a `Cookie` without its cookies, in lower case).
    Preserve,
}

/// What method-override headers (`X-HTTP-Method-Override` and kin) mean on a site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MethodOverride {
    /// Removed from every request, so the app never acts on them.
    #[default]
    Remove,
    /// The request is judged as the method they name, and they are passed on.
    Judge,
    /// The app takes no overrides: the headers are removed, parameters not looked for.
    Ignore,
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
    pub header_case: HeaderCase,
    pub method_override: MethodOverride,
    /// Headers removed from every request besides the well-known identity headers.
    pub strip_headers: Vec<HeaderPattern>,
    pub session: SessionScope,
    pub devices: DeviceTrust,
    /// Whether "email me a code" is offered.
    pub email_codes: bool,
    /// Whether "text me a code" is offered.
    pub sms_codes: bool,
    /// What a user without a second factor is asked at sign-in.
    pub enrolment: Enrolment,
    /// Whether any rule matches on the client's country (which then must be looked up).
    pub uses_countries: bool,
    /// Whether any rule matches on who the user is (whose session then is looked up first).
    pub uses_who: bool,
    /// In order; the first that matches decides.
    pub rules: Vec<Rule>,
    /// When no rule matches.
    pub default: Action,
    /// The signed identity assertion the app is sent, if any.
    pub assertion: Option<AssertionSpec>,
    pub passkeys: PasskeySettings,
    pub branding: Branding,
    /// Its requests' counters and timings.
    pub metrics: SiteMetrics,
}

/// The company's look on a site's pages.
#[derive(Debug, Clone, Default)]
pub struct Branding {
    pub logo: Option<Logo>,
    /// The stylesheet that sets the accent colour (`:root { --accent: … }`), if one is chosen.
    pub accent_css: Option<String>,
    /// A `mailto:` or web address where users get help.
    pub help: Option<String>,
    pub footer: Option<String>,
}

impl Branding {
    /// The gate's own look.
    pub const NONE: Branding = Branding { logo: None, accent_css: None, help: None, footer: None };
}

/// An image, as it is served.
#[derive(Clone)]
pub struct Logo {
    pub content_type: &'static str,
    pub bytes: bytes::Bytes,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Logo({}, {} bytes)", self.content_type, self.bytes.len())
    }
}

/// Passkeys on a site: their relying party (the host, or a parent domain) and whether one
/// alone signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeySettings {
    pub rp_id: String,
    pub sign_in: bool,
}

/// What a site asks of a user who has no second factor yet, where a rule wants two factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enrolment {
    /// The first sign-in enrols.
    Required,
    /// The password alone, until the user's own deadline: `grace` after their first sign-in
    /// without a method; then enrolment is forced.
    Grace(Duration),
    /// Each user chooses whether to turn two-factor on; those who did are asked for it.
    Optional,
}

impl Enrolment {
    /// Whether a user without a method, whose grace began `grace_from` (if it did), may go on
    /// with the password alone at `now`. The deadline follows the grace as configured now, so
    /// shortening it shortens the deadlines already running.
    pub fn lets_go_on(self, grace_from: Option<i64>, now: i64) -> bool {
        match self {
            Enrolment::Required => false,
            Enrolment::Grace(_) => self.deadline(grace_from).is_some_and(|deadline| now < deadline),
            Enrolment::Optional => true,
        }
    }

    /// When the grace that began `grace_from` ends.
    pub fn deadline(self, grace_from: Option<i64>) -> Option<i64> {
        match self {
            Enrolment::Grace(grace) => grace_from.map(|from| from.saturating_add(grace.as_secs() as i64)),
            _ => None,
        }
    }
}

/// A site's identity assertion: the header it goes in, and how long each token is good for.
#[derive(Debug, Clone)]
pub struct AssertionSpec {
    pub header: HeaderName,
    pub lifetime: Duration,
}

impl Site {
    /// The action of the first rule that matches, or the site's default.
    pub fn decide(&self, request: &Request<'_>) -> Action {
        self.rules.iter().find(|r| r.matches(request)).map_or(self.default, |r| r.action)
    }

    /// Whether who the user is could change what `request` (judged without knowing it) gets:
    /// a rule by users or groups, whose other conditions it meets, comes before any other
    /// rule it matches. Only then need its session be looked up before the rules.
    pub fn asks_who(&self, request: &Request<'_>) -> bool {
        let by_who = |c: &Condition<'_>| matches!(c, Condition::Users(_) | Condition::Groups(_));
        for rule in &self.rules {
            if rule.conditions().filter(|c| !by_who(c)).all(|c| c.met(request)) {
                return rule.conditions().any(|c| by_who(&c));
            }
        }
        false
    }

    /// Rules that can never match, each with the earlier rule that matches all it would
    /// (by their places in `rules`); and whether a rule matches every request, so that the
    /// default is never used.
    pub fn unreachable(&self) -> (Vec<(usize, usize)>, bool) {
        let shadowed =
            (0..self.rules.len()).filter_map(|j| (0..j).find(|&i| self.rules[i].covers(&self.rules[j])).map(|i| (j, i))).collect();
        (
            shadowed,
            self.rules.iter().any(|r| r.conditions().all(|c| matches!(c, Condition::Path(re) if CATCH_ALL_PATHS.contains(&re.as_str())))),
        )
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
    /// The sites, by host, and the separate factors (whose places are their [`FactorId`]s).
    pub fn new(sites: impl IntoIterator<Item = Site>, factors: Vec<Factor>) -> Policy {
        let sites = sites.into_iter().map(|site| (site.host.clone(), Arc::new(site))).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grace_ends_at_its_deadline_as_configured_now() {
        let fortnight = Enrolment::Grace(Duration::from_secs(14 * 86_400));
        assert!(fortnight.lets_go_on(Some(1000), 1000 + 14 * 86_400 - 1));
        assert!(!fortnight.lets_go_on(Some(1000), 1000 + 14 * 86_400), "the deadline itself is past the grace");
        assert!(!fortnight.lets_go_on(None, 1000), "a grace that never began gives nothing");
        let shorter = Enrolment::Grace(Duration::from_secs(3 * 86_400));
        assert!(!shorter.lets_go_on(Some(1000), 1000 + 5 * 86_400), "shortening the grace shortens a running one");
        assert_eq!(shorter.deadline(Some(1000)), Some(1000 + 3 * 86_400));
        assert!(Enrolment::Optional.lets_go_on(None, i64::MAX));
        assert!(!Enrolment::Required.lets_go_on(Some(1000), 1000));
        assert_eq!(Enrolment::Required.deadline(Some(1000)), None);
    }
}
