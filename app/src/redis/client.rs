//! One connection to Redis shared by every task of a server. Commands are
//! pipelined: a writer task sends whatever calls are waiting in one write,
//! a reader task hands each reply to its caller in the order the commands
//! went out (Redis answers in order). So a thousand tasks asking at once
//! cost a few syscalls, not a thousand round trips one after the other.
//!
//! A connection that fails is dropped and the next call opens another,
//! at most once a second, so a Redis that is down costs callers one quick
//! error each rather than a connection attempt each.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::{mpsc, oneshot};

use super::resp::{self, Value};

/// How long connecting (TCP, password, database) may take.
const CONNECT_WITHIN: Duration = Duration::from_secs(2);

/// How long a call waits for its reply.
const CALL_WITHIN: Duration = Duration::from_secs(2);

/// How long after a failed connection the next attempt may be made.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Calls sent in one write at most, so one burst cannot hold the socket.
const MAX_WRITE: usize = 256 * 1024;

#[derive(Debug, Clone, thiserror::Error)]
pub enum RedisError {
    #[error("`{0}` is not a Redis URL (expected redis://[[user]:password@]host[:port][/db])")]
    Url(String),
    #[error("cannot reach Redis at {addr}: {reason}")]
    Connect { addr: String, reason: String },
    #[error("Redis refused: {0}")]
    Server(String),
    #[error("Redis sent something unexpected: {0}")]
    Protocol(String),
    #[error("Redis did not answer within {0:?}")]
    Timeout(Duration),
    #[error("the Redis connection closed")]
    Closed,
}

/// Where the server is: `redis://[[user]:password@]host[:port][/db]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisUrl {
    addr: String,
    user: Option<String>,
    password: Option<String>,
    db: u32,
}

impl RedisUrl {
    pub fn parse(url: &str) -> Result<Self, RedisError> {
        let bad = || RedisError::Url(url.to_owned());
        let rest = url.strip_prefix("redis://").ok_or_else(bad)?;
        let (rest, db) = match rest.split_once('/') {
            Some((rest, "")) => (rest, 0),
            Some((rest, db)) => (rest, db.parse().map_err(|_| bad())?),
            None => (rest, 0),
        };
        let (user, password, host) = match rest.rsplit_once('@') {
            Some((credentials, host)) => {
                let (user, password) = credentials.split_once(':').ok_or_else(bad)?;
                let user = (!user.is_empty()).then(|| user.to_owned());
                (user, Some(password.to_owned()), host)
            }
            None => (None, None, rest),
        };
        if host.is_empty() || host.contains(['?', ' ']) {
            return Err(bad());
        }
        let addr = match host.rsplit_once(':') {
            Some((name, port)) if !name.is_empty() && port.parse::<u16>().is_ok() => {
                host.to_owned()
            }
            Some(_) => return Err(bad()),
            None => format!("{host}:6379"),
        };
        Ok(Self {
            addr,
            user,
            password,
            db,
        })
    }

    pub fn addr(&self) -> &str {
        &self.addr
    }
}

struct Call {
    command: Vec<u8>,
    reply: oneshot::Sender<Value>,
}

type Pipeline = mpsc::UnboundedSender<Call>;

pub struct Redis {
    url: RedisUrl,
    /// The open pipeline, or when opening one last failed.
    link: Mutex<Link>,
    /// Held while connecting, so a burst of calls opens one connection.
    connecting: tokio::sync::Mutex<()>,
}

enum Link {
    Open(Pipeline),
    Failed(Instant, RedisError),
    Idle,
}

impl Redis {
    /// A client for `url`; nothing is connected until the first call.
    pub fn new(url: &str) -> Result<Self, RedisError> {
        Ok(Self {
            url: RedisUrl::parse(url)?,
            link: Mutex::new(Link::Idle),
            connecting: tokio::sync::Mutex::new(()),
        })
    }

    pub fn addr(&self) -> &str {
        self.url.addr()
    }

    /// Sends one command and waits for its reply; an error reply is an
    /// `Err`.
    pub async fn call<A: AsRef<[u8]>>(&self, args: &[A]) -> Result<Value, RedisError> {
        let mut command = Vec::new();
        resp::encode(args, &mut command);
        let pipeline = self.pipeline().await?;
        let (reply, replied) = oneshot::channel();
        pipeline
            .send(Call { command, reply })
            .map_err(|_| RedisError::Closed)?;
        match tokio::time::timeout(CALL_WITHIN, replied).await {
            Err(_) => Err(RedisError::Timeout(CALL_WITHIN)),
            Ok(Err(_)) => Err(RedisError::Closed),
            Ok(Ok(Value::Error(message))) => Err(RedisError::Server(message)),
            Ok(Ok(value)) => Ok(value),
        }
    }

    fn current(&self) -> Result<Option<Pipeline>, RedisError> {
        let link = self.link.lock().unwrap_or_else(|e| e.into_inner());
        match &*link {
            Link::Open(pipeline) if !pipeline.is_closed() => Ok(Some(pipeline.clone())),
            Link::Failed(at, err) if at.elapsed() < RETRY_AFTER => Err(err.clone()),
            _ => Ok(None),
        }
    }

    async fn pipeline(&self) -> Result<Pipeline, RedisError> {
        if let Some(pipeline) = self.current()? {
            return Ok(pipeline);
        }
        let _connecting = self.connecting.lock().await;
        if let Some(pipeline) = self.current()? {
            return Ok(pipeline);
        }
        let opened = open(&self.url).await;
        let mut link = self.link.lock().unwrap_or_else(|e| e.into_inner());
        match opened {
            Ok(pipeline) => {
                *link = Link::Open(pipeline.clone());
                Ok(pipeline)
            }
            Err(err) => {
                *link = Link::Failed(Instant::now(), err.clone());
                Err(err)
            }
        }
    }
}

/// Connects, logs in and picks the database, then starts the writer and
/// the reader.
async fn open(url: &RedisUrl) -> Result<Pipeline, RedisError> {
    let failed = |reason: String| RedisError::Connect {
        addr: url.addr.clone(),
        reason,
    };
    let hello = async {
        let stream = TcpStream::connect(&url.addr)
            .await
            .map_err(|e| failed(e.to_string()))?;
        stream
            .set_nodelay(true)
            .map_err(|e| failed(e.to_string()))?;
        let (mut read, mut write) = stream.into_split();
        let mut setup: Vec<Vec<String>> = Vec::new();
        if let Some(password) = &url.password {
            let mut auth = vec!["AUTH".to_owned()];
            auth.extend(url.user.clone());
            auth.push(password.clone());
            setup.push(auth);
        }
        if url.db != 0 {
            setup.push(vec!["SELECT".into(), url.db.to_string()]);
        }
        // A PING last, so even with nothing to set up the server has
        // answered before callers are let in.
        setup.push(vec!["PING".into()]);
        let mut out = Vec::new();
        for command in &setup {
            resp::encode(command, &mut out);
        }
        write
            .write_all(&out)
            .await
            .map_err(|e| failed(e.to_string()))?;
        let mut buf = Vec::new();
        for _ in &setup {
            if let Value::Error(message) = read_one(&mut read, &mut buf).await? {
                return Err(RedisError::Server(message));
            }
        }
        Ok((read, write, buf))
    };
    let (read, write, leftover) = tokio::time::timeout(CONNECT_WITHIN, hello)
        .await
        .map_err(|_| failed(format!("no answer within {CONNECT_WITHIN:?}")))??;
    let (calls, waiting) = mpsc::unbounded_channel();
    let (sent, replies) = mpsc::unbounded_channel();
    tokio::spawn(write_calls(write, waiting, sent));
    tokio::spawn(read_replies(read, replies, leftover));
    Ok(calls)
}

/// Reads exactly one reply during the handshake.
async fn read_one(read: &mut OwnedReadHalf, buf: &mut Vec<u8>) -> Result<Value, RedisError> {
    loop {
        if let Some((value, used)) = resp::parse(buf).map_err(RedisError::Protocol)? {
            buf.drain(..used);
            return Ok(value);
        }
        if read.read_buf(buf).await.map_err(|_| RedisError::Closed)? == 0 {
            return Err(RedisError::Closed);
        }
    }
}

/// Writes calls as they come, all that are waiting in one write, and
/// passes their reply slots to the reader in the same order.
async fn write_calls(
    mut write: OwnedWriteHalf,
    mut waiting: mpsc::UnboundedReceiver<Call>,
    sent: mpsc::UnboundedSender<oneshot::Sender<Value>>,
) {
    let mut out = Vec::new();
    while let Some(first) = waiting.recv().await {
        out.clear();
        let mut next = Some(first);
        while let Some(call) = next {
            out.extend_from_slice(&call.command);
            if sent.send(call.reply).is_err() {
                return; // the reader stopped: the connection is gone
            }
            next = if out.len() < MAX_WRITE {
                waiting.try_recv().ok()
            } else {
                None
            };
        }
        if let Err(err) = write.write_all(&out).await {
            tracing::warn!(error = %err, "the Redis connection failed");
            return;
        }
    }
}

/// Hands each reply to the call that is next in line. Stops at the first
/// read error or protocol error; the writer then stops too and the next
/// call reconnects.
async fn read_replies(
    mut read: OwnedReadHalf,
    mut replies: mpsc::UnboundedReceiver<oneshot::Sender<Value>>,
    mut buf: Vec<u8>,
) {
    let mut start = 0;
    loop {
        loop {
            match resp::parse(&buf[start..]) {
                Ok(Some((value, used))) => {
                    start += used;
                    let Some(reply) = replies.recv().await else {
                        return;
                    };
                    // The caller may have given up waiting: fine.
                    let _ = reply.send(value);
                }
                Ok(None) => break,
                Err(err) => {
                    tracing::warn!(error = %err, "Redis sent something unexpected");
                    return;
                }
            }
        }
        buf.drain(..start);
        start = 0;
        match read.read_buf(&mut buf).await {
            Ok(0) => return,
            Ok(_) => {}
            Err(err) => {
                tracing::warn!(error = %err, "the Redis connection failed");
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_host_and_maybe_a_password_and_database() {
        let url = RedisUrl::parse("redis://127.0.0.1:6379").unwrap();
        assert_eq!(
            url,
            RedisUrl {
                addr: "127.0.0.1:6379".into(),
                user: None,
                password: None,
                db: 0
            }
        );
        assert_eq!(
            RedisUrl::parse("redis://cache/").unwrap().addr(),
            "cache:6379"
        );
        let url = RedisUrl::parse("redis://:s3cret@cache:6380/2").unwrap();
        assert_eq!(
            (
                url.addr(),
                url.user.as_deref(),
                url.password.as_deref(),
                url.db
            ),
            ("cache:6380", None, Some("s3cret"), 2)
        );
        let url = RedisUrl::parse("redis://shop:s3cret@cache").unwrap();
        assert_eq!(url.user.as_deref(), Some("shop"));
    }

    #[test]
    fn refuses_what_is_not_a_redis_url() {
        for url in [
            "127.0.0.1:6379",
            "rediss://cache:6379",
            "redis://",
            "redis://cache:port",
            "redis://user@cache",
            "redis://cache/zero",
        ] {
            assert!(RedisUrl::parse(url).is_err(), "{url}");
        }
    }
}
