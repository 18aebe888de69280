//! The two secret keys: one signs session cookies, one encrypts secrets at rest.
//! Each comes from an environment variable, the config (inline or a file), or is generated
//! once into data_dir with mode 0600.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use p256::pkcs8::EncodePrivateKey;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

pub const KEY_LEN: usize = 32;

/// HMAC-SHA256 of `parts`, concatenated, under `key`: derives a key for one purpose from
/// another (the purpose as the message), and keys binding and CSRF tags.
pub fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{what}: {message}")]
    Bad { what: String, message: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Where a key comes from when the environment does not give it: the config, inline in
/// base64, or a file.
#[derive(Debug, Default)]
pub struct KeySource {
    pub inline: Option<SecretString>,
    pub file: Option<PathBuf>,
}

/// Where the session and storage keys come from.
#[derive(Debug, Default)]
pub struct KeySources {
    pub session: KeySource,
    pub storage: KeySource,
    /// PEM files of the P-256 keys that sign identity assertions: the first signs, all are
    /// published. None: one generated once into data_dir.
    pub assertion_files: Vec<PathBuf>,
}

/// The two keys, loaded.
pub struct Keyring {
    pub session: Zeroizing<[u8; KEY_LEN]>,
    pub storage: Zeroizing<[u8; KEY_LEN]>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyring(<redacted>)")
    }
}

impl Keyring {
    pub fn load(sources: &KeySources, data_dir: &Path) -> Result<Keyring, KeyError> {
        let session = one_key("session_key", &sources.session, &data_dir.join("session.key"))?;
        let storage = one_key("storage_key", &sources.storage, &data_dir.join("storage.key"))?;
        Ok(Keyring { session, storage })
    }

    pub fn sealer(&self) -> Sealer {
        Sealer::with_key(&self.storage)
    }
}

/// The key `name`: from `PORTCULLIS_<NAME>`, the config, or the file generated once.
fn one_key(name: &str, source: &KeySource, generated: &Path) -> Result<Zeroizing<[u8; KEY_LEN]>, KeyError> {
    let variable = format!("PORTCULLIS_{}", name.to_uppercase());
    if let Ok(text) = std::env::var(&variable).map(Zeroizing::new) {
        return decode(&variable, &text);
    }
    if let Some(text) = &source.inline {
        return decode(&format!("secrets.{name}"), text.expose_secret());
    }
    if let Some(path) = &source.file {
        let text = Zeroizing::new(read(path)?);
        return decode(&format!("secrets.{name}_file ({})", path.display()), &text);
    }
    if generated.exists() {
        let text = Zeroizing::new(read(generated)?);
        return decode(&generated.display().to_string(), &text);
    }
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    rand::rngs::OsRng.fill_bytes(key.as_mut());
    write_private(generated, &B64.encode(key.as_ref()))?;
    tracing::info!(path = %generated.display(), "generated a new {name}");
    Ok(key)
}

fn read(path: &Path) -> Result<String, KeyError> {
    fs::read_to_string(path).map_err(|source| KeyError::Io { path: path.to_path_buf(), source })
}

fn decode(what: &str, text: &str) -> Result<Zeroizing<[u8; KEY_LEN]>, KeyError> {
    let bad = |message: &str| KeyError::Bad { what: what.to_string(), message: message.to_string() };
    let bytes = Zeroizing::new(B64.decode(text.trim()).map_err(|_| bad("not base64"))?);
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    if bytes.len() != KEY_LEN {
        return Err(bad("must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)"));
    }
    key.copy_from_slice(&bytes);
    Ok(key)
}

/// The P-256 keys (PKCS#8 PEM) that sign identity assertions, the signing one first: from
/// `files`, or the one generated once into `generated`.
pub fn assertion_keys(files: &[PathBuf], generated: &Path) -> Result<Vec<Zeroizing<String>>, KeyError> {
    if !files.is_empty() {
        return files.iter().map(|f| read(f).map(Zeroizing::new)).collect();
    }
    if generated.exists() {
        return Ok(vec![Zeroizing::new(read(generated)?)]);
    }
    let pem = p256::SecretKey::random(&mut rand::rngs::OsRng)
        .to_pkcs8_pem(p256::pkcs8::LineEnding::LF)
        .map_err(|e| KeyError::Bad { what: "a new assertion key".into(), message: e.to_string() })?;
    write_private(generated, &pem)?;
    tracing::info!(path = %generated.display(), "generated a new assertion signing key");
    Ok(vec![pem])
}

/// Creates `path` readable by its owner only; never overwrites an existing file.
fn write_private(path: &Path, text: &str) -> Result<(), KeyError> {
    let io = |source| KeyError::Io { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io)?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path).map_err(io)?;
    f.write_all(text.as_bytes()).and_then(|()| f.sync_all()).map_err(io)
}

/// Authenticated encryption for secrets at rest. The associated data binds a ciphertext to
/// its owner, so a row copied to another user fails to open.
#[derive(Clone)]
pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

const NONCE_LEN: usize = 12;

/// A secret that could not be sealed (ChaCha20-Poly1305 refuses only inputs over 256 GiB,
/// so this is a bug), or a sealed one that does not open: the wrong key, or another owner's.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("sealing a secret failed")]
    Seal,
    #[error("the sealed secret of {0} does not open with this storage key")]
    Open(String),
}

impl Sealer {
    /// A sealer under `key` itself (the gate's comes from its [`Keyring`]).
    pub fn with_key(key: &[u8; KEY_LEN]) -> Sealer {
        Sealer { cipher: ChaCha20Poly1305::new(key.into()) }
    }

    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed =
            self.cipher.encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext, aad: context }).map_err(|_| SealError::Seal)?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad: context }).ok().map(Zeroizing::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_private_and_stable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = Keyring::load(&KeySources::default(), dir.path()).expect("keys");
        let again = Keyring::load(&KeySources::default(), dir.path()).expect("keys");
        assert_eq!(*first.session, *again.session);
        assert_ne!(*first.session, *first.storage);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("session.key")).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn short_inline_key_is_refused_by_name() {
        let session = KeySource { inline: Some(B64.encode([1u8; 16]).into()), file: None };
        let err = Keyring::load(&KeySources { session, ..Default::default() }, Path::new("/nonexistent")).expect_err("short key");
        assert!(err.to_string().contains("secrets.session_key"), "{err}");
    }

    #[test]
    fn sealed_data_opens_only_with_its_context() {
        let sealer = Sealer::with_key(&[7u8; 32]);
        let sealed = sealer.seal(b"secret", b"alice").expect("sealed");
        assert_eq!(sealer.open(&sealed, b"alice").as_deref().map(Vec::as_slice), Some(&b"secret"[..]));
        assert!(sealer.open(&sealed, b"bob").is_none());
        assert!(!sealed.windows(6).any(|w| w == b"secret"));
    }
}
