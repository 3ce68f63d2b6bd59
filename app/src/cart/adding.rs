//! Putting some of a SKU in a cart, as `/api/cart/add` does.
//!
//! The checks read outside the write lock, which is then held for the
//! writes alone. A race with another tab can only leave the line capped
//! at the stock (the upsert's cap), never above it; the number of lines
//! is counted under the lock, so two tabs cannot both add the last one.

use sea_orm::{DatabaseConnection, DbErr};

use super::model::{CartProblem, MAX_LINES, check_add, line_cap};
use super::repo::{CartOwner, CartRepo};
use crate::catalog::repo::BuyableSku;

#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("refused: {0:?}")]
    Refused(CartProblem),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Adds `adding` of `sku` to the owner's cart (made on first use);
/// answers the cart's units.
pub async fn add_to_cart(
    db: &DatabaseConnection,
    owner: &CartOwner,
    sku: &BuyableSku,
    adding: i64,
) -> Result<i64, AddError> {
    let reads = CartRepo(db);
    let cart_id = reads.find(owner).await?;
    let in_cart = match cart_id {
        Some(id) => reads.quantity(id, sku.id).await?,
        None => 0,
    };
    check_add(in_cart, adding, sku.stock).map_err(AddError::Refused)?;

    let tx = crate::db::begin_write(db).await?;
    let repo = CartRepo(&tx);
    let cart_id = match cart_id {
        Some(id) => id,
        None => repo.find_or_create(owner).await?,
    };
    if in_cart == 0 && repo.line_count(cart_id).await? >= MAX_LINES as u64 {
        return Err(AddError::Refused(CartProblem::CartFull));
    }
    repo.add(cart_id, sku.id, adding, sku.price, line_cap(sku.stock))
        .await?;
    tx.commit().await?;
    Ok(CartRepo(db).units(cart_id).await?)
}
