//! Carts and their lines in the database.
//!
//! Every change names the cart it changes, found from the caller's own
//! identity (`CartOwner`), so a shopper can only ever touch their own
//! cart: there is no cart id in any request.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, InsertStatement, IntoCondition, OnConflict, Query, SelectStatement,
    UnionType,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    JoinType, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, UpdateMany,
};

use super::entity::{cart, cart_item};
use super::model::{CartLine, MAX_LINES, merged_quantity};
use crate::catalog::entity::{image, product, sku};
use crate::catalog::repo::{BuyableSku, buyable, parse_spec_key, variant_label};
use crate::catalog::spec_names::SpecValueNames;
use crate::catalog::status::{ProductStatus, SkuStatus};
use crate::db::sent_together::SentTogether;

/// Whose cart: a member's, or a guest browser's (by the SHA-256 of the
/// token in its cookie).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CartOwner {
    Member(i64),
    Guest(String),
}

pub struct CartRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> CartRepo<'_, C> {
    /// The owner's cart, if they have one.
    pub async fn find(&self, owner: &CartOwner) -> Result<Option<i64>, DbErr> {
        owner_cart(owner).into_tuple::<i64>().one(self.0).await
    }

    /// What an add of the SKU with this code needs to know, in one
    /// query: the SKU if it can be bought now, the owner's cart if they
    /// have one, how many of the SKU it holds and its units in all.
    pub async fn before_add(
        &self,
        owner: &CartOwner,
        code: &str,
    ) -> Result<Option<BeforeAdd>, DbErr> {
        let in_cart = || {
            cart_item::Entity::find()
                .select_only()
                .filter(in_owner_cart(owner))
        };
        let held = in_cart()
            .column(cart_item::Column::Quantity)
            .filter(
                Expr::col((cart_item::Entity, cart_item::Column::SkuId))
                    .equals((sku::Entity, sku::Column::Id)),
            )
            .into_query();
        let units = in_cart()
            .expr(cart_item::Column::Quantity.sum())
            .into_query();
        let row = buyable(code)
            .expr(Expr::from(owner_cart(owner).into_query()))
            .expr(Expr::from(held))
            .expr(Expr::from(units))
            .into_tuple::<(i64, i64, i64, Option<i64>, Option<i32>, Option<i64>)>()
            .one(self.0)
            .await?;
        Ok(
            row.map(|(id, price, stock, cart_id, held, units)| BeforeAdd {
                sku: BuyableSku { id, price, stock },
                cart_id,
                held: held.map_or(0, i64::from),
                units: units.unwrap_or(0),
            }),
        )
    }

    /// The owner's cart, made on first use. Two first adds at once (two
    /// tabs) end with one cart: the insert yields to a cart that another
    /// transaction made meanwhile (without aborting this one, as a failed
    /// insert would on PostgreSQL), and the lookup then finds it.
    pub async fn find_or_create(&self, owner: &CartOwner) -> Result<i64, DbErr> {
        if let Some(id) = self.find(owner).await? {
            return Ok(id);
        }
        let (member_id, guest) = match owner {
            CartOwner::Member(id) => (Some(*id), None),
            CartOwner::Guest(hash) => (None, Some(hash.clone())),
        };
        let now = Utc::now();
        cart::Entity::insert(cart::ActiveModel {
            member_id: Set(member_id),
            guest_token_hash: Set(guest),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .exec_without_returning(self.0)
        .await?;
        self.find(owner)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("the cart just made".into()))
    }

    /// Adds `adding` of the SKU: a new line, or more on the line it has.
    /// One statement, so adds racing from two tabs both count; the line
    /// never goes above `cap` whatever the race, and a cart of
    /// [`MAX_LINES`] lines takes no new one. Answers the line's quantity,
    /// or `None` when the cart was full.
    pub async fn add(&self, add: LineAdd) -> Result<Option<i64>, DbErr> {
        let added = self.touch_and_add(&[add.cart_id], &[add]).await?;
        Ok(added.get(&add.cart_id).copied())
    }

    /// [`Self::add_untouched`] after marking these carts used
    /// ([`Self::touch_all`]), both sent together.
    pub async fn touch_and_add(
        &self,
        carts: &[i64],
        adds: &[LineAdd],
    ) -> Result<HashMap<i64, i64>, DbErr> {
        let mut touching = SentTogether::new(self.0.get_database_backend());
        if !carts.is_empty() {
            touching.query(&touching_carts(carts.iter().copied()));
        }
        let Some(insert) = adding(adds)? else {
            touching.execute(self.0).await?;
            return Ok(HashMap::new());
        };
        let mut quantities = HashMap::with_capacity(adds.len());
        for row in touching.then_query(self.0, &insert).await? {
            let (cart_id, quantity): (i64, i32) = row.try_get_many_by_index()?;
            quantities.insert(cart_id, i64::from(quantity));
        }
        Ok(quantities)
    }

    /// [`Self::add`] for adds to several carts, in one statement, leaving
    /// the carts' last use for the caller to mark ([`Self::touch_all`]).
    /// Answers each cart's line quantity; a cart missing from the answer
    /// was full. On PostgreSQL two adds to one cart could each count its
    /// lines before the other's insert: mark the cart first, which locks
    /// its row until the commit.
    ///
    /// Each cart at most once: the statement counts a cart's lines as they
    /// were before it, so two new lines for one cart could together pass
    /// its limit.
    pub async fn add_untouched(&self, adds: &[LineAdd]) -> Result<HashMap<i64, i64>, DbErr> {
        self.touch_and_add(&[], adds).await
    }

    /// Sets a line's quantity; false when the cart has no such line.
    pub async fn set_quantity(
        &self,
        cart_id: i64,
        sku_id: i64,
        quantity: i64,
    ) -> Result<bool, DbErr> {
        let done = cart_item::Entity::update_many()
            .col_expr(cart_item::Column::Quantity, Expr::value(to_i32(quantity)))
            .filter(cart_item::Column::CartId.eq(cart_id))
            .filter(cart_item::Column::SkuId.eq(sku_id))
            .exec(self.0)
            .await?;
        self.touch(cart_id).await?;
        Ok(done.rows_affected > 0)
    }

    /// Ticks or unticks lines for checkout: one SKU, or all of them.
    pub async fn set_selected(
        &self,
        cart_id: i64,
        sku_id: Option<i64>,
        selected: bool,
    ) -> Result<(), DbErr> {
        let mut update = cart_item::Entity::update_many()
            .col_expr(cart_item::Column::Selected, Expr::value(selected))
            .filter(cart_item::Column::CartId.eq(cart_id));
        if let Some(sku_id) = sku_id {
            update = update.filter(cart_item::Column::SkuId.eq(sku_id));
        }
        update.exec(self.0).await?;
        self.touch(cart_id).await
    }

    pub async fn remove(&self, cart_id: i64, sku_id: i64) -> Result<(), DbErr> {
        cart_item::Entity::delete_many()
            .filter(cart_item::Column::CartId.eq(cart_id))
            .filter(cart_item::Column::SkuId.eq(sku_id))
            .exec(self.0)
            .await?;
        self.touch(cart_id).await
    }

    /// Deletes the guest carts last changed before `before`, with their
    /// lines; answers how many. Each one's cookie was set when it was made,
    /// before its last change, and lives [`super::guest::GUEST_CART_DAYS`]:
    /// past that, no browser can reach the cart any more.
    /// Deletes the member's cart and its lines (the account is closing).
    pub async fn delete_member_cart(&self, member_id: i64) -> Result<(), DbErr> {
        let Some(cart_id) = self.find(&CartOwner::Member(member_id)).await? else {
            return Ok(());
        };
        cart_item::Entity::delete_many()
            .filter(cart_item::Column::CartId.eq(cart_id))
            .exec(self.0)
            .await?;
        cart::Entity::delete_by_id(cart_id).exec(self.0).await?;
        Ok(())
    }

    pub async fn delete_guest_carts_before(&self, before: DateTime<Utc>) -> Result<u64, DbErr> {
        Ok(cart::Entity::delete_many()
            .filter(cart::Column::MemberId.is_null())
            .filter(cart::Column::UpdatedAt.lt(before))
            .exec(self.0)
            .await?
            .rows_affected)
    }

    /// Takes the lines of these SKUs out of the cart (the ordered ones).
    pub async fn remove_lines(&self, cart_id: i64, sku_ids: &[i64]) -> Result<(), DbErr> {
        self.remove_lines_of(&[(cart_id, sku_ids.to_vec())]).await
    }

    /// Takes lines out of several carts (of orders placed together): two
    /// statements whatever their number.
    pub async fn remove_lines_of(&self, lines: &[(i64, Vec<i64>)]) -> Result<(), DbErr> {
        self.removing_lines_of(lines).execute(self.0).await
    }

    /// The writes of [`Self::remove_lines_of`], to send with others.
    pub fn removing_lines_of(&self, lines: &[(i64, Vec<i64>)]) -> SentTogether {
        let mut writes = SentTogether::new(self.0.get_database_backend());
        if lines.is_empty() {
            return writes;
        }
        let ordered = lines
            .iter()
            .fold(Condition::any(), |any, (cart_id, sku_ids)| {
                any.add(
                    Condition::all()
                        .add(cart_item::Column::CartId.eq(*cart_id))
                        .add(cart_item::Column::SkuId.is_in(sku_ids.iter().copied())),
                )
            });
        writes
            .query(&cart_item::Entity::delete_many().filter(ordered))
            .query(&touching_carts(lines.iter().map(|(cart_id, _)| *cart_id)));
        writes
    }

    /// Units in the owner's cart (0 without one), for the header's badge,
    /// counted on every page a member or a guest with a cart opens: one
    /// query.
    pub async fn units_of(&self, owner: &CartOwner) -> Result<i64, DbErr> {
        Ok(cart_item::Entity::find()
            .select_only()
            .column_as(cart_item::Column::Quantity.sum(), "units")
            .filter(in_owner_cart(owner))
            .into_tuple::<Option<i64>>()
            .one(self.0)
            .await?
            .flatten()
            .unwrap_or(0))
    }

    /// The cart's lines with today's price, stock and names, most recently
    /// added first: one query whatever the size of the cart, and one for
    /// the variants' names when a line has variants.
    pub async fn lines(&self, cart_id: i64) -> Result<Vec<CartLine>, DbErr> {
        let (_, lines) = self
            .lines_where(
                cart_item::Column::CartId.eq(cart_id),
                &SpecValueNames::read_each_time(),
            )
            .await?;
        Ok(lines)
    }

    /// The lines of the owner's cart, as [`Self::lines`], with the cart's
    /// id when it has any: a query fewer than finding the cart first.
    pub async fn lines_of(&self, owner: &CartOwner) -> Result<(Option<i64>, Vec<CartLine>), DbErr> {
        self.lines_where(in_owner_cart(owner), &SpecValueNames::read_each_time())
            .await
    }

    /// [`Self::lines_of`], with the variants' names from `names` (one
    /// query fewer once they are known), as checkout reads them.
    pub async fn lines_of_named(
        &self,
        owner: &CartOwner,
        names: &SpecValueNames,
    ) -> Result<(Option<i64>, Vec<CartLine>), DbErr> {
        self.lines_where(in_owner_cart(owner), names).await
    }

    async fn lines_where(
        &self,
        which: Expr,
        names: &SpecValueNames,
    ) -> Result<(Option<i64>, Vec<CartLine>), DbErr> {
        let in_cart = cart_item::Entity::belongs_to(sku::Entity)
            .from(cart_item::Column::SkuId)
            .to(sku::Column::Id);
        let held: Vec<HeldSku> = described_skus()
            .column_as(cart_item::Column::Id, "line_id")
            .column_as(cart_item::Column::CartId, "cart_id")
            .column_as(cart_item::Column::Quantity, "quantity")
            .column_as(cart_item::Column::Selected, "selected")
            .column_as(cart_item::Column::AddedPrice, "added_price")
            .join_rev(JoinType::InnerJoin, in_cart.into())
            .filter(which)
            .order_by_desc(cart_item::Column::AddedAt)
            .order_by_desc(cart_item::Column::Id)
            .into_model()
            .all(self.0)
            .await?;
        let Some(cart_id) = held.first().map(|line| line.cart_id) else {
            return Ok((None, Vec::new()));
        };
        let names = self
            .variant_names(held.iter().map(|line| &line.sku), names)
            .await?;
        let lines = held
            .into_iter()
            .map(|line| CartLine {
                line_id: Some(line.line_id),
                added_price: line.added_price,
                quantity: i64::from(line.quantity),
                selected: line.selected,
                ..line.sku.into_line(&names)
            })
            .collect();
        Ok((Some(cart_id), lines))
    }

    /// Lines of one unit for the SKUs, at today's price, as a cart would
    /// hold them; SKUs that do not exist are left out. One query with its
    /// product and first picture, and one for the variants' names when
    /// any SKU has variants.
    pub async fn describe(
        &self,
        sku_ids: impl IntoIterator<Item = i64>,
    ) -> Result<HashMap<i64, CartLine>, DbErr> {
        let skus: Vec<DescribedSku> = described_skus()
            .filter(sku::Column::Id.is_in(sku_ids))
            .into_model()
            .all(self.0)
            .await?;
        let names = self
            .variant_names(&skus, &SpecValueNames::read_each_time())
            .await?;
        Ok(skus
            .into_iter()
            .map(|sku| (sku.id, sku.into_line(&names)))
            .collect())
    }

    /// The names of the spec values of these SKUs' variants, by id, from
    /// `known`; no query when none has variants.
    async fn variant_names(
        &self,
        skus: impl IntoIterator<Item = &DescribedSku>,
        known: &SpecValueNames,
    ) -> Result<HashMap<i64, String>, DbErr> {
        // Collected first: a borrowing iterator held across the await
        // would make the server functions' futures not `Send`.
        let value_ids: Vec<i64> = skus
            .into_iter()
            .flat_map(|sku| parse_spec_key(&sku.spec_key))
            .collect();
        known.of(self.0, value_ids).await
    }

    /// Moves a guest's cart into the member's at login, then deletes it.
    /// A SKU in both ends with both quantities added, within stock (a line
    /// only the guest had keeps its quantity, within stock too); the
    /// member's cart takes at most [`MAX_LINES`] lines. Run it in a write
    /// transaction, so the cart is merged whole or not at all.
    pub async fn merge_into_member(&self, guest_hash: &str, member_id: i64) -> Result<(), DbErr> {
        let Some(guest_cart) = self.find(&CartOwner::Guest(guest_hash.to_owned())).await? else {
            return Ok(());
        };
        let guest_items = cart_item::Entity::find()
            .filter(cart_item::Column::CartId.eq(guest_cart))
            .order_by_asc(cart_item::Column::AddedAt)
            .all(self.0)
            .await?;
        if !guest_items.is_empty() {
            let member_cart = self.find_or_create(&CartOwner::Member(member_id)).await?;
            let mine: HashMap<i64, cart_item::Model> = cart_item::Entity::find()
                .filter(cart_item::Column::CartId.eq(member_cart))
                .all(self.0)
                .await?
                .into_iter()
                .map(|i| (i.sku_id, i))
                .collect();
            let stock: HashMap<i64, i64> = sku::Entity::find()
                .select_only()
                .columns([sku::Column::Id, sku::Column::Stock])
                .filter(sku::Column::Id.is_in(guest_items.iter().map(|i| i.sku_id)))
                .into_tuple::<(i64, i64)>()
                .all(self.0)
                .await?
                .into_iter()
                .collect();
            let mut lines = mine.len();
            for item in guest_items {
                let stock = stock.get(&item.sku_id).copied().unwrap_or(0);
                if let Some(line) = mine.get(&item.sku_id) {
                    let quantity =
                        merged_quantity(i64::from(line.quantity), i64::from(item.quantity), stock);
                    self.set_quantity(member_cart, item.sku_id, quantity)
                        .await?;
                } else if lines < MAX_LINES {
                    // The guest's line, moved, within what is left now.
                    let quantity = merged_quantity(0, i64::from(item.quantity), stock);
                    cart_item::Entity::update_many()
                        .col_expr(cart_item::Column::CartId, Expr::value(member_cart))
                        .col_expr(cart_item::Column::Quantity, Expr::value(to_i32(quantity)))
                        .filter(cart_item::Column::Id.eq(item.id))
                        .exec(self.0)
                        .await?;
                    lines += 1;
                }
            }
            self.touch(member_cart).await?;
        }
        cart::Entity::delete_by_id(guest_cart).exec(self.0).await?;
        Ok(())
    }

    async fn touch(&self, cart_id: i64) -> Result<(), DbErr> {
        self.touch_all([cart_id]).await
    }

    /// Marks the carts as used now (guest carts unused for long are
    /// deleted): one statement for all of them.
    pub async fn touch_all(&self, cart_ids: impl IntoIterator<Item = i64>) -> Result<(), DbErr> {
        touching_carts(cart_ids).exec(self.0).await?;
        Ok(())
    }
}

/// Marks the carts used now, which keeps a guest's cart from being swept.
fn touching_carts(cart_ids: impl IntoIterator<Item = i64>) -> UpdateMany<cart::Entity> {
    cart::Entity::update_many()
        .col_expr(cart::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(cart::Column::Id.is_in(cart_ids))
}

/// The upsert of [`CartRepo::add_untouched`]: `None` for no adds.
fn adding(adds: &[LineAdd]) -> Result<Option<InsertStatement>, DbErr> {
    let mut carts: Vec<i64> = adds.iter().map(|add| add.cart_id).collect();
    carts.sort_unstable();
    carts.dedup();
    if carts.len() != adds.len() {
        return Err(DbErr::Custom("one statement adds to a cart once".into()));
    }
    let mut rows = adds.iter().map(added_row);
    let Some(mut rows_of_all) = rows.next() else {
        return Ok(None);
    };
    for row in rows {
        rows_of_all.union(UnionType::All, row);
    }
    // Each cart's own cap, found by the cart (one add each).
    let (first, rest) = adds.split_first().expect("not empty");
    let of_cart = |add: &LineAdd| {
        Expr::col((Alias::new("excluded"), cart_item::Column::CartId)).eq(add.cart_id)
    };
    let cap: Expr = rest
        .iter()
        .fold(Expr::case(of_cart(first), first.cap), |case, add| {
            case.case(of_cart(add), add.cap)
        })
        .finally(Expr::val(0))
        .into();
    let quantity = Expr::col((cart_item::Entity, cart_item::Column::Quantity));
    let excluded = Expr::col((Alias::new("excluded"), cart_item::Column::Quantity));
    let sum = quantity.add(excluded);
    let capped = Expr::case(sum.clone().gt(cap.clone()), cap).finally(sum);
    let insert = Query::insert()
        .into_table(cart_item::Entity)
        .columns([
            cart_item::Column::CartId,
            cart_item::Column::SkuId,
            cart_item::Column::Quantity,
            cart_item::Column::Selected,
            cart_item::Column::AddedPrice,
            cart_item::Column::AddedAt,
        ])
        .select_from(rows_of_all)
        .map_err(|err| DbErr::Custom(err.to_string()))?
        .on_conflict(
            OnConflict::columns([cart_item::Column::CartId, cart_item::Column::SkuId])
                .value(cart_item::Column::Quantity, capped)
                .value(cart_item::Column::Selected, true)
                .to_owned(),
        )
        .returning(
            Query::returning().columns([cart_item::Column::CartId, cart_item::Column::Quantity]),
        )
        .to_owned();
    Ok(Some(insert))
}

/// `adding` of a SKU for a cart line, at most `cap` in the line.
#[derive(Debug, Clone, Copy)]
pub struct LineAdd {
    pub cart_id: i64,
    pub sku_id: i64,
    pub adding: i64,
    /// The SKU's price now, which the line remembers if it is new.
    pub price: i64,
    pub cap: i64,
}

/// The line an add inserts, as a row to select: none when it would be a
/// new line of a full cart.
fn added_row(add: &LineAdd) -> SelectStatement {
    let of_cart = || {
        cart_item::Entity::find()
            .select_only()
            .filter(cart_item::Column::CartId.eq(add.cart_id))
    };
    let lines = of_cart()
        .expr(Expr::col(cart_item::Column::Id).count())
        .into_query();
    let has_line = of_cart()
        .column(cart_item::Column::Id)
        .filter(cart_item::Column::SkuId.eq(add.sku_id))
        .into_query();
    let room = Expr::from(lines)
        .lt(MAX_LINES as i64)
        .or(Expr::exists(has_line));
    Query::select()
        .exprs([
            Expr::val(add.cart_id),
            Expr::val(add.sku_id),
            Expr::val(to_i32(add.adding)),
            Expr::val(true),
            Expr::val(add.price),
            Expr::val(Utc::now()),
        ])
        .and_where(room)
        .to_owned()
}

/// What [`CartRepo::before_add`] reads.
#[derive(Debug, Clone, Copy)]
pub struct BeforeAdd {
    pub sku: BuyableSku,
    pub cart_id: Option<i64>,
    /// Of this SKU, already in the cart.
    pub held: i64,
    /// Of every SKU, in the cart.
    pub units: i64,
}

/// A SKU with what a cart line shows of its product.
#[derive(FromQueryResult)]
struct DescribedSku {
    id: i64,
    product_id: i64,
    code: String,
    spec_key: String,
    price: i64,
    stock: i64,
    status: String,
    slug: String,
    title: String,
    product_status: String,
    category_id: i64,
    /// Its product's first picture, if it has one.
    image: Option<String>,
}

impl DescribedSku {
    /// As a line of one unit added at today's price.
    fn into_line(self, variant_names: &HashMap<i64, String>) -> CartLine {
        CartLine {
            line_id: None,
            sku_id: self.id,
            variant: variant_label(&self.spec_key, variant_names),
            product_id: self.product_id,
            category_id: self.category_id,
            product_slug: self.slug,
            title: self.title,
            image: self.image,
            price: self.price,
            added_price: self.price,
            stock: self.stock,
            quantity: 1,
            selected: true,
            on_sale: self.product_status == ProductStatus::Listed.as_str()
                && SkuStatus::from_stored(&self.status) == SkuStatus::Active,
            sku_code: self.code,
        }
    }
}

/// A SKU as a cart holds it.
#[derive(FromQueryResult)]
struct HeldSku {
    #[sea_orm(nested)]
    sku: DescribedSku,
    line_id: i64,
    cart_id: i64,
    quantity: i32,
    selected: bool,
    added_price: i64,
}

/// SKUs with their product and its first picture, as [`DescribedSku`]s.
fn described_skus() -> Select<sku::Entity> {
    let of_product = sku::Entity::belongs_to(product::Entity)
        .from(sku::Column::ProductId)
        .to(product::Column::Id);
    let first_image = image::Entity::belongs_to(product::Entity)
        .from(image::Column::ProductId)
        .to(product::Column::Id)
        .on_condition(|images, _| {
            Expr::col((images, image::Column::Position))
                .eq(0)
                .into_condition()
        });
    sku::Entity::find()
        .select_only()
        .columns([
            sku::Column::Id,
            sku::Column::ProductId,
            sku::Column::Code,
            sku::Column::SpecKey,
            sku::Column::Price,
            sku::Column::Stock,
            sku::Column::Status,
        ])
        .column_as(product::Column::Slug, "slug")
        .column_as(product::Column::Title, "title")
        .column_as(product::Column::Status, "product_status")
        .column_as(product::Column::CategoryId, "category_id")
        .column_as(image::Column::Path, "image")
        .join(JoinType::InnerJoin, of_product.into())
        .join_rev(JoinType::LeftJoin, first_image.into())
}

/// The owner's cart's id, as a query to build on.
fn owner_cart(owner: &CartOwner) -> Select<cart::Entity> {
    let select = cart::Entity::find().select_only().column(cart::Column::Id);
    match owner {
        CartOwner::Member(id) => select.filter(cart::Column::MemberId.eq(*id)),
        CartOwner::Guest(hash) => select.filter(cart::Column::GuestTokenHash.eq(hash.as_str())),
    }
}

/// Cart lines of the owner's cart, as a condition.
fn in_owner_cart(owner: &CartOwner) -> Expr {
    cart_item::Column::CartId.in_subquery(owner_cart(owner).into_query())
}

/// Quantities are checked against [`super::model::MAX_LINE_QUANTITY`]
/// before they get here; the column is a 32-bit integer.
fn to_i32(quantity: i64) -> i32 {
    i32::try_from(quantity).unwrap_or(i32::MAX)
}
