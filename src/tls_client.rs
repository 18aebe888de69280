//! TLS for the gate's own outgoing connections (the SMS gateway, PostgreSQL): rustls with
//! ring, the provider given explicitly so that nothing depends on a process-wide default.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};

/// The web's public roots (Mozilla's, from webpki-roots).
pub fn public_roots() -> RootCertStore {
    RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() }
}

/// The certificates of a PEM file, as roots; an error names the file.
pub fn roots_from(path: &Path) -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for cert in certs {
        let cert = cert.map_err(|e| format!("{}: {e}", path.display()))?;
        roots.add(cert).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    match roots.is_empty() {
        true => Err(format!("{}: holds no certificate", path.display())),
        false => Ok(roots),
    }
}

/// A client that verifies servers against `roots`.
pub fn verifying(roots: RootCertStore) -> Result<ClientConfig, String> {
    Ok(builder()?.with_root_certificates(roots).with_no_client_auth())
}

/// The start of every client config: ring, TLS 1.2 and 1.3.
pub fn builder() -> Result<rustls::ConfigBuilder<ClientConfig, rustls::WantsVerifier>, String> {
    ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())
}
