//! What a member's details may look like. Each type can only hold a valid
//! value: parse at the edge (the server function), trust it inside.

use serde::{Deserialize, Serialize};

pub use crate::input_errors::FieldError;

fn bounded(raw: &str, max: usize) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    if value.chars().count() > max {
        return Err(FieldError::TooLong { max });
    }
    Ok(value.to_owned())
}

/// An email address, trimmed and in lower case: the same address however
/// it was typed, so it is unique per member.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        // Bounded once lower-cased, as it is stored: `İ` lower-cases to
        // two characters, and the column holds 254.
        let email = bounded(&raw.to_lowercase(), Self::MAX_CHARS)?;
        let (local, domain) = email.split_once('@').ok_or(FieldError::Invalid)?;
        let plausible = !local.is_empty()
            && local.len() <= 64
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if plausible {
            Ok(Self(email))
        } else {
            Err(FieldError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name shown in the header and on orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = bounded(raw, Self::MAX_CHARS)?;
        if name.chars().any(char::is_control) {
            return Err(FieldError::Invalid);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number: digits, optionally with a leading `+`; spaces and
/// dashes typed for readability are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
            .collect();
        if compact.is_empty() {
            return Err(FieldError::Required);
        }
        let digits = compact.strip_prefix('+').unwrap_or(&compact);
        let valid = (5..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
        if valid {
            Ok(Self(compact))
        } else {
            Err(FieldError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A profile as the member edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub email: String,
    pub display_name: String,
    pub phone: Option<String>,
}

/// An address as typed in the form, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressForm {
    pub recipient: String,
    pub phone: String,
    pub region: String,
    pub city: String,
    pub district: String,
    pub street: String,
    pub postcode: String,
}

/// A checked address, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressInput {
    pub recipient: String,
    pub phone: Phone,
    pub region: String,
    pub city: String,
    /// Not every city has districts.
    pub district: String,
    pub street: String,
    /// Many shoppers do not know theirs; optional.
    pub postcode: String,
}

/// Every field of an address form that was refused, by field name.
pub type AddressErrors = Vec<(&'static str, FieldError)>;

impl AddressForm {
    pub fn parse(&self) -> Result<AddressInput, AddressErrors> {
        let mut errors = AddressErrors::new();
        let mut check = |field: &'static str, result: Result<String, FieldError>| match result {
            Ok(value) => value,
            Err(err) => {
                errors.push((field, err));
                String::new()
            }
        };
        let recipient = check("recipient", bounded(&self.recipient, 40));
        let region = check("region", bounded(&self.region, 40));
        let city = check("city", bounded(&self.city, 40));
        let district = match self.district.trim() {
            "" => String::new(),
            _ => check("district", bounded(&self.district, 40)),
        };
        let street = check("street", bounded(&self.street, 200));
        let postcode = self.postcode.trim().to_owned();
        let postcode_ok = postcode.len() <= 10
            && postcode
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
        if !postcode_ok {
            errors.push(("postcode", FieldError::Invalid));
        }
        let phone = Phone::parse(&self.phone)
            .map_err(|err| errors.push(("phone", err)))
            .ok();
        match phone {
            Some(phone) if errors.is_empty() => Ok(AddressInput {
                recipient,
                phone,
                region,
                city,
                district,
                street,
                postcode,
            }),
            _ => Err(errors),
        }
    }
}

/// An address in the member's address book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub id: i64,
    pub recipient: String,
    pub phone: String,
    pub region: String,
    pub city: String,
    pub district: String,
    pub street: String,
    pub postcode: String,
    pub is_default: bool,
}

impl Address {
    /// One line, in the order a Chinese courier reads it.
    pub fn one_line(&self) -> String {
        [&self.region, &self.city, &self.district, &self.street]
            .into_iter()
            .filter(|part| !part.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A member as the back office lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSummary {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub phone: Option<String>,
    pub active: bool,
    /// Closed by the member: anonymised, never to be enabled again.
    pub closed: bool,
    /// RFC 3339, UTC.
    pub joined: String,
}

/// How many addresses one member may keep.
pub const MAX_ADDRESSES: usize = 20;

/// Whether a member may log in and shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountStatus {
    Active,
    Disabled,
    /// Closed by its owner: personal data erased, the row kept only so
    /// that orders still point somewhere.
    Closed,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Disabled => "disabled",
            AccountStatus::Closed => "closed",
        }
    }

    pub fn parse(stored: &str) -> Self {
        match stored {
            "active" => Self::Active,
            "closed" => Self::Closed,
            // Anything else cannot log in.
            _ => Self::Disabled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
    }

    #[test]
    fn implausible_emails_are_refused() {
        for raw in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@.com",
            "ada@example.",
            "a b@example.com",
            "ada@ex@ample.com",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw:?}");
        }
    }

    #[test]
    fn emails_are_bounded_as_stored_not_as_typed() {
        let typed = format!("a@{}.cn", "İ".repeat(200));
        assert!(typed.chars().count() <= Email::MAX_CHARS);
        assert_eq!(
            Email::parse(&typed),
            Err(FieldError::TooLong {
                max: Email::MAX_CHARS
            })
        );
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse(" 王小明 ").unwrap().as_str(), "王小明");
        assert_eq!(DisplayName::parse("   "), Err(FieldError::Required));
        assert_eq!(
            DisplayName::parse(&"长".repeat(41)),
            Err(FieldError::TooLong { max: 40 })
        );
    }

    #[test]
    fn phones_keep_digits_and_a_leading_plus() {
        assert_eq!(
            Phone::parse("138 0013-8000").unwrap().as_str(),
            "13800138000"
        );
        assert_eq!(
            Phone::parse("+86 138 0013 8000").unwrap().as_str(),
            "+8613800138000"
        );
        assert_eq!(Phone::parse("1234"), Err(FieldError::Invalid));
        assert_eq!(Phone::parse("138-abc-8000"), Err(FieldError::Invalid));
        assert_eq!(Phone::parse(""), Err(FieldError::Required));
    }

    fn form() -> AddressForm {
        AddressForm {
            recipient: "王小明".into(),
            phone: "13800138000".into(),
            region: "浙江省".into(),
            city: "杭州市".into(),
            district: "西湖区".into(),
            street: "文三路 100 号".into(),
            postcode: "310000".into(),
        }
    }

    #[test]
    fn a_complete_address_is_accepted() {
        let address = form().parse().unwrap();
        assert_eq!(address.city, "杭州市");
        assert_eq!(address.phone.as_str(), "13800138000");
    }

    #[test]
    fn district_and_postcode_may_be_left_out() {
        let address = AddressForm {
            district: " ".into(),
            postcode: "".into(),
            ..form()
        }
        .parse()
        .unwrap();
        assert_eq!(address.district, "");
        assert_eq!(address.postcode, "");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = AddressForm {
            recipient: "".into(),
            phone: "12".into(),
            street: "x".repeat(201),
            postcode: "31000#".into(),
            ..form()
        };
        let errors = bad.parse().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(field, _)| *field).collect();
        assert_eq!(fields, ["recipient", "street", "postcode", "phone"]);
    }

    #[test]
    fn an_address_reads_on_one_line() {
        let address = Address {
            id: 1,
            recipient: "王小明".into(),
            phone: "13800138000".into(),
            region: "浙江省".into(),
            city: "杭州市".into(),
            district: "".into(),
            street: "文三路 100 号".into(),
            postcode: "".into(),
            is_default: true,
        };
        assert_eq!(address.one_line(), "浙江省 杭州市 文三路 100 号");
    }
}
