//! Whose cart a request is about: the logged-in member's, or else the one
//! named by the guest cookie, which holds a random token (the database
//! keeps only its hash, as for sessions).

use super::repo::CartOwner;
use crate::auth::request::{set_cookie, viewer};
use crate::auth::token::{hash_token, new_token};
use crate::error::AppError;
use crate::locale::cookie_value;

pub const GUEST_COOKIE: &str = "cart";
/// A guest's cart is kept for 30 days after its last change.
pub const GUEST_CART_DAYS: i64 = 30;
const GUEST_COOKIE_MAX_AGE_SECS: i64 = GUEST_CART_DAYS * 24 * 3600;

/// The guest token presented with this request, if it looks like one.
pub fn guest_token() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let header = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
    let token = cookie_value(header, GUEST_COOKIE)?;
    (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())).then(|| token.to_owned())
}

/// The cart this request may see, if it has one: a member's own, or the
/// guest cookie's.
pub fn current_owner() -> Option<CartOwner> {
    match viewer().member {
        Some(member) => Some(CartOwner::Member(member.id)),
        None => guest_token().map(|token| CartOwner::Guest(hash_token(&token))),
    }
}

/// As [`current_owner`], giving a guest without a cookie a new one.
pub fn owner_or_new() -> Result<CartOwner, AppError> {
    if let Some(owner) = current_owner() {
        return Ok(owner);
    }
    let (token, hash) = new_token();
    let secure = crate::state::AppState::from_context()?.site.secure_cookies;
    set_cookie(&guest_cookie(&token, secure))?;
    Ok(CartOwner::Guest(hash))
}

/// HttpOnly and SameSite=Lax, as the session cookie.
pub fn guest_cookie(token: &str, secure: bool) -> String {
    cookie(token, GUEST_COOKIE_MAX_AGE_SECS, secure)
}

/// The `Set-Cookie` value that makes the browser forget its guest cart.
fn cleared_guest_cookie(secure: bool) -> String {
    cookie("", 0, secure)
}

fn cookie(value: &str, max_age: i64, secure: bool) -> String {
    let mut cookie =
        format!("{GUEST_COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax");
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

/// After a login: moves the guest's cart into the member's, and forgets
/// the guest cookie. A failure here must not fail the login, so it is
/// logged and the guest cart left for the next login.
pub async fn merge_after_login(db: &sea_orm::DatabaseConnection, member_id: i64, secure: bool) {
    let Some(token) = guest_token() else {
        return;
    };
    let merged = async {
        let tx = crate::db::begin_write(db).await?;
        super::repo::CartRepo(&tx)
            .merge_into_member(&hash_token(&token), member_id)
            .await?;
        tx.commit().await
    }
    .await;
    match merged {
        Ok(()) => {
            if let Err(err) = set_cookie(&cleared_guest_cookie(secure)) {
                tracing::warn!(?err, "could not clear the guest cart cookie");
            }
        }
        Err(err) => tracing::error!(%err, member_id, "merging the guest cart failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guest_cookie_lasts_a_month_and_stays_out_of_scripts() {
        let cookie = guest_cookie("abc", false);
        assert_eq!(
            cookie,
            "cart=abc; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax"
        );
        assert!(guest_cookie("abc", true).ends_with("; Secure"));
    }
}
