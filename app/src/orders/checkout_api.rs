//! Checkout under `/api/orders/…`: what the page shows (lines, addresses,
//! offers and the member's coupons with what each would save) and placing
//! the order.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::shipping::{ShippingMethod, ShippingOption};
use crate::cart::model::CartLine;
use crate::error::AppError;
use crate::members::model::Address;
use crate::promotions::rules::Benefit;
use crate::promotions::view::{AppliedOffer, CheckoutCoupon};
#[cfg(feature = "ssr")]
use {
    super::repo::{PlaceError, Placed, ShipTo},
    super::shipping::Requested,
    crate::auth::request::require_member,
    crate::i18n::td_string,
    crate::locale::request_locale,
    crate::money::format_price,
    crate::navigation::redirect_plain_form,
    crate::promotions::quote::{Choice, QuoteError},
    crate::state::AppState,
};

/// The longest order note.
pub const MAX_NOTE_CHARS: usize = 200;

/// The form value that asks for no coupon.
pub const NO_COUPON: &str = "none";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutView {
    /// The ticked cart lines that can be bought.
    pub lines: Vec<CartLine>,
    /// Ticked lines that cannot be bought as they are: checkout waits
    /// until the shopper fixes them in the cart.
    pub blocked: usize,
    pub addresses: Vec<Address>,
    pub items: i64,
    /// The deliveries the shop offers; the page is priced for `shipping`.
    pub shipping_options: Vec<ShippingOption>,
    pub shipping: ShippingMethod,
    /// The shipping fee before any coupon waives it.
    pub shipping_fee: i64,
    pub offer: Option<AppliedOffer>,
    /// The total before any coupon: each coupon's saving comes off it.
    pub before_coupon: i64,
    /// Every coupon the member holds unused, usable or not.
    pub coupons: Vec<CheckoutCoupon>,
    /// The one saving the most, preselected.
    pub best_coupon: Option<i64>,
    pub short_of_free_shipping: Option<i64>,
    /// Made with the page: submitting it twice places one order.
    pub key: String,
}

impl CheckoutView {
    /// What the order costs with this coupon (or none).
    pub fn total_with(&self, coupon: Option<i64>) -> i64 {
        self.before_coupon - self.saving_of(coupon)
    }

    /// Whether this coupon (or none) waives the shipping fee.
    pub fn waives_shipping(&self, coupon: Option<i64>) -> bool {
        coupon
            .and_then(|id| self.coupons.iter().find(|c| c.id == id))
            .is_some_and(|c| c.terms.benefit == Benefit::FreeShipping && c.saving.is_ok())
    }

    pub fn saving_of(&self, coupon: Option<i64>) -> i64 {
        coupon
            .and_then(|id| self.coupons.iter().find(|c| c.id == id))
            .and_then(|c| c.saving.ok())
            .unwrap_or(0)
    }
}

/// The checkout page's contents, priced for the `shipping` method
/// (standard when none is named or it is not offered).
#[server(prefix = "/api", endpoint = "orders/checkout", input = server_fn::codec::GetUrl)]
pub async fn get_checkout(shipping: Option<String>) -> Result<CheckoutView, AppError> {
    use crate::cart::model::Cart;
    use crate::cart::repo::{CartOwner, CartRepo};
    use crate::promotions::pricing::{CartPricing, price_cart};

    let member = require_member()?;
    let state = AppState::from_context()?;
    let (_, lines) = CartRepo(&state.db)
        .lines_of_named(&CartOwner::Member(member.id), state.catalog.spec_names())
        .await?;
    let cart = Cart { lines };
    let chosen: Vec<CartLine> = cart.checkout_lines().cloned().collect();
    let settings = state.settings.current();
    let ShippingOption { method, rule } =
        match ShippingMethod::requested(shipping.as_deref(), &settings) {
            Requested::Offered(option) => option,
            // A link from an older page: show what can be chosen now.
            Requested::Unknown | Requested::NotOffered => ShippingOption::standard(&settings),
        };
    let taxonomy = state.catalog.taxonomy().await?;
    let now = chrono::Utc::now();
    let offers = state.offers.running(&state.db, now).await?;
    let priced = price_cart(
        &state.db,
        CartPricing {
            member_id: member.id,
            lines: &chosen,
            shipping: rule,
            taxonomy: &taxonomy,
            offers: &offers,
            now,
            choice: Choice::Best,
        },
    )
    .await
    .map_err(|err| match err {
        crate::promotions::pricing::PricingError::Database(err) => AppError::from(err),
        // Best never names a coupon, so it cannot be refused one.
        crate::promotions::pricing::PricingError::Coupon(err) => {
            tracing::error!(error = %err, "best coupon refused");
            AppError::Internal
        }
    })?;
    let quote = &priced.quote;
    let coupons = priced
        .held
        .iter()
        .zip(&quote.options)
        .map(|(held, option)| CheckoutCoupon {
            id: held.candidate.id,
            name: held.name.clone(),
            terms: held.candidate.terms.clone(),
            ends_at: chrono::DateTime::from_timestamp(held.candidate.ends_at, 0)
                .unwrap_or_default()
                .to_rfc3339(),
            saving: option.saving,
        })
        .collect();
    Ok(CheckoutView {
        blocked: cart.blocked_lines(),
        addresses: crate::members::repo::MemberRepo(&state.db)
            .addresses(member.id)
            .await?,
        items: quote.items,
        shipping: method,
        shipping_options: ShippingMethod::offered(&settings),
        shipping_fee: quote.shipping + quote.shipping_waived,
        offer: quote.offer.map(|(_, saving)| AppliedOffer {
            name: priced.offer_name.clone().unwrap_or_default(),
            saving,
        }),
        before_coupon: priced.before_coupon(),
        coupons,
        best_coupon: quote.coupon.map(|(id, _)| id),
        short_of_free_shipping: rule.short_of_free(quote.items),
        lines: chosen,
        key: crate::auth::token::new_token().0,
    })
}

/// Places the order for the ticked cart lines, shipped to one of the
/// member's addresses, with the coupon chosen (its id, or `none`).
/// `expected_before_coupon` is the total the page showed before any
/// coupon; `shown_lines` the cart lines it listed, as comma-separated ids
/// (optional: a page from before it existed still places); `shipping` the
/// delivery method the page was priced for. Answers the order number.
#[server(prefix = "/api", endpoint = "orders/place")]
pub async fn place_order(
    key: String,
    address_id: i64,
    note: String,
    expected_before_coupon: i64,
    coupon: Option<String>,
    shown_lines: Option<String>,
    shipping: Option<String>,
) -> Result<String, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let key = key.trim();
    if key.is_empty() || key.len() > 64 {
        return Err(AppError::BadRequest(
            td_string!(locale, orders.stale_page).to_string(),
        ));
    }
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::BadRequest(
            td_string!(locale, orders.note_too_long, max = MAX_NOTE_CHARS).to_string(),
        ));
    }
    let shown_lines = parse_shown_lines(shown_lines.as_deref().unwrap_or_default())
        .ok_or_else(|| AppError::BadRequest(td_string!(locale, orders.stale_page).to_string()))?;
    let coupon = match coupon.as_deref().map(str::trim) {
        None | Some("" | NO_COUPON) => Choice::NoCoupon,
        Some(id) => Choice::Coupon(id.parse().map_err(|_| {
            AppError::BadRequest(td_string!(locale, coupons.unknown_coupon).to_string())
        })?),
    };
    let settings = state.settings.current();
    let shipping = match ShippingMethod::requested(shipping.as_deref(), &settings) {
        Requested::Offered(option) => option,
        Requested::Unknown => {
            return Err(AppError::BadRequest(
                td_string!(locale, orders.stale_page).to_string(),
            ));
        }
        Requested::NotOffered => {
            return Err(AppError::Conflict(
                td_string!(locale, orders.method_not_offered).to_string(),
            ));
        }
    };
    let address = crate::members::repo::MemberRepo(&state.db)
        .addresses(member.id)
        .await?
        .into_iter()
        .find(|a| a.id == address_id)
        .ok_or_else(|| {
            AppError::BadRequest(td_string!(locale, orders.choose_address).to_string())
        })?;
    let taxonomy = state.catalog.taxonomy().await?;
    let placed = super::checkout::place_from_cart(
        &state.db,
        &state.orders,
        super::checkout::Checkout {
            member_id: member.id,
            idempotency_key: key,
            ship_to: ShipTo {
                recipient: address.recipient.clone(),
                phone: address.phone.clone(),
                address: address.one_line(),
            },
            note,
            shipping,
            coupon,
            expected_before_coupon,
            taxonomy: &taxonomy,
            spec_names: state.catalog.spec_names(),
            offers: &state.offers,
            shown_lines: &shown_lines,
            pay_within: chrono::Duration::minutes(i64::from(settings.payment_timeout_minutes)),
            now: chrono::Utc::now(),
        },
    )
    .await;
    let order_no = match placed {
        Ok(Placed::New {
            order_no,
            products,
            sold_out,
        }) => {
            // Pages showing stock must not keep showing what was sold; only
            // a sell-out changes what listings show.
            if sold_out {
                state.catalog.invalidate();
            } else {
                state.catalog.forget_products(&products);
            }
            order_no
        }
        Ok(Placed::Existing(order_no)) => order_no,
        Err(refused) => return Err(refusal(locale, refused)),
    };
    redirect_plain_form(&format!("/account/orders/{order_no}"));
    Ok(order_no)
}

/// The page's cart line ids, written as [`shown_lines_field`] writes them;
/// `None` for anything a checkout page never sends.
pub fn parse_shown_lines(raw: &str) -> Option<Vec<i64>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(Vec::new());
    }
    let ids: Vec<i64> = raw
        .split(',')
        .map(|id| id.trim().parse().ok().filter(|&id: &i64| id > 0))
        .collect::<Option<_>>()?;
    (ids.len() <= crate::cart::model::MAX_LINES).then_some(ids)
}

/// How a checkout page writes the cart lines it lists, for
/// [`parse_shown_lines`].
pub fn shown_lines_field(lines: &[CartLine]) -> String {
    let ids: Vec<String> = lines
        .iter()
        .filter_map(|l| l.line_id)
        .map(|id| id.to_string())
        .collect();
    ids.join(",")
}

/// Why the order was not placed, in the shopper's words.
#[cfg(feature = "ssr")]
fn refusal(locale: crate::i18n::Locale, refused: PlaceError) -> AppError {
    let conflict = |message: String| AppError::Conflict(message);
    match refused {
        PlaceError::Empty => conflict(td_string!(locale, orders.nothing_chosen).to_string()),
        PlaceError::AlreadyOrdered => {
            conflict(td_string!(locale, orders.already_ordered).to_string())
        }
        PlaceError::KeyReused(order_no) => {
            conflict(td_string!(locale, orders.key_reused, order_no).to_string())
        }
        PlaceError::Unavailable(title) => {
            conflict(td_string!(locale, orders.unavailable, title).to_string())
        }
        PlaceError::OnlyLeft { code, left } => {
            conflict(td_string!(locale, orders.only_left, title = code, count = left).to_string())
        }
        PlaceError::PriceChanged(now) => conflict(
            td_string!(
                locale,
                orders.total_changed,
                total = format_price(now.total)
            )
            .to_string(),
        ),
        PlaceError::PricesMoved => conflict(td_string!(locale, orders.prices_moved).to_string()),
        PlaceError::Coupon(QuoteError::UnknownCoupon(_)) => {
            AppError::BadRequest(td_string!(locale, coupons.unknown_coupon).to_string())
        }
        PlaceError::Coupon(QuoteError::Unusable(_, why)) => conflict(
            td_string!(
                locale,
                coupons.cannot_use,
                why = crate::promotions::labels::unusable(locale, why)
            )
            .to_string(),
        ),
        PlaceError::CouponGone => conflict(td_string!(locale, coupons.gone).to_string()),
        PlaceError::Database(err) => err.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(line_id: Option<i64>) -> CartLine {
        CartLine {
            line_id,
            ..crate::cart::model::tests::line(100, 100, 5, 1)
        }
    }

    #[test]
    fn the_lines_a_page_lists_come_back_as_it_wrote_them() {
        let lines = [line(Some(7)), line(None), line(Some(12))];
        let written = shown_lines_field(&lines);
        assert_eq!(written, "7,12");
        assert_eq!(parse_shown_lines(&written), Some(vec![7, 12]));
        assert_eq!(parse_shown_lines(""), Some(vec![]));
        assert_eq!(parse_shown_lines(" 3 , 4 "), Some(vec![3, 4]));
    }

    #[test]
    fn what_no_checkout_page_sends_is_refused() {
        for raw in ["x", "1,,2", "-4", "0", "1;2", "99999999999999999999"] {
            assert_eq!(parse_shown_lines(raw), None, "{raw}");
        }
        let too_many = vec!["1"; crate::cart::model::MAX_LINES + 1].join(",");
        assert_eq!(parse_shown_lines(&too_many), None);
    }
}
