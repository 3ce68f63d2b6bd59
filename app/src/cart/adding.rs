//! Putting some of a SKU in a cart, as `/api/cart/add` does.
//!
//! The checks read outside the write lock, which is then held for the
//! writes alone. A race with another tab can only leave the line capped
//! at the stock (the upsert's cap), never above it; the number of lines
//! is counted under the lock, so two tabs cannot both add the last one.
//!
//! Adds arriving together are written in one transaction
//! ([`crate::group_commit`]): a shopper adds before every checkout, and a
//! commit of its own for each add was the larger part of its cost.

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};

use super::model::{CartProblem, MAX_LINES, check_add, line_cap};
use super::repo::{CartOwner, CartRepo};
use crate::catalog::repo::BuyableSku;
use crate::group_commit::{Answer, Job, Writer};

#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("refused: {0:?}")]
    Refused(CartProblem),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// How adds reach the database: the shop batches them.
pub type CartWriter = Writer<AddJob>;

/// Adds `adding` of `sku` to the owner's cart (made on first use);
/// answers the cart's units.
pub async fn add_to_cart(
    db: &DatabaseConnection,
    writer: &CartWriter,
    owner: &CartOwner,
    sku: &BuyableSku,
    adding: i64,
) -> Result<i64, AddError> {
    let found = CartRepo(db).find_with_quantity(owner, sku.id).await?;
    let (cart_id, in_cart) = match found {
        Some((id, held)) => (Some(id), held),
        None => (None, 0),
    };
    check_add(in_cart, adding, sku.stock).map_err(AddError::Refused)?;
    let job = AddJob {
        owner: owner.clone(),
        cart_id,
        new_line: in_cart == 0,
        sku: *sku,
        adding,
    };
    let cart_id = writer.write(db, job).await?;
    Ok(CartRepo(db).units(cart_id).await?)
}

/// The writes of one add, its checks done beforehand.
pub struct AddJob {
    owner: CartOwner,
    /// The owner's cart, when they had one.
    cart_id: Option<i64>,
    /// The cart held none of the SKU: the line must fit under the limit.
    new_line: bool,
    sku: BuyableSku,
    adding: i64,
}

impl AddJob {
    /// The add's line, in the cart it goes in (made if need be); answers
    /// the cart's id.
    async fn add_untouched(&self, tx: &DatabaseTransaction) -> Result<i64, AddError> {
        let repo = CartRepo(tx);
        let cart_id = match self.cart_id {
            Some(id) => id,
            None => repo.find_or_create(&self.owner).await?,
        };
        if self.new_line && repo.line_count(cart_id).await? >= MAX_LINES as u64 {
            return Err(AddError::Refused(CartProblem::CartFull));
        }
        let sku = &self.sku;
        repo.add_untouched(cart_id, sku.id, self.adding, sku.price, line_cap(sku.stock))
            .await?;
        Ok(cart_id)
    }
}

#[async_trait::async_trait]
impl Job for AddJob {
    /// The cart's id.
    type Done = i64;
    type Refused = AddError;

    async fn apply(&self, tx: &DatabaseTransaction) -> Result<i64, AddError> {
        let cart_id = self.add_untouched(tx).await?;
        CartRepo(tx).touch_all([cart_id]).await?;
        Ok(cart_id)
    }

    /// With no savepoints: an add refused (a full cart) has written
    /// nothing but, at most, the empty cart it would have gone in, which
    /// the shopper's next add uses. The carts are marked used once, after.
    async fn apply_batch(
        tx: &DatabaseTransaction,
        jobs: &[&Self],
    ) -> Result<Vec<Answer<Self>>, DbErr> {
        let mut outcomes = Vec::with_capacity(jobs.len());
        for job in jobs {
            match job.add_untouched(tx).await {
                Err(AddError::Database(err)) => return Err(err),
                outcome => outcomes.push(outcome),
            }
        }
        let used = outcomes.iter().filter_map(|outcome| outcome.as_ref().ok());
        CartRepo(tx).touch_all(used.copied()).await?;
        Ok(outcomes)
    }

    fn retry_alone(refused: &AddError) -> bool {
        matches!(refused, AddError::Database(_))
    }
}
