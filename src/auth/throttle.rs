//! Limits on guessing (RFC 4226 §7.3, NIST 800-63B §5.2.2): failed passwords and codes are
//! counted per user and per client address, across sessions and paths, in the store, so a
//! restart forgets nothing. Too many failures in a window lock the key for a ban that doubles
//! with each lockout; a user's consecutive failures past a hard cap lock code entry until an
//! admin unlocks it.

use std::net::IpAddr;
use std::time::Duration;

use crate::metrics;
use crate::store::{self, Attempts, SharedStore, StoreError};

#[derive(Debug, Clone, Copy)]
pub struct Regulation {
    pub max_failures: u32,
    pub window: Duration,
    pub ban_time: Duration,
    pub max_ban_time: Duration,
    /// NIST 800-63B allows at most 100 consecutive failures per account.
    pub max_consecutive: u32,
}

impl Default for Regulation {
    fn default() -> Self {
        Regulation {
            max_failures: 5,
            window: Duration::from_secs(300),
            ban_time: Duration::from_secs(300),
            max_ban_time: Duration::from_secs(3600),
            max_consecutive: 100,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// Locked until this time (seconds since the epoch).
    Until(i64),
    /// Locked until an admin unlocks it.
    Disabled,
}

impl Lock {
    /// For the audit trail.
    pub fn describe(self) -> String {
        match self {
            Lock::Until(t) => format!("locked until {}", crate::clock::time_of_day(t)),
            Lock::Disabled => "locked until an admin unlocks it".into(),
        }
    }
}

/// What one more failure left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// The lock it caused, if any.
    pub lock: Option<Lock>,
    /// How many more failures lock sign-in.
    pub left: u32,
    /// The lock they would cause is the lasting one, which only an admin lifts.
    pub lasting: bool,
}

/// The keys one attempt counts against: the user (as typed, so that unknown names behave
/// like known ones) and the client address (IPv6 by /64, which one subscriber usually has).
#[derive(Debug, Clone)]
pub struct Subjects {
    pub user: String,
    pub ip: String,
    /// Only a real user's consecutive failures are kept for the hard cap.
    pub known_user: bool,
}

impl Subjects {
    pub fn new(username: &str, ip: IpAddr, known_user: bool) -> Subjects {
        let ip = match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        };
        Subjects { user: user_key(username), ip: format!("ip:{ip}"), known_user }
    }

    /// Subjects for the codes of a separate factor (`owner` as [`crate::policy::Factor::owner`]
    /// names it): counted apart from the login's, so that a locked factor locks neither the
    /// user's sign-in nor sign-ins from that address.
    pub fn for_factor(owner: &str, factor: &str, ip: IpAddr) -> Subjects {
        let login = Subjects::new(owner, ip, true);
        Subjects { ip: format!("{factor}:{}", login.ip), ..login }
    }
}

pub fn user_key(username: &str) -> String {
    format!("user:{}", username.to_lowercase())
}

/// The lock an attempt record holds at `now`, if any.
pub fn lock_of(a: &Attempts, now: i64, reg: &Regulation) -> Option<Lock> {
    if a.consecutive >= reg.max_consecutive {
        Some(Lock::Disabled)
    } else if a.locked_until > now {
        Some(Lock::Until(a.locked_until))
    } else {
        None
    }
}

/// The record after one more failure at `now`.
pub fn after_failure(prev: Option<Attempts>, now: i64, reg: &Regulation, count_consecutive: bool) -> Attempts {
    let mut a = prev.unwrap_or(Attempts { window_start: now, ..Attempts::default() });
    if now - a.window_start >= reg.window.as_secs() as i64 {
        a.failures = 0;
        a.window_start = now;
    }
    a.failures += 1;
    if count_consecutive {
        a.consecutive += 1;
    }
    if a.failures >= reg.max_failures {
        let doubling = 1u64 << a.lockouts.min(16);
        let ban = (reg.ban_time.as_secs() * doubling).min(reg.max_ban_time.as_secs());
        a.locked_until = now + ban as i64;
        a.lockouts += 1;
        a.failures = 0;
        a.window_start = now;
    }
    a
}

pub struct Throttle {
    store: SharedStore,
    reg: Regulation,
}

impl Throttle {
    pub fn new(store: SharedStore, reg: Regulation) -> Throttle {
        Throttle { store, reg }
    }

    /// The strongest lock on either key (the attempt is then throttled).
    pub async fn lock(&self, keys: &Subjects, now: i64) -> Result<Option<Lock>, StoreError> {
        let (user, ip, reg) = (keys.user.clone(), keys.ip.clone(), self.reg);
        let lock = store::call(&self.store, move |s| {
            let locks = [s.attempts(&user)?, s.attempts(&ip)?];
            Ok(strongest(locks.iter().flatten().filter_map(|a| lock_of(a, now, &reg))))
        })
        .await?;
        if lock.is_some() {
            metrics::throttled();
        }
        Ok(lock)
    }

    /// Counts a failure against both keys: the lock it caused, if any, and how many more
    /// failures the keys take before one locks.
    pub async fn failed(&self, keys: &Subjects, now: i64) -> Result<Failure, StoreError> {
        let (keys, reg) = (keys.clone(), self.reg);
        let failure = store::call(&self.store, move |s| {
            let user = s.update_attempts(&keys.user, &mut |prev| Some(after_failure(prev, now, &reg, keys.known_user)))?;
            let ip = s.update_attempts(&keys.ip, &mut |prev| Some(after_failure(prev, now, &reg, false)))?;
            let records = [user, ip];
            let lock = strongest(records.iter().flatten().filter_map(|a| lock_of(a, now, &reg)));
            let left = records.iter().flatten().map(|a| reg.max_failures.saturating_sub(a.failures)).min().unwrap_or(reg.max_failures);
            // A known user's failures in a row end in the lock only an admin lifts.
            let in_a_row = user.filter(|_| keys.known_user).map(|a| reg.max_consecutive.saturating_sub(a.consecutive));
            Ok(match in_a_row {
                Some(before_lasting) if before_lasting < left => Failure { lock, left: before_lasting, lasting: true },
                _ => Failure { lock, left, lasting: false },
            })
        })
        .await?;
        if failure.lock.is_some() {
            metrics::lockout();
        }
        Ok(failure)
    }

    /// A complete sign-in clears the user's record and the address's.
    pub async fn succeeded(&self, keys: &Subjects) -> Result<(), StoreError> {
        let keys = keys.clone();
        store::call(&self.store, move |s| s.clear_attempts(&[&keys.user, &keys.ip]).map(drop)).await
    }

    /// Forgets a user's failures and locks (the admin's `user unlock`).
    /// Clears the failures of `username` and of each of their separate factors (`owners`).
    pub fn unlock(store: &dyn store::Store, username: &str, owners: &[String]) -> Result<bool, StoreError> {
        let keys: Vec<String> = std::iter::once(user_key(username)).chain(owners.iter().map(|o| user_key(o))).collect();
        Ok(store.clear_attempts(&keys.iter().map(String::as_str).collect::<Vec<_>>())? > 0)
    }

    pub async fn purge(&self, now: i64) -> Result<u64, StoreError> {
        let before = now - self.reg.window.as_secs() as i64;
        store::call(&self.store, move |s| s.purge_attempts(before, now)).await
    }
}

fn strongest(locks: impl Iterator<Item = Lock>) -> Option<Lock> {
    locks.max_by_key(|l| match l {
        Lock::Disabled => i64::MAX,
        Lock::Until(t) => *t,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REG: Regulation = Regulation {
        max_failures: 3,
        window: Duration::from_secs(60),
        ban_time: Duration::from_secs(100),
        max_ban_time: Duration::from_secs(250),
        max_consecutive: 20,
    };

    fn fail_n(mut a: Option<Attempts>, n: u32, now: i64) -> Attempts {
        for _ in 0..n {
            a = Some(after_failure(a, now, &REG, true));
        }
        a.expect("record")
    }

    #[test]
    fn locks_after_max_failures_with_doubling_bans() {
        let a = fail_n(None, 2, 0);
        assert_eq!(lock_of(&a, 0, &REG), None);
        let a = fail_n(Some(a), 1, 0);
        assert_eq!(lock_of(&a, 0, &REG), Some(Lock::Until(100)));
        let a = fail_n(Some(a), 3, 100);
        assert_eq!(lock_of(&a, 100, &REG), Some(Lock::Until(300)), "second ban doubles");
        let a = fail_n(Some(a), 3, 300);
        assert_eq!(lock_of(&a, 300, &REG), Some(Lock::Until(550)), "capped at max_ban_time");
    }

    #[test]
    fn failures_outside_the_window_start_over() {
        let a = fail_n(None, 2, 0);
        let a = fail_n(Some(a), 2, 61);
        assert_eq!(lock_of(&a, 61, &REG), None);
        assert_eq!(a.consecutive, 4, "consecutive failures are never forgotten by time");
    }

    #[test]
    fn the_hard_cap_disables_until_unlocked() {
        let reg = Regulation { max_consecutive: 7, ..REG };
        let mut a = None;
        for i in 0..6 {
            a = Some(after_failure(a, i * 1000, &reg, true));
            assert_ne!(lock_of(&a.expect("record"), i * 1000 + 500, &reg), Some(Lock::Disabled), "after {} failures", i + 1);
        }
        let a = after_failure(a, 6000, &reg, true);
        assert_eq!(lock_of(&a, 1_000_000, &reg), Some(Lock::Disabled), "the seventh failure, long after any ban");
        let ip = after_failure(None, 0, &reg, false);
        assert_eq!(ip.consecutive, 0, "an address has no hard cap");
    }

    #[test]
    fn ipv6_clients_count_by_64() {
        let a = Subjects::new("Alice", "2001:db8:1:2:aaaa::1".parse().expect("ip"), true);
        let b = Subjects::new("alice", "2001:db8:1:2:bbbb::2".parse().expect("ip"), true);
        assert_eq!(a.ip, b.ip);
        assert_eq!(a.user, b.user, "user names count case-insensitively");
    }
}
