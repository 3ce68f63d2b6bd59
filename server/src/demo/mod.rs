//! `server demo-data`: a believable shop in seconds — a three-level
//! category tree, two dozen brands, 560 products with specs, SKUs (some
//! sold out), reviews, generated pictures, coupons and a store-wide
//! offer. Everything is derived from a fixed seed, so every demo shop is
//! the same shop.

mod catalog_plan;
mod flash;
mod group;
mod images;
mod promotions;

use std::path::Path;

use app::catalog::entity::product;
use app::catalog::status::ProductStatus;
use app::catalog::write::{CatalogWriter, NewCategory, NewProduct, NewReview, NewSku};
use chrono::{Duration, Utc};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, TransactionTrait};

use self::catalog_plan::{BRANDS, COLOUR, Leaf, REVIEW_TEXTS, REVIEWERS, SERIES, TREE};

/// Products per leaf category: 28 leaves make 560 products.
const PER_LEAF: usize = 20;
/// Brands each leaf category draws its products from.
const BRANDS_PER_LEAF: usize = 5;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("writing pictures to {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// What was loaded, for the operator.
pub struct Loaded {
    pub products: usize,
    pub skus: usize,
    pub reviews: usize,
    /// Coupon templates; a store-wide offer comes with them.
    pub coupons: usize,
    pub flash_sessions: usize,
    pub group_deals: usize,
}

/// Loads the demo catalog, unless the shop already has products (then it
/// returns `None` and changes nothing). Pictures go to `media_dir/demo`.
pub async fn load(db: &DatabaseConnection, media_dir: &Path) -> Result<Option<Loaded>, DemoError> {
    if product::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let picture_dir = media_dir.join("demo");
    std::fs::create_dir_all(&picture_dir).map_err(|source| DemoError::Io {
        path: picture_dir.display().to_string(),
        source,
    })?;

    let mut rng = Rng(0x005e_ed0f_5409);
    let mut loaded = Loaded {
        products: 0,
        skus: 0,
        reviews: 0,
        coupons: 0,
        flash_sessions: 0,
        group_deals: 0,
    };
    let txn = db.begin().await?;
    let writer = CatalogWriter(&txn);
    let mut brand_ids = Vec::with_capacity(BRANDS.len());
    for name in BRANDS {
        brand_ids.push(writer.create_brand(&name.to_lowercase(), name).await?);
    }

    let now = Utc::now();
    let mut serial = 0usize;
    for (top_at, top) in TREE.iter().enumerate() {
        let top_id = writer
            .create_category(NewCategory {
                parent_id: None,
                slug: top.slug,
                name_zh: top.zh,
                name_en: top.en,
                depth: 1,
                position: top_at as i32,
                featured: false,
            })
            .await?;
        for (sub_at, sub) in top.subs.iter().enumerate() {
            let sub_id = writer
                .create_category(NewCategory {
                    parent_id: Some(top_id),
                    slug: sub.slug,
                    name_zh: sub.zh,
                    name_en: sub.en,
                    depth: 2,
                    position: sub_at as i32,
                    featured: sub_at == 0,
                })
                .await?;
            for (leaf_at, leaf) in sub.leaves.iter().enumerate() {
                let leaf_id = writer
                    .create_category(NewCategory {
                        parent_id: Some(sub_id),
                        slug: leaf.slug,
                        name_zh: leaf.zh,
                        name_en: leaf.en,
                        depth: 3,
                        position: leaf_at as i32,
                        featured: false,
                    })
                    .await?;
                let first_brand = rng.below(BRANDS.len());
                for n in 0..PER_LEAF {
                    serial += 1;
                    let brand_at = (first_brand + n % BRANDS_PER_LEAF) % BRANDS.len();
                    let listed_at = now - Duration::hours(rng.below(24 * 90) as i64);
                    let new = product_for(
                        &mut rng,
                        leaf,
                        leaf_id,
                        (BRANDS[brand_at], brand_ids[brand_at]),
                        serial,
                        listed_at,
                    );
                    for (at, (path, _)) in new.images.iter().enumerate() {
                        let file = picture_dir.join(path.rsplit('/').next().unwrap_or_default());
                        let svg =
                            images::product_svg(serial as u64, at, leaf.kind_en, BRANDS[brand_at]);
                        std::fs::write(&file, svg).map_err(|source| DemoError::Io {
                            path: file.display().to_string(),
                            source,
                        })?;
                    }
                    loaded.skus += new.skus.len();
                    let product_id = writer.create_product(new).await?;
                    loaded.products += 1;
                    for _ in 0..rng.below(9) {
                        let (rating, body) = REVIEW_TEXTS[rng.below(REVIEW_TEXTS.len())];
                        writer
                            .add_review(NewReview {
                                product_id,
                                member_id: None,
                                author_name: REVIEWERS[rng.below(REVIEWERS.len())],
                                rating,
                                body,
                                created_at: now - Duration::hours(rng.below(24 * 60) as i64),
                            })
                            .await?;
                        loaded.reviews += 1;
                    }
                }
            }
        }
    }
    loaded.coupons = promotions::load(&txn, now).await?;
    loaded.flash_sessions = flash::load(&txn, now).await?;
    loaded.group_deals = group::load(&txn, now).await?;
    txn.commit().await?;
    Ok(Some(loaded))
}

fn product_for(
    rng: &mut Rng,
    leaf: &Leaf,
    category_id: i64,
    (brand, brand_id): (&str, i64),
    serial: usize,
    listed_at: chrono::DateTime<Utc>,
) -> NewProduct {
    let series = SERIES[rng.below(SERIES.len())];
    let model = 1 + rng.below(9);
    // Two titles in three in Chinese, the rest in English, as a
    // cross-border shop's catalog would have them.
    let title = if serial.is_multiple_of(3) {
        format!("{brand} {} {series} {model}", leaf.kind_en)
    } else {
        format!("{brand} {} {series}{model}", leaf.kind_zh)
    };
    let subtitle = format!("{} · {} {series} {model}", leaf.kind_en, brand);
    let slug = format!("{}-{}-{serial}", brand.to_lowercase(), leaf.slug);

    let (low, high) = leaf.price;
    // Prices end in .00 or .90, like a shop's, in fen.
    let base = (low + rng.below((high - low + 1) as usize) as i64) * 100
        - if rng.below(2) == 0 { 10 } else { 0 };

    let mut specs: Vec<(String, Vec<String>)> = Vec::new();
    if leaf.colours {
        let start = rng.below(COLOUR.values.len());
        let count = 2 + rng.below(3);
        let colours = (0..count)
            .map(|i| COLOUR.values[(start + i) % COLOUR.values.len()].to_owned())
            .collect();
        specs.push((COLOUR.name.to_owned(), colours));
    }
    if let Some(plan) = leaf.spec {
        specs.push((
            plan.name.to_owned(),
            plan.values.iter().map(|v| (*v).to_owned()).collect(),
        ));
    }

    // Every combination of spec values is a SKU.
    let mut combinations: Vec<Vec<usize>> = vec![vec![]];
    for (_, values) in &specs {
        combinations = combinations
            .into_iter()
            .flat_map(|prefix| {
                (0..values.len()).map(move |at| {
                    let mut next = prefix.clone();
                    next.push(at);
                    next
                })
            })
            .collect();
    }
    let discounted = rng.below(3) == 0;
    let skus = combinations
        .into_iter()
        .enumerate()
        .map(|(at, values)| {
            // Larger sizes and capacities cost a little more.
            let step = values.get(1).copied().unwrap_or(0) as i64;
            let price = base + step * (base / 10 / 100 * 100).max(100);
            // One product in ten is sold out entirely; otherwise one SKU in six.
            let stock = if serial % 10 == 7 || rng.below(6) == 0 {
                0
            } else {
                1 + rng.below(200) as i64
            };
            NewSku {
                code: format!("D{serial:04}-{at:02}"),
                values,
                price,
                original_price: discounted.then_some(price + price / 5 / 100 * 100),
                stock,
                weight_grams: 100 + rng.below(2000) as i32,
            }
        })
        .collect();

    let images = (0..2)
        .map(|at| {
            (
                format!("/media/demo/p{serial:04}-{at}.svg"),
                format!("{brand} {}", leaf.kind_en),
            )
        })
        .collect();
    let description = format!(
        "**{brand} {kind}** — {en}.\n\n- {brand} quality, checked before shipping\n- 7-day no-reason returns\n- 质保一年，全国联保\n",
        kind = leaf.kind_zh,
        en = leaf.kind_en,
    );
    NewProduct {
        slug,
        category_id,
        brand_id: Some(brand_id),
        title,
        subtitle,
        description,
        status: ProductStatus::Listed,
        sales_count: rng.below(5000) as i64,
        images,
        attributes: vec![
            ("Brand".into(), brand.into()),
            ("Model".into(), format!("{series} {model}")),
            ("Origin".into(), "China".into()),
        ],
        specs,
        skus,
        listed_at: Some(listed_at),
    }
}

/// SplitMix64: tiny, fast and fixed, so demo data is the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
