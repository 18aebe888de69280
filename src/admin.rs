//! The admin's view of users, for `portcullis user …`: it reads the users file and works on
//! the same store as the running gate (SQLite in WAL mode, safe while the gate runs). A running
//! gate keeps verified sessions in memory for up to 30 seconds after they are revoked here.

use std::fmt::Write;

use crate::auth::methods::Methods;
use crate::auth::throttle::{self, Regulation, Throttle};
use crate::clock::date;
use crate::notify;
use crate::policy::Factor;
use crate::store::{Store, StoreError};
use crate::users::{User, Users};

/// One line per user: enrolled or not, sessions, lock.
pub fn list(users: &Users, store: &dyn Store, reg: &Regulation, now: i64) -> Result<String, StoreError> {
    let mut out = format!("{:<24} {:<13} {:>8}  {}\n", "USER", "AUTHENTICATOR", "SESSIONS", "LOCK");
    for user in users.sorted() {
        let s = status(user, store, reg, now)?;
        let _ = writeln!(out, "{:<24} {:<13} {:>8}  {}", user.username, s.authenticator, s.sessions, s.lock);
    }
    Ok(out)
}

/// Everything about one user.
pub fn show(user: &User, factors: &[Factor], store: &dyn Store, reg: &Regulation, now: i64) -> Result<String, StoreError> {
    let s = status(user, store, reg, now)?;
    let mut out = String::new();
    let _ = writeln!(out, "user:          {}", user.username);
    let _ = writeln!(out, "name:          {}", user.display_name);
    let _ = writeln!(out, "email:         {}", user.email.as_deref().unwrap_or("-"));
    let _ = writeln!(out, "groups:        {}", if user.groups.is_empty() { "-".to_string() } else { user.groups.join(", ") });
    let _ = writeln!(out, "authenticator: {}", s.authenticator);
    let methods = Methods::read(store, user, factors)?;
    let _ = writeln!(out, "email codes:   {}", methods.email.as_deref().unwrap_or("-"));
    let _ = writeln!(out, "text codes:    {}", methods.phone.as_deref().unwrap_or("-"));
    let _ = writeln!(out, "passkeys:      {}", methods.passkeys.len());
    for p in &methods.passkeys {
        // Escaped: the name is the user's.
        let used = p.last_used.map_or_else(|| "never".into(), date);
        let _ = writeln!(out, "  {} ({}) added {}, last used {used}", p.name.escape_debug(), p.rp_id, date(p.created));
    }
    for (name, set_up) in &methods.factors {
        let _ = writeln!(out, "factor {name}: {}", if *set_up { "set up" } else { "not set up" });
    }
    let _ = writeln!(out, "sessions:      {}", s.sessions);
    let _ = writeln!(out, "lock:          {}", s.lock);
    let _ = writeln!(out, "backup codes:  {} unused", methods.backup_left);
    let devices = store.devices_of(&user.username)?;
    let _ = writeln!(out, "devices:       {}", devices.len());
    for d in devices {
        let place = d.place.map(|p| format!(", {p}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} ({}{place}) trusted {}, last used {}, until {}",
            if d.label.is_empty() { "unknown browser" } else { &d.label },
            d.host,
            date(d.created),
            date(d.last_used),
            date(d.expires)
        );
    }
    Ok(out)
}

/// Forgets the user's authenticator, passkeys, separate factors and their own choices of methods
/// (they enrol again at next login, with the users file's email and phone), revokes their
/// trusted devices, ends their sessions and clears their failed attempts. Returns what was done.
pub fn reset_two_factor(user: &User, factors: &[Factor], store: &dyn Store, now: i64) -> Result<String, StoreError> {
    let username = user.username.as_str();
    let had = store.remove_totp(username)?;
    let passkeys = store.remove_passkeys(username, None)?;
    store.remove_backup_codes(username)?;
    let owners = owners(username, factors);
    for owner in &owners {
        store.remove_totp(owner)?;
        store.remove_backup_codes(owner)?;
    }
    store.forget_method_choices(username)?;
    let devices = store.revoke_devices(username, None)?.devices;
    let sessions = store.delete_sessions_of(username)?;
    Throttle::unlock(store, username, &owners)?;
    let lang = user.language.unwrap_or_default();
    let every_site = lang.t("notice-every-site");
    let ctx = notify::Context { site: &every_site, when: now, browser: None, place: None, lang };
    let told = notify::post_now(store, notify::Event::AdminReset, user, &ctx)?;
    Ok(format!(
        "{username}: {}; {passkeys} passkey(s) removed; {devices} trusted device(s) revoked; {sessions} session(s) ended; \
         failed attempts cleared. They enrol again at their next sign-in.{}",
        if had { "authenticator and backup codes removed" } else { "had no authenticator" },
        if told { " An email tells them." } else { "" }
    ))
}

/// Clears the failed attempts of a user and of their separate factors; whether there were any.
pub fn unlock(username: &str, factors: &[Factor], store: &dyn Store) -> Result<bool, StoreError> {
    Throttle::unlock(store, username, &owners(username, factors))
}

fn owners(username: &str, factors: &[Factor]) -> Vec<String> {
    factors.iter().map(|f| f.owner(username)).collect()
}

/// The audit trail since `from` (of `user` only, if given): the JSON lines as kept, or a
/// table for people.
pub fn audit_trail(store: &dyn Store, from: i64, user: Option<&str>, json: bool, limit: u32) -> Result<String, StoreError> {
    let records = store.audit(from, user, limit)?;
    if json {
        return Ok(records.iter().map(|r| format!("{}\n", r.line)).collect());
    }
    let mut out =
        format!("{:<20}  {:<20}  {:<16}  {:<20}  {:<15}  {:<14}  {}\n", "TIME", "EVENT", "USER", "SITE", "ADDRESS", "FACTOR", "DETAIL");
    for r in &records {
        let v: serde_json::Value = serde_json::from_str(&r.line).unwrap_or_default();
        // Escaped: a name as typed may hold what a terminal would act on.
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map_or_else(|| "-".into(), |s| s.escape_debug().to_string());
        let _ = writeln!(
            out,
            "{:<20}  {:<20}  {:<16}  {:<20}  {:<15}  {:<14}  {}",
            field("time"),
            field("event"),
            field("user"),
            field("site"),
            field("ip"),
            field("factor"),
            field("detail")
        );
    }
    Ok(out)
}

/// Revokes all the user's trusted devices and ends the sessions they started.
pub fn revoke_devices(username: &str, store: &dyn Store) -> Result<String, StoreError> {
    let r = store.revoke_devices(username, None)?;
    Ok(format!("{username}: {} trusted device(s) revoked; {} session(s) they started ended.", r.devices, r.sessions.len()))
}

struct Status {
    authenticator: String,
    sessions: u64,
    lock: String,
}

fn status(user: &User, store: &dyn Store, reg: &Regulation, now: i64) -> Result<Status, StoreError> {
    let passkeys = store.passkeys_of(&user.username)?.len();
    let authenticator = match (store.totp(&user.username)?, passkeys) {
        (Some(t), _) => format!("since {}", date(t.created)),
        (None, 0) => "not enrolled".to_string(),
        (None, n) => format!("{n} passkey{}", if n == 1 { "" } else { "s" }),
    };
    let authenticator = if user.exempt { format!("exempt ({authenticator})") } else { authenticator };
    let lock = match store.attempts(&throttle::user_key(&user.username))?.and_then(|a| throttle::lock_of(&a, now, reg)) {
        Some(throttle::Lock::Disabled) => "locked until unlocked".to_string(),
        Some(throttle::Lock::Until(t)) => format!("locked for {} s", t - now),
        None => "-".to_string(),
    };
    Ok(Status { authenticator, sessions: store.count_sessions_of(&user.username, now)?, lock })
}
