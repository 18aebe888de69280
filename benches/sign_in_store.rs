//! The store's part of a sign-in (password, then a code), SQLite against PostgreSQL: the
//! calls a sign-in makes, in its order, argon2 aside. `cargo bench --bench sign_in_store`
//! (PostgreSQL at PORTCULLIS_TEST_POSTGRES or the local server, in a schema of its own);
//! `cargo test --benches` runs it once as a smoke test.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use portcullis::store::{PgSettings, PgStore, PgTls, SessionRecord, SharedStore, SqliteStore, Stage, Store};

#[allow(dead_code)]
#[path = "../tests/support/test_postgres.rs"]
mod test_postgres;

fn session(id: u64, stage: Stage) -> SessionRecord {
    let mut id_hash = [0u8; 32];
    id_hash[..8].copy_from_slice(&id.to_le_bytes());
    SessionRecord {
        id_hash,
        username: "alice".into(),
        stage,
        created: 1,
        last_seen: 1,
        expires: i64::MAX / 2,
        pending_secret: None,
        device: None,
        factor: None,
        scope: "app.example".into(),
        password_tag: [0; 32],
        grace_from: None,
        passkey: None,
    }
}

/// What the gate asks of the store, in order, when alice gives her password (the throttle's
/// records, then a pending session) and then a code (the records again, her authenticator,
/// the code's step, the records cleared, the pending session replaced by a complete one).
fn sign_in(s: &dyn Store, n: u64) {
    let keys = ["user:alice", "ip:192.0.2.1"];
    let pending = session(2 * n, Stage::Password);
    for key in keys {
        s.attempts(key).expect("attempts");
    }
    s.put_session(&pending).expect("put");
    for key in keys {
        s.attempts(key).expect("attempts");
    }
    s.totp("alice").expect("totp");
    s.accept_totp_step("alice", n + 1).expect("step");
    s.clear_attempts(&keys).expect("clear");
    s.delete_session(&pending.id_hash).expect("delete");
    s.put_session(&session(2 * n + 1, Stage::Complete)).expect("put");
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let pg = test_postgres::TestSchema::new();
    let settings = PgSettings { url: pg.url().into(), password: None, max_connections: 4, tls: PgTls::Disable };
    let stores: [(&str, SharedStore); 2] = [
        ("sqlite", Arc::new(SqliteStore::open(&dir.path().join("b.db")).expect("sqlite"))),
        ("postgres", Arc::new(PgStore::open(&settings).expect("postgres").0)),
    ];
    for (name, store) in &stores {
        store.enrol_totp("alice", b"sealed", 0, 1).expect("enrol");
        let mut n = 0;
        c.bench_function(&format!("sign-in store calls, {name}"), |b| {
            b.iter(|| {
                n += 1;
                sign_in(store.as_ref(), n)
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
