//! JetStream on top of a [`Connection`]: making sure the shop's stream
//! exists, and publishing with acknowledgements.
//!
//! A JetStream publish is a request: the stream answers with the sequence
//! it stored the message under, or an error. A message whose
//! `Nats-Msg-Id` the stream has seen within its duplicate window is
//! acknowledged without being stored again, which is what makes the
//! outbox's at-least-once delivery arrive once.

use std::time::Duration;

use serde::Deserialize;

use super::client::{Connection, NatsError, Request};

/// How long a batch of publishes may wait for its acknowledgements.
pub const ACK_WITHIN: Duration = Duration::from_secs(5);

/// One event for the stream.
pub struct Message<'a> {
    pub subject: String,
    /// Repeats of the same id within the duplicate window are dropped.
    pub id: String,
    pub payload: &'a [u8],
}

#[derive(Deserialize)]
struct Answer {
    error: Option<ApiError>,
}

#[derive(Deserialize)]
struct ApiError {
    #[serde(default)]
    err_code: u32,
    #[serde(default)]
    description: String,
}

/// JetStream's code for "a stream with this name exists with other settings".
const STREAM_NAME_IN_USE: u32 = 10058;

/// Creates `stream` taking `subjects` unless it exists. A stream that
/// exists is left as staff configured it (retention, replicas, …).
pub async fn ensure_stream(
    conn: &mut Connection,
    stream: &str,
    subjects: &[String],
) -> Result<(), NatsError> {
    let config = serde_json::json!({
        "name": stream,
        "subjects": subjects,
        "storage": "file",
        "retention": "limits",
    })
    .to_string();
    let subject = format!("$JS.API.STREAM.CREATE.{stream}");
    let replies = conn
        .requests(
            &[Request {
                subject: &subject,
                headers: &[],
                payload: config.as_bytes(),
            }],
            ACK_WITHIN,
        )
        .await?;
    let reply = replies
        .into_iter()
        .next()
        .ok_or_else(|| NatsError::Protocol("no answer to the stream request".into()))?;
    if reply.status == Some(503) {
        return Err(NatsError::Server(
            "JetStream is not enabled on this server (start it with -js)".into(),
        ));
    }
    match parse(&reply.payload)?.error {
        None => Ok(()),
        Some(err) if err.err_code == STREAM_NAME_IN_USE => Ok(()),
        Some(err) => Err(NatsError::Refused {
            subject,
            reason: err.description,
        }),
    }
}

/// Publishes every message and succeeds only when the stream has
/// acknowledged each one.
pub async fn publish(conn: &mut Connection, messages: &[Message<'_>]) -> Result<(), NatsError> {
    let headers: Vec<[(&str, &str); 1]> = messages
        .iter()
        .map(|m| [("Nats-Msg-Id", m.id.as_str())])
        .collect();
    let requests: Vec<Request> = messages
        .iter()
        .zip(&headers)
        .map(|(m, headers)| Request {
            subject: &m.subject,
            headers,
            payload: m.payload,
        })
        .collect();
    let replies = conn.requests(&requests, ACK_WITHIN).await?;
    for (message, reply) in messages.iter().zip(replies) {
        if reply.status == Some(503) {
            return Err(NatsError::NoStream(message.subject.clone()));
        }
        if let Some(err) = parse(&reply.payload)?.error {
            return Err(NatsError::Refused {
                subject: message.subject.clone(),
                reason: err.description,
            });
        }
    }
    Ok(())
}

fn parse(payload: &[u8]) -> Result<Answer, NatsError> {
    serde_json::from_slice(payload)
        .map_err(|err| NatsError::Protocol(format!("a JetStream answer that is not JSON: {err}")))
}
