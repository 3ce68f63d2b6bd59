//! The names of spec values ("Black", "128GB") by id, kept in memory for
//! what every checkout shows and writes: each of its lines' variant.
//!
//! Nothing ever renames a spec value: a product's specs only gain values,
//! each a new row. And its id comes from an auto-increment that never
//! hands out an id twice (`AUTOINCREMENT` on SQLite, a sequence on
//! PostgreSQL). So a name once read stays right for the life of the
//! database, and this needs no invalidation, on any number of servers.

use std::collections::HashMap;
use std::sync::Arc;

use quick_cache::sync::Cache;
use sea_orm::{ConnectionTrait, DbErr};

use super::repo::CatalogRepo;

/// Enough for the values of some tens of thousands of products with
/// variants; a value left out is read again when asked for.
const CAPACITY: usize = 100_000;

pub struct SpecValueNames {
    /// `None` keeps nothing: for readers off checkout's path, and for
    /// tests, which run many databases in one process, where one id
    /// names different values.
    known: Option<Cache<i64, Arc<str>>>,
}

impl Default for SpecValueNames {
    fn default() -> Self {
        Self {
            known: Some(Cache::new(CAPACITY)),
        }
    }
}

impl SpecValueNames {
    /// Names read from the database every time they are asked for.
    pub const fn read_each_time() -> Self {
        Self { known: None }
    }

    /// The names of these values, by id: those not yet known in one query.
    /// An id with no value (none should be asked for) is left out.
    pub async fn of(
        &self,
        db: &impl ConnectionTrait,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<HashMap<i64, String>, DbErr> {
        let mut names = HashMap::new();
        let mut unknown = Vec::new();
        for id in ids {
            match self.known.as_ref().and_then(|known| known.get(&id)) {
                Some(name) => {
                    names.insert(id, name.to_string());
                }
                None => unknown.push(id),
            }
        }
        if unknown.is_empty() {
            return Ok(names);
        }
        for (id, name) in CatalogRepo(db).spec_value_names(unknown).await? {
            if let Some(known) = &self.known {
                known.insert(id, Arc::from(name.as_str()));
            }
            names.insert(id, name);
        }
        Ok(names)
    }
}
