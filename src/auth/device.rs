//! Trusted devices: after a code, a person may have this browser remembered, so that for a
//! while (30 days by default) their password alone signs them in from it.
//!
//! The cookie is a signed token (its own key, HS256 pinned, `exp` enforced) holding a random
//! device id, the expiry and an HMAC of what the device is bound to: the site, the client
//! address (exact, its network prefix or its operator's ASN) and the browser (exact user agent
//! or its family). It names no user, address or agent in clear. The server keeps a record per
//! device, so a device can be listed and revoked, and a changed password ends its trust.

use std::borrow::Cow;
use std::net::IpAddr;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use ipnet::IpNet;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::token::Signer;
use super::IssueError;
use crate::geo::Geo;
use crate::keys;
use crate::metrics;
use crate::policy::{BrowserBinding, DeviceTrust, IpBinding};
use crate::store::{self, DeviceRecord, Revoked, SharedStore, StoreError};
use crate::user_agent;
use crate::users::User;

/// Where a request comes from, as far as binding goes.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub host: &'a str,
    pub ip: IpAddr,
    pub user_agent: &'a str,
    /// The language the device's place is named in (a code of [`crate::lang::LANGUAGES`]).
    pub lang: &'a str,
}

#[derive(Serialize, Deserialize)]
struct DeviceClaims {
    did: String,
    exp: i64,
    bnd: String,
}

/// A newly trusted device: the cookie value, its lifetime, and the record's key.
pub struct Trusted {
    pub token: String,
    pub max_age: Duration,
    pub id_hash: [u8; 32],
}

pub struct Devices {
    store: SharedStore,
    signer: Signer,
    binding_key: [u8; 32],
}

impl Devices {
    /// Both keys are derived from the session key, so a session token is never a device token.
    pub fn new(store: SharedStore, session_key: &[u8]) -> Devices {
        Devices {
            store,
            signer: Signer::new(&keys::mac(session_key, &[b"portcullis device cookie v1"])),
            binding_key: keys::mac(session_key, &[b"portcullis device binding v1"]),
        }
    }

    /// Trusts the browser `origin` describes for `user`: stores the record, returns the cookie.
    pub async fn trust(
        &self,
        user: &User,
        settings: &DeviceTrust,
        origin: &Origin<'_>,
        geo: &Geo,
        now: i64,
    ) -> Result<Trusted, IssueError> {
        let mut did = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut did);
        let expires = now + settings.lifetime.as_secs() as i64;
        let claims = DeviceClaims { did: B64URL.encode(did), exp: expires, bnd: B64URL.encode(self.binding(settings, origin, geo)) };
        let token = self.signer.sign(&claims)?;
        let record = DeviceRecord {
            id_hash: Sha256::digest(did).into(),
            username: user.username.clone(),
            host: origin.host.to_string(),
            password_tag: user.password_tag,
            created: now,
            last_used: now,
            expires,
            label: user_agent::label(origin.user_agent).unwrap_or_default(),
            place: geo.place(origin.ip, origin.lang),
        };
        let id_hash = record.id_hash;
        store::call(&self.store, move |s| s.put_device(&record)).await?;
        metrics::device_trusted();
        Ok(Trusted { token, max_age: settings.lifetime, id_hash })
    }

    /// The device id hash in a cookie value whose signature, expiry (at `now`) and binding
    /// to `origin` all hold. No storage is involved.
    pub fn verify_token(&self, token: &str, settings: &DeviceTrust, origin: &Origin<'_>, geo: &Geo, now: i64) -> Option<[u8; 32]> {
        let claims = self.claims(token, now)?;
        let bound = B64URL.decode(&claims.bnd).ok()?;
        bool::from(bound.ct_eq(&self.binding(settings, origin, geo))).then(|| id_hash(&claims)).flatten()
    }

    /// Which device a genuine cookie names, wherever it is used from: for telling a browser
    /// which of its user's devices it is, and for forgetting it. Trusts nothing by itself.
    pub fn id_in(&self, token: &str, now: i64) -> Option<[u8; 32]> {
        id_hash(&self.claims(token, now)?)
    }

    fn claims(&self, token: &str, now: i64) -> Option<DeviceClaims> {
        self.signer.verify::<DeviceClaims>(token).filter(|c| c.exp > now)
    }

    /// The device a cookie value names, if it is trusted for `user` from `origin` at `now`;
    /// its use is noted. A device a changed password or its age has ended is deleted.
    pub async fn recognise(
        &self,
        token: &str,
        user: &User,
        settings: &DeviceTrust,
        origin: &Origin<'_>,
        geo: &Geo,
        now: i64,
    ) -> Result<Option<[u8; 32]>, StoreError> {
        if !settings.enabled {
            return Ok(None);
        }
        let Some(id_hash) = self.verify_token(token, settings, origin, geo, now) else {
            return Ok(None);
        };
        let Some(record) = store::call(&self.store, move |s| s.device(&id_hash)).await? else {
            return Ok(None);
        };
        if record.username != user.username || record.host != origin.host {
            return Ok(None);
        }
        if ended(&record, user, now) {
            self.revoke(&user.username, Some(id_hash)).await?;
            return Ok(None);
        }
        store::call(&self.store, move |s| s.touch_device(&id_hash, now)).await?;
        Ok(Some(id_hash))
    }

    /// The user's trusted devices, most recently used first; ended ones are deleted on the way.
    pub async fn list(&self, user: &User, now: i64) -> Result<Vec<DeviceRecord>, StoreError> {
        let name = user.username.clone();
        let (live, ended): (Vec<_>, Vec<_>) =
            store::call(&self.store, move |s| s.devices_of(&name)).await?.into_iter().partition(|d| !ended(d, user, now));
        for device in ended {
            self.revoke(&user.username, Some(device.id_hash)).await?;
        }
        Ok(live)
    }

    /// Revokes one device of the user, or all; every session they started ends too. The
    /// caller evicts the returned sessions from the session cache.
    pub async fn revoke(&self, username: &str, only: Option<[u8; 32]>) -> Result<Revoked, StoreError> {
        let name = username.to_string();
        let revoked = store::call(&self.store, move |s| s.revoke_devices(&name, only.as_ref())).await?;
        metrics::devices_revoked(revoked.devices);
        Ok(revoked)
    }

    /// The HMAC of what a device is bound to; changing the site's binding settings changes it,
    /// which ends the trust of devices bound the old way (fail closed).
    fn binding(&self, settings: &DeviceTrust, origin: &Origin<'_>, geo: &Geo) -> [u8; 32] {
        let ip = origin.ip.to_canonical();
        let exact = || format!("ip {ip}");
        let network = match settings.ip {
            IpBinding::Exact => exact(),
            IpBinding::Prefix { v4, v6 } => {
                let bits = if ip.is_ipv4() { v4 } else { v6 };
                IpNet::new(ip, bits).map_or_else(|_| exact(), |n| format!("net {}", n.trunc()))
            }
            IpBinding::Asn => geo.asn(ip).map_or_else(exact, |asn| format!("as {asn}")),
            IpBinding::Off => String::new(),
        };
        let browser = match settings.browser {
            BrowserBinding::Exact => Cow::Borrowed(origin.user_agent),
            BrowserBinding::Family => user_agent::family(origin.user_agent),
            BrowserBinding::Off => Cow::Borrowed(""),
        };
        keys::mac(&self.binding_key, &[origin.host.as_bytes(), b"\0", network.as_bytes(), b"\0", browser.as_bytes()])
    }
}

fn id_hash(claims: &DeviceClaims) -> Option<[u8; 32]> {
    let did = B64URL.decode(&claims.did).ok().filter(|d| d.len() == 32)?;
    Some(Sha256::digest(did).into())
}

/// Expired, or trusted under a password the user no longer has.
fn ended(record: &DeviceRecord, user: &User, now: i64) -> bool {
    record.expires <= now || record.password_tag != user.password_tag
}

#[cfg(test)]
mod tests;
