//! A product as its page shows it, and the rules of its variant picker.

use serde::{Deserialize, Serialize};

use super::model::{CategoryLink, ProductCard, Rating};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub subtitle: String,
    /// Sanitised HTML, safe to insert as it is.
    pub description_html: String,
    pub brand: Option<String>,
    /// From the top category down to the product's own.
    pub breadcrumbs: Vec<CategoryLink>,
    pub images: Vec<Image>,
    pub attributes: Vec<(String, String)>,
    pub specs: Vec<Spec>,
    pub skus: Vec<Sku>,
    pub sales_count: i64,
    pub rating: Rating,
    /// How many visible reviews gave 1, 2, 3, 4 and 5 stars.
    pub distribution: [u32; 5],
    pub reviews: Vec<Review>,
    pub related: Vec<ProductCard>,
    /// schema.org Product markup, built on the server and safe to embed
    /// in a `<script>` element.
    pub json_ld: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub path: String,
    pub alt: String,
}

/// A spec dimension (colour, size…) and its values, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub name: String,
    pub values: Vec<SpecValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecValue {
    pub id: i64,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sku {
    pub id: i64,
    pub code: String,
    /// One value id per spec, in the order of `ProductDetail::specs`.
    pub values: Vec<i64>,
    pub price: i64,
    pub original_price: Option<i64>,
    pub stock: i64,
}

impl Sku {
    pub fn can_buy(&self) -> bool {
        self.stock > 0
    }

    /// The crossed-out price, only when it really is higher.
    pub fn was_price(&self) -> Option<i64> {
        self.original_price.filter(|&was| was > self.price)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub author: String,
    pub rating: u8,
    pub body: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// The value chosen for each spec, `None` where the shopper has not chosen.
pub type Selection = Vec<Option<i64>>;

impl ProductDetail {
    /// The SKU matching a complete selection.
    pub fn sku_for(&self, selection: &[Option<i64>]) -> Option<&Sku> {
        if selection.len() != self.specs.len() || selection.iter().any(Option::is_none) {
            return None;
        }
        self.skus.iter().find(|sku| {
            sku.values
                .iter()
                .zip(selection)
                .all(|(v, s)| Some(*v) == *s)
        })
    }

    pub fn sku_by_code(&self, code: &str) -> Option<&Sku> {
        self.skus.iter().find(|sku| sku.code == code)
    }

    /// What the page starts with: the SKU named in the URL, else the first
    /// one in stock, else the first one.
    pub fn initial_selection(&self, sku_code: Option<&str>) -> Selection {
        let sku = sku_code
            .and_then(|code| self.sku_by_code(code))
            .or_else(|| self.skus.iter().find(|sku| sku.can_buy()))
            .or_else(|| self.skus.first());
        match sku {
            Some(sku) => sku.values.iter().copied().map(Some).collect(),
            None => vec![None; self.specs.len()],
        }
    }

    /// Whether choosing `value` for spec `spec` (keeping the other choices)
    /// leads to a SKU that can be bought. The picker greys out the rest.
    pub fn is_available(&self, selection: &[Option<i64>], spec: usize, value: i64) -> bool {
        self.skus.iter().any(|sku| {
            sku.can_buy()
                && sku.values.get(spec) == Some(&value)
                && sku.values.iter().enumerate().all(|(i, v)| {
                    i == spec || selection.get(i).copied().flatten().is_none_or(|s| s == *v)
                })
        })
    }

    /// The selection after choosing `value` for `spec`. Choices that no
    /// longer fit any SKU with it are dropped rather than leaving the
    /// shopper on a combination that does not exist.
    pub fn choose(&self, selection: &[Option<i64>], spec: usize, value: i64) -> Selection {
        let mut next: Selection = selection.to_vec();
        next.resize(self.specs.len(), None);
        next[spec] = Some(value);
        if self.sku_for(&next).is_none() {
            for (i, choice) in next.iter_mut().enumerate() {
                let fits = choice.is_none_or(|c| {
                    self.skus.iter().any(|sku| {
                        sku.values.get(spec) == Some(&value) && sku.values.get(i) == Some(&c)
                    })
                });
                if i != spec && !fits {
                    *choice = None;
                }
            }
        }
        next
    }

    /// The SKU a (possibly partial) selection leads to: one matching every
    /// choice made, in stock if there is one.
    pub fn complete(&self, selection: &[Option<i64>]) -> Option<&Sku> {
        let fits = |sku: &&Sku| {
            sku.values
                .iter()
                .zip(selection)
                .all(|(v, s)| s.is_none_or(|s| s == *v))
        };
        let mut matching = self.skus.iter().filter(fits);
        let first = matching.clone().next();
        matching.find(|sku| sku.can_buy()).or(first)
    }

    /// The lowest and highest price over all SKUs.
    pub fn price_range(&self) -> Option<(i64, i64)> {
        let min = self.skus.iter().map(|s| s.price).min()?;
        let max = self.skus.iter().map(|s| s.price).max()?;
        Some((min, max))
    }

    pub fn total_stock(&self) -> i64 {
        self.skus.iter().map(|s| s.stock.max(0)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLACK: i64 = 1;
    const WHITE: i64 = 2;
    const SMALL: i64 = 10;
    const LARGE: i64 = 11;

    fn sku(code: &str, values: [i64; 2], price: i64, stock: i64) -> Sku {
        Sku {
            id: values[0] * 100 + values[1],
            code: code.into(),
            values: values.to_vec(),
            price,
            original_price: None,
            stock,
        }
    }

    /// Black comes in S and L; white only in S, and white S is sold out.
    fn tee() -> ProductDetail {
        let spec = |name: &str, values: &[(i64, &str)]| Spec {
            name: name.into(),
            values: values
                .iter()
                .map(|(id, v)| SpecValue {
                    id: *id,
                    value: (*v).into(),
                })
                .collect(),
        };
        ProductDetail {
            id: 1,
            slug: "tee".into(),
            title: "Tee".into(),
            subtitle: String::new(),
            description_html: String::new(),
            brand: None,
            breadcrumbs: vec![],
            images: vec![],
            attributes: vec![],
            specs: vec![
                spec("Colour", &[(BLACK, "Black"), (WHITE, "White")]),
                spec("Size", &[(SMALL, "S"), (LARGE, "L")]),
            ],
            skus: vec![
                sku("TEE-B-S", [BLACK, SMALL], 9_900, 3),
                sku("TEE-B-L", [BLACK, LARGE], 10_900, 5),
                sku("TEE-W-S", [WHITE, SMALL], 9_900, 0),
            ],
            sales_count: 0,
            rating: Rating::default(),
            distribution: [0; 5],
            reviews: vec![],
            related: vec![],
            json_ld: String::new(),
        }
    }

    #[test]
    fn a_complete_selection_finds_its_sku() {
        let tee = tee();
        assert_eq!(
            tee.sku_for(&[Some(BLACK), Some(LARGE)]).unwrap().code,
            "TEE-B-L"
        );
        assert!(
            tee.sku_for(&[Some(WHITE), Some(LARGE)]).is_none(),
            "no such combination"
        );
        assert!(tee.sku_for(&[Some(BLACK), None]).is_none(), "incomplete");
    }

    #[test]
    fn the_page_starts_on_the_sku_in_the_url_or_the_first_in_stock() {
        let tee = tee();
        assert_eq!(
            tee.initial_selection(Some("TEE-W-S")),
            [Some(WHITE), Some(SMALL)]
        );
        assert_eq!(
            tee.initial_selection(Some("nope")),
            [Some(BLACK), Some(SMALL)]
        );
        assert_eq!(tee.initial_selection(None), [Some(BLACK), Some(SMALL)]);
    }

    #[test]
    fn sold_out_and_missing_combinations_are_unavailable() {
        let tee = tee();
        let black_small = [Some(BLACK), Some(SMALL)];
        assert!(tee.is_available(&black_small, 1, LARGE));
        // White only exists in S, and white S is sold out.
        assert!(!tee.is_available(&black_small, 0, WHITE));
        assert!(!tee.is_available(&[None, None], 0, WHITE));
        assert!(tee.is_available(&[None, None], 0, BLACK));
    }

    #[test]
    fn choosing_a_value_drops_choices_that_no_longer_fit() {
        let tee = tee();
        assert_eq!(
            tee.choose(&[Some(BLACK), Some(LARGE)], 0, WHITE),
            [Some(WHITE), None]
        );
        assert_eq!(
            tee.choose(&[Some(BLACK), Some(SMALL)], 1, LARGE),
            [Some(BLACK), Some(LARGE)]
        );
    }

    #[test]
    fn a_partial_selection_completes_to_a_sku_in_stock_when_there_is_one() {
        let tee = tee();
        assert_eq!(tee.complete(&[None, Some(SMALL)]).unwrap().code, "TEE-B-S");
        assert_eq!(tee.complete(&[Some(WHITE), None]).unwrap().code, "TEE-W-S");
        assert_eq!(tee.complete(&[Some(BLACK), None]).unwrap().code, "TEE-B-S");
    }

    #[test]
    fn the_old_price_shows_only_when_higher() {
        let mut sku = sku("X", [BLACK, SMALL], 5_000, 1);
        sku.original_price = Some(4_000);
        assert_eq!(sku.was_price(), None);
        sku.original_price = Some(6_000);
        assert_eq!(sku.was_price(), Some(6_000));
    }

    #[test]
    fn price_range_and_stock_cover_every_sku() {
        let tee = tee();
        assert_eq!(tee.price_range(), Some((9_900, 10_900)));
        assert_eq!(tee.total_stock(), 8);
    }
}
