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

/// The circumstances: where and when, and from which browser (none for an admin's action).
pub struct Context<'a> {
    pub site: &'a str,
    pub when: i64,
    pub browser: Option<String>,
    pub place: Option<String>,
}

impl Event {
    fn subject(self) -> &'static str {
        match self {
            Event::Enrolled => "Two-factor authentication is now on for your account",
            Event::DeviceTrusted => "A device was trusted for your account",
            Event::BackupCodesRenewed => "You have new backup codes",
            Event::BackupCodeUsed { .. } => "A backup code was used to sign in",
            Event::MethodAdded(_) => "A sign-in method was added to your account",
            Event::MethodChanged(_) => "A sign-in method of your account was changed",
            Event::MethodRemoved(_) => "A sign-in method was removed from your account",
            Event::FactorAdded => "A separate authenticator was set up for your account",
            Event::TwoFactorOff => "Two-factor authentication was turned off for your account",
            Event::AdminReset => "An administrator reset your two-factor authentication",
        }
    }

    fn what(self, site: &str) -> String {
        match self {
            Event::Enrolled => format!("An authenticator app was set up for your account on {site}."),
            Event::DeviceTrusted => format!("A browser was trusted on {site}: there, your password alone signs you in."),
            Event::BackupCodesRenewed => format!("A new set of backup codes was made on {site}; the old codes no longer work."),
            Event::BackupCodeUsed { left } => format!("A backup code was used to sign in on {site}. {left} unused codes remain."),
            Event::MethodAdded(m) => format!("Sign-in method added on {site}: {}.", m.label()),
            Event::MethodChanged(m) => format!("Sign-in method changed on {site}: {}.", m.label()),
            Event::MethodRemoved(m) => format!("Sign-in method removed on {site}: {}.", m.label()),
            Event::FactorAdded => format!("A separate authenticator, asked for in protected parts of {site}, was set up."),
            Event::TwoFactorOff => {
                format!("Two-factor authentication was turned off on {site}: your password alone now signs you in.")
            }
            Event::AdminReset => format!(
                "An administrator removed your authenticator, backup codes and trusted devices on {site}. \
                 You will set up an authenticator again at your next sign-in."
            ),
        }
    }
}

/// The message for `user`, or `None` when they have no email address.
pub fn render(event: Event, user: &User, ctx: &Context<'_>) -> Option<Mail> {
    let to = user.email.clone()?;
    let mut body = format!(
        "Hello {},\n\n{}\n\nWhen:    {} {} UTC\n",
        user.display_name,
        event.what(ctx.site),
        clock::date(ctx.when),
        clock::time_of_day(ctx.when)
    );
    if let Some(browser) = &ctx.browser {
        body.push_str(&format!("Browser: {browser}\n"));
    }
    if let Some(place) = &ctx.place {
        body.push_str(&format!("Where:   {place} (approximately)\n"));
    }
    body.push_str("\nIf this was not you, tell your administrator at once.\n");
    Some(Mail { channel: Channel::Email, to, subject: event.subject().to_string(), body })
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
