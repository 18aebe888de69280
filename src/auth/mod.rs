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
