//! Group buying as shoppers see it: the running deals with their open
//! groups, and one group behind its shared link. A few queries per page
//! whatever the number of groups.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use super::entity::{group_buy, group_deal};
use super::model::{DealView, Deals, GroupStage, GroupView, MyPlace, OpenGroup, Place};
use super::repo::GroupRepo;
use crate::auth::viewer::initials;
use crate::cart::model::CartLine;
use crate::cart::repo::CartRepo;
use crate::members::entity::member;
use crate::orders::entity::order;

/// Open groups shown per deal: the ones closest to running out of time.
const GROUPS_PER_DEAL: usize = 6;

pub async fn deals<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<Deals, DbErr> {
    let deals = GroupRepo(db).running_deals(now).await?;
    Ok(Deals {
        now: now.timestamp_millis(),
        deals: views(db, &deals, now).await?,
    })
}

/// The running deal on the product, if any, for its page: one query for
/// the (many) products without one.
pub async fn deal_on_product<C: ConnectionTrait>(
    db: &C,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<Option<DealView>, DbErr> {
    let deals = GroupRepo(db).running_deals_on(slug, now).await?;
    if deals.is_empty() {
        return Ok(None);
    }
    Ok(views(db, &deals, now).await?.into_iter().next())
}

/// The deals as shoppers see them, with the groups open on each.
async fn views<C: ConnectionTrait>(
    db: &C,
    deals: &[group_deal::Model],
    now: DateTime<Utc>,
) -> Result<Vec<DealView>, DbErr> {
    let repo = GroupRepo(db);
    let lines = CartRepo(db)
        .describe(deals.iter().map(|d| d.sku_id))
        .await?;
    let groups = repo.joinable(deals.iter().map(|d| d.id), now, 500).await?;
    let leaders = initials_of(db, groups.iter().map(|g| g.leader_id)).await?;
    let views = deals
        .iter()
        .filter_map(|deal| {
            let mut view = deal_view(deal, lines.get(&deal.sku_id)?);
            view.groups = groups
                .iter()
                .filter(|g| g.deal_id == deal.id)
                .take(GROUPS_PER_DEAL)
                .map(|g| OpenGroup {
                    id: g.id,
                    leader: leaders.get(&g.leader_id).cloned().unwrap_or_default(),
                    taken: g.taken,
                    size: g.size,
                    expires_at: g.expires_at.timestamp_millis(),
                })
                .collect();
            Some(view)
        })
        .collect();
    Ok(views)
}

/// The group behind `/group/{id}`, with the viewer's own place if they
/// hold one.
pub async fn group<C: ConnectionTrait>(
    db: &C,
    group_id: i64,
    viewer: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Option<GroupView>, DbErr> {
    let repo = GroupRepo(db);
    let Some(group) = repo.group(group_id).await? else {
        return Ok(None);
    };
    let Some(deal) = repo.deal(group.deal_id).await? else {
        return Ok(None);
    };
    let Some(line) = CartRepo(db)
        .describe([deal.sku_id])
        .await?
        .remove(&deal.sku_id)
    else {
        return Ok(None);
    };
    let members = repo.members(group_id).await?;
    let names = initials_of(db, members.iter().map(|m| m.member_id)).await?;
    let orders: HashMap<i64, (String, bool)> = order::Entity::find()
        .select_only()
        .columns([order::Column::Id, order::Column::OrderNo])
        .column(order::Column::PaidAt)
        .filter(order::Column::Id.is_in(members.iter().map(|m| m.order_id)))
        .into_tuple::<(i64, String, Option<DateTime<Utc>>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, no, paid_at)| (id, (no, paid_at.is_some())))
        .collect();
    let paid = |order_id: i64| orders.get(&order_id).is_some_and(|(_, paid)| *paid);
    let mine = viewer
        .and_then(|me| members.iter().find(|m| m.member_id == me))
        .and_then(|m| orders.get(&m.order_id))
        .map(|(order_no, paid)| MyPlace {
            order_no: order_no.clone(),
            paid: *paid,
        });
    Ok(Some(GroupView {
        id: group.id,
        now: now.timestamp_millis(),
        stage: stage(&group),
        deal: deal_view(&deal, &line),
        places: members
            .iter()
            .map(|m| Place {
                initials: names.get(&m.member_id).cloned().unwrap_or_default(),
                leader: m.member_id == group.leader_id,
                paid: paid(m.order_id),
            })
            .collect(),
        size: group.size,
        expires_at: group.expires_at.timestamp_millis(),
        mine,
    }))
}

fn stage(group: &group_buy::Model) -> GroupStage {
    GroupStage::parse(&group.status).unwrap_or(GroupStage::Failed)
}

fn deal_view(deal: &group_deal::Model, line: &CartLine) -> DealView {
    DealView {
        id: deal.id,
        product_slug: line.product_slug.clone(),
        title: if line.variant.is_empty() {
            line.title.clone()
        } else {
            format!("{} · {}", line.title, line.variant)
        },
        variant: line.variant.clone(),
        image: line.image.clone(),
        price: line.price,
        group_price: deal.group_price,
        group_size: deal.group_size,
        time_limit_minutes: deal.time_limit_minutes,
        per_member_limit: deal.per_member_limit,
        ends_at: deal.ends_at.timestamp_millis(),
        groups: Vec::new(),
    }
}

/// Members' initials by id: what other shoppers may see of them.
async fn initials_of<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, DbErr> {
    Ok(member::Entity::find()
        .select_only()
        .columns([member::Column::Id, member::Column::DisplayName])
        .filter(member::Column::Id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, name)| {
            let letters = initials(&name);
            (
                id,
                if letters.is_empty() {
                    "?".into()
                } else {
                    letters
                },
            )
        })
        .collect())
}
