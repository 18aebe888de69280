//! `portcullis demo`: the gate in front of the bundled demo app, with a demo user, set up in
//! a folder of its own on first run.

use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use base64::Engine;
use pingora::services::listening::Service;
use rand::RngCore;

use crate::auth::password;
use crate::demo_app::DemoApp;

pub struct Demo {
    pub dir: PathBuf,
    pub listen: SocketAddr,
    pub app: SocketAddr,
}

impl Demo {
    /// Writes the demo's config, users file and password unless they exist; returns the
    /// config path and the demo user's password.
    pub fn prepare(&self) -> anyhow::Result<(PathBuf, String)> {
        fs::create_dir_all(&self.dir).with_context(|| format!("creating {}", self.dir.display()))?;
        let password_file = self.dir.join("demo-password.txt");
        let password = match fs::read_to_string(&password_file) {
            Ok(p) => p.trim().to_string(),
            Err(_) => {
                let mut bytes = [0u8; 12];
                rand::rngs::OsRng.fill_bytes(&mut bytes);
                let p = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
                fs::write(&password_file, &p).context("writing the demo password")?;
                p
            }
        };
        let users_file = self.dir.join("users.yaml");
        let hash = password::hash(&password).map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
        let users = format!(
            "# Written by `portcullis demo`.\nusers:\n  demo:\n    password: \"{hash}\"\n    name: Demo User\n    email: demo@example.com\n    groups: [staff, demo]\n"
        );
        fs::write(&users_file, users).context("writing the demo users file")?;
        let config_file = self.dir.join("portcullis.yaml");
        fs::write(&config_file, self.config(&users_file)).context("writing the demo config")?;
        Ok((config_file, password))
    }

    fn config(&self, users_file: &Path) -> String {
        format!(
            "# Written by `portcullis demo`; see config/portcullis.yaml for every setting.\n\
             listen: {listen}\n\
             data_dir: {data}\n\
             users_file: {users}\n\
             sites:\n  \
               - host: localhost\n    \
                 name: Demo legacy app\n    \
                 upstream: {app}\n    \
                 rules:\n      \
                   - {{ path: \"^/public/\", action: bypass }}\n      \
                   - {{ path: \"^/admin/\", methods: [POST, DELETE], action: deny }}\n    \
                 default: two_factor\n",
            listen = self.listen,
            data = self.dir.join("data").display(),
            users = users_file.display(),
            app = self.app,
        )
    }

    /// The demo app as a pingora service listening on `self.app`.
    pub fn app_service(&self) -> Service<DemoApp> {
        let mut service = Service::new("demo app".to_string(), DemoApp);
        service.add_tcp(&self.app.to_string());
        service
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_config_passes_check() {
        let dir = tempfile::tempdir().expect("tempdir");
        let demo = Demo {
            dir: dir.path().join("demo"),
            listen: "127.0.0.1:8080".parse().expect("addr"),
            app: "127.0.0.1:9000".parse().expect("addr"),
        };
        let (config, password) = demo.prepare().expect("prepare");
        let loaded = crate::config::load(&config).expect("valid demo config");
        assert!(loaded.users.get("demo").is_some());
        assert!(password.len() >= 16);
        let (_, again) = demo.prepare().expect("prepare again");
        assert_eq!(password, again, "the password survives a second run");
    }
}
