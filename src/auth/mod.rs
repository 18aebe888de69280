//! Checking who someone is: passwords, authenticator codes and sessions.

pub mod backup;
pub mod device;
pub mod methods;
pub mod password;
pub mod sent_code;
pub mod session;
pub mod throttle;
pub mod token;
pub mod totp;

/// Seconds since the Unix epoch; the one place the gate reads the clock, so that every
/// check below takes `now` as a parameter and tests control time.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
