//! Values that validate themselves while the YAML is read, so that serde_yaml's error names
//! the key path and the line. Each is a newtype built with `try_from`.

use std::fmt;
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use ipnet::IpNet;
use serde::Deserialize;

use crate::policy::{CountrySpec, Upstream};

/// A regular expression matched against the normalised request path.
#[derive(Clone, Deserialize)]
#[serde(try_from = "String")]
pub struct PathRegex(pub regex::Regex);

impl TryFrom<String> for PathRegex {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        regex::Regex::new(&s).map(PathRegex).map_err(|e| format!("path: invalid regular expression {s:?}: {e}"))
    }
}

impl fmt::Debug for PathRegex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0.as_str())
    }
}

/// A network in CIDR notation; a bare address means just that host.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct Cidr(pub IpNet);

impl TryFrom<String> for Cidr {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let text = s.trim();
        if let Ok(net) = text.parse::<IpNet>() {
            return Ok(Cidr(net.trunc()));
        }
        text.parse::<std::net::IpAddr>()
            .map(|ip| Cidr(IpNet::from(ip)))
            .map_err(|_| format!("{s:?} is not a network in CIDR notation (e.g. 10.0.0.0/8)"))
    }
}

/// An address to listen on, such as `127.0.0.1:8080` or `[::]:443`.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct ListenAddr(pub SocketAddr);

impl TryFrom<String> for ListenAddr {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse().map(ListenAddr).map_err(|_| format!("{s:?} is not an address to listen on (e.g. 127.0.0.1:8080)"))
    }
}

/// Where a site's requests go: `host:port`, optionally prefixed by `http://` or `https://`.
/// The name is resolved when the config loads, so a typo fails `check`, not the first request.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct UpstreamSpec(pub Upstream);

impl TryFrom<String> for UpstreamSpec {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let (tls, rest) = match s.split_once("://") {
            Some(("http", rest)) => (false, rest),
            Some(("https", rest)) => (true, rest),
            Some((scheme, _)) => return Err(format!("upstream: unsupported scheme {scheme:?}")),
            None => (false, s.as_str()),
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains('/') {
            return Err(format!("upstream: {s:?} must be host:port, without a path"));
        }
        let with_port = if authority.rsplit_once(':').is_some_and(|(_, p)| p.parse::<u16>().is_ok()) {
            authority.to_string()
        } else {
            format!("{authority}:{}", if tls { 443 } else { 80 })
        };
        let addr = with_port
            .to_socket_addrs()
            .ok()
            .and_then(|mut addrs| addrs.next())
            .ok_or_else(|| format!("upstream: cannot resolve {s:?} (expected host:port)"))?;
        let host = with_port.rsplit_once(':').map_or("", |(h, _)| h);
        let host = host.trim_start_matches('[').trim_end_matches(']').to_string();
        Ok(UpstreamSpec(Upstream { addr, tls, host }))
    }
}

/// A host name a site answers to, stored in lower case.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, Hash)]
#[serde(try_from = "String")]
pub struct HostName(pub String);

impl TryFrom<String> for HostName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        host_name(s, "host")
    }
}

fn host_name(s: String, key: &str) -> Result<HostName, String> {
    let valid = !s.is_empty()
        && s.len() <= 253
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !s.starts_with('.')
        && !s.ends_with('.');
    if valid {
        Ok(HostName(s.to_ascii_lowercase()))
    } else {
        Err(format!("{key}: {s:?} is not a host name (letters, digits, '-' and '.'; no port)"))
    }
}

/// A site's `passkey_rp_id`: a host name, its errors naming that key.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(try_from = "String")]
pub struct RpId(pub String);

impl TryFrom<String> for RpId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        host_name(s, "passkey_rp_id").map(|h| RpId(h.0))
    }
}

/// An HTTP method named in a rule, kept in upper case: rules compare methods
/// case-insensitively, as many frameworks do.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(try_from = "String")]
pub struct MethodName(pub http::Method);

impl TryFrom<String> for MethodName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let known = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"];
        let upper = s.to_ascii_uppercase();
        if known.contains(&upper.as_str()) {
            http::Method::from_bytes(upper.as_bytes()).map(MethodName).map_err(|e| e.to_string())
        } else {
            Err(format!("methods: {s:?} is not an HTTP method (e.g. POST)"))
        }
    }
}

/// A header name the gate sends upstream.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct HeaderNameSpec(pub http::HeaderName);

impl TryFrom<String> for HeaderNameSpec {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        http::HeaderName::from_bytes(s.as_bytes()).map(HeaderNameSpec).map_err(|_| format!("{s:?} is not a valid HTTP header name"))
    }
}

/// A request header to remove: a name, or a prefix ending in `*`; kept in lower case with
/// `_` read as `-`, the form names are compared in.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(try_from = "String")]
pub struct HeaderPatternSpec(pub String);

impl TryFrom<String> for HeaderPatternSpec {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let name = s.strip_suffix('*').unwrap_or(&s);
        if name.is_empty() || http::HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(format!("{s:?} is not a header name, nor a prefix ending in '*'"));
        }
        Ok(HeaderPatternSpec(s.to_ascii_lowercase().replace('_', "-")))
    }
}

/// A duration written for people: `90s`, `30m`, `12h`, `30d`.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct HumanDuration(pub Duration);

impl TryFrom<String> for HumanDuration {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match humantime::parse_duration(&s) {
            Ok(d) if !d.is_zero() => Ok(HumanDuration(d)),
            _ => Err(format!("{s:?} is not a duration (e.g. 90s, 30m, 12h, 30d)")),
        }
    }
}

/// An entry of a rule's `countries`: an ISO 3166-1 alpha-2 code, or `unknown` for addresses
/// the database has no country for.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(try_from = "String")]
pub struct CountryName(pub CountrySpec);

impl TryFrom<String> for CountryName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if s == "unknown" {
            return Ok(CountryName(CountrySpec::Unknown));
        }
        if s.eq_ignore_ascii_case("uk") {
            return Err("\"UK\" is not an ISO 3166 code; the United Kingdom is GB".into());
        }
        crate::geo::Country::parse(&s)
            .map(|c| CountryName(CountrySpec::Code(c)))
            .ok_or_else(|| format!("{s:?} is not a two-letter ISO 3166 country code (e.g. DE) or `unknown`"))
    }
}

/// A network prefix length of at most `MAX` bits.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(try_from = "u8")]
pub struct PrefixLen<const MAX: u8>(pub u8);

impl<const MAX: u8> TryFrom<u8> for PrefixLen<MAX> {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        if (1..=MAX).contains(&n) {
            Ok(PrefixLen(n))
        } else {
            Err(format!("{n} is not a prefix length between 1 and {MAX}"))
        }
    }
}

/// An email address with an optional name: `Portcullis <portcullis@example.com>`.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct MailboxText(pub lettre::message::Mailbox);

impl TryFrom<String> for MailboxText {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse().map(MailboxText).map_err(|e| format!("{s:?} is not an email address (e.g. Portcullis <portcullis@example.com>): {e}"))
    }
}

/// A site's accent colour, `#0b5` or `#00bb55`.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct Accent(pub [u8; 3]);

impl TryFrom<String> for Accent {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let hex = s.strip_prefix('#').filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let digit = |h: &str, i: usize, n: usize| u8::from_str_radix(&h[i * n..i * n + n].repeat(3 - n), 16);
        let rgb = match hex {
            Some(h) if h.len() == 3 || h.len() == 6 => {
                let n = h.len() / 3;
                [digit(h, 0, n), digit(h, 1, n), digit(h, 2, n)]
            }
            _ => return Err(format!("accent: {s:?} is not a colour like \"#0b5\" or \"#00bb55\"")),
        };
        Ok(Accent(rgb.map(|c| c.unwrap_or_default())))
    }
}

impl Accent {
    /// WCAG 2's contrast ratio of this colour and `other`.
    pub fn contrast(self, other: [u8; 3]) -> f64 {
        let luminance = |rgb: [u8; 3]| {
            let [r, g, b] = rgb.map(|c| {
                let s = f64::from(c) / 255.0;
                if s <= 0.03928 {
                    s / 12.92
                } else {
                    ((s + 0.055) / 1.055).powf(2.4)
                }
            });
            0.2126 * r + 0.7152 * g + 0.0722 * b
        };
        let (a, b) = (luminance(self.0), luminance(other));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    pub fn css(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// Where a site's users get help: a `mailto:` address or a web page.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct HelpLink(pub String);

impl TryFrom<String> for HelpLink {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let plain = !s.is_empty() && s.len() <= 300 && s.bytes().all(|b| b.is_ascii_graphic() && !b"\"'<>\\`".contains(&b));
        let page = reqwest::Url::parse(&s).is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some());
        let mail = s.strip_prefix("mailto:").is_some_and(|a| a.split_once('@').is_some_and(|(n, d)| !n.is_empty() && d.contains('.')));
        match plain && (page || mail) {
            true => Ok(HelpLink(s)),
            false => Err(format!("help: {s:?} must be mailto:someone@example.com or an https:// (or http://) address")),
        }
    }
}

/// A site's logo: the image file, read when the config is, so that pages never wait on a
/// disk. PNG, SVG, JPEG, WebP or ICO, at most 256 KiB.
#[derive(Clone, Deserialize)]
#[serde(try_from = "std::path::PathBuf")]
pub struct LogoFile(pub crate::policy::Logo);

impl TryFrom<std::path::PathBuf> for LogoFile {
    type Error = String;
    fn try_from(path: std::path::PathBuf) -> Result<Self, String> {
        const MAX: u64 = 256 * 1024;
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let content_type = match extension.as_deref() {
            Some("png") => "image/png",
            Some("svg") => "image/svg+xml",
            Some("jpg" | "jpeg") => "image/jpeg",
            Some("webp") => "image/webp",
            Some("ico") => "image/x-icon",
            _ => return Err(format!("logo: {}: must be a .png, .svg, .jpg, .webp or .ico file", path.display())),
        };
        let file = std::fs::File::open(&path).map_err(|e| format!("logo: {}: {e}", path.display()))?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX + 1), &mut bytes)
            .map_err(|e| format!("logo: {}: {e}", path.display()))?;
        if bytes.len() as u64 > MAX {
            return Err(format!("logo: {}: more than {MAX} bytes", path.display()));
        }
        Ok(LogoFile(crate::policy::Logo { content_type, bytes: bytes.into() }))
    }
}

impl fmt::Debug for LogoFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LogoFile({}, {} bytes)", self.0.content_type, self.0.bytes.len())
    }
}
