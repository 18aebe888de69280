//! The users file read into [`Users`]: each entry is checked as the user is made, and an
//! error names the user and the line.

use std::path::Path;

use super::file::UsersFile;
use super::{locate, parse, read, ConfigError};
use crate::users::{Profile, User, Users};

pub fn load(path: &Path) -> Result<Users, ConfigError> {
    let src = read(path)?;
    let raw: UsersFile = parse(path, &src)?;
    raw.users
        .into_iter()
        .map(|(username, u)| {
            let exempt = u.two_factor == Some(super::file::TwoFactorName::Exempt);
            let profile = Profile { name: u.name, email: u.email, phone: u.phone, groups: u.groups, language: u.language, exempt };
            User::new(username.clone(), u.password.0, profile).map_err(|message| ConfigError::Invalid {
                path: path.to_path_buf(),
                line: locate::line_of_nested_key(&src, &username),
                key: format!("users.{username}"),
                message,
            })
        })
        .collect()
}
