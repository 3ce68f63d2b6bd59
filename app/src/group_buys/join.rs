//! Opening a group on a deal, or taking a place in one: each in one
//! write transaction that counts the member's allowance, holds the place,
//! writes the member's pending order at the group price and takes its
//! unit from the SKU. Any refusal on the way leaves nothing behind.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{DatabaseConnection, DbErr, SqlErr};

use super::entity::{group_buy, group_deal};
use super::model::{GroupStage, Refusal};
use super::repo::GroupRepo;
use crate::cart::repo::CartRepo;
use crate::members::repo::MemberRepo;
use crate::orders::number::new_order_number;
use crate::orders::pricing::ShippingRule;
use crate::orders::repo::{NewOrder, OrderRepo, PlaceError, ShipTo};
use crate::orders::shipping::ShippingMethod;
use crate::promotions::quote::Quote;

#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// What a group order costs besides its unit, from the store settings.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    pub shipping: ShippingRule,
    /// Time to pay, cut short by the group's own deadline.
    pub pay_within: Duration,
}

/// The member's place: the group, and the order to pay for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    pub group_id: i64,
    pub order_no: String,
}

/// Opens a new group on the deal with the member in its first place.
pub async fn open(
    db: &DatabaseConnection,
    deal_id: i64,
    member_id: i64,
    terms: Terms,
    now: DateTime<Utc>,
) -> Result<Joined, JoinError> {
    let tx = crate::db::begin_write(db).await?;
    let repo = GroupRepo(&*tx);
    let deal = running_deal(&repo, deal_id, now).await?;
    let group = repo.open(&deal, member_id, now).await?;
    let joined = take(&tx, &deal, &group, member_id, terms, now).await?;
    tx.commit().await?;
    Ok(joined)
}

/// Takes a place in an open group. Of members racing for its last
/// places, as many as there are places get one; the others are told it
/// is full.
pub async fn join(
    db: &DatabaseConnection,
    group_id: i64,
    member_id: i64,
    terms: Terms,
    now: DateTime<Utc>,
) -> Result<Joined, JoinError> {
    let tx = crate::db::begin_write(db).await?;
    let repo = GroupRepo(&*tx);
    let group = repo.group(group_id).await?.ok_or(Refusal::NoSuchGroup)?;
    if repo.is_member(group_id, member_id).await? {
        return Err(Refusal::AlreadyIn.into());
    }
    if !repo.take_place(group_id, now).await? {
        return Err(why_not_joined(&group, now).into());
    }
    // The deal may have ended since the group opened: its groups still
    // fill, at the price they opened with.
    let deal = repo.deal(group.deal_id).await?.ok_or(Refusal::NoSuchDeal)?;
    let joined = take(&tx, &deal, &group, member_id, terms, now).await?;
    tx.commit().await?;
    Ok(joined)
}

async fn running_deal(
    repo: &GroupRepo<'_, sea_orm::DatabaseTransaction>,
    deal_id: i64,
    now: DateTime<Utc>,
) -> Result<group_deal::Model, JoinError> {
    let deal = repo.deal(deal_id).await?.ok_or(Refusal::NoSuchDeal)?;
    if deal.starts_at > now || deal.ends_at <= now {
        return Err(Refusal::NotRunning.into());
    }
    Ok(deal)
}

/// Why a place could not be taken, from the group as the caller saw it.
fn why_not_joined(group: &group_buy::Model, now: DateTime<Utc>) -> Refusal {
    let forming = GroupStage::parse(&group.status) == Some(GroupStage::Forming);
    if forming && group.expires_at > now {
        Refusal::Full
    } else {
        Refusal::Closed
    }
}

/// The member's allowance, their order and their unit, for a place
/// already held.
async fn take(
    tx: &sea_orm::DatabaseTransaction,
    deal: &group_deal::Model,
    group: &group_buy::Model,
    member_id: i64,
    terms: Terms,
    now: DateTime<Utc>,
) -> Result<Joined, JoinError> {
    let repo = GroupRepo(tx);
    if !repo
        .allow(deal.id, member_id, deal.per_member_limit)
        .await?
    {
        return Err(Refusal::LimitReached.into());
    }
    let address = MemberRepo(tx)
        .addresses(member_id)
        .await?
        .into_iter()
        .next()
        .ok_or(Refusal::NoAddress)?;
    let mut line = CartRepo(tx)
        .describe([deal.sku_id])
        .await?
        .remove(&deal.sku_id)
        .ok_or(Refusal::NoSuchDeal)?;
    line.price = deal.group_price;
    let quote = Quote::single_line(line.price, terms.shipping);
    let order_no = new_order_number(now);
    let order = OrderRepo(tx)
        .place_group(
            NewOrder {
                member_id,
                idempotency_key: &format!("group:{}:{order_no}", group.id),
                order_no: order_no.clone(),
                lines: std::slice::from_ref(&line),
                quote: &quote,
                ship_to: ShipTo {
                    recipient: address.recipient.clone(),
                    phone: address.phone.clone(),
                    address: address.one_line(),
                },
                shipping: ShippingMethod::Standard,
                note: "",
                now,
                pay_by: Ord::min(now + terms.pay_within, group.expires_at),
            },
            group.id,
        )
        .await
        .map_err(|err| match err {
            PlaceError::Database(err) => JoinError::Database(err),
            _ => JoinError::Refused(Refusal::OutOfStock),
        })?;
    repo.add_member(group.id, member_id, order.id, now)
        .await
        .map_err(|err| match err.sql_err() {
            // The same member racing into the same group twice.
            Some(SqlErr::UniqueConstraintViolation(_)) => Refusal::AlreadyIn.into(),
            _ => JoinError::Database(err),
        })?;
    Ok(Joined {
        group_id: group.id,
        order_no,
    })
}
