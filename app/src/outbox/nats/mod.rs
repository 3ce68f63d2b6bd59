//! Publishing the outbox to NATS JetStream, for services outside the shop
//! (warehouse, analytics, mail) to subscribe to.
//!
//! The publisher is an outbox [`Publisher`]: the relay hands it each
//! batch with no transaction open, it publishes the batch and waits for
//! JetStream's acknowledgements, and only then does the relay move its
//! place. A failure (NATS down, no stream) leaves the place where it was,
//! so the events wait in the outbox and go out when NATS is back; the
//! shop itself never waits for NATS.
//!
//! Event `order.paid` goes to subject `{prefix}.order.paid` with the event
//! as its JSON body. The message id is the event's id and time: a batch
//! published twice (a crash between the acknowledgement and the commit,
//! or two app servers) is stored once, and a database rebuilt from scratch
//! (ids starting again at 1) is not mistaken for repeats.

pub mod client;
pub mod jetstream;
pub mod wire;

use tokio::sync::Mutex;

use self::client::{Connection, NatsError, NatsUrl};
use self::jetstream::Message;
use super::entity::outbox;
use super::relay::Publisher;

pub struct NatsPublisher {
    url: NatsUrl,
    prefix: String,
    stream: String,
    conn: Mutex<Option<Connection>>,
}

impl NatsPublisher {
    /// A publisher to `url` under subjects `{prefix}.…`, storing into the
    /// stream named after the prefix (`shop` → `SHOP`). Nothing is
    /// connected until the first batch.
    pub fn new(url: &str, prefix: &str) -> Result<Self, NatsError> {
        if !wire::is_subject(prefix) {
            return Err(NatsError::Url(format!(
                "the subject prefix `{prefix}` (expected dot-separated words)"
            )));
        }
        Ok(Self {
            url: NatsUrl::parse(url)?,
            prefix: prefix.to_owned(),
            stream: stream_name(prefix),
            conn: Mutex::new(None),
        })
    }

    pub fn stream(&self) -> &str {
        &self.stream
    }

    pub fn addr(&self) -> &str {
        self.url.addr()
    }

    /// Publishes `events` in order, (re)connecting first if need be. A
    /// connection that failed is dropped so the next batch starts afresh.
    pub async fn publish(&self, events: &[outbox::Model]) -> Result<(), NatsError> {
        let mut conn = self.conn.lock().await;
        let result = async {
            if conn.is_none() {
                let mut fresh = Connection::open(&self.url).await?;
                let subjects = [format!("{}.>", self.prefix)];
                jetstream::ensure_stream(&mut fresh, &self.stream, &subjects).await?;
                *conn = Some(fresh);
            }
            let Some(open) = conn.as_mut() else {
                return Err(NatsError::Protocol("no connection".into()));
            };
            let messages: Vec<Message> = events.iter().map(|e| self.message(e)).collect();
            jetstream::publish(open, &messages).await
        }
        .await;
        if result.is_err() {
            *conn = None;
        }
        result
    }

    fn message<'e>(&self, event: &'e outbox::Model) -> Message<'e> {
        Message {
            subject: format!("{}.{}", self.prefix, event.topic),
            id: format!("{}-{}", event.id, event.created_at.timestamp_micros()),
            payload: event.payload.as_bytes(),
        }
    }
}

/// `shop.eu` → `SHOP_EU`: stream names may not contain dots.
fn stream_name(prefix: &str) -> String {
    prefix
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '-' => c.to_ascii_uppercase(),
            _ => '_',
        })
        .collect()
}

#[async_trait::async_trait]
impl Publisher for NatsPublisher {
    fn name(&self) -> &'static str {
        "nats-jetstream"
    }

    async fn publish(&self, events: &[outbox::Model]) -> Result<(), String> {
        NatsPublisher::publish(self, events)
            .await
            .map_err(|err| format!("publishing to NATS: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_named_after_the_prefix() {
        assert_eq!(stream_name("shop"), "SHOP");
        assert_eq!(stream_name("shop.eu-1"), "SHOP_EU-1");
    }

    #[test]
    fn refuses_a_prefix_that_is_not_a_subject() {
        assert!(NatsPublisher::new("nats://127.0.0.1", "shop.>").is_err());
        assert!(NatsPublisher::new("nats://127.0.0.1", "").is_err());
        assert!(NatsPublisher::new("http://127.0.0.1", "shop").is_err());
        assert!(NatsPublisher::new("nats://127.0.0.1", "shop").is_ok());
    }
}
