//! Turning the session cookies of a request into a [`Viewer`], once per
//! request, mostly from memory.
//!
//! A session row changes only at login, logout, password change or when
//! an account is disabled, but it is needed by every page. Lookups are
//! cached for [`IDENTITY_TTL`]: this server forgets a session the moment
//! it ends one itself; another app server may honour an ended session for
//! at most that long, and an idle limit is enforced to within it. Each
//! lookup that finds a session alive records it as seen.

use std::time::{Duration, Instant};

use chrono::Utc;
use http::HeaderMap;
use quick_cache::sync::Cache;
use sea_orm::{DatabaseConnection, DbErr};

use super::repo::SessionRepo;
use super::request::SessionHashes;
use super::session::{SessionKind, SessionLifetimes};
use super::token::hash_token;
use super::viewer::{MemberIdentity, StaffIdentity, Viewer};
use crate::locale::cookie_value;
use crate::members::repo::MemberRepo;
use crate::staff::repo::StaffRepo;

/// How long another app server may keep honouring a session this one ended.
pub const IDENTITY_TTL: Duration = Duration::from_secs(10);

/// Sessions kept in memory per kind; beyond that the least used are dropped.
const CAPACITY: usize = 100_000;

#[derive(Clone)]
struct Cached<T> {
    identity: Option<T>,
    at: Instant,
}

pub struct IdentityCache {
    members: Cache<String, Cached<MemberIdentity>>,
    staff: Cache<String, Cached<StaffIdentity>>,
}

impl Default for IdentityCache {
    fn default() -> Self {
        Self {
            members: Cache::new(CAPACITY),
            staff: Cache::new(CAPACITY),
        }
    }
}

impl IdentityCache {
    /// Forgets sessions this server has just ended.
    pub fn forget<'a>(&self, kind: SessionKind, hashes: impl IntoIterator<Item = &'a String>) {
        for hash in hashes {
            match kind {
                SessionKind::Member => drop(self.members.remove(hash)),
                SessionKind::Staff => drop(self.staff.remove(hash)),
            }
        }
    }

    /// Who the request's session cookies belong to.
    /// Sessions past one of `lifetimes`' limits count as none; a session
    /// found alive is marked as seen (see [`SessionRepo::touch`]).
    pub async fn identify(
        &self,
        db: &DatabaseConnection,
        headers: &HeaderMap,
        lifetimes: &SessionLifetimes,
    ) -> Result<(Viewer, SessionHashes), DbErr> {
        let mut viewer = Viewer::default();
        let mut hashes = SessionHashes::default();

        if let Some(hash) = session_hash(headers, SessionKind::Member) {
            viewer.member = cached(&self.members, &hash, || async {
                match live_subject(db, SessionKind::Member, &hash, lifetimes).await? {
                    Some(id) => MemberRepo(db).identity(id).await,
                    None => Ok(None),
                }
            })
            .await?;
            hashes.member = viewer.member.is_some().then_some(hash);
        }
        if let Some(hash) = session_hash(headers, SessionKind::Staff) {
            viewer.staff = cached(&self.staff, &hash, || async {
                match live_subject(db, SessionKind::Staff, &hash, lifetimes).await? {
                    Some(id) => StaffRepo(db).identity(id).await,
                    None => Ok(None),
                }
            })
            .await?;
            hashes.staff = viewer.staff.is_some().then_some(hash);
        }
        Ok((viewer, hashes))
    }
}

/// The account of a session that is still alive, marked as seen now.
async fn live_subject(
    db: &DatabaseConnection,
    kind: SessionKind,
    hash: &str,
    lifetimes: &SessionLifetimes,
) -> Result<Option<i64>, DbErr> {
    let now = Utc::now();
    let sessions = SessionRepo(db);
    let subject = sessions.subject(kind, hash, lifetimes, now).await?;
    if subject.is_some() {
        sessions.touch(hash, now).await?;
    }
    Ok(subject)
}

async fn cached<T, F, Fut>(
    cache: &Cache<String, Cached<T>>,
    hash: &str,
    load: F,
) -> Result<Option<T>, DbErr>
where
    T: Clone,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Option<T>, DbErr>>,
{
    if let Some(hit) = cache.get(hash)
        && hit.at.elapsed() < IDENTITY_TTL
    {
        return Ok(hit.identity);
    }
    let identity = load().await?;
    cache.insert(
        hash.to_owned(),
        Cached {
            identity: identity.clone(),
            at: Instant::now(),
        },
    );
    Ok(identity)
}

/// The hash of the session token in the cookie for `kind`, if any. Only
/// well-formed tokens (64 hex digits) are looked up.
pub fn session_hash(headers: &HeaderMap, kind: SessionKind) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| cookie_value(header, kind.cookie_name()))
        .filter(|token| token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(hash_token)
}
