//! Sending mail: by SMTP when `SMTP_URL` is set, otherwise as `.eml` files
//! in `SHOP_DATA_DIR/outbox/`, where a developer (or a test) reads them.

use std::path::PathBuf;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("cannot build the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("cannot send by SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("cannot write to the outbox: {0}")]
    Outbox(#[from] lettre::transport::file::Error),
    #[error("cannot create the outbox {path}: {source}")]
    OutboxDir {
        path: String,
        source: std::io::Error,
    },
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(AsyncFileTransport<Tokio1Executor>),
}

#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl Mailer {
    /// An SMTP mailer, e.g. `smtps://user:pass@smtp.example.com`.
    pub fn smtp(url: &str, from: &str) -> Result<Self, MailError> {
        Ok(Self {
            transport: Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build(),
            ),
            from: from.parse()?,
        })
    }

    /// A mailer writing each message into `dir`, created if missing.
    pub fn outbox(dir: PathBuf, from: &str) -> Result<Self, MailError> {
        std::fs::create_dir_all(&dir).map_err(|source| MailError::OutboxDir {
            path: dir.display().to_string(),
            source,
        })?;
        Ok(Self {
            transport: Transport::Outbox(AsyncFileTransport::new(dir)),
            from: from.parse()?,
        })
    }

    pub async fn send_text(&self, to: &str, subject: &str, body: String) -> Result<(), MailError> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Transport::Outbox(files) => {
                files.send(message).await?;
            }
        }
        Ok(())
    }
}
