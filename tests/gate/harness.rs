//! A real upstream and a real gate (the `portcullis` binary) on 127.0.0.1, and a client
//! that behaves like a browser with a cookie jar.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

pub const HOST: &str = "app.localhost";
pub const PASSWORD: &str = "correct horse battery staple";
/// The user agent test browsers send unless told otherwise.
pub const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";

/// A request as the upstream received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The request-target as it came over the wire.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    /// Every value of headers whose name, read with `_` as `-`, is `name`.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(k, _)| k.replace('_', "-").eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }
}

/// An HTTP server that answers every request with a JSON echo of what it received, and
/// records it. A path with `set-cookies` in it gets an answer that tries to set the gate's
/// cookies (and one of its own). A request to upgrade is accepted, and the upgraded
/// connection (a tunnel, as a WebSocket's) echoes what it is sent.
/// How long the upstream takes to answer a path that has `/slow` in it.
pub const SLOW: Duration = Duration::from_secs(2);

pub struct Upstream {
    pub addr: SocketAddr,
    pub received: Arc<std::sync::Mutex<Vec<Received>>>,
}

impl Upstream {
    pub async fn start() -> Upstream {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind upstream");
        let addr = listener.local_addr().expect("addr");
        let received = Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = Arc::clone(&received);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let kept = Arc::clone(&kept);
                tokio::spawn(async move {
                    let service = service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                        let kept = Arc::clone(&kept);
                        async move {
                            use http_body_util::BodyExt;
                            let upgrade = req.headers().contains_key("upgrade").then(|| hyper::upgrade::on(&mut req));
                            let pairs: Vec<(String, String)> = req
                                .headers()
                                .iter()
                                .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                                .collect();
                            let headers: Vec<Value> = pairs.iter().map(|(k, v)| json!([k, v])).collect();
                            let (method, uri) = (req.method().to_string(), req.uri().to_string());
                            let set_cookies = uri.contains("set-cookies");
                            if uri.contains("/slow") {
                                tokio::time::sleep(SLOW).await;
                            }
                            let received = req.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                            let received = String::from_utf8_lossy(&received).into_owned();
                            let record = Received { method: method.clone(), target: uri.clone(), headers: pairs, body: received.clone() };
                            kept.lock().expect("lock").push(record);
                            if let Some(upgrade) = upgrade {
                                tokio::spawn(echo_tunnel(upgrade));
                                let resp =
                                    hyper::Response::builder().status(101).header("upgrade", "websocket").header("connection", "upgrade");
                                return Ok(resp.body(Full::new(Bytes::new())).expect("response"));
                            }
                            let body = json!({ "method": method, "uri": uri, "headers": headers, "body": received });
                            let mut resp = hyper::Response::builder().header("content-type", "application/json");
                            if set_cookies {
                                for c in [
                                    "portcullis_session=planted; Path=/",
                                    "__Host-portcullis_csrf=planted; Path=/; Secure",
                                    "__Secure-portcullis_sso=planted; Domain=localhost",
                                    "theme=dark; Path=/",
                                ] {
                                    resp = resp.header("set-cookie", c);
                                }
                            }
                            Ok::<_, std::convert::Infallible>(resp.body(Full::new(Bytes::from(body.to_string()))).expect("response"))
                        }
                    });
                    let _ =
                        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).with_upgrades().await;
                });
            }
        });
        Upstream { addr, received }
    }
}

/// Sends back what comes over an upgraded connection until the other end closes it.
async fn echo_tunnel(upgrade: hyper::upgrade::OnUpgrade) {
    let Ok(upgraded) = upgrade.await else { return };
    let (mut from, mut to) = tokio::io::split(TokioIo::new(upgraded));
    let _ = tokio::io::copy(&mut from, &mut to).await;
}

/// What the upstream saw, parsed from its echo.
pub struct Echo(pub Value);

impl Echo {
    pub fn method(&self) -> &str {
        self.0["method"].as_str().expect("method")
    }

    pub fn body(&self) -> &str {
        self.0["body"].as_str().expect("body")
    }

    pub fn uri(&self) -> &str {
        self.0["uri"].as_str().expect("uri")
    }

    /// Every value of headers whose name, read with `_` as `-`, is `name`.
    pub fn header_all(&self, name: &str) -> Vec<String> {
        self.0["headers"]
            .as_array()
            .expect("headers")
            .iter()
            .filter(|h| h[0].as_str().expect("name").replace('_', "-").eq_ignore_ascii_case(name))
            .map(|h| h[1].as_str().expect("value").to_string())
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        let all = self.header_all(name);
        assert!(all.len() <= 1, "{name} arrived {} times: {all:?}", all.len());
        all.into_iter().next()
    }
}

/// Argon2 hashes are slow on purpose; hash the test password once per test binary.
pub fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| portcullis::auth::password::hash(PASSWORD).expect("hash"))
}

/// reqwest is built without a default TLS crypto provider (to keep aws-lc out); the tests'
/// clients speak plain HTTP, but reqwest wants one installed all the same.
pub fn client_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// The top of a config that keeps the state in `pg`'s schema, with the keys replicas share.
pub fn on_postgres(pg: &crate::test_postgres::TestSchema) -> String {
    on_postgres_at(&pg.url())
}

/// The same, for the database at `url`.
pub fn on_postgres_at(url: &str) -> String {
    let key = |byte: u8| base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [byte; 32]);
    format!(
        "secrets: {{ session_key: \"{}\", storage_key: \"{}\" }}\nstore:\n  postgres:\n    url: \"{url}\"\n    tls: disable\n",
        key(1),
        key(2),
    )
}

/// The config used by most tests; `{upstream}` and `{listen}` and `{dir}` are filled in.
pub const DEFAULT_RULES: &str = r#"
    rules:
      - { path: "^/public/", action: bypass }
      - { path: "^/admin/", methods: [POST, DELETE], action: deny }
      - { path: "^/office/", networks: [127.0.0.2/32], action: bypass }
      - { path: "^/office/", action: deny }
    default: two_factor
"#;

pub struct Gate {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub upstream: SocketAddr,
    /// What the upstream has received so far.
    pub received: Arc<std::sync::Mutex<Vec<Received>>>,
    child: Option<Child>,
}

impl Gate {
    pub async fn start() -> Gate {
        Gate::start_with(DEFAULT_RULES).await
    }

    pub async fn start_with(rules: &str) -> Gate {
        Gate::start_with_top(rules, "").await
    }

    /// `top` is added to the top level of the config (e.g. a `tls:` block); in both, `{dir}`
    /// is the gate's folder and `{upstream}` the upstream's address (for more sites).
    pub async fn start_with_top(rules: &str, top: &str) -> Gate {
        let upstream = Upstream::start().await;
        let dir = tempfile::tempdir().expect("tempdir");
        let mut gate = Gate { dir, port: free_port(), upstream: upstream.addr, received: upstream.received, child: None };
        let fill = |s: &str| s.replace("{dir}", &gate.dir.path().display().to_string()).replace("{upstream}", &upstream.addr.to_string());
        gate.write_config(&fill(rules), &fill(top));
        gate.spawn();
        gate
    }

    /// What the upstream received since the last call.
    pub fn take_received(&self) -> Vec<Received> {
        std::mem::take(&mut *self.received.lock().expect("lock"))
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("portcullis.yaml")
    }

    pub fn users_path(&self) -> PathBuf {
        self.dir.path().join("users.yaml")
    }

    /// Writes the users file: alice and bob, plus `extra` users, all with [`PASSWORD`].
    pub fn write_users(&self, extra: &[&str]) {
        let h = password_hash();
        let mut users = format!(
            "users:\n  alice:\n    password: \"{h}\"\n    name: Alice Example\n    email: alice@example.com\n    phone: \"+15550001234\"\n    groups: [staff, admins]\n  bob:\n    password: \"{h}\"\n"
        );
        for name in extra {
            users.push_str(&format!("  {name}:\n    password: \"{h}\"\n"));
        }
        std::fs::write(self.users_path(), users).expect("users");
    }

    fn write_config(&self, rules: &str, top: &str) {
        self.write_users(&[]);
        let users = self.users_path();
        let config = format!(
            "{top}listen: 127.0.0.1:{port}\ndata_dir: {data}\nusers_file: {users}\nsites:\n  - host: {HOST}\n    upstream: {up}\n{rules}",
            port = self.port,
            data = self.dir.path().join("data").display(),
            users = users.display(),
            up = self.upstream,
        );
        std::fs::write(self.config_path(), config).expect("config");
    }

    /// Starts the binary with `args` and the config, its log appended to `gate.log`.
    fn launch(&self, args: &[&str]) -> Child {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(self.dir.path().join("gate.log")).expect("log");
        Command::new(env!("CARGO_BIN_EXE_portcullis"))
            .args(args)
            .arg("--config")
            .arg(self.config_path())
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start the gate")
    }

    /// Starts the gate and waits for it to listen. The port was free when chosen, but another
    /// test's connection may take it meanwhile: then the gate is started again on another.
    fn spawn(&mut self) {
        for _ in 0..3 {
            let _ = std::fs::remove_file(self.dir.path().join("gate.log"));
            self.child = Some(self.launch(&["serve"]));
            let deadline = Instant::now() + Duration::from_secs(20);
            while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
                if self.log().contains(&format!("127.0.0.1:{} is in use", self.port)) {
                    break;
                }
                assert!(Instant::now() < deadline, "the gate did not start:\n{}", self.log());
                std::thread::sleep(Duration::from_millis(50));
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            self.stop();
            let port = free_port();
            let config = std::fs::read_to_string(self.config_path()).expect("config");
            let moved = config.replacen(&format!("listen: 127.0.0.1:{}\n", self.port), &format!("listen: 127.0.0.1:{port}\n"), 1);
            std::fs::write(self.config_path(), moved).expect("config");
            self.port = port;
        }
        panic!("the gate found no free port:\n{}", self.log());
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("gate.log")).unwrap_or_default()
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Sends the gate SIGHUP (reload now).
    pub fn hangup(&self) {
        self.signal("HUP");
    }

    /// Sends the gate `signal` (a name for kill(1): TERM, QUIT…).
    pub fn signal(&self, signal: &str) {
        let pid = self.child.as_ref().expect("running").id().to_string();
        assert!(Command::new("kill").args([&format!("-{signal}"), &pid]).status().expect("kill").success());
    }

    /// Waits, at most `within`, for the gate to exit; whether it did, successfully.
    pub async fn exited(&mut self, within: Duration) -> Option<bool> {
        let child = self.child.as_mut().expect("started");
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = child.try_wait().expect("wait") {
                self.child = None;
                return Some(status.success());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    /// Upgrades the running gate in place, as ops do: `serve --upgrade`, which takes the
    /// listening sockets over once it has asked the running gate (SIGQUIT), which drains;
    /// returns once the old one has exited (successfully, or the test fails).
    pub async fn upgrade(&mut self) {
        let new = self.launch(&["serve", "--upgrade"]);
        let exited = self.exited(Duration::from_secs(30)).await;
        assert_eq!(exited, Some(true), "the old gate did not drain and exit:\n{}", self.log());
        self.child = Some(new);
    }

    /// Runs `serve --upgrade` and waits for it to end, as it does when it cannot start.
    pub async fn failed_upgrade(&self) -> bool {
        let mut new = self.launch(&["serve", "--upgrade"]);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = new.try_wait().expect("wait") {
                return !status.success();
            }
            assert!(Instant::now() < deadline, "the new gate kept running:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{HOST}:{}{path}", self.port)
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// A client with no cookie jar and no default headers, for requests made by hand.
    pub fn bare_client(&self) -> reqwest::Client {
        client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .resolve(HOST, SocketAddr::from(([127, 0, 0, 1], self.port)))
            .no_proxy()
            .build()
            .expect("client")
    }

    pub fn browser(&self) -> Browser {
        Browser::new(self, "127.0.0.1")
    }

    /// Another gate process with this one's config (its sites, users file and upstream) on a
    /// port and data_dir of its own: a replica, where the store is shared.
    pub fn replica(&self) -> Gate {
        let dir = tempfile::tempdir().expect("tempdir");
        let port = free_port();
        let data = |dir: &Path| format!("data_dir: {}\n", dir.join("data").display());
        let config = std::fs::read_to_string(self.config_path())
            .expect("config")
            .replacen(&format!("listen: 127.0.0.1:{}\n", self.port), &format!("listen: 127.0.0.1:{port}\n"), 1)
            .replacen(&data(self.dir.path()), &data(dir.path()), 1);
        std::fs::write(dir.path().join("portcullis.yaml"), config).expect("config");
        let mut replica = Gate { dir, port, upstream: self.upstream, received: Arc::clone(&self.received), child: None };
        replica.spawn();
        replica
    }

    /// Runs `portcullis ARGS --config <this gate's config>`: success and all output.
    pub fn cli(&self, args: &[&str]) -> (bool, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_portcullis")).args(args).arg("--config").arg(self.config_path()).output().expect("run");
        (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

impl Drop for Gate {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A client with a cookie jar that sends `Accept: text/html` and follows no redirects, so
/// that each hop can be checked.
pub struct Browser {
    pub client: reqwest::Client,
    pub jar: Arc<reqwest::cookie::Jar>,
    base: String,
    /// The site, where it is and what it sends: its address and user agent.
    host: String,
    from: String,
    agent: String,
    /// The CSRF token of the last form seen, sent with every post.
    csrf: std::sync::Mutex<String>,
    /// The browser's `Accept-Language`, if it sends one.
    language: Option<String>,
}

pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub set_cookie: Vec<String>,
    pub content_language: Option<String>,
    pub body: String,
}

impl Browser {
    pub fn new(gate: &Gate, from: &str) -> Browser {
        Browser::with_agent(gate, from, FIREFOX)
    }

    /// A browser at address `from` (any 127.x.y.z) that sends `user_agent`.
    pub fn with_agent(gate: &Gate, from: &str, user_agent: &str) -> Browser {
        Browser::at(gate.port, from, user_agent)
    }

    /// A browser that reaches the site at `port` (the gate's, or a proxy's in front of it).
    pub fn at(port: u16, from: &str, user_agent: &str) -> Browser {
        Browser::on(HOST, port, from, user_agent)
    }

    /// A browser on the site `host`, reached at `port`.
    pub fn on(host: &str, port: u16, from: &str, user_agent: &str) -> Browser {
        Browser::with_jar(host, port, from, user_agent, Arc::default())
    }

    /// The same browser, with its cookies, reaching the site at `port`: as a load balancer
    /// sends it to another replica.
    pub fn via(&self, port: u16) -> Browser {
        Browser::with_jar(&self.host, port, &self.from, &self.agent, Arc::clone(&self.jar))
    }

    /// Another browser holding a copy of this one's cookies as they are now (as someone who
    /// copied them would), reaching the site at `port`.
    pub fn copy_via(&self, port: u16) -> Browser {
        use reqwest::cookie::CookieStore;
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let url: reqwest::Url = self.base.parse().expect("url");
        let cookies = self.jar.cookies(&url).map(|v| v.to_str().expect("cookies").to_string()).unwrap_or_default();
        for cookie in cookies.split("; ").filter(|c| !c.is_empty()) {
            jar.add_cookie_str(cookie, &url);
        }
        Browser::with_jar(&self.host, port, &self.from, &self.agent, jar)
    }

    fn with_jar(host: &str, port: u16, from: &str, user_agent: &str, jar: Arc<reqwest::cookie::Jar>) -> Browser {
        Browser::build(client_builder(), "http", host, port, from, user_agent, jar)
    }

    /// A browser on the site `host` over HTTPS at `port`, with a client `builder` that trusts
    /// the gate's certificate: it speaks HTTP/2 where the gate offers it.
    pub fn over_tls(builder: reqwest::ClientBuilder, host: &str, port: u16, from: &str, user_agent: &str) -> Browser {
        Browser::build(builder, "https", host, port, from, user_agent, Arc::default())
    }

    fn build(
        builder: reqwest::ClientBuilder,
        scheme: &str,
        host: &str,
        port: u16,
        from: &str,
        user_agent: &str,
        jar: Arc<reqwest::cookie::Jar>,
    ) -> Browser {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("accept", "text/html,application/xhtml+xml".parse().expect("accept"));
        let client = builder
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(Arc::clone(&jar))
            .default_headers(headers)
            .user_agent(user_agent)
            .resolve(host, SocketAddr::from(([127, 0, 0, 1], port)))
            .local_address(from.parse::<std::net::IpAddr>().expect("ip"))
            .no_proxy()
            .pool_max_idle_per_host(0)
            .build()
            .expect("client");
        let (host, from, agent) = (host.to_string(), from.to_string(), user_agent.to_string());
        let base = format!("{scheme}://{host}:{port}");
        Browser { client, jar, base, host, from, agent, csrf: Default::default(), language: None }
    }

    /// This browser, asking for pages in `accept_language` (`de-DE,de;q=0.9`).
    pub fn speaking(self, accept_language: &str) -> Browser {
        Browser { language: Some(accept_language.to_string()), ..self }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let request = self.client.request(method, format!("{}{path}", self.base));
        match &self.language {
            Some(language) => request.header("accept-language", language),
            None => request,
        }
    }

    async fn read(&self, resp: reqwest::Response) -> Page {
        let status = resp.status().as_u16();
        let location = resp.headers().get("location").map(|v| v.to_str().expect("location").to_string());
        let set_cookie = resp.headers().get_all("set-cookie").iter().map(|v| v.to_str().expect("cookie").to_string()).collect();
        let content_language = resp.headers().get("content-language").map(|v| v.to_str().expect("content-language").to_string());
        let body = resp.text().await.expect("body");
        if let Some(token) = csrf_from(&body) {
            *self.csrf.lock().expect("lock") = token;
        }
        Page { status, location, set_cookie, content_language, body }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.read(self.request(reqwest::Method::GET, path).send().await.expect("get")).await
    }

    /// Sends `body` as `content_type` with `method`, as a page's own form or script would.
    pub async fn send(&self, method: &str, path: &str, content_type: &str, body: Vec<u8>) -> Page {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let request = self.request(method, path).header("content-type", content_type).body(body);
        self.read(request.send().await.expect("send")).await
    }

    /// Posts a form with the CSRF token of the last form seen.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let token = self.csrf();
        let mut fields = form.to_vec();
        fields.push(("csrf", &token));
        self.read(self.request(reqwest::Method::POST, path).form(&fields).send().await.expect("post")).await
    }

    /// The value of the cookie `name` in the jar.
    pub fn cookie(&self, name: &str) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let all = self.jar.cookies(&self.base.parse().expect("url"))?;
        let all = all.to_str().expect("cookies").to_string();
        all.split("; ").find_map(|c| c.strip_prefix(name)?.strip_prefix('=').map(str::to_string))
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.jar.add_cookie_str(&format!("{name}={value}; Path=/"), &self.base.parse().expect("url"));
    }

    pub fn csrf(&self) -> String {
        self.csrf.lock().expect("lock").clone()
    }

    /// Opens the login page and submits username and password; returns the response.
    pub async fn password(&self, user: &str, password: &str, rd: &str) -> Page {
        self.get(&format!("/.portcullis/login?rd={}", enc(rd))).await;
        self.post("/.portcullis/login", &[("username", user), ("password", password), ("rd", rd)]).await
    }

    /// Enrols an authenticator from the enrolment page and returns its secret and the
    /// response to the confirming code; `remember` ticks "Trust this device".
    pub async fn enrol(&self, rd: &str, remember: bool) -> (Vec<u8>, Page) {
        let page = self.get(&format!("/.portcullis/enrol?rd={}", enc(rd))).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let secret = secret_from(&page.body);
        let code = code(&secret, 0);
        let mut form = vec![("code", code.as_str()), ("rd", rd)];
        if remember {
            form.push(("remember", "1"));
        }
        let done = self.post("/.portcullis/enrol", &form).await;
        (secret, self.shown(done).await)
    }

    /// Where a form that made backup codes leads, their page: loaded, as a browser follows the
    /// redirect, with the cookies of both answers. Any other answer as it is.
    pub async fn shown(&self, made: Page) -> Page {
        match made.location.as_deref().filter(|l| l.starts_with("/.portcullis/backup-codes/new?")) {
            Some(location) => {
                let page = self.get(location).await;
                Page { set_cookie: [made.set_cookie, page.set_cookie.clone()].concat(), ..page }
            }
            None => made,
        }
    }

    /// Logs in a user who has no authenticator yet; returns their secret.
    pub async fn sign_up(&self, user: &str) -> Vec<u8> {
        let page = self.password(user, PASSWORD, "/").await;
        assert_eq!(page.location.as_deref(), Some("/.portcullis/enrol?rd=%2F"), "{}", page.body);
        let (secret, done) = self.enrol("/", false).await;
        assert_eq!(done.status, 200, "{}", done.body);
        assert_eq!(backup_codes_from(&done.body).len(), 10, "{}", done.body);
        secret
    }

    /// Logs in a user who has no authenticator yet, trusting this browser; returns their secret.
    pub async fn sign_up_trusting(&self, user: &str) -> Vec<u8> {
        let page = self.password(user, PASSWORD, "/").await;
        assert_eq!(page.location.as_deref(), Some("/.portcullis/enrol?rd=%2F"), "{}", page.body);
        let (secret, done) = self.enrol("/", true).await;
        assert_eq!(done.status, 200, "{}", done.body);
        assert_eq!(backup_codes_from(&done.body).len(), 10, "{}", done.body);
        assert!(self.cookie("portcullis_device").is_some(), "no device cookie after ticking");
        secret
    }

    /// Signs out from the account page (fetched first for its form token).
    pub async fn sign_out(&self) -> Page {
        self.get("/.portcullis/").await;
        self.post("/.portcullis/logout", &[]).await
    }

    /// Signs out, then gives the password again: where the gate sends this browser next.
    pub async fn sign_in_again(&self, user: &str) -> Option<String> {
        self.sign_out().await;
        self.password(user, PASSWORD, "/").await.location
    }

    /// Logs in an enrolled user with the code of step `offset` from now.
    pub async fn sign_in(&self, user: &str, secret: &[u8], offset: i64) -> Page {
        let page = self.password(user, PASSWORD, "/").await;
        assert_eq!(page.location.as_deref(), Some("/.portcullis/challenge?rd=%2F"), "{}", page.body);
        self.post("/.portcullis/challenge", &[("code", &code(secret, offset)), ("rd", "/")]).await
    }

    pub async fn echo(&self, path: &str) -> Echo {
        let page = self.get(path).await;
        assert_eq!(page.status, 200, "{path}: {} {:?} {}", page.status, page.location, page.body);
        Echo(serde_json::from_str(&page.body).expect("echo json"))
    }
}

/// The backup codes shown on a page.
pub fn backup_codes_from(body: &str) -> Vec<String> {
    body.split("<li><code>").skip(1).filter_map(|s| s.split_once("</code>").map(|(code, _)| code.to_string())).collect()
}

/// The CSRF token in a page's forms.
pub fn csrf_from(body: &str) -> Option<String> {
    let start = body.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(body[start..].chars().take_while(|c| *c != '"').collect())
}

pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The base32 key shown on the enrolment page, decoded.
pub fn secret_from(body: &str) -> Vec<u8> {
    let start = body.find("class=\"secret\">").expect("secret on page") + "class=\"secret\">".len();
    let text: String = body[start..].chars().take_while(|c| *c != '<').filter(|c| !c.is_whitespace()).collect();
    base32_decode(&text)
}

fn base32_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = 0u64;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base32 char") as u64;
        bits = (bits << 5) | v;
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    out
}

/// The code for the step `offset` steps from now (each step 30 s).
pub fn code(secret: &[u8], offset: i64) -> String {
    portcullis::auth::totp::code_at(secret, portcullis::clock::now() + offset * 30)
}

/// Sends raw bytes and returns the raw response, for what a well-behaved client cannot send.
pub async fn raw(port: u16, request: &str) -> String {
    raw_from("127.0.0.1", port, request).await
}

/// [`raw`], from the address `from` (any 127.x.y.z).
pub async fn raw_from(from: &str, port: u16, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.bind(SocketAddr::new(from.parse().expect("ip"), 0)).expect("bind");
    let mut s = socket.connect(SocketAddr::from(([127, 0, 0, 1], port))).await.expect("connect");
    s.write_all(request.as_bytes()).await.expect("write");
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// Waits, at most 15 s, until `done`; the test fails naming `what`, with the gate's log.
pub async fn until(gate: &Gate, what: &str, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done().await {
        assert!(Instant::now() < deadline, "{what} never happened:\n{}", gate.log());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Writes small GeoIP databases into `dir` and returns the config's `geoip:` block for them.
/// Countries: 127.0.0.0/24 is Berlin, Germany (Deutschland in German); 127.0.3.0/24 is France; 127.0.7.0/24 is a
/// broken record; the rest unknown.
/// Operators: 127.0.0.0/24 and 127.0.5.0/24 are AS64500; 127.0.6.0/24 is AS64501.
pub fn geo_databases(dir: &Path) -> String {
    #[derive(serde::Serialize)]
    struct Asn {
        autonomous_system_number: u32,
        autonomous_system_organization: &'static str,
    }
    let mut country = mmdb_writer::Writer::new("GeoLite2-City");
    let berlin = json!({ "country": { "iso_code": "DE", "names": { "en": "Germany", "de": "Deutschland" } }, "city": { "names": { "en": "Berlin" } } });
    let france = json!({ "country": { "iso_code": "FR", "names": { "en": "France" } } });
    // A record a reader cannot take: the country code is a number.
    let broken = json!({ "country": { "iso_code": 12 } });
    for (net, record) in [("127.0.0.0/24", &berlin), ("127.0.3.0/24", &france), ("127.0.7.0/24", &broken)] {
        country.insert(net.parse::<ipnet::IpNet>().expect("net"), record).expect("insert");
    }
    let mut asn = mmdb_writer::Writer::new("GeoLite2-ASN");
    for (net, number) in [("127.0.0.0/24", 64500), ("127.0.5.0/24", 64500), ("127.0.6.0/24", 64501)] {
        let record = Asn { autonomous_system_number: number, autonomous_system_organization: "Example Net" };
        asn.insert(net.parse::<ipnet::IpNet>().expect("net"), &record).expect("insert");
    }
    let (country_path, asn_path) = (dir.join("country.mmdb"), dir.join("asn.mmdb"));
    std::fs::write(&country_path, country.to_bytes().expect("mmdb")).expect("write");
    std::fs::write(&asn_path, asn.to_bytes().expect("mmdb")).expect("write");
    format!("geoip:\n  country_database: {}\n  asn_database: {}\n", country_path.display(), asn_path.display())
}

/// An SMTP server that accepts every message and keeps it: the real protocol, in process.
pub struct SmtpSink {
    pub messages: Arc<std::sync::Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub async fn start(port: u16) -> SmtpSink {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.expect("bind smtp");
        let messages = Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = Arc::clone(&messages);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(smtp_session(stream, Arc::clone(&kept)));
            }
        });
        SmtpSink { messages }
    }

    /// Waits up to `secs` for a message containing `needle`.
    pub async fn wait_for(&self, needle: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(m) = self.messages.lock().expect("lock").iter().find(|m| m.contains(needle)) {
                return m.clone();
            }
            assert!(Instant::now() < deadline, "no message with {needle:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The `n`th code (1-based) received by email, waiting up to 15 s for it.
    pub async fn nth_code(&self, n: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let codes: Vec<String> = self.messages.lock().expect("lock").iter().filter_map(|m| code_in(m)).collect();
            if codes.len() >= n {
                return codes[n - 1].clone();
            }
            assert!(Instant::now() < deadline, "no email with code #{n}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The code in "Your code … is 123456."
fn code_in(message: &str) -> Option<String> {
    let start = message.find(" is ")? + 4;
    Some(message[start..].chars().take_while(char::is_ascii_digit).collect()).filter(|c: &String| c.len() == 6)
}

async fn smtp_session(stream: tokio::net::TcpStream, messages: Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
            "DATA" => {
                let _ = write.write_all(b"354 go on\r\n").await;
                let mut message = String::new();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    message.push_str(&l);
                    message.push('\n');
                }
                let readable = readable(&message);
                messages.lock().expect("lock").push(format!("{message}\n{readable}"));
                b"250 queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"250 OK\r\n",
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// A message's subject and text as its reader sees them, decoded from the MIME encodings
/// mail takes for words that are not ASCII.
pub fn readable(raw: &str) -> String {
    let Some(parsed) = mail_parser::MessageParser::default().parse(raw.as_bytes()) else {
        return String::new();
    };
    format!("Subject: {}\n\n{}", parsed.subject().unwrap_or_default(), parsed.body_text(0).unwrap_or_default())
}

/// Waits up to 15 s for the file notifier to write a message containing `needle`; returns
/// all messages.
pub async fn wait_for_notification(gate: &Gate, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let all = notification_files(gate);
        if all.contains(needle) {
            return all;
        }
        assert!(Instant::now() < deadline, "no notification with {needle:?}; have:\n{all}\nlog:\n{}", gate.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A code that is not `code`.
pub fn wrong(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

/// The messages the default file notifier has written so far, joined.
pub fn notification_files(gate: &Gate) -> String {
    let dir = gate.data_dir().join("data").join("notifications");
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let raw = std::fs::read_to_string(entry.path()).unwrap_or_default();
        all.push_str(&format!("{raw}\n{}\n", readable(&raw)));
    }
    all
}

/// What a stand-in SMS gateway received: method, path, headers (lower-case names) and body.
pub struct GatewayRequest {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// An HTTP server standing in for an SMS gateway: it keeps every request and answers 200.
pub struct SmsGateway {
    pub port: u16,
    pub requests: Arc<std::sync::Mutex<Vec<GatewayRequest>>>,
}

impl SmsGateway {
    pub async fn start() -> SmsGateway {
        use http_body_util::BodyExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind gateway");
        let port = listener.local_addr().expect("addr").port();
        let requests = Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = Arc::clone(&requests);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = Arc::clone(&kept);
                tokio::spawn(async move {
                    let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                        let kept = Arc::clone(&kept);
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                            kept.lock().expect("lock").push(GatewayRequest {
                                method: parts.method.to_string(),
                                path: parts.uri.path().to_string(),
                                headers: parts
                                    .headers
                                    .iter()
                                    .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                                    .collect(),
                                body: String::from_utf8_lossy(&body).into_owned(),
                            });
                            Ok::<_, std::convert::Infallible>(hyper::Response::new(Full::new(Bytes::from_static(
                                b"{\"status\":\"queued\"}",
                            ))))
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        });
        SmsGateway { port, requests }
    }

    /// The body of the `n`th request (1-based), waiting up to 15 s for it.
    pub async fn nth_body(&self, n: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(r) = self.requests.lock().expect("lock").get(n - 1) {
                return r.body.clone();
            }
            assert!(Instant::now() < deadline, "the gateway got no request #{n}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// A real nginx (from the distribution: `nginx-light` on Debian) run in the foreground with
/// `conf` as the inside of its `http` block; stopped when dropped.
pub struct Nginx {
    pub port: u16,
    _dir: tempfile::TempDir,
    child: Child,
}

impl Nginx {
    /// `{port}` in `http` is replaced by the port nginx listens on.
    pub async fn start(http: &str) -> Nginx {
        let dir = tempfile::tempdir().expect("tempdir");
        let port = free_port();
        let d = dir.path().display();
        let conf = format!(
            "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{ worker_connections 256; }}\nhttp {{\n  access_log off;\n{}\n}}\n",
            http.replace("{port}", &port.to_string())
        );
        std::fs::write(dir.path().join("nginx.conf"), conf).expect("nginx.conf");
        let binary = ["/usr/sbin/nginx", "/usr/bin/nginx"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("nginx is needed for this test (Debian: apt-get install nginx-light; scripts/setup.sh installs it)");
        let child = Command::new(binary)
            .args(["-p", &d.to_string(), "-c", &format!("{d}/nginx.conf"), "-e", &format!("{d}/error.log")])
            .spawn()
            .expect("start nginx");
        // Dropped, it is stopped and waited for, started or not.
        let nginx = Nginx { port, _dir: dir, child };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return nginx;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("nginx did not start: {}", std::fs::read_to_string(nginx._dir.path().join("error.log")).unwrap_or_default());
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP forwarder to `to` that can be cut, as a network between the gate and its database:
/// while cut, every connection it carries is dropped and new ones are refused.
pub struct Cable {
    pub port: u16,
    cut: tokio::sync::watch::Sender<bool>,
}

impl Cable {
    pub async fn to(to: SocketAddr) -> Cable {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind cable");
        let port = listener.local_addr().expect("addr").port();
        let (cut, watch) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let mut watch = watch.clone();
                if *watch.borrow() {
                    continue;
                }
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(to).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = watch.wait_for(|cut| *cut) => {}
                    }
                });
            }
        });
        Cable { port, cut }
    }

    pub fn cut(&self) {
        self.cut.send_replace(true);
    }

    pub fn mend(&self) {
        self.cut.send_replace(false);
    }
}
