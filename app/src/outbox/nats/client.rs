//! A connection to NATS that sends requests and waits for their answers,
//! enough to publish to JetStream and to manage a stream. It is used by
//! one task at a time, so it reads its own answers without a background
//! reader.
//!
//! Every request gets its own reply subject under the connection's inbox;
//! answers are matched by that subject, so an answer that arrives after
//! its request gave up is recognised as stale and dropped.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

use super::wire::{self, ServerOp};

/// How long connecting (TCP and the NATS greeting) may take.
const CONNECT_WITHIN: Duration = Duration::from_secs(5);

/// The longest control line accepted from the server (its INFO is the longest).
const MAX_LINE: usize = 64 * 1024;

/// The largest message body accepted: NATS servers default to 1 MiB.
const MAX_BODY: usize = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum NatsError {
    #[error("`{0}` is not a NATS URL (expected nats://[user:password@]host[:port])")]
    Url(String),
    #[error("cannot reach NATS at {addr}: {reason}")]
    Connect { addr: String, reason: String },
    #[error("the NATS connection failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("NATS refused: {0}")]
    Server(String),
    #[error("NATS sent something unexpected: {0}")]
    Protocol(String),
    #[error("NATS did not answer within {0:?}")]
    Timeout(Duration),
    #[error("no JetStream stream takes `{0}`")]
    NoStream(String),
    #[error("JetStream refused `{subject}`: {reason}")]
    Refused { subject: String, reason: String },
}

/// Where the server is: `nats://[user:password@]host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NatsUrl {
    addr: String,
    user: Option<(String, String)>,
}

impl NatsUrl {
    pub fn parse(url: &str) -> Result<Self, NatsError> {
        let bad = || NatsError::Url(url.to_owned());
        let rest = url.strip_prefix("nats://").ok_or_else(bad)?;
        let rest = rest.trim_end_matches('/');
        let (user, host) = match rest.rsplit_once('@') {
            Some((credentials, host)) => {
                let (name, pass) = credentials.split_once(':').ok_or_else(bad)?;
                (Some((name.to_owned(), pass.to_owned())), host)
            }
            None => (None, rest),
        };
        if host.is_empty() || host.contains(['/', '?', ' ']) {
            return Err(bad());
        }
        let addr = match host.rsplit_once(':') {
            Some((name, port)) if !name.is_empty() && port.parse::<u16>().is_ok() => {
                host.to_owned()
            }
            Some(_) => return Err(bad()),
            None => format!("{host}:4222"),
        };
        Ok(Self { addr, user })
    }

    pub fn addr(&self) -> &str {
        &self.addr
    }
}

/// A message to send and answer to wait for.
pub struct Request<'a> {
    pub subject: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub payload: &'a [u8],
}

/// What came back: a status when the server answered for nobody (503).
#[derive(Debug)]
pub struct Reply {
    pub status: Option<u16>,
    pub payload: Vec<u8>,
}

pub struct Connection {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
    inbox: String,
    next: u64,
}

impl Connection {
    /// Connects, says who we are, and waits for the server to accept it.
    pub async fn open(url: &NatsUrl) -> Result<Self, NatsError> {
        let failed = |reason: String| NatsError::Connect {
            addr: url.addr.clone(),
            reason,
        };
        let stream = tokio::time::timeout(CONNECT_WITHIN, TcpStream::connect(&url.addr))
            .await
            .map_err(|_| failed(format!("no answer within {CONNECT_WITHIN:?}")))?
            .map_err(|err| failed(err.to_string()))?;
        stream.set_nodelay(true)?;
        let (read, writer) = stream.into_split();
        let (token, _) = crate::auth::token::new_token();
        let mut conn = Self {
            reader: BufReader::new(read),
            writer,
            inbox: format!("_INBOX.{}", &token[..22]),
            next: 0,
        };
        let greeting = async {
            match conn.read_op().await? {
                (ServerOp::Info, _) => {}
                (other, _) => return Err(NatsError::Protocol(format!("{other:?} before INFO"))),
            }
            let user = url.user.as_ref().map(|(n, p)| (n.as_str(), p.as_str()));
            let mut hello = wire::connect(user);
            hello.push_str(&wire::subscribe(&format!("{}.*", conn.inbox), 1));
            hello.push_str("PING\r\n");
            conn.writer.write_all(hello.as_bytes()).await?;
            // The PONG to our PING means CONNECT and SUB were accepted.
            loop {
                match conn.read_op().await? {
                    (ServerOp::Pong, _) => return Ok(()),
                    (ServerOp::Err(reason), _) => return Err(NatsError::Server(reason)),
                    (ServerOp::Ping, _) => conn.writer.write_all(b"PONG\r\n").await?,
                    _ => {}
                }
            }
        };
        tokio::time::timeout(CONNECT_WITHIN, greeting)
            .await
            .map_err(|_| failed(format!("no greeting within {CONNECT_WITHIN:?}")))??;
        Ok(conn)
    }

    /// Sends every request in one write, then waits for all their
    /// answers, which come back in the order of the requests; all within
    /// `wait`.
    pub async fn requests(
        &mut self,
        requests: &[Request<'_>],
        wait: Duration,
    ) -> Result<Vec<Reply>, NatsError> {
        tokio::time::timeout(wait, self.exchange(requests))
            .await
            .map_err(|_| NatsError::Timeout(wait))?
    }

    async fn exchange(&mut self, requests: &[Request<'_>]) -> Result<Vec<Reply>, NatsError> {
        let first = self.next;
        self.next += requests.len() as u64;
        let mut out = Vec::new();
        for (i, request) in requests.iter().enumerate() {
            let reply = format!("{}.{}", self.inbox, first + i as u64);
            out.extend(wire::publish(
                request.subject,
                &reply,
                request.headers,
                request.payload,
            ));
        }
        self.writer.write_all(&out).await?;

        let mut replies: Vec<Option<Reply>> = requests.iter().map(|_| None).collect();
        let mut missing = requests.len();
        while missing > 0 {
            let (op, body) = self.read_op().await?;
            match op {
                ServerOp::Ping => self.writer.write_all(b"PONG\r\n").await?,
                ServerOp::Err(reason) => return Err(NatsError::Server(reason)),
                ServerOp::Msg {
                    subject, headers, ..
                } => {
                    let Some(slot) = self.slot(&subject, first, requests.len()) else {
                        continue; // an answer to a request that gave up
                    };
                    if replies[slot].is_none() {
                        missing -= 1;
                    }
                    replies[slot] = Some(Reply {
                        status: wire::status(&body[..headers]),
                        payload: body[headers..].to_vec(),
                    });
                }
                _ => {}
            }
        }
        Ok(replies.into_iter().flatten().collect())
    }

    /// Which of the requests numbered from `first` an answer belongs to.
    fn slot(&self, subject: &str, first: u64, count: usize) -> Option<usize> {
        let n: u64 = subject
            .strip_prefix(&self.inbox)?
            .strip_prefix('.')?
            .parse()
            .ok()?;
        let slot = n.checked_sub(first)?;
        (slot < count as u64).then_some(slot as usize)
    }

    /// The next control line and, for a message, its body.
    async fn read_op(&mut self) -> Result<(ServerOp, Vec<u8>), NatsError> {
        let mut line = String::new();
        let read = (&mut self.reader)
            .take(MAX_LINE as u64)
            .read_line(&mut line)
            .await?;
        if read == 0 {
            return Err(NatsError::Protocol(
                "the server closed the connection".into(),
            ));
        }
        if !line.ends_with('\n') {
            return Err(NatsError::Protocol("a line longer than allowed".into()));
        }
        let op = wire::parse_line(&line).map_err(NatsError::Protocol)?;
        let body = match &op {
            ServerOp::Msg { total, .. } if *total > MAX_BODY => {
                return Err(NatsError::Protocol(format!("a {total}-byte message")));
            }
            ServerOp::Msg { total, .. } => {
                let mut body = vec![0; total + 2];
                self.reader.read_exact(&mut body).await?;
                body.truncate(*total);
                body
            }
            _ => Vec::new(),
        };
        Ok((op, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_host_and_maybe_a_user() {
        let url = NatsUrl::parse("nats://127.0.0.1:4222").unwrap();
        assert_eq!(url.addr(), "127.0.0.1:4222");
        assert_eq!(url.user, None);
        assert_eq!(NatsUrl::parse("nats://queue").unwrap().addr(), "queue:4222");
        let url = NatsUrl::parse("nats://shop:s3cret@queue:4333/").unwrap();
        assert_eq!(url.addr(), "queue:4333");
        assert_eq!(url.user, Some(("shop".into(), "s3cret".into())));
    }

    #[test]
    fn refuses_what_is_not_a_nats_url() {
        for url in [
            "127.0.0.1:4222",
            "tls://queue:4222",
            "nats://",
            "nats://queue:port",
            "nats://user@queue",
            "nats://queue/path",
        ] {
            assert!(NatsUrl::parse(url).is_err(), "{url}");
        }
    }
}
