//! Money as the shop handles it: an `i64` count of fen (the smallest unit
//! of the yuan), never a float. Formatting for shoppers, formatting for
//! staff's forms, and reading what staff type, in one place for every
//! centre.

/// A price as shown to shoppers: `¥12.34`. Money is always an `i64` count
/// of fen; it never passes through a float.
pub fn format_price(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}¥{}", unsigned_decimal(minor.unsigned_abs()))
}

/// An amount as a plain decimal in yuan, `1234.56` or `-2.50`: what staff
/// type into forms (read back by [`parse_price`]) and spreadsheets read.
pub fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}", unsigned_decimal(minor.unsigned_abs()))
}

fn unsigned_decimal(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// The dearest price staff may set: ¥10,000,000.00.
pub const MAX_PRICE: i64 = 1_000_000_000;

/// A price typed by staff (`199`, `199.9`, `¥1,299.00`) in fen. Refuses
/// anything else: negative amounts, a third decimal, letters, more than
/// [`MAX_PRICE`]. Parsed as text, never through a float.
pub fn parse_price(text: &str) -> Option<i64> {
    let text = text.trim().trim_start_matches('¥').replace(',', "");
    let (yuan, fen) = match text.split_once('.') {
        Some((yuan, fen)) => (yuan, fen),
        None => (text.as_str(), "00"),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(yuan) || !digits(fen) || fen.len() > 2 || yuan.len() > 10 {
        return None;
    }
    let fen: i64 = format!("{fen:0<2}").parse().ok()?;
    let minor = yuan
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(fen)?;
    (minor <= MAX_PRICE).then_some(minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_shown_in_yuan_with_two_decimals() {
        assert_eq!(format_price(0), "¥0.00");
        assert_eq!(format_price(5), "¥0.05");
        assert_eq!(format_price(19_900), "¥199.00");
        assert_eq!(format_price(123_456), "¥1234.56");
        assert_eq!(format_price(-250), "-¥2.50");
        assert_eq!(format_price(i64::MIN), "-¥92233720368547758.08");
    }

    #[test]
    fn decimals_keep_their_fen_and_sign() {
        assert_eq!(decimal(5), "0.05");
        assert_eq!(decimal(100), "1.00");
        assert_eq!(decimal(-250), "-2.50");
        assert_eq!(decimal(129_905), "1299.05");
        assert_eq!(parse_price(&decimal(129_905)), Some(129_905));
    }

    #[test]
    fn typed_prices_become_fen_and_nonsense_is_refused() {
        assert_eq!(parse_price("199"), Some(19_900));
        assert_eq!(parse_price(" 199.9 "), Some(19_990));
        assert_eq!(parse_price("¥1,299.05"), Some(129_905));
        assert_eq!(parse_price("0.01"), Some(1));
        assert_eq!(parse_price("10000000"), Some(MAX_PRICE));
        for bad in [
            "",
            "-5",
            "1.234",
            "12a",
            "1e3",
            ".5",
            "5.",
            "10000000.01",
            "99999999999999",
        ] {
            assert_eq!(parse_price(bad), None, "{bad:?}");
        }
    }
}
