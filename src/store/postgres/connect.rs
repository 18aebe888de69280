//! Reaching PostgreSQL: the settings, TLS as libpq's `sslmode` means it, and the pool.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use secrecy::{ExposeSecret, SecretString};
use tokio_postgres::config::SslMode;
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::tls_client;

/// How long a connection, or a free one from the pool, is waited for before the store
/// answers with an error (and the gate with its 503 page).
const WAIT: Duration = Duration::from_secs(5);

/// Where the shared store is and how to reach it.
#[derive(Debug, Clone)]
pub struct PgSettings {
    /// A `postgres://` URL or a libpq `key=value` string; may hold the password.
    pub url: SecretString,
    /// The password, when not in the URL.
    pub password: Option<SecretString>,
    pub max_connections: usize,
    pub tls: PgTls,
}

/// TLS to the database, as libpq's `sslmode` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PgTls {
    Disable,
    /// TLS when the server offers it, else plain; the certificate is not checked.
    Prefer,
    /// TLS always; the certificate is not checked (libpq's `require`).
    Require,
    /// TLS always, the server's certificate checked against these roots (a PEM file, or
    /// the web's public roots) and its name against the host.
    VerifyFull {
        ca_file: Option<PathBuf>,
    },
}

impl PgSettings {
    /// The connection settings the URL and password make, checked; an error never repeats
    /// the URL, which may hold a password.
    pub fn connection(&self) -> Result<tokio_postgres::Config, String> {
        let mut config = tokio_postgres::Config::from_str(self.url.expose_secret())
            .map_err(|e| format!("{e} (want postgres://user@host:5432/database, or libpq's key=value pairs)"))?;
        if config.get_hosts().is_empty() {
            return Err("names no host".into());
        }
        if let Some(password) = &self.password {
            config.password(password.expose_secret());
        }
        config.ssl_mode(match self.tls {
            PgTls::Disable => SslMode::Disable,
            PgTls::Prefer => SslMode::Prefer,
            PgTls::Require | PgTls::VerifyFull { .. } => SslMode::Require,
        });
        config.connect_timeout(WAIT).application_name("portcullis");
        Ok(config)
    }

    /// A pool of at most `max_connections`; connections are made when first needed.
    pub fn pool(&self) -> Result<Pool, String> {
        let manager =
            Manager::from_config(self.connection()?, self.connector()?, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        Pool::builder(manager)
            .max_size(self.max_connections.max(1))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(WAIT))
            .create_timeout(Some(WAIT))
            .recycle_timeout(Some(WAIT))
            .build()
            .map_err(|e| e.to_string())
    }

    pub(super) fn connector(&self) -> Result<MakeRustlsConnect, String> {
        let config = match &self.tls {
            PgTls::VerifyFull { ca_file: Some(path) } => tls_client::verifying(tls_client::roots_from(path)?)?,
            PgTls::VerifyFull { ca_file: None } => tls_client::verifying(tls_client::public_roots())?,
            _ => {
                let verifier = Arc::new(Unchecked(Arc::new(rustls::crypto::ring::default_provider())));
                tls_client::builder()?.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth()
            }
        };
        Ok(MakeRustlsConnect::new(config))
    }
}

/// libpq's `prefer` and `require`: the connection is encrypted, but any certificate is taken
/// (the handshake's signatures are still checked, so the key is the certificate's).
#[derive(Debug)]
struct Unchecked(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
