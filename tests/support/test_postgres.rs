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
