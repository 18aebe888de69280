//! Security notifications: an email to the user when their two-factor setup changes or is
//! used in a way they should know about, with when, which browser and roughly where.
//!
//! Sending never happens on a request: the message is written to the store's outbox (durable,
//! shared with the admin CLI) and a background [`Courier`] delivers it, through SMTP or into a
//! folder (the default, for trying it out), retrying with growing pauses until it goes through.

mod courier;

use std::sync::Arc;

use tokio::sync::Notify;

pub use courier::{ChannelHealth, ConnectionSecurity, Courier, Delivery, SmsGateway, Transport};

use crate::auth::methods::Method;
use crate::clock;
use crate::lang::Lang;
use crate::metrics::{self, Sending};
use crate::store::{self, Channel, Mail, SharedStore, StoreError};
use crate::users::User;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Enrolled,
    DeviceTrusted,
    BackupCodesRenewed,
    BackupCodeUsed {
        left: u32,
    },
    MethodAdded(Method),
    MethodChanged(Method),
    MethodRemoved(Method),
    /// A separate authenticator for step-up rules was set up.
    FactorAdded,
    /// The user turned two-factor off (where sites let them choose).
    TwoFactorOff,
    AdminReset,
}

/// The circumstances: where and when, from which browser (none for an admin's action), and
/// the language to tell of it in.
pub struct Context<'a> {
    pub site: &'a str,
    pub when: i64,
    pub browser: Option<String>,
    pub place: Option<String>,
    pub lang: Lang,
}

impl Event {
    /// The ids of the message's subject and text.
    fn ids(self) -> (&'static str, &'static str) {
        match self {
            Event::Enrolled => ("notice-enrolled-subject", "notice-enrolled"),
            Event::DeviceTrusted => ("notice-device-trusted-subject", "notice-device-trusted"),
            Event::BackupCodesRenewed => ("notice-codes-renewed-subject", "notice-codes-renewed"),
            Event::BackupCodeUsed { .. } => ("notice-code-used-subject", "notice-code-used"),
            Event::MethodAdded(_) => ("notice-method-added-subject", "notice-method-added"),
            Event::MethodChanged(_) => ("notice-method-changed-subject", "notice-method-changed"),
            Event::MethodRemoved(_) => ("notice-method-removed-subject", "notice-method-removed"),
            Event::FactorAdded => ("notice-factor-added-subject", "notice-factor-added"),
            Event::TwoFactorOff => ("notice-off-subject", "notice-off"),
            Event::AdminReset => ("notice-reset-subject", "notice-reset"),
        }
    }

    fn what(self, ctx: &Context<'_>) -> String {
        let (lang, site) = (ctx.lang, ctx.site);
        let (_, id) = self.ids();
        match self {
            Event::BackupCodeUsed { left } => lang.t_args(id, [("site", site.into()), ("left", left.into())]),
            Event::MethodAdded(m) | Event::MethodChanged(m) | Event::MethodRemoved(m) => {
                lang.t_args(id, [("site", site.into()), ("method", lang.t(m.message()).into())])
            }
            _ => lang.t_args(id, [("site", site.into())]),
        }
    }
}

/// The message for `user`, or `None` when they have no email address.
pub fn render(event: Event, user: &User, ctx: &Context<'_>) -> Option<Mail> {
    let to = user.email.clone()?;
    let lang = ctx.lang;
    let when = format!("{} {} UTC", clock::date(ctx.when), clock::time_of_day(ctx.when));
    let mut lines = vec![
        lang.t_args("email-hello", [("name", user.display_name.as_str().into())]),
        String::new(),
        event.what(ctx),
        String::new(),
        lang.t_args("email-when", [("time", when.into())]),
    ];
    if let Some(browser) = &ctx.browser {
        lines.push(lang.t_args("email-browser", [("browser", browser.as_str().into())]));
    }
    if let Some(place) = &ctx.place {
        lines.push(lang.t_args("email-where", [("place", place.as_str().into())]));
    }
    lines.extend([String::new(), lang.t("email-not-you").into_owned(), String::new()]);
    let subject = lang.t(event.ids().0).into_owned();
    Some(Mail { channel: Channel::Email, to, subject, body: lines.join("\n") })
}

/// Where notifications are posted: the store's outbox, and a bell for the courier.
#[derive(Clone)]
pub struct Outbox {
    store: SharedStore,
    bell: Arc<Notify>,
}

impl Outbox {
    pub fn new(store: SharedStore) -> Outbox {
        Outbox { store, bell: Arc::new(Notify::new()) }
    }

    pub(crate) fn bell(&self) -> Arc<Notify> {
        Arc::clone(&self.bell)
    }

    /// Queues the notice of `event` for `user`. A failure is logged, never hidden, and does
    /// not undo what the user did.
    pub async fn post(&self, event: Event, user: &User, ctx: &Context<'_>) {
        let Some(mail) = render(event, user, ctx) else {
            tracing::info!(user = %user.username, ?event, "no email address: notification not sent");
            return;
        };
        if let Err(e) = self.send(mail, ctx.when).await {
            tracing::error!(user = %user.username, ?event, "notification lost, the outbox refused it: {e}");
        }
    }

    /// Queues a message and rings for the courier.
    pub async fn send(&self, mail: Mail, now: i64) -> Result<(), StoreError> {
        let channel = mail.channel.name();
        store::call(&self.store, move |s| s.enqueue_mail(&mail, now)).await?;
        metrics::notification(channel, Sending::Queued);
        self.bell.notify_one();
        Ok(())
    }
}

/// For the admin CLI, which has no courier: the running gate's courier delivers it.
pub fn post_now(store: &dyn store::Store, event: Event, user: &User, ctx: &Context<'_>) -> Result<bool, StoreError> {
    match render(event, user, ctx) {
        Some(mail) => store.enqueue_mail(&mail, ctx.when).map(|()| true),
        None => Ok(false),
    }
}
