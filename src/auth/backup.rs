//! Backup codes for a lost phone: ten one-time codes such as `k7m2-x9qd`, 40 random bits each,
//! in Crockford's base32 (no i, l, o or u, so nothing is misread). Only a keyed hash of each is
//! stored (HMAC-SHA256 under a key derived from the storage key), so a copy of the database
//! alone does not let anyone search the 2^40 codes offline.

use rand::Rng;

use crate::keys;

pub const COUNT: usize = 10;
/// Below this many unused codes, the user is told to make new ones.
pub const FEW: u32 = 3;
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const LEN: usize = 8;

pub struct BackupCodes {
    key: [u8; 32],
}

/// A fresh set: the codes to show once, and what the store keeps.
pub struct Set {
    pub codes: Vec<String>,
    pub hashes: Vec<[u8; 32]>,
}

impl BackupCodes {
    pub fn new(storage_key: &[u8]) -> BackupCodes {
        BackupCodes { key: keys::mac(storage_key, &[b"portcullis backup codes v1"]) }
    }

    pub fn generate(&self, username: &str) -> Set {
        let mut rng = rand::rngs::OsRng;
        let codes: Vec<String> = (0..COUNT)
            .map(|_| {
                let chars: String = (0..LEN).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
                format!("{}-{}", &chars[..4], &chars[4..])
            })
            .collect();
        let hashes = codes.iter().map(|c| self.hash(username, &normalise(c).unwrap_or_default())).collect();
        Set { codes, hashes }
    }

    /// The stored form of what someone typed, if it has the shape of a backup code.
    pub fn hash_input(&self, username: &str, input: &str) -> Option<[u8; 32]> {
        Some(self.hash(username, &normalise(input)?))
    }

    fn hash(&self, username: &str, normalised: &str) -> [u8; 32] {
        keys::mac(&self.key, &[username.as_bytes(), b"\0", normalised.as_bytes()])
    }
}

/// Lower case, spaces and dashes dropped, the letters people confuse with digits read as those
/// digits; `None` unless exactly eight characters of the alphabet remain.
fn normalise(input: &str) -> Option<String> {
    let s: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\t'))
        .map(|c| match c.to_ascii_lowercase() {
            'o' => '0',
            'i' | 'l' => '1',
            c => c,
        })
        .collect();
    (s.len() == LEN && s.bytes().all(|b| ALPHABET.contains(&b))).then_some(s)
}

/// What a code looks like, for telling a backup code from an authenticator code.
pub fn looks_like_one(input: &str) -> bool {
    normalise(input).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_readable_distinct_and_forgiving_to_type() {
        let b = BackupCodes::new(&[1; 32]);
        let set = b.generate("alice");
        assert_eq!(set.codes.len(), COUNT);
        let distinct: std::collections::HashSet<_> = set.codes.iter().collect();
        assert_eq!(distinct.len(), COUNT);
        for (code, hash) in set.codes.iter().zip(&set.hashes) {
            assert_eq!(code.len(), 9, "{code}");
            assert_eq!(code.as_bytes()[4], b'-');
            assert_eq!(b.hash_input("alice", code), Some(*hash));
            let sloppy = format!(" {} ", code.to_uppercase().replace('-', " ").replace('0', "O").replace('1', "l"));
            assert_eq!(b.hash_input("alice", &sloppy), Some(*hash), "{sloppy}");
            assert_ne!(b.hash_input("bob", code), Some(*hash), "bound to the user");
        }
        assert_ne!(BackupCodes::new(&[2; 32]).hash_input("alice", &set.codes[0]), Some(set.hashes[0]), "keyed");
        for bad in ["", "123456", "abcd-efg", "abcd-efgu", "abcdefghj"] {
            assert!(b.hash_input("alice", bad).is_none(), "{bad}");
        }
    }
}
