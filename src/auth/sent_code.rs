//! Codes sent to the user (by email) when their authenticator is not at hand: six random
//! digits, valid 15 minutes, once; a new code replaces the last, and sending is rate-limited.
//! Only a keyed hash is stored, like backup codes; it binds the code to its user and to where
//! it was sent, so a code that went by email does not pass for one sent to a phone.

use std::time::Duration;

use rand::Rng;

use crate::keys;
use crate::store::Sends;

/// Limits on codes sent, the same for every site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub digits: u32,
    pub lifetime: Duration,
    /// The least time between two sends to one user.
    pub resend_after: Duration,
    /// The most sends to one user within an hour.
    pub per_hour: u32,
}

impl Default for Terms {
    fn default() -> Self {
        Terms { digits: 6, lifetime: Duration::from_secs(15 * 60), resend_after: Duration::from_secs(60), per_hour: 5 }
    }
}

impl Terms {
    /// The sending record after a send at `now`, or when the next send is allowed.
    pub fn send(&self, before: Option<Sends>, now: i64) -> Result<Sends, i64> {
        let Some(before) = before else {
            return Ok(Sends { last: now, window_start: now, in_window: 1 });
        };
        let next_allowed = before.last + self.resend_after.as_secs() as i64;
        if now < next_allowed {
            return Err(next_allowed);
        }
        let fresh_window = now >= before.window_start + 3600;
        let window_start = if fresh_window { now } else { before.window_start };
        let in_window = if fresh_window { 0 } else { before.in_window };
        if in_window >= self.per_hour {
            return Err(window_start + 3600);
        }
        Ok(Sends { last: now, window_start, in_window: in_window + 1 })
    }
}

pub struct SentCodes {
    key: [u8; 32],
    pub settings: Terms,
}

impl SentCodes {
    pub fn new(storage_key: &[u8], settings: Terms) -> SentCodes {
        SentCodes { key: keys::mac(storage_key, &[b"portcullis sent codes v1"]), settings }
    }

    /// A new code for `username` to send `to` an address or number, and its stored hash.
    pub fn generate(&self, username: &str, to: &str) -> (String, [u8; 32]) {
        let n = rand::rngs::OsRng.gen_range(0..10u64.pow(self.settings.digits));
        let code = format!("{n:0width$}", width = self.settings.digits as usize);
        let hash = self.hash(username, to, &code);
        (code, hash)
    }

    /// The stored form of what someone typed (spaces ignored) as a code sent `to`, if it has
    /// the right shape.
    pub fn hash_input(&self, username: &str, to: &str, input: &str) -> Option<[u8; 32]> {
        let digits = super::digits_of(input);
        (digits.len() == self.settings.digits as usize).then(|| self.hash(username, to, &digits))
    }

    fn hash(&self, username: &str, to: &str, code: &str) -> [u8; 32] {
        keys::mac(&self.key, &[username.as_bytes(), b"\0", to.as_bytes(), b"\0", code.as_bytes()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_the_configured_length_and_bind_to_the_user_and_destination() {
        let s = SentCodes::new(&[3; 32], Terms { digits: 8, ..Terms::default() });
        let to = "+15550001234";
        let (code, hash) = s.generate("alice", to);
        assert_eq!(code.len(), 8);
        assert_eq!(s.hash_input("alice", to, &format!(" {} {} ", &code[..4], &code[4..])), Some(hash));
        assert_eq!(s.hash_input("alice", to, &format!("Your code: {code}.")), Some(hash), "as pasted from the message");
        assert_ne!(s.hash_input("bob", to, &code), Some(hash));
        assert_ne!(s.hash_input("alice", "alice@example.com", &code), Some(hash));
        assert_eq!(s.hash_input("alice", to, "1234567"), None);
        assert_eq!(s.hash_input("alice", to, "1234567a"), None);
    }

    #[test]
    fn sending_is_limited_per_minute_and_per_hour() {
        let s = Terms::default();
        let first = s.send(None, 1000).expect("first");
        assert_eq!(s.send(Some(first), 1030), Err(1060), "too soon");
        let mut record = first;
        for i in 1..5 {
            record = s.send(Some(record), 1000 + 60 * i).expect("later");
        }
        assert_eq!(record.in_window, 5);
        assert_eq!(s.send(Some(record), 1300), Err(4600), "five an hour");
        assert_eq!(s.send(Some(record), 4600).map(|r| r.in_window), Ok(1), "a new hour");
    }
}
