//! The languages of the gate's pages and emails: one Fluent catalog a language under
//! `locales/`, built into the binary, and the choice of one for a request.

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// Each language's code and its name in itself; English, first, is the fallback.
pub const LANGUAGES: [(&str, &str); 8] = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("pt", "Português"),
    ("pl", "Polski"),
];

/// The catalogs, in the order of [`LANGUAGES`].
pub const CATALOGS: [&str; 8] = [
    include_str!("../locales/en.ftl"),
    include_str!("../locales/de.ftl"),
    include_str!("../locales/fr.ftl"),
    include_str!("../locales/es.ftl"),
    include_str!("../locales/it.ftl"),
    include_str!("../locales/nl.ftl"),
    include_str!("../locales/pt.ftl"),
    include_str!("../locales/pl.ftl"),
];

static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> = LazyLock::new(|| (0..LANGUAGES.len()).map(bundle).collect());

/// One language's bundle. A catalog with a mistake keeps what parses (the test of the
/// catalogs fails on it; a message it lost falls back to English).
fn bundle(index: usize) -> FluentBundle<FluentResource> {
    let (code, _) = LANGUAGES[index];
    let resource = FluentResource::try_new(CATALOGS[index].to_string()).unwrap_or_else(|(resource, errors)| {
        tracing::error!(language = code, "the catalog has mistakes: {errors:?}");
        resource
    });
    let mut bundle = FluentBundle::new_concurrent(vec![code.parse().unwrap_or_default()]);
    // Pages are HTML with a `lang`; the isolation marks would only get in the way of reading.
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(language = code, "the catalog has mistakes: {errors:?}");
    }
    bundle
}

/// One of [`LANGUAGES`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lang(usize);

impl Lang {
    pub const ENGLISH: Lang = Lang(0);

    /// Every language there is a catalog for.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LANGUAGES.len()).map(Lang)
    }

    /// The language of a tag such as `de`, `de-CH` or `PT_br`, if there is a catalog for it.
    pub fn of_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        LANGUAGES.iter().position(|(code, _)| code.eq_ignore_ascii_case(primary)).map(Lang)
    }

    /// The language for a request: the one chosen on a page (remembered in a cookie), else the
    /// most wanted of `Accept-Language` that there is a catalog for, else English.
    pub fn choose(chosen: Option<&str>, accept_language: Option<&str>) -> Lang {
        chosen.and_then(Lang::of_tag).or_else(|| accept_language.and_then(most_wanted)).unwrap_or_default()
    }

    pub fn code(self) -> &'static str {
        LANGUAGES[self.0].0
    }

    /// The language's name, in itself.
    pub fn name(self) -> &'static str {
        LANGUAGES[self.0].1
    }

    /// A period as people say it: "30 days", "one hour", "45 seconds": in its largest whole
    /// unit, minutes rounded up from a minute on.
    pub fn span(self, d: std::time::Duration) -> String {
        let (n, unit) = match d.as_secs() {
            s if s % 86_400 == 0 => (s / 86_400, "span-days"),
            s if s % 3600 == 0 => (s / 3600, "span-hours"),
            s if s < 60 => (s, "span-seconds"),
            s => (s.div_ceil(60), "span-minutes"),
        };
        self.t_args(unit, [("n", n.into())])
    }

    /// Message `id`.
    pub fn t(self, id: &str) -> Cow<'static, str> {
        self.format(id, None)
    }

    /// Message `id`, with its arguments.
    pub fn t_args<'v, const N: usize>(self, id: &str, args: [(&str, FluentValue<'v>); N]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(N);
        for (name, value) in args {
            fluent_args.set(name, value);
        }
        self.format(id, Some(&fluent_args)).into_owned()
    }

    /// The message in this language, else in English, else its id (which a test keeps from happening).
    fn format(self, id: &str, args: Option<&FluentArgs<'_>>) -> Cow<'static, str> {
        let bundles: &'static [FluentBundle<FluentResource>] = &BUNDLES;
        for bundle in [&bundles[self.0], &bundles[0]] {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, args, &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(language = self.code(), id, "a message went wrong: {errors:?}");
                }
                return text;
            }
        }
        tracing::error!(language = self.code(), id, "no such message");
        Cow::Owned(id.to_string())
    }
}

/// The language of `Accept-Language` (`de-CH, fr;q=0.8, *;q=0.1`) most wanted that there is a
/// catalog for; a weight of 0 refuses a language.
fn most_wanted(header: &str) -> Option<Lang> {
    let weighed = header.split(',').filter_map(|item| {
        let mut parts = item.split(';');
        let lang = Lang::of_tag(parts.next()?)?;
        let weight = parts.find_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")));
        let q = weight.map_or(Some(1.0), |q| q.trim().parse::<f32>().ok().filter(|q| q.is_finite()))?.min(1.0);
        (q > 0.0).then_some((lang, q))
    });
    // The first of the heaviest: `max_by` would keep the last of equals.
    weighed
        .fold(None, |best: Option<(Lang, f32)>, (lang, q)| match best {
            Some((_, top)) if top >= q => best,
            _ => Some((lang, q)),
        })
        .map(|(lang, _)| lang)
}

/// Loads every catalog now, so that a mistake in one is logged at start rather than on a
/// request.
pub fn load() {
    LazyLock::force(&BUNDLES);
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    use super::*;

    /// Each message of a catalog, with the variables it uses.
    fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(_, e)| panic!("does not parse: {e:?}"));
        let mut found = BTreeMap::new();
        for entry in resource.entries() {
            if let Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    variables(p, &mut vars);
                }
                found.insert(m.id.name.to_string(), vars);
            }
        }
        found
    }

    fn variables(pattern: &Pattern<&str>, vars: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            let PatternElement::Placeable { expression } = element else { continue };
            match expression {
                Expression::Inline(InlineExpression::VariableReference { id }) => {
                    vars.insert(id.name.to_string());
                }
                Expression::Select { selector, variants } => {
                    if let InlineExpression::VariableReference { id } = selector {
                        vars.insert(id.name.to_string());
                    }
                    variants.iter().for_each(|v| variables(&v.value, vars));
                }
                Expression::Inline(_) => {}
            }
        }
    }

    #[test]
    fn every_catalog_has_what_english_has_with_the_same_arguments() {
        let english = messages(CATALOGS[0]);
        for (i, source) in CATALOGS.iter().enumerate().skip(1) {
            let code = LANGUAGES[i].0;
            let theirs = messages(source);
            let missing: Vec<_> = english.keys().filter(|id| !theirs.contains_key(*id)).collect();
            assert!(missing.is_empty(), "{code} lacks {missing:?}");
            let extra: Vec<_> = theirs.keys().filter(|id| !english.contains_key(*id)).collect();
            assert!(extra.is_empty(), "{code} has ids English has not: {extra:?}");
            for (id, vars) in &english {
                assert_eq!(&theirs[id], vars, "{code}: {id} takes other arguments");
            }
        }
    }

    #[test]
    fn a_catalog_missing_a_key_is_found() {
        let english = messages(CATALOGS[0]);
        let short = CATALOGS[0].replace("login-title =", "# login-title =");
        assert!(english.contains_key("login-title") && !messages(&short).contains_key("login-title"));
    }

    #[test]
    fn every_message_the_pages_use_is_in_english() {
        let english = messages(CATALOGS[0]);
        let used = regex::Regex::new(r#"\.(?:t|t1|t2|t3|tn|html1|html2|at)\("([a-z0-9-]+)""#).unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut seen = 0;
        for file in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            for id in used.captures_iter(&text).map(|c| c[1].to_string()) {
                assert!(english.contains_key(&id), "{id} is used but not in en.ftl");
                seen += 1;
            }
        }
        assert!(seen > 100, "only {seen} uses found");
    }

    /// The code names messages by id (titles, wrong codes' `Err`s, notices): each literal shaped
    /// like an id is one English has, or one of the few other words of that shape.
    #[test]
    fn every_message_the_code_names_is_in_english() {
        const NOT_MESSAGES: &[&str] = &[
            // Forms' actions and pages' paths.
            "add-email",
            "add-passkey",
            "backup-codes",
            "confirm-app",
            "confirm-passkey",
            "confirm-phone",
            "new-app",
            "new-phone",
            "rename-passkey",
            "revoke-all",
            "step-up",
            "two-factor-off",
            // Header names, and what a passkey ceremony is for.
            "content-language",
            "content-type",
            "portcullis-cookie",
            "portcullis-target",
            "retry-after",
            "www-authenticate",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-original-method",
            "x-original-uri",
            "x-requested-with",
            "sign-in",
        ];
        let english = messages(CATALOGS[0]);
        let literal = regex::Regex::new(r#""([a-z][a-z0-9]*(?:-[a-z0-9]+)+)""#).unwrap();
        let root = env!("CARGO_MANIFEST_DIR");
        let dirs = ["src/portal", "src/gate", "src/notify", "src/auth"];
        let files = dirs.iter().flat_map(|d| std::fs::read_dir(format!("{root}/{d}")).unwrap()).map(|f| f.unwrap().path());
        let mut seen = 0;
        for file in files.chain([format!("{root}/src/admin.rs").into()]).filter(|f| f.extension().is_some_and(|e| e == "rs")) {
            let text = std::fs::read_to_string(&file).unwrap();
            let code = text.split("#[cfg(test)]\nmod ").next().unwrap_or_default();
            for id in literal.captures_iter(code).map(|c| c[1].to_string()).filter(|id| !NOT_MESSAGES.contains(&id.as_str())) {
                assert!(english.contains_key(&id), "{}: {id:?} is no message of en.ftl", file.display());
                seen += 1;
            }
        }
        assert!(seen > 80, "only {seen} ids found");
    }

    #[test]
    fn the_language_is_the_one_chosen_else_the_most_wanted_we_have() {
        let code = |chosen, accept| Lang::choose(chosen, accept).code();
        assert_eq!(code(None, Some("de-DE,de;q=0.9,en;q=0.8")), "de");
        assert_eq!(code(None, Some("ja, fr-CH;q=0.5, pl;q=0.7")), "pl");
        assert_eq!(code(None, Some("fr;q=0, nl;q=0.2")), "nl", "a weight of 0 refuses");
        assert_eq!(code(None, Some("es, it")), "es", "the first of equals");
        assert_eq!(code(None, Some("ja, zh")), "en");
        assert_eq!(code(None, Some("de;q=x, pt_BR")), "pt", "a weight that does not read drops its item");
        assert_eq!(code(None, Some("de;q=inf, fr;q=NaN, it;Q=0.5, nl;q=0.4")), "it", "weights are numbers up to 1, in any case");
        assert_eq!(code(None, Some("de;q=7, nl")), "de", "a weight over 1 counts as 1; the first of equals");
        assert_eq!(code(Some("it"), Some("de")), "it", "the choice made on a page wins");
        assert_eq!(code(Some("xx"), Some("de")), "de");
        assert_eq!(code(None, None), "en");
    }

    #[test]
    fn messages_are_found_in_each_language_with_plurals() {
        let de = Lang::of_tag("de").unwrap();
        assert_ne!(de.t("login-title"), Lang::ENGLISH.t("login-title"));
        assert_eq!(Lang::ENGLISH.t_args("grace-later", [("days", 1.into())]), "Later — one day left");
        assert_eq!(Lang::ENGLISH.t_args("grace-later", [("days", 3.into())]), "Later — 3 days left");
        assert_eq!(Lang::ENGLISH.t("no-such-id"), "no-such-id");
        let span = |lang: Lang, secs| lang.span(std::time::Duration::from_secs(secs));
        assert_eq!(span(Lang::ENGLISH, 30 * 86_400), "30 days");
        assert_eq!(span(Lang::ENGLISH, 3600), "one hour");
        assert_eq!(span(de, 90), "2 Minuten");
        assert_eq!(span(Lang::ENGLISH, 1), "one second");
        assert_eq!(span(de, 45), "45 Sekunden");
    }
}
