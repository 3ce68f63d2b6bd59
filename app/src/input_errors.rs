//! Refused form input: why a field was refused ([`FieldError`]), and the
//! one sentence, in the person's language, that tells them what to change.
//! Server functions validate; this words the refusal.

use crate::auth::password::{MAX_CHARS, MIN_CHARS, PasswordError};
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};

/// A field of a form and why its value was refused; the page shows the
/// message next to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldError {
    Required,
    TooLong { max: usize },
    Invalid,
}

/// The label of a form field, as the form shows it.
pub fn field_label(locale: Locale, field: &str) -> String {
    match field {
        "email" => td_string!(locale, fields.email),
        "password" => td_string!(locale, fields.password),
        "display_name" => td_string!(locale, fields.display_name),
        "phone" => td_string!(locale, fields.phone),
        "recipient" => td_string!(locale, fields.recipient),
        "region" => td_string!(locale, fields.region),
        "city" => td_string!(locale, fields.city),
        "district" => td_string!(locale, fields.district),
        "street" => td_string!(locale, fields.street),
        "postcode" => td_string!(locale, fields.postcode),
        other => return other.to_owned(),
    }
    .to_string()
}

pub fn field_message(locale: Locale, field: &str, err: FieldError) -> String {
    let field = field_label(locale, field);
    match err {
        FieldError::Required => td_string!(locale, forms.required, field = field),
        FieldError::TooLong { max } => td_string!(locale, forms.too_long, field = field, max = max),
        FieldError::Invalid => td_string!(locale, forms.invalid, field = field),
    }
    .to_string()
}

/// A 400 naming every refused field.
pub fn invalid_fields(locale: Locale, errors: &[(&str, FieldError)]) -> AppError {
    let sentences: Vec<String> = errors
        .iter()
        .map(|(field, err)| field_message(locale, field, *err))
        .collect();
    AppError::BadRequest(sentences.join(" "))
}

pub fn invalid_field(locale: Locale, field: &str, err: FieldError) -> AppError {
    invalid_fields(locale, &[(field, err)])
}

pub fn password_message(locale: Locale, err: PasswordError) -> String {
    match err {
        PasswordError::TooShort => td_string!(locale, auth.password_too_short, min = MIN_CHARS),
        PasswordError::TooLong => td_string!(locale, auth.password_too_long, max = MAX_CHARS),
        PasswordError::TooCommon => td_string!(locale, auth.password_too_common).to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_field_in_the_readers_language() {
        assert_eq!(
            field_message(Locale::en, "email", FieldError::Required),
            "Email is required."
        );
        assert_eq!(
            field_message(Locale::zh_CN, "email", FieldError::Required),
            "请填写邮箱。"
        );
        assert_eq!(
            field_message(Locale::en, "street", FieldError::TooLong { max: 200 }),
            "Street address can be at most 200 characters."
        );
    }

    #[test]
    fn several_refusals_make_one_message() {
        let err = invalid_fields(
            Locale::en,
            &[
                ("recipient", FieldError::Required),
                ("phone", FieldError::Invalid),
            ],
        );
        assert_eq!(
            err,
            AppError::BadRequest("Recipient is required. Phone number is not valid.".into())
        );
    }
}
