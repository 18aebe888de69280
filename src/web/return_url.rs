//! Where to send someone after login. Only a path on the same site is accepted; anything
//! a browser could read as another origin (`//evil.com`, `/\evil.com`, `/%09/evil.com`,
//! `https:evil.com`, `http://app.example.evil.com`) becomes `/`.

use percent_encoding::percent_decode_str;

/// A safe relative target for `wanted`, given the site's own host (lower case).
/// An absolute URL on exactly that host is reduced to its path and query.
pub fn safe_return(wanted: &str, own_host: &str, portal_path: &str) -> String {
    let relative = match strip_own_origin(wanted, own_host) {
        Some(rest) => rest,
        None => wanted,
    };
    if is_local_path(relative) && !is_portal_action(relative, portal_path) {
        relative.to_string()
    } else {
        "/".to_string()
    }
}

fn strip_own_origin<'a>(url: &'a str, own_host: &str) -> Option<&'a str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let host = authority.rsplit_once(':').filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit())).map_or(authority, |(h, _)| h);
    if host.eq_ignore_ascii_case(own_host) && !authority.contains('@') {
        Some(if path.is_empty() { "/" } else { path })
    } else {
        None
    }
}

/// A path-absolute reference that stays on this origin, before and after percent-decoding.
fn is_local_path(s: &str) -> bool {
    let decoded = percent_decode_str(s).decode_utf8_lossy();
    [s, decoded.as_ref()].iter().all(|form| {
        let b = form.as_bytes();
        b.first() == Some(&b'/')
            && !matches!(b.get(1), Some(b'/') | Some(b'\\'))
            && !b.iter().any(|&c| c == b'\\' || c.is_ascii_control() || c == b' ')
    }) && s.len() <= 2048
}

/// A portal address other than the pages one may come back to (the account, devices,
/// backup codes and security pages, and a held form's replay): going back to a form or to
/// sign-out after login makes no sense.
fn is_portal_action(path: &str, portal_path: &str) -> bool {
    let landing = ["/", "/devices", "/backup-codes", "/security"];
    path.strip_prefix(portal_path).is_some_and(|rest| {
        (rest.is_empty() || rest.starts_with(['/', '?'])) && !landing.contains(&rest) && !rest.starts_with("/replay?id=")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("/", "/"),
            ("/app/page?x=1#frag", "/app/page?x=1#frag"),
            ("//evil.com", "/"),
            ("/\\evil.com", "/"),
            ("/%09/evil.com", "/"),
            ("/%2F%2Fevil.com", "/"),
            ("%2F%2Fevil.com", "/"),
            ("/%5Cevil.com", "/"),
            ("https:evil.com", "/"),
            ("http:/evil.com", "/"),
            ("https://evil.com/", "/"),
            ("http://app.localhost.evil.com/", "/"),
            ("http://app.localhost@evil.com/", "/"),
            ("http://evil.com@app.localhost/", "/"),
            ("@evil.com", "/"),
            (".evil.com", "/"),
            ("evil.com", "/"),
            ("javascript:alert(1)", "/"),
            ("/\t/evil.com", "/"),
            ("", "/"),
            ("http://APP.localhost:8080/x?y", "/x?y"),
            ("https://app.localhost", "/"),
            ("/.portcullis/login", "/"),
            ("/.portcullis", "/"),
            ("/.portcullis/logout", "/"),
            ("/.portcullis/", "/.portcullis/"),
            ("/.portcullis/devices", "/.portcullis/devices"),
            ("/.portcullis/security", "/.portcullis/security"),
            ("/.portcullis/replay?id=abc", "/.portcullis/replay?id=abc"),
            ("/.portcullis/devices?x", "/"),
            ("/.portcullis-other", "/.portcullis-other"),
        ];
        for (input, want) in cases {
            assert_eq!(safe_return(input, "app.localhost", "/.portcullis"), want, "input {input:?}");
        }
    }

    mod properties {
        use super::super::safe_return;
        use proptest::prelude::*;

        fn hostile() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just("/".to_string()),
                Just("\\".to_string()),
                Just("//".to_string()),
                Just("%2F".to_string()),
                Just("%5C".to_string()),
                Just("%09".to_string()),
                Just("\t".to_string()),
                Just("@".to_string()),
                Just(":".to_string()),
                Just("http:".to_string()),
                Just("https://".to_string()),
                Just("app.localhost".to_string()),
                Just("evil.com".to_string()),
                Just(".".to_string()),
                "[ -~]{1,3}",
                "\\PC{1,2}",
            ];
            prop::collection::vec(piece, 0..8).prop_map(|parts| parts.concat())
        }

        proptest! {
            #[test]
            fn accepted_return_urls_stay_on_the_site(s in hostile()) {
                let r = safe_return(&s, "app.localhost", "/.portcullis");
                prop_assert!(r.starts_with('/'), "{r:?}");
                // Resolve it as a browser would, from a page on the site.
                let base = url::Url::parse("http://app.localhost/some/page").map_err(|e| TestCaseError::fail(e.to_string()))?;
                let target = base.join(&r).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(target.host_str(), Some("app.localhost"), "{:?} -> {:?}", s, r);
                prop_assert_eq!(target.scheme(), "http");
            }
        }
    }
}
