//! A bare pingora pass-through with the gate's thread count, shutdown timing and allocator,
//! and otherwise pingora's defaults: the baseline the load benchmark compares Portcullis with.
//! With `tuned`, it also takes the knobs the gate sets on pingora (no downstream modules, no
//! read buffer in front of the HTTP parser), so that the gate is compared with the best pingora
//! does as well.
//!
//!   cargo run --release --example bare_proxy -- 127.0.0.1:8081 127.0.0.1:9000 [tuned]

use async_trait::async_trait;
use pingora::listeners::{L4BufferSettings, ListenerConfig};
use pingora::modules::http::compression::ResponseCompressionBuilder;
use pingora::modules::http::HttpModules;
use pingora::prelude::{HttpPeer, ProxyHttp, Session};
use pingora::server::configuration::ServerConf;
use pingora::server::Server;

/// The gate's allocator, so that the comparison is of the proxies' own work.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct PassThrough {
    upstream: std::net::SocketAddr,
    tuned: bool,
}

#[async_trait]
impl ProxyHttp for PassThrough {
    type CTX = ();

    fn new_ctx(&self) {}

    /// pingora's default adds response compression, switched off; the gate adds nothing.
    fn init_downstream_modules(&self, modules: &mut HttpModules) {
        if !self.tuned {
            modules.add_module(ResponseCompressionBuilder::enable(0));
        }
    }

    async fn upstream_peer(&self, _session: &mut Session, _ctx: &mut ()) -> pingora::Result<Box<HttpPeer>> {
        Ok(Box::new(HttpPeer::new(self.upstream, false, String::new())))
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(listen), Some(upstream)) = (args.next(), args.next().and_then(|u| u.parse().ok())) else {
        eprintln!("usage: bare_proxy LISTEN_ADDR UPSTREAM_ADDR [tuned]");
        std::process::exit(2);
    };
    let tuned = args.next().as_deref() == Some("tuned");
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let conf = ServerConf { threads, grace_period_seconds: Some(0), graceful_shutdown_timeout_seconds: Some(5), ..ServerConf::default() };
    let mut server = Server::new_with_opt_and_conf(None, conf);
    server.bootstrap();
    let mut proxy = pingora::proxy::http_proxy_service(&server.configuration, PassThrough { upstream, tuned });
    match tuned {
        true => proxy.add_listener(ListenerConfig::tcp(listen).l4_buffer(L4BufferSettings::default().read(0))),
        false => proxy.add_tcp(&listen),
    }
    server.add_service(proxy);
    server.run_forever()
}
