//! What a `User-Agent` says about the browser, parsed with woothee: a family (browser, OS and
//! major version) that survives minor updates, and a label people recognise.

use std::borrow::Cow;

use woothee::parser::{Parser, WootheeResult};

const UNKNOWN: &str = "UNKNOWN";

/// A browser woothee recognises, with a version; crawlers and tools do not count.
fn parse(ua: &str) -> Option<WootheeResult<'_>> {
    Parser::new().parse(ua).filter(|r| r.name != UNKNOWN && r.version != UNKNOWN && !matches!(r.category, "crawler" | "misc" | UNKNOWN))
}

fn major(version: &str) -> &str {
    version.split('.').next().unwrap_or(version)
}

/// Browser, OS and major version, e.g. "Firefox/Linux/132"; an agent woothee does not know
/// is its own family, so it is compared exactly.
pub fn family(ua: &str) -> Cow<'_, str> {
    match parse(ua) {
        Some(r) => Cow::Owned(format!("{}/{}/{}", r.name, r.os, major(r.version))),
        None => Cow::Borrowed(ua),
    }
}

/// "Firefox 132 (Linux)", in no language, or `None` for a browser not known (which the page
/// or email says in its own).
pub fn label(ua: &str) -> Option<String> {
    match parse(ua) {
        Some(r) if r.os != UNKNOWN => Some(format!("{} {} ({})", r.name, major(r.version), r.os)),
        Some(r) => Some(format!("{} {}", r.name, major(r.version))),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIREFOX_132: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";
    const FIREFOX_132_1: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0.1";
    const FIREFOX_133: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.86 Safari/537.36";

    #[test]
    fn a_minor_update_keeps_the_family_and_a_major_one_does_not() {
        assert_eq!(family(FIREFOX_132), family(FIREFOX_132_1));
        assert_ne!(family(FIREFOX_132), family(FIREFOX_133));
        assert_ne!(family(FIREFOX_132), family(CHROME));
        for tool in ["some robot/1.0", "curl/8.0", "Googlebot/2.1 (+http://www.google.com/bot.html)"] {
            assert_eq!(family(tool), tool, "tools are compared exactly");
        }
    }

    #[test]
    fn labels() {
        assert_eq!(label(FIREFOX_132).as_deref(), Some("Firefox 132 (Linux)"));
        assert_eq!(label(CHROME).as_deref(), Some("Chrome 131 (Linux)"));
        assert_eq!(label(""), None);
    }
}
