//! `portcullis store copy`: a single box's SQLite store into the shared PostgreSQL one, so
//! that users keep their authenticators, backup codes, trusted devices, choices, separate
//! factors, passkeys, lockouts, graces and sessions. What the target already holds is never overwritten; codes
//! sent, mail waiting, held forms and new backup codes awaiting a reload live minutes and are not copied.

use std::path::Path;

use super::{
    Attempts, DeviceRecord, MethodChoices, PasskeyRecord, PgSettings, PgStore, SessionRecord, SqliteStore, Store, StoreError, TotpRecord,
};

/// Everything of a store that outlives a few minutes.
#[derive(Debug, Default)]
pub struct Export {
    pub totp: Vec<(String, TotpRecord)>,
    /// Each user's unused backup codes.
    pub backup_codes: Vec<(String, Vec<[u8; 32]>)>,
    pub devices: Vec<DeviceRecord>,
    pub choices: Vec<(String, MethodChoices)>,
    pub attempts: Vec<(String, Attempts)>,
    pub sessions: Vec<SessionRecord>,
    /// When each user's grace before enrolment began.
    pub graces: Vec<(String, i64)>,
    pub passkeys: Vec<PasskeyRecord>,
}

/// What a copy did: of each kind, how many were copied and how many the target had already.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Copied {
    pub authenticators: (u64, u64),
    pub backup_codes: (u64, u64),
    pub devices: u64,
    pub choices: (u64, u64),
    pub lockouts: (u64, u64),
    pub sessions: u64,
    pub graces: (u64, u64),
    pub passkeys: (u64, u64),
}

impl std::fmt::Display for Copied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pair = |(copied, kept): (u64, u64)| match kept {
            0 => format!("{copied} copied"),
            kept => format!("{copied} copied, {kept} already there (left as they were)"),
        };
        writeln!(f, "authenticators: {}", pair(self.authenticators))?;
        writeln!(f, "users' backup codes: {}", pair(self.backup_codes))?;
        writeln!(f, "trusted devices: {} copied", self.devices)?;
        writeln!(f, "users' sign-in choices: {}", pair(self.choices))?;
        writeln!(f, "failure records and lockouts: {}", pair(self.lockouts))?;
        writeln!(f, "graces before enrolment: {}", pair(self.graces))?;
        writeln!(f, "passkeys: {}", pair(self.passkeys))?;
        write!(f, "sessions: {} copied", self.sessions)
    }
}

/// Writes `export` into `to`, leaving whatever `to` already has for a user as it is.
pub fn copy(export: &Export, to: &dyn Store) -> Result<Copied, StoreError> {
    let mut done = Copied::default();
    let count = |(copied, kept): &mut (u64, u64), was_copied: bool| if was_copied { *copied += 1 } else { *kept += 1 };
    for (user, t) in &export.totp {
        let enrolled = to.enrol_totp(user, &t.secret, t.last_step, t.created)?;
        count(&mut done.authenticators, enrolled);
    }
    for (user, hashes) in &export.backup_codes {
        let free = to.backup_codes_left(user)? == 0;
        if free {
            to.replace_backup_codes(user, hashes, crate::clock::now())?;
        }
        count(&mut done.backup_codes, free);
    }
    for device in &export.devices {
        to.put_device(device)?;
        done.devices += 1;
    }
    for (user, choices) in &export.choices {
        let free = to.method_choices(user)? == MethodChoices::default();
        if free {
            to.set_method_choices(user, choices)?;
        }
        count(&mut done.choices, free);
    }
    for (key, attempts) in &export.attempts {
        let mut free = false;
        to.update_attempts(key, &mut |there| {
            free = there.is_none();
            there.or(Some(*attempts))
        })?;
        count(&mut done.lockouts, free);
    }
    for session in &export.sessions {
        to.put_session(session)?;
        done.sessions += 1;
    }
    for (user, began) in &export.graces {
        let was = to.begin_grace(user, *began)?;
        count(&mut done.graces, was == *began);
    }
    for passkey in &export.passkeys {
        count(&mut done.passkeys, to.add_passkey(passkey)?);
    }
    Ok(done)
}

/// Copies the SQLite store at `from` into the PostgreSQL database `to` (migrated first).
pub fn sqlite_into_postgres(from: &Path, to: &PgSettings) -> Result<Copied, StoreError> {
    if !from.is_file() {
        return Err(StoreError::Backend(format!("{}: no such SQLite store", from.display())));
    }
    let export = SqliteStore::open(from)?.export()?;
    copy(&export, &PgStore::open(to)?.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_brings_everything_and_overwrites_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (from, to) = (SqliteStore::open(&dir.path().join("a.db")).expect("a"), SqliteStore::open(&dir.path().join("b.db")).expect("b"));
        from.enrol_totp("alice", b"alice's", 7, 100).expect("enrol");
        from.enrol_totp("bob", b"bob's", 7, 100).expect("enrol");
        from.replace_backup_codes("alice", &[[1; 32], [2; 32]], 100).expect("codes");
        from.use_backup_code("alice", &[1; 32], 110).expect("use");
        from.set_method_choices("alice", &MethodChoices { email_off: true, ..MethodChoices::default() }).expect("choices");
        from.update_attempts("user:bob", &mut |_| Some(Attempts { failures: 5, locked_until: 900, ..Attempts::default() })).expect("lock");
        to.enrol_totp("bob", b"bob's new one", 9, 200).expect("enrol");
        from.begin_grace("carol", 300).expect("grace");
        from.begin_grace("dave", 300).expect("grace");
        to.begin_grace("dave", 400).expect("grace");

        let copied = copy(&from.export().expect("export"), &to).expect("copy");
        assert_eq!((copied.authenticators, copied.backup_codes, copied.choices, copied.lockouts), ((1, 1), (1, 0), (1, 0), (1, 0)));
        assert_eq!(to.totp("bob").expect("read").map(|t| t.secret), Some(b"bob's new one".to_vec()), "the target's stays");
        let alice = to.totp("alice").expect("read").expect("copied");
        assert_eq!((alice.secret.as_slice(), alice.last_step, alice.created), (&b"alice's"[..], 7, 100), "a used step stays used");
        assert_eq!(to.use_backup_code("alice", &[1; 32], 120).expect("use"), None, "a used code is not brought back");
        assert_eq!(to.use_backup_code("alice", &[2; 32], 120).expect("use"), Some(0));
        assert!(to.method_choices("alice").expect("read").email_off);
        assert_eq!(to.attempts("user:bob").expect("read").map(|a| a.locked_until), Some(900));
        assert_eq!(copied.graces, (1, 1));
        assert_eq!((to.begin_grace("carol", 999).expect("read"), to.begin_grace("dave", 999).expect("read")), (300, 400));
    }
}
