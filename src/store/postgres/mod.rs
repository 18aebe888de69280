//! The shared store: one PostgreSQL database for several replicas. The store contract is
//! synchronous (the gate calls it on tokio's blocking pool, the CLI directly), so the
//! connections live on a small runtime of their own and each call waits there for its
//! queries. What is one statement or transaction in SQLite is one here too; the steps that
//! read, decide and write from possibly no row (a first code sent, a first failure) hold a
//! transaction-scoped advisory lock on their key, so replicas take them in turn.

mod connect;
mod listen;
mod schema;

pub use connect::{PgSettings, PgTls};

use deadpool_postgres::{GenericClient, Pool};
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use super::{
    Attempts, AuditRecord, Channel, DeviceRecord, Mail, MethodChoices, OnEnded, Owner, PasskeyRecord, PasskeyUse, Revoked, Sends,
    SessionRecord, Slot, Stage, Store, StoreError, TotpRecord,
};

/// The first key of the advisory locks that serialise one user's sends ("PCSC") and one
/// key's failure record ("PCAT"); the second is a hash of the user or key.
const SEND_LOCK: i32 = 0x5043_5343;
const ATTEMPTS_LOCK: i32 = 0x5043_4154;

pub struct PgStore {
    settings: PgSettings,
    pool: Pool,
    /// The runtime the connections live on; shut down without waiting when the store goes.
    runtime: Option<tokio::runtime::Runtime>,
    handle: tokio::runtime::Handle,
}

impl Drop for PgStore {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// An error with its causes ("error connecting to server: Connection refused"), which the
/// pool's and the driver's messages leave out.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let next = c.to_string();
        if !text.ends_with(&next) {
            text = format!("{text}: {next}");
        }
        cause = c.source();
    }
    text
}

/// The database's own words where it gave some (tokio-postgres says only "db error").
fn db_error(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => backend(format!("postgres: {} ({})", db.message(), db.code().code())),
        None => backend(format!("postgres: {}", with_causes(&e))),
    }
}

impl PgStore {
    /// Connects, and brings the schema up to date (see [`schema`]); the schema version.
    pub fn open(settings: &PgSettings) -> Result<(PgStore, i32), StoreError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("portcullis-postgres")
            .enable_all()
            .build()
            .map_err(|e| backend(format!("postgres: runtime: {e}")))?;
        let handle = runtime.handle().clone();
        let pool = settings.pool().map_err(|e| backend(format!("postgres: {e}")))?;
        let store = PgStore { settings: settings.clone(), pool, runtime: Some(runtime), handle };
        let version = store.handle.block_on(async {
            let mut client = store.pool.get().await.map_err(|e| backend(format!("postgres: {}", with_causes(&e))))?;
            schema::migrate(&mut client, crate::clock::now()).await.map_err(db_error)?.map_err(backend)
        })?;
        Ok((store, version))
    }

    /// Runs `f` with a pooled connection, waiting for it here.
    fn with<T>(&self, f: impl AsyncFnOnce(&mut deadpool_postgres::Client) -> Result<T, tokio_postgres::Error>) -> Result<T, StoreError> {
        self.handle.block_on(async {
            let mut client = self.pool.get().await.map_err(|e| backend(format!("postgres: {}", with_causes(&e))))?;
            f(&mut client).await.map_err(db_error)
        })
    }
}

async fn opt(c: &impl GenericClient, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>, tokio_postgres::Error> {
    let statement = c.prepare_cached(sql).await?;
    c.query_opt(&statement, params).await
}

async fn rows(c: &impl GenericClient, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, tokio_postgres::Error> {
    let statement = c.prepare_cached(sql).await?;
    c.query(&statement, params).await
}

async fn exec(c: &impl GenericClient, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, tokio_postgres::Error> {
    let statement = c.prepare_cached(sql).await?;
    c.execute(&statement, params).await
}

/// A count kept as `bigint`, read back as the `u32` the model uses.
fn count(row: &Row, i: usize) -> u32 {
    u32::try_from(row.get::<_, i64>(i).max(0)).unwrap_or(u32::MAX)
}

/// A 32-byte hash column; a value of another length (never written) reads as zeros.
fn hash32(row: &Row, i: usize) -> [u8; 32] {
    row.get::<_, Vec<u8>>(i).try_into().unwrap_or([0; 32])
}

const SESSION_COLUMNS: &str =
    "id_hash, username, stage, created, last_seen, expires, pending_secret, device, factor, factor_at, scope, password_tag, grace_from, passkey";

fn session_from(row: &Row) -> SessionRecord {
    SessionRecord {
        id_hash: hash32(row, 0),
        username: row.get(1),
        stage: Stage::of(row.get::<_, i16>(2).into()),
        created: row.get(3),
        last_seen: row.get(4),
        expires: row.get(5),
        pending_secret: row.get(6),
        device: row.get::<_, Option<Vec<u8>>>(7).and_then(|d| d.try_into().ok()),
        factor: row.get::<_, Option<String>>(8).zip(row.get::<_, Option<i64>>(9)),
        scope: row.get(10),
        password_tag: hash32(row, 11),
        grace_from: row.get(12),
        passkey: PasskeyUse::of(row.get::<_, Option<i16>>(13).map(i64::from)),
    }
}

const PASSKEY_COLUMNS: &str = "cred_id, username, rp_id, name, credential, created, last_used, counter, password_tag";

fn passkey_from(row: &Row) -> PasskeyRecord {
    PasskeyRecord {
        cred_id: row.get(0),
        username: row.get(1),
        rp_id: row.get(2),
        name: row.get(3),
        credential: row.get(4),
        created: row.get(5),
        last_used: row.get(6),
        counter: u32::try_from(row.get::<_, i64>(7)).unwrap_or(u32::MAX),
        password_tag: hash32(row, 8),
    }
}

const DEVICE_COLUMNS: &str = "id_hash, username, host, password_tag, created, last_used, expires, label, place";

fn device_from(row: &Row) -> DeviceRecord {
    DeviceRecord {
        id_hash: hash32(row, 0),
        username: row.get(1),
        host: row.get(2),
        password_tag: hash32(row, 3),
        created: row.get(4),
        last_used: row.get(5),
        expires: row.get(6),
        label: row.get(7),
        place: row.get(8),
    }
}

fn attempts_from(row: &Row) -> Attempts {
    Attempts {
        failures: count(row, 0),
        window_start: row.get(1),
        locked_until: row.get(2),
        lockouts: count(row, 3),
        consecutive: count(row, 4),
    }
}

/// The channel on which every session ended is announced, by its id hash in hex: one per
/// schema (channels are the database's), so gates on other schemas do not hear it.
const ENDED_CHANNEL: &str = "'portcullis_ended_' || left(md5(current_schema()), 16)";

/// Deletes the sessions `condition` picks and announces each; the rows hold their id hashes.
fn ending(condition: &str) -> String {
    format!(
        "WITH gone AS (DELETE FROM sessions WHERE {condition} RETURNING id_hash)
         SELECT id_hash, pg_notify({ENDED_CHANNEL}, encode(id_hash, 'hex')) FROM gone"
    )
}

const ATTEMPTS_OF: &str = "SELECT failures, window_start, locked_until, lockouts, consecutive FROM attempts WHERE key = $1";
const UNUSED_CODES: &str = "SELECT count(*) FROM backup_codes WHERE username = $1 AND used IS NULL";

impl Store for PgStore {
    fn totp(&self, username: &str) -> Result<Option<TotpRecord>, StoreError> {
        self.with(async |c| {
            let row = opt(c, "SELECT secret, last_step, created FROM totp WHERE username = $1", &[&username]).await?;
            Ok(row.map(|r| TotpRecord { secret: r.get(0), last_step: r.get::<_, i64>(1).max(0) as u64, created: r.get(2) }))
        })
    }

    fn enrol_totp(&self, username: &str, sealed: &[u8], step: u64, now: i64) -> Result<bool, StoreError> {
        let step = step as i64;
        self.with(async |c| {
            let sql = "INSERT INTO totp (username, secret, last_step, created) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING";
            Ok(exec(c, sql, &[&username, &sealed, &step, &now]).await? == 1)
        })
    }

    fn accept_totp_step(&self, username: &str, step: u64) -> Result<bool, StoreError> {
        let step = step as i64;
        self.with(async |c| {
            Ok(exec(c, "UPDATE totp SET last_step = $2 WHERE username = $1 AND last_step < $2", &[&username, &step]).await? == 1)
        })
    }

    fn replace_totp(&self, username: &str, sealed: &[u8], step: u64, now: i64) -> Result<(), StoreError> {
        let step = step as i64;
        self.with(async |c| {
            let sql = "INSERT INTO totp (username, secret, last_step, created) VALUES ($1, $2, $3, $4)
                       ON CONFLICT (username) DO UPDATE SET secret = $2, last_step = $3, created = $4";
            exec(c, sql, &[&username, &sealed, &step, &now]).await.map(drop)
        })
    }

    fn remove_totp(&self, username: &str) -> Result<bool, StoreError> {
        self.with(async |c| Ok(exec(c, "DELETE FROM totp WHERE username = $1", &[&username]).await? == 1))
    }

    fn put_session(&self, s: &SessionRecord) -> Result<(), StoreError> {
        let (stage, factor, factor_at) = (s.stage as i16, s.factor.as_ref().map(|(n, _)| n), s.factor.as_ref().map(|(_, at)| at));
        let (id, device, tag) = (&s.id_hash[..], s.device.as_ref().map(|d| &d[..]), &s.password_tag[..]);
        let passkey = s.passkey.map(|k| k.code() as i16);
        self.with(async |c| {
            let sql = format!(
                "INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                 ON CONFLICT (id_hash) DO UPDATE SET username = $2, stage = $3, created = $4, last_seen = $5, expires = $6,
                 pending_secret = $7, device = $8, factor = $9, factor_at = $10, scope = $11, password_tag = $12, grace_from = $13,
                 passkey = $14"
            );
            let params: &[&(dyn ToSql + Sync)] = &[
                &id,
                &s.username,
                &stage,
                &s.created,
                &s.last_seen,
                &s.expires,
                &s.pending_secret,
                &device,
                &factor,
                &factor_at,
                &s.scope,
                &tag,
                &s.grace_from,
                &passkey,
            ];
            exec(c, &sql, params).await.map(drop)
        })
    }

    fn session(&self, id_hash: &[u8; 32]) -> Result<Option<SessionRecord>, StoreError> {
        let id = &id_hash[..];
        self.with(async |c| {
            let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id_hash = $1");
            Ok(opt(c, &sql, &[&id]).await?.as_ref().map(session_from))
        })
    }

    fn set_pending_secret(&self, id_hash: &[u8; 32], sealed: Option<&[u8]>) -> Result<(), StoreError> {
        let id = &id_hash[..];
        self.with(async |c| exec(c, "UPDATE sessions SET pending_secret = $2 WHERE id_hash = $1", &[&id, &sealed]).await.map(drop))
    }

    fn touch_session(&self, id_hash: &[u8; 32], last_seen: i64) -> Result<(), StoreError> {
        let id = &id_hash[..];
        self.with(async |c| {
            exec(c, "UPDATE sessions SET last_seen = greatest(last_seen, $2) WHERE id_hash = $1", &[&id, &last_seen]).await.map(drop)
        })
    }

    fn delete_session(&self, id_hash: &[u8; 32]) -> Result<(), StoreError> {
        let id = &id_hash[..];
        self.with(async |c| rows(c, &ending("id_hash = $1"), &[&id]).await.map(drop))
    }

    fn delete_sessions_of(&self, username: &str) -> Result<u64, StoreError> {
        self.with(async |c| Ok(rows(c, &ending("username = $1"), &[&username]).await?.len() as u64))
    }

    fn count_sessions_of(&self, username: &str, now: i64) -> Result<u64, StoreError> {
        self.with(async |c| {
            let row = opt(c, "SELECT count(*) FROM sessions WHERE username = $1 AND expires > $2", &[&username, &now]).await?;
            Ok(row.map_or(0, |r| r.get::<_, i64>(0).max(0) as u64))
        })
    }

    fn purge_sessions(&self, now: i64, idle_secs: i64) -> Result<u64, StoreError> {
        self.with(async |c| exec(c, "DELETE FROM sessions WHERE expires <= $1 OR last_seen + $2 <= $1", &[&now, &idle_secs]).await)
    }

    fn append_audit(&self, r: &AuditRecord) -> Result<(), StoreError> {
        self.with(async |c| {
            exec(c, "INSERT INTO audit (at, username, line) VALUES ($1, $2, $3)", &[&r.at, &r.username, &r.line]).await.map(drop)
        })
    }

    fn audit(&self, since: i64, username: Option<&str>, limit: u32) -> Result<Vec<AuditRecord>, StoreError> {
        let limit = i64::from(limit);
        self.with(async |c| {
            let sql = "SELECT at, username, line FROM (SELECT id, at, username, line FROM audit
                         WHERE at >= $1 AND ($2::text IS NULL OR username = $2) ORDER BY id DESC LIMIT $3) AS newest ORDER BY id";
            let found = rows(c, sql, &[&since, &username, &limit]).await?;
            Ok(found.iter().map(|r| AuditRecord { at: r.get(0), username: r.get(1), line: r.get(2) }).collect())
        })
    }

    fn purge_audit(&self, before: i64) -> Result<u64, StoreError> {
        self.with(async |c| exec(c, "DELETE FROM audit WHERE at < $1", &[&before]).await)
    }

    fn count_live_sessions(&self, now: i64, idle_secs: i64) -> Result<u64, StoreError> {
        self.with(async |c| {
            let sql = "SELECT count(*) FROM sessions WHERE expires > $1 AND last_seen + $2 > $1";
            let row = opt(c, sql, &[&now, &idle_secs]).await?;
            Ok(row.map_or(0, |r| r.get::<_, i64>(0).max(0) as u64))
        })
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.with(async |c| opt(c, "SELECT count(*) FROM (SELECT 1 FROM sessions LIMIT 1) AS one", &[]).await.map(drop))
    }

    fn replace_backup_codes(&self, username: &str, hashes: &[[u8; 32]], now: i64) -> Result<(), StoreError> {
        let hashes: Vec<&[u8]> = hashes.iter().map(|h| &h[..]).collect();
        self.with(async |c| {
            let tx = c.transaction().await?;
            exec(&tx, "DELETE FROM backup_codes WHERE username = $1", &[&username]).await?;
            let sql = "INSERT INTO backup_codes (username, hash, created) SELECT $1, h, $3 FROM unnest($2::bytea[]) AS h";
            exec(&tx, sql, &[&username, &hashes, &now]).await?;
            tx.commit().await
        })
    }

    fn use_backup_code(&self, username: &str, hash: &[u8; 32], now: i64) -> Result<Option<u32>, StoreError> {
        let hash = &hash[..];
        self.with(async |c| {
            let tx = c.transaction().await?;
            let sql = "UPDATE backup_codes SET used = $3 WHERE username = $1 AND hash = $2 AND used IS NULL";
            let used = exec(&tx, sql, &[&username, &hash, &now]).await?;
            let left = opt(&tx, UNUSED_CODES, &[&username]).await?.map_or(0, |r| count(&r, 0));
            tx.commit().await?;
            Ok((used == 1).then_some(left))
        })
    }

    fn backup_codes_left(&self, username: &str) -> Result<u32, StoreError> {
        self.with(async |c| Ok(opt(c, UNUSED_CODES, &[&username]).await?.map_or(0, |r| count(&r, 0))))
    }

    fn remove_backup_codes(&self, username: &str) -> Result<u64, StoreError> {
        self.with(async |c| exec(c, "DELETE FROM backup_codes WHERE username = $1", &[&username]).await)
    }

    fn send_code(
        &self,
        username: &str,
        slot: Slot,
        hash: &[u8; 32],
        expires: i64,
        plan: &mut dyn FnMut(Option<Sends>) -> Result<Sends, i64>,
    ) -> Result<Result<(), i64>, StoreError> {
        let (slot, hash) = (slot.name(), &hash[..]);
        self.with(async |c| {
            let tx = c.transaction().await?;
            exec(&tx, "SELECT pg_advisory_xact_lock($1, hashtext($2))", &[&SEND_LOCK, &username]).await?;
            let sql = "SELECT last, window_start, in_window FROM sent_codes WHERE username = $1 AND slot = $2";
            let before = opt(&tx, sql, &[&username, &slot]).await?.map(|r| Sends {
                last: r.get(0),
                window_start: r.get(1),
                in_window: count(&r, 2),
            });
            let after = match plan(before) {
                Ok(after) => after,
                Err(retry_at) => return Ok(Err(retry_at)),
            };
            let sql = "INSERT INTO sent_codes (username, slot, hash, expires, last, window_start, in_window)
                       VALUES ($1, $2, $3, $4, $5, $6, $7)
                       ON CONFLICT (username, slot) DO UPDATE SET hash = $3, expires = $4, last = $5, window_start = $6, in_window = $7";
            let in_window = i64::from(after.in_window);
            exec(&tx, sql, &[&username, &slot, &hash, &expires, &after.last, &after.window_start, &in_window]).await?;
            tx.commit().await?;
            Ok(Ok(()))
        })
    }

    fn use_sent_code(&self, username: &str, slot: Slot, hash: &[u8; 32], now: i64) -> Result<bool, StoreError> {
        let (slot, hash) = (slot.name(), &hash[..]);
        self.with(async |c| {
            let sql = "UPDATE sent_codes SET hash = NULL WHERE username = $1 AND slot = $2 AND hash = $3 AND expires > $4";
            Ok(exec(c, sql, &[&username, &slot, &hash, &now]).await? == 1)
        })
    }

    fn sent_code_is(&self, username: &str, slot: Slot, hash: &[u8; 32], now: i64) -> Result<bool, StoreError> {
        let (slot, hash) = (slot.name(), &hash[..]);
        self.with(async |c| {
            let sql = "SELECT 1 FROM sent_codes WHERE username = $1 AND slot = $2 AND hash = $3 AND expires > $4";
            Ok(opt(c, sql, &[&username, &slot, &hash, &now]).await?.is_some())
        })
    }

    fn method_choices(&self, username: &str) -> Result<MethodChoices, StoreError> {
        self.with(async |c| {
            let row = opt(c, "SELECT app_off, email_off, phone_set, phone FROM method_choices WHERE username = $1", &[&username]).await?;
            Ok(row.map_or_else(MethodChoices::default, |r| MethodChoices {
                app_off: r.get(0),
                email_off: r.get(1),
                phone: r.get::<_, bool>(2).then(|| r.get(3)),
            }))
        })
    }

    fn set_method_choices(&self, username: &str, choices: &MethodChoices) -> Result<(), StoreError> {
        let (phone_set, phone) = (choices.phone.is_some(), choices.phone.clone().flatten());
        self.with(async |c| {
            let sql = "INSERT INTO method_choices (username, app_off, email_off, phone_set, phone) VALUES ($1, $2, $3, $4, $5)
                       ON CONFLICT (username) DO UPDATE SET app_off = $2, email_off = $3, phone_set = $4, phone = $5";
            exec(c, sql, &[&username, &choices.app_off, &choices.email_off, &phone_set, &phone]).await.map(drop)
        })
    }

    fn forget_method_choices(&self, username: &str) -> Result<bool, StoreError> {
        self.with(async |c| Ok(exec(c, "DELETE FROM method_choices WHERE username = $1", &[&username]).await? == 1))
    }

    fn add_passkey(&self, p: &PasskeyRecord) -> Result<bool, StoreError> {
        self.with(async |c| {
            let sql = format!(
                "INSERT INTO passkeys ({PASSKEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (cred_id) DO NOTHING"
            );
            let (counter, tag) = (i64::from(p.counter), &p.password_tag[..]);
            let params: &[&(dyn ToSql + Sync)] =
                &[&p.cred_id, &p.username, &p.rp_id, &p.name, &p.credential, &p.created, &p.last_used, &counter, &tag];
            Ok(exec(c, &sql, params).await? == 1)
        })
    }

    fn passkeys_of(&self, username: &str) -> Result<Vec<PasskeyRecord>, StoreError> {
        self.with(async |c| {
            let sql = format!("SELECT {PASSKEY_COLUMNS} FROM passkeys WHERE username = $1 ORDER BY created");
            let statement = c.prepare_cached(&sql).await?;
            Ok(c.query(&statement, &[&username]).await?.iter().map(passkey_from).collect())
        })
    }

    fn passkey(&self, cred_id: &[u8]) -> Result<Option<PasskeyRecord>, StoreError> {
        self.with(async |c| {
            let sql = format!("SELECT {PASSKEY_COLUMNS} FROM passkeys WHERE cred_id = $1");
            Ok(opt(c, &sql, &[&cred_id]).await?.as_ref().map(passkey_from))
        })
    }

    fn used_passkey(&self, cred_id: &[u8], credential: &str, counter: u32, password_tag: &[u8; 32], now: i64) -> Result<bool, StoreError> {
        let (counter, tag) = (i64::from(counter), &password_tag[..]);
        self.with(async |c| {
            let sql = "UPDATE passkeys SET credential = $2, counter = $3, password_tag = $4, last_used = $5
                       WHERE cred_id = $1 AND (counter < $3 OR (counter = 0 AND $3 = 0))";
            Ok(exec(c, sql, &[&cred_id, &credential, &counter, &tag, &now]).await? == 1)
        })
    }

    fn rename_passkey(&self, username: &str, cred_id: &[u8], name: &str) -> Result<bool, StoreError> {
        self.with(async |c| {
            Ok(exec(c, "UPDATE passkeys SET name = $3 WHERE username = $1 AND cred_id = $2", &[&username, &cred_id, &name]).await? == 1)
        })
    }

    fn remove_passkeys(&self, username: &str, only: Option<&[u8]>) -> Result<u64, StoreError> {
        self.with(async |c| match only {
            Some(id) => exec(c, "DELETE FROM passkeys WHERE username = $1 AND cred_id = $2", &[&username, &id]).await,
            None => exec(c, "DELETE FROM passkeys WHERE username = $1", &[&username]).await,
        })
    }

    fn put_ceremony(&self, id_hash: &[u8; 32], kind: &str, owner: Owner<'_>, state: &str, expires: i64) -> Result<(), StoreError> {
        let (id, session, username) = (&id_hash[..], &owner.session[..], owner.username);
        self.with(async |c| {
            // One statement, so that the old one goes exactly when the new one is kept.
            let sql = "WITH gone AS (DELETE FROM ceremonies WHERE session = $4 AND kind = $2)
                       INSERT INTO ceremonies (id_hash, kind, username, session, state, expires) VALUES ($1, $2, $3, $4, $5, $6)
                       ON CONFLICT (id_hash) DO UPDATE SET kind = $2, username = $3, session = $4, state = $5, expires = $6";
            exec(c, sql, &[&id, &kind, &username, &session, &state, &expires]).await.map(drop)
        })
    }

    fn take_ceremony(&self, id_hash: &[u8; 32], kind: &str, owner: Owner<'_>, now: i64) -> Result<Option<String>, StoreError> {
        let (id, session, username) = (&id_hash[..], &owner.session[..], owner.username);
        self.with(async |c| {
            let sql = "DELETE FROM ceremonies WHERE id_hash = $1 AND kind = $2 AND username = $3 AND session = $4 AND expires > $5
                       RETURNING state";
            Ok(opt(c, sql, &[&id, &kind, &username, &session, &now]).await?.map(|r| r.get(0)))
        })
    }

    fn ceremony_ended(&self, id_hash: &[u8; 32], kind: &str, expires: i64) -> Result<bool, StoreError> {
        let (id, nobody) = (&id_hash[..], &[0u8; 32][..]);
        self.with(async |c| {
            let sql = "INSERT INTO ceremonies (id_hash, kind, username, session, state, expires) VALUES ($1, $2, '', $3, '', $4)
                       ON CONFLICT (id_hash) DO NOTHING";
            Ok(exec(c, sql, &[&id, &kind, &nobody, &expires]).await? == 1)
        })
    }

    fn purge_ceremonies(&self, now: i64) -> Result<u64, StoreError> {
        self.with(async |c| exec(c, "DELETE FROM ceremonies WHERE expires <= $1", &[&now]).await)
    }

    fn begin_grace(&self, username: &str, now: i64) -> Result<i64, StoreError> {
        self.with(async |c| {
            exec(c, "INSERT INTO graces (username, began) VALUES ($1, $2) ON CONFLICT (username) DO NOTHING", &[&username, &now]).await?;
            Ok(opt(c, "SELECT began FROM graces WHERE username = $1", &[&username]).await?.map_or(now, |r| r.get(0)))
        })
    }

    fn enqueue_mail(&self, m: &Mail, now: i64) -> Result<(), StoreError> {
        let channel = m.channel.name();
        self.with(async |c| {
            let sql = "INSERT INTO outbox (channel, recipient, subject, body, created, next_try) VALUES ($1, $2, $3, $4, $5, $5)";
            exec(c, sql, &[&channel, &m.to, &m.subject, &m.body, &now]).await.map(drop)
        })
    }

    fn claim_mail(&self, now: i64, lease_until: i64, limit: u32) -> Result<Vec<(i64, Mail, u32)>, StoreError> {
        let limit = i64::from(limit);
        self.with(async |c| {
            // SKIP LOCKED: what another replica is claiming right now is its own.
            let sql = "UPDATE outbox SET next_try = $2 WHERE id IN
                         (SELECT id FROM outbox WHERE next_try <= $1 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
                       RETURNING id, channel, recipient, subject, body, attempts";
            let mut claimed: Vec<(i64, Mail, u32)> = rows(c, sql, &[&now, &lease_until, &limit])
                .await?
                .iter()
                .map(|r| {
                    let channel = if r.get::<_, &str>(1) == Channel::Sms.name() { Channel::Sms } else { Channel::Email };
                    (r.get(0), Mail { channel, to: r.get(2), subject: r.get(3), body: r.get(4) }, count(r, 5))
                })
                .collect();
            claimed.sort_by_key(|(id, _, _)| *id);
            Ok(claimed)
        })
    }

    fn mail_sent(&self, id: i64) -> Result<(), StoreError> {
        self.with(async |c| exec(c, "DELETE FROM outbox WHERE id = $1", &[&id]).await.map(drop))
    }

    fn mail_failed(&self, id: i64, next_try: i64, error: &str) -> Result<(), StoreError> {
        self.with(async |c| {
            let sql = "UPDATE outbox SET attempts = attempts + 1, next_try = $2, last_error = $3 WHERE id = $1";
            exec(c, sql, &[&id, &next_try, &error]).await.map(drop)
        })
    }

    fn put_device(&self, d: &DeviceRecord) -> Result<(), StoreError> {
        let (id, tag) = (&d.id_hash[..], &d.password_tag[..]);
        self.with(async |c| {
            let sql = format!(
                "INSERT INTO devices ({DEVICE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT (id_hash) DO UPDATE SET username = $2, host = $3, password_tag = $4, created = $5, last_used = $6,
                 expires = $7, label = $8, place = $9"
            );
            let params: &[&(dyn ToSql + Sync)] =
                &[&id, &d.username, &d.host, &tag, &d.created, &d.last_used, &d.expires, &d.label, &d.place];
            exec(c, &sql, params).await.map(drop)
        })
    }

    fn device(&self, id_hash: &[u8; 32]) -> Result<Option<DeviceRecord>, StoreError> {
        let id = &id_hash[..];
        self.with(async |c| {
            let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE id_hash = $1");
            Ok(opt(c, &sql, &[&id]).await?.as_ref().map(device_from))
        })
    }

    fn touch_device(&self, id_hash: &[u8; 32], now: i64) -> Result<(), StoreError> {
        let id = &id_hash[..];
        self.with(async |c| exec(c, "UPDATE devices SET last_used = $2 WHERE id_hash = $1", &[&id, &now]).await.map(drop))
    }

    fn devices_of(&self, username: &str) -> Result<Vec<DeviceRecord>, StoreError> {
        self.with(async |c| {
            let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE username = $1 ORDER BY last_used DESC, created DESC");
            Ok(rows(c, &sql, &[&username]).await?.iter().map(device_from).collect())
        })
    }

    fn revoke_devices(&self, username: &str, only: Option<&[u8; 32]>) -> Result<Revoked, StoreError> {
        let only = only.map(|d| &d[..]);
        self.with(async |c| {
            let tx = c.transaction().await?;
            // A NULL `only` means every device of the user.
            let sql = ending("device IN (SELECT id_hash FROM devices WHERE username = $1 AND ($2::bytea IS NULL OR id_hash = $2))");
            let sessions = rows(&tx, &sql, &[&username, &only]).await?.iter().map(|r| hash32(r, 0)).collect();
            let sql = "DELETE FROM devices WHERE username = $1 AND ($2::bytea IS NULL OR id_hash = $2)";
            let devices = exec(&tx, sql, &[&username, &only]).await?;
            tx.commit().await?;
            Ok(Revoked { devices, sessions })
        })
    }

    fn purge_devices(&self, now: i64) -> Result<u64, StoreError> {
        self.with(async |c| exec(c, "DELETE FROM devices WHERE expires <= $1", &[&now]).await)
    }

    fn update_attempts(
        &self,
        key: &str,
        change: &mut dyn FnMut(Option<Attempts>) -> Option<Attempts>,
    ) -> Result<Option<Attempts>, StoreError> {
        self.with(async |c| {
            let tx = c.transaction().await?;
            exec(&tx, "SELECT pg_advisory_xact_lock($1, hashtext($2))", &[&ATTEMPTS_LOCK, &key]).await?;
            let next = change(opt(&tx, ATTEMPTS_OF, &[&key]).await?.as_ref().map(attempts_from));
            match &next {
                Some(a) => {
                    let sql = "INSERT INTO attempts (key, failures, window_start, locked_until, lockouts, consecutive)
                               VALUES ($1, $2, $3, $4, $5, $6)
                               ON CONFLICT (key) DO UPDATE SET failures = $2, window_start = $3, locked_until = $4,
                               lockouts = $5, consecutive = $6";
                    let (failures, lockouts, consecutive) = (i64::from(a.failures), i64::from(a.lockouts), i64::from(a.consecutive));
                    exec(&tx, sql, &[&key, &failures, &a.window_start, &a.locked_until, &lockouts, &consecutive]).await?
                }
                None => exec(&tx, "DELETE FROM attempts WHERE key = $1", &[&key]).await?,
            };
            tx.commit().await?;
            Ok(next)
        })
    }

    fn attempts(&self, key: &str) -> Result<Option<Attempts>, StoreError> {
        self.with(async |c| Ok(opt(c, ATTEMPTS_OF, &[&key]).await?.as_ref().map(attempts_from)))
    }

    fn clear_attempts(&self, keys: &[&str]) -> Result<u64, StoreError> {
        self.with(async |c| exec(c, "DELETE FROM attempts WHERE key = ANY($1)", &[&keys]).await)
    }

    fn purge_attempts(&self, before: i64, now: i64) -> Result<u64, StoreError> {
        self.with(async |c| {
            let sql = "DELETE FROM attempts WHERE window_start < $1 AND locked_until <= $2 AND consecutive = 0";
            exec(c, sql, &[&before, &now]).await
        })
    }

    fn put_hold(&self, id_hash: &[u8; 32], username: &str, host: &str, sealed: &[u8], expires: i64, keep: u32) -> Result<(), StoreError> {
        let (id, keep) = (&id_hash[..], i64::from(keep));
        self.with(async |c| {
            let tx = c.transaction().await?;
            let sql = "INSERT INTO holds (id_hash, username, host, sealed, expires) VALUES ($1, $2, $3, $4, $5)
                       ON CONFLICT (id_hash) DO UPDATE SET username = $2, host = $3, sealed = $4, expires = $5";
            exec(&tx, sql, &[&id, &username, &host, &sealed, &expires]).await?;
            let sql = "DELETE FROM holds WHERE username = $1 AND id_hash NOT IN
                         (SELECT id_hash FROM holds WHERE username = $1 ORDER BY expires DESC LIMIT $2)";
            exec(&tx, sql, &[&username, &keep]).await?;
            tx.commit().await
        })
    }

    fn take_hold(&self, id_hash: &[u8; 32], username: &str, host: &str, now: i64) -> Result<Option<(Vec<u8>, i64)>, StoreError> {
        let id = &id_hash[..];
        self.with(async |c| {
            let sql = "DELETE FROM holds WHERE id_hash = $1 AND username = $2 AND host = $3 AND expires > $4 RETURNING sealed, expires";
            Ok(opt(c, sql, &[&id, &username, &host, &now]).await?.map(|r| (r.get(0), r.get(1))))
        })
    }

    fn purge_holds(&self, now: i64) -> Result<u64, StoreError> {
        self.with(async |c| exec(c, "DELETE FROM holds WHERE expires <= $1", &[&now]).await)
    }

    fn keep_shown_codes(&self, id_hash: &[u8; 32], username: &str, sealed: &[u8], expires: i64, now: i64) -> Result<(), StoreError> {
        let id = &id_hash[..];
        self.with(async |c| {
            let tx = c.transaction().await?;
            exec(&tx, "DELETE FROM shown_codes WHERE username = $1 OR expires <= $2", &[&username, &now]).await?;
            let sql = "INSERT INTO shown_codes (id_hash, username, sealed, expires) VALUES ($1, $2, $3, $4)";
            exec(&tx, sql, &[&id, &username, &sealed, &expires]).await?;
            tx.commit().await
        })
    }

    fn shown_codes(&self, id_hash: &[u8; 32], username: &str, now: i64) -> Result<Option<Vec<u8>>, StoreError> {
        let id = &id_hash[..];
        self.with(async |c| {
            let sql = "SELECT sealed FROM shown_codes WHERE id_hash = $1 AND username = $2 AND expires > $3";
            Ok(opt(c, sql, &[&id, &username, &now]).await?.map(|r| r.get(0)))
        })
    }

    fn forget_shown_codes(&self, username: &str) -> Result<(), StoreError> {
        self.with(async |c| exec(c, "DELETE FROM shown_codes WHERE username = $1", &[&username]).await.map(drop))
    }

    fn purge_shown_codes(&self, now: i64) -> Result<u64, StoreError> {
        self.with(async |c| exec(c, "DELETE FROM shown_codes WHERE expires <= $1", &[&now]).await)
    }

    fn watch_ended_sessions(&self, ended: OnEnded) -> bool {
        self.handle.spawn(listen::ended_sessions(self.settings.clone(), ended));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::contract::Postgres;
    use crate::store::Ended;

    #[test]
    fn replicas_starting_together_migrate_once() {
        let pg = Postgres::new();
        let opened: Vec<i32> = std::thread::scope(|s| {
            let starts: Vec<_> = (0..6).map(|_| s.spawn(|| PgStore::open(&pg.settings()).expect("open").1)).collect();
            starts.into_iter().map(|t| t.join().expect("join")).collect()
        });
        assert!(opened.iter().all(|v| *v == schema::newest()), "{opened:?}");
        let store = PgStore::open(&pg.settings()).expect("reopen").0;
        let applied =
            store.with(async |c| c.query_one("SELECT count(*) FROM portcullis_migrations", &[]).await.map(|r| r.get::<_, i64>(0)));
        assert_eq!(applied.expect("count"), i64::from(schema::newest()), "each migration applied once");
    }

    #[test]
    fn every_ending_of_a_session_is_heard_by_the_other_handles() {
        let pg = Postgres::new();
        let (watcher, other) = (PgStore::open(&pg.settings()).expect("open").0, PgStore::open(&pg.settings()).expect("open").0);
        let (heard, hear) = std::sync::mpsc::channel();
        assert!(watcher.watch_ended_sessions(std::sync::Arc::new(move |e| {
            let _ = heard.send(e);
        })));
        let next = || hear.recv_timeout(std::time::Duration::from_secs(5)).expect("heard");
        assert_eq!(next(), Ended::Unknown, "listening begins by forgetting what went unheard");
        let record = |id: u8, device: Option<[u8; 32]>| SessionRecord {
            id_hash: [id; 32],
            username: "alice".into(),
            stage: Stage::Complete,
            created: 1,
            last_seen: 1,
            expires: 10,
            pending_secret: None,
            device,
            factor: None,
            scope: "app.example".into(),
            password_tag: [0; 32],
            grace_from: None,
            passkey: None,
        };
        other.put_session(&record(1, None)).expect("put");
        other.delete_session(&[1; 32]).expect("delete");
        assert_eq!(next(), Ended::Session([1; 32]));
        other.put_session(&record(2, None)).expect("put");
        other.put_session(&record(3, None)).expect("put");
        assert_eq!(other.delete_sessions_of("alice").expect("delete"), 2);
        let mut both = [next(), next()];
        both.sort_by_key(|e| format!("{e:?}"));
        assert_eq!(both, [Ended::Session([2; 32]), Ended::Session([3; 32])]);
        let device = DeviceRecord {
            id_hash: [9; 32],
            username: "alice".into(),
            host: "app.example".into(),
            password_tag: [0; 32],
            created: 1,
            last_used: 1,
            expires: 10,
            label: String::new(),
            place: None,
        };
        other.put_device(&device).expect("device");
        other.put_session(&record(4, Some([9; 32]))).expect("put");
        assert_eq!(other.revoke_devices("alice", None).expect("revoke").sessions, [[4; 32]]);
        assert_eq!(next(), Ended::Session([4; 32]));
        other.delete_session(&[5; 32]).expect("delete none");
        assert!(hear.recv_timeout(std::time::Duration::from_millis(300)).is_err(), "nothing ended, nothing heard");
    }

    #[test]
    fn a_database_from_a_newer_build_is_refused() {
        let pg = Postgres::new();
        drop(PgStore::open(&pg.settings()).expect("open"));
        pg.0.admin(&format!("INSERT INTO {}.portcullis_migrations VALUES (9999, 0)", pg.0.schema));
        let refused = PgStore::open(&pg.settings()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(refused.contains("schema version 9999") && refused.contains("newer Portcullis"), "{refused}");
    }

    #[test]
    fn errors_say_why_and_never_show_the_password() {
        let settings = PgSettings {
            url: "postgres://portcullis:hunter2@127.0.0.1:1/portcullis".to_string().into(),
            password: None,
            max_connections: 2,
            tls: PgTls::Prefer,
        };
        let error = PgStore::open(&settings).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("Connection refused") && !error.contains("hunter2"), "{error}");
        assert!(!format!("{settings:?}").contains("hunter2"));
        let bad = PgSettings { url: "postgres://a:hunter2@/x?sslmode=nonsense".to_string().into(), ..settings };
        let error = bad.connection().err().unwrap_or_default();
        assert!(error.contains("invalid connection string") && !error.contains("hunter2"), "{error}");
    }
}
