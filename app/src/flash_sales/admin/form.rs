//! Reading the new-session form: the items come as lines of
//! `SKU code, flash price in yuan, flash stock, limit per member`.

use crate::money::parse_price;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLine {
    pub sku_code: String,
    pub flash_price: i64,
    pub stock: i32,
    pub per_member_limit: i32,
}

/// Which line is wrong (counting from 1), and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct LineError {
    pub line: usize,
    pub reason: &'static str,
}

pub fn parse_items(text: &str) -> Result<Vec<ItemLine>, LineError> {
    text.lines()
        .enumerate()
        .filter(|(_, raw)| !raw.trim().is_empty())
        .map(|(n, raw)| {
            parse_line(raw).map_err(|reason| LineError {
                line: n + 1,
                reason,
            })
        })
        .collect()
}

fn parse_line(raw: &str) -> Result<ItemLine, &'static str> {
    let fields: Vec<&str> = raw.split([',', '，']).map(str::trim).collect();
    let [code, price, stock, limit] = fields[..] else {
        return Err("expected: SKU code, flash price, flash stock, limit per member");
    };
    if code.is_empty() {
        return Err("the SKU code is missing");
    }
    let flash_price = parse_price(price)
        .filter(|p| *p > 0)
        .ok_or("the flash price must be an amount above zero, e.g. 9.90")?;
    let stock = stock
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or("the flash stock must be a whole number above zero")?;
    let per_member_limit = limit
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or("the limit per member must be a whole number above zero")?;
    Ok(ItemLine {
        sku_code: code.to_owned(),
        flash_price,
        stock,
        per_member_limit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_item_a_line_skipping_blank_lines() {
        let items = parse_items("LAMP-1, 9.90, 100, 1\n\n  EAR-2，19，5，2  \n").unwrap();
        assert_eq!(
            items,
            vec![
                ItemLine {
                    sku_code: "LAMP-1".into(),
                    flash_price: 990,
                    stock: 100,
                    per_member_limit: 1
                },
                ItemLine {
                    sku_code: "EAR-2".into(),
                    flash_price: 1_900,
                    stock: 5,
                    per_member_limit: 2
                },
            ]
        );
    }

    #[test]
    fn names_the_line_and_the_field_that_is_wrong() {
        let err = parse_items("LAMP-1, 9.90, 100, 1\nEAR-2, free, 5, 1").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("flash price"));
        assert_eq!(
            parse_items("A, 1, 0, 1").unwrap_err().reason,
            "the flash stock must be a whole number above zero"
        );
        assert!(
            parse_items("A, 1, 5, -1")
                .unwrap_err()
                .reason
                .contains("limit")
        );
        assert!(
            parse_items("A, 1, 5")
                .unwrap_err()
                .reason
                .starts_with("expected")
        );
        assert!(
            parse_items(" , 1, 5, 1")
                .unwrap_err()
                .reason
                .contains("SKU code")
        );
        assert_eq!(parse_items("\n  \n").unwrap(), vec![]);
    }
}
