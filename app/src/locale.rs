//! Which language a page is shown in, and how a shopper changes it.
//!
//! The server decides: an explicit choice (the `lang` cookie, set by the
//! footer's switcher) wins over the browser's `Accept-Language`. The server
//! writes its decision into `<html lang>`, and hydration reads it back from
//! there, so the page never flashes in the other language.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_i18n::Locale as _;
use leptos_i18n::context::UseLocalesOptions;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::td_string;
use crate::i18n::{Locale, t, use_i18n};

/// The cookie holding a shopper's explicit language choice.
pub const LOCALE_COOKIE: &str = "lang";

/// One year: a language choice should outlive a browser restart.
#[cfg(feature = "ssr")]
const LOCALE_COOKIE_MAX_AGE_SECS: u32 = 365 * 24 * 60 * 60;

/// Hands leptos_i18n the request's preferred languages, so that the locale
/// it resolves during SSR honours the shopper's explicit choice.
pub fn preferred_languages() -> UseLocalesOptions {
    #[cfg(feature = "ssr")]
    {
        UseLocalesOptions::default().ssr_lang_header_getter(preferred_languages_header)
    }
    #[cfg(not(feature = "ssr"))]
    {
        UseLocalesOptions::default()
    }
}

/// The languages the current request prefers, best first, as an
/// `Accept-Language` value: the cookie's choice, then what the browser sent.
#[cfg(feature = "ssr")]
fn preferred_languages_header() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    languages_in(&parts.headers)
}

/// The languages request `headers` prefer, as [`preferred_languages_header`].
#[cfg(feature = "ssr")]
fn languages_in(headers: &http::HeaderMap) -> Option<String> {
    let accept = headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let chosen = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| cookie_value(header, LOCALE_COOKIE));
    match (chosen, accept) {
        (Some(chosen), Some(accept)) => Some(format!("{chosen},{accept}")),
        (Some(chosen), None) => Some(chosen.to_owned()),
        (None, accept) => accept.map(str::to_owned),
    }
}

/// The locale of the current request, for messages a server function
/// writes (errors, mails) outside any page.
#[cfg(feature = "ssr")]
pub fn request_locale() -> Locale {
    locale_of(preferred_languages_header())
}

/// The locale of a request from its headers alone, for the HTTP layers
/// that answer before any server function runs.
#[cfg(feature = "ssr")]
pub fn headers_locale(headers: &http::HeaderMap) -> Locale {
    locale_of(languages_in(headers))
}

#[cfg(feature = "ssr")]
fn locale_of(preferred: Option<String>) -> Locale {
    let header = preferred.unwrap_or_default();
    let languages: Vec<&str> = header
        .split(',')
        .map(|lang| lang.split(';').next().unwrap_or_default().trim())
        .collect();
    Locale::find_locale(&languages)
}

/// The value of cookie `name` in a `Cookie` request header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value.trim_matches('"'))
    })
}

/// Remembers the shopper's language. Without JavaScript the footer's form
/// posts here and the browser is sent back to the page it came from.
#[server(prefix = "/api", endpoint = "i18n/locale")]
pub async fn set_locale(locale: String) -> Result<(), AppError> {
    let locale = locale.parse::<Locale>().map_err(|_| {
        let message = td_string!(request_locale(), errors.unknown_locale);
        AppError::BadRequest(message.to_string())
    })?;
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age={LOCALE_COOKIE_MAX_AGE_SECS}; SameSite=Lax",
        locale.as_str()
    );
    let response = expect_context::<leptos_axum::ResponseOptions>();
    let value = http::HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?;
    response.append_header(http::header::SET_COOKIE, value);
    crate::navigation::redirect_plain_form_back();
    Ok(())
}

/// The footer's language buttons: a plain form without JavaScript, an
/// instant switch with it.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let remember = ServerAction::<SetLocale>::new();
    let languages = [(Locale::en, "English"), (Locale::zh_CN, "简体中文")];

    view! {
        <div class="flex items-center gap-2 text-sm">
            <span class="text-gray-500">{t!(i18n, footer.language)}</span>
            {languages
                .into_iter()
                .map(|(locale, label)| {
                    let is_current = move || i18n.get_locale() == locale;
                    view! {
                        <form
                            method="post"
                            action=SetLocale::url()
                            on:submit=move |ev| {
                                ev.prevent_default();
                                i18n.set_locale(locale);
                                remember.dispatch(SetLocale { locale: locale.as_str().to_owned() });
                            }
                        >
                            <input type="hidden" name="locale" value=locale.as_str()/>
                            <button
                                type="submit"
                                lang=locale.as_str()
                                aria-pressed=move || is_current().to_string()
                                class="rounded px-2 py-1 hover:bg-gray-200 aria-pressed:font-semibold aria-pressed:text-rose-700"
                            >
                                {label}
                            </button>
                        </form>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_others() {
        let header = "session=abc; lang=zh-CN; theme=dark";
        assert_eq!(cookie_value(header, "lang"), Some("zh-CN"));
        assert_eq!(cookie_value(header, "session"), Some("abc"));
        assert_eq!(cookie_value(header, "missing"), None);
    }

    #[test]
    fn does_not_match_a_cookie_whose_name_only_ends_the_same() {
        assert_eq!(cookie_value("xlang=en", "lang"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn headers_alone_name_the_language_the_cookie_first() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(headers_locale(&headers), Locale::en);
        headers.insert(
            http::header::ACCEPT_LANGUAGE,
            "zh-CN,zh;q=0.9".parse().unwrap(),
        );
        assert_eq!(headers_locale(&headers), Locale::zh_CN);
        headers.insert(http::header::COOKIE, "lang=en".parse().unwrap());
        assert_eq!(headers_locale(&headers), Locale::en);
    }
}
