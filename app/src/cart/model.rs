//! What a cart holds and the rules of changing it, as plain functions.
//!
//! A cart line remembers the price its SKU had when it was added, so the
//! cart can tell the shopper that it went up or down since. Stock is not
//! reserved by a cart: it is checked again when an order is placed, and
//! the cart only warns when there is less than the line asks for.

use serde::{Deserialize, Serialize};

/// The most of one SKU a line may hold, as the product page allows.
pub const MAX_LINE_QUANTITY: i64 = 99;
/// The most lines a cart may hold: more is a script, not a shopper.
pub const MAX_LINES: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    /// The cart's line, when it is one: `None` for a SKU described for an
    /// order that skips the cart (flash sales, group buys).
    pub line_id: Option<i64>,
    pub sku_id: i64,
    pub sku_code: String,
    pub product_id: i64,
    /// For offers and coupons that apply to a category.
    pub category_id: i64,
    pub product_slug: String,
    pub title: String,
    /// Its spec values, e.g. "Black / 128GB"; empty for a single-SKU product.
    pub variant: String,
    pub image: Option<String>,
    /// The SKU's price now, in minor units.
    pub price: i64,
    pub added_price: i64,
    pub stock: i64,
    pub quantity: i64,
    pub selected: bool,
    /// The product is listed and the SKU not retired.
    pub on_sale: bool,
}

/// What the shopper is told about a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineNotice {
    PriceUp {
        was: i64,
    },
    PriceDown {
        was: i64,
    },
    /// Fewer left than the line asks for (but some).
    OnlyLeft(i64),
    SoldOut,
    /// Delisted, or this variant is no longer sold.
    Unavailable,
}

impl CartLine {
    /// Whether the line can go into an order as it is.
    pub fn buyable(&self) -> bool {
        self.on_sale && self.quantity <= self.stock
    }

    pub fn notices(&self) -> Vec<LineNotice> {
        if !self.on_sale {
            return vec![LineNotice::Unavailable];
        }
        let mut notices = Vec::new();
        if self.price > self.added_price {
            notices.push(LineNotice::PriceUp {
                was: self.added_price,
            });
        } else if self.price < self.added_price {
            notices.push(LineNotice::PriceDown {
                was: self.added_price,
            });
        }
        if self.stock <= 0 {
            notices.push(LineNotice::SoldOut);
        } else if self.quantity > self.stock {
            notices.push(LineNotice::OnlyLeft(self.stock));
        }
        notices
    }

    pub fn total(&self) -> i64 {
        self.price.saturating_mul(self.quantity)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    /// Most recently added first.
    pub lines: Vec<CartLine>,
}

impl Cart {
    /// Units in the cart, for the header's badge.
    pub fn units(&self) -> i64 {
        self.lines.iter().map(|l| l.quantity).sum()
    }

    /// The lines that would go into an order now: selected and buyable.
    pub fn checkout_lines(&self) -> impl Iterator<Item = &CartLine> {
        self.lines.iter().filter(|l| l.selected && l.buyable())
    }

    /// What the selected, buyable lines cost, before shipping and discounts.
    pub fn subtotal(&self) -> i64 {
        self.checkout_lines().map(CartLine::total).sum()
    }

    /// Selected lines that cannot be bought as they are: the shopper must
    /// fix or deselect them before checking out.
    pub fn blocked_lines(&self) -> usize {
        self.lines
            .iter()
            .filter(|l| l.selected && !l.buyable())
            .count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CartProblem {
    /// Not a whole number from 1 to [`MAX_LINE_QUANTITY`].
    Quantity,
    SoldOut,
    /// The line would need more than is in stock; `0` is how many are left.
    OnlyLeft(i64),
    /// No such SKU on sale.
    Unavailable,
    CartFull,
}

/// A quantity typed by the shopper.
pub fn parse_quantity(text: &str) -> Result<i64, CartProblem> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|q| (1..=MAX_LINE_QUANTITY).contains(q))
        .ok_or(CartProblem::Quantity)
}

/// The most a line of this SKU may hold with `stock` left.
pub fn line_cap(stock: i64) -> i64 {
    stock.clamp(0, MAX_LINE_QUANTITY)
}

/// Checks that `adding` more can go into a line that holds `in_cart`.
/// Refused outright rather than quietly capped, so the shopper knows
/// the cart does not hold what they asked for.
pub fn check_add(in_cart: i64, adding: i64, stock: i64) -> Result<(), CartProblem> {
    if stock <= 0 {
        return Err(CartProblem::SoldOut);
    }
    if in_cart + adding > stock {
        return Err(CartProblem::OnlyLeft(stock));
    }
    if in_cart + adding > MAX_LINE_QUANTITY {
        return Err(CartProblem::Quantity);
    }
    Ok(())
}

/// The quantity a guest's line ends with when it joins the member's line
/// of the same SKU at login: both added, capped by stock and the line limit.
/// A sold-out SKU keeps what the member had, so nothing silently vanishes.
pub fn merged_quantity(member: i64, guest: i64, stock: i64) -> i64 {
    let cap = line_cap(stock).max(member).max(1);
    (member + guest).min(cap)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A buyable line of SKU 1, for tests here and elsewhere in the crate.
    pub(crate) fn line(price: i64, added: i64, stock: i64, quantity: i64) -> CartLine {
        CartLine {
            line_id: None,
            sku_id: 1,
            sku_code: "A-01".into(),
            product_id: 1,
            category_id: 1,
            product_slug: "a".into(),
            title: "A".into(),
            variant: String::new(),
            image: None,
            price,
            added_price: added,
            stock,
            quantity,
            selected: true,
            on_sale: true,
        }
    }

    #[test]
    fn a_line_says_what_changed_since_it_was_added() {
        assert_eq!(line(100, 100, 5, 1).notices(), []);
        assert_eq!(
            line(120, 100, 5, 1).notices(),
            [LineNotice::PriceUp { was: 100 }]
        );
        assert_eq!(
            line(80, 100, 2, 3).notices(),
            [LineNotice::PriceDown { was: 100 }, LineNotice::OnlyLeft(2)]
        );
        assert_eq!(line(100, 100, 0, 1).notices(), [LineNotice::SoldOut]);
        let gone = CartLine {
            on_sale: false,
            ..line(120, 100, 0, 1)
        };
        assert_eq!(gone.notices(), [LineNotice::Unavailable]);
    }

    #[test]
    fn the_subtotal_counts_selected_buyable_lines_at_todays_price() {
        let cart = Cart {
            lines: vec![
                line(1_000, 900, 5, 2),
                CartLine {
                    selected: false,
                    ..line(5_000, 5_000, 5, 1)
                },
                line(300, 300, 1, 2),
            ],
        };
        assert_eq!(cart.subtotal(), 2_000);
        assert_eq!(cart.units(), 5);
        assert_eq!(cart.blocked_lines(), 1, "two asked, one left");
    }

    #[test]
    fn quantities_are_whole_numbers_within_the_line_limit() {
        assert_eq!(parse_quantity(" 3 "), Ok(3));
        for bad in ["0", "-1", "1.5", "100", "", "many"] {
            assert_eq!(parse_quantity(bad), Err(CartProblem::Quantity), "{bad}");
        }
    }

    #[test]
    fn adding_never_asks_for_more_than_is_left() {
        assert_eq!(check_add(0, 2, 5), Ok(()));
        assert_eq!(check_add(3, 2, 5), Ok(()));
        assert_eq!(check_add(4, 2, 5), Err(CartProblem::OnlyLeft(5)));
        assert_eq!(check_add(0, 1, 0), Err(CartProblem::SoldOut));
        assert_eq!(check_add(98, 2, 1_000), Err(CartProblem::Quantity));
    }

    #[test]
    fn a_merged_line_adds_up_within_stock() {
        assert_eq!(merged_quantity(2, 3, 10), 5);
        assert_eq!(merged_quantity(2, 3, 4), 4);
        assert_eq!(merged_quantity(60, 60, 1_000), MAX_LINE_QUANTITY);
        assert_eq!(
            merged_quantity(2, 3, 0),
            2,
            "sold out: the member's line stays"
        );
        assert_eq!(
            merged_quantity(5, 1, 3),
            5,
            "never below what the member had"
        );
    }
}
