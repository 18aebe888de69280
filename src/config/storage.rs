//! `store:` — where the gate keeps its state — compiled into a [`Backend`]; and the rule
//! that replicas sharing a database share their keys.

use std::path::Path;

use secrecy::SecretString;

use super::file::{PgTlsName, PostgresFile, StoreFile};
use crate::keys::KeySources;
use crate::store::{Backend, PgSettings, PgTls};

/// The SQLite file in data_dir when the config names none.
pub const DB_FILE: &str = "portcullis.db";
const DEFAULT_CONNECTIONS: usize = 16;

/// An error in `store:`: the key under `store.postgres` it is about, and what is wrong.
pub type StoreProblem = (&'static str, String);

/// The backend `store:` names (`(key, problem)` on error, the key under `store`).
pub fn backend(f: Option<StoreFile>, data_dir: &Path) -> Result<Backend, StoreProblem> {
    match f.unwrap_or_default() {
        StoreFile { sqlite: Some(_), postgres: Some(_) } => Err(("postgres", "name one backend, `sqlite` or `postgres`, not both".into())),
        StoreFile { postgres: Some(p), .. } => postgres(p).map(Backend::Postgres),
        StoreFile { sqlite, .. } => Ok(Backend::Sqlite(sqlite.and_then(|s| s.path).unwrap_or_else(|| data_dir.join(DB_FILE)))),
    }
}

fn postgres(p: PostgresFile) -> Result<PgSettings, StoreProblem> {
    let env = |name: &str| std::env::var(name).ok().map(SecretString::from);
    let url =
        env("PORTCULLIS_POSTGRES_URL").or(p.url).ok_or(("url", "give the database's URL here or in PORTCULLIS_POSTGRES_URL".into()))?;
    let password = match (env("PORTCULLIS_POSTGRES_PASSWORD"), &p.password_file) {
        (Some(password), _) => Some(password),
        (None, Some(path)) => Some(password_from(path).map_err(|m| ("password_file", m))?),
        (None, None) => None,
    };
    let tls = match (p.tls.unwrap_or(PgTlsName::Prefer), p.ca_file) {
        (PgTlsName::VerifyFull, ca_file) => PgTls::VerifyFull { ca_file },
        (_, Some(_)) => return Err(("ca_file", "is used only with `tls: verify_full`".into())),
        (PgTlsName::Disable, None) => PgTls::Disable,
        (PgTlsName::Prefer, None) => PgTls::Prefer,
        (PgTlsName::Require, None) => PgTls::Require,
    };
    let max_connections = p.max_connections.unwrap_or(DEFAULT_CONNECTIONS);
    if !(1..=1000).contains(&max_connections) {
        return Err(("max_connections", "must be between 1 and 1000".into()));
    }
    let settings = PgSettings { url, password, max_connections, tls };
    settings.connection().map_err(|m| ("url", m))?;
    // Builds the pool (no connection is made) to check the TLS roots now.
    settings.pool().map_err(|m| ("ca_file", m))?;
    Ok(settings)
}

/// The first line of the file: a password, as secret files hold one.
fn password_from(path: &Path) -> Result<SecretString, String> {
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?);
    let line = text.lines().next().unwrap_or_default();
    match line.is_empty() {
        true => Err(format!("{}: is empty", path.display())),
        false => Ok(SecretString::from(line.to_string())),
    }
}

/// Replicas on one database must sign and seal with the same keys, so a key that would be
/// generated into this box's data_dir is refused; `None` when every key is given.
pub fn shared_keys_missing(backend: &Backend, secrets: &KeySources) -> Option<String> {
    let given = |name: &str, inline: bool, file: bool| inline || file || std::env::var(format!("PORTCULLIS_{name}")).is_ok();
    let missing: Vec<&str> = [
        ("session_key", given("SESSION_KEY", secrets.session.inline.is_some(), secrets.session.file.is_some())),
        ("storage_key", given("STORAGE_KEY", secrets.storage.inline.is_some(), secrets.storage.file.is_some())),
    ]
    .into_iter()
    .filter(|(_, given)| !given)
    .map(|(name, _)| name)
    .collect();
    match (backend, missing.as_slice()) {
        (Backend::Sqlite(_), _) | (_, []) => None,
        (Backend::Postgres(_), names) => Some(format!(
            "with `store: postgres` every replica needs the same keys, and {} would be generated on this box: set \
             secrets.session_key_file and secrets.storage_key_file to files holding `openssl rand -base64 32` (the same \
             files on every replica), or PORTCULLIS_SESSION_KEY and PORTCULLIS_STORAGE_KEY",
            names.join(" and ")
        )),
    }
}
