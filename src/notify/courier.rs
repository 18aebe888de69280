//! Delivering the outbox: SMTP (lettre) or a folder of `.eml` files, retried with doubling
//! pauses (5 s up to an hour) until delivered; every failure is logged.

use secrecy::{ExposeSecret, SecretString};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use pingora::server::ShutdownWatch;
use pingora::services::background::BackgroundService;
use tokio::sync::Notify;

use super::Outbox;
use crate::metrics::{self, Sending};
use crate::store::{self, Channel, Mail, SharedStore};
use crate::tls_client;

const FIRST_PAUSE: i64 = 5;
const LONGEST_PAUSE: i64 = 3600;
const BATCH: u32 = 50;
/// How long a replica has to send what it took from the outbox before another may try it.
const LEASE: i64 = 300;
/// The outbox is looked at this often even without a bell, for what the admin CLI posted.
const POLL: Duration = Duration::from_secs(5);
/// How long email may go untried before the channel is probed.
const PROBE: Duration = Duration::from_secs(60);

/// How notifications leave.
#[derive(Debug, Clone)]
pub enum Transport {
    /// Each message becomes a file in this folder.
    Folder(PathBuf),
    Smtp {
        host: String,
        port: u16,
        security: ConnectionSecurity,
        credentials: Option<(String, SecretString)>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionSecurity {
    /// TLS from the first byte (usually port 465).
    Tls,
    /// STARTTLS, required (usually port 587).
    StartTls,
    /// Plain text, for a relay on the same host only.
    None,
}

/// An HTTP SMS gateway: one request per message, `{phone}` and `{code}` filled into `body`.
#[derive(Debug, Clone)]
pub struct SmsGateway {
    pub url: reqwest::Url,
    pub method: http::Method,
    /// The `Authorization` header's value.
    pub auth: Option<SecretString>,
    pub content_type: String,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct Delivery {
    pub from: Mailbox,
    pub transport: Transport,
    pub sms: Option<SmsGateway>,
}

/// Sends texts through the gateway (rustls with ring, the webpki roots).
struct SmsSender {
    client: reqwest::Client,
    gateway: SmsGateway,
}

impl SmsSender {
    fn new(gateway: &SmsGateway) -> Result<SmsSender, String> {
        let tls = tls_client::verifying(tls_client::public_roots()).map_err(|e| format!("sms: {e}"))?;
        // reqwest asks for a process-wide provider even with a preconfigured backend.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| format!("sms: {e}"))?;
        Ok(SmsSender { client, gateway: gateway.clone() })
    }

    async fn send(&self, phone: &str, code: &str) -> Result<(), String> {
        let g = &self.gateway;
        let body = g.body.replace("{phone}", phone).replace("{code}", code);
        let mut request = self.client.request(g.method.clone(), g.url.clone()).header("content-type", &g.content_type).body(body);
        if let Some(auth) = &g.auth {
            request = request.header("authorization", auth.expose_secret());
        }
        let response = request.send().await.map_err(|e| format!("sms gateway: {e}"))?;
        match response.status() {
            s if s.is_success() => Ok(()),
            s => Err(format!("sms gateway answered {s}")),
        }
    }
}

enum Sender {
    Folder(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Sender {
    fn new(t: &Transport) -> Result<Sender, String> {
        match t {
            Transport::Folder(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                Ok(Sender::Folder(AsyncFileTransport::new(dir)))
            }
            Transport::Smtp { host, port, security, credentials } => {
                let builder = match security {
                    ConnectionSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
                    ConnectionSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
                    ConnectionSecurity::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str())),
                }
                .map_err(|e| format!("smtp {host}: {e}"))?;
                let builder = builder.port(*port).timeout(Some(Duration::from_secs(20)));
                let builder = match credentials {
                    Some((user, password)) => builder.credentials(Credentials::new(user.clone(), password.expose_secret().to_string())),
                    None => builder,
                };
                Ok(Sender::Smtp(builder.build()))
            }
        }
    }

    async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Sender::Folder(f) => f.send(message).await.map(drop).map_err(|e| e.to_string()),
            Sender::Smtp(s) => s.send(message).await.map(drop).map_err(|e| e.to_string()),
        }
    }

    /// Whether mail could leave now: the folder is there to write in, the SMTP server answers.
    async fn probe(&self, folder: Option<&PathBuf>) -> Result<(), String> {
        match (self, folder) {
            (Sender::Folder(_), Some(dir)) => match tokio::fs::metadata(dir).await {
                Ok(m) if m.is_dir() && !m.permissions().readonly() => Ok(()),
                Ok(_) => Err(format!("{} is not a folder that can be written", dir.display())),
                Err(e) => Err(format!("{}: {e}", dir.display())),
            },
            (Sender::Smtp(s), _) => match s.test_connection().await {
                Ok(true) => Ok(()),
                Ok(false) => Err("the SMTP server did not answer".into()),
                Err(e) => Err(format!("smtp: {e}")),
            },
            (Sender::Folder(_), None) => Ok(()),
        }
    }
}

/// Whether each channel worked when last tried — a delivery, or for email a probe when nothing
/// was sent for a while — as `/readyz` reports it. Email is unknown until first tried; texts are
/// known only from deliveries.
pub struct ChannelHealth {
    email: Mutex<Result<(), String>>,
    /// None without an SMS gateway.
    sms: Option<Mutex<Result<(), String>>>,
}

impl ChannelHealth {
    pub fn new(sms: bool) -> ChannelHealth {
        ChannelHealth { email: Mutex::new(Err("not checked yet".into())), sms: sms.then(|| Mutex::new(Ok(()))) }
    }

    /// Each channel there is, and why it is failing if it is.
    pub fn report(&self) -> Vec<(&'static str, Result<(), String>)> {
        let read = |m: &Mutex<Result<(), String>>| m.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let sms = self.sms.as_ref().map(|m| (Channel::Sms.name(), read(m)));
        std::iter::once((Channel::Email.name(), read(&self.email))).chain(sms).collect()
    }

    fn set(&self, channel: Channel, result: Result<(), String>) {
        metrics::channel_up(channel.name(), result.is_ok());
        let slot = match channel {
            Channel::Email => Some(&self.email),
            Channel::Sms => self.sms.as_ref(),
        };
        if let Some(slot) = slot {
            *slot.lock().unwrap_or_else(|p| p.into_inner()) = result;
        }
    }
}

/// The background service that empties the outbox.
pub struct Courier {
    store: SharedStore,
    from: Mailbox,
    sender: Sender,
    /// The folder mail is written to, to probe.
    folder: Option<PathBuf>,
    sms: Option<SmsSender>,
    bell: Arc<Notify>,
    health: Arc<ChannelHealth>,
}

impl Courier {
    pub fn new(settings: &Delivery, outbox: &Outbox, store: SharedStore, health: Arc<ChannelHealth>) -> Result<Courier, String> {
        Ok(Courier {
            store,
            from: settings.from.clone(),
            sender: Sender::new(&settings.transport)?,
            folder: match &settings.transport {
                Transport::Folder(dir) => Some(dir.clone()),
                Transport::Smtp { .. } => None,
            },
            sms: settings.sms.as_ref().map(SmsSender::new).transpose()?,
            bell: outbox.bell(),
            health,
        })
    }

    async fn deliver(&self, mail: &Mail) -> Result<(), String> {
        match (mail.channel, &self.sms) {
            (Channel::Email, _) => self.sender.send(self.message(mail)?).await,
            (Channel::Sms, Some(sms)) => sms.send(&mail.to, &mail.body).await,
            (Channel::Sms, None) => Err("no sms gateway is configured".into()),
        }
    }

    /// Sends what is due (taken, so that no other replica sends it too); returns how many
    /// were delivered.
    pub async fn deliver_due(&self, now: i64) -> usize {
        let due = match store::call(&self.store, move |s| s.claim_mail(now, now + LEASE, BATCH)).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!("notifications: cannot read the outbox: {e}");
                return 0;
            }
        };
        let mut delivered = 0;
        for (id, mail, attempts) in due {
            let sent = self.deliver(&mail).await;
            let fate = if sent.is_ok() { Sending::Sent } else { Sending::Failed };
            metrics::notification(mail.channel.name(), fate);
            self.health.set(mail.channel, sent.clone());
            let result = match sent {
                Ok(()) => {
                    delivered += 1;
                    store::call(&self.store, move |s| s.mail_sent(id)).await
                }
                Err(error) => {
                    let pause = (FIRST_PAUSE << attempts.min(16)).min(LONGEST_PAUSE);
                    tracing::warn!(to = %mail.to, attempts = attempts + 1, retry_in_s = pause, "notification not sent, will retry: {error}");
                    store::call(&self.store, move |s| s.mail_failed(id, now + pause, &error)).await
                }
            };
            if let Err(e) = result {
                tracing::error!("notifications: cannot update the outbox: {e}");
            }
        }
        delivered
    }

    fn message(&self, mail: &Mail) -> Result<Message, String> {
        let to: Mailbox = mail.to.parse().map_err(|e| format!("address {:?}: {e}", mail.to))?;
        Message::builder().from(self.from.clone()).to(to).subject(mail.subject.clone()).body(mail.body.clone()).map_err(|e| e.to_string())
    }
}

#[async_trait]
impl BackgroundService for Courier {
    async fn start(&self, mut shutdown: ShutdownWatch) {
        let mut probed: Option<Instant> = None;
        loop {
            if self.deliver_due(crate::clock::now()).await > 0 {
                probed = Some(Instant::now());
            }
            if probed.is_none_or(|at| at.elapsed() >= PROBE) {
                self.health.set(Channel::Email, self.sender.probe(self.folder.as_ref()).await);
                probed = Some(Instant::now());
            }
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = self.bell.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    }
}
