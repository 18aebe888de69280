//! The store contract: the same tests, run against each backend — SQLite in a temporary
//! file, PostgreSQL in a temporary schema (see tests/support/test_postgres.rs). Each test
//! opens the store twice where it matters: a second connection (the admin CLI, another
//! replica) sees what the first did.

use std::sync::Arc;

use super::{
    Attempts, AuditRecord, Channel, DeviceRecord, Mail, MethodChoices, Owner, PasskeyKind, PasskeyRecord, PasskeyUse, PgSettings, PgStore,
    PgTls, Sends, SessionRecord, Slot, Stage,
};
use super::{SqliteStore, Store};

/// A backend's store, empty at first; each `open` is another connection to the same one.
trait Fixture {
    fn open(&self) -> Arc<dyn Store>;
}

struct Sqlite(tempfile::TempDir);

impl Sqlite {
    fn new() -> Sqlite {
        Sqlite(tempfile::tempdir().expect("tempdir"))
    }
}

impl Fixture for Sqlite {
    fn open(&self) -> Arc<dyn Store> {
        Arc::new(SqliteStore::open(&self.0.path().join("p.db")).expect("open"))
    }
}

// Shared with the replica tests, which use more of it.
#[allow(dead_code)]
#[path = "../../tests/support/test_postgres.rs"]
pub(crate) mod test_postgres;

/// A schema of its own on the test server.
pub(crate) struct Postgres(pub(crate) test_postgres::TestSchema);

impl Postgres {
    pub(crate) fn new() -> Postgres {
        Postgres(test_postgres::TestSchema::new())
    }

    /// Settings that reach this schema only.
    pub(crate) fn settings(&self) -> PgSettings {
        PgSettings { url: self.0.url().into(), password: None, max_connections: 4, tls: PgTls::Disable }
    }
}

impl Fixture for Postgres {
    fn open(&self) -> Arc<dyn Store> {
        Arc::new(PgStore::open(&self.settings()).expect("open").0)
    }
}

/// Each contract test, for each backend.
macro_rules! for_each_backend {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $test() { super::$test(&super::Sqlite::new()) })*
        }
        mod postgres {
            $(#[test] fn $test() { super::$test(&super::Postgres::new()) })*
        }
    };
}

for_each_backend!(
    a_sent_code_works_once_only_if_newest_and_fresh,
    the_code_to_a_new_number_lives_beside_the_own_one,
    a_racing_send_is_counted_once,
    method_choices_are_kept_until_forgotten,
    a_backup_code_works_once_even_when_raced,
    revoking_devices_ends_the_sessions_they_started,
    a_step_is_accepted_once_and_never_an_older_one,
    an_authenticator_is_replaced_and_removed,
    sessions_round_trip_and_die,
    a_session_keeps_its_pending_secret_and_factor,
    failures_are_all_counted_when_raced,
    the_outbox_keeps_mail_until_sent,
    mail_claimed_at_once_is_sent_once,
    a_held_form_is_taken_once_by_its_user,
    new_backup_codes_are_shown_again_until_saved,
    the_audit_trail_is_read_by_time_and_user_and_purged,
    a_grace_begins_once_per_user,
    passkeys_are_kept_per_user_and_removed,
    a_ceremony_is_taken_once_for_its_kind,
);

fn passkey(id: u8, user: &str) -> PasskeyRecord {
    PasskeyRecord {
        cred_id: vec![id; 16],
        username: user.into(),
        rp_id: "app.example".into(),
        name: format!("key {id}"),
        credential: format!("{{\"counter\":{id}}}"),
        created: 100 + i64::from(id),
        last_used: None,
        counter: u32::from(id),
        password_tag: [id; 32],
    }
}

fn passkeys_are_kept_per_user_and_removed(f: &dyn Fixture) {
    let s = f.open();
    assert!(s.add_passkey(&passkey(1, "alice")).expect("add"));
    assert!(s.add_passkey(&passkey(2, "alice")).expect("add"));
    assert!(!s.add_passkey(&passkey(2, "bob")).expect("add"), "a credential id is one user's");
    assert!(s.add_passkey(&passkey(3, "bob")).expect("add"));
    assert_eq!(s.passkeys_of("alice").expect("list"), vec![passkey(1, "alice"), passkey(2, "alice")]);
    assert!(s.used_passkey(&[1; 16], "{\"counter\":9}", 9, &[1; 32], 500).expect("used"));
    assert!(!f.open().used_passkey(&[1; 16], "{\"counter\":9}", 9, &[42; 32], 501).expect("used"), "the same count twice: a copy");
    assert!(!s.used_passkey(&[1; 16], "{\"counter\":5}", 5, &[42; 32], 502).expect("used"), "a count gone back: a copy");
    let mut uncounted = passkey(4, "carol");
    uncounted.counter = 0;
    assert!(s.add_passkey(&uncounted).expect("add"));
    assert!(
        s.used_passkey(&[4; 16], "{}", 0, &[4; 32], 500).expect("used") && s.used_passkey(&[4; 16], "{}", 0, &[4; 32], 501).expect("used"),
        "no counter kept"
    );
    assert!(s.rename_passkey("alice", &[1; 16], "YubiKey").expect("rename"));
    assert!(!s.rename_passkey("bob", &[1; 16], "mine now").expect("rename"), "only its user renames it");
    let read = f.open().passkey(&[1; 16]).expect("get").expect("kept");
    assert_eq!((read.name.as_str(), read.credential.as_str(), read.last_used, read.counter), ("YubiKey", "{\"counter\":9}", Some(500), 9));
    assert_eq!(read.password_tag, [1; 32], "a copy's refused use changed nothing");
    assert!(s.used_passkey(&[1; 16], "{\"counter\":10}", 10, &[42; 32], 503).expect("used"));
    assert_eq!(f.open().passkey(&[1; 16]).expect("get").expect("kept").password_tag, [42; 32], "the password it now goes with");
    assert_eq!(s.remove_passkeys("bob", Some(&[1; 16])).expect("remove"), 0, "only its user removes it");
    assert_eq!(s.remove_passkeys("alice", Some(&[1; 16])).expect("remove"), 1);
    assert_eq!(s.remove_passkeys("alice", None).expect("remove all"), 1);
    assert_eq!((s.passkeys_of("alice").expect("list").len(), s.passkeys_of("bob").expect("list").len()), (0, 1));
}

fn a_ceremony_is_taken_once_for_its_kind(f: &dyn Fixture) {
    let s = f.open();
    let alice = Owner { username: "alice", session: &[7; 32] };
    let nobody = Owner { username: "", session: &[0; 32] };
    s.put_ceremony(&[1; 32], "register app.example", alice, "{}", 200).expect("put");
    s.put_ceremony(&[2; 32], "sign-in app.example", nobody, "{}", 200).expect("put");
    assert_eq!(s.take_ceremony(&[1; 32], "sign-in app.example", alice, 100).expect("take"), None, "not for another purpose");
    let other_session = Owner { username: "alice", session: &[8; 32] };
    assert_eq!(s.take_ceremony(&[1; 32], "register app.example", other_session, 100).expect("take"), None, "not in another session");
    let bob = Owner { username: "bob", session: &[7; 32] };
    assert_eq!(s.take_ceremony(&[1; 32], "register app.example", bob, 100).expect("take"), None, "not for another user");
    assert_eq!(s.take_ceremony(&[1; 32], "register app.example", alice, 100).expect("take").as_deref(), Some("{}"), "left be by them");
    assert_eq!(f.open().take_ceremony(&[1; 32], "register app.example", alice, 100).expect("take"), None, "once");
    assert_eq!(s.take_ceremony(&[2; 32], "sign-in app.example", nobody, 200).expect("take"), None, "not once expired");
    s.put_ceremony(&[3; 32], "x", nobody, "{}", 150).expect("put");
    assert_eq!(s.purge_ceremonies(200).expect("purge"), 2);

    // A session's new ceremony replaces its last of that kind, not another session's, nor
    // another kind's; ceremonies of no session replace nothing.
    s.put_ceremony(&[4; 32], "proof app.example", alice, "old", 900).expect("put");
    s.put_ceremony(&[5; 32], "sign-in app.example", alice, "other kind", 900).expect("put");
    s.put_ceremony(&[6; 32], "proof app.example", other_session, "other session", 900).expect("put");
    s.put_ceremony(&[9; 32], "proof app.example", alice, "new", 900).expect("put");
    assert_eq!(s.take_ceremony(&[4; 32], "proof app.example", alice, 100).expect("take"), None, "replaced");
    assert_eq!(s.take_ceremony(&[9; 32], "proof app.example", alice, 100).expect("take").as_deref(), Some("new"));
    assert!(s.take_ceremony(&[5; 32], "sign-in app.example", alice, 100).expect("take").is_some());
    assert!(s.take_ceremony(&[6; 32], "proof app.example", other_session, 100).expect("take").is_some());

    // One whose state was not stored ends once.
    assert!(s.ceremony_ended(&[10; 32], "alone app.example", 900).expect("ended"));
    assert!(!f.open().ceremony_ended(&[10; 32], "alone app.example", 900).expect("ended"), "not twice");
    assert!(s.ceremony_ended(&[11; 32], "alone app.example", 900).expect("ended"), "another beside it");
    assert_eq!(s.purge_ceremonies(1000).expect("purge"), 2);
}

/// The first sign-in sets a user's grace; later ones, on any handle, find it.
fn a_grace_begins_once_per_user(f: &dyn Fixture) {
    let s = f.open();
    assert_eq!(s.begin_grace("alice", 100).expect("begin"), 100);
    assert_eq!(f.open().begin_grace("alice", 200).expect("again"), 100, "a later sign-in does not move the deadline");
    assert_eq!(s.begin_grace("bob", 300).expect("begin"), 300);
}

fn session(id: u8, user: &str) -> SessionRecord {
    SessionRecord {
        id_hash: [id; 32],
        username: user.into(),
        stage: Stage::Complete,
        created: 100,
        last_seen: 100,
        expires: 1000,
        pending_secret: None,
        device: None,
        factor: None,
        scope: "app.example".into(),
        password_tag: [5; 32],
        grace_from: None,
        passkey: None,
    }
}

fn device(id: u8, user: &str) -> DeviceRecord {
    DeviceRecord {
        id_hash: [id; 32],
        username: user.into(),
        host: "app.example".into(),
        password_tag: [7; 32],
        created: 100,
        last_used: 100 + i64::from(id),
        expires: 1000,
        label: "Firefox 132 (Linux)".into(),
        place: None,
    }
}

/// A sending limit for these tests (the real one is `auth::sent_code::Terms`): one send a
/// minute, refused with the time to try again.
fn plan(now: i64) -> impl FnMut(Option<Sends>) -> Result<Sends, i64> + Copy {
    move |before| match before {
        Some(b) if now < b.last + 60 => Err(b.last + 60),
        _ => Ok(Sends { last: now, window_start: now, in_window: 1 }),
    }
}

/// Runs `f` on eight threads at once, each with its own handle on the store when `separate`.
fn race<T: Send + 'static>(f: &dyn Fixture, separate: bool, run: impl Fn(&dyn Store) -> T + Send + Sync + 'static) -> Vec<T> {
    let shared = f.open();
    let run = Arc::new(run);
    let stores: Vec<Arc<dyn Store>> = (0..8).map(|_| if separate { f.open() } else { Arc::clone(&shared) }).collect();
    let barrier = Arc::new(std::sync::Barrier::new(stores.len()));
    let racers: Vec<_> = stores
        .into_iter()
        .map(|s| {
            let (run, barrier) = (Arc::clone(&run), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                run(s.as_ref())
            })
        })
        .collect();
    racers.into_iter().map(|r| r.join().expect("join")).collect()
}

fn a_sent_code_works_once_only_if_newest_and_fresh(f: &dyn Fixture) {
    let s = f.open();
    let own = Slot::Own;
    assert_eq!(s.send_code("alice", own, &[1; 32], 1900, &mut plan(1000)).expect("send"), Ok(()));
    assert_eq!(s.send_code("alice", own, &[2; 32], 1910, &mut plan(1010)).expect("send"), Err(1060), "too soon");
    assert!(s.use_sent_code("alice", own, &[1; 32], 1100).expect("use"));
    assert!(!s.use_sent_code("alice", own, &[1; 32], 1100).expect("use"), "once");
    assert_eq!(s.send_code("alice", own, &[3; 32], 2000, &mut plan(1100)).expect("send"), Ok(()));
    assert_eq!(s.send_code("alice", own, &[4; 32], 2100, &mut plan(1200)).expect("send"), Ok(()));
    assert!(!s.use_sent_code("alice", own, &[3; 32], 1300).expect("use"), "only the newest");
    assert!(!s.use_sent_code("alice", own, &[4; 32], 2100).expect("use"), "expired at its time");
    assert!(s.use_sent_code("alice", own, &[4; 32], 2099).expect("use"));
    assert!(!s.use_sent_code("bob", own, &[4; 32], 1300).expect("use"));
}

fn the_code_to_a_new_number_lives_beside_the_own_one(f: &dyn Fixture) {
    let s = f.open();
    let plan = plan(1000);
    assert_eq!(s.send_code("alice", Slot::Own, &[1; 32], 1900, &mut { plan }).expect("send"), Ok(()));
    assert_eq!(s.send_code("alice", Slot::NewPhone, &[2; 32], 1900, &mut { plan }).expect("send"), Ok(()));
    assert!(!s.use_sent_code("alice", Slot::Own, &[2; 32], 1100).expect("use"), "a code is taken only in its slot");
    assert!(s.sent_code_is("alice", Slot::NewPhone, &[2; 32], 1100).expect("look"));
    assert!(s.use_sent_code("alice", Slot::NewPhone, &[2; 32], 1100).expect("use"), "looking did not use it");
    assert!(!s.sent_code_is("alice", Slot::NewPhone, &[2; 32], 1100).expect("look"));
    assert!(s.use_sent_code("alice", Slot::Own, &[1; 32], 1100).expect("use"));
}

/// Of eight first sends at the same moment (on eight connections), one is sent; the others
/// are told to wait, as the sending limit says.
fn a_racing_send_is_counted_once(f: &dyn Fixture) {
    let sent = race(f, true, |s| s.send_code("alice", Slot::Own, &[1; 32], 1900, &mut plan(1000)).expect("send"));
    assert_eq!(sent.iter().filter(|r| r.is_ok()).count(), 1, "{sent:?}");
}

fn method_choices_are_kept_until_forgotten(f: &dyn Fixture) {
    let s = f.open();
    assert_eq!(s.method_choices("alice").expect("read"), MethodChoices::default());
    let removed = MethodChoices { app_off: true, email_off: true, phone: Some(None) };
    s.set_method_choices("alice", &removed).expect("set");
    assert_eq!(s.method_choices("alice").expect("read"), removed);
    let own = MethodChoices { app_off: false, email_off: false, phone: Some(Some("+4915100000000".into())) };
    s.set_method_choices("alice", &own).expect("set");
    assert_eq!(f.open().method_choices("alice").expect("read"), own);
    assert!(s.forget_method_choices("alice").expect("forget"));
    assert!(!s.forget_method_choices("alice").expect("forget again"));
    assert_eq!(s.method_choices("alice").expect("read"), MethodChoices::default());
}

fn a_backup_code_works_once_even_when_raced(f: &dyn Fixture) {
    let s = f.open();
    s.replace_backup_codes("alice", &[[1; 32], [2; 32], [3; 32]], 10).expect("replace");
    assert_eq!(s.backup_codes_left("alice").expect("left"), 3);
    for separate in [false, true] {
        let code = if separate { [2; 32] } else { [1; 32] };
        let wins: Vec<u32> =
            race(f, separate, move |s| s.use_backup_code("alice", &code, 20).expect("use")).into_iter().flatten().collect();
        assert_eq!(wins.len(), 1, "exactly one use succeeds (separate connections: {separate})");
    }
    assert_eq!(s.use_backup_code("bob", &[3; 32], 20).expect("use"), None, "not bob's");
    assert_eq!(f.open().use_backup_code("alice", &[1; 32], 30).expect("use"), None, "another connection sees it used");
    s.replace_backup_codes("alice", &[[4; 32]], 40).expect("regenerate");
    assert_eq!(s.use_backup_code("alice", &[3; 32], 50).expect("use"), None, "the old set is dead");
    assert_eq!(s.use_backup_code("alice", &[4; 32], 50).expect("use"), Some(0));
    assert_eq!(s.remove_backup_codes("alice").expect("remove"), 1);
}

fn revoking_devices_ends_the_sessions_they_started(f: &dyn Fixture) {
    let s = f.open();
    for (id, user) in [(1, "alice"), (2, "alice"), (3, "bob")] {
        s.put_device(&device(id, user)).expect("put device");
    }
    let with_device = |id: u8, dev: u8| SessionRecord { device: Some([dev; 32]), ..session(id, "alice") };
    for (id, dev) in [(10, 1), (11, 1), (12, 2)] {
        s.put_session(&with_device(id, dev)).expect("put session");
    }
    s.put_session(&session(13, "alice")).expect("put session");
    assert_eq!(s.devices_of("alice").expect("list").iter().map(|d| d.id_hash[0]).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(s.device(&[3; 32]).expect("get"), Some(device(3, "bob")));
    s.touch_device(&[1; 32], 500).expect("touch");
    assert_eq!(s.devices_of("alice").expect("list").iter().map(|d| d.id_hash[0]).collect::<Vec<_>>(), [1, 2], "used last, first");
    assert_eq!(s.session(&[12; 32]).expect("get").and_then(|r| r.device), Some([2; 32]));

    let one = s.revoke_devices("alice", Some(&[1; 32])).expect("revoke one");
    assert_eq!((one.devices, one.sessions.len()), (1, 2));
    assert!(one.sessions.contains(&[10; 32]) && one.sessions.contains(&[11; 32]), "every session the device started");
    assert!(s.session(&[10; 32]).expect("get").is_none());
    assert_eq!(s.revoke_devices("bob", Some(&[2; 32])).expect("not bob's").devices, 0);

    let all = f.open().revoke_devices("alice", None).expect("revoke all");
    assert_eq!((all.devices, all.sessions), (1, vec![[12; 32]]));
    assert!(s.session(&[13; 32]).expect("get").is_some(), "sessions without a device stay");
    assert_eq!(s.devices_of("bob").expect("list").len(), 1);
    assert_eq!(s.purge_devices(999).expect("purge"), 0);
    assert_eq!(s.purge_devices(1000).expect("purge"), 1);
}

fn a_step_is_accepted_once_and_never_an_older_one(f: &dyn Fixture) {
    let s = f.open();
    assert!(s.enrol_totp("alice", b"sealed", 10, 0).expect("enrol"));
    assert!(!s.enrol_totp("alice", b"other", 10, 0).expect("enrol twice"));
    assert_eq!(s.totp("alice").expect("read").map(|t| t.secret), Some(b"sealed".to_vec()), "the first enrolment stands");
    assert!(!s.accept_totp_step("alice", 10).expect("same step"));
    assert!(s.accept_totp_step("alice", 11).expect("next step"));
    assert!(!s.accept_totp_step("alice", 11).expect("replay"));
    assert!(!s.accept_totp_step("alice", 9).expect("older"));
    assert!(!s.accept_totp_step("bob", 50).expect("not enrolled"));
    let wins = race(f, true, |s| s.accept_totp_step("alice", 12).expect("race"));
    assert_eq!(wins.iter().filter(|w| **w).count(), 1, "one code step, accepted once across connections");
}

fn an_authenticator_is_replaced_and_removed(f: &dyn Fixture) {
    let s = f.open();
    assert!(s.totp("alice").expect("read").is_none());
    s.replace_totp("alice", b"first", 5, 10).expect("replace none");
    s.replace_totp("alice", b"second", 7, 20).expect("replace");
    let t = s.totp("alice").expect("read").expect("enrolled");
    assert_eq!((t.secret.as_slice(), t.last_step, t.created), (&b"second"[..], 7, 20));
    assert!(s.remove_totp("alice").expect("remove"));
    assert!(!s.remove_totp("alice").expect("remove again"));
    assert!(s.totp("alice").expect("read").is_none());
}

fn sessions_round_trip_and_die(f: &dyn Fixture) {
    let s = f.open();
    s.put_session(&session(1, "alice")).expect("put");
    s.put_session(&session(2, "alice")).expect("put");
    s.put_session(&session(3, "bob")).expect("put");
    drop(s);
    let s = f.open();
    let one = s.session(&[1; 32]).expect("get").expect("stored");
    assert_eq!(
        (one.username.as_str(), one.scope.as_str(), one.password_tag, one.stage),
        ("alice", "app.example", [5; 32], Stage::Complete)
    );
    assert_eq!(s.count_sessions_of("alice", 500).expect("count"), 2);
    assert_eq!(s.count_sessions_of("alice", 1000).expect("count"), 0, "expired ones do not count");
    assert_eq!(s.count_live_sessions(350, 300).expect("count live"), 3);
    assert_eq!(s.count_live_sessions(450, 300).expect("count live"), 0, "idle ones are not live");
    assert_eq!(s.count_live_sessions(1000, 2000).expect("count live"), 0, "expired ones are not live");
    s.ping().expect("ping");
    s.touch_session(&[3; 32], 500).expect("touch");
    s.touch_session(&[3; 32], 400).expect("touch earlier");
    assert_eq!(s.session(&[3; 32]).expect("get").map(|r| r.last_seen), Some(500), "last_seen never goes back");
    assert_eq!(s.delete_sessions_of("alice").expect("delete"), 2);
    assert!(s.session(&[2; 32]).expect("get").is_none());
    assert_eq!(s.purge_sessions(450, 300).expect("purge"), 0);
    assert_eq!(s.purge_sessions(801, 300).expect("purge idle"), 1);
    s.put_session(&session(4, "carol")).expect("put");
    s.delete_session(&[4; 32]).expect("delete");
    assert!(s.session(&[4; 32]).expect("get").is_none());
}

fn a_session_keeps_its_pending_secret_and_factor(f: &dyn Fixture) {
    let s = f.open();
    let owing = SessionRecord { stage: Stage::Password, ..session(1, "alice") };
    s.put_session(&owing).expect("put");
    s.set_pending_secret(&[1; 32], Some(b"sealed")).expect("pending");
    let read = s.session(&[1; 32]).expect("get").expect("stored");
    assert_eq!((read.stage, read.pending_secret.as_deref()), (Stage::Password, Some(&b"sealed"[..])));
    let one_factor = SessionRecord { stage: Stage::OneFactor, ..session(2, "svc") };
    s.put_session(&one_factor).expect("put");
    assert_eq!(s.session(&[2; 32]).expect("get").expect("stored").stage, Stage::OneFactor);
    let in_grace = SessionRecord { stage: Stage::Unenrolled, grace_from: Some(50), ..session(3, "bob") };
    s.put_session(&in_grace).expect("put");
    let read = s.session(&[3; 32]).expect("get").expect("stored");
    assert_eq!((read.stage, read.grace_from, read.passkey), (Stage::Unenrolled, Some(50), None));
    let alone = PasskeyUse { kind: PasskeyKind::Synced, alone: true };
    let by_passkey = SessionRecord { passkey: Some(alone), ..session(4, "carol") };
    s.put_session(&by_passkey).expect("put");
    assert_eq!(s.session(&[4; 32]).expect("get").expect("stored").passkey, Some(alone));
    s.set_pending_secret(&[1; 32], None).expect("clear");
    let stepped = SessionRecord { factor: Some(("payments".into(), 150)), device: Some([9; 32]), ..session(1, "alice") };
    s.put_session(&stepped).expect("replace");
    let read = f.open().session(&[1; 32]).expect("get").expect("stored");
    assert_eq!((read.factor, read.device, read.pending_secret), (Some(("payments".into(), 150)), Some([9; 32]), None));
}

/// Failures counted on eight connections at once are all counted; a `None` change deletes.
fn failures_are_all_counted_when_raced(f: &dyn Fixture) {
    race(f, true, |s| {
        let bump = |a: Option<Attempts>| {
            let a = a.unwrap_or(Attempts { window_start: 100, ..Attempts::default() });
            Some(Attempts { failures: a.failures + 1, consecutive: a.consecutive + 1, ..a })
        };
        s.update_attempts("user:alice", &mut { bump }).expect("update")
    });
    let s = f.open();
    let a = s.attempts("user:alice").expect("read").expect("recorded");
    assert_eq!((a.failures, a.consecutive, a.window_start), (8, 8, 100));
    let locked = Attempts { failures: 0, window_start: 100, locked_until: 900, lockouts: 1, consecutive: 0 };
    s.update_attempts("ip:192.0.2.1", &mut |_| Some(locked)).expect("lock");
    assert_eq!(s.purge_attempts(200, 500).expect("purge"), 0, "locked, and alice's has consecutive failures");
    assert_eq!(s.purge_attempts(200, 900).expect("purge"), 1, "the lock is over");
    assert_eq!(s.update_attempts("user:alice", &mut |_| None).expect("clear"), None);
    assert_eq!(s.attempts("user:alice").expect("read"), None);
    for key in ["user:alice", "ip:192.0.2.1", "user:bob"] {
        s.update_attempts(key, &mut |_| Some(locked)).expect("lock");
    }
    assert_eq!(s.clear_attempts(&["user:alice", "ip:192.0.2.1", "user:nobody"]).expect("clear"), 2);
    assert_eq!((s.attempts("user:alice").expect("read"), s.attempts("user:bob").expect("read")), (None, Some(locked)), "only those named");
    assert_eq!(s.clear_attempts(&[]).expect("clear none"), 0);
}

fn the_outbox_keeps_mail_until_sent(f: &dyn Fixture) {
    let s = f.open();
    let mail = |to: &str| Mail { channel: Channel::Email, to: to.into(), subject: "Subject".into(), body: "Body".into() };
    s.enqueue_mail(&mail("a@example.com"), 100).expect("enqueue");
    s.enqueue_mail(&Mail { channel: Channel::Sms, ..mail("+4915100000000") }, 110).expect("enqueue");
    let claimed = f.open().claim_mail(105, 405, 10).expect("claim");
    assert_eq!(claimed.len(), 1, "only what is due");
    let (first, m, tries) = &claimed[0];
    assert_eq!((m, *tries), (&mail("a@example.com"), 0));
    assert!(s.claim_mail(200, 500, 10).expect("claim").iter().all(|(id, _, _)| id != first), "taken, until the lease ends");
    assert_eq!(s.claim_mail(405, 705, 10).expect("claim").len(), 1, "a lease that ran out (its sender died) is taken again");
    s.mail_failed(*first, 800, "connection refused").expect("failed");
    s.enqueue_mail(&mail("c@example.com"), 120).expect("enqueue");
    assert_eq!(s.claim_mail(799, 1100, 1).expect("claim").len(), 1, "at most the limit");
    let claimed = s.claim_mail(2000, 2300, 10).expect("claim");
    assert_eq!(
        claimed.iter().map(|(_, m, tries)| (m.to.as_str(), *tries)).collect::<Vec<_>>(),
        [("a@example.com", 1), ("+4915100000000", 0), ("c@example.com", 0)],
        "oldest first, with their failed tries"
    );
    s.mail_sent(*first).expect("sent");
    assert!(s.claim_mail(3000, 3300, 10).expect("claim").iter().all(|(id, _, _)| id != first), "sent mail is gone");
}

/// Eight replicas claiming at once take each message once between them.
fn mail_claimed_at_once_is_sent_once(f: &dyn Fixture) {
    let s = f.open();
    for i in 0..40 {
        s.enqueue_mail(&Mail { channel: Channel::Email, to: format!("{i}@example.com"), subject: "S".into(), body: "B".into() }, 100)
            .expect("enqueue");
    }
    let claimed: Vec<i64> =
        race(f, true, |s| s.claim_mail(200, 500, 10).expect("claim")).into_iter().flatten().map(|(id, _, _)| id).collect();
    let mut unique = claimed.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!((claimed.len(), unique.len()), (40, 40), "every message taken, none twice");
}

fn a_held_form_is_taken_once_by_its_user(f: &dyn Fixture) {
    let s = f.open();
    s.put_hold(&[1; 32], "alice", "app.example", b"sealed", 400, 10).expect("hold");
    assert_eq!(s.take_hold(&[1; 32], "bob", "app.example", 100).expect("take"), None, "not someone else's");
    assert_eq!(s.take_hold(&[1; 32], "alice", "other.example", 100).expect("take"), None, "not for another site");
    let taken: Vec<Option<(Vec<u8>, i64)>> = race(f, true, |s| s.take_hold(&[1; 32], "alice", "app.example", 100).expect("take"));
    assert_eq!(taken.into_iter().flatten().collect::<Vec<_>>(), [(b"sealed".to_vec(), 400)], "taken once, on another connection");
    s.put_hold(&[2; 32], "alice", "app.example", b"late", 400, 10).expect("hold");
    assert_eq!(s.take_hold(&[2; 32], "alice", "app.example", 400).expect("take"), None, "expired at its time");
    assert_eq!(s.purge_holds(400).expect("purge"), 1);
    for id in 10..15u8 {
        s.put_hold(&[id; 32], "alice", "app.example", b"x", 1000 + i64::from(id), 3).expect("hold");
    }
    let kept: Vec<u8> = (10..15u8).filter(|id| s.take_hold(&[*id; 32], "alice", "app.example", 100).expect("take").is_some()).collect();
    assert_eq!(kept, [12, 13, 14], "only the newest of a user's are kept");
}

fn new_backup_codes_are_shown_again_until_saved(f: &dyn Fixture) {
    let s = f.open();
    s.keep_shown_codes(&[1; 32], "alice", b"first", 400, 100).expect("keep");
    for _ in 0..2 {
        assert_eq!(s.shown_codes(&[1; 32], "alice", 399).expect("read").as_deref(), Some(&b"first"[..]), "read again, not taken");
    }
    assert_eq!(s.shown_codes(&[1; 32], "bob", 100).expect("read"), None, "not someone else's");
    assert_eq!(s.shown_codes(&[1; 32], "alice", 400).expect("read"), None, "expired at its time");
    s.keep_shown_codes(&[2; 32], "alice", b"second", 500, 100).expect("keep");
    assert_eq!(s.shown_codes(&[1; 32], "alice", 100).expect("read"), None, "a new set replaces the one before");
    s.keep_shown_codes(&[3; 32], "bob", b"bob's", 500, 100).expect("keep");
    s.forget_shown_codes("alice").expect("forget");
    assert_eq!(s.shown_codes(&[2; 32], "alice", 100).expect("read"), None, "saved");
    assert_eq!(s.shown_codes(&[3; 32], "bob", 100).expect("read").as_deref(), Some(&b"bob's"[..]), "others' stay");
    assert_eq!(s.purge_shown_codes(499).expect("purge"), 0);
    assert_eq!(s.purge_shown_codes(500).expect("purge"), 1, "gone at their time");
}

fn the_audit_trail_is_read_by_time_and_user_and_purged(f: &dyn Fixture) {
    let s = f.open();
    let record = |at: i64, user: Option<&str>| AuditRecord { at, username: user.map(str::to_owned), line: format!("{{\"at\":{at}}}") };
    for (at, user) in [(100, Some("alice")), (200, Some("bob")), (300, None), (400, Some("alice"))] {
        s.append_audit(&record(at, user)).expect("append");
    }
    let ats = |found: Vec<AuditRecord>| found.iter().map(|r| r.at).collect::<Vec<_>>();
    assert_eq!(ats(s.audit(0, None, 100).expect("all")), [100, 200, 300, 400], "oldest first");
    assert_eq!(ats(s.audit(150, None, 100).expect("since")), [200, 300, 400]);
    assert_eq!(ats(s.audit(0, Some("alice"), 100).expect("alice")), [100, 400]);
    assert_eq!(ats(s.audit(0, None, 2).expect("newest two")), [300, 400], "a limit keeps the newest");
    assert_eq!(s.audit(0, Some("bob"), 1).expect("bob"), vec![record(200, Some("bob"))]);
    assert_eq!(s.purge_audit(300).expect("purge"), 2);
    assert_eq!(ats(s.audit(0, None, 100).expect("left")), [300, 400]);
}
