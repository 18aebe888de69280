//! The admin's view of users, for `portcullis user …`: it reads the users file and works on
//! the same store as the running gate (SQLite in WAL mode, safe while the gate runs). A running
//! gate keeps verified sessions in memory for up to 30 seconds after they are revoked here.

use std::fmt::Write;

use crate::auth::throttle::{self, Regulation, Throttle};
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
pub fn show(user: &User, store: &dyn Store, reg: &Regulation, now: i64) -> Result<String, StoreError> {
    let s = status(user, store, reg, now)?;
    let mut out = String::new();
    let _ = writeln!(out, "user:          {}", user.username);
    let _ = writeln!(out, "name:          {}", user.display_name);
    let _ = writeln!(out, "email:         {}", user.email.as_deref().unwrap_or("-"));
    let _ = writeln!(out, "groups:        {}", if user.groups.is_empty() { "-".to_string() } else { user.groups.join(", ") });
    let _ = writeln!(out, "authenticator: {}", s.authenticator);
    let _ = writeln!(out, "sessions:      {}", s.sessions);
    let _ = writeln!(out, "lock:          {}", s.lock);
    Ok(out)
}

/// Forgets the user's authenticator (they enrol again at next login), ends their sessions and
/// clears their failed attempts. Returns what was done, for the admin.
pub fn reset_two_factor(username: &str, store: &dyn Store) -> Result<String, StoreError> {
    let had = store.remove_totp(username)?;
    let sessions = store.delete_sessions_of(username)?;
    Throttle::unlock(store, username)?;
    Ok(format!(
        "{username}: {}; {sessions} session(s) ended; failed attempts cleared. They enrol again at their next sign-in.",
        if had { "authenticator removed" } else { "had no authenticator" }
    ))
}

struct Status {
    authenticator: String,
    sessions: u64,
    lock: String,
}

fn status(user: &User, store: &dyn Store, reg: &Regulation, now: i64) -> Result<Status, StoreError> {
    let authenticator = match store.totp(&user.username)? {
        Some(t) => format!("since {}", date(t.created)),
        None => "not enrolled".to_string(),
    };
    let lock = match store.attempts(&throttle::user_key(&user.username))?.and_then(|a| throttle::lock_of(&a, now, reg)) {
        Some(throttle::Lock::Disabled) => "locked until unlocked".to_string(),
        Some(throttle::Lock::Until(t)) => format!("locked for {} s", t - now),
        None => "-".to_string(),
    };
    Ok(Status { authenticator, sessions: store.count_sessions_of(&user.username, now)?, lock })
}

/// A Unix time as YYYY-MM-DD (UTC), by the civil-from-days algorithm.
fn date(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_795_305_600), "2026-11-22");
    }
}
