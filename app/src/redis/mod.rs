//! A small Redis client: the shop asks Redis for little (the flash-sale
//! gate's scripts), so it speaks the protocol itself rather than pull in a
//! client library and its dependencies, as it does for NATS.

pub mod client;
pub mod resp;

pub use client::{Redis, RedisError};
pub use resp::Value;

/// Runs a Lua script by its digest, loading it first when the server does
/// not have it (a new or restarted Redis).
pub struct Script {
    body: &'static str,
    digest: std::sync::Mutex<Option<String>>,
}

impl Script {
    pub const fn new(body: &'static str) -> Self {
        Self {
            body,
            digest: std::sync::Mutex::new(None),
        }
    }

    pub async fn run(
        &self,
        redis: &Redis,
        keys: &[&str],
        args: &[String],
    ) -> Result<Value, RedisError> {
        let known = self
            .digest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some(digest) = known {
            match redis.call(&evalsha(&digest, keys, args)).await {
                Err(RedisError::Server(message)) if message.starts_with("NOSCRIPT") => {}
                other => return other,
            }
        }
        let digest = match redis.call(&["SCRIPT", "LOAD", self.body]).await? {
            Value::Bytes(digest) => String::from_utf8(digest)
                .map_err(|_| RedisError::Protocol("a script digest that is not text".into()))?,
            other => return Err(RedisError::Protocol(format!("{other:?} for SCRIPT LOAD"))),
        };
        *self.digest.lock().unwrap_or_else(|e| e.into_inner()) = Some(digest.clone());
        redis.call(&evalsha(&digest, keys, args)).await
    }
}

fn evalsha(digest: &str, keys: &[&str], args: &[String]) -> Vec<String> {
    let mut command = Vec::with_capacity(3 + keys.len() + args.len());
    command.push("EVALSHA".to_owned());
    command.push(digest.to_owned());
    command.push(keys.len().to_string());
    command.extend(keys.iter().map(|k| (*k).to_owned()));
    command.extend(args.iter().cloned());
    command
}
