//! SKU prices and stock as a CSV file, for spreadsheets: one line per SKU,
//! written by the export and read back by the import, which changes only
//! price, original price and stock (matched by SKU code).

use serde::{Deserialize, Serialize};

use super::model::{RowProblem, SkuProblem, SkuRowInput};
use crate::spreadsheet::text_cell;

/// Lines an import may hold: a bigger change is several files.
pub const MAX_IMPORT_LINES: usize = 20_000;

/// One line of an export. The product and variant columns are there for
/// people; the import ignores them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuLine {
    pub product_slug: String,
    pub title: String,
    pub sku_code: String,
    pub variant: String,
    pub price: String,
    pub original_price: String,
    pub stock: String,
}

/// The lines as CSV. Titles and variants are written as spreadsheet text
/// (`crate::spreadsheet`); the columns the import reads are formats of
/// their own (codes, amounts) and go as they are.
pub fn export(lines: &[SkuLine]) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for line in lines {
        out.serialize(SkuLine {
            title: text_cell(&line.title).into_owned(),
            variant: text_cell(&line.variant).into_owned(),
            ..line.clone()
        })?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

/// A line of an import, by its number in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLine {
    pub line: usize,
    pub code: String,
    pub input: SkuRowInput,
}

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Not CSV, or a line that cannot be read.
    Unreadable {
        line: usize,
    },
    /// The header lacks a column the import needs.
    MissingColumn(&'static str),
    TooLong,
    Empty,
}

#[derive(Deserialize)]
struct Wanted {
    sku_code: String,
    price: String,
    #[serde(default)]
    original_price: String,
    stock: String,
}

/// Reads the lines of an import, refusing the file as a whole when it is
/// not a readable CSV with the columns the import needs.
pub fn read_import(text: &str) -> Result<Vec<ImportLine>, FileProblem> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| FileProblem::Unreadable { line: 1 })?
        .clone();
    for column in ["sku_code", "price", "stock"] {
        if !headers.iter().any(|h| h == column) {
            return Err(FileProblem::MissingColumn(column));
        }
    }
    let mut lines = Vec::new();
    for (at, record) in reader.deserialize::<Wanted>().enumerate() {
        let line = at + 2;
        let wanted = record.map_err(|_| FileProblem::Unreadable { line })?;
        if lines.len() == MAX_IMPORT_LINES {
            return Err(FileProblem::TooLong);
        }
        lines.push(ImportLine {
            line,
            code: wanted.sku_code,
            input: SkuRowInput {
                id: 0,
                price: wanted.price,
                original_price: wanted.original_price,
                stock: wanted.stock,
            },
        });
    }
    if lines.is_empty() {
        return Err(FileProblem::Empty);
    }
    Ok(lines)
}

/// Codes named twice, as problems of their second and later lines.
pub fn duplicate_codes(lines: &[ImportLine]) -> Vec<RowProblem> {
    let mut seen = std::collections::HashSet::new();
    lines
        .iter()
        .filter(|l| !seen.insert(l.code.as_str()))
        .map(|l| RowProblem {
            row: l.line,
            problem: SkuProblem::DuplicateCode,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(code: &str, price: &str) -> SkuLine {
        SkuLine {
            product_slug: "acme-buds".into(),
            title: "Acme, \"Pro\" 耳机".into(),
            sku_code: code.into(),
            variant: "Black / M".into(),
            price: price.into(),
            original_price: String::new(),
            stock: "4".into(),
        }
    }

    #[test]
    fn an_export_reads_back_as_an_import() {
        let text = export(&[line("A-1", "199.00"), line("A-2", "5.50")]).unwrap();
        assert!(
            text.starts_with("product_slug,title,sku_code,variant,price,original_price,stock\n")
        );
        let lines = read_import(&text).unwrap();
        let read: Vec<(usize, &str, &str)> = lines
            .iter()
            .map(|l| (l.line, l.code.as_str(), l.input.price.as_str()))
            .collect();
        assert_eq!(read, [(2, "A-1", "199.00"), (3, "A-2", "5.50")]);
    }

    #[test]
    fn a_title_that_looks_like_a_formula_is_exported_as_text() {
        let mut hostile = line("A-1", "199.00");
        hostile.title = "=HYPERLINK(\"http://x\")".into();
        hostile.variant = "+1".into();
        let text = export(&[hostile]).unwrap();
        let row = text.lines().nth(1).unwrap();
        assert!(row.contains("\"'=HYPERLINK("), "{row}");
        assert!(row.contains(",'+1,"), "{row}");
        assert_eq!(read_import(&text).unwrap()[0].code, "A-1");
    }

    #[test]
    fn files_without_the_needed_columns_or_lines_are_refused() {
        assert_eq!(
            read_import("sku_code,stock\nA-1,3\n"),
            Err(FileProblem::MissingColumn("price"))
        );
        assert_eq!(
            read_import("sku_code,price,stock\n"),
            Err(FileProblem::Empty)
        );
        assert_eq!(
            read_import("sku_code,price,stock\nA-1,1,2\nA-2,1\n"),
            Err(FileProblem::Unreadable { line: 3 })
        );
    }

    #[test]
    fn a_code_named_twice_is_a_problem_of_its_second_line() {
        let lines = read_import("sku_code,price,stock\nA,1,1\nB,1,1\nA,2,2\n").unwrap();
        assert_eq!(
            duplicate_codes(&lines),
            [RowProblem {
                row: 4,
                problem: SkuProblem::DuplicateCode
            }]
        );
    }
}
