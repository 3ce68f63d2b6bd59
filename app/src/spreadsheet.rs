//! Text written into a CSV file that staff open in a spreadsheet. A cell
//! starting with `=`, `+`, `-`, `@`, a tab or a carriage return would run
//! as a formula on the staff's computer (CSV injection, OWASP); such a
//! value gets a leading `'`, which spreadsheets take as "this is text" and
//! do not show. Every export writes what people typed through here.

use std::borrow::Cow;

/// The value as a spreadsheet shows it, never as a formula.
pub fn text_cell(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_would_start_a_formula_is_marked_as_text() {
        assert_eq!(text_cell("Ada"), "Ada");
        assert_eq!(text_cell("a=b"), "a=b");
        assert_eq!(text_cell(""), "");
        for formula in ["=1+1", "+86 138", "-5", "@SUM(A1)", "\tx", "\r=1"] {
            assert_eq!(text_cell(formula), format!("'{formula}"), "{formula:?}");
        }
    }
}
