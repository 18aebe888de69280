//! The config loader on any text: an error names what is wrong, it never panics. The input
//! is the config, then after a line `---users---` the users file it may name as `{users}`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (config, users) = text.split_once("\n---users---\n").unwrap_or((&text, ""));
    let dir = tempfile::tempdir().expect("tempdir");
    let (config_path, users_path) = (dir.path().join("portcullis.yaml"), dir.path().join("users.yaml"));
    std::fs::write(&users_path, users).expect("users");
    std::fs::write(&config_path, config.replace("{users}", &users_path.display().to_string())).expect("config");
    if let Err(e) = portcullis::config::load(&config_path) {
        assert!(!e.to_string().is_empty());
    }
});
