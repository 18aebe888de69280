//! Hearing of sessions ended elsewhere: one connection per replica LISTENs on the channel the
//! store's deletes announce on (in the same transaction, so an announcement means the row is
//! gone). The connection is checked every few seconds; when it is lost the replica says so,
//! keeps its cache (whose lifetime bounds how late it learns), and connects again; each time
//! it starts listening, every cached session is forgotten, for what it may have missed.

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio_postgres::AsyncMessage;

use super::{with_causes, PgSettings, ENDED_CHANNEL};
use crate::store::{Ended, OnEnded};

/// How often the listening connection is checked, and how long an answer may take.
const CHECK_EVERY: Duration = Duration::from_secs(5);
/// The longest pause between tries to listen again.
const LONGEST_PAUSE: Duration = Duration::from_secs(30);

/// Listens for as long as the store's runtime runs.
pub async fn ended_sessions(settings: PgSettings, ended: OnEnded) {
    let mut pause = Duration::from_secs(1);
    let mut was_lost = false;
    loop {
        let why = listen(&settings, &ended, was_lost).await;
        tracing::warn!(
            "store: stopped hearing of sessions ended on other replicas ({why}); one may be honoured here until this \
             replica's cache lets it go (30 s); listening again in {}s",
            pause.as_secs()
        );
        was_lost = true;
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(LONGEST_PAUSE);
    }
}

/// One listening connection, until it fails; why it did.
async fn listen(settings: &PgSettings, ended: &OnEnded, was_lost: bool) -> String {
    let (mut config, tls) = match (settings.connection(), settings.connector()) {
        (Ok(config), Ok(tls)) => (config, tls),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    config.application_name("portcullis-listener");
    let (client, mut connection) = match config.connect(tls).await {
        Ok(pair) => pair,
        Err(e) => return with_causes(&e),
    };
    // The connection is driven here, its notifications passed on; it ends with its error.
    let (heard, mut notifications) = mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(n)) => drop(heard.send(n.payload().to_string())),
                Ok(_) => {}
                Err(e) => return with_causes(&e),
            }
        }
        "the server closed the connection".to_string()
    });
    if let Err(e) = subscribe(&client).await {
        driver.abort();
        return with_causes(&e);
    }
    // Whatever ended before this connection listened went unheard.
    ended(Ended::Unknown);
    if was_lost {
        tracing::info!("store: hearing of sessions ended on other replicas again");
    }
    let mut check = tokio::time::interval(CHECK_EVERY);
    loop {
        tokio::select! {
            payload = notifications.recv() => match payload.as_deref().and_then(id_hash) {
                Some(id) => ended(Ended::Session(id)),
                None if payload.is_none() => break,
                None => tracing::warn!(payload, "store: an announcement of an ended session that names none"),
            },
            _ = check.tick() => {
                if tokio::time::timeout(CHECK_EVERY, client.simple_query("")).await.map_or(true, |r| r.is_err()) {
                    driver.abort();
                    return "the database did not answer".into();
                }
            }
        }
    }
    driver.await.unwrap_or_else(|e| e.to_string())
}

/// LISTENs on this schema's channel (its name is letters, digits and `_`).
async fn subscribe(client: &tokio_postgres::Client) -> Result<(), tokio_postgres::Error> {
    let channel: String = client.query_one(&format!("SELECT {ENDED_CHANNEL}"), &[]).await?.get(0);
    client.batch_execute(&format!("LISTEN {channel}")).await
}

/// The id hash an announcement names (64 hex digits).
fn id_hash(payload: &str) -> Option<[u8; 32]> {
    let mut id = [0u8; 32];
    if payload.len() != 64 {
        return None;
    }
    for (i, byte) in id.iter_mut().enumerate() {
        *byte = u8::from_str_radix(payload.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(id)
}
