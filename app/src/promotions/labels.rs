//! Coupons and offers in words, in the shopper's language: what a coupon
//! gives and why one cannot be used. Shared by pages and by the server's
//! error messages.

use super::quote::Unusable;
use super::rules::{Benefit, CouponTerms, Scope};
use crate::i18n::{Locale, td_string};
use crate::money::format_price;

/// "¥20 off", "15% off, up to ¥50", "Free shipping".
pub fn benefit(locale: Locale, benefit: Benefit) -> String {
    match benefit {
        Benefit::AmountOff(off) => {
            td_string!(locale, coupons.amount_off, off = format_price(off)).to_string()
        }
        Benefit::PercentOff { percent, cap: None } => {
            td_string!(locale, coupons.percent_off, percent).to_string()
        }
        Benefit::PercentOff {
            percent,
            cap: Some(cap),
        } => td_string!(
            locale,
            coupons.percent_off_cap,
            percent,
            cap = format_price(cap)
        )
        .to_string(),
        Benefit::FreeShipping => td_string!(locale, coupons.free_shipping).to_string(),
    }
}

/// "on ¥199 or more" or "no minimum spend", for the items in scope.
pub fn threshold(locale: Locale, terms: &CouponTerms) -> String {
    if terms.threshold > 0 {
        td_string!(
            locale,
            coupons.from_amount,
            amount = format_price(terms.threshold)
        )
        .to_string()
    } else {
        td_string!(locale, coupons.no_threshold).to_string()
    }
}

pub fn scope(locale: Locale, scope: &Scope) -> &'static str {
    match scope {
        Scope::All => td_string!(locale, coupons.scope_all),
        Scope::Categories(_) => td_string!(locale, coupons.scope_categories),
        Scope::Products(_) => td_string!(locale, coupons.scope_products),
    }
}

/// "¥20 off · on ¥199 or more · all products": a coupon in one line.
pub fn summary(locale: Locale, terms: &CouponTerms) -> String {
    format!(
        "{} · {} · {}",
        benefit(locale, terms.benefit),
        threshold(locale, terms),
        scope(locale, &terms.scope)
    )
}

/// Why the coupon cannot be used on this order.
pub fn unusable(locale: Locale, why: Unusable) -> String {
    match why {
        Unusable::NotYet => td_string!(locale, coupons.why_not_yet).to_string(),
        Unusable::Expired => td_string!(locale, coupons.why_expired).to_string(),
        Unusable::NothingInScope => td_string!(locale, coupons.why_not_in_scope).to_string(),
        Unusable::BelowThreshold { short } => {
            td_string!(locale, coupons.why_short, amount = format_price(short)).to_string()
        }
        Unusable::NothingToWaive => td_string!(locale, coupons.why_nothing_to_waive).to_string(),
    }
}
