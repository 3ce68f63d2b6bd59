//! The member's address book. Every function works only on the caller's
//! own addresses: the member id comes from the session, never the request.

use leptos::prelude::*;

use crate::error::AppError;
use crate::members::model::{Address, AddressForm};
#[cfg(feature = "ssr")]
use {
    crate::auth::request::require_member,
    crate::i18n::td_string,
    crate::input_errors::invalid_fields,
    crate::locale::request_locale,
    crate::members::model::{AddressInput, MAX_ADDRESSES},
    crate::members::repo::{AddressError, MemberRepo},
    crate::navigation::redirect_plain_form,
    crate::state::AppState,
};

/// The address book page, where its forms return.
pub const ADDRESS_BOOK: &str = "/account/addresses";

#[cfg(feature = "ssr")]
fn parse(form: &AddressForm) -> Result<AddressInput, AppError> {
    form.parse()
        .map_err(|errors| invalid_fields(request_locale(), &errors))
}

#[cfg(feature = "ssr")]
impl From<AddressError> for AppError {
    fn from(err: AddressError) -> Self {
        match err {
            AddressError::NotFound => AppError::NotFound,
            AddressError::TooMany => AppError::Conflict(
                td_string!(
                    request_locale(),
                    account.address_book_full,
                    max = MAX_ADDRESSES
                )
                .to_string(),
            ),
            AddressError::Db(err) => err.into(),
        }
    }
}

#[server(prefix = "/api", endpoint = "members/addresses", input = server_fn::codec::GetUrl)]
pub async fn list_addresses() -> Result<Vec<Address>, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    Ok(MemberRepo(&state.db).addresses(member.id).await?)
}

#[server(prefix = "/api", endpoint = "members/addresses/add")]
pub async fn add_address(address: AddressForm) -> Result<(), AppError> {
    let member = require_member()?;
    let input = parse(&address)?;
    let state = AppState::from_context()?;
    let tx = crate::db::begin_write(&state.db).await?;
    MemberRepo(&tx).add_address(member.id, &input).await?;
    tx.commit().await?;
    redirect_plain_form(ADDRESS_BOOK);
    Ok(())
}

#[server(prefix = "/api", endpoint = "members/addresses/update")]
pub async fn update_address(id: i64, address: AddressForm) -> Result<(), AppError> {
    let member = require_member()?;
    let input = parse(&address)?;
    let state = AppState::from_context()?;
    MemberRepo(&state.db)
        .update_address(member.id, id, &input)
        .await?;
    redirect_plain_form(ADDRESS_BOOK);
    Ok(())
}

#[server(prefix = "/api", endpoint = "members/addresses/delete")]
pub async fn delete_address(id: i64) -> Result<(), AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let tx = crate::db::begin_write(&state.db).await?;
    MemberRepo(&tx).delete_address(member.id, id).await?;
    tx.commit().await?;
    redirect_plain_form(ADDRESS_BOOK);
    Ok(())
}

#[server(prefix = "/api", endpoint = "members/addresses/default")]
pub async fn set_default_address(id: i64) -> Result<(), AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let tx = crate::db::begin_write(&state.db).await?;
    MemberRepo(&tx).set_default_address(member.id, id).await?;
    tx.commit().await?;
    redirect_plain_form(ADDRESS_BOOK);
    Ok(())
}
