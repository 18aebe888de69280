//! `portcullis explain`: what the policy does with one request, rule by rule, what a session
//! needs for it and, for a user, what they would be asked now. The request is judged as the
//! gate judges it (the same host lookup, target parser and rules); the store is only read.

use std::fmt::Write;
use std::net::IpAddr;

use http::Method;

use crate::auth::methods::Methods;
use crate::auth::throttle::{self, Lock};
use crate::clock;
use crate::config::Config;
use crate::geo::Country;
use crate::policy::{Action, Condition, CountrySpec, Enrolment, FirstUse, Request, Site, StepUp, Who};
use crate::store::{Store, StoreError};
use crate::web::target;

/// The request to explain.
pub struct Question<'a> {
    pub url: &'a str,
    pub method: &'a str,
    pub ip: IpAddr,
    /// As given; otherwise looked up where the site's rules name countries.
    pub country: Option<&'a str>,
    pub user: Option<&'a str>,
}

/// What the gate does with it, as the exit status tells scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Bypass = 0,
    OneFactor = 7,
    TwoFactor = 3,
    StepUp = 4,
    Deny = 5,
    /// No site serves the host, or the gate refuses the target (400).
    Refused = 6,
}

/// The explanation, line by line, and the outcome; `Err` for a question that cannot be asked
/// (a malformed URL, method, country) or a store that cannot be read.
pub fn explain(config: &Config, store: &dyn Store, q: &Question<'_>, now: i64) -> Result<(String, Outcome), String> {
    let uri: http::Uri = q.url.parse().map_err(|e| format!("--url {:?}: {e}", q.url))?;
    let host = uri.host().ok_or_else(|| format!("--url {:?} names no host", q.url))?;
    let method: Method = q.method.to_ascii_uppercase().parse().map_err(|_| format!("--method {:?} is not a method", q.method))?;
    let mut out = String::new();
    let Some(site) = config.policy.site(host) else {
        let _ = writeln!(out, "no site serves {host}: the gate answers 421");
        return Ok((out, Outcome::Refused));
    };
    let raw = uri.path_and_query().map_or("/", |p| p.as_str());
    let judged = match target::parse(raw.as_bytes(), host, method == Method::OPTIONS, site.path_case) {
        Ok(t) => t.judged.into_owned(),
        Err(e) => {
            let _ = writeln!(out, "site: {} ({})\nrefused with 400: {}", site.host, site.name, e.text().trim_end());
            return Ok((out, Outcome::Refused));
        }
    };
    let country = country_of(config, site, q)?;
    let _ = writeln!(out, "site: {} ({})", site.host, site.name);
    let _ = writeln!(out, "request: {method} {judged} (the path as the rules judge it) from {}, {}", q.ip, country.1);
    // Rules by who see the --user as signed in; without one, the request is anonymous.
    let user = q.user.and_then(|name| config.users.get(name));
    let who = user.map(|u| Who { user: &u.username, groups: &u.groups });
    if site.uses_who {
        let _ = match (q.user, who) {
            (Some(name), Some(_)) => writeln!(out, "judged as {name}, signed in (rules name users or groups)"),
            (Some(name), None) => writeln!(out, "judged as anonymous: {name} is not in the users file"),
            (None, _) => writeln!(out, "judged as anonymous (rules name users or groups: say --user to judge as one)"),
        };
    }
    let request = Request { path: &judged, method: &method, ip: q.ip, country: country.0, who };
    let action = rules(&mut out, config, site, &request);
    let outcome = needs(&mut out, config, action);
    if let Some(name) = q.user {
        asked(&mut out, config, store, site, action, name, now).map_err(|e| format!("reading the store: {e}"))?;
    }
    Ok((out, outcome))
}

/// The country the rules see, and how it was known.
fn country_of(config: &Config, site: &Site, q: &Question<'_>) -> Result<(Option<Country>, String), String> {
    if let Some(given) = q.country {
        let code = Country::parse(given).ok_or_else(|| format!("--country {given:?} is not a two-letter code"))?;
        return Ok((Some(code), format!("country {code} (given)")));
    }
    if !site.uses_countries {
        return Ok((None, "country not looked up (no rule of the site names countries)".into()));
    }
    match config.geo.country(q.ip)? {
        Some(code) => Ok((Some(code), format!("country {code} (GeoIP)"))),
        None => Ok((None, "country unknown to the GeoIP database".into())),
    }
}

/// Each rule in turn until one matches, with why it did or did not; the action.
fn rules(out: &mut String, config: &Config, site: &Site, request: &Request<'_>) -> Action {
    for (n, rule) in site.rules.iter().enumerate() {
        let conditions: Vec<String> =
            rule.conditions().map(|c| format!("{} {}", describe(&c), if c.met(request) { "— yes" } else { "— no" })).collect();
        let matched = rule.conditions().all(|c| c.met(request));
        let said = if conditions.is_empty() { "every request".to_string() } else { conditions.join("; ") };
        let _ =
            writeln!(out, "rules[{n}]: {said}{}", if matched { format!(" → {}", action_name(config, rule.action)) } else { String::new() });
        if matched {
            if n + 1 < site.rules.len() {
                let _ = writeln!(out, "  (the rules after it are not considered)");
            }
            return rule.action;
        }
    }
    let _ = writeln!(out, "no rule matches → the default, {}", action_name(config, site.default));
    site.default
}

fn describe(c: &Condition<'_>) -> String {
    let list = |items: Vec<String>| items.join(", ");
    match c {
        Condition::Path(re) => format!("path matches {:?}", re.as_str()),
        Condition::Methods(ms) => format!("method is one of {}", list(ms.iter().map(|m| m.to_string()).collect())),
        Condition::Networks(ns) => format!("address in {}", list(ns.iter().map(|n| n.to_string()).collect())),
        Condition::Users(us) => format!("signed in as one of {}", list(us.to_vec())),
        Condition::Groups(gs) => format!("signed in, in a group of {}", list(gs.to_vec())),
        Condition::Countries(cs) => format!(
            "country is one of {}",
            list(cs.iter().map(|c| if let CountrySpec::Code(code) = c { code.to_string() } else { "unknown".into() }).collect())
        ),
    }
}

fn action_name(config: &Config, action: Action) -> String {
    match action {
        Action::Bypass => "bypass".into(),
        Action::Deny => "deny".into(),
        Action::OneFactor => "one_factor".into(),
        Action::TwoFactor { step_up: Some(s), passkey, .. } => {
            format!("two_factor with a step-up ({}){}", step_up_text(config, s), by_passkey(passkey))
        }
        Action::TwoFactor { passkey: true, .. } => "two_factor by a passkey or security key only".into(),
        Action::TwoFactor { devices: false, .. } => "two_factor, trusted devices not accepted".into(),
        Action::TwoFactor { .. } => "two_factor".into(),
    }
}

fn by_passkey(passkey: bool) -> &'static str {
    if passkey {
        ", by a passkey or security key"
    } else {
        ""
    }
}

fn step_up_text(config: &Config, s: StepUp) -> String {
    let factor = s.factor.and_then(|id| config.policy.factor(id)).map(|f| f.name.as_str());
    let of = factor.map_or_else(|| "of the sign-in's authenticator".to_string(), |f| format!("of the separate factor `{f}`"));
    format!("a code at most {} old, {of}", clock::span(s.max_age))
}

/// What a session needs for `action`; the outcome.
fn needs(out: &mut String, config: &Config, action: Action) -> Outcome {
    let (line, outcome) = match action {
        Action::Bypass => ("forwarded without a session (identity headers removed, none added)".to_string(), Outcome::Bypass),
        Action::Deny => ("refused with 403 whoever asks".to_string(), Outcome::Deny),
        Action::OneFactor => ("a session needs: the password; no second factor is asked".to_string(), Outcome::OneFactor),
        Action::TwoFactor { passkey: true, step_up: None, .. } => {
            ("a session needs: the password and a passkey or security key (no code, no trusted device)".to_string(), Outcome::TwoFactor)
        }
        Action::TwoFactor { devices, step_up: None, .. } => {
            let devices = if devices { "a trusted device may stand in for the code" } else { "a trusted device is not accepted" };
            (format!("a session needs: the password and a second factor; {devices}"), Outcome::TwoFactor)
        }
        Action::TwoFactor { step_up: Some(s), passkey, .. } => {
            let needs = format!("{}{}", step_up_text(config, s), by_passkey(passkey));
            (format!("a session needs: {needs}; a trusted device is not accepted"), Outcome::StepUp)
        }
    };
    let _ = writeln!(out, "action: {line}");
    outcome
}

/// What `name` would be asked for now, signing in afresh from this address.
fn asked(
    out: &mut String,
    config: &Config,
    store: &dyn Store,
    site: &Site,
    action: Action,
    name: &str,
    now: i64,
) -> Result<(), StoreError> {
    let Action::TwoFactor { devices, step_up, passkey } = action else {
        let _ = writeln!(out, "{name}: nothing is asked of anyone here");
        return Ok(());
    };
    let Some(user) = config.users.get(name) else {
        let _ = writeln!(out, "{name}: not in the users file; a sign-in fails as a wrong password does");
        return Ok(());
    };
    if let Some(lock) = store.attempts(&throttle::user_key(name))?.and_then(|a| throttle::lock_of(&a, now, &config.regulation)) {
        let until = match lock {
            Lock::Until(t) => format!("until {} UTC", clock::time_of_day(t)),
            Lock::Disabled => "until an admin unlocks them".into(),
        };
        let _ = writeln!(out, "{name}: locked out {until}; nothing is checked meanwhile");
    }
    let methods = Methods::read(store, user, config.policy.factors())?;
    let mut steps = vec!["their password".to_string()];
    if !methods.enrolled() {
        steps.push(match (site.enrolment, step_up) {
            (Enrolment::Grace(grace), None) => {
                format!("to set up an authenticator app, which they may put off until {} after their first sign-in", clock::span(grace))
            }
            (Enrolment::Optional, None) => "nothing more: two-factor is optional here, and they have not turned it on".into(),
            _ => "to set up an authenticator app (their first sign-in)".into(),
        });
    } else if passkey {
        steps.push(match methods.passkeys.len() {
            0 => "a passkey or security key, which they have not set up: they add one on their security page first".into(),
            n => format!("one of their {n} passkey(s){}", if step_up.is_some() { ", fresh" } else { "" }),
        });
    } else if step_up.is_none_or(|s| s.factor.is_some()) {
        let mut ways: Vec<String> = Vec::new();
        if methods.app {
            ways.push("their authenticator app's code".into());
        }
        if !methods.passkeys.is_empty() {
            ways.push("a passkey".into());
        }
        if methods.email.is_some() && site.email_codes {
            ways.push("a code by email".into());
        }
        if methods.phone.is_some() && site.sms_codes {
            ways.push("a code by text".into());
        }
        if methods.backup_left > 0 {
            ways.push(format!("one of their {} backup codes", methods.backup_left));
        }
        steps.push(ways.join(", or "));
        if devices && step_up.is_none() && site.devices.enabled {
            steps.push("(a device they trusted here stands in for the code)".into());
        }
    } else {
        steps.push("their authenticator app's code, fresh".into());
    }
    if let Some(factor) = step_up.and_then(|s| s.factor).and_then(|id| config.policy.factor(id)) {
        let set_up = methods.factors.iter().any(|(n, yes)| n == &factor.name && *yes);
        steps.push(match (set_up, factor.first_use) {
            (true, _) => format!("then the code of `{}`", factor.name),
            (false, FirstUse::Enrol) => format!("then to set up `{}` (they have not yet)", factor.name),
            (false, FirstUse::Deny) => format!("refused: `{}` is not set up, which they must do on their security page", factor.name),
        });
    }
    let _ = writeln!(out, "{name} would be asked for: {}", steps.join("; "));
    Ok(())
}
