//! Checks of the sites against the rest of the config, made after parsing: whatever needs a
//! GeoIP database has one, and `trusted_devices` settings make sense. Each error names the
//! key and finds its line by counting occurrences of it in the file.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use super::file::{ActionName, FactorFile, IpBindingName, SiteFile};
use super::types::Accent;
use super::{locate, ConfigError};
use crate::geo::Geo;

/// Browsers cap cookie lifetimes at 400 days.
const MAX_DEVICE_LIFETIME: Duration = Duration::from_secs(400 * 86_400);

/// Occurrences of a key seen so far, to find the line of the current one.
#[derive(Default)]
struct Seen {
    countries: usize,
    asn: usize,
    lifetime: usize,
    prefix: usize,
    rule_trust: [usize; 2],
    step_up: usize,
    second_factor: usize,
    users: usize,
    groups: usize,
    assertion: usize,
    accent: usize,
    footer: usize,
}

/// The pages' backgrounds: white, and the dark one of `portal.css`.
const WHITE: [u8; 3] = [0xff, 0xff, 0xff];
const DARK_BACKGROUND: [u8; 3] = [0x12, 0x12, 0x12];

/// Why an accent colour would be hard to read, if it would: white button text on it needs
/// 4.5:1 (WCAG AA for text), the button against the dark background 3:1 (AA for controls).
fn accent_fails(accent: Accent) -> Option<String> {
    let (text, dark) = (accent.contrast(WHITE), accent.contrast(DARK_BACKGROUND));
    (text < 4.5 || dark < 3.0).then(|| {
        format!(
            "{} has {text:.2}:1 with white text (at least 4.5 needed) and {dark:.2}:1 on the dark background (at least 3); \
             a darker shade fixes the first, a lighter one the second",
            accent.css()
        )
    })
}

/// The longest a step-up code may be old: beyond a day it is not a step up.
const MAX_STEP_UP_AGE: Duration = Duration::from_secs(24 * 3600);

pub(super) fn check(
    path: &Path,
    src: &str,
    sites: &[SiteFile],
    factors: &BTreeMap<String, FactorFile>,
    geo: &Geo,
    has_sms: bool,
) -> Result<(), ConfigError> {
    let mut seen = Seen::default();
    let error = |key: String, line: Option<usize>, message: &str| ConfigError::Invalid {
        path: path.to_path_buf(),
        key,
        line,
        message: message.to_string(),
    };
    for name in factors.keys() {
        let plain = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_';
        if name.is_empty() || name.len() > 32 || !name.bytes().all(plain) {
            let line = locate::line_of_nested_key(src, name);
            return Err(error(format!("factors.{name}"), line, "a factor's name is 1-32 of a-z, 0-9, - and _"));
        }
    }
    for (i, site) in sites.iter().enumerate() {
        if site.sms_codes && !has_sms {
            let line = locate::line_of_nth_value(src, "sms_codes", "true", 1);
            return Err(error(format!("sites[{i}].sms_codes"), line, "needs an `sms:` gateway"));
        }
        if let Some(rp_id) = &site.passkey_rp_id {
            let host = &site.host.0;
            if rp_id.0 != *host && !(host.ends_with(&format!(".{}", rp_id.0)) && rp_id.0.contains('.')) {
                let line = locate::line_of_nth_value(src, "passkey_rp_id", &rp_id.0, 1);
                let message = "must be the site's host or a domain above it (for app.example.com: example.com)";
                return Err(error(format!("sites[{i}].passkey_rp_id"), line, message));
            }
        }
        if let Some(accent) = site.branding.accent {
            seen.accent += 1;
            if let Some(message) = accent_fails(accent) {
                let line = locate::line_of_nth_key(src, "accent", seen.accent);
                return Err(error(format!("sites[{i}].branding.accent"), line, &message));
            }
        }
        if let Some(footer) = &site.branding.footer {
            seen.footer += 1;
            if footer.chars().count() > 300 || footer.contains(['\n', '\r']) {
                let line = locate::line_of_nth_key(src, "footer", seen.footer);
                return Err(error(format!("sites[{i}].branding.footer"), line, "one line of at most 300 characters"));
            }
        }
        if let Some(assertion) = &site.assertion {
            seen.assertion += 1;
            if assertion.lifetime.is_some_and(|l| l.0 < Duration::from_secs(30) || l.0 > Duration::from_secs(3600)) {
                let line = locate::line_of_nth_key(src, "assertion", seen.assertion);
                return Err(error(format!("sites[{i}].assertion.lifetime"), line, "must be between 30s and 1h"));
            }
        }
        let devices = &site.trusted_devices;
        if let Some(lifetime) = devices.lifetime {
            seen.lifetime += 1;
            if lifetime.0 < Duration::from_secs(60) || lifetime.0 > MAX_DEVICE_LIFETIME {
                let line = locate::line_of_nth_key(src, "lifetime", seen.lifetime);
                return Err(error(format!("sites[{i}].trusted_devices.lifetime"), line, "must be between 1m and 400d"));
            }
        }
        let prefix_set = [devices.ipv4_prefix.map(|_| "ipv4_prefix"), devices.ipv6_prefix.map(|_| "ipv6_prefix")];
        for key in prefix_set.into_iter().flatten() {
            seen.prefix += 1;
            if !matches!(devices.ip, None | Some(IpBindingName::Prefix)) {
                let line = locate::line_of_nth_key(src, key, seen.prefix);
                return Err(error(format!("sites[{i}].trusted_devices.{key}"), line, "applies only to `ip: prefix`"));
            }
        }
        if devices.ip == Some(IpBindingName::Asn) {
            seen.asn += 1;
            if !geo.has_asn() {
                let line = locate::line_of_nth_value(src, "ip", "asn", seen.asn);
                return Err(error(format!("sites[{i}].trusted_devices.ip"), line, "`asn` needs geoip.asn_database"));
            }
        }
        for (j, rule) in site.rules.iter().enumerate() {
            if rule.countries.is_some() {
                seen.countries += 1;
                if !geo.has_country() {
                    let line = locate::line_of_nth_key(src, "countries", seen.countries);
                    let message = "a rule with `countries` needs geoip.country_database";
                    return Err(error(format!("sites[{i}].rules[{j}].countries"), line, message));
                }
            }
            for (key, names) in [("users", &rule.users), ("groups", &rule.groups)] {
                let Some(names) = names else { continue };
                let count = if key == "users" { &mut seen.users } else { &mut seen.groups };
                *count += 1;
                let line = locate::line_of_nth_key(src, key, *count);
                let key = format!("sites[{i}].rules[{j}].{key}");
                if names.is_empty() {
                    return Err(error(key, line, "names no one: the rule could never match"));
                }
                if rule.action == ActionName::Bypass {
                    // A signed-in user would be sent on without their identity, and a tunnel
                    // opened so would outlive their session.
                    return Err(error(key, line, "a rule for signed-in users cannot `bypass`; use `two_factor` (which they have passed)"));
                }
            }
            if let Some(trust) = rule.trusted_devices {
                seen.rule_trust[usize::from(trust)] += 1;
                if rule.action != ActionName::TwoFactor {
                    let line = locate::line_of_nth_value(src, "trusted_devices", &trust.to_string(), seen.rule_trust[usize::from(trust)]);
                    let message = "only a `two_factor` rule can say whether trusted devices count";
                    return Err(error(format!("sites[{i}].rules[{j}].trusted_devices"), line, message));
                }
            }
            if let Some(step_up) = &rule.step_up {
                seen.step_up += 1;
                let line = locate::line_of_nth_key(src, "step_up", seen.step_up);
                let key = format!("sites[{i}].rules[{j}].step_up");
                if rule.action != ActionName::TwoFactor {
                    return Err(error(key, line, "only a `two_factor` rule can ask for a step-up"));
                }
                if step_up.max_age.0 < Duration::from_secs(1) || step_up.max_age.0 > MAX_STEP_UP_AGE {
                    return Err(error(format!("{key}.max_age"), line, "must be between 1s and 24h"));
                }
                if step_up.factor.as_ref().is_some_and(|f| !factors.contains_key(f)) {
                    return Err(error(format!("{key}.factor"), line, "names no factor under `factors:`"));
                }
                if let Some(methods) = &step_up.methods {
                    if methods.is_empty() {
                        return Err(error(format!("{key}.methods"), line, "names no second factor; leave it out for any"));
                    }
                    if step_up.factor.is_some() {
                        return Err(error(
                            format!("{key}.methods"),
                            line,
                            "a separate factor is its own authenticator; `methods` cannot go with `factor`",
                        ));
                    }
                }
            }
            if let Some(kinds) = &rule.second_factor {
                seen.second_factor += 1;
                let line = locate::line_of_nth_key(src, "second_factor", seen.second_factor);
                let key = format!("sites[{i}].rules[{j}].second_factor");
                if rule.action != ActionName::TwoFactor {
                    return Err(error(key, line, "only a `two_factor` rule can say which second factors count"));
                }
                if kinds.is_empty() {
                    return Err(error(key, line, "names no second factor; leave it out for any"));
                }
            }
        }
    }
    Ok(())
}
