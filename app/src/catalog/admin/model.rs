//! What the back office shows of the catalog, and the rules a SKU grid
//! edit must pass before anything is written.

use serde::{Deserialize, Serialize};

use super::variants::model::AdminSpec;
use crate::catalog::status::{ProductStatus, SkuStatus};
use crate::money::parse_price;

pub const PRODUCTS_PER_PAGE: u64 = 30;
/// More stock than this on one SKU is a typo, not a warehouse.
pub const MAX_STOCK: i64 = 10_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminProductRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub status: ProductStatus,
    pub price_min: i64,
    pub price_max: i64,
    /// Units in stock over all active SKUs.
    pub stock: i64,
    pub skus: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminProductPage {
    pub rows: Vec<AdminProductRow>,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminSku {
    pub id: i64,
    pub code: String,
    /// Its spec values, e.g. "Black / 128GB".
    pub label: String,
    pub price: i64,
    pub original_price: Option<i64>,
    pub stock: i64,
    pub status: SkuStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminProduct {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub subtitle: String,
    pub category_id: i64,
    pub brand_id: Option<i64>,
    /// Markdown.
    pub description: String,
    pub attributes: Vec<(String, String)>,
    pub status: ProductStatus,
    pub specs: Vec<AdminSpec>,
    /// Retired ones too, after the active ones.
    pub skus: Vec<AdminSku>,
}

/// One row of the SKU grid, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuRowInput {
    pub id: i64,
    pub price: String,
    /// Empty for none.
    #[serde(default)]
    pub original_price: String,
    pub stock: String,
}

/// A validated row, ready to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkuChange {
    pub id: i64,
    pub price: i64,
    pub original_price: Option<i64>,
    pub stock: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkuProblem {
    Price,
    OriginalPrice,
    /// An "original" price below the price would advertise a mark-up as a discount.
    OriginalBelowPrice,
    Stock,
    /// An imported row names a SKU code the shop does not have.
    UnknownCode,
    /// An imported file names the same SKU twice.
    DuplicateCode,
}

/// What is wrong with which row (1-based, as staff count them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowProblem {
    pub row: usize,
    pub problem: SkuProblem,
}

/// Every row valid, or every problem found: staff fix them all in one go.
pub fn validate_skus(rows: &[SkuRowInput]) -> Result<Vec<SkuChange>, Vec<RowProblem>> {
    let mut changes = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (at, row) in rows.iter().enumerate() {
        let mut problem = |problem| {
            problems.push(RowProblem {
                row: at + 1,
                problem,
            })
        };
        let price = parse_price(&row.price).filter(|p| *p > 0);
        if price.is_none() {
            problem(SkuProblem::Price);
        }
        let original_price = if row.original_price.trim().is_empty() {
            Some(None)
        } else {
            parse_price(&row.original_price).map(Some)
        };
        match (original_price, price) {
            (None, _) => problem(SkuProblem::OriginalPrice),
            (Some(Some(original)), Some(price)) if original < price => {
                problem(SkuProblem::OriginalBelowPrice)
            }
            _ => {}
        }
        let stock = row
            .stock
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|s| (0..=MAX_STOCK).contains(s));
        if stock.is_none() {
            problem(SkuProblem::Stock);
        }
        if let (Some(price), Some(original_price), Some(stock)) = (price, original_price, stock) {
            changes.push(SkuChange {
                id: row.id,
                price,
                original_price,
                stock,
            });
        }
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(price: &str, original: &str, stock: &str) -> SkuRowInput {
        SkuRowInput {
            id: 7,
            price: price.into(),
            original_price: original.into(),
            stock: stock.into(),
        }
    }

    #[test]
    fn valid_rows_become_changes_in_fen() {
        assert_eq!(
            validate_skus(&[row("199.90", "", "5"), row("10", "12.5", "0")]),
            Ok(vec![
                SkuChange {
                    id: 7,
                    price: 19_990,
                    original_price: None,
                    stock: 5
                },
                SkuChange {
                    id: 7,
                    price: 1_000,
                    original_price: Some(1_250),
                    stock: 0
                },
            ])
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_row() {
        let problems = validate_skus(&[
            row("199", "", "5"),
            row("abc", "", "-1"),
            row("0", "", "1"),
            row("50", "40", "1"),
            row("50", "x", "99999999999"),
        ])
        .unwrap_err();
        let found: Vec<(usize, SkuProblem)> = problems.iter().map(|p| (p.row, p.problem)).collect();
        assert_eq!(
            found,
            [
                (2, SkuProblem::Price),
                (2, SkuProblem::Stock),
                (3, SkuProblem::Price),
                (4, SkuProblem::OriginalBelowPrice),
                (5, SkuProblem::OriginalPrice),
                (5, SkuProblem::Stock),
            ]
        );
    }
}
