//! The config file as admins write it. Every struct denies unknown keys so a typo is an error
//! that names the key, never a silently ignored setting.

use std::collections::BTreeMap;
use std::path::PathBuf;

use secrecy::SecretString;
use serde::Deserialize;

use super::types::{
    Accent, Cidr, CountryName, HeaderNameSpec, HeaderPatternSpec, HelpLink, HostName, HumanDuration, ListenAddr, LogoFile, MailboxText,
    MethodName, PathRegex, PrefixLen, RpId, UpstreamSpec,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub listen: ListenAddr,
    #[serde(default)]
    pub tls: Option<TlsFile>,
    /// The admin listener (metrics, health, readiness); none without it.
    #[serde(default)]
    pub admin: Option<AdminFile>,
    pub data_dir: PathBuf,
    pub users_file: PathBuf,
    /// Path prefix under which the gate serves its own pages on every site.
    #[serde(default)]
    pub portal_path: Option<String>,
    #[serde(default)]
    pub session: SessionFile,
    #[serde(default)]
    pub secrets: SecretsFile,
    /// Where state is kept: without it, one SQLite file in data_dir.
    #[serde(default)]
    pub store: Option<StoreFile>,
    /// Limits on failed passwords and codes.
    #[serde(default)]
    pub regulation: RegulationFile,
    /// Proxies whose `X-Forwarded-For` is believed; everyone else's is replaced.
    #[serde(default)]
    pub trusted_proxies: Vec<Cidr>,
    /// MaxMind databases for `countries` rules and for binding devices to a network operator.
    #[serde(default)]
    pub geoip: GeoipFile,
    /// Codes sent by email when the authenticator is not at hand.
    #[serde(default)]
    pub sent_codes: SentCodesFile,
    /// An HTTP SMS gateway for codes by SMS.
    #[serde(default)]
    pub sms: Option<SmsFile>,
    /// Emails to users about changes to their sign-in (needs a restart to change).
    #[serde(default)]
    pub notifications: NotificationsFile,
    /// Where the audit trail is written besides the store, and how long the store keeps it.
    #[serde(default)]
    pub audit: AuditFile,
    /// One JSON line per request, written to a file or standard error; off when absent.
    #[serde(default)]
    pub access_log: Option<AccessLogFile>,
    /// Worker threads for proxying; defaults to the number of CPUs.
    #[serde(default)]
    pub threads: Option<usize>,
    /// How long a stop (SIGTERM) or an upgrade waits for requests in flight; default 30s.
    #[serde(default)]
    pub drain_timeout: Option<HumanDuration>,
    /// Separate authenticators that step-up rules may name (e.g. `payments`).
    #[serde(default)]
    pub factors: BTreeMap<String, FactorFile>,
    pub sites: Vec<SiteFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsFile {
    pub listen: ListenAddr,
    pub cert: PathBuf,
    pub key: PathBuf,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssertionFile {
    /// Default `Portcullis-Assertion`.
    pub header: Option<HeaderNameSpec>,
    /// How long a token is good for; default 5m, from 30s to 1h.
    pub lifetime: Option<HumanDuration>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditFile {
    /// A file the JSON lines are appended to (reopened on SIGHUP).
    pub file: Option<PathBuf>,
    #[serde(default)]
    pub stderr: bool,
    /// Default 90 days.
    pub retention: Option<HumanDuration>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessLogFile {
    /// A file the lines are appended to (reopened on SIGHUP).
    pub file: Option<PathBuf>,
    #[serde(default)]
    pub stderr: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminFile {
    pub listen: ListenAddr,
}

/// A request per SMS: `{phone}` and `{code}` in `body` are filled in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsFile {
    pub url: String,
    /// Default POST.
    pub method: Option<MethodName>,
    /// Sent as `Authorization` (e.g. `Bearer …`, `Basic …`); or `PORTCULLIS_SMS_AUTH`.
    pub auth_header: Option<SecretString>,
    /// Default `application/x-www-form-urlencoded`.
    pub content_type: Option<String>,
    pub body: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentCodesFile {
    pub digits: Option<u8>,
    pub lifetime: Option<HumanDuration>,
    pub resend_after: Option<HumanDuration>,
    pub per_hour: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationsFile {
    /// The sender; default `Portcullis <portcullis@localhost>`.
    pub from: Option<MailboxText>,
    /// Without `smtp`, messages are written here as files (default: data_dir/notifications).
    pub folder: Option<PathBuf>,
    pub smtp: Option<SmtpFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpFile {
    pub host: String,
    /// Default: 465 for `tls`, 587 for `starttls`, 25 for `none`.
    pub port: Option<u16>,
    /// `starttls` (default), `tls`, or `none` (plain text: a relay on this host only).
    pub security: Option<SmtpSecurity>,
    pub username: Option<String>,
    /// Or `PORTCULLIS_SMTP_PASSWORD` in the environment.
    pub password: Option<SecretString>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    Tls,
    Starttls,
    None,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeoipFile {
    /// A GeoIP2/GeoLite2 Country or City database (a City one also names the town of a device).
    pub country_database: Option<PathBuf>,
    /// A GeoIP2/GeoLite2 ASN database.
    pub asn_database: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionFile {
    /// A session unused for this long ends.
    pub idle_timeout: Option<HumanDuration>,
    /// A session ends this long after login, however busy.
    pub absolute_timeout: Option<HumanDuration>,
    /// Sites whose sessions are one (single sign-on): the cookie is set for their common
    /// parent domain. Otherwise a session is good only on the site that issued it.
    #[serde(default)]
    pub shared_by: Vec<HostName>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegulationFile {
    /// Failures within `window` that lock a user or client address.
    pub max_failures: Option<u32>,
    pub window: Option<HumanDuration>,
    /// The first lockout's length; each further one doubles, up to `max_ban_time`.
    pub ban_time: Option<HumanDuration>,
    pub max_ban_time: Option<HumanDuration>,
    /// Consecutive failures after which a user's code entry waits for an admin (at most 100).
    pub max_consecutive: Option<u32>,
}

/// Each key may be given inline (base64), as a file path, or by environment variable
/// (`PORTCULLIS_SESSION_KEY`, `PORTCULLIS_STORAGE_KEY`); otherwise it is generated into data_dir.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsFile {
    pub session_key: Option<SecretString>,
    pub session_key_file: Option<PathBuf>,
    pub storage_key: Option<SecretString>,
    pub storage_key_file: Option<PathBuf>,
    /// P-256 private keys (PKCS#8 PEM) for identity assertions; the first signs.
    #[serde(default)]
    pub assertion_key_files: Vec<PathBuf>,
}

/// One of the backends, by name: `sqlite: { path }` or `postgres: { url, … }`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreFile {
    pub sqlite: Option<SqliteFile>,
    pub postgres: Option<PostgresFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqliteFile {
    /// Default: data_dir/portcullis.db.
    pub path: Option<PathBuf>,
}

/// A database several replicas share (or `PORTCULLIS_POSTGRES_URL`,
/// `PORTCULLIS_POSTGRES_PASSWORD`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostgresFile {
    pub url: Option<SecretString>,
    pub password_file: Option<PathBuf>,
    pub max_connections: Option<usize>,
    pub tls: Option<PgTlsName>,
    /// The roots `tls: verify_full` checks the server against (default: the web's).
    pub ca_file: Option<PathBuf>,
}

/// libpq's `sslmode` values that make sense here.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PgTlsName {
    Disable,
    Prefer,
    Require,
    #[serde(alias = "verify-full")]
    VerifyFull,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub host: HostName,
    pub upstream: UpstreamSpec,
    /// Shown on the gate's pages; defaults to the host.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub rules: Vec<RuleFile>,
    #[serde(default = "default_action")]
    pub default: ActionName,
    #[serde(default)]
    pub headers: HeadersFile,
    /// A signed identity assertion (a JWT) for the app, besides the identity headers.
    #[serde(default)]
    pub assertion: Option<AssertionFile>,
    #[serde(default)]
    pub trusted_devices: TrustedDevicesFile,
    /// Offer "email me a code" on the code page to users with an email address.
    #[serde(default)]
    pub email_codes: bool,
    /// Offer "text me a code" to users with a phone number (needs `sms:`).
    #[serde(default)]
    pub sms_codes: bool,
    /// What a user without a second factor is asked: `required` (the default; the first
    /// sign-in enrols), `{ grace: 14d }` (the password alone until that long after their first
    /// sign-in), or `optional` (each user chooses on the security page).
    #[serde(default)]
    pub enrolment: EnrolmentFile,
    /// How the app compares paths: `sensitive` (the default) or `insensitive` (IIS and the
    /// like), where rules match the lower-cased path.
    #[serde(default)]
    pub path_case: PathCaseName,
    /// How the names of the headers the app gets are written: `lower` (the default; HTTP
    /// names are read in any case) or `preserve`, as the client wrote them, for an app that
    /// compares them as written.
    #[serde(default)]
    pub header_case: HeaderCaseName,
    /// Method overrides (`X-HTTP-Method-Override` and kin, `_method` parameters): `remove`
    /// the headers (the default), `judge` a POST as the method they name and pass them on,
    /// or `ignore` them all where the app takes none (headers still removed).
    #[serde(default)]
    pub method_override: MethodOverrideName,
    /// More request headers the app trusts, removed from every request: names, or prefixes
    /// ending in `*` (`x-myapp-*`).
    #[serde(default)]
    pub strip_headers: Vec<HeaderPatternSpec>,
    /// A passkey alone (discoverable, with user verification) signs in, without the password:
    /// offered by the browser's autofill on the login page and by a button.
    #[serde(default)]
    pub passkey_sign_in: bool,
    /// The relying party of the passkeys made here: the host (the default), or a parent
    /// domain, so that one passkey serves each site under it.
    #[serde(default)]
    pub passkey_rp_id: Option<RpId>,
    /// The company's look on the gate's pages.
    #[serde(default)]
    pub branding: BrandingFile,
}

/// `branding: { logo: file, accent: "#0b5", help: mailto or URL, footer: text }`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandingFile {
    /// Shown above each page's heading, and its favicon.
    #[serde(default)]
    pub logo: Option<LogoFile>,
    /// The buttons' colour: white text on it, and it on the dark background, must keep their
    /// contrast (WCAG AA), which `check` measures.
    #[serde(default)]
    pub accent: Option<Accent>,
    /// Where users get help, on every page (error pages too).
    #[serde(default)]
    pub help: Option<HelpLink>,
    /// A line under every page.
    #[serde(default)]
    pub footer: Option<String>,
}

#[derive(Clone, Copy, Debug, Default)]
pub enum EnrolmentFile {
    #[default]
    Required,
    Grace(HumanDuration),
    Optional,
}

/// `required`, `optional`, or `{ grace: 14d }` (serde_yaml would want a `!grace` tag).
impl<'de> Deserialize<'de> for EnrolmentFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Expected;
        const WHAT: &str = "`required`, `optional` or `{ grace: 14d }`";
        impl<'de> serde::de::Visitor<'de> for Expected {
            type Value = EnrolmentFile;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(WHAT)
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<EnrolmentFile, E> {
                match s {
                    "required" => Ok(EnrolmentFile::Required),
                    "optional" => Ok(EnrolmentFile::Optional),
                    other => Err(E::custom(format!("{other:?} is not one of {WHAT}"))),
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<EnrolmentFile, A::Error> {
                let grace = match map.next_key::<String>()?.as_deref() {
                    Some("grace") => map.next_value::<HumanDuration>()?,
                    _ => return Err(serde::de::Error::custom(format!("expected {WHAT}"))),
                };
                match map.next_key::<String>()? {
                    None => Ok(EnrolmentFile::Grace(grace)),
                    Some(key) => Err(serde::de::Error::custom(format!("unknown key {key:?}: expected {WHAT}"))),
                }
            }
        }
        d.deserialize_any(Expected)
    }
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PathCaseName {
    #[default]
    Sensitive,
    Insensitive,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum HeaderCaseName {
    #[default]
    Lower,
    Preserve,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MethodOverrideName {
    #[default]
    Remove,
    Judge,
    Ignore,
}

/// "Trust this device": whether it is offered, for how long, and what a device is bound to.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedDevicesFile {
    pub enabled: Option<bool>,
    pub lifetime: Option<HumanDuration>,
    pub ip: Option<IpBindingName>,
    /// For `ip: prefix`: the network sizes (default /24 and /64).
    pub ipv4_prefix: Option<PrefixLen<32>>,
    pub ipv6_prefix: Option<PrefixLen<128>>,
    pub browser: Option<BrowserBindingName>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum IpBindingName {
    Exact,
    Prefix,
    Asn,
    Off,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BrowserBindingName {
    Exact,
    Family,
    Off,
}

fn default_action() -> ActionName {
    ActionName::TwoFactor
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub path: Option<PathRegex>,
    #[serde(default)]
    pub methods: Option<Vec<MethodName>>,
    #[serde(default)]
    pub networks: Option<Vec<Cidr>>,
    /// Client countries (needs `geoip.country_database`); `unknown` matches addresses without one.
    #[serde(default)]
    pub countries: Option<Vec<CountryName>>,
    /// Signed-in users by name; a request without a session never matches.
    #[serde(default)]
    pub users: Option<Vec<String>>,
    /// Signed-in members of any of these groups (from the users file).
    #[serde(default)]
    pub groups: Option<Vec<String>>,
    pub action: ActionName,
    /// `false` on a `two_factor` rule: a trusted device does not stand in for the code here.
    #[serde(default)]
    pub trusted_devices: Option<bool>,
    /// On a `two_factor` rule: a code entered within `max_age` is needed, trusted device or not.
    #[serde(default)]
    pub step_up: Option<StepUpFile>,
    /// On a `two_factor` rule: the second factors that count (`[webauthn]`: a passkey or
    /// security key, which a look-alike site cannot phish).
    #[serde(default)]
    pub second_factor: Option<Vec<SecondFactorName>>,
}

/// A kind of second factor a rule may insist on.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SecondFactorName {
    Webauthn,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepUpFile {
    pub max_age: HumanDuration,
    /// A separate authenticator from `factors:`; without it, the login's is asked again.
    #[serde(default)]
    pub factor: Option<String>,
    /// The second factors that count for the step-up (`[webauthn]`).
    #[serde(default)]
    pub methods: Option<Vec<SecondFactorName>>,
}

/// A separate authenticator for step-ups.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactorFile {
    /// Its own backup codes (the default), or none.
    #[serde(default = "yes")]
    pub backup_codes: bool,
    /// Someone without it who meets a step-up: `enrol` there, or `deny` until they set it up
    /// on their security page.
    #[serde(default)]
    pub first_use: FirstUseName,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FirstUseName {
    #[default]
    Enrol,
    Deny,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ActionName {
    Bypass,
    Deny,
    OneFactor,
    TwoFactor,
}

/// Names of the identity headers sent upstream.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadersFile {
    pub user: Option<HeaderNameSpec>,
    pub name: Option<HeaderNameSpec>,
    pub email: Option<HeaderNameSpec>,
    pub groups: Option<HeaderNameSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsersFile {
    pub users: BTreeMap<String, UserFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserFile {
    pub password: PasswordHashText,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// For codes by SMS, in international form: `+4915112345678`.
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    /// The language of emails sent without a browser's (an admin's reset): `de`, `fr`, …
    #[serde(default)]
    pub language: Option<String>,
    /// `exempt`: the password alone signs this user in (a service account, or someone an
    /// admin lets in while they recover); `check` warns of each.
    #[serde(default)]
    pub two_factor: Option<TwoFactorName>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TwoFactorName {
    Exempt,
}

/// An argon2id PHC string, checked for shape when the file loads.
#[derive(Clone, Deserialize)]
#[serde(try_from = "String")]
pub struct PasswordHashText(pub String);

impl TryFrom<String> for PasswordHashText {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match argon2::PasswordHash::new(&s) {
            Ok(h) if h.algorithm.as_str() == "argon2id" => Ok(PasswordHashText(s)),
            _ => Err("password: not an argon2id hash; make one with `portcullis hash-password`".into()),
        }
    }
}

impl std::fmt::Debug for PasswordHashText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHashText(<redacted>)")
    }
}
