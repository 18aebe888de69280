//! An app behind Portcullis that trusts no header but the signed assertion: it fetches the
//! gate's public keys once, then checks each request's `Portcullis-Assertion` (signature,
//! algorithm, expiry, its own audience and the gate as issuer) before it answers.
//!
//!   cargo run --example verify_assertion -- 127.0.0.1:9000 http://app.example.com/.portcullis
//!
//! The second argument is the gate's portal on this app's site: its `jwks.json` holds the
//! keys, and it is the tokens' `iss`. Refetch the keys when a token names one you lack (a
//! rotation), as `jwks` below does at start.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::Value;

/// The claims of a request's assertion, if it carries one that checks out.
fn verified(req: &Request<hyper::body::Incoming>, keys: &JwkSet, issuer: &str, audience: &str) -> Result<Value, String> {
    let token = req.headers().get("portcullis-assertion").and_then(|v| v.to_str().ok()).ok_or("no assertion")?;
    let kid = decode_header(token).map_err(|e| e.to_string())?.kid.ok_or("no key id")?;
    let key = DecodingKey::from_jwk(keys.find(&kid).ok_or("an unknown key")?).map_err(|e| e.to_string())?;
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_audience(&[audience]);
    validation.set_issuer(&[issuer]);
    validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
    decode::<Value>(token, &key, &validation).map(|t| t.claims).map_err(|e| e.to_string())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (listen, portal) = match args.as_slice() {
        [_, listen, portal] => (listen.parse::<SocketAddr>()?, portal.trim_end_matches('/').to_string()),
        _ => return Err("usage: verify_assertion LISTEN PORTAL_URL".into()),
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    let audience = portal.parse::<hyper::Uri>()?.host().ok_or("the portal URL names no host")?.to_string();
    let keys: Arc<JwkSet> = Arc::new(reqwest::Client::builder().build()?.get(format!("{portal}/jwks.json")).send().await?.json().await?);
    let listener = tokio::net::TcpListener::bind(listen).await?;
    loop {
        let (stream, _) = listener.accept().await?;
        let (keys, portal, audience) = (Arc::clone(&keys), portal.clone(), audience.clone());
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let answer = match verified(&req, &keys, &portal, &audience) {
                    Ok(claims) => {
                        Response::new(Full::new(Bytes::from(format!("Hello, {}; signed in with {}\n", claims["sub"], claims["amr"]))))
                    }
                    Err(why) => {
                        let mut refused = Response::new(Full::new(Bytes::from(format!("Refused: {why}\n"))));
                        *refused.status_mut() = StatusCode::UNAUTHORIZED;
                        refused
                    }
                };
                async move { Ok::<_, Infallible>(answer) }
            });
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}
