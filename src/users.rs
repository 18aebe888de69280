//! The users file: who may log in, and what the upstream is told about them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use http::HeaderValue;

use crate::config::{self, ConfigError};

/// A user as the gate needs them; header values are built once at load so that the
/// per-request path only clones them.
pub struct User {
    pub username: String,
    pub password_hash: String,
    /// Stands for the password in sessions and trusted devices: a new password, a new tag.
    pub password_tag: [u8; 32],
    pub display_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub groups: Vec<String>,
    pub headers: IdentityValues,
}

pub struct IdentityValues {
    pub user: HeaderValue,
    pub name: HeaderValue,
    pub email: Option<HeaderValue>,
    pub groups: HeaderValue,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User").field("username", &self.username).finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
pub struct Users {
    by_name: HashMap<String, Arc<User>>,
}

impl Users {
    pub fn get(&self, username: &str) -> Option<&Arc<User>> {
        self.by_name.get(username)
    }

    /// All users, by name.
    pub fn sorted(&self) -> Vec<&Arc<User>> {
        let mut all: Vec<_> = self.by_name.values().collect();
        all.sort_by(|a, b| a.username.cmp(&b.username));
        all
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

pub fn load(path: &Path) -> Result<Users, ConfigError> {
    let src = config::read(path)?;
    let raw: crate::config::file::UsersFile = config::parse(path, &src)?;
    let mut by_name = HashMap::new();
    for (username, u) in raw.users {
        let user = build(username.clone(), u).map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            key: format!("users.{username}"),
            line: config::line_of_nested_key(&src, &username),
            message,
        })?;
        by_name.insert(username, Arc::new(user));
    }
    Ok(Users { by_name })
}

fn build(username: String, u: crate::config::file::UserFile) -> Result<User, String> {
    check_username(&username)?;
    let display_name = u.name.unwrap_or_else(|| username.clone());
    let value = |what: &str, text: &str| HeaderValue::from_str(text).map_err(|_| format!("{what}: must be printable text on one line"));
    if u.groups.iter().any(|g| g.is_empty() || g.contains(',')) {
        return Err("groups: a group name must be non-empty and contain no ','".into());
    }
    let headers = IdentityValues {
        user: value("username", &username)?,
        name: value("name", &display_name)?,
        email: u.email.as_deref().map(|e| value("email", e)).transpose()?,
        groups: value("groups", &u.groups.join(","))?,
    };
    if let Some(phone) = &u.phone {
        check_phone(phone)?;
    }
    Ok(User {
        username,
        password_tag: password_tag(&u.password.0),
        password_hash: u.password.0,
        display_name,
        email: u.email,
        phone: u.phone,
        groups: u.groups,
        headers,
    })
}

/// Users of the given names with one password hash, for tests.
#[cfg(test)]
pub(crate) fn for_tests(names: &[&str], password_hash: &str) -> Users {
    let user = |name: &&str| {
        let file = crate::config::file::UserFile {
            password: crate::config::file::PasswordHashText(password_hash.to_string()),
            name: None,
            email: None,
            phone: None,
            groups: Vec::new(),
        };
        let user = build(name.to_string(), file).expect("a valid test user");
        (name.to_string(), Arc::new(user))
    };
    Users { by_name: names.iter().map(user).collect() }
}

/// SHA-256 of a password hash.
pub fn password_tag(password_hash: &str) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(password_hash.as_bytes()).into()
}

/// E.164: a `+`, then 8 to 15 digits.
pub fn check_phone(phone: &str) -> Result<(), String> {
    match phone.strip_prefix('+') {
        Some(digits) if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        _ => Err(format!("phone: {phone:?} must be in international form, e.g. +4915112345678")),
    }
}

/// Usernames go into headers, URLs of authenticator apps and logs: keep them plain.
fn check_username(name: &str) -> Result<(), String> {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"._@-+".contains(&b);
    if !name.is_empty() && name.len() <= 64 && name.bytes().all(plain) {
        Ok(())
    } else {
        Err("the username must be 1-64 letters, digits or ._@-+".into())
    }
}
