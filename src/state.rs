//! Everything the gate shares between requests.

use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use ipnet::IpNet;

use crate::access_log::AccessLog;
use crate::audit::Audit;
use crate::auth::assertion::Assertions;
use crate::auth::backup::BackupCodes;
use crate::auth::device::Devices;
use crate::auth::passkey::Passkeys;
use crate::auth::password::PasswordChecker;
use crate::auth::sent_code::SentCodes;
use crate::auth::session::Sessions;
use crate::auth::throttle::Throttle;
use crate::geo::Geo;
use crate::hold::Holds;
use crate::keys::Sealer;
use crate::notify::Outbox;
use crate::policy::Policy;
use crate::store::SharedStore;
use crate::users::Users;
use crate::web::csrf::Csrf;

/// The part of the config an admin can change without a restart.
#[derive(Debug)]
pub struct Live {
    pub policy: Policy,
    pub users: Users,
    pub geo: Geo,
    /// Which config this is (`Config::hash`).
    pub hash: String,
}

pub struct State {
    pub live: ArcSwap<Live>,
    pub audit: Audit,
    /// One line per request, when configured.
    pub access_log: Option<AccessLog>,
    /// Signs the identity assertions of the sites that send them.
    pub assertions: Assertions,
    pub sessions: Sessions,
    pub devices: Devices,
    pub backup_codes: BackupCodes,
    pub passkeys: Passkeys,
    pub outbox: Outbox,
    pub sent_codes: SentCodes,
    pub passwords: PasswordChecker,
    pub throttle: Throttle,
    pub csrf: Csrf,
    /// Forms kept across a step-up.
    pub holds: Holds,
    pub sealer: Sealer,
    pub store: SharedStore,
    pub portal_path: String,
    pub trusted_proxies: Vec<IpNet>,
    /// Why the last reload failed, until one succeeds.
    pub reload_failure: Mutex<Option<String>>,
}

impl State {
    pub fn live(&self) -> Arc<Live> {
        self.live.load_full()
    }

    /// Notes how a reload went: `Some(why)` when it failed.
    pub fn reloaded(&self, failure: Option<String>) {
        *self.reload_failure.lock().unwrap_or_else(|p| p.into_inner()) = failure;
    }

    pub fn reload_failure(&self) -> Option<String> {
        self.reload_failure.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}
