//! Normalising a request path once, before any rule sees it. The normal form is also what the
//! upstream receives, so the rule that matched and the page the upstream serves cannot differ.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("the path must start with '/'")]
    NotAbsolute,
    #[error("the path has a malformed percent-encoding")]
    BadEscape,
    /// `%2F`, `%5C`, `\` and `%00` mean different things to different servers: refuse them
    /// rather than guess which one the upstream picks.
    #[error("the path has an encoded slash, a backslash or a NUL")]
    Ambiguous,
}

/// A request target: `path`, and `?query` when there is one.
pub fn with_query(path: &str, query: Option<&str>) -> String {
    match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    }
}

/// Decodes percent-encoded unreserved characters, upper-cases the remaining escapes, removes
/// `.` and `..` segments and collapses repeated slashes. Borrows when the path is already normal.
pub fn normalise(path: &str) -> Result<Cow<'_, str>, PathError> {
    if !path.starts_with('/') {
        return Err(PathError::NotAbsolute);
    }
    if is_normal(path) {
        return Ok(Cow::Borrowed(path));
    }
    let decoded = decode_unreserved(path)?;
    Ok(Cow::Owned(remove_dot_segments(&decoded)))
}

fn is_normal(path: &str) -> bool {
    let b = path.as_bytes();
    !b.iter().any(|&c| c == b'%' || c == b'\\' || !c.is_ascii_graphic())
        && !path.contains("//")
        && !path.split('/').any(|seg| seg == "." || seg == "..")
}

fn decode_unreserved(path: &str) -> Result<String, PathError> {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(PathError::BadEscape)?;
                let value = std::str::from_utf8(hex)
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or(PathError::BadEscape)?;
                if matches!(value, b'/' | b'\\' | 0) {
                    return Err(PathError::Ambiguous);
                }
                if is_unreserved(value) {
                    out.push(value as char);
                } else {
                    out.push('%');
                    out.push_str(&hex_upper(value));
                }
                i += 3;
                continue;
            }
            b'\\' | 0 => return Err(PathError::Ambiguous),
            c if c.is_ascii_graphic() => out.push(c as char),
            c => {
                out.push('%');
                out.push_str(&hex_upper(c));
            }
        }
        i += 1;
    }
    Ok(out)
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn hex_upper(b: u8) -> String {
    format!("{b:02X}")
}

/// RFC 3986 §5.2.4 on segments, with empty segments (duplicate slashes) dropped as well.
fn remove_dot_segments(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for seg in path.split('/').skip(1) {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut out = String::with_capacity(path.len());
    for seg in &segments {
        out.push('/');
        out.push_str(seg);
    }
    if trailing || segments.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(p: &str) -> Result<String, PathError> {
        normalise(p).map(|c| c.into_owned())
    }

    #[test]
    fn normal_paths_are_borrowed() {
        assert!(matches!(normalise("/a/b.html").unwrap(), Cow::Borrowed(_)));
    }

    #[test]
    fn table() {
        let cases: &[(&str, Result<&str, PathError>)] = &[
            ("/", Ok("/")),
            ("/admin/../admin", Ok("/admin")),
            ("//admin", Ok("/admin")),
            ("/a//b/", Ok("/a/b/")),
            ("/%61dmin", Ok("/admin")),
            ("/a/%2e%2E/b", Ok("/b")),
            ("/a/./b/.", Ok("/a/b/")),
            ("/../../etc", Ok("/etc")),
            ("/a/..", Ok("/")),
            ("/x%3fy", Ok("/x%3Fy")),
            ("/caf%c3%a9", Ok("/caf%C3%A9")),
            ("/public/..%2fadmin", Err(PathError::Ambiguous)),
            ("/a%5cb", Err(PathError::Ambiguous)),
            ("/a\\b", Err(PathError::Ambiguous)),
            ("/a%00", Err(PathError::Ambiguous)),
            ("/a%zz", Err(PathError::BadEscape)),
            ("/a%4", Err(PathError::BadEscape)),
            ("admin", Err(PathError::NotAbsolute)),
            ("*", Err(PathError::NotAbsolute)),
        ];
        for (input, want) in cases {
            assert_eq!(n(input), want.map(str::to_string), "input {input:?}");
        }
    }

    #[test]
    fn normalising_is_idempotent() {
        for p in ["/a/../b//c/%7e", "/%41/./x/", "/a/b/../../.."] {
            let once = n(p).unwrap();
            assert_eq!(n(&once).unwrap(), once);
        }
    }

    mod properties {
        use super::super::normalise;
        use proptest::prelude::*;

        /// Paths over the characters a WHATWG URL parser (browsers, most servers) leaves as
        /// they are, weighted towards the ones that make trouble.
        fn path() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just("/".to_string()),
                Just(".".to_string()),
                Just("..".to_string()),
                Just("%2e".to_string()),
                Just("%2E%2e".to_string()),
                Just("%61".to_string()),
                Just("%7E".to_string()),
                "%[0-9A-Fa-f]{2}",
                "[a-zA-Z0-9._~!$&'()*+,;=:@-]{1,4}",
            ];
            prop::collection::vec(piece, 0..12).prop_map(|parts| format!("/{}", parts.concat()))
        }

        proptest! {
            #[test]
            fn normal_forms_are_stable_and_what_a_url_parser_sees(p in path()) {
                if let Ok(n) = normalise(&p) {
                    prop_assert!(n.starts_with('/'));
                    prop_assert!(!n.contains("//"), "{n}");
                    prop_assert!(!n.split('/').any(|s| s == "." || s == ".."), "{n}");
                    prop_assert_eq!(normalise(&n).map(|c| c.into_owned()), Ok(n.to_string()));
                    // A standard parser applied to what we forward changes nothing, so the
                    // upstream routes on the very path our rules matched.
                    let parsed = url::Url::parse(&format!("http://h{n}")).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(parsed.path(), n.as_ref());
                }
            }
        }
    }
}
