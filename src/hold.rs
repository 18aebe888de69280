//! Forms held across a step-up: a request with a body that needs a (fresher) code is kept
//! while the code is asked for, then replayed upstream once. Holds live in the store, sealed
//! with the storage key, so that a form held on one replica is sent on by another (and
//! survives a restart): at most 64 KiB each and ten per user, five minutes, one use, for the
//! user who sent them, on the site they were sent to.

use std::time::Duration;

use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use base64::Engine;
use bytes::Bytes;
use http::{HeaderValue, Method};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::keys::{SealError, Sealer};
use crate::store::{self, SharedStore, StoreError};

/// The largest body held; a larger one is refused with a page that says to submit again.
pub const MAX_HOLD_BYTES: usize = 64 * 1024;
/// How long a hold waits for its code.
pub const HOLD_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// A user's holds kept at once; a newer one pushes out the oldest.
const HOLDS_PER_USER: u32 = 10;

/// A request as it came, to be sent on later.
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    pub user: String,
    /// The site it was sent to: it is sent on to that site's upstream only.
    pub host: String,
    /// The method as judged (an override's, where the site judges them).
    pub method: Method,
    /// More methods it was judged as (those its `_method` parameters name), judged again.
    pub also: Vec<Method>,
    /// Path and query, as the upstream would have received them (see `target`).
    pub target: String,
    pub content_type: Option<HeaderValue>,
    pub body: Bytes,
    pub expires: i64,
}

/// What of a hold is sealed (user, site and expiry are the store's to match).
#[derive(Serialize, Deserialize)]
struct Sealed {
    method: String,
    also: Vec<String>,
    target: String,
    content_type: Option<String>,
    body: String,
}

#[derive(Debug, thiserror::Error)]
pub enum HoldError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Seal(#[from] SealError),
}

pub struct Holds {
    store: SharedStore,
    sealer: Sealer,
}

impl Holds {
    pub fn new(store: SharedStore, sealer: Sealer) -> Holds {
        Holds { store, sealer }
    }

    /// Keeps `hold` under a new unguessable id, which is returned.
    pub async fn put(&self, hold: &Hold) -> Result<String, HoldError> {
        let id = new_id();
        self.put_back(&id, hold).await?;
        Ok(id)
    }

    /// Keeps `hold` under `id` again (taken too early: its code is still owed).
    pub async fn put_back(&self, id: &str, hold: &Hold) -> Result<(), HoldError> {
        let id_hash = hash_id(id);
        let sealed = self.sealer.seal(&encode(hold), &context(&id_hash, &hold.user, &hold.host))?;
        let (user, host, expires) = (hold.user.clone(), hold.host.clone(), hold.expires);
        store::call(&self.store, move |s| s.put_hold(&id_hash, &user, &host, &sealed, expires, HOLDS_PER_USER)).await?;
        Ok(())
    }

    /// Takes the hold `id` if it is `user`'s on site `host` and has not expired at `now`;
    /// once. One that does not open (another key sealed it) is gone.
    pub async fn take(&self, id: &str, user: &str, host: &str, now: i64) -> Result<Option<Hold>, StoreError> {
        let id_hash = hash_id(id);
        let (owner, site) = (user.to_string(), host.to_string());
        let Some((sealed, expires)) = store::call(&self.store, move |s| s.take_hold(&id_hash, &owner, &site, now)).await? else {
            return Ok(None);
        };
        let opened = self.sealer.open(&sealed, &context(&id_hash, user, host));
        Ok(opened.and_then(|plain| decode(&plain, user, host, expires)))
    }
}

/// A new unguessable id for a link (128 random bits, base64url).
pub fn new_id() -> String {
    let mut raw = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    B64URL.encode(raw)
}

/// The id as the store keys it: a leaked store holds no id that a link could use.
pub fn hash_id(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

/// What the seal is bound to: this hold, this user, this site.
fn context(id_hash: &[u8; 32], user: &str, host: &str) -> Vec<u8> {
    [&id_hash[..], user.as_bytes(), b"\0", host.as_bytes()].concat()
}

fn encode(hold: &Hold) -> Vec<u8> {
    let sealed = Sealed {
        method: hold.method.to_string(),
        also: hold.also.iter().map(Method::to_string).collect(),
        target: hold.target.clone(),
        content_type: hold.content_type.as_ref().map(|v| B64.encode(v.as_bytes())),
        body: B64.encode(&hold.body),
    };
    serde_json::to_vec(&sealed).unwrap_or_default()
}

/// The hold `plain` holds, for `user` on `host`, until `expires` (which the store keeps).
fn decode(plain: &[u8], user: &str, host: &str, expires: i64) -> Option<Hold> {
    let s: Sealed = serde_json::from_slice(plain).ok()?;
    let method = |m: &str| Method::from_bytes(m.as_bytes()).ok();
    let content_type = match s.content_type {
        Some(v) => Some(HeaderValue::from_bytes(&B64.decode(v).ok()?).ok()?),
        None => None,
    };
    Some(Hold {
        user: user.to_string(),
        host: host.to_string(),
        method: method(&s.method)?,
        also: s.also.iter().map(|m| method(m)).collect::<Option<_>>()?,
        target: s.target,
        content_type,
        body: Bytes::from(B64.decode(s.body).ok()?),
        expires,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold(user: &str, expires: i64) -> Hold {
        Hold {
            user: user.into(),
            host: "app.example".into(),
            method: Method::POST,
            also: vec![Method::DELETE],
            target: "/pay?to=bob".into(),
            content_type: Some(HeaderValue::from_static("application/x-www-form-urlencoded")),
            body: Bytes::from_static(b"amount=10\0\xff"),
            expires,
        }
    }

    fn holds(dir: &std::path::Path, key: u8) -> Holds {
        let store: SharedStore = std::sync::Arc::new(crate::store::SqliteStore::open(&dir.join("h.db")).expect("store"));
        Holds::new(store, Sealer::with_key(&[key; 32]))
    }

    #[tokio::test]
    async fn a_hold_is_taken_once_by_its_user_before_it_expires() {
        let dir = tempfile::tempdir().expect("tempdir");
        let holds = holds(dir.path(), 1);
        let id = holds.put(&hold("alice", 1300)).await.expect("put");
        assert!(holds.take(&id, "bob", "app.example", 1000).await.expect("take").is_none(), "not someone else's");
        assert!(holds.take(&id, "alice", "other.example", 1000).await.expect("take").is_none(), "not for another site");
        let taken = holds.take(&id, "alice", "app.example", 1000).await.expect("take").expect("alice's");
        assert_eq!(taken, hold("alice", 1300), "all of it, byte for byte");
        assert!(holds.take(&id, "alice", "app.example", 1000).await.expect("take").is_none(), "once");

        holds.put_back(&id, &taken).await.expect("put back");
        assert!(holds.take(&id, "alice", "app.example", 1300).await.expect("take").is_none(), "expired at its time");
        assert!(holds.take("no-such-id", "alice", "app.example", 1000).await.expect("take").is_none());
    }

    #[tokio::test]
    async fn a_hold_sealed_under_another_key_does_not_open() {
        let dir = tempfile::tempdir().expect("tempdir");
        let id = holds(dir.path(), 1).put(&hold("alice", 1300)).await.expect("put");
        assert!(holds(dir.path(), 2).take(&id, "alice", "app.example", 1000).await.expect("take").is_none());
    }
}
