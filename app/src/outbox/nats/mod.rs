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
//! as its JSON body. The message id (`Nats-Msg-Id`) is the event's id and
//! time: a batch published twice (a crash between the acknowledgement and
//! the commit, or two app servers) is stored once, and a database rebuilt
//! from scratch (ids starting again at 1) is not mistaken for repeats.
//!
//! NATS is reached through the `async-nats` crate. The connection is
//! opened with the first batch and kept; when it fails, the client tries
//! once to reopen it, and otherwise the next batch opens a new one (the
//! client logs each of its own attempts, so it is not left retrying in
//! the background while NATS is down). `NATS_URL` is `nats://` or
//! `tls://` (TLS, checked against the system's certificate authorities),
//! with `user:password@` or a `token@` to log in.

use std::time::Duration;

use async_nats::connection::State;
use async_nats::jetstream::context::{CreateStreamError, CreateStreamErrorKind, PublishError};
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::{self, stream};
use async_nats::{ConnectOptions, ServerAddr};
use tokio::sync::Mutex;

use super::entity::outbox;
use super::relay::Publisher;

/// How long connecting (TCP, TLS and the NATS greeting) may take.
const CONNECT_WITHIN: Duration = Duration::from_secs(5);

/// How long a JetStream request (the stream, each publish's
/// acknowledgement) may wait for its answer.
pub const ACK_WITHIN: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum NatsError {
    #[error(
        "not a NATS URL ({0}): expected nats://[user:password@ or token@]host[:port], or tls://… for TLS"
    )]
    Url(String),
    #[error("the subject prefix `{0}` is not dot-separated words")]
    Prefix(String),
    #[error("cannot reach NATS at {addr}: {source}")]
    Connect {
        addr: String,
        source: async_nats::ConnectError,
    },
    #[error("NATS at {addr} has no JetStream (start nats-server with -js)")]
    NoJetStream { addr: String },
    #[error("cannot find or create the JetStream stream `{stream}`: {source}")]
    Stream {
        stream: String,
        source: CreateStreamError,
    },
    #[error("JetStream did not store `{subject}`: {source}")]
    Publish {
        subject: String,
        source: PublishError,
    },
}

/// How to log in to NATS, from the URL.
#[derive(Clone, PartialEq, Eq)]
enum Credentials {
    None,
    Token(String),
    User { user: String, password: String },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::Token(_) => f.write_str("Token(…)"),
            Credentials::User { user, .. } => write!(f, "User({user}, …)"),
        }
    }
}

/// A NATS URL taken apart: the server without the secrets, and how to
/// log in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NatsUrl {
    /// `nats://host:port` or `tls://host:port`.
    server: String,
    /// `host:port`, for logs.
    addr: String,
    credentials: Credentials,
}

impl NatsUrl {
    fn parse(url: &str) -> Result<Self, NatsError> {
        let bad = |why: &str| NatsError::Url(why.to_owned());
        let scheme = url.split_once("://").map(|(scheme, _)| scheme);
        if !matches!(scheme, Some("nats" | "tls")) {
            return Err(bad("it must start with nats:// or tls://"));
        }
        let parsed: ServerAddr = url
            .parse()
            .map_err(|err: std::io::Error| bad(&err.to_string()))?;
        let host = parsed.host().to_owned();
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let whole = parsed.clone().into_inner();
        if !matches!(whole.path(), "" | "/")
            || whole.query().is_some()
            || whole.fragment().is_some()
        {
            return Err(bad("a path, query or fragment, which NATS has no use for"));
        }
        let decode = |part: &str| {
            percent_decode(part).ok_or_else(|| bad("bad %-escapes in the user or password"))
        };
        let credentials = match (parsed.username(), parsed.password()) {
            (None, None) => Credentials::None,
            (Some(user), Some(password)) => Credentials::User {
                user: decode(user)?,
                password: decode(password)?,
            },
            (Some(token), None) | (None, Some(token)) => Credentials::Token(decode(token)?),
        };
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host
        };
        let addr = format!("{host}:{}", parsed.port());
        Ok(Self {
            server: format!("{}://{addr}", parsed.scheme()),
            addr,
            credentials,
        })
    }

    /// Connects and logs in. Should the connection fail later, the client
    /// tries once by itself to reopen it (see [`NatsPublisher::publish`]).
    async fn connect(&self) -> Result<async_nats::Client, NatsError> {
        let failed = |source| NatsError::Connect {
            addr: self.addr.clone(),
            source,
        };
        let server: ServerAddr = self
            .server
            .parse()
            .map_err(|err: std::io::Error| NatsError::Url(err.to_string()))?;
        let options = ConnectOptions::new()
            .name("shop-outbox")
            .connection_timeout(CONNECT_WITHIN)
            .request_timeout(Some(ACK_WITHIN))
            // One attempt of its own after a failure; then the publisher
            // drops the client and the next batch connects afresh.
            .max_reconnects(1);
        let options = match &self.credentials {
            Credentials::None => options,
            Credentials::Token(token) => options.token(token.clone()),
            Credentials::User { user, password } => {
                options.user_and_password(user.clone(), password.clone())
            }
        };
        options.connect(server).await.map_err(failed)
    }
}

/// Connects to the NATS at `url` as the publisher does (credentials and
/// TLS from the URL); for tools and tests that look at the stream.
pub async fn connect(url: &str) -> Result<async_nats::Client, NatsError> {
    NatsUrl::parse(url)?.connect().await
}

/// An open connection and what has been checked on it.
struct Link {
    client: async_nats::Client,
    jetstream: jetstream::Context,
    /// The stream exists (checked once, and again after any failure).
    stream_ready: bool,
}

pub struct NatsPublisher {
    url: NatsUrl,
    prefix: String,
    stream: String,
    link: Mutex<Option<Link>>,
}

impl NatsPublisher {
    /// A publisher to `url` under subjects `{prefix}.…`, storing into the
    /// stream named after the prefix (`shop` → `SHOP`). Nothing is
    /// connected until the first batch.
    pub fn new(url: &str, prefix: &str) -> Result<Self, NatsError> {
        if !is_subject(prefix) {
            return Err(NatsError::Prefix(prefix.to_owned()));
        }
        Ok(Self {
            url: NatsUrl::parse(url)?,
            prefix: prefix.to_owned(),
            stream: stream_name(prefix),
            link: Mutex::new(None),
        })
    }

    pub fn stream(&self) -> &str {
        &self.stream
    }

    /// Where NATS is, as `host:port`.
    pub fn addr(&self) -> &str {
        &self.url.addr
    }

    /// Publishes `events` in order and waits for every acknowledgement,
    /// connecting (and making sure the stream exists) first if need be.
    pub async fn publish(&self, events: &[outbox::Model]) -> Result<(), NatsError> {
        let mut link = self.link.lock().await;
        // A client whose connection failed is dropped for a new one.
        if link
            .as_ref()
            .is_some_and(|open| !matches!(open.client.connection_state(), State::Connected))
        {
            *link = None;
        }
        let link = match &mut *link {
            Some(link) => link,
            empty => {
                let client = self.url.connect().await?;
                let jetstream = jetstream::ContextBuilder::new()
                    .timeout(ACK_WITHIN)
                    .build(client.clone());
                empty.insert(Link {
                    client,
                    jetstream,
                    stream_ready: false,
                })
            }
        };
        if !link.stream_ready {
            self.ensure_stream(&link.jetstream).await?;
            link.stream_ready = true;
        }
        let result = self.send(&link.jetstream, events).await;
        // A stream deleted under us is created again on the next batch.
        link.stream_ready = result.is_ok();
        result
    }

    /// Creates the stream taking `{prefix}.>` unless it exists. A stream
    /// that exists is left as staff configured it (retention, replicas, …).
    async fn ensure_stream(&self, jetstream: &jetstream::Context) -> Result<(), NatsError> {
        let config = stream::Config {
            name: self.stream.clone(),
            subjects: vec![format!("{}.>", self.prefix)],
            storage: stream::StorageType::File,
            retention: stream::RetentionPolicy::Limits,
            ..Default::default()
        };
        match jetstream.get_or_create_stream(config).await {
            Ok(_) => Ok(()),
            Err(err) if err.kind() == CreateStreamErrorKind::JetStreamUnavailable => {
                Err(NatsError::NoJetStream {
                    addr: self.url.addr.clone(),
                })
            }
            Err(source) => Err(NatsError::Stream {
                stream: self.stream.clone(),
                source,
            }),
        }
    }

    /// Sends every event, then waits for their acknowledgements: one
    /// round trip for the batch, not one per event.
    async fn send(
        &self,
        jetstream: &jetstream::Context,
        events: &[outbox::Model],
    ) -> Result<(), NatsError> {
        let mut acks = Vec::with_capacity(events.len());
        for event in events {
            let subject = subject(&self.prefix, event);
            let message = PublishMessage::build()
                .payload(event.payload.clone().into())
                .message_id(message_id(event));
            match jetstream.send_publish(subject.clone(), message).await {
                Ok(ack) => acks.push((subject, ack)),
                Err(source) => return Err(NatsError::Publish { subject, source }),
            }
        }
        for (subject, ack) in acks {
            ack.await
                .map_err(|source| NatsError::Publish { subject, source })?;
        }
        Ok(())
    }
}

/// `{prefix}.{topic}`, e.g. `shop.order.paid`.
fn subject(prefix: &str, event: &outbox::Model) -> String {
    format!("{prefix}.{}", event.topic)
}

/// The event's id and time (microseconds), which JetStream stores once
/// within its duplicate window.
fn message_id(event: &outbox::Model) -> String {
    format!("{}-{}", event.id, event.created_at.timestamp_micros())
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

/// Subjects are dot-separated tokens without spaces or wildcards.
fn is_subject(subject: &str) -> bool {
    !subject.is_empty()
        && subject
            .split('.')
            .all(|token| !token.is_empty() && !token.contains([' ', '\t', '*', '>']))
}

/// Undoes the %-escapes of a URL's user or password.
fn percent_decode(part: &str) -> Option<String> {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
    use chrono::{TimeZone, Utc};

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

    #[test]
    fn subjects_are_dotted_tokens() {
        assert!(is_subject("shop.order.paid"));
        assert!(!is_subject("shop..paid"));
        assert!(!is_subject("shop.>"));
        assert!(!is_subject("shop order"));
        assert!(!is_subject(""));
    }

    #[test]
    fn each_event_goes_to_its_topic_with_its_id_and_time() {
        let event = outbox::Model {
            id: 7,
            topic: "order.paid".into(),
            subject: "A-1".into(),
            payload: "{}".into(),
            created_at: Utc.timestamp_micros(1_700_000_000_123_456).unwrap(),
        };
        assert_eq!(subject("shop", &event), "shop.order.paid");
        assert_eq!(message_id(&event), "7-1700000000123456");
    }

    #[test]
    fn urls_name_a_server_and_maybe_a_login() {
        let url = NatsUrl::parse("nats://127.0.0.1:4222").unwrap();
        assert_eq!(
            (url.server.as_str(), url.addr.as_str(), &url.credentials),
            (
                "nats://127.0.0.1:4222",
                "127.0.0.1:4222",
                &Credentials::None
            )
        );
        assert_eq!(NatsUrl::parse("nats://queue").unwrap().addr, "queue:4222");
        let url = NatsUrl::parse("nats://shop:s3cret@queue:4333/").unwrap();
        assert_eq!(url.server, "nats://queue:4333", "no secrets in the server");
        assert_eq!(
            url.credentials,
            Credentials::User {
                user: "shop".into(),
                password: "s3cret".into()
            }
        );
        let url = NatsUrl::parse("tls://t0k%40n@queue.example.com").unwrap();
        assert_eq!(url.server, "tls://queue.example.com:4222");
        assert_eq!(url.credentials, Credentials::Token("t0k@n".into()));
        assert_eq!(
            NatsUrl::parse("nats://[::1]:4222").unwrap().addr,
            "[::1]:4222"
        );
    }

    #[test]
    fn refuses_what_is_not_a_nats_url() {
        for url in [
            "127.0.0.1:4222",
            "http://queue:4222",
            "ws://queue:4222",
            "nats://",
            "nats://queue:port",
            "nats://queue/path",
            "nats://queue?x=1",
            "nats://us%zzer:pw@queue",
        ] {
            assert!(
                matches!(NatsUrl::parse(url), Err(NatsError::Url(_))),
                "{url}"
            );
        }
    }

    #[test]
    fn undoes_percent_escapes() {
        assert_eq!(percent_decode("a%2Fb%40c").as_deref(), Some("a/b@c"));
        assert_eq!(percent_decode("plain").as_deref(), Some("plain"));
        assert_eq!(percent_decode("%e2%82%ac").as_deref(), Some("€"));
        assert_eq!(percent_decode("%4"), None);
        assert_eq!(percent_decode("%+1"), None);
    }
}
