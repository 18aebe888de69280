//! Passkeys and security keys (WebAuthn, by webauthn-rs): registering one, and using it as the
//! second factor. The relying party is the site's host, or the parent domain the site names;
//! attestation is `none`; user verification is required (webauthn-rs's passkey ceremonies);
//! credentials are made discoverable, so that they can also sign in without the password.
//! Each ceremony's state is kept in the store for five minutes under a random id the page
//! carries, and taken once, so a ceremony begun on one replica may end on another. Sign
//! counters are kept after each use; one that goes backwards (a cloned authenticator) is
//! refused.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use webauthn_rs::prelude::{
    AuthenticationResult, Passkey, PublicKeyCredential, RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder, WebauthnError,
};

use crate::keys::{self, Sealer};
use crate::store::{self, Owner, PasskeyKind, PasskeyRecord, SharedStore, StoreError};
use crate::users::User;

/// How long a ceremony may take, as webauthn-rs tells the browser.
const CEREMONY_SECS: i64 = 300;

/// The relying party of a site, as its pages are served: its id, and the origin (scheme and
/// host) the browser signs.
#[derive(Debug, Clone, Copy)]
pub struct Party<'a> {
    pub rp_id: &'a str,
    pub host: &'a str,
    pub https: bool,
    /// The site's name, shown by the browser when making a passkey.
    pub name: &'a str,
}

/// A ceremony begun: its id, for the page to send back, and the options for
/// `navigator.credentials`, in JSON.
#[derive(Debug)]
pub struct Ceremony {
    pub id: String,
    pub options: String,
}

/// A ceremony's id and the browser's answer to it (JSON), as a form brought them.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    pub ceremony: &'a str,
    pub json: &'a str,
}

/// What a ceremony is for. One begun for one purpose cannot end another: an answer given to
/// sign in does not prove a change, nor does a first enrolment's add a passkey later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// A new passkey at the first enrolment.
    Enrol,
    /// One more, after a proof on the security page.
    Register,
    /// The second factor of a sign-in.
    SignIn,
    /// A proof of a change on the security page.
    Proof,
}

impl Intent {
    fn name(self) -> &'static str {
        match self {
            Intent::Enrol => "enrol",
            Intent::Register => "register",
            Intent::SignIn => "sign-in",
            Intent::Proof => "proof",
        }
    }
}

/// Whose a ceremony is: a user, in the session that began it (which alone may end it).
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub user: &'a User,
    /// The session's id hash.
    pub session: [u8; 32],
}

impl Who<'_> {
    fn owner(&self) -> Owner<'_> {
        Owner { username: &self.user.username, session: &self.session }
    }
}

/// A registered passkey an answer names, with the answer, not yet verified.
pub struct Named {
    record: PasskeyRecord,
    answer: PublicKeyCredential,
    passkey: Passkey,
}

impl Named {
    /// Whose it is.
    pub fn username(&self) -> &str {
        &self.record.username
    }
}

/// Why the browser's answer was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// No such ceremony here for this user (expired, used, or begun for another intent).
    Unknown,
    /// The answer did not verify, or names no passkey of the user's for this site.
    Invalid(String),
    /// The sign counter went backwards: the authenticator may have been cloned.
    Cloned,
    /// Alone, it signs in only with the password it was last used with, which has changed.
    NewPassword,
}

/// What went wrong on our side: the store, or the relying party's settings.
#[derive(Debug, thiserror::Error)]
pub enum PasskeyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("passkeys: {0}")]
    Setup(String),
}

pub struct Passkeys {
    store: SharedStore,
    /// Keys the user handles (a user's id in their authenticators, which must not name them).
    handles: [u8; 32],
    /// Seals the state of sign-ins by a passkey alone into their pages.
    sealer: Sealer,
}

/// The state of a sign-in by a passkey alone, as its page carries it (sealed).
#[derive(serde::Serialize, serde::Deserialize)]
struct AloneState {
    state: String,
    expires: i64,
}

impl Passkeys {
    pub fn new(store: SharedStore, storage_key: &[u8; 32]) -> Passkeys {
        let handles = keys::mac(storage_key, &[b"portcullis passkey user handles v1"]);
        let sealing = keys::mac(storage_key, &[b"portcullis passkey sign-in states v1"]);
        Passkeys { store, handles, sealer: Sealer::with_key(&sealing) }
    }

    /// The user handle of `username`: the same on every replica, meaningless to anyone else.
    pub fn user_handle(&self, username: &str) -> Uuid {
        let mac = keys::mac(&self.handles, &[username.as_bytes()]);
        Uuid::from_bytes(mac[..16].try_into().unwrap_or_default())
    }

    /// Whether passkeys can be made for `party` at all (browsers refuse an IP address).
    pub fn possible(party: Party<'_>) -> bool {
        Self::webauthn(party).is_ok()
    }

    fn webauthn(party: Party<'_>) -> Result<Webauthn, PasskeyError> {
        let origin = format!("{}://{}", if party.https { "https" } else { "http" }, party.host);
        let origin = Url::parse(&origin).map_err(|e| PasskeyError::Setup(format!("{origin}: {e}")))?;
        let builder = WebauthnBuilder::new(party.rp_id, &origin).map_err(|e| PasskeyError::Setup(format!("{}: {e}", party.rp_id)))?;
        // The browser signs its origin with the port: only the scheme's own is taken (another
        // service on another port of the host must not relay a ceremony), except on a
        // loopback name, where development servers run on any.
        let loopback = party.host == "localhost" || party.host.ends_with(".localhost");
        builder.rp_name(party.name).allow_any_port(loopback).build().map_err(setup)
    }

    /// Begins registering a new passkey of `user` (none of `existing` may be made again).
    pub async fn start_registration(
        &self,
        party: Party<'_>,
        who: Who<'_>,
        existing: &[PasskeyRecord],
        intent: Intent,
        now: i64,
    ) -> Result<Ceremony, PasskeyError> {
        let user = who.user;
        let webauthn = Self::webauthn(party)?;
        let exclude = existing.iter().filter(|p| p.rp_id == party.rp_id).map(|p| p.cred_id.clone()).collect();
        let (options, state) = webauthn
            .start_passkey_registration(self.user_handle(&user.username), &user.username, &user.display_name, Some(exclude))
            .map_err(setup)?;
        let mut options = serde_json::to_value(&options).map_err(setup)?;
        // Discoverable, so that the passkey may also sign in without the password.
        if let Some(selection) = options.pointer_mut("/publicKey/authenticatorSelection").and_then(|s| s.as_object_mut()) {
            selection.insert("residentKey".into(), "required".into());
            selection.insert("requireResidentKey".into(), true.into());
        }
        let state = serde_json::to_string(&state).map_err(setup)?;
        let id = self.keep(&kind(intent, party), who.owner(), state, now).await?;
        Ok(Ceremony { id, options: options.to_string() })
    }

    /// Ends a registration of `user`'s with the browser's `answer`: the passkey, kept as `name`,
    /// and its kind.
    pub async fn finish_registration(
        &self,
        party: Party<'_>,
        who: Who<'_>,
        intent: Intent,
        answer: Answer<'_>,
        name: &str,
        now: i64,
    ) -> Result<Result<(PasskeyRecord, PasskeyKind), Refused>, PasskeyError> {
        let user = who.user;
        let (state, answer) = match self.taken::<_, RegisterPublicKeyCredential>(&kind(intent, party), who, answer, now).await? {
            Ok(taken) => taken,
            Err(refused) => return Ok(Err(refused)),
        };
        let passkey = match Self::webauthn(party)?.finish_passkey_registration(&answer, &state) {
            Ok(passkey) => passkey,
            Err(e) => return Ok(Err(Refused::Invalid(e.to_string()))),
        };
        let credential = serde_json::to_value(&passkey).map_err(setup)?;
        // The crate keeps the flag inside; its JSON is how it lets it be read.
        let synced = credential.pointer("/cred/backup_eligible").and_then(|b| b.as_bool()).unwrap_or(false);
        let record = PasskeyRecord {
            cred_id: passkey.cred_id().clone(),
            username: user.username.clone(),
            rp_id: party.rp_id.to_string(),
            name: name.to_string(),
            credential: credential.to_string(),
            created: now,
            last_used: None,
            counter: credential.pointer("/cred/counter").and_then(|c| c.as_u64()).and_then(|c| u32::try_from(c).ok()).unwrap_or(0),
            password_tag: user.password_tag,
        };
        let kept = record.clone();
        if !store::call(&self.store, move |s| s.add_passkey(&kept)).await? {
            return Ok(Err(Refused::Invalid("that passkey is registered already".into())));
        }
        Ok(Ok((record, kind_of(synced))))
    }

    /// Begins a sign-in (or, for `intent`, a proof) of a user with one of `theirs` (their
    /// passkeys, as the caller read them) for this site, if they have any.
    pub async fn start_sign_in(
        &self,
        party: Party<'_>,
        who: Who<'_>,
        theirs: &[PasskeyRecord],
        intent: Intent,
        now: i64,
    ) -> Result<Option<Ceremony>, PasskeyError> {
        let keys: Vec<Passkey> =
            theirs.iter().filter(|p| p.rp_id == party.rp_id).filter_map(|p| serde_json::from_str(&p.credential).ok()).collect();
        if keys.is_empty() {
            return Ok(None);
        }
        let (options, state) = Self::webauthn(party)?.start_passkey_authentication(&keys).map_err(setup)?;
        let state = serde_json::to_string(&state).map_err(setup)?;
        let id = self.keep(&kind(intent, party), who.owner(), state, now).await?;
        Ok(Some(Ceremony { id, options: serde_json::to_string(&options).map_err(setup)? }))
    }

    /// Ends a sign-in of `user`'s with the browser's `answer`: the kind of passkey that signed,
    /// whose record (sign counter, last use) is updated.
    pub async fn finish_sign_in(
        &self,
        party: Party<'_>,
        who: Who<'_>,
        intent: Intent,
        answer: Answer<'_>,
        now: i64,
    ) -> Result<Result<PasskeyKind, Refused>, PasskeyError> {
        let user = who.user;
        let (state, answer) = match self.taken::<_, PublicKeyCredential>(&kind(intent, party), who, answer, now).await? {
            Ok(taken) => taken,
            Err(refused) => return Ok(Err(refused)),
        };
        let result = Self::webauthn(party)?.finish_passkey_authentication(&answer, &state);
        let result = match verified(result) {
            Ok(result) => result,
            Err(refused) => return Ok(Err(refused)),
        };
        // Still theirs, for this site: one removed since the ceremony began is refused.
        let id = result.cred_id().clone();
        let record = store::call(&self.store, move |s| s.passkey(&id)).await?;
        let Some(record) = record.filter(|r| r.username == user.username && r.rp_id == party.rp_id) else {
            return Ok(Err(Refused::Invalid("that passkey is no longer registered".into())));
        };
        let Ok(passkey) = serde_json::from_str::<Passkey>(&record.credential) else {
            return Ok(Err(Refused::Invalid("the stored passkey could not be read".into())));
        };
        // With the password, it now goes with this one (see `PasskeyRecord::password_tag`).
        self.used(record, passkey, &result, user, now).await
    }

    /// Begins a sign-in by a passkey alone: the browser offers whichever of its passkeys for
    /// this site it has (none is named), and the answer says whose it is. Anyone who opens the
    /// login page begins one, so nothing is stored: the state is sealed into the ceremony's id,
    /// and only one that ended is remembered (so that its answer is not taken twice).
    pub fn start_alone(&self, party: Party<'_>, now: i64) -> Result<Ceremony, PasskeyError> {
        let (options, state) = Self::webauthn(party)?.start_discoverable_authentication().map_err(setup)?;
        let sealed = AloneState { state: serde_json::to_string(&state).map_err(setup)?, expires: now + CEREMONY_SECS };
        let sealed = self.sealer.seal(serde_json::to_string(&sealed).map_err(setup)?.as_bytes(), alone(party).as_bytes()).map_err(setup)?;
        Ok(Ceremony { id: B64URL.encode(sealed), options: serde_json::to_string(&options).map_err(setup)? })
    }

    /// The state sealed into a sign-in by a passkey alone, while it has not expired.
    fn unsealed(&self, party: Party<'_>, id: &str, now: i64) -> Option<AloneState> {
        let opened = self.sealer.open(&B64URL.decode(id).ok()?, alone(party).as_bytes())?;
        serde_json::from_slice::<AloneState>(&opened).ok().filter(|s| s.expires > now)
    }

    /// The passkey the answer to a sign-in by a passkey alone names by its credential id, if
    /// its user handle is its user's and it was made for this relying party. Nothing is
    /// verified yet: that is [`Passkeys::finish_alone`].
    pub async fn whose(&self, party: Party<'_>, answer: Answer<'_>) -> Result<Option<Named>, StoreError> {
        let Ok(answer) = serde_json::from_str::<PublicKeyCredential>(answer.json) else { return Ok(None) };
        let Some(handle) = answer.get_user_unique_id().and_then(|b| Uuid::from_slice(b).ok()) else { return Ok(None) };
        let id = answer.get_credential_id().to_vec();
        let record = store::call(&self.store, move |s| s.passkey(&id)).await?;
        let Some(record) = record.filter(|r| r.rp_id == party.rp_id && self.user_handle(&r.username) == handle) else {
            return Ok(None);
        };
        let Ok(passkey) = serde_json::from_str::<Passkey>(&record.credential) else { return Ok(None) };
        Ok(Some(Named { record, answer, passkey }))
    }

    /// Ends the sign-in by a passkey alone of `user`, whom the `named` passkey names (see
    /// [`Passkeys::whose`]), in the ceremony `ceremony`: the kind of passkey. User verification
    /// was required (webauthn-rs's discoverable ceremony). A passkey last used with another
    /// password is refused: a new password (an admin's answer to a breach) ends a passkey
    /// alone too, until it is used with the new one.
    pub async fn finish_alone(
        &self,
        party: Party<'_>,
        user: &User,
        named: Named,
        ceremony: &str,
        now: i64,
    ) -> Result<Result<PasskeyKind, Refused>, PasskeyError> {
        let Some(sealed) = self.unsealed(party, ceremony, now) else {
            return Ok(Err(Refused::Unknown));
        };
        let Ok(state) = serde_json::from_str(&sealed.state) else {
            return Ok(Err(Refused::Invalid("the ceremony could not be read".into())));
        };
        let Named { record, answer, passkey } = named;
        if record.password_tag != user.password_tag {
            return Ok(Err(Refused::NewPassword));
        }
        let result = Self::webauthn(party)?.finish_discoverable_authentication_v2(&answer, state, &passkey);
        let result = match verified(result) {
            Ok(result) => result,
            Err(refused) => return Ok(Err(refused)),
        };
        let (id, kind) = (hash_of(ceremony.as_bytes()), alone(party));
        if !store::call(&self.store, move |s| s.ceremony_ended(&id, &kind, sealed.expires)).await? {
            return Ok(Err(Refused::Unknown));
        }
        self.used(record, passkey, &result, user, now).await
    }

    /// After a verified use by `user`: the passkey's sign counter and last use are kept; its kind. The
    /// counter is held against the stored one (the ceremony's copy may be older, and another
    /// replica may have taken the same count meanwhile): not above it, it is a copy's. The
    /// passkey goes with the user's password as it is now.
    async fn used(
        &self,
        record: PasskeyRecord,
        mut passkey: Passkey,
        result: &AuthenticationResult,
        user: &User,
        now: i64,
    ) -> Result<Result<PasskeyKind, Refused>, PasskeyError> {
        let counter = result.counter();
        if counter <= record.counter && (counter, record.counter) != (0, 0) {
            return Ok(Err(Refused::Cloned));
        }
        passkey.update_credential(result);
        let credential = serde_json::to_string(&passkey).map_err(setup)?;
        let tag = user.password_tag;
        if !store::call(&self.store, move |s| s.used_passkey(&record.cred_id, &credential, counter, &tag, now)).await? {
            return Ok(Err(Refused::Cloned));
        }
        Ok(Ok(kind_of(result.backup_eligible())))
    }

    /// Takes the state of `who`'s ceremony of `kind` that `answer` ends, and reads the answer.
    async fn taken<S: serde::de::DeserializeOwned, A: serde::de::DeserializeOwned>(
        &self,
        kind: &str,
        who: Who<'_>,
        answer: Answer<'_>,
        now: i64,
    ) -> Result<Result<(S, A), Refused>, StoreError> {
        let Some(state) = self.take(kind, who.owner(), answer.ceremony, now).await? else {
            return Ok(Err(Refused::Unknown));
        };
        Ok(match (serde_json::from_str(&state), serde_json::from_str(answer.json)) {
            (Ok(state), Ok(answer)) => Ok((state, answer)),
            _ => Err(Refused::Invalid("the browser's answer could not be read".into())),
        })
    }

    /// Keeps a ceremony's state under a new random id, which is returned.
    async fn keep(&self, kind: &str, owner: Owner<'_>, state: String, now: i64) -> Result<String, StoreError> {
        let mut id = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut id);
        let (hash, kind, username, session) = (hash_of(&id), kind.to_string(), owner.username.to_string(), *owner.session);
        store::call(&self.store, move |s| {
            s.put_ceremony(&hash, &kind, Owner { username: &username, session: &session }, &state, now + CEREMONY_SECS)
        })
        .await?;
        Ok(B64URL.encode(id))
    }

    /// Takes the state of `owner`'s ceremony `id` of `kind`, once.
    async fn take(&self, kind: &str, owner: Owner<'_>, id: &str, now: i64) -> Result<Option<String>, StoreError> {
        let Some(hash) = B64URL.decode(id).ok().map(|id| hash_of(&id)) else { return Ok(None) };
        let (kind, username, session) = (kind.to_string(), owner.username.to_string(), *owner.session);
        store::call(&self.store, move |s| s.take_ceremony(&hash, &kind, Owner { username: &username, session: &session }, now)).await
    }
}

/// What a ceremony is for, and on which site: one begun for another cannot end it.
fn kind(intent: Intent, party: Party<'_>) -> String {
    format!("{} {}", intent.name(), party.host)
}

/// The kind of a sign-in by a passkey alone on a site.
fn alone(party: Party<'_>) -> String {
    format!("alone {}", party.host)
}

/// A failure of webauthn-rs or of serde on our own side (not the browser's answer).
fn setup(e: impl std::fmt::Display) -> PasskeyError {
    PasskeyError::Setup(e.to_string())
}

/// What webauthn-rs made of an answer; a sign counter that went back is a copy.
fn verified(result: Result<AuthenticationResult, WebauthnError>) -> Result<AuthenticationResult, Refused> {
    result.map_err(|e| match e {
        WebauthnError::CredentialPossibleCompromise => Refused::Cloned,
        e => Refused::Invalid(e.to_string()),
    })
}

/// A passkey that may be backed up (synced to other devices), or one bound to its device.
fn kind_of(backup_eligible: bool) -> PasskeyKind {
    if backup_eligible {
        PasskeyKind::Synced
    } else {
        PasskeyKind::DeviceBound
    }
}

fn hash_of(id: &[u8]) -> [u8; 32] {
    Sha256::digest(id).into()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::store::SqliteStore;

    fn party(host: &str) -> Party<'_> {
        Party { rp_id: host, host, https: true, name: "Example" }
    }

    #[test]
    fn an_ip_address_cannot_be_a_relying_party() {
        assert!(Passkeys::possible(party("app.example.com")));
        assert!(!Passkeys::possible(party("10.0.0.5")));
    }

    #[tokio::test]
    async fn a_ceremony_ends_only_in_its_session_for_its_intent_on_its_site() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store: SharedStore = Arc::new(SqliteStore::open(&dir.path().join("s.db")).expect("store"));
        let passkeys = Passkeys::new(store, &[3; 32]);
        let owner = Owner { username: "alice", session: &[1; 32] };
        let kept = |intent, host| kind(intent, party(host));
        let id = passkeys.keep(&kept(Intent::SignIn, "app.example"), owner, "state".into(), 100).await.expect("keep");
        let take = |kind: String, session: [u8; 32]| {
            let (passkeys, id) = (&passkeys, id.clone());
            async move { passkeys.take(&kind, Owner { username: "alice", session: &session }, &id, 200).await.expect("take") }
        };
        assert_eq!(take(kept(Intent::Proof, "app.example"), [1; 32]).await, None, "a sign-in's answer proves no change");
        assert_eq!(take(kept(Intent::SignIn, "other.example"), [1; 32]).await, None, "nor signs in on another site");
        assert_eq!(take(kept(Intent::SignIn, "app.example"), [2; 32]).await, None, "nor in another session");
        assert_eq!(take(kept(Intent::SignIn, "app.example"), [1; 32]).await.as_deref(), Some("state"));
        assert_eq!(take(kept(Intent::SignIn, "app.example"), [1; 32]).await, None, "once");
        assert_ne!(passkeys.user_handle("alice"), passkeys.user_handle("bob"));
        assert_eq!(
            passkeys.user_handle("alice"),
            Passkeys::new(Arc::new(SqliteStore::open(&dir.path().join("t.db")).expect("store")), &[3; 32]).user_handle("alice"),
            "the same on every replica"
        );
    }
}
