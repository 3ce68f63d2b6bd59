//! Finding orders for staff. Member emails live on `members`, so a search
//! by email is a subquery there and the page's emails one more query:
//! three queries a page whatever its size.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select,
};

use super::model::{AdminOrderPage, AdminOrderRow, ORDERS_PER_ADMIN_PAGE, OrderFilter};
use crate::members::entity::member;
use crate::orders::entity::order;
use crate::orders::shipping::ShippingMethod;
use crate::orders::status::OrderStatus;

pub struct AdminOrderRepo<'c, C>(pub &'c C);

/// Midnight UTC starting `day` (`YYYY-MM-DD`, already checked).
fn day_start(day: &str) -> Option<DateTime<Utc>> {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()?
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc())
}

fn filtered(filter: &OrderFilter) -> Select<order::Entity> {
    let mut select = order::Entity::find();
    if let Some(status) = filter.status {
        select = select.filter(order::Column::Status.eq(status.as_str()));
    }
    if let Some(from) = filter.from.as_deref().and_then(day_start) {
        select = select.filter(order::Column::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to.as_deref().and_then(day_start) {
        select = select.filter(order::Column::CreatedAt.lt(to + chrono::Duration::days(1)));
    }
    if !filter.order_no.is_empty() {
        select = select.filter(order::Column::OrderNo.starts_with(&filter.order_no));
    }
    if !filter.email.is_empty() {
        let members = member::Entity::find()
            .select_only()
            .column(member::Column::Id)
            .filter(
                Expr::col(member::Column::Email)
                    .like(LikeExpr::new(format!("%{}%", escape_like(&filter.email))).escape('\\')),
            )
            .into_query();
        select = select.filter(order::Column::MemberId.in_subquery(members));
    }
    select
}

/// `%` and `_` typed by staff are searched for as themselves (emails
/// often have `_`), not taken as wildcards.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

impl<C: ConnectionTrait> AdminOrderRepo<'_, C> {
    /// A page of matching orders, newest first, and how many match.
    pub async fn search(&self, filter: &OrderFilter, page: u64) -> Result<AdminOrderPage, DbErr> {
        let select = filtered(filter);
        let total = select.clone().count(self.0).await?;
        let orders = select
            .order_by_desc(order::Column::CreatedAt)
            .order_by_desc(order::Column::Id)
            .offset(page * ORDERS_PER_ADMIN_PAGE)
            .limit(ORDERS_PER_ADMIN_PAGE)
            .all(self.0)
            .await?;
        Ok(AdminOrderPage {
            rows: self.rows(orders).await?,
            total,
        })
    }

    /// Every matching order, newest first, up to `limit` (the export).
    pub async fn all(&self, filter: &OrderFilter, limit: u64) -> Result<Vec<AdminOrderRow>, DbErr> {
        let orders = filtered(filter)
            .order_by_desc(order::Column::CreatedAt)
            .order_by_desc(order::Column::Id)
            .limit(limit)
            .all(self.0)
            .await?;
        self.rows(orders).await
    }

    pub async fn by_number(&self, order_no: &str) -> Result<Option<order::Model>, DbErr> {
        order::Entity::find()
            .filter(order::Column::OrderNo.eq(order_no))
            .one(self.0)
            .await
    }

    pub async fn email_of(&self, member_id: i64) -> Result<String, DbErr> {
        Ok(self
            .emails([member_id])
            .await?
            .remove(&member_id)
            .unwrap_or_default())
    }

    async fn emails(
        &self,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<HashMap<i64, String>, DbErr> {
        Ok(member::Entity::find()
            .select_only()
            .column(member::Column::Id)
            .column(member::Column::Email)
            .filter(member::Column::Id.is_in(ids))
            .into_tuple::<(i64, String)>()
            .all(self.0)
            .await?
            .into_iter()
            .collect())
    }

    async fn rows(&self, orders: Vec<order::Model>) -> Result<Vec<AdminOrderRow>, DbErr> {
        let emails = self.emails(orders.iter().map(|o| o.member_id)).await?;
        Ok(orders
            .into_iter()
            .filter_map(|o| {
                Some(AdminOrderRow {
                    status: OrderStatus::parse(&o.status)?,
                    member_email: emails.get(&o.member_id).cloned().unwrap_or_default(),
                    order_no: o.order_no,
                    total: o.total,
                    placed_at: o.created_at.to_rfc3339(),
                    recipient: o.recipient,
                    shipping: ShippingMethod::parse(&o.shipping_method)?,
                })
            })
            .collect())
    }
}
