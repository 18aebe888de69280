//! A PostgreSQL schema of a test's own, on the server `PORTCULLIS_TEST_POSTGRES` names (by
//! default the local one `scripts/setup.sh --tests` starts), dropped afterwards. Shared by the
//! store's contract tests and the replica tests.

pub struct TestSchema {
    server: String,
    pub schema: String,
}

impl TestSchema {
    pub fn new() -> TestSchema {
        let server = std::env::var("PORTCULLIS_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let schema = format!("portcullis_test_{}_{:08x}", std::process::id(), rand::random::<u32>());
        let test = TestSchema { server, schema };
        test.admin(&format!("CREATE SCHEMA {}", test.schema));
        test
    }

    /// A URL that reaches this schema only.
    pub fn url(&self) -> String {
        format!("{}?options=-csearch_path%3D{}", self.server, self.schema)
    }

    /// The same schema, reached through 127.0.0.1:`port` (a forwarder to the server).
    pub fn url_via(&self, port: u16) -> String {
        let config: tokio_postgres::Config = self.server.parse().expect("test server URL");
        let (user, db) = (config.get_user().unwrap_or("postgres"), config.get_dbname().unwrap_or("postgres"));
        format!("postgres://{user}@127.0.0.1:{port}/{db}?options=-csearch_path%3D{}", self.schema)
    }

    /// Where the server listens, for a forwarder to it.
    pub fn address(&self) -> std::net::SocketAddr {
        let config: tokio_postgres::Config = self.server.parse().expect("test server URL");
        let host = match config.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
            _ => "127.0.0.1".into(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        std::net::ToSocketAddrs::to_socket_addrs(&(host.as_str(), port)).expect("resolve").next().expect("an address")
    }

    /// Runs `sql` on the server, on a thread of its own (so that async tests may call it too).
    pub fn admin(&self, sql: &str) {
        std::thread::scope(|s| {
            s.spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                runtime.block_on(async {
                    let (client, connection) = tokio_postgres::connect(&self.server, tokio_postgres::NoTls)
                        .await
                        .unwrap_or_else(|e| panic!("PostgreSQL at {} (run scripts/setup.sh --tests): {e}", self.server));
                    tokio::spawn(connection);
                    client.batch_execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e:?}"));
                });
            })
            .join()
            .expect("admin sql");
        });
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        self.admin(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
    }
}

/// A PostgreSQL server of a test's own (a fresh cluster in a temporary folder, on a free
/// port), to be stopped and started under running gates. Run as `postgres` when the tests
/// run as root, as PostgreSQL refuses root.
pub struct OwnServer {
    dir: tempfile::TempDir,
    port: u16,
    bin: std::path::PathBuf,
}

impl OwnServer {
    pub fn start() -> OwnServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
        let server = OwnServer { dir, port, bin: postgres_bin() };
        if is_root() {
            let chown = std::process::Command::new("chown").arg("postgres").arg(server.dir.path()).status().expect("chown");
            assert!(chown.success(), "chown postgres {}", server.dir.path().display());
        }
        let data = server.data();
        server.run("initdb", &["-D", &data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
        server.start_again();
        server
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server (fast: connections are ended, as in a restart for maintenance).
    pub fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-w", "-m", "fast", "stop"]);
    }

    pub fn start_again(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.path().display());
        let log = self.dir.path().join("server.log").display().to_string();
        self.run("pg_ctl", &["-D", &self.data(), "-l", &log, "-w", "-o", &options, "start"]);
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let out = self.command(tool).args(args).output().expect("run a PostgreSQL tool");
        assert!(out.status.success(), "{tool} {args:?}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    }

    /// `tool` from PostgreSQL's folder, as the user who owns the cluster.
    fn command(&self, tool: &str) -> std::process::Command {
        let tool = self.bin.join(tool);
        let mut command = if is_root() {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(tool);
            c
        } else {
            std::process::Command::new(tool)
        };
        command.current_dir(self.dir.path());
        command
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let _ = self.command("pg_ctl").args(["-D", &self.data(), "-m", "immediate", "stop"]).output();
    }
}

/// Where `initdb` and `pg_ctl` are: Debian keeps them out of PATH, by version.
fn postgres_bin() -> std::path::PathBuf {
    let mut versions: Vec<std::path::PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.flatten().map(|e| e.path().join("bin")).filter(|b| b.join("initdb").exists()).collect())
        .unwrap_or_default();
    versions.sort_by_key(|p| p.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()).and_then(|v| v.parse::<u32>().ok()));
    versions.pop().unwrap_or_default()
}

fn is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}
