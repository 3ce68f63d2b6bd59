//! Reading the catalog: listings with facets and product pages. Every page
//! is a fixed number of queries, whatever the number of products on it.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select,
};

use super::entity::{attribute, brand, category, image, product, review, sku, spec, spec_value};
use super::model::{
    FacetValue, Facets, Listing, ListingQuery, PAGE_SIZE, ProductCard, Rating, Sort, SpecFacet,
};
use super::product::{Image, ProductDetail, Review, Sku, Spec, SpecValue};
use super::status::{ProductStatus, SkuStatus};
use super::taxonomy::Taxonomy;

/// Related products shown under a product.
const RELATED: u64 = 8;
/// Reviews shown on a product page, newest first.
const REVIEWS_SHOWN: u64 = 10;
/// Values shown per spec facet, the most common first.
const SPEC_VALUES_SHOWN: usize = 12;

/// Which products a listing is drawn from before its filters apply.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A category with everything below it.
    Categories(Vec<i64>),
    /// The products a search matched.
    Products(Vec<i64>),
    All,
}

#[derive(Debug, FromQueryResult)]
struct CardRow {
    id: i64,
    slug: String,
    title: String,
    price_min: i64,
    in_stock: bool,
    sales_count: i64,
    rating_sum: i64,
    review_count: i32,
}

pub struct CatalogRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> CatalogRepo<'_, C> {
    /// The names of these spec values, by id (see
    /// [`super::spec_names::SpecValueNames`], which keeps them).
    pub async fn spec_value_names(&self, ids: Vec<i64>) -> Result<Vec<(i64, String)>, DbErr> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        spec_value::Entity::find()
            .select_only()
            .columns([spec_value::Column::Id, spec_value::Column::Value])
            .filter(spec_value::Column::Id.is_in(ids))
            .into_tuple()
            .all(self.0)
            .await
    }

    pub async fn taxonomy(&self) -> Result<Taxonomy, DbErr> {
        let categories = category::Entity::find().all(self.0).await?;
        let brands = brand::Entity::find()
            .order_by_asc(brand::Column::Name)
            .all(self.0)
            .await?;
        Ok(Taxonomy::new(categories, brands))
    }

    /// One page of a listing and the facets to narrow it.
    pub async fn listing(
        &self,
        taxonomy: &Taxonomy,
        scope: &Scope,
        query: &ListingQuery,
    ) -> Result<Listing, DbErr> {
        let filters = Filters::new(taxonomy, scope, query);
        let everything = filters.condition(Skip::Nothing);

        let total = product::Entity::find()
            .filter(everything.clone())
            .count(self.0)
            .await?;
        let offset = u64::from(query.page) * u64::from(PAGE_SIZE);
        let rows = match (scope, query.sort) {
            (Scope::Products(ranked), Sort::Relevance) => {
                self.ranked_page(ranked, everything, offset).await?
            }
            _ => {
                let mut select = product::Entity::find().filter(everything);
                for (column, order) in sort_order(query.sort) {
                    select = select.order_by(column, order);
                }
                select
                    .select_only()
                    .columns(card_columns())
                    .offset(offset)
                    .limit(u64::from(PAGE_SIZE))
                    .into_model::<CardRow>()
                    .all(self.0)
                    .await?
            }
        };
        let products = self.cards(rows).await?;

        let facets = Facets {
            brands: self.brand_facet(taxonomy, &filters, query).await?,
            specs: self.spec_facets(&filters, query).await?,
            in_stock: product::Entity::find()
                .filter(filters.condition(Skip::InStock))
                .filter(product::Column::InStock.eq(true))
                .count(self.0)
                .await?,
        };
        Ok(Listing {
            products,
            total,
            facets,
        })
    }

    /// A page of search results in the engine's order, which SQL knows
    /// nothing of: the filters decide which ranked products remain, the
    /// ranking decides their order.
    async fn ranked_page(
        &self,
        ranked: &[i64],
        filters: Condition,
        offset: u64,
    ) -> Result<Vec<CardRow>, DbErr> {
        let matching: HashSet<i64> = product::Entity::find()
            .select_only()
            .column(product::Column::Id)
            .filter(filters)
            .into_tuple::<i64>()
            .all(self.0)
            .await?
            .into_iter()
            .collect();
        let page: Vec<i64> = ranked
            .iter()
            .copied()
            .filter(|id| matching.contains(id))
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(PAGE_SIZE as usize)
            .collect();
        if page.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows = product::Entity::find()
            .filter(product::Column::Id.is_in(page.iter().copied()))
            .select_only()
            .columns(card_columns())
            .into_model::<CardRow>()
            .all(self.0)
            .await?;
        let rank: HashMap<i64, usize> = page.iter().enumerate().map(|(at, id)| (*id, at)).collect();
        rows.sort_by_key(|row| rank.get(&row.id).copied().unwrap_or(usize::MAX));
        Ok(rows)
    }

    async fn brand_facet(
        &self,
        taxonomy: &Taxonomy,
        filters: &Filters,
        query: &ListingQuery,
    ) -> Result<Vec<FacetValue>, DbErr> {
        let counts: Vec<(i64, i64)> = product::Entity::find()
            .select_only()
            .column(product::Column::BrandId)
            .column_as(product::Column::Id.count(), "n")
            .filter(filters.condition(Skip::Brands))
            .filter(product::Column::BrandId.is_not_null())
            .group_by(product::Column::BrandId)
            .into_tuple()
            .all(self.0)
            .await?;
        let mut values: Vec<FacetValue> = counts
            .into_iter()
            .filter_map(|(id, count)| {
                let brand = taxonomy.brand(id)?;
                Some(FacetValue {
                    selected: query.brands.contains(&brand.slug),
                    value: brand.slug.clone(),
                    label: brand.name.clone(),
                    count: count.unsigned_abs(),
                })
            })
            .collect();
        values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        Ok(values)
    }

    async fn spec_facets(
        &self,
        filters: &Filters,
        query: &ListingQuery,
    ) -> Result<Vec<SpecFacet>, DbErr> {
        let stmt = Query::select()
            .expr(Expr::col((spec::Entity, spec::Column::Name)))
            .expr(Expr::col((spec_value::Entity, spec_value::Column::Value)))
            .expr(Expr::col((spec_value::Entity, spec_value::Column::ProductId)).count_distinct())
            .from(spec_value::Entity)
            .inner_join(
                spec::Entity,
                Expr::col((spec::Entity, spec::Column::Id))
                    .equals((spec_value::Entity, spec_value::Column::SpecId)),
            )
            .inner_join(
                product::Entity,
                Expr::col((product::Entity, product::Column::Id))
                    .equals((spec_value::Entity, spec_value::Column::ProductId)),
            )
            .cond_where(filters.condition(Skip::Specs))
            .group_by_col((spec::Entity, spec::Column::Name))
            .group_by_col((spec_value::Entity, spec_value::Column::Value))
            .to_owned();
        let mut by_name: Vec<SpecFacet> = Vec::new();
        for row in self.0.query_all(&stmt).await? {
            let name: String = row.try_get_by_index(0)?;
            let value: String = row.try_get_by_index(1)?;
            let count: i64 = row.try_get_by_index(2)?;
            let selected = query.specs.iter().any(|(n, v)| *n == name && *v == value);
            let facet_value = FacetValue {
                label: value.clone(),
                value,
                count: count.unsigned_abs(),
                selected,
            };
            match by_name.iter_mut().find(|f| f.name == name) {
                Some(facet) => facet.values.push(facet_value),
                None => by_name.push(SpecFacet {
                    name,
                    values: vec![facet_value],
                }),
            }
        }
        for facet in &mut by_name {
            facet
                .values
                .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
            // Keep what is selected even when it is not among the most common.
            let mut at = 0;
            facet.values.retain(|v| {
                at += 1;
                at <= SPEC_VALUES_SHOWN || v.selected
            });
        }
        // A spec only a handful of products have is noise in a facet list.
        by_name.sort_by(|a, b| {
            let total = |f: &SpecFacet| f.values.iter().map(|v| v.count).sum::<u64>();
            total(b).cmp(&total(a)).then_with(|| a.name.cmp(&b.name))
        });
        by_name.truncate(6);
        Ok(by_name)
    }

    /// The picture each product shows first (on cards, in carts), by
    /// product id: one query.
    pub async fn first_images(&self, ids: Vec<i64>) -> Result<HashMap<i64, String>, DbErr> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(image::Entity::find()
            .select_only()
            .columns([image::Column::ProductId, image::Column::Path])
            .filter(image::Column::ProductId.is_in(ids))
            .filter(image::Column::Position.eq(0))
            .into_tuple::<(i64, String)>()
            .all(self.0)
            .await?
            .into_iter()
            .collect())
    }

    /// Cards with their first image, in the order given: two queries in all.
    async fn cards(&self, rows: Vec<CardRow>) -> Result<Vec<ProductCard>, DbErr> {
        let images = self
            .first_images(rows.iter().map(|r| r.id).collect())
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| ProductCard {
                image: images.get(&row.id).cloned(),
                id: row.id,
                slug: row.slug,
                title: row.title,
                price: row.price_min,
                in_stock: row.in_stock,
                sales_count: row.sales_count,
                rating: Rating {
                    sum: row.rating_sum,
                    count: row.review_count,
                },
            })
            .collect())
    }

    /// Listed products, ordered, for the home page's shelves.
    pub async fn shelf(&self, sort: Sort, limit: u64) -> Result<Vec<ProductCard>, DbErr> {
        let mut select = product::Entity::find()
            .filter(product::Column::Status.eq(ProductStatus::Listed.as_str()));
        for (column, order) in sort_order(sort) {
            select = select.order_by(column, order);
        }
        let rows = select
            .select_only()
            .columns(card_columns())
            .limit(limit)
            .into_model::<CardRow>()
            .all(self.0)
            .await?;
        self.cards(rows).await
    }

    /// Listed products by id, in the order given (recently viewed, favourites).
    pub async fn cards_by_ids(&self, ids: &[i64]) -> Result<Vec<ProductCard>, DbErr> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = product::Entity::find()
            .filter(product::Column::Id.is_in(ids.iter().copied()))
            .filter(product::Column::Status.eq(ProductStatus::Listed.as_str()))
            .select_only()
            .columns(card_columns())
            .into_model::<CardRow>()
            .all(self.0)
            .await?;
        let mut cards = self.cards(rows).await?;
        let rank: HashMap<i64, usize> = ids.iter().enumerate().map(|(at, id)| (*id, at)).collect();
        cards.sort_by_key(|c| rank.get(&c.id).copied().unwrap_or(usize::MAX));
        Ok(cards)
    }

    /// A listed product with everything its page shows.
    pub async fn product_page(
        &self,
        taxonomy: &Taxonomy,
        slug: &str,
    ) -> Result<Option<ProductDetail>, DbErr> {
        let Some(row) = product::Entity::find()
            .filter(product::Column::Slug.eq(slug))
            .filter(product::Column::Status.eq(ProductStatus::Listed.as_str()))
            .one(self.0)
            .await?
        else {
            return Ok(None);
        };
        let id = row.id;

        let images = image::Entity::find()
            .filter(image::Column::ProductId.eq(id))
            .order_by_asc(image::Column::Position)
            .all(self.0)
            .await?;
        let attributes = attribute::Entity::find()
            .filter(attribute::Column::ProductId.eq(id))
            .order_by_asc(attribute::Column::Position)
            .all(self.0)
            .await?;
        let specs = spec::Entity::find()
            .filter(spec::Column::ProductId.eq(id))
            .order_by_asc(spec::Column::Position)
            .all(self.0)
            .await?;
        let values = spec_value::Entity::find()
            .filter(spec_value::Column::ProductId.eq(id))
            .order_by_asc(spec_value::Column::Position)
            .all(self.0)
            .await?;
        let skus = sku::Entity::find()
            .filter(sku::Column::ProductId.eq(id))
            .filter(sku::Column::Status.eq(SkuStatus::Active.as_str()))
            .order_by_asc(sku::Column::Id)
            .all(self.0)
            .await?;
        let reviews = review::Entity::find()
            .filter(review::Column::ProductId.eq(id))
            .filter(review::Column::Hidden.eq(false))
            .order_by_desc(review::Column::CreatedAt)
            .limit(REVIEWS_SHOWN)
            .all(self.0)
            .await?;
        let by_rating: Vec<(i16, i64)> = review::Entity::find()
            .select_only()
            .column(review::Column::Rating)
            .column_as(review::Column::Id.count(), "n")
            .filter(review::Column::ProductId.eq(id))
            .filter(review::Column::Hidden.eq(false))
            .group_by(review::Column::Rating)
            .into_tuple()
            .all(self.0)
            .await?;
        let related = self.related(&row).await?;

        let mut distribution = [0u32; 5];
        for (rating, count) in by_rating {
            if let Some(slot) = usize::try_from(rating - 1)
                .ok()
                .and_then(|i| distribution.get_mut(i))
            {
                *slot = u32::try_from(count).unwrap_or(u32::MAX);
            }
        }
        let specs: Vec<Spec> = specs
            .into_iter()
            .map(|s| Spec {
                values: values
                    .iter()
                    .filter(|v| v.spec_id == s.id)
                    .map(|v| SpecValue {
                        id: v.id,
                        value: v.value.clone(),
                    })
                    .collect(),
                name: s.name,
            })
            .collect();
        Ok(Some(ProductDetail {
            id,
            description_html: super::markdown::to_safe_html(&row.description),
            brand: row
                .brand_id
                .and_then(|b| taxonomy.brand(b))
                .map(|b| b.name.clone()),
            breadcrumbs: taxonomy.path(row.category_id),
            images: images
                .into_iter()
                .map(|i| Image {
                    path: i.path,
                    alt: i.alt,
                })
                .collect(),
            attributes: attributes.into_iter().map(|a| (a.name, a.value)).collect(),
            specs,
            skus: skus
                .into_iter()
                .map(|s| Sku {
                    values: parse_spec_key(&s.spec_key),
                    id: s.id,
                    code: s.code,
                    price: s.price,
                    original_price: s.original_price,
                    stock: s.stock,
                })
                .collect(),
            sales_count: row.sales_count,
            rating: Rating {
                sum: row.rating_sum,
                count: row.review_count,
            },
            distribution,
            reviews: reviews
                .into_iter()
                .map(|r| Review {
                    author: r.author_name,
                    rating: u8::try_from(r.rating).unwrap_or(0),
                    body: r.body,
                    date: r.created_at.format("%Y-%m-%d").to_string(),
                })
                .collect(),
            related,
            json_ld: String::new(),
            slug: row.slug,
            title: row.title,
            subtitle: row.subtitle,
        }))
    }

    /// Best sellers of the same category, then of the same brand.
    async fn related(&self, row: &product::Model) -> Result<Vec<ProductCard>, DbErr> {
        let mut same = Condition::any().add(product::Column::CategoryId.eq(row.category_id));
        if let Some(brand) = row.brand_id {
            same = same.add(product::Column::BrandId.eq(brand));
        }
        let rows = product::Entity::find()
            .filter(product::Column::Status.eq(ProductStatus::Listed.as_str()))
            .filter(product::Column::Id.ne(row.id))
            .filter(same)
            .order_by_desc(Expr::col(product::Column::CategoryId).eq(row.category_id))
            .order_by_desc(product::Column::SalesCount)
            .order_by_desc(product::Column::Id)
            .select_only()
            .columns(card_columns())
            .limit(RELATED)
            .into_model::<CardRow>()
            .all(self.0)
            .await?;
        self.cards(rows).await
    }

    /// The SKU with this code, if it can be bought now: active, of a
    /// listed product. Its price and stock are today's.
    pub async fn buyable_sku(&self, code: &str) -> Result<Option<BuyableSku>, DbErr> {
        Ok(buyable(code)
            .into_tuple::<(i64, i64, i64)>()
            .one(self.0)
            .await?
            .map(|(id, price, stock)| BuyableSku { id, price, stock }))
    }

    /// Slugs of every listed product, for the sitemap.
    pub async fn listed_slugs(&self) -> Result<Vec<String>, DbErr> {
        product::Entity::find()
            .select_only()
            .column(product::Column::Slug)
            .filter(product::Column::Status.eq(ProductStatus::Listed.as_str()))
            .order_by_asc(product::Column::Id)
            .into_tuple()
            .all(self.0)
            .await
    }
}

/// The id, price and stock of the SKU with this code when it can be
/// bought now (active, of a listed product), as a query to build on: an
/// add to cart reads its cart beside it.
pub fn buyable(code: &str) -> Select<sku::Entity> {
    let listed = product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .filter(
            Expr::col((product::Entity, product::Column::Id))
                .equals((sku::Entity, sku::Column::ProductId)),
        )
        .filter(product::Column::Status.eq(ProductStatus::Listed.as_str()))
        .into_query();
    sku::Entity::find()
        .select_only()
        .columns([sku::Column::Id, sku::Column::Price, sku::Column::Stock])
        .filter(sku::Column::Code.eq(code))
        .filter(sku::Column::Status.eq(SkuStatus::Active.as_str()))
        .filter(Expr::exists(listed))
}

fn card_columns() -> [product::Column; 8] {
    [
        product::Column::Id,
        product::Column::Slug,
        product::Column::Title,
        product::Column::PriceMin,
        product::Column::InStock,
        product::Column::SalesCount,
        product::Column::RatingSum,
        product::Column::ReviewCount,
    ]
}

/// The id at the end of every order makes pages stable: a product never
/// shows on two pages, or none, when many share a price.
fn sort_order(sort: Sort) -> [(product::Column, Order); 2] {
    match sort {
        Sort::Relevance | Sort::BestSelling => [
            (product::Column::SalesCount, Order::Desc),
            (product::Column::Id, Order::Desc),
        ],
        Sort::PriceAsc => [
            (product::Column::PriceMin, Order::Asc),
            (product::Column::Id, Order::Asc),
        ],
        Sort::PriceDesc => [
            (product::Column::PriceMin, Order::Desc),
            (product::Column::Id, Order::Desc),
        ],
        Sort::Newest => [
            (product::Column::ListedAt, Order::Desc),
            (product::Column::Id, Order::Desc),
        ],
    }
}

/// A SKU's spec key (`"12-35"`) as value ids.
pub fn parse_spec_key(key: &str) -> Vec<i64> {
    key.split('-').filter_map(|id| id.parse().ok()).collect()
}

/// A SKU a shopper can put in a cart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuyableSku {
    pub id: i64,
    pub price: i64,
    pub stock: i64,
}

/// "Black / 128GB" from a spec key and the values' names.
pub fn variant_label(spec_key: &str, values: &HashMap<i64, String>) -> String {
    parse_spec_key(spec_key)
        .iter()
        .filter_map(|v| values.get(v).cloned())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The spec key of a combination of value ids, in spec order.
pub fn spec_key(values: &[i64]) -> String {
    values
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join("-")
}

/// Which filter a facet count leaves out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Skip {
    Nothing,
    Brands,
    Specs,
    InStock,
}

/// A listing's scope and filters, as SQL conditions on `products`.
struct Filters {
    scope: Condition,
    brands: Option<Condition>,
    specs: Vec<SelectStatement>,
    price: Condition,
    in_stock: bool,
}

impl Filters {
    fn new(taxonomy: &Taxonomy, scope: &Scope, query: &ListingQuery) -> Self {
        let mut base =
            Condition::all().add(product::Column::Status.eq(ProductStatus::Listed.as_str()));
        match scope {
            Scope::Categories(ids) => {
                base = base.add(product::Column::CategoryId.is_in(ids.clone()))
            }
            Scope::Products(ids) => base = base.add(product::Column::Id.is_in(ids.clone())),
            Scope::All => {}
        }
        let brands = (!query.brands.is_empty()).then(|| {
            // Unknown slugs match nothing rather than being ignored: the
            // shopper asked for that brand, not for every brand.
            let ids: Vec<i64> = query
                .brands
                .iter()
                .filter_map(|slug| taxonomy.brand_by_slug(slug).map(|b| b.id))
                .collect();
            Condition::all().add(product::Column::BrandId.is_in(ids))
        });

        let mut by_name: Vec<(&str, Vec<&str>)> = Vec::new();
        for (name, value) in &query.specs {
            match by_name.iter_mut().find(|(n, _)| n == name) {
                Some((_, values)) => values.push(value),
                None => by_name.push((name, vec![value])),
            }
        }
        let specs = by_name
            .into_iter()
            .map(|(name, values)| {
                Query::select()
                    .column((spec_value::Entity, spec_value::Column::ProductId))
                    .from(spec_value::Entity)
                    .inner_join(
                        spec::Entity,
                        Expr::col((spec::Entity, spec::Column::Id))
                            .equals((spec_value::Entity, spec_value::Column::SpecId)),
                    )
                    .and_where(Expr::col((spec::Entity, spec::Column::Name)).eq(name))
                    .and_where(
                        Expr::col((spec_value::Entity, spec_value::Column::Value))
                            .is_in(values.into_iter().map(str::to_owned)),
                    )
                    .to_owned()
            })
            .collect();

        let (min, max) = query.price_range_minor();
        let mut price = Condition::all();
        if let Some(min) = min {
            price = price.add(product::Column::PriceMin.gte(min));
        }
        if let Some(max) = max {
            price = price.add(product::Column::PriceMin.lte(max));
        }
        Self {
            scope: base,
            brands,
            specs,
            price,
            in_stock: query.in_stock,
        }
    }

    fn condition(&self, skip: Skip) -> Condition {
        let mut cond = self.scope.clone().add(self.price.clone());
        if skip != Skip::Brands
            && let Some(brands) = &self.brands
        {
            cond = cond.add(brands.clone());
        }
        if skip != Skip::Specs {
            for sub in &self.specs {
                cond = cond.add(product::Column::Id.in_subquery(sub.clone()));
            }
        }
        if skip != Skip::InStock && self.in_stock {
            cond = cond.add(product::Column::InStock.eq(true));
        }
        cond
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_keys_round_trip() {
        assert_eq!(spec_key(&[12, 35]), "12-35");
        assert_eq!(parse_spec_key("12-35"), [12, 35]);
        assert_eq!(parse_spec_key(""), Vec::<i64>::new());
    }
}
