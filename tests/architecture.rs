//! The layers of `src/`, bottom up, and the test that keeps every import pointing down (or
//! within its own layer). A module may use what is in its layer and below, never above; the
//! gate's pages (`portal/*`) use the shared steps, never each other. Test modules are not
//! held to it. docs/ARCHITECTURE.md draws the same order.

use std::collections::BTreeSet;
use std::path::Path;

/// Bottom up: a module of a layer may import from its own layer and those before it.
const LAYERS: &[(&str, &[&str])] = &[
    ("leaves", &["clock", "geo", "keys", "lang", "log_line", "metrics", "tls_client", "user_agent"]),
    ("store", &["store"]),
    ("model", &["policy", "users"]),
    ("mechanisms", &["access_log", "audit", "auth", "hold", "notify"]),
    ("config", &["config"]),
    ("web", &["web"]),
    ("state", &["state"]),
    ("portal", &["portal"]),
    ("gate", &["gate"]),
    ("binary", &["admin", "admin_listener", "demo", "demo_app", "drain", "explain", "maintenance", "server", "upgrade"]),
];

/// The portal's page modules; they share `mod.rs`, `codes.rs`, `enrolment.rs` and `pages.rs`.
const PAGES: &[&str] = &["backup", "devices", "login", "second_factor", "security", "sent_code", "step_up"];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

/// The file's code without its test module (`#[cfg(test)] mod …`, by convention at the end).
fn code(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// The top-level modules a file names after `crate::`, in paths and in grouped `use`s.
fn imported(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                let mut depth = 0;
                let mut item = String::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            found.insert(ident(item.trim()));
                            item.clear();
                        }
                        c => item.push(c),
                    }
                }
                found.insert(ident(item.trim()));
            }
            None => {
                found.insert(ident(rest));
            }
        }
    }
    found.retain(|m| !m.is_empty());
    found
}

/// Every import that points up, or from one page to another, in the tree at `src`.
fn violations(src: &Path) -> Vec<String> {
    let mut wrong = Vec::new();
    for file in rust_files(src) {
        let relative = file.strip_prefix(src).expect("under src").to_string_lossy().replace('\\', "/");
        if matches!(relative.as_str(), "lib.rs" | "main.rs") || relative.ends_with("/tests.rs") {
            continue;
        }
        let module = relative.split(['/', '.']).next().expect("a name").to_string();
        let Some(own) = layer_of(&module) else {
            wrong.push(format!("{relative}: module `{module}` is in no layer; add it to LAYERS and docs/ARCHITECTURE.md"));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read");
        let code = code(&text);
        for target in imported(code) {
            match layer_of(&target) {
                Some(theirs) if theirs > own => {
                    wrong.push(format!("{relative}: `{module}` ({}) imports `{target}` ({})", LAYERS[own].0, LAYERS[theirs].0))
                }
                _ => {}
            }
        }
        if let Some(page) = relative.strip_prefix("portal/").and_then(|p| p.strip_suffix(".rs")).filter(|p| PAGES.contains(p)) {
            for other in PAGES.iter().filter(|p| *p != &page) {
                if code.contains(&format!("super::{other}")) || code.contains(&format!("portal::{other}")) {
                    wrong.push(format!("{relative}: the page `{page}` imports the page `{other}`; share the step in portal/codes.rs"));
                }
            }
        }
    }
    wrong
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let wrong = violations(&src);
    assert!(wrong.is_empty(), "{} imports against the layers:\n{}", wrong.len(), wrong.join("\n"));
}

/// `unsafe` is denied crate-wide; the two exceptions (a thread's priority, and borrowing the
/// descriptor pingora hands to a hook) are allowed where they are, and only there.
#[test]
fn unsafe_in_two_places_and_no_more() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut allowed: Vec<String> = rust_files(&src)
        .into_iter()
        .filter(|f| std::fs::read_to_string(f).expect("read").contains("allow(unsafe_code)"))
        .map(|f| f.strip_prefix(&src).expect("under src").display().to_string())
        .collect();
    allowed.sort();
    assert_eq!(allowed, ["auth/password.rs", "gate/mod.rs"]);
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    assert!(lib.contains("#![deny(unsafe_code)]"));
}

#[test]
fn the_check_sees_an_import_that_points_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    // The circle the tree once had: keys read the config's file types, the store a mechanism's.
    write("keys.rs", "use crate::config::SecretsFile;\nuse crate::clock;\n");
    write("store/mod.rs", "pub use crate::{auth::sent_code::Sends, clock};\n");
    write("portal/backup.rs", "use super::second_factor::complete;\nuse super::codes::proven;\n");
    write("config/mod.rs", "use crate::policy::Policy;\n#[cfg(test)]\nmod tests { use crate::gate::Gate; }\n");
    write("brand_new.rs", "");
    let mut wrong = violations(dir.path());
    wrong.sort();
    assert_eq!(
        wrong,
        [
            "brand_new.rs: module `brand_new` is in no layer; add it to LAYERS and docs/ARCHITECTURE.md",
            "keys.rs: `keys` (leaves) imports `config` (config)",
            "portal/backup.rs: the page `backup` imports the page `second_factor`; share the step in portal/codes.rs",
            "store/mod.rs: `store` (store) imports `auth` (mechanisms)",
        ]
    );
}
