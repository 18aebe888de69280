//! Password checks with argon2id on a bounded pool: at most `workers` hashes run at once and
//! at most `queue` more wait; beyond that a login is refused at once. The pool's threads are
//! its own (each reuses its 19 MiB of argon2 memory instead of every blocking thread keeping
//! one) and run at a lower priority, so a flood of logins cannot take the CPU from proxying.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordVerifier, Version};
use tokio::sync::Semaphore;
use zeroize::Zeroizing;

use crate::metrics;

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
pub enum Outcome {
    Valid,
    Invalid,
    /// Too many checks in flight; ask the person to try again shortly.
    Busy,
}

type Job = Box<dyn FnOnce() + Send>;

/// A place in the password pool, held until the check is done.
pub struct Admission {
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl Drop for Admission {
    fn drop(&mut self) {
        metrics::password_checks(false);
    }
}

pub struct PasswordChecker {
    admission: Arc<Semaphore>,
    jobs: Mutex<mpsc::Sender<Job>>,
    /// Checked against when the user does not exist, so that an unknown user costs the same
    /// time as a wrong password.
    decoy: String,
}

impl PasswordChecker {
    pub fn new(workers: usize, queue: usize) -> PasswordChecker {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let inbox = Arc::new(Mutex::new(inbox));
        for i in 0..workers.max(1) {
            let inbox = Arc::clone(&inbox);
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                lower_priority();
                // The lock is held only to take the next job, not while hashing.
                while let Ok(job) = inbox.lock().map_err(drop).and_then(|rx| rx.recv().map_err(drop)) {
                    job();
                }
            });
            if let Err(e) = spawned {
                tracing::error!("cannot start a password hashing thread: {e}");
            }
        }
        PasswordChecker {
            admission: Arc::new(Semaphore::new(workers.max(1) + queue)),
            jobs: Mutex::new(jobs),
            decoy: hash("decoy password, never valid").unwrap_or_default(),
        }
    }

    /// A place in the pool, or `None` when it is full. Taken before anything else about a
    /// login is looked at, so that attempts beyond capacity cost next to nothing.
    pub fn admit(&self) -> Option<Admission> {
        let place = Arc::clone(&self.admission).try_acquire_owned().ok().map(|_permit| Admission { _permit });
        match place {
            Some(_) => metrics::password_checks(true),
            None => metrics::password_checks_refused(),
        }
        place
    }

    /// Checks `password` against `phc`, or against the decoy when `phc` is `None`.
    pub async fn verify(&self, _place: Admission, phc: Option<&str>, password: Zeroizing<String>) -> Outcome {
        let known = phc.is_some();
        let phc = phc.unwrap_or(&self.decoy).to_string();
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let matched = PasswordHash::new(&phc).is_ok_and(|h| hasher().verify_password(password.as_bytes(), &h).is_ok());
            let _ = reply.send(matched);
        });
        let sent = self.jobs.lock().map_err(drop).and_then(|jobs| jobs.send(job).map_err(drop));
        if sent.is_err() {
            return Outcome::Busy;
        }
        // No answer (a worker died) counts as a wrong password: fail closed.
        let matched = answer.await.unwrap_or(false);
        if matched && known {
            Outcome::Valid
        } else {
            Outcome::Invalid
        }
    }
}

/// Nice 10 for the calling thread (Linux sets priority per thread): hashing gets the CPU
/// the proxy leaves, not the other way round. One of the crate's two `unsafe` blocks (libc has
/// no safe wrapper for it; the other is in the gate's `connected_to_upstream`).
#[allow(unsafe_code)]
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; 0 names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
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
        let place = || checker.admit().expect("a place");
        assert_eq!(checker.verify(place(), Some(&phc), pw("correct horse")).await, Outcome::Valid);
        assert_eq!(checker.verify(place(), Some(&phc), pw("wrong")).await, Outcome::Invalid);
        assert_eq!(checker.verify(place(), None, pw("decoy password, never valid")).await, Outcome::Invalid);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn hashing_threads_run_at_a_lower_priority() {
        let _checker = PasswordChecker::new(1, 0);
        let niced = (0..100).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(10));
            std::fs::read_dir("/proc/self/task").expect("tasks").flatten().any(|task| {
                let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
                // Fields after the ")" that closes the name: state is 3rd, nice the 19th.
                let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, f)| f).split_whitespace().collect();
                stat.contains("(argon2-") && fields.get(16) == Some(&"10")
            })
        });
        assert!(niced, "no argon2 thread at nice 10");
    }

    #[tokio::test]
    async fn a_full_pool_refuses_instead_of_queueing() {
        let checker = Arc::new(PasswordChecker::new(1, 0));
        let phc = hash("x").expect("hash");
        let held = checker.admit().expect("the one place");
        assert!(checker.admit().is_none(), "a full pool admits nobody");
        drop(held);
        let place = checker.admit().expect("a place again");
        assert_eq!(checker.verify(place, Some(&phc), Zeroizing::new("x".into())).await, Outcome::Valid);
    }
}
