//! The schema, as numbered migrations. Each replica applies the missing ones at start (and
//! `portcullis store migrate` does) inside one transaction holding an advisory lock, so
//! replicas starting together take turns and each migration runs once.

use deadpool_postgres::GenericClient;

/// The advisory lock migrations hold (an arbitrary number: "PCMG").
const MIGRATION_LOCK: i64 = 0x5043_4d47;

/// Every migration, in order; a released one never changes, a change is a new one.
const MIGRATIONS: &[(i32, &str)] = &[
    (
        1,
        "
CREATE TABLE totp (
    username  text PRIMARY KEY,
    secret    bytea NOT NULL,
    last_step bigint NOT NULL,
    created   bigint NOT NULL
);
CREATE TABLE sessions (
    id_hash        bytea PRIMARY KEY,
    username       text NOT NULL,
    stage          smallint NOT NULL,
    created        bigint NOT NULL,
    last_seen      bigint NOT NULL,
    expires        bigint NOT NULL,
    pending_secret bytea,
    device         bytea,
    factor         text,
    factor_at      bigint,
    scope          text NOT NULL,
    password_tag   bytea NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (username);
CREATE INDEX sessions_by_device ON sessions (device);
CREATE TABLE devices (
    id_hash      bytea PRIMARY KEY,
    username     text NOT NULL,
    host         text NOT NULL,
    password_tag bytea NOT NULL,
    created      bigint NOT NULL,
    last_used    bigint NOT NULL,
    expires      bigint NOT NULL,
    label        text NOT NULL,
    place        text
);
CREATE INDEX devices_by_user ON devices (username);
CREATE TABLE sent_codes (
    username     text NOT NULL,
    slot         text NOT NULL,
    hash         bytea,
    expires      bigint NOT NULL,
    last         bigint NOT NULL,
    window_start bigint NOT NULL,
    in_window    bigint NOT NULL,
    PRIMARY KEY (username, slot)
);
CREATE TABLE method_choices (
    username  text PRIMARY KEY,
    app_off   boolean NOT NULL,
    email_off boolean NOT NULL,
    phone_set boolean NOT NULL,
    phone     text
);
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    channel    text NOT NULL,
    recipient  text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    created    bigint NOT NULL,
    attempts   bigint NOT NULL DEFAULT 0,
    next_try   bigint NOT NULL,
    last_error text
);
CREATE INDEX outbox_by_next_try ON outbox (next_try);
CREATE TABLE backup_codes (
    username text NOT NULL,
    hash     bytea NOT NULL,
    created  bigint NOT NULL,
    used     bigint,
    PRIMARY KEY (username, hash)
);
CREATE TABLE attempts (
    key          text PRIMARY KEY,
    failures     bigint NOT NULL,
    window_start bigint NOT NULL,
    locked_until bigint NOT NULL,
    lockouts     bigint NOT NULL,
    consecutive  bigint NOT NULL
);
",
    ),
    (
        2,
        "
CREATE TABLE holds (
    id_hash  bytea PRIMARY KEY,
    username text NOT NULL,
    host     text NOT NULL,
    sealed   bytea NOT NULL,
    expires  bigint NOT NULL
);
CREATE INDEX holds_by_user ON holds (username);
",
    ),
    (
        3,
        "
CREATE TABLE audit (
    id       bigserial PRIMARY KEY,
    at       bigint NOT NULL,
    username text,
    line     text NOT NULL
);
CREATE INDEX audit_by_time ON audit (at);
CREATE INDEX audit_by_user ON audit (username, at);
",
    ),
    (
        4,
        "
ALTER TABLE sessions ADD COLUMN grace_from bigint;
CREATE TABLE graces (
    username text PRIMARY KEY,
    began    bigint NOT NULL
);
",
    ),
    (
        5,
        "
ALTER TABLE sessions ADD COLUMN passkey smallint;
CREATE TABLE passkeys (
    cred_id    bytea PRIMARY KEY,
    username   text NOT NULL,
    rp_id      text NOT NULL,
    name       text NOT NULL,
    credential text NOT NULL,
    created    bigint NOT NULL,
    last_used  bigint,
    counter    bigint NOT NULL DEFAULT 0,
    password_tag bytea NOT NULL
);
CREATE INDEX passkeys_by_user ON passkeys (username);
CREATE TABLE ceremonies (
    id_hash  bytea PRIMARY KEY,
    kind     text NOT NULL,
    username text NOT NULL,
    session  bytea NOT NULL,
    state    text NOT NULL,
    expires  bigint NOT NULL
);
CREATE INDEX ceremonies_by_session ON ceremonies (session, kind);
",
    ),
    (
        6,
        "
CREATE TABLE shown_codes (
    id_hash  bytea PRIMARY KEY,
    username text NOT NULL,
    sealed   bytea NOT NULL,
    expires  bigint NOT NULL
);
",
    ),
];

/// The newest schema version this build knows.
pub fn newest() -> i32 {
    MIGRATIONS.last().map_or(0, |(version, _)| *version)
}

/// Applies the migrations the database lacks; the version it is at afterwards. A database
/// migrated by a newer build is refused: this one would not know what it holds.
pub async fn migrate(client: &mut deadpool_postgres::Client, now: i64) -> Result<Result<i32, String>, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
    // Not the server's notice that the table exists, on every start.
    tx.batch_execute("SET LOCAL client_min_messages = warning").await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS portcullis_migrations (version integer PRIMARY KEY, applied bigint NOT NULL)").await?;
    let at: i32 = tx.query_one("SELECT coalesce(max(version), 0) FROM portcullis_migrations", &[]).await?.get(0);
    if at > newest() {
        return Ok(Err(format!("the database is at schema version {at}, made by a newer Portcullis; this one knows up to {}", newest())));
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > at) {
        tx.batch_execute(sql).await?;
        tx.execute("INSERT INTO portcullis_migrations (version, applied) VALUES ($1, $2)", &[version, &now]).await?;
        tracing::info!(version, "store: applied migration");
    }
    tx.commit().await?;
    Ok(Ok(newest()))
}
