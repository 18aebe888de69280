//! A bare pingora pass-through with the gate's thread count, shutdown timing and allocator,
//! and otherwise pingora's defaults: the baseline the load benchmark compares Portcullis with.
//!
//!   cargo run --release --example bare_proxy -- 127.0.0.1:8081 127.0.0.1:9000

use async_trait::async_trait;
use pingora::prelude::{HttpPeer, ProxyHttp, Session};
use pingora::server::configuration::ServerConf;
use pingora::server::Server;

/// The gate's allocator, so that the comparison is of the proxies' own work.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct PassThrough {
    upstream: std::net::SocketAddr,
}

#[async_trait]
impl ProxyHttp for PassThrough {
    type CTX = ();

    fn new_ctx(&self) {}

    async fn upstream_peer(&self, _session: &mut Session, _ctx: &mut ()) -> pingora::Result<Box<HttpPeer>> {
        Ok(Box::new(HttpPeer::new(self.upstream, false, String::new())))
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(listen), Some(upstream)) = (args.next(), args.next().and_then(|u| u.parse().ok())) else {
        eprintln!("usage: bare_proxy LISTEN_ADDR UPSTREAM_ADDR");
        std::process::exit(2);
    };
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let conf = ServerConf { threads, grace_period_seconds: Some(0), graceful_shutdown_timeout_seconds: Some(5), ..ServerConf::default() };
    let mut server = Server::new_with_opt_and_conf(None, conf);
    server.bootstrap();
    let mut proxy = pingora::proxy::http_proxy_service(&server.configuration, PassThrough { upstream });
    proxy.add_tcp(&listen);
    server.add_service(proxy);
    server.run_forever()
}
