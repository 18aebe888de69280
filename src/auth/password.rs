//! Password checks with argon2id on a bounded pool: at most `workers` hashes run at once and
//! at most `queue` more wait; beyond that a login is refused at once, so a flood of logins
//! cannot take the CPU away from proxying.

use std::sync::Arc;

use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordVerifier, Version};
use tokio::sync::Semaphore;
use zeroize::Zeroizing;

/// OWASP's recommendation for argon2id: 19 MiB, two passes, one lane.
pub fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string for `password` with a fresh salt.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher().hash_password(password.as_bytes(), &salt)?.to_string())
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Invalid,
    /// Too many checks in flight; ask the person to try again shortly.
    Busy,
}

pub struct PasswordChecker {
    admission: Arc<Semaphore>,
    workers: Arc<Semaphore>,
    /// Checked against when the user does not exist, so that an unknown user costs the same
    /// time as a wrong password.
    decoy: String,
}

impl PasswordChecker {
    pub fn new(workers: usize, queue: usize) -> PasswordChecker {
        PasswordChecker {
            admission: Arc::new(Semaphore::new(workers + queue)),
            workers: Arc::new(Semaphore::new(workers)),
            decoy: hash("decoy password, never valid").unwrap_or_default(),
        }
    }

    /// Checks `password` against `phc`, or against the decoy when `phc` is `None`.
    pub async fn verify(&self, phc: Option<&str>, password: Zeroizing<String>) -> Verdict {
        let Ok(_admitted) = Arc::clone(&self.admission).try_acquire_owned() else {
            return Verdict::Busy;
        };
        let Ok(_worker) = Arc::clone(&self.workers).acquire_owned().await else {
            return Verdict::Busy;
        };
        let known = phc.is_some();
        let phc = phc.unwrap_or(&self.decoy).to_string();
        let matched = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&phc).is_ok_and(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
        })
        .await
        .unwrap_or(false);
        if matched && known {
            Verdict::Valid
        } else {
            Verdict::Invalid
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn right_wrong_and_unknown() {
        let checker = PasswordChecker::new(1, 1);
        let phc = hash("correct horse").expect("hash");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        let pw = |s: &str| Zeroizing::new(s.to_string());
        assert_eq!(checker.verify(Some(&phc), pw("correct horse")).await, Verdict::Valid);
        assert_eq!(checker.verify(Some(&phc), pw("wrong")).await, Verdict::Invalid);
        assert_eq!(checker.verify(None, pw("decoy password, never valid")).await, Verdict::Invalid);
    }

    #[tokio::test]
    async fn a_full_pool_refuses_instead_of_queueing() {
        let checker = Arc::new(PasswordChecker::new(1, 0));
        let phc = hash("x").expect("hash");
        let held = Arc::clone(&checker.admission).try_acquire_owned().expect("permit");
        assert_eq!(checker.verify(Some(&phc), Zeroizing::new("x".into())).await, Verdict::Busy);
        drop(held);
        assert_eq!(checker.verify(Some(&phc), Zeroizing::new("x".into())).await, Verdict::Valid);
    }
}
