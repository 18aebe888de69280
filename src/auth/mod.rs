//! Checking who someone is: passwords, authenticator codes and sessions.

pub mod assertion;
pub mod backup;
pub mod device;
pub mod methods;
pub mod passkey;
pub mod password;
pub mod sent_code;
pub mod session;
pub mod throttle;
pub mod token;
pub mod totp;
pub mod tunnels;

/// A code as people paste it ("123 456", "123-456", "Your code: 123456."): its ASCII digits,
/// whatever surrounds them.
pub fn digits_of(input: &str) -> String {
    input.chars().filter(char::is_ascii_digit).collect()
}

/// Why a session or a trusted device could not be issued: its record was not stored, or its
/// cookie not signed.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Sign(#[from] token::SignError),
}
