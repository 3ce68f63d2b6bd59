//! Placing orders: from the cart (one, or many placed together), for a
//! group and for a flash sale. The order, its coupon, its stock and its
//! lines are written in the caller's transaction.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QuerySelect, QueryTrait,
};

use super::timeline::{created_event, first_step, placed_by};
use super::{NewOrder, OrderRepo, Origin, PlaceError, Placed};
use crate::cart::model::CartLine;
use crate::catalog::entity::{product, sku};
use crate::catalog::status::{ProductStatus, SkuStatus};
use crate::catalog::write::CatalogWriter;
use crate::db::sent_together::SentTogether;
use crate::orders::entity::{order, order_event, order_item};
use crate::orders::status::OrderStatus;
use crate::outbox::repo::order_events_insert;
use crate::promotions::usage::CouponUse;

impl<C: ConnectionTrait> OrderRepo<'_, C> {
    /// Places the order as quoted: checks every line is on sale, writes
    /// the order, takes the coupon and then the stock with conditional
    /// updates, and writes the order's lines (each with its share of the
    /// discount) and the first step of its timeline. Run it in a write
    /// transaction: on any error nothing may be kept.
    ///
    /// The lines may have been read before the transaction began, so that
    /// the write lock (on SQLite, the database's only one) is held for the
    /// writes alone: each update takes stock only while the SKU is still
    /// active, its product listed, its price the one read and its stock
    /// enough, whatever runs at the same time. When one of those no longer
    /// holds, the SKU is read again to say which.
    ///
    /// The locks come in one order, the same as for orders placed together
    /// ([`Self::insert_cart_orders`]), so that on PostgreSQL a lone
    /// checkout and a batch never deadlock: the idempotency key (the
    /// order's row), the coupon, the stock, and then the cart lines, which
    /// the order's lines claim under a unique index. The stock comes as
    /// late as that allows, so that a much-bought SKU's row stays locked
    /// for little more than the commit.
    pub async fn place(&self, new: NewOrder<'_>) -> Result<Placed, PlaceError> {
        check_on_sale(&new)?;
        let row = order_row(&new, Origin::Cart).insert(self.0).await?;
        if let Some((coupon_id, _)) = new.quote.coupon
            && !CouponUse(self.0)
                .take(coupon_id, new.member_id, row.id, new.now)
                .await?
        {
            return Err(PlaceError::CouponGone);
        }
        let sold_out = self.take_stock(&new, true).await?;
        self.write_details(
            std::slice::from_ref(&new),
            std::slice::from_ref(&row),
            Origin::Cart,
        )
        .await?;
        Ok(new.placed(&sold_out))
    }

    /// Cart orders placed together, in three steps that keep
    /// [`Self::place`]'s order of locks (the idempotency key, the stock,
    /// then the cart lines claimed), so that a batch and a lone checkout
    /// of the same page cannot deadlock. First their rows, in one insert;
    /// answered in the order of `news`.
    pub async fn insert_cart_orders(
        &self,
        news: &[NewOrder<'_>],
    ) -> Result<Vec<order::Model>, DbErr> {
        self.insert_rows(news, Origin::Cart).await
    }

    /// Then, for each, its lines' stock, as [`Self::place`] takes it.
    /// Answers the products that sold out. Orders with a coupon cannot be
    /// placed this way: the coupon is taken by the order's id.
    pub async fn take_cart_stock(&self, new: &NewOrder<'_>) -> Result<Vec<i64>, PlaceError> {
        check_on_sale(new)?;
        self.take_stock(new, true).await
    }

    /// Takes, in one statement, the stock of one-line orders placed
    /// together, as [`Self::take_cart_stock`] would take each: a SKU is
    /// taken only if it has enough for all of them together, is still on
    /// sale and still at the price they were shown. Answers what each SKU
    /// taken has left; the orders of a SKU not in the answer take theirs
    /// one by one, each as far as the stock goes, and learn why not.
    pub async fn take_stock_together(
        &self,
        takes: &[SharedTake],
    ) -> Result<HashMap<i64, i64>, DbErr> {
        if takes.is_empty() {
            return Ok(HashMap::new());
        }
        // `CASE id WHEN … THEN … END`: each SKU's own figure in one statement.
        let by_sku = |value: fn(&SharedTake) -> i64| -> Expr {
            let (first, rest) = takes.split_first().expect("not empty");
            let when = |take: &SharedTake| Expr::col(sku::Column::Id).eq(take.sku_id);
            rest.iter()
                .fold(Expr::case(when(first), value(first)), |case, take| {
                    case.case(when(take), value(take))
                })
                .finally(Expr::val(0))
                .into()
        };
        let quantities = by_sku(|take| take.quantity);
        let listed = product::Entity::find()
            .select_only()
            .column(product::Column::Id)
            .filter(product::Column::Status.eq(ProductStatus::Listed.as_str()))
            .into_query();
        let taken = sku::Entity::update_many()
            .col_expr(
                sku::Column::Stock,
                Expr::col(sku::Column::Stock).sub(quantities.clone()),
            )
            .filter(sku::Column::Id.is_in(takes.iter().map(|take| take.sku_id)))
            .filter(Expr::col(sku::Column::Stock).gte(quantities))
            .filter(Expr::col(sku::Column::Price).eq(by_sku(|take| take.price)))
            .filter(sku::Column::Status.eq(SkuStatus::Active.as_str()))
            .filter(sku::Column::ProductId.in_subquery(listed))
            .exec_with_returning(self.0)
            .await?;
        let sold_out: Vec<i64> = taken
            .iter()
            .filter(|left| left.stock == 0)
            .map(|left| left.product_id)
            .collect();
        for product in sold_out {
            CatalogWriter(self.0).refresh_summary(product).await?;
        }
        Ok(taken
            .into_iter()
            .map(|left| (left.id, left.stock))
            .collect())
    }

    /// Last, the orders whose stock was taken get their lines, events and
    /// first steps, and the rows of those refused are deleted: nothing
    /// else of them was written. Built, not run, so that the caller can
    /// send more writes with them.
    pub fn finishing_cart_orders(
        &self,
        placed: &[NewOrder<'_>],
        rows: &[order::Model],
        refused: Vec<i64>,
    ) -> Result<SentTogether, DbErr> {
        let mut writes = self.details(placed, rows, Origin::Cart)?;
        if !refused.is_empty() {
            writes.query(&order::Entity::delete_many().filter(order::Column::Id.is_in(refused)));
        }
        Ok(writes)
    }

    /// Writes a group order (one line, at the deal's price, not the SKU's)
    /// and takes its stock from the SKU.
    pub async fn place_group(
        &self,
        new: NewOrder<'_>,
        group_id: i64,
    ) -> Result<order::Model, PlaceError> {
        let row = self.write(&new, Origin::Group(group_id)).await?;
        self.take_stock(&new, false).await?;
        Ok(row)
    }

    /// The order, its lines and the first step of its timeline.
    async fn write(&self, new: &NewOrder<'_>, origin: Origin) -> Result<order::Model, DbErr> {
        let row = order_row(new, origin).insert(self.0).await?;
        order_item::Entity::insert_many(item_rows(new, &row, origin))
            .exec_without_returning(self.0)
            .await?;
        let placed_by = placed_by(new);
        self.record(
            &row,
            None,
            OrderStatus::PendingPayment,
            &placed_by,
            "",
            new.now,
        )
        .await?;
        Ok(row)
    }

    /// Writes a batch of flash-sale orders for one item. Their units were
    /// already taken from the sale's stock (see `flash_sales`), so no SKU
    /// stock moves. Under a hot item's lock, fewer round trips are more
    /// buyers served.
    pub async fn place_flash_many(
        &self,
        news: &[NewOrder<'_>],
        flash_item_id: i64,
    ) -> Result<Vec<order::Model>, DbErr> {
        self.write_many(news, Origin::Flash(flash_item_id)).await
    }

    /// Orders, their lines, their `order.created` events and the first
    /// steps of their timelines: four statements whatever the number of
    /// orders (more only for thousands of lines).
    async fn write_many(
        &self,
        news: &[NewOrder<'_>],
        origin: Origin,
    ) -> Result<Vec<order::Model>, DbErr> {
        let rows = self.insert_rows(news, origin).await?;
        self.write_details(news, &rows, origin).await?;
        Ok(rows)
    }

    /// The orders' rows, in one insert; answered in the order of `news`.
    async fn insert_rows(
        &self,
        news: &[NewOrder<'_>],
        origin: Origin,
    ) -> Result<Vec<order::Model>, DbErr> {
        if news.is_empty() {
            return Ok(Vec::new());
        }
        let inserted = order::Entity::insert_many(news.iter().map(|new| order_row(new, origin)))
            .exec_with_returning(self.0)
            .await?;
        // RETURNING promises no order: the rows are matched by number.
        let mut by_number: HashMap<String, order::Model> = inserted
            .into_iter()
            .map(|row| (row.order_no.clone(), row))
            .collect();
        news.iter()
            .map(|new| {
                by_number
                    .remove(&new.order_no)
                    .ok_or_else(|| DbErr::Custom(format!("order {} was not written", new.order_no)))
            })
            .collect()
    }

    /// The orders' lines, `order.created` events and first steps.
    async fn write_details(
        &self,
        news: &[NewOrder<'_>],
        rows: &[order::Model],
        origin: Origin,
    ) -> Result<(), DbErr> {
        self.details(news, rows, origin)?.execute(self.0).await
    }

    /// The writes of [`Self::write_details`]: three inserts (more only
    /// for thousands of lines), sent together.
    fn details(
        &self,
        news: &[NewOrder<'_>],
        rows: &[order::Model],
        origin: Origin,
    ) -> Result<SentTogether, DbErr> {
        let mut writes = SentTogether::new(self.0.get_database_backend());
        if news.is_empty() {
            return Ok(writes);
        }
        let pairs = || news.iter().zip(rows);
        let items: Vec<_> = pairs()
            .flat_map(|(new, row)| item_rows(new, row, origin))
            .collect();
        // Within the bind limits of both databases, however long the carts.
        for chunk in items.chunks(ITEM_ROWS_PER_INSERT) {
            writes.query(&order_item::Entity::insert_many(chunk.iter().cloned()));
        }
        let events: Vec<_> = pairs()
            .map(|(new, row)| (created_event(row), new.now))
            .collect();
        writes.query(&order_events_insert(&events)?);
        writes.query(&order_event::Entity::insert_many(
            pairs().map(|(new, row)| first_step(new, row)),
        ));
        Ok(writes)
    }

    /// Takes each line's quantity from its SKU, in SKU order so that two
    /// orders locking the same rows on PostgreSQL cannot deadlock; with
    /// `at_list_price`, only while the SKU's price is still the line's.
    /// Answers the products of SKUs that just sold out, after updating
    /// what the catalog shows of them.
    async fn take_stock(
        &self,
        new: &NewOrder<'_>,
        at_list_price: bool,
    ) -> Result<Vec<i64>, PlaceError> {
        let mut lines: Vec<&CartLine> = new.lines.iter().collect();
        lines.sort_by_key(|l| l.sku_id);
        let mut sold_out = Vec::new();
        for line in lines {
            let listed = product::Entity::find()
                .select_only()
                .column(product::Column::Id)
                .filter(product::Column::Id.eq(line.product_id))
                .filter(product::Column::Status.eq(ProductStatus::Listed.as_str()))
                .into_query();
            let mut take = sku::Entity::update_many()
                .col_expr(
                    sku::Column::Stock,
                    Expr::col(sku::Column::Stock).sub(line.quantity),
                )
                .filter(sku::Column::Id.eq(line.sku_id))
                .filter(sku::Column::Stock.gte(line.quantity))
                .filter(sku::Column::Status.eq(SkuStatus::Active.as_str()))
                .filter(sku::Column::ProductId.in_subquery(listed));
            if at_list_price {
                take = take.filter(sku::Column::Price.eq(line.price));
            }
            let taken = take.exec_with_returning(self.0).await?;
            match taken.first() {
                None => return Err(self.why_not_taken(new, line, at_list_price).await),
                // Only a SKU that just sold out changes what listings show
                // (its product may now be out of stock).
                Some(left) if left.stock == 0 => sold_out.push(line.product_id),
                Some(_) => {}
            }
        }
        sold_out.sort_unstable();
        sold_out.dedup();
        for product in &sold_out {
            CatalogWriter(self.0).refresh_summary(*product).await?;
        }
        Ok(sold_out)
    }

    /// Why the stock of `line` could not be taken, from the SKU and its
    /// product as they are now.
    async fn why_not_taken(
        &self,
        new: &NewOrder<'_>,
        line: &CartLine,
        at_list_price: bool,
    ) -> PlaceError {
        let skus = match sku::Entity::find()
            .filter(sku::Column::Id.is_in(new.lines.iter().map(|l| l.sku_id)))
            .all(self.0)
            .await
        {
            Ok(skus) => skus,
            Err(err) => return err.into(),
        };
        let listed = match product::Entity::find_by_id(line.product_id)
            .one(self.0)
            .await
        {
            Ok(product) => product.is_some_and(|p| p.status == ProductStatus::Listed.as_str()),
            Err(err) => return err.into(),
        };
        let Some(now) = skus.iter().find(|s| s.id == line.sku_id) else {
            return PlaceError::Unavailable(line.title.clone());
        };
        if !listed || SkuStatus::from_stored(&now.status) != SkuStatus::Active {
            return PlaceError::Unavailable(line.title.clone());
        }
        if at_list_price
            && skus.iter().any(|s| {
                new.lines
                    .iter()
                    .any(|l| l.sku_id == s.id && l.price != s.price)
            })
        {
            return PlaceError::PricesMoved;
        }
        PlaceError::OnlyLeft {
            code: line.title.clone(),
            left: now.stock,
        }
    }
}

/// Order lines per insert: 12 values each stays far below SQLite's
/// 32,766 bound parameters (and PostgreSQL's 65,535).
const ITEM_ROWS_PER_INSERT: usize = 1_000;

/// What one-line orders placed together take of one SKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedTake {
    pub sku_id: i64,
    /// Of all the orders together.
    pub quantity: i64,
    /// The price every one of them was shown.
    pub price: i64,
}

/// The SKUs that one-line orders placed together can take in one
/// statement ([`OrderRepo::take_stock_together`]), in id order: each SKU
/// whose orders were all shown one price, with their quantities added.
/// Lines not on sale are left to be refused one by one.
pub fn shared_takes<'l>(lines: impl IntoIterator<Item = &'l CartLine>) -> Vec<SharedTake> {
    let mut by_sku: HashMap<i64, Option<SharedTake>> = HashMap::new();
    for line in lines.into_iter().filter(|line| line.on_sale) {
        let entry = by_sku.entry(line.sku_id).or_insert(Some(SharedTake {
            sku_id: line.sku_id,
            quantity: 0,
            price: line.price,
        }));
        *entry = entry
            .filter(|take| take.price == line.price)
            .map(|take| SharedTake {
                quantity: take.quantity + line.quantity,
                ..take
            });
    }
    let mut takes: Vec<SharedTake> = by_sku.into_values().flatten().collect();
    takes.sort_unstable_by_key(|take| take.sku_id);
    takes
}

/// Every line must still be on sale as the cart last showed it.
fn check_on_sale(new: &NewOrder<'_>) -> Result<(), PlaceError> {
    if new.lines.is_empty() {
        return Err(PlaceError::Empty);
    }
    match new.lines.iter().find(|line| !line.on_sale) {
        Some(line) => Err(PlaceError::Unavailable(line.title.clone())),
        None => Ok(()),
    }
}

/// The order's row, pending payment.
fn order_row(new: &NewOrder<'_>, origin: Origin) -> order::ActiveModel {
    let breakdown = new.quote.breakdown();
    order::ActiveModel {
        order_no: Set(new.order_no.clone()),
        member_id: Set(new.member_id),
        status: Set(OrderStatus::PendingPayment.as_str().to_owned()),
        items_total: Set(breakdown.items),
        shipping_fee: Set(breakdown.shipping),
        discount_total: Set(breakdown.discount),
        total: Set(breakdown.total),
        recipient: Set(new.ship_to.recipient.clone()),
        phone: Set(new.ship_to.phone.clone()),
        address: Set(new.ship_to.address.clone()),
        note: Set(new.note.to_owned()),
        idempotency_key: Set(new.idempotency_key.to_owned()),
        pay_by: Set(new.pay_by),
        paid_at: Set(None),
        shipped_at: Set(None),
        carrier: Set(String::new()),
        tracking_no: Set(String::new()),
        coupon_id: Set(new.quote.coupon.map(|(id, _)| id)),
        group_id: Set(origin.group()),
        shipping_method: Set(new.shipping.as_str().to_owned()),
        created_at: Set(new.now),
        updated_at: Set(new.now),
        ..Default::default()
    }
}

/// The order's lines, each with its share of the discount.
fn item_rows(
    new: &NewOrder<'_>,
    order: &order::Model,
    origin: Origin,
) -> Vec<order_item::ActiveModel> {
    new.lines
        .iter()
        .zip(&new.quote.line_discounts)
        .map(|(line, &discount)| order_item::ActiveModel {
            order_id: Set(order.id),
            sku_id: Set(line.sku_id),
            product_id: Set(line.product_id),
            sku_code: Set(line.sku_code.clone()),
            title: Set(line.title.clone()),
            variant: Set(line.variant.clone()),
            image: Set(line.image.clone()),
            unit_price: Set(line.price),
            quantity: Set(i32::try_from(line.quantity).unwrap_or(i32::MAX)),
            line_total: Set(line.total()),
            discount: Set(discount),
            flash_item_id: Set(origin.flash_item()),
            cart_item_id: Set(line.line_id),
            ..Default::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(sku_id: i64, price: i64, quantity: i64, on_sale: bool) -> CartLine {
        CartLine {
            line_id: None,
            sku_id,
            sku_code: format!("SKU-{sku_id}"),
            product_id: 1,
            category_id: 1,
            product_slug: "lamp".into(),
            title: "Lamp".into(),
            variant: String::new(),
            image: None,
            price,
            added_price: price,
            stock: 10,
            quantity,
            selected: true,
            on_sale,
        }
    }

    #[test]
    fn orders_of_one_sku_at_one_price_take_their_stock_together() {
        let lines = [
            line(7, 2_000, 1, true),
            line(3, 500, 2, true),
            line(7, 2_000, 3, true),
        ];
        assert_eq!(
            shared_takes(&lines),
            [
                SharedTake {
                    sku_id: 3,
                    quantity: 2,
                    price: 500
                },
                SharedTake {
                    sku_id: 7,
                    quantity: 4,
                    price: 2_000
                },
            ]
        );
    }

    #[test]
    fn a_sku_shown_at_two_prices_is_taken_order_by_order() {
        let lines = [
            line(7, 2_000, 1, true),
            line(7, 1_800, 1, true),
            line(7, 2_000, 1, true),
        ];
        assert_eq!(shared_takes(&lines), []);
    }

    #[test]
    fn a_line_no_longer_on_sale_is_left_out() {
        let lines = [line(7, 2_000, 1, false), line(7, 2_000, 2, true)];
        assert_eq!(
            shared_takes(&lines),
            [SharedTake {
                sku_id: 7,
                quantity: 2,
                price: 2_000
            }]
        );
    }
}
