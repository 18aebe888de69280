//! The `portcullis` command line.
#![deny(clippy::unwrap_used, clippy::expect_used, unsafe_code)]

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use pingora::services::ServiceWithDependents;

use portcullis::audit::{self, Audit};
use portcullis::{admin, auth, config, demo::Demo, explain, server};

/// pingora makes about a hundred small allocations per proxied request; mimalloc serves them
/// with some 15% fewer instructions per request than glibc's malloc (benches/instructions.sh)
/// and gives memory back after a burst, where glibc kept it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(version, about = "Two-factor authentication in front of web apps that cannot be changed")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The config file (for `serve`, the default command).
    #[arg(long, short, global = true, env = "PORTCULLIS_CONFIG", default_value = "config/portcullis.yaml")]
    config: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Run the gate (the default).
    Serve {
        /// Take the listening sockets over from the gate running with this config, which is
        /// then sent SIGQUIT: it hands them over and drains, and no connection is refused.
        #[arg(long)]
        upgrade: bool,
    },
    /// Validate the config and users file, then exit; non-zero with the key and line on error.
    Check,
    /// Read a password from standard input and print its argon2id hash for users.yaml.
    HashPassword,
    /// Manage users' state in the store (safe while the gate runs).
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Explain what the policy does with one request: the site, each rule considered and why it
    /// matched or not, the action, what a session needs and, with --user, what they would be
    /// asked now. Exit status: 0 bypass, 3 two-factor, 4 two-factor with a step-up, 5 deny,
    /// 6 refused (no site, or a target the gate will not judge), 7 one-factor, 1 an error.
    Explain {
        /// The request's URL, e.g. https://app.example.com/pay/x?to=bob
        #[arg(long)]
        url: String,
        #[arg(long, default_value = "GET")]
        method: String,
        /// The client's address (as the gate sees it, after trusted proxies).
        #[arg(long)]
        ip: std::net::IpAddr,
        /// The client's country (two letters); otherwise looked up where rules name countries.
        #[arg(long)]
        country: Option<String>,
        /// Also say what this user would be asked for now.
        #[arg(long)]
        user: Option<String>,
    },
    /// Read the audit trail kept in the store, oldest first.
    Audit {
        /// Only this user's events (as typed, for failed sign-ins).
        #[arg(long)]
        user: Option<String>,
        /// How far back, e.g. 24h, 7d.
        #[arg(long, default_value = "24h", value_parser = humantime::parse_duration)]
        since: std::time::Duration,
        /// The JSON lines as written, for other tools.
        #[arg(long)]
        json: bool,
        /// At most this many of the newest events.
        #[arg(long, default_value_t = 1000)]
        limit: u32,
    },
    /// The store itself.
    Store {
        #[command(subcommand)]
        action: StoreAction,
    },
    /// Run the gate in front of a bundled demo app, with a demo user.
    Demo {
        /// Folder for the demo's config, users file and data.
        #[arg(long, default_value = "demo-data")]
        dir: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[arg(long, default_value = "127.0.0.1:9000")]
        app: SocketAddr,
    },
}

#[derive(Subcommand)]
enum StoreAction {
    /// Bring the store's schema up to date (`serve` does too, at start), then exit.
    Migrate,
    /// Copy a single box's SQLite store into PostgreSQL (what the target has stays).
    Copy {
        /// The SQLite store (data_dir/portcullis.db).
        #[arg(long)]
        from: PathBuf,
        /// The PostgreSQL URL (password in it, or in PORTCULLIS_POSTGRES_PASSWORD).
        #[arg(long, env = "PORTCULLIS_POSTGRES_URL")]
        to: String,
        #[arg(long, value_enum, default_value = "prefer")]
        tls: TlsMode,
    },
}

/// `store.postgres.tls`, for the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
enum TlsMode {
    Disable,
    Prefer,
    Require,
    VerifyFull,
}

#[derive(Subcommand)]
enum UserAction {
    /// Every user: authenticator, sessions, lock.
    List,
    /// One user in full.
    Show { name: String },
    /// Forget the user's authenticator (they enrol again), end their sessions, clear their lock.
    #[command(name = "reset-2fa")]
    Reset2fa { name: String },
    /// Clear a user's failed attempts and lockout, including the hard cap.
    Unlock { name: String },
    /// Revoke all the user's trusted devices (they enter a code at their next sign-in).
    RevokeDevices { name: String },
}

fn main() -> ExitCode {
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(portcullis::log_line::Stderr { ansi })
        .with_ansi(ansi)
        .init();
    let cli = Cli::parse();
    let done = |result: anyhow::Result<()>| result.map(|()| ExitCode::SUCCESS);
    let result = match cli.command.unwrap_or(Command::Serve { upgrade: false }) {
        Command::Explain { url, method, ip, country, user } => {
            let question = explain::Question { url: &url, method: &method, ip, country: country.as_deref(), user: user.as_deref() };
            explain_request(&cli.config, &question).map(|(text, outcome)| {
                print!("{text}");
                ExitCode::from(outcome as u8)
            })
        }
        Command::Serve { upgrade } => done(server::run(&cli.config, Vec::new(), upgrade)),
        Command::Check => done(check(&cli.config)),
        Command::HashPassword => done(hash_password()),
        Command::User { action } => done(user(&cli.config, action)),
        Command::Audit { user, since, json, limit } => done(audit_trail(&cli.config, user.as_deref(), since, json, limit)),
        Command::Store { action: StoreAction::Migrate } => done(migrate(&cli.config)),
        Command::Store { action: StoreAction::Copy { from, to, tls } } => done(copy(&from, to, tls)),
        Command::Demo { dir, listen, app } => done(demo(Demo { dir, listen, app })),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn check(path: &std::path::Path) -> anyhow::Result<()> {
    let c = config::load(path)?;
    let mut sites: Vec<_> = c.policy.sites().collect();
    sites.sort_by(|a, b| a.host.cmp(&b.host));
    for site in sites {
        let (shadowed, catch_all) = site.unreachable();
        for (later, earlier) in shadowed {
            println!("warning: site {}: rules[{later}] can never match: rules[{earlier}] matches every request it would", site.host);
        }
        if catch_all {
            println!("warning: site {}: a rule matches every request, so its `default` is never used", site.host);
        }
        for (n, rule) in site.rules.iter().enumerate() {
            for name in rule.users.iter().flatten().filter(|u| c.users.get(u).is_none()) {
                println!("warning: site {}: rules[{n}] names the user {name}, who is not in the users file", site.host);
            }
            for group in rule.groups.iter().flatten().filter(|g| !c.users.sorted().iter().any(|u| u.groups.contains(g))) {
                println!("warning: site {}: rules[{n}] names the group {group}, which no user is in", site.host);
            }
        }
    }
    for user in c.users.sorted().into_iter().filter(|u| u.exempt) {
        println!("warning: user {}: exempt from two-factor (`two_factor: exempt`): the password alone signs them in", user.username);
    }
    println!("{}: OK ({} sites, {} users)", path.display(), c.policy.sites().count(), c.users.len());
    Ok(())
}

fn explain_request(config_path: &std::path::Path, question: &explain::Question<'_>) -> anyhow::Result<(String, explain::Outcome)> {
    let config = config::load(config_path)?;
    let store = config.store.open()?;
    explain::explain(&config, store.as_ref(), question, portcullis::clock::now()).map_err(|e| anyhow::anyhow!(e))
}

fn migrate(path: &std::path::Path) -> anyhow::Result<()> {
    println!("{}", config::load(path)?.store.migrate()?);
    Ok(())
}

fn copy(from: &std::path::Path, to: String, tls: TlsMode) -> anyhow::Result<()> {
    use portcullis::store::{PgSettings, PgTls};
    let tls = match tls {
        TlsMode::Disable => PgTls::Disable,
        TlsMode::Prefer => PgTls::Prefer,
        TlsMode::Require => PgTls::Require,
        TlsMode::VerifyFull => PgTls::VerifyFull { ca_file: None },
    };
    let password = std::env::var("PORTCULLIS_POSTGRES_PASSWORD").ok().map(Into::into);
    let copied = portcullis::store::sqlite_into_postgres(from, &PgSettings { url: to.into(), password, max_connections: 2, tls })?;
    println!("{copied}");
    println!("The replicas must sign and seal with this box's keys: point secrets.session_key_file and");
    println!("secrets.storage_key_file at copies of its data_dir/session.key and storage.key.");
    Ok(())
}

fn user(config_path: &std::path::Path, action: UserAction) -> anyhow::Result<()> {
    let config = config::load(config_path)?;
    let store = config.store.open()?;
    let (reg, now) = (config.regulation, portcullis::clock::now());
    let known =
        |name: &str| config.users.get(name).ok_or_else(|| anyhow::anyhow!("{name}: no such user in {}", config.users_file.display()));
    let trail = Audit::new(std::sync::Arc::clone(&store), config.audit.clone())?;
    let by_admin =
        |event: audit::Event, name: &str, detail: &str| trail.record_now(audit::Entry::new(event, now).user(name).detail(detail));
    let out = match action {
        UserAction::List => admin::list(&config.users, store.as_ref(), &reg, now)?,
        UserAction::Show { name } => admin::show(known(&name)?, config.policy.factors(), store.as_ref(), &reg, now)?,
        UserAction::Reset2fa { name } => {
            let done = admin::reset_two_factor(known(&name)?, config.policy.factors(), store.as_ref(), now)?;
            by_admin(audit::Event::AdminReset, &name, "by an admin (portcullis user reset-2fa)")?;
            done
        }
        UserAction::RevokeDevices { name } => {
            let done = admin::revoke_devices(&known(&name)?.username, store.as_ref())?;
            by_admin(audit::Event::DeviceRevoked, &name, "every device, by an admin (portcullis user revoke-devices)")?;
            done
        }
        UserAction::Unlock { name } => match admin::unlock(&name, config.policy.factors(), store.as_ref())? {
            true => {
                by_admin(audit::Event::Unlock, &name, "by an admin (portcullis user unlock)")?;
                format!("{name}: unlocked")
            }
            false => format!("{name}: had no failed attempts"),
        },
    };
    println!("{}", out.trim_end());
    Ok(())
}

fn audit_trail(
    config_path: &std::path::Path,
    user: Option<&str>,
    since: std::time::Duration,
    json: bool,
    limit: u32,
) -> anyhow::Result<()> {
    let config = config::load(config_path)?;
    let store = config.store.open()?;
    let from = portcullis::clock::now() - since.as_secs() as i64;
    print!("{}", admin::audit_trail(store.as_ref(), from, user, json, limit)?);
    Ok(())
}

fn hash_password() -> anyhow::Result<()> {
    eprintln!("Type the password and press Enter:");
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']);
    anyhow::ensure!(!password.is_empty(), "the password is empty");
    println!("{}", auth::password::hash(password).map_err(|e| anyhow::anyhow!("{e}"))?);
    Ok(())
}

fn demo(demo: Demo) -> anyhow::Result<()> {
    let (config, password) = demo.prepare()?;
    let port = demo.listen.port();
    println!();
    println!("  Portcullis demo: open http://localhost:{port}/ in a browser");
    println!("  Sign in as:      demo");
    println!("  Password:        {password}");
    println!("  Then scan the QR code with any authenticator app (or type the key shown).");
    println!("  Public page, no login: http://localhost:{port}/public/   ·   Stop with Ctrl-C");
    println!("  Emails to the demo user are written to {}", demo.dir.join("data").join("notifications").display());
    println!();
    let app: Box<dyn ServiceWithDependents> = Box::new(demo.app_service());
    server::run(&config, vec![app], false)
}
