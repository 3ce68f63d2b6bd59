//! Putting some of a SKU in a cart, as `/api/cart/add` does.
//!
//! One query reads everything the checks need (the SKU, the cart, what it
//! holds) outside the write lock, which is then held for one statement:
//! the upsert, which caps the line at the stock and refuses a new line to
//! a full cart in its own `WHERE`, so a race with another tab can never
//! take the line past the stock or the cart past its lines.
//!
//! Adds arriving together are written in one transaction
//! ([`crate::db::group_commit`]): a shopper adds before every checkout, and a
//! commit of its own for each add was the larger part of its cost. The
//! adds of a batch to different carts share one upsert, since on SQLite
//! every statement under the one write lock keeps all writers waiting.

use std::collections::{HashMap, HashSet};

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};

use super::model::{CartProblem, check_add, line_cap};
use super::repo::{BeforeAdd, CartOwner, CartRepo, LineAdd};
use crate::db::group_commit::{Answer, Job, Writer};

#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("refused: {0:?}")]
    Refused(CartProblem),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// How adds reach the database: the shop batches them.
pub type CartWriter = Writer<AddJob>;

/// Adds `adding` of the SKU with this code to the owner's cart (made on
/// first use); answers the cart's units.
pub async fn add_to_cart(
    db: &DatabaseConnection,
    writer: &CartWriter,
    owner: &CartOwner,
    code: &str,
    adding: i64,
) -> Result<i64, AddError> {
    let before = CartRepo(db)
        .before_add(owner, code)
        .await?
        .ok_or(AddError::Refused(CartProblem::Unavailable))?;
    check_add(before.held, adding, before.sku.stock).map_err(AddError::Refused)?;
    let job = AddJob {
        owner: owner.clone(),
        before,
        adding,
    };
    let line_quantity = writer.write(db, job).await?;
    // Another tab's add landing meanwhile shows on the next page's badge.
    Ok(before.units - before.held + line_quantity)
}

/// The writes of one add, its checks done beforehand.
pub struct AddJob {
    owner: CartOwner,
    before: BeforeAdd,
    adding: i64,
}

impl AddJob {
    /// The cart the add goes in, made if need be.
    async fn cart(&self, tx: &DatabaseTransaction) -> Result<i64, DbErr> {
        match self.before.cart_id {
            Some(id) => Ok(id),
            None => CartRepo(tx).find_or_create(&self.owner).await,
        }
    }

    fn line_add(&self, cart_id: i64) -> LineAdd {
        let sku = &self.before.sku;
        LineAdd {
            cart_id,
            sku_id: sku.id,
            adding: self.adding,
            price: sku.price,
            cap: line_cap(sku.stock),
        }
    }
}

/// What the line holds now, from the quantities an add statement
/// answered by cart; a cart not in them was full.
fn line_of(quantities: &HashMap<i64, i64>, cart_id: i64) -> Answer<AddJob> {
    quantities
        .get(&cart_id)
        .copied()
        .ok_or(AddError::Refused(CartProblem::CartFull))
}

#[async_trait::async_trait]
impl Job for AddJob {
    const KIND: &'static str = "cart_add";
    /// What the SKU's line holds now.
    type Done = i64;
    type Refused = AddError;

    async fn apply(&self, tx: &DatabaseTransaction) -> Result<i64, AddError> {
        let cart_id = self.cart(tx).await?;
        let added = CartRepo(tx)
            .touch_and_add(&[cart_id], &[self.line_add(cart_id)])
            .await?;
        line_of(&added, cart_id)
    }

    /// With no savepoints: an add refused (a full cart) has written
    /// nothing but, at most, the empty cart it would have gone in, which
    /// the shopper's next add uses. The carts are marked used once, before
    /// the adds, which on PostgreSQL locks each one so that two servers'
    /// adds to one cart count its lines one after the other. Then one
    /// statement, sent with the marking, adds to every cart of the batch;
    /// a cart's further adds in the batch (two tabs of one shopper) follow
    /// one by one, each counting the lines the one before it made.
    async fn apply_batch(
        tx: &DatabaseTransaction,
        jobs: &[&Self],
    ) -> Result<Vec<Answer<Self>>, DbErr> {
        let mut carts = Vec::with_capacity(jobs.len());
        for job in jobs {
            carts.push(job.cart(tx).await?);
        }
        let mut used = carts.clone();
        used.sort_unstable();
        used.dedup();

        let mut seen = HashSet::with_capacity(jobs.len());
        let (first, again): (Vec<_>, Vec<_>) = jobs
            .iter()
            .zip(&carts)
            .enumerate()
            .partition(|(_, (_, cart_id))| seen.insert(**cart_id));
        let adds: Vec<LineAdd> = first
            .iter()
            .map(|(_, (job, cart_id))| job.line_add(**cart_id))
            .collect();
        let added = CartRepo(tx).touch_and_add(&used, &adds).await?;
        // A cart's later adds are answered by their own statements below.
        let mut outcomes: Vec<Answer<Self>> = carts
            .iter()
            .map(|&cart_id| line_of(&added, cart_id))
            .collect();
        for (at, (job, cart_id)) in again {
            let added = CartRepo(tx)
                .add_untouched(&[job.line_add(*cart_id)])
                .await?;
            outcomes[at] = line_of(&added, *cart_id);
        }
        Ok(outcomes)
    }

    fn retry_alone(refused: &AddError) -> bool {
        matches!(refused, AddError::Database(_))
    }
}
