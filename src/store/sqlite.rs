//! The embedded store: one SQLite file in WAL mode, safe to share with the admin CLI while
//! the gate runs.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};

use super::{
    Attempts, AuditRecord, Channel, DeviceRecord, Export, Mail, MethodChoices, Owner, PasskeyRecord, PasskeyUse, Revoked, Sends,
    SessionRecord, Slot, Stage, Store, StoreError, TotpRecord,
};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS totp (
    username  TEXT PRIMARY KEY,
    secret    BLOB NOT NULL,
    last_step INTEGER NOT NULL,
    created   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash        BLOB PRIMARY KEY,
    username       TEXT NOT NULL,
    stage          INTEGER NOT NULL,
    created        INTEGER NOT NULL,
    last_seen      INTEGER NOT NULL,
    expires        INTEGER NOT NULL,
    pending_secret BLOB,
    device         BLOB,
    factor         TEXT,
    factor_at      INTEGER,
    scope          TEXT NOT NULL DEFAULT '',
    password_tag   BLOB,
    grace_from     INTEGER,
    passkey        INTEGER
);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions(username);
CREATE TABLE IF NOT EXISTS devices (
    id_hash      BLOB PRIMARY KEY,
    username     TEXT NOT NULL,
    host         TEXT NOT NULL,
    password_tag BLOB NOT NULL,
    created      INTEGER NOT NULL,
    last_used    INTEGER NOT NULL,
    expires      INTEGER NOT NULL,
    label        TEXT NOT NULL,
    place        TEXT
);
CREATE INDEX IF NOT EXISTS devices_by_user ON devices(username);
CREATE TABLE IF NOT EXISTS sent_codes (
    username     TEXT NOT NULL,
    slot         TEXT NOT NULL,
    hash         BLOB,
    expires      INTEGER NOT NULL,
    last         INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    in_window    INTEGER NOT NULL,
    PRIMARY KEY (username, slot)
);
CREATE TABLE IF NOT EXISTS method_choices (
    username  TEXT PRIMARY KEY,
    app_off   INTEGER NOT NULL,
    email_off INTEGER NOT NULL,
    phone_set INTEGER NOT NULL,
    phone     TEXT
);
CREATE TABLE IF NOT EXISTS graces (
    username TEXT PRIMARY KEY,
    began    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS passkeys (
    cred_id    BLOB PRIMARY KEY,
    username   TEXT NOT NULL,
    rp_id      TEXT NOT NULL,
    name       TEXT NOT NULL,
    credential TEXT NOT NULL,
    created    INTEGER NOT NULL,
    last_used  INTEGER,
    counter    INTEGER NOT NULL DEFAULT 0,
    password_tag BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS passkeys_by_user ON passkeys(username);
CREATE TABLE IF NOT EXISTS ceremonies (
    id_hash  BLOB PRIMARY KEY,
    kind     TEXT NOT NULL,
    username TEXT NOT NULL,
    session  BLOB NOT NULL,
    state    TEXT NOT NULL,
    expires  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ceremonies_by_session ON ceremonies(session, kind);
CREATE TABLE IF NOT EXISTS outbox (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created    INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_try   INTEGER NOT NULL,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS backup_codes (
    username TEXT NOT NULL,
    hash     BLOB NOT NULL,
    created  INTEGER NOT NULL,
    used     INTEGER,
    PRIMARY KEY (username, hash)
);
CREATE TABLE IF NOT EXISTS holds (
    id_hash  BLOB PRIMARY KEY,
    username TEXT NOT NULL,
    host     TEXT NOT NULL,
    sealed   BLOB NOT NULL,
    expires  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS holds_by_user ON holds(username);
CREATE TABLE IF NOT EXISTS shown_codes (
    id_hash  BLOB PRIMARY KEY,
    username TEXT NOT NULL,
    sealed   BLOB NOT NULL,
    expires  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    username TEXT,
    line     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit(at);
CREATE INDEX IF NOT EXISTS audit_by_user ON audit(username, at);
CREATE TABLE IF NOT EXISTS attempts (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER NOT NULL,
    lockouts     INTEGER NOT NULL,
    consecutive  INTEGER NOT NULL
);
";

pub struct SqliteStore {
    conn: Mutex<Connection>,
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl SqliteStore {
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| backend(format!("{}: {e}", dir.display())))?;
        }
        let conn = Connection::open(path).map_err(|e| backend(format!("{}: {e}", path.display())))?;
        restrict_to_owner(path);
        conn.busy_timeout(Duration::from_secs(5)).map_err(backend)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(backend)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(backend)?;
        conn.execute_batch(SCHEMA).map_err(backend)?;
        upgrade(&conn).map_err(backend)?;
        conn.execute_batch("CREATE INDEX IF NOT EXISTS sessions_by_device ON sessions(device)").map_err(backend)?;
        Ok(SqliteStore { conn: Mutex::new(conn) })
    }

    /// Everything that outlives a few minutes, for `portcullis store copy`.
    pub fn export(&self) -> Result<Export, StoreError> {
        self.with(|c| {
            let all = |sql: &str| -> rusqlite::Result<rusqlite::Statement<'_>> { c.prepare(sql) };
            let totp = all("SELECT username, secret, last_step, created FROM totp")?
                .query_map([], |r| {
                    Ok((r.get(0)?, TotpRecord { secret: r.get(1)?, last_step: r.get::<_, i64>(2)? as u64, created: r.get(3)? }))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut backup_codes: Vec<(String, Vec<[u8; 32]>)> = Vec::new();
            for row in all("SELECT username, hash FROM backup_codes WHERE used IS NULL ORDER BY username")?
                .query_map([], |r| Ok((r.get::<_, String>(0)?, hash32(r, 1)?)))?
            {
                let (user, hash) = row?;
                match backup_codes.last_mut() {
                    Some((last, hashes)) if *last == user => hashes.push(hash),
                    _ => backup_codes.push((user, vec![hash])),
                }
            }
            let devices =
                all(&format!("SELECT {DEVICE_COLUMNS} FROM devices"))?.query_map([], device_from_row)?.collect::<rusqlite::Result<_>>()?;
            let choices = all("SELECT username, app_off, email_off, phone_set, phone FROM method_choices")?
                .query_map([], |r| {
                    let phone = if r.get(3)? { Some(r.get(4)?) } else { None };
                    Ok((r.get(0)?, MethodChoices { app_off: r.get(1)?, email_off: r.get(2)?, phone }))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let attempts = all("SELECT key, failures, window_start, locked_until, lockouts, consecutive FROM attempts")?
                .query_map([], |r| {
                    let a = Attempts {
                        failures: r.get(1)?,
                        window_start: r.get(2)?,
                        locked_until: r.get(3)?,
                        lockouts: r.get(4)?,
                        consecutive: r.get(5)?,
                    };
                    Ok((r.get(0)?, a))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let sessions = all(&format!("SELECT {SESSION_COLUMNS} FROM sessions"))?
                .query_map([], session_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            let graces = all("SELECT username, began FROM graces")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let passkeys = all(&format!("SELECT {PASSKEY_COLUMNS} FROM passkeys"))?
                .query_map([], passkey_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Export { totp, backup_codes, devices, choices, attempts, sessions, graces, passkeys })
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T, StoreError> {
        let mut conn = self.conn.lock().map_err(|_| backend("connection lock poisoned"))?;
        f(&mut conn).map_err(backend)
    }
}

/// Columns added since the first release, for stores created before them.
fn upgrade(c: &Connection) -> rusqlite::Result<()> {
    let has = |table: &str, column: &str| -> rusqlite::Result<bool> {
        c.query_row("SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", [table, column], |r| r.get(0))
    };
    if !has("sessions", "device")? {
        c.execute_batch("ALTER TABLE sessions ADD COLUMN device BLOB")?;
    }
    if !has("sessions", "factor")? {
        c.execute_batch("ALTER TABLE sessions ADD COLUMN factor TEXT; ALTER TABLE sessions ADD COLUMN factor_at INTEGER")?;
    }
    // Sessions from before they were bound to a site and a password match neither: they end.
    if !has("sessions", "scope")? {
        c.execute_batch(
            "ALTER TABLE sessions ADD COLUMN scope TEXT NOT NULL DEFAULT ''; ALTER TABLE sessions ADD COLUMN password_tag BLOB",
        )?;
    }
    if !has("sessions", "grace_from")? {
        c.execute_batch("ALTER TABLE sessions ADD COLUMN grace_from INTEGER")?;
    }
    if !has("sessions", "passkey")? {
        c.execute_batch("ALTER TABLE sessions ADD COLUMN passkey INTEGER")?;
    }
    // Sent codes gained a slot; they live minutes, so the old table is simply replaced.
    if !has("sent_codes", "slot")? {
        c.execute_batch("DROP TABLE sent_codes")?;
        c.execute_batch(SCHEMA)?;
    }
    Ok(())
}

#[cfg(unix)]
fn restrict_to_owner(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_to_owner(_: &Path) {}

fn read_attempts(c: &Connection, key: &str) -> rusqlite::Result<Option<Attempts>> {
    c.query_row("SELECT failures, window_start, locked_until, lockouts, consecutive FROM attempts WHERE key = ?1", [key], |r| {
        Ok(Attempts { failures: r.get(0)?, window_start: r.get(1)?, locked_until: r.get(2)?, lockouts: r.get(3)?, consecutive: r.get(4)? })
    })
    .optional()
}

fn count_unused(c: &Connection, username: &str) -> rusqlite::Result<u32> {
    c.query_row("SELECT count(*) FROM backup_codes WHERE username = ?1 AND used IS NULL", [username], |r| r.get(0))
}

/// A 32-byte hash column; a value of another length (never written) reads as zeros.
fn hash32(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<[u8; 32]> {
    let bytes: Vec<u8> = row.get(i)?;
    Ok(bytes.try_into().unwrap_or([0u8; 32]))
}

fn session_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SessionRecord> {
    Ok(SessionRecord {
        id_hash: hash32(row, 0)?,
        username: row.get(1)?,
        stage: Stage::of(row.get::<_, i64>(2)?),
        created: row.get(3)?,
        last_seen: row.get(4)?,
        expires: row.get(5)?,
        pending_secret: row.get(6)?,
        device: row.get::<_, Option<Vec<u8>>>(7)?.and_then(|d| d.try_into().ok()),
        factor: match (row.get::<_, Option<String>>(8)?, row.get::<_, Option<i64>>(9)?) {
            (Some(name), Some(at)) => Some((name, at)),
            _ => None,
        },
        scope: row.get(10)?,
        password_tag: row.get::<_, Option<Vec<u8>>>(11)?.and_then(|t| t.try_into().ok()).unwrap_or([0; 32]),
        grace_from: row.get(12)?,
        passkey: PasskeyUse::of(row.get(13)?),
    })
}

const DEVICE_COLUMNS: &str = "id_hash, username, host, password_tag, created, last_used, expires, label, place";
const PASSKEY_COLUMNS: &str = "cred_id, username, rp_id, name, credential, created, last_used, counter, password_tag";

fn passkey_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<PasskeyRecord> {
    Ok(PasskeyRecord {
        cred_id: row.get(0)?,
        username: row.get(1)?,
        rp_id: row.get(2)?,
        name: row.get(3)?,
        credential: row.get(4)?,
        created: row.get(5)?,
        last_used: row.get(6)?,
        counter: row.get(7)?,
        password_tag: row.get::<_, Vec<u8>>(8)?.try_into().unwrap_or([0; 32]),
    })
}
const SESSION_COLUMNS: &str =
    "id_hash, username, stage, created, last_seen, expires, pending_secret, device, factor, factor_at, scope, password_tag, grace_from, passkey";

fn device_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<DeviceRecord> {
    Ok(DeviceRecord {
        id_hash: hash32(row, 0)?,
        username: row.get(1)?,
        host: row.get(2)?,
        password_tag: hash32(row, 3)?,
        created: row.get(4)?,
        last_used: row.get(5)?,
        expires: row.get(6)?,
        label: row.get(7)?,
        place: row.get(8)?,
    })
}

impl Store for SqliteStore {
    fn totp(&self, username: &str) -> Result<Option<TotpRecord>, StoreError> {
        self.with(|c| {
            c.query_row("SELECT secret, last_step, created FROM totp WHERE username = ?1", [username], |r| {
                Ok(TotpRecord { secret: r.get(0)?, last_step: r.get::<_, i64>(1)? as u64, created: r.get(2)? })
            })
            .optional()
        })
    }

    fn enrol_totp(&self, username: &str, sealed: &[u8], step: u64, now: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO totp (username, secret, last_step, created) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(username) DO NOTHING",
                params![username, sealed, step as i64, now],
            )
            .map(|n| n == 1)
        })
    }

    fn accept_totp_step(&self, username: &str, step: u64) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute("UPDATE totp SET last_step = ?2 WHERE username = ?1 AND last_step < ?2", params![username, step as i64])
                .map(|n| n == 1)
        })
    }

    fn replace_totp(&self, username: &str, sealed: &[u8], step: u64, now: i64) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT OR REPLACE INTO totp (username, secret, last_step, created) VALUES (?1, ?2, ?3, ?4)",
                params![username, sealed, step as i64, now],
            )
            .map(drop)
        })
    }

    fn remove_totp(&self, username: &str) -> Result<bool, StoreError> {
        self.with(|c| c.execute("DELETE FROM totp WHERE username = ?1", [username]).map(|n| n == 1))
    }

    fn put_session(&self, s: &SessionRecord) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT OR REPLACE INTO sessions
                 (id_hash, username, stage, created, last_seen, expires, pending_secret, device, factor, factor_at, scope, password_tag,
                  grace_from, passkey)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    &s.id_hash[..],
                    s.username,
                    s.stage as i64,
                    s.created,
                    s.last_seen,
                    s.expires,
                    s.pending_secret,
                    s.device.as_ref().map(|d| &d[..]),
                    s.factor.as_ref().map(|(name, _)| name),
                    s.factor.as_ref().map(|(_, at)| at),
                    s.scope,
                    &s.password_tag[..],
                    s.grace_from,
                    s.passkey.map(PasskeyUse::code)
                ],
            )
            .map(drop)
        })
    }

    fn session(&self, id_hash: &[u8; 32]) -> Result<Option<SessionRecord>, StoreError> {
        self.with(|c| {
            c.query_row(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id_hash = ?1"), [&id_hash[..]], session_from_row).optional()
        })
    }

    fn set_pending_secret(&self, id_hash: &[u8; 32], sealed: Option<&[u8]>) -> Result<(), StoreError> {
        self.with(|c| c.execute("UPDATE sessions SET pending_secret = ?2 WHERE id_hash = ?1", params![&id_hash[..], sealed]).map(drop))
    }

    fn touch_session(&self, id_hash: &[u8; 32], last_seen: i64) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute("UPDATE sessions SET last_seen = max(last_seen, ?2) WHERE id_hash = ?1", params![&id_hash[..], last_seen]).map(drop)
        })
    }

    fn delete_session(&self, id_hash: &[u8; 32]) -> Result<(), StoreError> {
        self.with(|c| c.execute("DELETE FROM sessions WHERE id_hash = ?1", [&id_hash[..]]).map(drop))
    }

    fn delete_sessions_of(&self, username: &str) -> Result<u64, StoreError> {
        self.with(|c| c.execute("DELETE FROM sessions WHERE username = ?1", [username]).map(|n| n as u64))
    }

    fn replace_backup_codes(&self, username: &str, hashes: &[[u8; 32]], now: i64) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM backup_codes WHERE username = ?1", [username])?;
            for hash in hashes {
                tx.execute("INSERT INTO backup_codes (username, hash, created) VALUES (?1, ?2, ?3)", params![username, &hash[..], now])?;
            }
            tx.commit()
        })
    }

    fn use_backup_code(&self, username: &str, hash: &[u8; 32], now: i64) -> Result<Option<u32>, StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let used = tx.execute(
                "UPDATE backup_codes SET used = ?3 WHERE username = ?1 AND hash = ?2 AND used IS NULL",
                params![username, &hash[..], now],
            )?;
            let left = count_unused(&tx, username)?;
            tx.commit()?;
            Ok((used == 1).then_some(left))
        })
    }

    fn backup_codes_left(&self, username: &str) -> Result<u32, StoreError> {
        self.with(|c| count_unused(c, username))
    }

    fn remove_backup_codes(&self, username: &str) -> Result<u64, StoreError> {
        self.with(|c| c.execute("DELETE FROM backup_codes WHERE username = ?1", [username]).map(|n| n as u64))
    }

    fn send_code(
        &self,
        username: &str,
        slot: Slot,
        hash: &[u8; 32],
        expires: i64,
        plan: &mut dyn FnMut(Option<Sends>) -> Result<Sends, i64>,
    ) -> Result<Result<(), i64>, StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let before = tx
                .query_row(
                    "SELECT last, window_start, in_window FROM sent_codes WHERE username = ?1 AND slot = ?2",
                    [username, slot.name()],
                    |r| Ok(Sends { last: r.get(0)?, window_start: r.get(1)?, in_window: r.get(2)? }),
                )
                .optional()?;
            let after = match plan(before) {
                Ok(after) => after,
                Err(retry_at) => return Ok(Err(retry_at)),
            };
            tx.execute(
                "INSERT OR REPLACE INTO sent_codes (username, slot, hash, expires, last, window_start, in_window)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![username, slot.name(), &hash[..], expires, after.last, after.window_start, after.in_window],
            )?;
            tx.commit()?;
            Ok(Ok(()))
        })
    }

    fn use_sent_code(&self, username: &str, slot: Slot, hash: &[u8; 32], now: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE sent_codes SET hash = NULL WHERE username = ?1 AND slot = ?2 AND hash = ?3 AND expires > ?4",
                params![username, slot.name(), &hash[..], now],
            )
            .map(|n| n == 1)
        })
    }

    fn sent_code_is(&self, username: &str, slot: Slot, hash: &[u8; 32], now: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT count(*) FROM sent_codes WHERE username = ?1 AND slot = ?2 AND hash = ?3 AND expires > ?4",
                params![username, slot.name(), &hash[..], now],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n == 1)
        })
    }

    fn method_choices(&self, username: &str) -> Result<MethodChoices, StoreError> {
        self.with(|c| {
            c.query_row("SELECT app_off, email_off, phone_set, phone FROM method_choices WHERE username = ?1", [username], |r| {
                let phone = if r.get(2)? { Some(r.get(3)?) } else { None };
                Ok(MethodChoices { app_off: r.get(0)?, email_off: r.get(1)?, phone })
            })
            .optional()
            .map(Option::unwrap_or_default)
        })
    }

    fn set_method_choices(&self, username: &str, choices: &MethodChoices) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT OR REPLACE INTO method_choices (username, app_off, email_off, phone_set, phone) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![username, choices.app_off, choices.email_off, choices.phone.is_some(), choices.phone.clone().flatten()],
            )
            .map(drop)
        })
    }

    fn forget_method_choices(&self, username: &str) -> Result<bool, StoreError> {
        self.with(|c| c.execute("DELETE FROM method_choices WHERE username = ?1", [username]).map(|n| n == 1))
    }

    fn add_passkey(&self, p: &PasskeyRecord) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute(
                &format!("INSERT OR IGNORE INTO passkeys ({PASSKEY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
                params![p.cred_id, p.username, p.rp_id, p.name, p.credential, p.created, p.last_used, p.counter, &p.password_tag[..]],
            )
            .map(|n| n == 1)
        })
    }

    fn passkeys_of(&self, username: &str) -> Result<Vec<PasskeyRecord>, StoreError> {
        self.with(|c| {
            c.prepare(&format!("SELECT {PASSKEY_COLUMNS} FROM passkeys WHERE username = ?1 ORDER BY created"))?
                .query_map([username], passkey_from_row)?
                .collect()
        })
    }

    fn passkey(&self, cred_id: &[u8]) -> Result<Option<PasskeyRecord>, StoreError> {
        self.with(|c| {
            c.query_row(&format!("SELECT {PASSKEY_COLUMNS} FROM passkeys WHERE cred_id = ?1"), [cred_id], passkey_from_row).optional()
        })
    }

    fn used_passkey(&self, cred_id: &[u8], credential: &str, counter: u32, password_tag: &[u8; 32], now: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE passkeys SET credential = ?2, counter = ?3, password_tag = ?4, last_used = ?5
                 WHERE cred_id = ?1 AND (counter < ?3 OR (counter = 0 AND ?3 = 0))",
                params![cred_id, credential, counter, &password_tag[..], now],
            )
            .map(|n| n == 1)
        })
    }

    fn rename_passkey(&self, username: &str, cred_id: &[u8], name: &str) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute("UPDATE passkeys SET name = ?3 WHERE username = ?1 AND cred_id = ?2", params![username, cred_id, name])
                .map(|n| n == 1)
        })
    }

    fn remove_passkeys(&self, username: &str, only: Option<&[u8]>) -> Result<u64, StoreError> {
        self.with(|c| {
            match only {
                Some(id) => c.execute("DELETE FROM passkeys WHERE username = ?1 AND cred_id = ?2", params![username, id]),
                None => c.execute("DELETE FROM passkeys WHERE username = ?1", [username]),
            }
            .map(|n| n as u64)
        })
    }

    fn put_ceremony(&self, id_hash: &[u8; 32], kind: &str, owner: Owner<'_>, state: &str, expires: i64) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            tx.execute("DELETE FROM ceremonies WHERE session = ?1 AND kind = ?2", params![&owner.session[..], kind])?;
            tx.execute(
                "INSERT OR REPLACE INTO ceremonies (id_hash, kind, username, session, state, expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![&id_hash[..], kind, owner.username, &owner.session[..], state, expires],
            )?;
            tx.commit()
        })
    }

    fn take_ceremony(&self, id_hash: &[u8; 32], kind: &str, owner: Owner<'_>, now: i64) -> Result<Option<String>, StoreError> {
        self.with(|c| {
            c.query_row(
                "DELETE FROM ceremonies WHERE id_hash = ?1 AND kind = ?2 AND username = ?3 AND session = ?4 AND expires > ?5
                 RETURNING state",
                params![&id_hash[..], kind, owner.username, &owner.session[..], now],
                |r| r.get(0),
            )
            .optional()
        })
    }

    fn ceremony_ended(&self, id_hash: &[u8; 32], kind: &str, expires: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT OR IGNORE INTO ceremonies (id_hash, kind, username, session, state, expires) VALUES (?1, ?2, '', ?3, '', ?4)",
                params![&id_hash[..], kind, &[0u8; 32][..], expires],
            )
            .map(|n| n == 1)
        })
    }

    fn purge_ceremonies(&self, now: i64) -> Result<u64, StoreError> {
        self.with(|c| c.execute("DELETE FROM ceremonies WHERE expires <= ?1", [now]).map(|n| n as u64))
    }

    fn begin_grace(&self, username: &str, now: i64) -> Result<i64, StoreError> {
        self.with(|c| {
            c.execute("INSERT OR IGNORE INTO graces (username, began) VALUES (?1, ?2)", params![username, now])?;
            c.query_row("SELECT began FROM graces WHERE username = ?1", [username], |r| r.get(0))
        })
    }

    fn enqueue_mail(&self, m: &Mail, now: i64) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO outbox (channel, recipient, subject, body, created, next_try) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![m.channel.name(), m.to, m.subject, m.body, now],
            )
            .map(drop)
        })
    }

    fn claim_mail(&self, now: i64, lease_until: i64, limit: u32) -> Result<Vec<(i64, Mail, u32)>, StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let due = {
                let mut stmt = tx.prepare(
                    "SELECT id, channel, recipient, subject, body, attempts FROM outbox WHERE next_try <= ?1 ORDER BY id LIMIT ?2",
                )?;
                let rows = stmt.query_map(params![now, limit], |r| {
                    let channel = if r.get::<_, String>(1)? == Channel::Sms.name() { Channel::Sms } else { Channel::Email };
                    Ok((r.get(0)?, Mail { channel, to: r.get(2)?, subject: r.get(3)?, body: r.get(4)? }, r.get(5)?))
                })?;
                rows.collect::<rusqlite::Result<Vec<(i64, Mail, u32)>>>()?
            };
            for (id, _, _) in &due {
                tx.execute("UPDATE outbox SET next_try = ?2 WHERE id = ?1", params![id, lease_until])?;
            }
            tx.commit()?;
            Ok(due)
        })
    }

    fn mail_sent(&self, id: i64) -> Result<(), StoreError> {
        self.with(|c| c.execute("DELETE FROM outbox WHERE id = ?1", [id]).map(drop))
    }

    fn mail_failed(&self, id: i64, next_try: i64, error: &str) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_try = ?2, last_error = ?3 WHERE id = ?1",
                params![id, next_try, error],
            )
            .map(drop)
        })
    }

    fn put_device(&self, d: &DeviceRecord) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                &format!("INSERT OR REPLACE INTO devices ({DEVICE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
                params![&d.id_hash[..], d.username, d.host, &d.password_tag[..], d.created, d.last_used, d.expires, d.label, d.place],
            )
            .map(drop)
        })
    }

    fn device(&self, id_hash: &[u8; 32]) -> Result<Option<DeviceRecord>, StoreError> {
        self.with(|c| {
            c.query_row(&format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE id_hash = ?1"), [&id_hash[..]], device_from_row).optional()
        })
    }

    fn touch_device(&self, id_hash: &[u8; 32], now: i64) -> Result<(), StoreError> {
        self.with(|c| c.execute("UPDATE devices SET last_used = ?2 WHERE id_hash = ?1", params![&id_hash[..], now]).map(drop))
    }

    fn devices_of(&self, username: &str) -> Result<Vec<DeviceRecord>, StoreError> {
        self.with(|c| {
            let mut stmt =
                c.prepare(&format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE username = ?1 ORDER BY last_used DESC, created DESC"))?;
            let rows = stmt.query_map([username], device_from_row)?;
            rows.collect()
        })
    }

    fn revoke_devices(&self, username: &str, only: Option<&[u8; 32]>) -> Result<Revoked, StoreError> {
        let only = only.map(|d| d.to_vec());
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // A NULL `only` means every device of the user.
            let sessions = {
                let mut stmt = tx.prepare(
                    "DELETE FROM sessions WHERE device IN
                       (SELECT id_hash FROM devices WHERE username = ?1 AND (?2 IS NULL OR id_hash = ?2))
                     RETURNING id_hash",
                )?;
                let ids = stmt.query_map(params![username, only], |r| hash32(r, 0))?;
                ids.collect::<rusqlite::Result<Vec<_>>>()?
            };
            let devices =
                tx.execute("DELETE FROM devices WHERE username = ?1 AND (?2 IS NULL OR id_hash = ?2)", params![username, only])?;
            tx.commit()?;
            Ok(Revoked { devices: devices as u64, sessions })
        })
    }

    fn purge_devices(&self, now: i64) -> Result<u64, StoreError> {
        self.with(|c| c.execute("DELETE FROM devices WHERE expires <= ?1", [now]).map(|n| n as u64))
    }

    fn update_attempts(
        &self,
        key: &str,
        change: &mut dyn FnMut(Option<Attempts>) -> Option<Attempts>,
    ) -> Result<Option<Attempts>, StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let next = change(read_attempts(&tx, key)?);
            match &next {
                Some(a) => tx.execute(
                    "INSERT OR REPLACE INTO attempts (key, failures, window_start, locked_until, lockouts, consecutive)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![key, a.failures, a.window_start, a.locked_until, a.lockouts, a.consecutive],
                )?,
                None => tx.execute("DELETE FROM attempts WHERE key = ?1", [key])?,
            };
            tx.commit()?;
            Ok(next)
        })
    }

    fn attempts(&self, key: &str) -> Result<Option<Attempts>, StoreError> {
        self.with(|c| read_attempts(c, key))
    }

    fn clear_attempts(&self, keys: &[&str]) -> Result<u64, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let mut cleared = 0;
            for key in keys {
                cleared += tx.execute("DELETE FROM attempts WHERE key = ?1", [key])?;
            }
            tx.commit()?;
            Ok(cleared as u64)
        })
    }

    fn purge_attempts(&self, before: i64, now: i64) -> Result<u64, StoreError> {
        self.with(|c| {
            c.execute("DELETE FROM attempts WHERE window_start < ?1 AND locked_until <= ?2 AND consecutive = 0", params![before, now])
                .map(|n| n as u64)
        })
    }

    fn put_hold(&self, id_hash: &[u8; 32], username: &str, host: &str, sealed: &[u8], expires: i64, keep: u32) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT OR REPLACE INTO holds (id_hash, username, host, sealed, expires) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![&id_hash[..], username, host, sealed, expires],
            )?;
            tx.execute(
                "DELETE FROM holds WHERE username = ?1 AND id_hash NOT IN
                   (SELECT id_hash FROM holds WHERE username = ?1 ORDER BY expires DESC LIMIT ?2)",
                params![username, keep],
            )?;
            tx.commit()
        })
    }

    fn take_hold(&self, id_hash: &[u8; 32], username: &str, host: &str, now: i64) -> Result<Option<(Vec<u8>, i64)>, StoreError> {
        self.with(|c| {
            c.query_row(
                "DELETE FROM holds WHERE id_hash = ?1 AND username = ?2 AND host = ?3 AND expires > ?4 RETURNING sealed, expires",
                params![&id_hash[..], username, host, now],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
        })
    }

    fn purge_holds(&self, now: i64) -> Result<u64, StoreError> {
        self.with(|c| c.execute("DELETE FROM holds WHERE expires <= ?1", [now]).map(|n| n as u64))
    }

    fn keep_shown_codes(&self, id_hash: &[u8; 32], username: &str, sealed: &[u8], expires: i64, now: i64) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM shown_codes WHERE username = ?1 OR expires <= ?2", params![username, now])?;
            tx.execute(
                "INSERT INTO shown_codes (id_hash, username, sealed, expires) VALUES (?1, ?2, ?3, ?4)",
                params![&id_hash[..], username, sealed, expires],
            )?;
            tx.commit()
        })
    }

    fn shown_codes(&self, id_hash: &[u8; 32], username: &str, now: i64) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT sealed FROM shown_codes WHERE id_hash = ?1 AND username = ?2 AND expires > ?3",
                params![&id_hash[..], username, now],
                |r| r.get(0),
            )
            .optional()
        })
    }

    fn forget_shown_codes(&self, username: &str) -> Result<(), StoreError> {
        self.with(|c| c.execute("DELETE FROM shown_codes WHERE username = ?1", [username]).map(drop))
    }

    fn purge_shown_codes(&self, now: i64) -> Result<u64, StoreError> {
        self.with(|c| c.execute("DELETE FROM shown_codes WHERE expires <= ?1", [now]).map(|n| n as u64))
    }

    fn count_sessions_of(&self, username: &str, now: i64) -> Result<u64, StoreError> {
        self.with(|c| {
            c.query_row("SELECT count(*) FROM sessions WHERE username = ?1 AND expires > ?2", params![username, now], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as u64)
        })
    }

    fn purge_sessions(&self, now: i64, idle_secs: i64) -> Result<u64, StoreError> {
        self.with(|c| {
            c.execute("DELETE FROM sessions WHERE expires <= ?1 OR last_seen + ?2 <= ?1", params![now, idle_secs]).map(|n| n as u64)
        })
    }

    fn append_audit(&self, r: &AuditRecord) -> Result<(), StoreError> {
        self.with(|c| c.execute("INSERT INTO audit (at, username, line) VALUES (?1, ?2, ?3)", params![r.at, r.username, r.line]).map(drop))
    }

    fn audit(&self, since: i64, username: Option<&str>, limit: u32) -> Result<Vec<AuditRecord>, StoreError> {
        self.with(|c| {
            let sql = "SELECT at, username, line FROM (SELECT id, at, username, line FROM audit
                         WHERE at >= ?1 AND (?2 IS NULL OR username = ?2) ORDER BY id DESC LIMIT ?3) ORDER BY id";
            let mut stmt = c.prepare(sql)?;
            let rows = stmt
                .query_map(params![since, username, limit], |r| Ok(AuditRecord { at: r.get(0)?, username: r.get(1)?, line: r.get(2)? }))?;
            rows.collect()
        })
    }

    fn purge_audit(&self, before: i64) -> Result<u64, StoreError> {
        self.with(|c| c.execute("DELETE FROM audit WHERE at < ?1", [before]).map(|n| n as u64))
    }

    fn count_live_sessions(&self, now: i64, idle_secs: i64) -> Result<u64, StoreError> {
        self.with(|c| {
            let sql = "SELECT count(*) FROM sessions WHERE expires > ?1 AND last_seen + ?2 > ?1";
            c.query_row(sql, params![now, idle_secs], |r| r.get::<_, i64>(0)).map(|n| n as u64)
        })
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.with(|c| c.query_row("SELECT count(*) FROM (SELECT 1 FROM sessions LIMIT 1)", [], |_| Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_from_before_slots_is_upgraded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.db");
        Connection::open(&path)
            .and_then(|c| c.execute_batch("CREATE TABLE sent_codes (username TEXT PRIMARY KEY, hash BLOB, expires INTEGER NOT NULL, last INTEGER NOT NULL, window_start INTEGER NOT NULL, in_window INTEGER NOT NULL)"))
            .expect("old table");
        let s = SqliteStore::open(&path).expect("open");
        let settings = crate::auth::sent_code::Terms::default();
        let mut plan = move |before: Option<Sends>| settings.send(before, 1000);
        assert_eq!(s.send_code("alice", Slot::Own, &[1; 32], 1900, &mut plan).expect("send"), Ok(()));
    }
}
