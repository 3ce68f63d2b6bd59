//! The one error type that crosses the wire from server functions to pages.
//!
//! Every variant maps to an HTTP status and to a message a person can read.
//! Internal details (SQL, I/O, panics) never reach this type: they are logged
//! where they happen and surface here only as [`AppError::Internal`].

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::{Bytes, Encodes};
use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, td_string};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The input was rejected; the message says why, in the shopper's language.
    #[error("{0}")]
    BadRequest(String),
    #[error("you need to log in")]
    Unauthorized,
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The request clashes with the current state (already taken, sold out...);
    /// the message says what, in the shopper's language.
    #[error("{0}")]
    Conflict(String),
    /// The request's body is larger than the shop reads for it.
    #[error("request too large")]
    TooLarge,
    #[error("too many requests")]
    TooManyRequests,
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// The request never got a proper answer (network down, bad encoding).
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) => 400,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::TooLarge => 413,
            AppError::TooManyRequests => 429,
            AppError::Unavailable => 503,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl AppError {
    /// A request whose arguments cannot be read (not UTF-8, not the
    /// fields a function takes, a NUL character): 400, said plainly.
    pub fn unreadable(locale: Locale) -> Self {
        AppError::BadRequest(td_string!(locale, errors.unreadable).to_string())
    }

    /// What to tell the person who made the request, in their language.
    pub fn user_message(&self, locale: Locale) -> String {
        match self {
            AppError::BadRequest(message) | AppError::Conflict(message) => message.clone(),
            AppError::Unauthorized => td_string!(locale, errors.unauthorized).to_string(),
            AppError::Forbidden => td_string!(locale, errors.forbidden).to_string(),
            AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
            AppError::TooLarge => td_string!(locale, errors.too_large).to_string(),
            AppError::TooManyRequests => td_string!(locale, errors.too_many_requests).to_string(),
            AppError::Unavailable => td_string!(locale, errors.unavailable).to_string(),
            AppError::Internal => td_string!(locale, errors.internal).to_string(),
            AppError::Transport(_) => td_string!(locale, errors.transport).to_string(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server these are a request that could not be read: the
        // caller's fault (400, or 413 past the body limit), told in their
        // language, with the decoder's own words kept for the log only.
        #[cfg(feature = "ssr")]
        match value {
            ServerFnErrorErr::Args(detail)
            | ServerFnErrorErr::MissingArg(detail)
            | ServerFnErrorErr::Deserialization(detail) => {
                tracing::debug!(%detail, "a request's arguments did not decode");
                if detail.contains("length limit exceeded") {
                    AppError::TooLarge
                } else {
                    AppError::unreadable(crate::locale::request_locale())
                }
            }
            other => {
                tracing::warn!(error = %other, "a server function failed outside its body");
                AppError::Transport(String::new())
            }
        }
        // In the browser they are the answer that did not come back right.
        #[cfg(not(feature = "ssr"))]
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::BadRequest(msg)
            }
            other => AppError::Transport(other.to_string()),
        }
    }

    /// Encoding the error is the moment a server function's failure becomes an
    /// HTTP response, so this is where its status is set: every server function
    /// gets the right status without repeating it. A plain HTML form (no
    /// JavaScript) is the exception: it must get its redirect back to the
    /// page, which then shows the error. (On the client, and when a page
    /// calls a server function during SSR, there is no response to set.)
    fn ser(&self) -> Bytes {
        #[cfg(feature = "ssr")]
        if !crate::navigation::is_plain_form()
            && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
            && let Ok(status) = http::StatusCode::from_u16(self.status())
        {
            response.set_status(status);
            if matches!(self, AppError::TooManyRequests) {
                // Login and reset throttles count in 15-minute windows;
                // a minute is when trying again can first make sense.
                response.insert_header(
                    http::header::RETRY_AFTER,
                    http::HeaderValue::from_static("60"),
                );
            }
        }
        <JsonEncoding as Encodes<Self>>::encode(self)
            .unwrap_or_else(|_| Bytes::from_static(b"\"Internal\""))
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_maps_to_an_http_error_status() {
        let all = [
            AppError::BadRequest("x".into()),
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Conflict("x".into()),
            AppError::TooLarge,
            AppError::TooManyRequests,
            AppError::Unavailable,
            AppError::Internal,
            AppError::Transport("x".into()),
        ];
        for err in all {
            assert!((400..600).contains(&err.status()), "{err:?}");
        }
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::TooManyRequests.status(), 429);
    }

    #[test]
    fn undecodable_arguments_are_the_callers_fault() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args("bad".into()));
        assert_eq!(err.status(), 400);
    }

    /// What the decoder says (serde's words, limits, byte offsets) is for
    /// the log; the caller gets the status and a sentence for people.
    #[cfg(feature = "ssr")]
    #[test]
    fn unreadable_and_oversized_bodies_are_told_plainly() {
        let garbled = AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(
            "invalid utf-8 sequence of 1 bytes from index 3".into(),
        ));
        assert_eq!(garbled.status(), 400);
        assert!(!garbled.to_string().contains("utf-8"), "{garbled}");
        let huge = AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(
            "length limit exceeded".into(),
        ));
        assert_eq!(huge, AppError::TooLarge);
        assert_eq!(huge.status(), 413);
        let other = AppError::from_server_fn_error(ServerFnErrorErr::Request("at 10.0.0.7".into()));
        assert!(!format!("{other:?}").contains("10.0.0.7"), "{other:?}");
    }

    #[test]
    fn internal_details_never_reach_the_message() {
        let err = AppError::Transport("connection reset by 10.0.0.7:5432".into());
        for locale in [Locale::en, Locale::zh_CN] {
            assert!(!err.user_message(locale).contains("10.0.0.7"));
        }
    }

    #[test]
    fn messages_follow_the_language() {
        assert_ne!(
            AppError::Forbidden.user_message(Locale::en),
            AppError::Forbidden.user_message(Locale::zh_CN)
        );
    }

    #[test]
    fn errors_survive_the_wire() {
        let err = AppError::Conflict("sold out".into());
        let bytes = err.ser();
        assert_eq!(AppError::de(bytes), err);
    }
}
