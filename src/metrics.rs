//! The process's metrics, served in Prometheus's text format (prometheus-client, OpenMetrics)
//! by the admin listener. One registry for the process: the gate, the portal, the store and
//! the background work all count into it, whatever layer they are in. Labels are sites,
//! outcomes, factors and results, never users or paths (whose number has no bound).
//!
//! A site's request counters and timings are taken from the registry once, when its config is
//! compiled ([`SiteMetrics`]): counting a request is then one atomic add, not a lookup by
//! label, and a reload that compiles the site again finds the same series.

use std::sync::LazyLock;
use std::time::Duration;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::{Registry, Unit};

/// The content type of [`encoded`].
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// What became of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Forwarded for a signed-in user.
    Forwarded,
    /// Forwarded by a `bypass` rule.
    Bypass,
    Denied,
    /// A browser sent to the login or code page.
    SignIn,
    /// An API client told 401.
    Unauthenticated,
    /// A code fresher than the session's asked for (a browser's form held meanwhile).
    StepUp,
    /// One of the gate's own pages.
    Portal,
    /// Refused as malformed or for no site (4xx).
    Refused,
    /// The gate or the upstream failed (5xx).
    Failed,
}

impl Outcome {
    const ALL: [Outcome; 9] = [
        Outcome::Forwarded,
        Outcome::Bypass,
        Outcome::Denied,
        Outcome::SignIn,
        Outcome::Unauthenticated,
        Outcome::StepUp,
        Outcome::Portal,
        Outcome::Refused,
        Outcome::Failed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Forwarded => "forwarded",
            Outcome::Bypass => "bypass",
            Outcome::Denied => "denied",
            Outcome::SignIn => "sign_in",
            Outcome::Unauthenticated => "unauthenticated",
            Outcome::StepUp => "step_up",
            Outcome::Portal => "portal",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }

    /// A response's outcome told by its status alone: a refusal, a failure, or a page.
    pub fn of_status(status: u16) -> Outcome {
        match status {
            500.. => Outcome::Failed,
            400.. => Outcome::Refused,
            _ => Outcome::Portal,
        }
    }
}

/// What proved a sign-in step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Factor {
    Password,
    Totp,
    BackupCode,
    Email,
    Sms,
    Passkey,
    TrustedDevice,
}

impl Factor {
    pub fn label(self) -> &'static str {
        match self {
            Factor::Password => "password",
            Factor::Totp => "totp",
            Factor::BackupCode => "backup_code",
            Factor::Email => "email",
            Factor::Sms => "sms",
            Factor::Passkey => "webauthn",
            Factor::TrustedDevice => "trusted_device",
        }
    }
}

/// A notification's fate, counted per channel (`email`, `sms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sending {
    Queued,
    Sent,
    Failed,
}

type Labels<const N: usize> = [(&'static str, &'static str); N];
type SiteLabels = [(&'static str, String); 1];
type Timings<L> = Family<L, Histogram, fn() -> Histogram>;

struct Metrics {
    registry: Registry,
    requests: Family<[(&'static str, String); 2], Counter>,
    decision: Timings<SiteLabels>,
    upstream: Timings<SiteLabels>,
    sign_ins: Family<Labels<2>, Counter>,
    lockouts: Counter,
    throttled: Counter,
    step_ups: Family<Labels<1>, Counter>,
    devices: Family<Labels<1>, Counter>,
    live_sessions: Gauge,
    password_checks: Gauge,
    password_checks_refused: Counter,
    store: Histogram,
    store_errors: Counter,
    notifications: Family<Labels<2>, Counter>,
    channel_up: Family<Labels<1>, Gauge>,
    reloads: Family<Labels<1>, Counter>,
    config: Family<[(&'static str, String); 1], Gauge>,
    access_log_dropped: Counter,
    in_flight: Gauge,
}

fn decision_buckets() -> Histogram {
    Histogram::new(exponential_buckets(0.000_025, 2.0, 14))
}

fn upstream_buckets() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Metrics {
    fn new() -> Metrics {
        let mut r = Registry::with_prefix("portcullis");
        let m = Metrics {
            requests: Family::default(),
            decision: Family::new_with_constructor(decision_buckets),
            upstream: Family::new_with_constructor(upstream_buckets),
            sign_ins: Family::default(),
            lockouts: Counter::default(),
            throttled: Counter::default(),
            step_ups: Family::default(),
            devices: Family::default(),
            live_sessions: Gauge::default(),
            password_checks: Gauge::default(),
            password_checks_refused: Counter::default(),
            store: Histogram::new(exponential_buckets(0.000_05, 2.0, 14)),
            store_errors: Counter::default(),
            notifications: Family::default(),
            channel_up: Family::default(),
            reloads: Family::default(),
            config: Family::default(),
            access_log_dropped: Counter::default(),
            in_flight: Gauge::default(),
            registry: Registry::default(),
        };
        r.register("requests", "Requests by site and what became of them", m.requests.clone());
        r.register_with_unit("decision", "Time to decide a request, by site", Unit::Seconds, m.decision.clone());
        r.register_with_unit("upstream", "Time to the upstream's response header, by site", Unit::Seconds, m.upstream.clone());
        r.register("sign_in_attempts", "Sign-in steps by factor and result", m.sign_ins.clone());
        r.register("lockouts", "Users or addresses locked out after failures", m.lockouts.clone());
        r.register("throttled", "Attempts refused because of a lockout", m.throttled.clone());
        r.register("step_ups", "Step-up codes by result", m.step_ups.clone());
        r.register("devices", "Trusted devices by change", m.devices.clone());
        r.register("live_sessions", "Sessions not yet ended, in the store", m.live_sessions.clone());
        r.register("password_checks", "Password checks hashing or waiting for a thread", m.password_checks.clone());
        r.register("password_checks_refused", "Password checks refused because every place was taken", m.password_checks_refused.clone());
        r.register_with_unit("store_operation", "Time of each store operation", Unit::Seconds, m.store.clone());
        r.register("store_errors", "Store operations that failed", m.store_errors.clone());
        r.register("notifications", "Notifications by channel and fate", m.notifications.clone());
        r.register("notification_channel_up", "Whether a notification channel worked when last tried", m.channel_up.clone());
        r.register("config_reloads", "Config reloads by result", m.reloads.clone());
        r.register("config", "The loaded config, by the hash of its files", m.config.clone());
        r.register("requests_in_flight", "Requests read and not yet ended", m.in_flight.clone());
        r.register("access_log_dropped", "Access log lines dropped because the writer fell behind", m.access_log_dropped.clone());
        r.register("build", "The binary's version", Info::new([("version", env!("CARGO_PKG_VERSION"))]));
        Metrics { registry: r, ..m }
    }
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// Every metric, in the OpenMetrics text format ([`CONTENT_TYPE`]).
pub fn encoded() -> String {
    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = encode(&mut text, &METRICS.registry);
    text
}

/// A site's request counters and timings.
#[derive(Debug, Clone)]
pub struct SiteMetrics {
    requests: [Counter; Outcome::ALL.len()],
    decision: Histogram,
    upstream: Histogram,
}

impl SiteMetrics {
    /// The series of the site at `host` (those of requests for no site: `-`).
    pub fn of(host: &str) -> SiteMetrics {
        let m = &*METRICS;
        let labels = [("site", host.to_owned())];
        SiteMetrics {
            requests: Outcome::ALL.map(|o| m.requests.get_or_create_owned(&[("site", host.to_owned()), ("outcome", o.label().to_owned())])),
            decision: m.decision.get_or_create_owned(&labels),
            upstream: m.upstream.get_or_create_owned(&labels),
        }
    }

    /// Those of requests that named no site.
    pub fn no_site() -> &'static SiteMetrics {
        static NONE: LazyLock<SiteMetrics> = LazyLock::new(|| SiteMetrics::of("-"));
        &NONE
    }

    pub fn count(&self, outcome: Outcome) {
        self.requests[outcome as usize].inc();
    }

    pub fn decided(&self, took: Duration) {
        self.decision.observe(took.as_secs_f64());
    }

    pub fn answered(&self, took: Duration) {
        self.upstream.observe(took.as_secs_f64());
    }
}

pub fn sign_in(factor: Factor, ok: bool) {
    METRICS.sign_ins.get_or_create(&[("factor", factor.label()), ("result", if ok { "success" } else { "failure" })]).inc();
}

/// A request was read (`true`) or ended.
pub fn in_flight(started: bool) {
    match started {
        true => METRICS.in_flight.inc(),
        false => METRICS.in_flight.dec(),
    };
}

pub fn requests_in_flight() -> i64 {
    METRICS.in_flight.get()
}

pub fn access_log_dropped() {
    METRICS.access_log_dropped.inc();
}

pub fn lockout() {
    METRICS.lockouts.inc();
}

pub fn throttled() {
    METRICS.throttled.inc();
}

pub fn step_up(ok: bool) {
    METRICS.step_ups.get_or_create(&[("result", if ok { "success" } else { "failure" })]).inc();
}

pub fn device_trusted() {
    METRICS.devices.get_or_create(&[("change", "trusted")]).inc();
}

pub fn devices_revoked(n: u64) {
    METRICS.devices.get_or_create(&[("change", "revoked")]).inc_by(n);
}

pub fn live_sessions(n: u64) {
    METRICS.live_sessions.set(i64::try_from(n).unwrap_or(i64::MAX));
}

/// One more (or, `false`, one fewer) password check hashing or waiting for a thread.
pub fn password_checks(more: bool) {
    match more {
        true => METRICS.password_checks.inc(),
        false => METRICS.password_checks.dec(),
    };
}

pub fn password_checks_refused() {
    METRICS.password_checks_refused.inc();
}

pub fn store_operation(took: Duration, ok: bool) {
    METRICS.store.observe(took.as_secs_f64());
    if !ok {
        METRICS.store_errors.inc();
    }
}

/// A notification on `channel` (`email` or `sms`).
pub fn notification(channel: &'static str, what: Sending) {
    let fate = match what {
        Sending::Queued => "queued",
        Sending::Sent => "sent",
        Sending::Failed => "failed",
    };
    METRICS.notifications.get_or_create(&[("channel", channel), ("fate", fate)]).inc();
}

pub fn channel_up(channel: &'static str, up: bool) {
    METRICS.channel_up.get_or_create(&[("channel", channel)]).set(i64::from(up));
}

/// A reload tried; when it took, the hash of what is now loaded.
pub fn reload(loaded: Option<&str>) {
    METRICS.reloads.get_or_create(&[("result", if loaded.is_some() { "success" } else { "failure" })]).inc();
    if let Some(hash) = loaded {
        config_loaded(hash);
    }
}

/// The config now loaded, by the hash of its files: the one series with value 1.
pub fn config_loaded(hash: &str) {
    METRICS.config.clear();
    METRICS.config.get_or_create(&[("hash", hash.to_owned())]).set(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sites_counters_are_the_registrys_and_survive_being_taken_again() {
        let first = SiteMetrics::of("metrics-test.example");
        first.count(Outcome::Denied);
        SiteMetrics::of("metrics-test.example").count(Outcome::Denied);
        first.decided(Duration::from_micros(30));
        let text = encoded();
        assert!(text.contains("portcullis_requests_total{site=\"metrics-test.example\",outcome=\"denied\"} 2"), "{text}");
        assert!(text.contains("portcullis_requests_total{site=\"metrics-test.example\",outcome=\"forwarded\"} 0"), "{text}");
        assert!(text.contains("portcullis_decision_seconds_count{site=\"metrics-test.example\"} 1"), "{text}");
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn only_the_config_loaded_last_is_shown() {
        config_loaded("aaaa");
        reload(Some("bbbb"));
        let text = encoded();
        assert!(text.contains("portcullis_config{hash=\"bbbb\"} 1"), "{text}");
        assert!(!text.contains("hash=\"aaaa\""), "{text}");
    }
}
