//! Finding the line of a key for errors found after parsing, when serde_yaml's own
//! location is no longer at hand. A plain text scan: good enough to point a person at it.

/// The 1-based line of a top-level `key:`.
pub fn line_of_key(src: &str, key: &str) -> Option<usize> {
    src.lines().position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))).map(|i| i + 1)
}

/// The 1-based line of `key:` at any indentation.
pub fn line_of_nested_key(src: &str, key: &str) -> Option<usize> {
    src.lines().position(|l| l.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))).map(|i| i + 1)
}

/// The 1-based line of the `n`th `key:` at any indentation, in block or flow style.
pub fn line_of_nth_key(src: &str, key: &str, n: usize) -> Option<usize> {
    let re = regex::Regex::new(&format!(r#"(^|[\s{{,-]){}\s*:"#, regex::escape(key))).ok()?;
    src.lines().enumerate().filter(|(_, l)| re.is_match(l)).nth(n - 1).map(|(i, _)| i + 1)
}

/// The 1-based line of the `n`th `key: value` (any indentation, flow or block style,
/// quoted or not, value compared case-insensitively).
pub fn line_of_nth_value(src: &str, key: &str, value: &str, n: usize) -> Option<usize> {
    let pattern = format!(r#"(?i)(^|[\s{{,-]){}\s*:\s*["']?{}["']?\s*([,}}#]|$)"#, regex::escape(key), regex::escape(value));
    let re = regex::Regex::new(&pattern).ok()?;
    src.lines().enumerate().filter(|(_, l)| re.is_match(l)).nth(n - 1).map(|(i, _)| i + 1)
}

/// The 1-based line of `key:` within the top-level block `parent` (block or flow style), or
/// of `parent:` itself when the key is not written there.
pub fn line_of_key_under(src: &str, parent: &str, key: &str) -> Option<usize> {
    let start = line_of_key(src, parent)?;
    let re = regex::Regex::new(&format!(r#"(^|[\s{{,-]){}\s*:"#, regex::escape(key))).ok()?;
    let block = src.lines().enumerate().skip(start - 1).take_while(|(i, l)| *i == start - 1 || l.is_empty() || l.starts_with([' ', '#']));
    Some(
        block
            .filter(|(i, l)| re.is_match(if *i == start - 1 { &l[parent.len() + 1..] } else { l }))
            .map(|(i, _)| i + 1)
            .next()
            .unwrap_or(start),
    )
}

/// The index and value of the first item seen before.
pub fn first_duplicate<'a>(items: impl Iterator<Item = &'a str>) -> Option<(usize, &'a str)> {
    let mut seen = std::collections::HashSet::new();
    items.enumerate().find(|(_, item)| !seen.insert(*item))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "listen: 1\nsites:\n  - host: a.example\n  - { host: \"A.example\", upstream: x }\n";

    #[test]
    fn finds_top_level_key() {
        assert_eq!(line_of_key(SRC, "sites"), Some(2));
        assert_eq!(line_of_key(SRC, "site"), None);
        assert_eq!(line_of_nested_key("users:\n  bob:\n    name: B\n", "bob"), Some(2));
    }

    #[test]
    fn finds_nth_value_in_block_and_flow_style() {
        assert_eq!(line_of_nth_value(SRC, "host", "a.example", 1), Some(3));
        assert_eq!(line_of_nth_value(SRC, "host", "a.example", 2), Some(4));
        assert_eq!(line_of_nth_value(SRC, "host", "a.example", 3), None);
    }

    #[test]
    fn finds_a_key_in_its_block() {
        let src = "sms:\n  url: x\nstore:\n  postgres:\n    url: y\n    tls: z\nsites: []\n";
        assert_eq!(line_of_key_under(src, "store", "url"), Some(5));
        assert_eq!(line_of_key_under(src, "store", "password_file"), Some(3), "the block, when the key is not there");
        assert_eq!(line_of_key_under("store: { postgres: { url: y } }\n", "store", "url"), Some(1));
        assert_eq!(line_of_key_under(src, "secrets", "url"), None);
    }

    #[test]
    fn finds_nth_key() {
        let src = "rules:\n  - { path: x, countries: [DE] }\n  - countries: [AT]\n    my_countries: 1\n";
        assert_eq!(line_of_nth_key(src, "countries", 1), Some(2));
        assert_eq!(line_of_nth_key(src, "countries", 2), Some(3));
        assert_eq!(line_of_nth_key(src, "countries", 3), None);
    }

    #[test]
    fn first_duplicate_names_the_second_place() {
        assert_eq!(first_duplicate(["a", "b", "a"].into_iter()), Some((2, "a")));
        assert_eq!(first_duplicate(["a", "b"].into_iter()), None);
    }
}
