//! Who may sign in, and what the upstream is told about them. `config` builds these from the
//! users file; each user is checked here as it is made.

use std::collections::HashMap;
use std::sync::Arc;

use http::HeaderValue;

use crate::lang::Lang;

/// A user as the gate needs them; header values are built once at load so that the
/// per-request path only clones them.
pub struct User {
    pub username: String,
    pub password_hash: String,
    /// Stands for the password in sessions and trusted devices: a new password (or a change
    /// of exemption), a new tag.
    pub password_tag: [u8; 32],
    pub display_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub groups: Vec<String>,
    /// For emails sent without a request to take the language from.
    pub language: Option<Lang>,
    /// Exempt from two-factor: the password alone signs them in.
    pub exempt: bool,
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

impl FromIterator<User> for Users {
    fn from_iter<I: IntoIterator<Item = User>>(users: I) -> Self {
        Users { by_name: users.into_iter().map(|u| (u.username.clone(), Arc::new(u))).collect() }
    }
}

/// What the users file says of someone besides their name and password.
#[derive(Debug, Default)]
pub struct Profile {
    /// Shown on pages and sent upstream; the username if none.
    pub name: Option<String>,
    pub email: Option<String>,
    /// For codes by text, in international form: `+4915112345678`.
    pub phone: Option<String>,
    pub groups: Vec<String>,
    /// A language code, one of [`crate::lang::LANGUAGES`].
    pub language: Option<String>,
    pub exempt: bool,
}

impl User {
    /// A user whose identity headers are built once, now; `Err` says which field cannot be
    /// sent in a header or used at all.
    pub fn new(username: String, password_hash: String, profile: Profile) -> Result<User, String> {
        check_username(&username)?;
        let display_name = profile.name.unwrap_or_else(|| username.clone());
        let value = |what: &str, text: &str| HeaderValue::from_str(text).map_err(|_| format!("{what}: must be printable text on one line"));
        if profile.groups.iter().any(|g| g.is_empty() || g.contains(',')) {
            return Err("groups: a group name must be non-empty and contain no ','".into());
        }
        let headers = IdentityValues {
            user: value("username", &username)?,
            name: value("name", &display_name)?,
            email: profile.email.as_deref().map(|e| value("email", e)).transpose()?,
            groups: value("groups", &profile.groups.join(","))?,
        };
        if let Some(phone) = &profile.phone {
            check_phone(phone)?;
        }
        let language = profile.language.as_deref().map(language_of).transpose()?;
        Ok(User {
            username,
            password_tag: password_tag(&password_hash, profile.exempt),
            password_hash,
            display_name,
            email: profile.email,
            phone: profile.phone,
            groups: profile.groups,
            language,
            exempt: profile.exempt,
            headers,
        })
    }
}

/// Users of the given names with one password hash, for tests.
#[cfg(test)]
pub(crate) fn for_tests(names: &[&str], password_hash: &str) -> Users {
    names
        .iter()
        .map(|name| User::new(name.to_string(), password_hash.to_string(), Profile::default()).expect("a valid test user"))
        .collect()
}

/// SHA-256 of a password hash, and of an exemption from two-factor: sessions and trusted
/// devices end when either changes (one begun by the password alone must not outlive it).
pub fn password_tag(password_hash: &str, exempt: bool) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new().chain_update(password_hash.as_bytes());
    match exempt {
        true => digest.chain_update(b"\0exempt").finalize().into(),
        false => digest.finalize().into(),
    }
}

/// E.164: a `+`, then 8 to 15 digits.
pub fn check_phone(phone: &str) -> Result<(), String> {
    match phone.strip_prefix('+') {
        Some(digits) if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        _ => Err(format!("phone: {phone:?} must be in international form, e.g. +4915112345678")),
    }
}

fn language_of(code: &str) -> Result<Lang, String> {
    Lang::of_tag(code).ok_or_else(|| {
        let known: Vec<&str> = crate::lang::LANGUAGES.iter().map(|(code, _)| *code).collect();
        format!("language: {code:?} is not one the gate speaks ({})", known.join(", "))
    })
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
