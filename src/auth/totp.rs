//! Authenticator-app codes: RFC 6238 with SHA-1, 6 digits and 30-second steps, the only
//! parameters every common app supports. Replay protection is the store's job
//! (`accept_totp_step`); this module only says which step a code belongs to.

use totp_rs::{Algorithm, Builder, Secret, Totp};
use zeroize::Zeroizing;

pub const SECRET_BYTES: usize = 20; // 160 bits, RFC 4226 §4
const STEP: u64 = 30;

/// A fresh random secret.
pub fn new_secret() -> Zeroizing<Vec<u8>> {
    Zeroizing::new(Secret::generate().as_bytes().to_vec())
}

fn totp(secret: &[u8], issuer: Option<&str>, account: &str) -> Option<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP)
        .with_secret(secret.to_vec())
        .with_issuer(issuer.map(|i| i.replace(':', " ")))
        .with_account_name(account.replace(':', " "))
        .build()
        .ok()
}

/// The time step (`unix_time / 30`) that `code` is valid for, within one step either side
/// of `now`; comparison is constant-time. Spaces and dashes that people type are ignored.
pub fn check(secret: &[u8], code: &str, now: i64) -> Option<u64> {
    let digits = super::digits_of(code);
    if digits.len() != 6 || now < 0 {
        return None;
    }
    totp(secret, None, "")?.check(&digits, now as u64)
}

/// The code for the step that contains `time`; used by tests and the demo.
pub fn code_at(secret: &[u8], time: i64) -> String {
    totp(secret, None, "").map(|t| t.generate(time.max(0) as u64).to_string()).unwrap_or_default()
}

/// The `otpauth://` URL an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &[u8], issuer: &str, account: &str) -> Option<String> {
    totp(secret, Some(issuer), account)?.to_url().ok()
}

/// Base32 of the secret in groups of four, for typing it in by hand.
pub fn secret_for_people(secret: &[u8]) -> String {
    let b32 = Secret::from(secret.to_vec()).to_base32();
    let groups: Vec<&str> = b32.as_bytes().chunks(4).filter_map(|c| std::str::from_utf8(c).ok()).collect();
    groups.join(" ")
}

/// The step containing `now`.
pub fn step_of(now: i64) -> u64 {
    now.max(0) as u64 / STEP
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 Appendix B, SHA-1 seed, truncated to 6 digits.
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc6238_vectors() {
        assert_eq!(code_at(RFC_SECRET, 59), "287082");
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109), "081804");
        assert_eq!(code_at(RFC_SECRET, 1_234_567_890), "005924");
        assert_eq!(code_at(RFC_SECRET, 2_000_000_000), "279037");
    }

    #[test]
    fn accepts_one_step_either_side_and_no_more() {
        let now = 1_234_567_890;
        let step = step_of(now);
        for (offset, expected) in [(-60, None), (-30, Some(step - 1)), (0, Some(step)), (30, Some(step + 1)), (60, None)] {
            let code = code_at(RFC_SECRET, now + offset);
            assert_eq!(check(RFC_SECRET, &code, now), expected, "offset {offset}");
        }
    }

    #[test]
    fn takes_the_digits_as_pasted_and_rejects_junk() {
        let code = code_at(RFC_SECRET, 59);
        for pasted in [format!("{} {}", &code[..3], &code[3..]), format!(" {} {}", &code[..3], &code[3..]), format!("Your code: {code}.")] {
            assert!(check(RFC_SECRET, &pasted, 59).is_some(), "{pasted:?}");
        }
        for junk in ["", "12345", "1234567", "abcdef", "28708２"] {
            assert_eq!(check(RFC_SECRET, junk, 59), None, "{junk:?}");
        }
    }

    #[test]
    fn new_secrets_are_160_bits_and_differ() {
        let (a, b) = (new_secret(), new_secret());
        assert_eq!(a.len(), SECRET_BYTES);
        assert_ne!(*a, *b);
    }

    #[test]
    fn url_and_text_forms() {
        let url = otpauth_url(RFC_SECRET, "App: Example", "alice").expect("url");
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), "{url}");
        assert_eq!(secret_for_people(RFC_SECRET), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    }
}
