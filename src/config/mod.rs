//! Loading the YAML config: the serde file model (`file`) is read, then validated and compiled
//! into the model the gate runs on. Every error names the file, the key and, where known, the line.

pub(crate) mod compile;
pub(crate) mod file;
mod locate;
mod sites;
mod storage;
mod types;
mod users;
pub(crate) use types::HeaderNameSpec;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ipnet::IpNet;

pub use file::ActionName;
pub use storage::DB_FILE;

use crate::access_log;
use crate::audit;
use crate::auth::sent_code;
use crate::auth::session::Timeouts;
use crate::auth::throttle::Regulation;
use crate::geo::{Database, Geo};
use crate::keys::{KeySource, KeySources};
use crate::notify::{self, ConnectionSecurity, Transport};
use crate::policy::{Policy, SessionScope};
use crate::store::Backend;
use crate::users::Users;
use secrecy::SecretString;

pub const DEFAULT_PORTAL_PATH: &str = "/.portcullis";
const DEFAULT_IDLE: Duration = Duration::from_secs(30 * 60);
const DEFAULT_ABSOLUTE: Duration = Duration::from_secs(12 * 3600);
const DEFAULT_AUDIT_RETENTION: Duration = Duration::from_secs(90 * 86_400);
const DEFAULT_DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    /// serde_yaml's message already carries the key path and the line.
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}{}: {key}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid { path: PathBuf, key: String, line: Option<usize>, message: String },
}

/// The validated configuration.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    pub listen: SocketAddr,
    pub tls: Option<Tls>,
    /// Where `/metrics`, `/healthz` and `/readyz` are served.
    pub admin: Option<SocketAddr>,
    pub data_dir: PathBuf,
    pub users_file: PathBuf,
    pub portal_path: String,
    pub session: Timeouts,
    pub secrets: KeySources,
    pub store: Backend,
    pub regulation: Regulation,
    pub trusted_proxies: Vec<IpNet>,
    pub threads: usize,
    /// How long a stop or an upgrade waits for requests in flight before cutting them.
    pub drain_timeout: Duration,
    pub policy: Policy,
    pub users: Users,
    pub geo: Geo,
    /// The GeoIP database files, watched for changes like the config itself.
    pub geo_files: Vec<PathBuf>,
    pub notifications: notify::Delivery,
    pub sent_codes: sent_code::Terms,
    /// A hash of the config and users files as read, to tell which is loaded.
    pub hash: String,
    pub audit: audit::Sink,
    /// How long the store keeps the audit trail.
    pub audit_retention: Duration,
    /// Where each request's line goes; `None`: no access log.
    pub access_log: Option<access_log::Sink>,
}

impl Config {
    /// Every file the config was read from.
    pub fn files(&self) -> Vec<PathBuf> {
        [self.path.clone(), self.users_file.clone()].into_iter().chain(self.geo_files.iter().cloned()).collect()
    }
}

#[derive(Debug, Clone)]
pub struct Tls {
    pub listen: SocketAddr,
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Reads and validates the config at `path` and the users file it names.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let src = read(path)?;
    let raw: file::ConfigFile = parse(path, &src)?;
    let invalid = |key: &str, message: String| ConfigError::Invalid {
        path: path.to_path_buf(),
        key: key.to_string(),
        line: locate::line_of_key(&src, key.split('.').next().unwrap_or(key)),
        message,
    };

    let portal_path = raw.portal_path.unwrap_or_else(|| DEFAULT_PORTAL_PATH.to_string());
    check_portal_path(&portal_path).map_err(|m| invalid("portal_path", m))?;
    let session = session_settings(&raw.session).map_err(|m| invalid("session", m))?;
    let regulation = regulation(&raw.regulation).map_err(|m| invalid("regulation", m))?;
    let tls = raw.tls.map(|t| check_tls(t).map_err(|m| invalid("tls", m))).transpose()?;
    let admin = raw.admin.map(|a| a.listen.0);
    if admin.is_some_and(|a| a == raw.listen.0 || tls.as_ref().is_some_and(|t| t.listen == a)) {
        return Err(invalid("admin.listen", "the admin listener must not be a public listener".into()));
    }
    if raw.sites.is_empty() {
        return Err(invalid("sites", "at least one site is needed".into()));
    }
    if let Some((i, host)) = locate::first_duplicate(raw.sites.iter().map(|s| s.host.0.as_str())) {
        return Err(ConfigError::Invalid {
            path: path.to_path_buf(),
            key: format!("sites[{i}].host"),
            line: locate::line_of_nth_value(&src, "host", host, 2),
            message: format!("host {host:?} is configured twice"),
        });
    }
    let geo = open_geo(&raw.geoip).map_err(|(key, message)| ConfigError::Invalid {
        path: path.to_path_buf(),
        key: format!("geoip.{key}"),
        line: locate::line_of_nth_key(&src, key, 1),
        message,
    })?;
    sites::check(path, &src, &raw.sites, &raw.factors, &geo, raw.sms.is_some())?;
    let shared = shared_sessions(&raw.session.shared_by, &raw.sites).map_err(|m| ConfigError::Invalid {
        path: path.to_path_buf(),
        key: "session.shared_by".into(),
        line: locate::line_of_nth_key(&src, "shared_by", 1),
        message: m,
    })?;
    let sms = raw.sms.map(sms_gateway).transpose().map_err(|m| invalid("sms", m))?;
    let notifications = notifications(raw.notifications, &raw.data_dir, sms).map_err(|m| invalid("notifications", m))?;
    let sent_codes = sent_codes(&raw.sent_codes).map_err(|m| invalid("sent_codes", m))?;
    if !raw.users_file.is_file() {
        let message = format!("{} does not exist or is not a file", raw.users_file.display());
        return Err(invalid("users_file", message));
    }
    let store = storage::backend(raw.store, &raw.data_dir).map_err(|(key, message)| ConfigError::Invalid {
        path: path.to_path_buf(),
        key: format!("store.postgres.{key}"),
        line: locate::line_of_key_under(&src, "store", key),
        message,
    })?;
    let secrets = key_sources(raw.secrets);
    if let Some(message) = storage::shared_keys_missing(&store, &secrets) {
        let line = locate::line_of_key(&src, "secrets").or_else(|| locate::line_of_key(&src, "store"));
        return Err(ConfigError::Invalid { path: path.to_path_buf(), key: "secrets".into(), line, message });
    }
    if matches!(store, Backend::Postgres(_)) && secrets.assertion_files.is_empty() && raw.sites.iter().any(|s| s.assertion.is_some()) {
        let line = locate::line_of_key(&src, "secrets").or_else(|| locate::line_of_key(&src, "store"));
        let message = "with `store: postgres` every replica must sign assertions with the same keys: set \
                       secrets.assertion_key_files to P-256 keys in PEM (`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`), \
                       the same files on every replica"
            .to_string();
        return Err(ConfigError::Invalid { path: path.to_path_buf(), key: "secrets.assertion_key_files".into(), line, message });
    }
    let access_log = raw.access_log.map(|a| access_log::Sink { file: a.file, stderr: a.stderr });
    if access_log.as_ref().is_some_and(|a| a.file.is_none() && !a.stderr) {
        return Err(invalid("access_log", "name a `file` to write to, or set `stderr: true`".into()));
    }
    let users = users::load(&raw.users_file)?;
    let hash = hash_of(&src, &raw.users_file);
    Ok(Config {
        path: path.to_path_buf(),
        listen: raw.listen.0,
        tls,
        admin,
        data_dir: raw.data_dir,
        users_file: raw.users_file,
        session,
        secrets,
        store,
        regulation,
        trusted_proxies: raw.trusted_proxies.iter().map(|c| c.0).collect(),
        threads: raw.threads.unwrap_or_else(default_threads).max(1),
        drain_timeout: raw.drain_timeout.map_or(DEFAULT_DRAIN_TIMEOUT, |d| d.0),
        policy: compile::compile(raw.sites, &raw.factors, shared.as_ref()),
        users,
        geo,
        geo_files: [raw.geoip.country_database, raw.geoip.asn_database].into_iter().flatten().collect(),
        notifications,
        sent_codes,
        portal_path,
        hash,
        audit: audit::Sink { file: raw.audit.file, stderr: raw.audit.stderr },
        audit_retention: raw.audit.retention.map_or(DEFAULT_AUDIT_RETENTION, |r| r.0),
        access_log,
    })
}

/// The first 16 hex digits of a SHA-256 of the config's text and the users file's.
fn hash_of(src: &str, users_file: &Path) -> String {
    use sha2::{Digest, Sha256};
    let users = std::fs::read(users_file).unwrap_or_default();
    let digest = Sha256::new().chain_update(src).chain_update(users).finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn sms_gateway(f: file::SmsFile) -> Result<notify::SmsGateway, String> {
    let url: reqwest::Url = f.url.parse().map_err(|e| format!("url: {:?}: {e}", f.url))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(format!("url: {:?} must be http or https", f.url));
    }
    if !f.body.contains("{code}") {
        return Err("body: must contain {code}".into());
    }
    Ok(notify::SmsGateway {
        url,
        method: f.method.map_or(http::Method::POST, |m| m.0),
        auth: std::env::var("PORTCULLIS_SMS_AUTH").ok().map(SecretString::from).or(f.auth_header),
        content_type: f.content_type.unwrap_or_else(|| "application/x-www-form-urlencoded".into()),
        body: f.body,
    })
}

fn sent_codes(f: &file::SentCodesFile) -> Result<sent_code::Terms, String> {
    let d = sent_code::Terms::default();
    let s = sent_code::Terms {
        digits: f.digits.map_or(d.digits, u32::from),
        lifetime: f.lifetime.map_or(d.lifetime, |l| l.0),
        resend_after: f.resend_after.map_or(d.resend_after, |l| l.0),
        per_hour: f.per_hour.unwrap_or(d.per_hour),
    };
    if !(6..=10).contains(&s.digits) {
        return Err("digits must be between 6 and 10".into());
    }
    if s.lifetime > std::time::Duration::from_secs(3600) || s.per_hour == 0 {
        return Err("lifetime must be at most 1h and per_hour at least 1".into());
    }
    Ok(s)
}

fn notifications(n: file::NotificationsFile, data_dir: &Path, sms: Option<notify::SmsGateway>) -> Result<notify::Delivery, String> {
    let default_from = || "Portcullis <portcullis@localhost>".parse().map_err(|_| "the default sender does not parse".to_string());
    let from = match n.from {
        Some(f) => f.0,
        None => default_from()?,
    };
    let transport = match (n.smtp, n.folder) {
        (Some(_), Some(_)) => return Err("set either `smtp` or `folder`, not both".into()),
        (None, folder) => Transport::Folder(folder.unwrap_or_else(|| data_dir.join("notifications"))),
        (Some(smtp), None) => {
            let security = match smtp.security.unwrap_or(file::SmtpSecurity::Starttls) {
                file::SmtpSecurity::Tls => ConnectionSecurity::Tls,
                file::SmtpSecurity::Starttls => ConnectionSecurity::StartTls,
                file::SmtpSecurity::None => ConnectionSecurity::None,
            };
            let port = smtp.port.unwrap_or(match security {
                ConnectionSecurity::Tls => 465,
                ConnectionSecurity::StartTls => 587,
                ConnectionSecurity::None => 25,
            });
            let password = std::env::var("PORTCULLIS_SMTP_PASSWORD").ok().map(SecretString::from).or(smtp.password);
            let credentials = match (smtp.username, password) {
                (Some(user), Some(password)) => Some((user, password)),
                (None, None) => None,
                _ => return Err("smtp: give both `username` and `password` (or PORTCULLIS_SMTP_PASSWORD), or neither".into()),
            };
            Transport::Smtp { host: smtp.host, port, security, credentials }
        }
    };
    Ok(notify::Delivery { from, transport, sms })
}

fn key_sources(f: file::SecretsFile) -> KeySources {
    KeySources {
        session: KeySource { inline: f.session_key, file: f.session_key_file },
        storage: KeySource { inline: f.storage_key, file: f.storage_key_file },
        assertion_files: f.assertion_key_files,
    }
}

/// Reads the GeoIP databases; an error comes with the key that named the file.
fn open_geo(g: &file::GeoipFile) -> Result<Geo, (&'static str, String)> {
    let open = |key: &'static str, p: &Option<PathBuf>| p.as_deref().map(Database::open).transpose().map_err(|m| (key, m));
    Ok(Geo { country: open("country_database", &g.country_database)?, asn: open("asn_database", &g.asn_database)? })
}

pub(crate) fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_path_buf(), source })
}

/// Deserialises `src`. serde_yaml names the key path and line of most errors itself; for
/// the few it cannot place (a bad top-level value), the path is tracked separately and the
/// line found from the key.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(path: &Path, src: &str) -> Result<T, ConfigError> {
    serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(src)).map_err(|e| {
        let key = e.path().to_string();
        let inner = e.into_inner();
        // serde_yaml reports errors it cannot place at the start of the document.
        if inner.location().is_some_and(|l| l.index() > 0) || key == "." {
            ConfigError::Parse { path: path.to_path_buf(), message: inner.to_string() }
        } else {
            let line = locate::line_of_nested_key(src, key.rsplit('.').next().unwrap_or(&key));
            ConfigError::Invalid { path: path.to_path_buf(), key, line, message: inner.to_string() }
        }
    })
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn check_portal_path(p: &str) -> Result<(), String> {
    let ok = p.len() > 1
        && p.starts_with('/')
        && !p.ends_with('/')
        && p[1..].split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(format!("{p:?} must look like /.portcullis: a leading '/', no trailing '/', plain characters"))
    }
}

fn session_settings(s: &file::SessionFile) -> Result<Timeouts, String> {
    let settings = Timeouts {
        idle_timeout: s.idle_timeout.map_or(DEFAULT_IDLE, |d| d.0),
        absolute_timeout: s.absolute_timeout.map_or(DEFAULT_ABSOLUTE, |d| d.0),
    };
    if settings.idle_timeout > settings.absolute_timeout {
        return Err("idle_timeout must not be longer than absolute_timeout".into());
    }
    Ok(settings)
}

/// The group of sites that share sessions, and the parent domain their cookie is set for.
fn shared_sessions(hosts: &[types::HostName], sites: &[file::SiteFile]) -> Result<Option<SessionScope>, String> {
    if hosts.is_empty() {
        return Ok(None);
    }
    if let Some(h) = hosts.iter().find(|h| !sites.iter().any(|s| s.host == **h)) {
        return Err(format!("{:?} is not the host of a site", h.0));
    }
    let mut names: Vec<&str> = hosts.iter().map(|h| h.0.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    if names.len() < 2 {
        return Err("name at least two sites that share sessions".into());
    }
    let labels = |h: &str| h.rsplit('.').map(str::to_string).collect::<Vec<_>>();
    let mut common = labels(names[0]);
    for name in &names[1..] {
        let other = labels(name);
        common.truncate(common.iter().zip(&other).take_while(|(a, b)| a == b).count());
    }
    if common.len() < 2 {
        return Err(format!(
            "{} share no parent domain of two labels or more (such as example.com) to set the cookie for",
            names.join(", ")
        ));
    }
    common.reverse();
    Ok(Some(SessionScope { id: names.join(" "), domain: Some(common.join(".")) }))
}

fn regulation(r: &file::RegulationFile) -> Result<Regulation, String> {
    let d = Regulation::default();
    let reg = Regulation {
        max_failures: r.max_failures.unwrap_or(d.max_failures),
        window: r.window.map_or(d.window, |w| w.0),
        ban_time: r.ban_time.map_or(d.ban_time, |w| w.0),
        max_ban_time: r.max_ban_time.map_or(d.max_ban_time, |w| w.0),
        max_consecutive: r.max_consecutive.unwrap_or(d.max_consecutive),
    };
    if reg.max_failures == 0 {
        return Err("max_failures must be at least 1".into());
    }
    if !(1..=100).contains(&reg.max_consecutive) {
        return Err("max_consecutive must be between 1 and 100 (NIST SP 800-63B)".into());
    }
    if reg.max_ban_time < reg.ban_time {
        return Err("max_ban_time must not be shorter than ban_time".into());
    }
    Ok(reg)
}

/// pingora panics on unreadable certificates, so they are checked here first.
fn check_tls(t: file::TlsFile) -> Result<Tls, String> {
    let pem = |p: &Path, marker: &str| -> Result<(), String> {
        let text = std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        if text.contains(marker) {
            Ok(())
        } else {
            Err(format!("{} holds no PEM block with {marker:?}", p.display()))
        }
    };
    pem(&t.cert, "BEGIN CERTIFICATE")?;
    pem(&t.key, "PRIVATE KEY")?;
    Ok(Tls { listen: t.listen.0, cert: t.cert, key: t.key })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every secret the config can hold inline, where a `Debug` of the loaded config (in a
    /// log line, a panic, an error) could show it.
    #[test]
    fn no_secret_of_the_config_prints() {
        let dir = tempfile::tempdir().expect("tempdir");
        let users = dir.path().join("users.yaml");
        let hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";
        std::fs::write(&users, format!("users:\n  alice:\n    password: \"{hash}\"\n")).expect("users");
        let (session_key, storage_key) = ("c2Vzc2lvbi1rZXktYnl0ZXMtdGhpcnR5LXR3byEhISE=", "c3RvcmFnZS1rZXktYnl0ZXMtdGhpcnR5LXR3byEhISE=");
        let (smtp_password, sms_auth) = ("smtp-password-do-not-print", "Bearer sms-token-do-not-print");
        let yaml = format!(
            "listen: 127.0.0.1:8080\ndata_dir: {data}\nusers_file: {users}\n\
             secrets: {{ session_key: \"{session_key}\", storage_key: \"{storage_key}\" }}\n\
             notifications: {{ smtp: {{ host: smtp.example.com, username: portcullis, password: {smtp_password} }} }}\n\
             sms: {{ url: \"https://sms.example.com/send\", auth_header: \"{sms_auth}\", body: \"to={{phone}}&text={{code}}\" }}\n\
             sites:\n  - host: app.example\n    upstream: 127.0.0.1:9000\n",
            data = dir.path().display(),
            users = users.display(),
        );
        let path = dir.path().join("portcullis.yaml");
        std::fs::write(&path, yaml).expect("config");
        let config = load(&path).expect("a valid config");
        let printed = format!("{config:?}");
        for secret in [session_key, storage_key, smtp_password, sms_auth, "sms-token", hash] {
            assert!(!printed.contains(secret), "{secret:?} printed in {printed}");
        }
        assert!(printed.contains("portcullis") && printed.contains("smtp.example.com"), "the rest still prints: {printed}");
    }
}
