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
