//! Password hashing with argon2id, away from the async executor and
//! bounded, so that a burst of logins cannot starve page requests.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// OWASP's minimum for argon2id (Password Storage Cheat Sheet): 19 MiB of
/// memory, 2 passes, 1 lane. More memory would slow every login on a small
/// machine; fewer would fall below the recommendation.
pub const MEMORY_KIB: u32 = 19 * 1024;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing failed: {0}")]
    Hash(argon2::password_hash::Error),
    #[error("password hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

#[derive(Clone)]
pub struct PasswordHasher {
    argon: Argon2<'static>,
    // Each hash holds ~19 MiB and a core for tens of milliseconds: only
    // this many run at once; further logins wait their turn.
    permits: Arc<Semaphore>,
    // Verified against when an email is unknown, so that a wrong email
    // takes as long as a wrong password and tells nothing.
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    pub fn new(concurrency: usize) -> Self {
        let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
            .expect("valid argon2 parameters");
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let dummy_hash =
            hash_with(&argon, "not anybody's password").expect("hash the dummy password");
        Self {
            argon,
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy_hash: dummy_hash.into(),
        }
    }

    /// One hash at a time per spare core, leaving the others to serve pages.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(cores / 2)
    }

    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let (argon, password) = (self.argon.clone(), password.to_owned());
        tokio::task::spawn_blocking(move || hash_with(&argon, &password))
            .await?
            .map_err(HashError::Hash)
    }

    /// Whether `password` matches `hash`. With no hash (unknown account) it
    /// does the same work against a dummy hash and returns false.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> bool {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let known = hash.is_some();
        let hash = hash.map_or_else(|| self.dummy_hash.to_string(), str::to_owned);
        let (argon, password) = (self.argon.clone(), password.to_owned());
        let matched = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .is_ok_and(|parsed| argon.verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
        .unwrap_or(false);
        known && matched
    }
}

fn hash_with(argon: &Argon2<'_>, password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Ok(argon.hash_password(password.as_bytes(), &salt)?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let hasher = PasswordHasher::new(1);
        let hash = hasher.hash("correct horse battery").await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(hasher.verify("correct horse battery", Some(&hash)).await);
        assert!(!hasher.verify("correct horse battery!", Some(&hash)).await);
    }

    #[tokio::test]
    async fn the_same_password_hashes_differently_each_time() {
        let hasher = PasswordHasher::new(1);
        assert_ne!(
            hasher.hash("same password").await.unwrap(),
            hasher.hash("same password").await.unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        let hasher = PasswordHasher::new(1);
        assert!(!hasher.verify("not anybody's password", None).await);
    }
}
