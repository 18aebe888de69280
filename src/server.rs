//! Building and running the pingora server from a validated config.

use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use arc_swap::ArcSwap;
use pingora::apps::HttpServerOptions;
use pingora::listeners::tls::TlsSettings;
use pingora::listeners::{L4BufferSettings, ListenerConfig};
use pingora::protocols::http::v2::server::{default_h2_options, H2Options};
use pingora::server::configuration::{Opt, ServerConf};
use pingora::server::Server;
use pingora::services::background::background_service;
use pingora::services::listening::Service;
use pingora::services::ServiceWithDependents;

use crate::access_log::AccessLog;
use crate::admin_listener::AdminListener;
use crate::audit::Audit;
use crate::auth::assertion::Assertions;
use crate::auth::backup::BackupCodes;
use crate::auth::device::Devices;
use crate::auth::passkey::Passkeys;
use crate::auth::password::PasswordChecker;
use crate::auth::sent_code::SentCodes;
use crate::auth::session::Sessions;
use crate::auth::throttle::Throttle;
use crate::config::{self, Config};
use crate::drain::Drain;
use crate::gate::Gate;
use crate::hold::Holds;
use crate::keys::{self, Keyring};
use crate::maintenance::{Housekeeping, Reloader};
use crate::metrics;
use crate::notify::{ChannelHealth, Courier, Outbox};
use crate::state::{Live, State};
use crate::store::SharedStore;
use crate::upgrade;
use crate::web::csrf::Csrf;
use crate::web::hygiene;
use crate::web::keepalive::{self, WaitForRequest};

/// Loads everything the gate needs; every failure names what is wrong.
pub fn build_state(config: Config) -> anyhow::Result<(Arc<State>, Config)> {
    let keys = Keyring::load(&config.secrets, &config.data_dir).context("loading keys")?;
    let store: SharedStore = config.store.open().context("opening the store")?;
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut config = config;
    let live = Live {
        policy: std::mem::take(&mut config.policy),
        users: std::mem::take(&mut config.users),
        geo: std::mem::take(&mut config.geo),
        hash: config.hash.clone(),
    };
    metrics::config_loaded(&config.hash);
    let audit = Audit::new(Arc::clone(&store), config.audit.clone()).context("opening the audit trail")?;
    let pems = keys::assertion_keys(&config.secrets.assertion_files, &config.data_dir.join("assertion.pem")).context("loading keys")?;
    let access_log = config.access_log.clone().map(AccessLog::start).transpose().context("opening the access log")?;
    let state = State {
        audit,
        access_log,
        assertions: Assertions::new(&pems).map_err(|e| anyhow::anyhow!(e))?,
        holds: Holds::new(Arc::clone(&store), keys.sealer()),
        live: ArcSwap::from_pointee(live),
        sessions: Sessions::new(Arc::clone(&store), keys.session.as_ref(), config.session),
        devices: Devices::new(Arc::clone(&store), keys.session.as_ref()),
        backup_codes: BackupCodes::new(keys.storage.as_ref()),
        passkeys: Passkeys::new(Arc::clone(&store), &keys.storage),
        outbox: Outbox::new(Arc::clone(&store)),
        sent_codes: SentCodes::new(keys.storage.as_ref(), config.sent_codes),
        passwords: PasswordChecker::new(cpus.div_ceil(2).max(1), 32),
        throttle: Throttle::new(Arc::clone(&store), config.regulation),
        csrf: Csrf::new(keys.session.as_ref()),
        sealer: keys.sealer(),
        store,
        portal_path: config.portal_path.clone(),
        trusted_proxies: config.trusted_proxies.clone(),
        reload_failure: Mutex::new(None),
    };
    let state = Arc::new(state);
    let weak = Arc::downgrade(&state);
    if state.store.watch_ended_sessions(Arc::new(move |ended| weak.upgrade().iter().for_each(|s| s.sessions.forget(ended)))) {
        tracing::info!("store: sessions ended on other replicas or by the CLI end here too");
    }
    Ok((state, config))
}

/// A listening address whose connections have no read buffer in front of pingora's HTTP
/// parser, which keeps its own: pingora's default 64 KiB each made 10,000 idle keep-alive
/// connections cost some 450 MiB.
fn listener(addr: &str) -> ListenerConfig {
    ListenerConfig::tcp(addr).l4_buffer(L4BufferSettings::default().read(0))
}

/// HTTP/2 within pingora's bounds, with a request's header block bounded as over HTTP/1.1.
fn h2_options() -> H2Options {
    let mut options = default_h2_options();
    options.max_header_list_size(hygiene::MAX_HEADER_BYTES as u32);
    options
}

/// Runs the gate until a shutdown signal; `extra` services (the demo app) run beside it. With
/// `upgrade`, the listening sockets are taken over from the running gate (`upgrade`), once
/// everything that could fail to start has been built.
pub fn run(config_path: &Path, extra: Vec<Box<dyn ServiceWithDependents>>, upgrade: bool) -> anyhow::Result<()> {
    crate::lang::load();
    let config = config::load(config_path)?;
    let (state, config) = build_state(config)?;
    let tls = config.tls.as_ref().map(tls_settings).transpose()?;
    let channels = Arc::new(ChannelHealth::new(config.notifications.sms.is_some()));
    let courier = Courier::new(&config.notifications, &state.outbox, Arc::clone(&state.store), Arc::clone(&channels))
        .map_err(|e| anyhow::anyhow!("notifications: {e}"))?;
    let (mut server, pid_file) = bootstrapped(&config, upgrade)?;

    let mut proxy = Service::new("portcullis".to_string(), WaitForRequest::new(proxy(&server, &state)));
    proxy.add_listener(listener(&config.listen.to_string()));
    if let (Some(tls), Some(settings)) = (&config.tls, tls) {
        proxy.add_listener(listener(&tls.listen.to_string()).tls(settings));
    }
    server.add_service(proxy);
    server.add_service(background_service("config reload", Reloader::new(Arc::clone(&state), &config)));
    let drain = Drain { state: Arc::clone(&state), timeout: config.drain_timeout, pid_file };
    server.add_service(background_service("drain", drain));
    server.add_service(background_service("housekeeping", Housekeeping::new(Arc::clone(&state), config.session, config.audit_retention)));
    server.add_service(background_service("notifications", courier));
    if let Some(admin) = config.admin {
        let mut listener = Service::new("admin".to_string(), AdminListener { state: Arc::clone(&state), channels });
        listener.add_tcp(&admin.to_string());
        server.add_service(listener);
    }
    for service in extra {
        server.add_boxed_service(service);
    }
    tracing::info!(listen = %config.listen, tls = ?config.tls.as_ref().map(|t| t.listen), admin = ?config.admin, "portcullis starting");
    server.run_forever()
}

/// The TLS listener's settings: ALPN offers HTTP/2, which browsers then speak, and HTTP/1.1.
fn tls_settings(tls: &config::Tls) -> anyhow::Result<TlsSettings> {
    let path = |p: &Path| p.to_str().map(str::to_owned).context("TLS file paths must be UTF-8");
    let mut settings = TlsSettings::intermediate(&path(&tls.cert)?, &path(&tls.key)?).map_err(|e| anyhow::anyhow!("tls: {e}"))?;
    settings.enable_h2();
    Ok(settings)
}

/// The pingora server, bootstrapped: with `upgrade`, holding the sockets the running gate
/// handed over. Its pid file is returned, which names this process from now on.
fn bootstrapped(config: &Config, upgrade: bool) -> anyhow::Result<(Server, std::path::PathBuf)> {
    let mut conf = ServerConf { threads: config.threads, ..ServerConf::default() };
    // What is still in flight after a stop gets this long (whole seconds, rounded up);
    // `Drain` ends the wait once none is.
    conf.grace_period_seconds = Some(config.drain_timeout.as_millis().div_ceil(1000) as u64);
    conf.graceful_shutdown_timeout_seconds = Some(5);
    let socket = config.data_dir.join("upgrade.sock");
    conf.upgrade_sock = socket.to_str().context("data_dir must be UTF-8")?.to_string();
    let pid_file = upgrade::pid_file(&config.data_dir);
    if upgrade {
        upgrade::ask_running_gate(&pid_file, &socket)?;
    }
    let mut server = Server::new_with_opt_and_conf(Some(Opt { upgrade, ..Opt::default() }), conf);
    server.bootstrap();
    upgrade::running(&pid_file);
    Ok((server, pid_file))
}

/// The gate as pingora's HTTP proxy, with HTTP/2 bounded as HTTP/1 is.
fn proxy(server: &Server, state: &Arc<State>) -> pingora::proxy::HttpProxy<Gate> {
    let mut gate = pingora::proxy::http_proxy(&server.configuration, Gate { state: Arc::clone(state) });
    gate.h2_options = Some(h2_options());
    // An idle HTTP/2 connection is closed like an idle HTTP/1 one (which `WaitForRequest` times).
    let mut options = HttpServerOptions::default();
    options.h2_idle_timeout = Some(keepalive::IDLE_TIMEOUT);
    gate.server_options = Some(options);
    gate
}
