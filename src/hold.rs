//! Forms held across a step-up: a request with a body that needs a (fresher) code is kept
//! here while the code is asked for, then replayed upstream once. Holds live in memory only:
//! bounded in size each and in all, five minutes, one use, for the user who sent them.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use bytes::Bytes;
use http::{HeaderValue, Method};
use rand::RngCore;

/// The largest body held; a larger one is refused with a page that says to submit again.
pub const MAX_HOLD_BYTES: usize = 64 * 1024;
/// How long a hold waits for its code.
pub const HOLD_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// All holds together, in body bytes; beyond it the least used are dropped.
const ALL_HOLDS_BYTES: u64 = 32 * 1024 * 1024;

/// A request as it came, to be sent on later.
#[derive(Debug, Clone)]
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

pub struct Holds {
    cache: moka::sync::Cache<String, Hold>,
}

impl Default for Holds {
    fn default() -> Self {
        let cache = moka::sync::Cache::builder()
            .max_capacity(ALL_HOLDS_BYTES)
            .weigher(|_, h: &Hold| u32::try_from(h.body.len() + 256).unwrap_or(u32::MAX))
            .time_to_live(HOLD_LIFETIME)
            .build();
        Holds { cache }
    }
}

impl Holds {
    /// Keeps `hold` under a new unguessable id, which is returned.
    pub fn put(&self, hold: Hold) -> String {
        let mut raw = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let id = B64URL.encode(raw);
        self.cache.insert(id.clone(), hold);
        id
    }

    /// Takes the hold `id` if it is `user`'s on site `host` and has not expired at `now`; once.
    pub fn take(&self, id: &str, user: &str, host: &str, now: i64) -> Option<Hold> {
        let hold = self.cache.get(id).filter(|h| h.user == user && h.host == host)?;
        self.cache.invalidate(id);
        (now < hold.expires).then_some(hold)
    }

    /// Puts back a hold taken too early (its code is still owed).
    pub fn put_back(&self, id: &str, hold: Hold) {
        self.cache.insert(id.to_string(), hold);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold(user: &str, expires: i64) -> Hold {
        Hold {
            user: user.into(),
            host: "app.example".into(),
            method: Method::POST,
            also: Vec::new(),
            target: "/pay?to=bob".into(),
            content_type: Some(HeaderValue::from_static("application/x-www-form-urlencoded")),
            body: Bytes::from_static(b"amount=10"),
            expires,
        }
    }

    #[test]
    fn a_hold_is_taken_once_by_its_user_before_it_expires() {
        let holds = Holds::default();
        let id = holds.put(hold("alice", 1300));
        assert!(holds.take(&id, "bob", "app.example", 1000).is_none(), "not someone else's");
        assert!(holds.take(&id, "alice", "other.example", 1000).is_none(), "not for another site");
        let taken = holds.take(&id, "alice", "app.example", 1000).expect("alice's");
        assert_eq!((taken.target.as_str(), &taken.body[..]), ("/pay?to=bob", &b"amount=10"[..]));
        assert!(holds.take(&id, "alice", "app.example", 1000).is_none(), "once");

        holds.put_back(&id, taken);
        assert!(holds.take(&id, "alice", "app.example", 1300).is_none(), "expired at its time");
        assert!(holds.take("no-such-id", "alice", "app.example", 1000).is_none());
    }
}
