//! The request-target, read once and exactly. The gate parses the raw bytes of the target
//! itself (never a library's lenient reading of them), judges one canonical path, and sends
//! upstream the target rebuilt from that path: what the rules saw is what the app gets.
//!
//! What a path means to a rule:
//! - only origin form (`/path?query`), `*` for OPTIONS, and absolute form naming the site's own
//!   host are accepted; anything else (`x:/a`, `a/b`, `\a`, `%2Fa`) is refused;
//! - `%`-escapes of unreserved characters are decoded, the rest kept with upper-case hex;
//!   `%2F`, `%5C`, `\`, NUL, control characters, invalid or overlong UTF-8 are refused;
//! - `.` and `..` segments are resolved and repeated slashes collapsed;
//! - a segment with a `;` is judged as the part before it, as servlet containers read it
//!   (`/admin;jsessionid=x/y` is `/admin/y`), and `..;` or `.;` is refused;
//! - a segment ending in a dot or a space (`/admin./`, `/admin%20/`) is refused, since IIS and
//!   others drop them;
//! - on a site with `path_case: insensitive` (IIS and the like) the rules see the path in
//!   lower case, with the letters Windows upper-cases to ASCII (`ı`, `ſ`, the Kelvin sign)
//!   read as `i`, `s`, `k`, and what Windows or ASP.NET read as another path is refused
//!   (cookieless segments `/(S(x))/`, NTFS streams `::$DATA`, short names `ADMINI~1`);
//! - the query string is never judged; it is sent on with only control bytes refused.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::policy::PathCase;

/// A request-target as the rules judge it and the upstream receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'r> {
    /// The path the rules match: normal, `;` parameters cut, lower case where the site says.
    pub judged: Cow<'r, str>,
    /// The normal path sent upstream, `;` parameters kept (an app may need its `jsessionid`).
    pub path: Cow<'r, str>,
    pub query: Option<Cow<'r, str>>,
}

impl Target<'_> {
    /// Path and query for the upstream's request line.
    pub fn wire(&self) -> String {
        with_query(&self.path, self.query.as_deref())
    }

    /// Whether `raw` is byte for byte the target that would be sent upstream.
    pub fn is_wire(&self, raw: &[u8]) -> bool {
        let (path, query) = raw.split_at(raw.iter().position(|&b| b == b'?').unwrap_or(raw.len()));
        let query = query.get(1..);
        path == self.path.as_bytes() && query == self.query.as_deref().map(str::as_bytes)
    }

    pub fn into_owned(self) -> Target<'static> {
        Target {
            judged: Cow::Owned(self.judged.into_owned()),
            path: Cow::Owned(self.path.into_owned()),
            query: self.query.map(|q| Cow::Owned(q.into_owned())),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("the request-target must be a path starting with '/'")]
    Form,
    #[error("an absolute request-target must name this site")]
    Authority,
    #[error("the path has a malformed %-escape")]
    BadEscape,
    /// `%2F`, `%5C`, `\` and `%00` mean different things to different servers: refused
    /// rather than guessing which one the upstream picks.
    #[error("the path has an encoded slash, a backslash or a NUL")]
    Ambiguous,
    #[error("the target has a control character or a space")]
    Control,
    #[error("the path has an invalid or overlong UTF-8 sequence")]
    BadUtf8,
    #[error("the path has a '.' or '..' segment with a ';' parameter")]
    DotParameter,
    #[error("a path segment ends in a dot or a space")]
    Trailing,
    /// On IIS-like sites, what Windows or ASP.NET read as another path: a segment opening
    /// with `(` (a cookieless session, `(S(…))`, is dropped), encoded parentheses, `:` (an
    /// NTFS stream, `::$DATA`) and `~` before a digit (a short 8.3 name, `ADMINI~1`).
    #[error("the path has a segment Windows reads as another path")]
    Windows,
    #[error("the target has a fragment ('#')")]
    Fragment,
}

impl TargetError {
    /// The body of the 400 that refuses it.
    pub fn text(self) -> &'static str {
        match self {
            TargetError::Form => "Bad request: the request-target must be a path starting with '/'.\n",
            TargetError::Authority => "Bad request: an absolute request-target must name this site.\n",
            TargetError::BadEscape => "Bad request: the path has a malformed %-escape.\n",
            TargetError::Ambiguous => "Bad request: encoded slashes, backslashes and NUL are not allowed in paths.\n",
            TargetError::Control => "Bad request: control characters and spaces are not allowed in the target.\n",
            TargetError::BadUtf8 => "Bad request: the path has an invalid or overlong UTF-8 escape.\n",
            TargetError::DotParameter => "Bad request: '..;' and '.;' are not allowed in paths.\n",
            TargetError::Trailing => "Bad request: path segments may not end in a dot or a space.\n",
            TargetError::Windows => {
                "Bad request: segments that open with '(', parentheses escaped, ':' and short names like ~1 are not allowed here.\n"
            }
            TargetError::Fragment => "Bad request: a request-target has no fragment ('#').\n",
        }
    }
}

/// Reads `raw`, the request-target as the client sent it. `host` is the host the request's
/// `Host` names (an absolute-form target must name it too); `asterisk` allows `*` (OPTIONS).
pub fn parse<'r>(raw: &'r [u8], host: &str, asterisk: bool, case: PathCase) -> Result<Target<'r>, TargetError> {
    if raw == b"*" && asterisk {
        return Ok(Target { judged: Cow::Borrowed("*"), path: Cow::Borrowed("*"), query: None });
    }
    let origin = match raw.first() {
        Some(b'/') => raw,
        _ => origin_of_absolute(raw, host)?,
    };
    if origin.contains(&b'#') {
        return Err(TargetError::Fragment);
    }
    let (path, query) = match origin.iter().position(|&b| b == b'?') {
        Some(i) => (&origin[..i], Some(&origin[i + 1..])),
        None => (origin, None),
    };
    let (path, judged) = normalise(if path.is_empty() { b"/" } else { path }, case)?;
    Ok(Target { judged, path, query: query.map(clean_query).transpose()? })
}

/// The path and query of an absolute-form target (`http://host/path?query`) whose authority
/// is `host`.
fn origin_of_absolute<'r>(raw: &'r [u8], host: &str) -> Result<&'r [u8], TargetError> {
    let scheme_end = raw.windows(3).position(|w| w == b"://").ok_or(TargetError::Form)?;
    if !(raw[..scheme_end].eq_ignore_ascii_case(b"http") || raw[..scheme_end].eq_ignore_ascii_case(b"https")) {
        return Err(TargetError::Form);
    }
    let rest = &raw[scheme_end + 3..];
    let end = rest.iter().position(|&b| matches!(b, b'/' | b'?' | b'#')).unwrap_or(rest.len());
    let authority = std::str::from_utf8(&rest[..end]).map_err(|_| TargetError::Authority)?;
    match host_of_authority(authority) {
        Some(named) if named.eq_ignore_ascii_case(host) => Ok(&rest[end..]),
        _ => Err(TargetError::Authority),
    }
}

/// The host of an authority (`Host` header, or an absolute target's): a name of letters,
/// digits, `-`, `.` and `_`, or an IPv6 literal in brackets, either with an optional numeric
/// port. Anything else (userinfo, brackets around a name, a stray character) is `None`.
pub fn host_of_authority(authority: &str) -> Option<&str> {
    let port_ok = |p: Option<&str>| p.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    if let Some(rest) = authority.strip_prefix('[') {
        let (literal, after) = rest.split_once(']')?;
        let port = if after.is_empty() { None } else { Some(after.strip_prefix(':')?) };
        return (literal.parse::<std::net::Ipv6Addr>().is_ok() && port_ok(port)).then_some(literal);
    }
    let (name, port) = authority.split_once(':').map_or((authority, None), |(n, p)| (n, Some(p)));
    let name_ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
    (name_ok && port_ok(port)).then_some(name)
}

/// A request target: `path`, and `?query` when there is one.
pub fn with_query(path: &str, query: Option<&str>) -> String {
    match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    }
}

/// The query as sent on: control bytes and spaces refused, bytes outside a URI's query
/// characters `%`-encoded. It is never judged, so its escapes are left to the app.
fn clean_query(query: &[u8]) -> Result<Cow<'_, str>, TargetError> {
    if query.iter().any(|&b| b < 0x21 || b == 0x7f) {
        return Err(TargetError::Control);
    }
    let keep = |b: u8| is_pchar(b) || matches!(b, b'/' | b'?' | b'%');
    if query.iter().all(|&b| keep(b)) {
        // All ASCII, so valid UTF-8.
        return std::str::from_utf8(query).map(Cow::Borrowed).map_err(|_| TargetError::BadUtf8);
    }
    let mut out = String::with_capacity(query.len() + 8);
    for &b in query {
        if keep(b) {
            out.push(char::from(b));
        } else {
            push_escape(&mut out, b);
        }
    }
    Ok(Cow::Owned(out))
}

/// The path sent upstream and the path judged, for a path that starts with `/`.
fn normalise(path: &[u8], case: PathCase) -> Result<(Cow<'_, str>, Cow<'_, str>), TargetError> {
    // (On IIS-like sites the slow path refuses what Windows reads as another path.)
    let plain = |p: &&str| is_plain(p) && !(case == PathCase::Insensitive && p.contains(['(', ':', '~']));
    if let Some(plain) = std::str::from_utf8(path).ok().filter(plain) {
        let judged = match case {
            PathCase::Insensitive if plain.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Owned(plain.to_ascii_lowercase()),
            _ => Cow::Borrowed(plain),
        };
        return Ok((Cow::Borrowed(plain), judged));
    }
    let decoded = decode(path)?;
    let (sent, judged) = resolve_segments(&decoded, case)?;
    Ok((Cow::Owned(sent), Cow::Owned(judged)))
}

/// Already in normal form, with no parameters, escapes or questionable segments: the common
/// case, which needs no copy.
fn is_plain(path: &str) -> bool {
    path.bytes().all(|b| is_pchar(b) && b != b';' || b == b'/')
        && !path.contains("//")
        && path[1..].split('/').all(|seg| !seg.ends_with('.'))
}

/// RFC 3986 `pchar` without `%`: unreserved, sub-delims, `:` and `@`.
fn is_pchar(b: u8) -> bool {
    is_unreserved(b) || b"!$&'()*+,;=:@".contains(&b)
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn push_escape(out: &mut String, b: u8) {
    let _ = write!(out, "%{b:02X}");
}

/// Decodes escapes of unreserved characters and writes every other byte that is not a
/// `pchar` (or `/`) as an upper-case escape; refuses what is ambiguous, a control character
/// or not UTF-8 once decoded.
fn decode(path: &[u8]) -> Result<String, TargetError> {
    let mut out = String::with_capacity(path.len() + 8);
    // The bytes the path stands for, to check that they are UTF-8 (overlong forms included).
    let mut meant = Vec::with_capacity(path.len());
    let mut i = 0;
    while i < path.len() {
        let mut b = path[i];
        let escaped = b == b'%';
        if escaped {
            let hex = path.get(i + 1..i + 3).ok_or(TargetError::BadEscape)?;
            b = std::str::from_utf8(hex).ok().and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or(TargetError::BadEscape)?;
            i += 2;
            if matches!(b, b'/' | b'\\' | 0) {
                return Err(TargetError::Ambiguous);
            }
        }
        match b {
            b'\\' => return Err(TargetError::Ambiguous),
            0..=0x20 | 0x7f if !(escaped && b == b' ') => return Err(TargetError::Control),
            b if is_unreserved(b) || (!escaped && (is_pchar(b) || b == b'/')) => out.push(char::from(b)),
            b => push_escape(&mut out, b),
        }
        meant.push(b);
        i += 1;
    }
    std::str::from_utf8(&meant).map_err(|_| TargetError::BadUtf8)?;
    Ok(out)
}

/// RFC 3986 §5.2.4 on the segments of a decoded path, with empty segments dropped, `;`
/// parameters cut from the judged path, and the segments apps read differently refused.
fn resolve_segments(path: &str, case: PathCase) -> Result<(String, String), TargetError> {
    // Each kept segment whole (sent) and as judged (before any ';').
    let mut kept: Vec<(&str, &str)> = Vec::new();
    // Whether the path ends as a directory: in an empty, `.` or `..` segment.
    let mut directory = false;
    for segment in path.split('/').skip(1) {
        let judged = segment.split(';').next().unwrap_or_default();
        let has_parameter = judged.len() < segment.len();
        directory = matches!(segment, "" | "." | "..");
        match judged {
            "." | ".." if has_parameter => return Err(TargetError::DotParameter),
            "." | "" if !has_parameter => {}
            ".." => {
                // Servlet containers drop a parameter-only segment before resolving `..`, so
                // which segment `..` removes would be read two ways.
                if kept.last().is_some_and(|(_, j)| j.is_empty()) {
                    return Err(TargetError::DotParameter);
                }
                kept.pop();
            }
            j if j.ends_with('.') || j.ends_with("%20") => return Err(TargetError::Trailing),
            _ if case == PathCase::Insensitive && read_otherwise_by_windows(segment) => return Err(TargetError::Windows),
            j => kept.push((segment, j)),
        }
    }
    let mut sent = String::with_capacity(path.len());
    let mut judged = String::with_capacity(path.len());
    for (segment, j) in &kept {
        sent.push('/');
        sent.push_str(segment);
        if !j.is_empty() {
            judged.push('/');
            push_judged(&mut judged, j, case);
        }
    }
    if directory || kept.is_empty() {
        sent.push('/');
    }
    // A last segment of parameters only (`/app/;jsessionid=x`) is the directory to a servlet.
    if directory || kept.last().is_none_or(|(_, j)| j.is_empty()) {
        judged.push('/');
    }
    Ok((sent, judged))
}

/// Whether Windows or ASP.NET would read `segment` (decoded but for reserved characters) as
/// another name: see [`TargetError::Windows`].
fn read_otherwise_by_windows(segment: &str) -> bool {
    let short_name = segment.as_bytes().windows(2).any(|w| w[0] == b'~' && w[1].is_ascii_digit());
    segment.starts_with('(') || short_name || [":", "%3A", "%28", "%29"].iter().any(|s| segment.contains(s))
}

/// A judged segment, in lower case on a case-insensitive site (escapes keep upper-case hex).
fn push_judged(out: &mut String, segment: &str, case: PathCase) {
    if case == PathCase::Sensitive {
        out.push_str(segment);
        return;
    }
    let mut rest = segment;
    while let Some(c) = rest.chars().next() {
        if let Some((escaped, ascii)) = ASCII_TO_WINDOWS.iter().find(|(escaped, _)| rest.starts_with(escaped)) {
            out.push(*ascii);
            rest = &rest[escaped.len()..];
        } else if c == '%' {
            // An escape keeps its upper-case hex.
            out.push_str(&rest[..3]);
            rest = &rest[3..];
        } else {
            out.push(c.to_ascii_lowercase());
            rest = &rest[1..];
        }
    }
}

/// Letters outside ASCII that Windows' case-insensitive comparison takes for ASCII ones
/// (NTFS upper-cases `ı` to `I`, `ſ` to `S`, the Kelvin sign `K` to `K`), as they stand in a
/// normal path, and the letter a rule sees.
const ASCII_TO_WINDOWS: &[(&str, char)] = &[("%C4%B1", 'i'), ("%C5%BF", 's'), ("%E2%84%AA", 'k')];

#[cfg(test)]
mod tests;
