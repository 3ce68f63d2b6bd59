//! A product's texts and structure as staff type them, and the rules they
//! must pass before anything is written: the product page, the search
//! index and the SKU codes all depend on them.

use serde::{Deserialize, Serialize};

use super::model::MAX_STOCK;
use super::taxonomy::model::check_slug;
use crate::money::parse_price;

pub const MAX_TITLE: usize = 120;
pub const MAX_SUBTITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 20_000;
pub const MAX_ATTRIBUTES: usize = 30;
pub const MAX_SPECS: usize = 3;
pub const MAX_SPEC_VALUES: usize = 20;
/// Every combination of spec values is a SKU; past this it is a typo.
pub const MAX_SKUS: usize = 200;

/// What staff typed in the product form. Attributes are one `Name: value`
/// per line; specs (new products only) one `Colour: Black, White` per line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    pub title: String,
    #[serde(default)]
    pub subtitle: String,
    #[serde(default)]
    pub slug: String,
    pub category: String,
    #[serde(default)]
    pub brand: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub attributes: String,
}

/// The checked texts of a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductDetails {
    pub title: String,
    pub subtitle: String,
    /// `None`: staff left it empty and the title has no Latin words to make one from.
    pub slug: Option<String>,
    pub category_id: i64,
    pub brand_id: Option<i64>,
    pub description: String,
    pub attributes: Vec<(String, String)>,
}

/// The spec dimensions of a new product and the starting price and
/// stock of each of its SKUs (edited one by one afterwards in the grid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductStructure {
    pub specs: Vec<(String, Vec<String>)>,
    pub price: i64,
    pub stock: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductProblem {
    Title,
    Subtitle,
    Slug,
    SlugTaken,
    Category,
    Brand,
    Description,
    /// Line `n` (1-based) of the attributes is not `Name: value`.
    Attribute(usize),
    TooManyAttributes,
    /// Line `n` of the specs is not `Name: value, value`, or repeats a name or value.
    Spec(usize),
    TooManySpecs,
    TooManySkus,
    Price,
    Stock,
    SkuCodeTaken,
}

/// Checks the texts. Category and brand are checked to be numbers here;
/// that they exist is the caller's job (it has the taxonomy).
pub fn check_details(form: &ProductForm) -> Result<ProductDetails, Vec<ProductProblem>> {
    let mut problems = Vec::new();
    let title = bounded(&form.title, 1, MAX_TITLE).unwrap_or_else(|| {
        problems.push(ProductProblem::Title);
        String::new()
    });
    let subtitle = bounded(&form.subtitle, 0, MAX_SUBTITLE).unwrap_or_else(|| {
        problems.push(ProductProblem::Subtitle);
        String::new()
    });
    let slug = if form.slug.trim().is_empty() {
        slugify(&title)
    } else {
        check_slug(&form.slug)
            .map_err(|_| problems.push(ProductProblem::Slug))
            .ok()
    };
    let category_id = form.category.trim().parse::<i64>().unwrap_or_else(|_| {
        problems.push(ProductProblem::Category);
        0
    });
    let brand_id = match form.brand.trim() {
        "" => None,
        id => id
            .parse::<i64>()
            .map_err(|_| problems.push(ProductProblem::Brand))
            .ok(),
    };
    let description = form.description.trim().to_owned();
    if description.chars().count() > MAX_DESCRIPTION {
        problems.push(ProductProblem::Description);
    }
    let attributes = parse_attributes(&form.attributes).unwrap_or_else(|problem| {
        problems.push(problem);
        Vec::new()
    });
    if problems.is_empty() {
        Ok(ProductDetails {
            title,
            subtitle,
            slug,
            category_id,
            brand_id,
            description,
            attributes,
        })
    } else {
        Err(problems)
    }
}

pub fn check_structure(
    specs: &str,
    price: &str,
    stock: &str,
) -> Result<ProductStructure, Vec<ProductProblem>> {
    let mut problems = Vec::new();
    let specs = parse_specs(specs).unwrap_or_else(|problem| {
        problems.push(problem);
        Vec::new()
    });
    let price = parse_price(price).filter(|p| *p > 0).unwrap_or_else(|| {
        problems.push(ProductProblem::Price);
        0
    });
    let stock = stock
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|s| (0..=MAX_STOCK).contains(s))
        .unwrap_or_else(|| {
            problems.push(ProductProblem::Stock);
            0
        });
    if problems.is_empty() {
        Ok(ProductStructure {
            specs,
            price,
            stock,
        })
    } else {
        Err(problems)
    }
}

fn bounded(text: &str, min: usize, max: usize) -> Option<String> {
    let text = text.trim();
    let length = text.chars().count();
    ((min..=max).contains(&length) && !text.chars().any(char::is_control)).then(|| text.to_owned())
}

/// `Name: value` (an ASCII or a full-width colon), or `None`.
fn name_value(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once([':', '：'])?;
    let (name, value) = (name.trim(), value.trim());
    (!name.is_empty() && !value.is_empty()).then_some((name, value))
}

pub fn parse_attributes(text: &str) -> Result<Vec<(String, String)>, ProductProblem> {
    let mut attributes = Vec::new();
    for (at, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (name, value) = name_value(line)
            .filter(|(name, value)| name.chars().count() <= 40 && value.chars().count() <= 200)
            .ok_or(ProductProblem::Attribute(at + 1))?;
        attributes.push((name.to_owned(), value.to_owned()));
    }
    if attributes.len() > MAX_ATTRIBUTES {
        return Err(ProductProblem::TooManyAttributes);
    }
    Ok(attributes)
}

/// `Colour: Black, White` lines; values split on commas (also `，` and `、`).
pub fn parse_specs(text: &str) -> Result<Vec<(String, Vec<String>)>, ProductProblem> {
    let mut specs: Vec<(String, Vec<String>)> = Vec::new();
    for (at, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = ProductProblem::Spec(at + 1);
        let (name, values) = name_value(line).ok_or(bad)?;
        let values: Vec<String> = values
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect();
        let repeated = values
            .iter()
            .enumerate()
            .any(|(i, v)| values[..i].contains(v));
        if values.is_empty()
            || values.len() > MAX_SPEC_VALUES
            || repeated
            || name.chars().count() > 20
            || values.iter().any(|v| v.chars().count() > 40)
            || specs.iter().any(|(other, _)| other == name)
        {
            return Err(bad);
        }
        specs.push((name.to_owned(), values));
    }
    if specs.len() > MAX_SPECS {
        return Err(ProductProblem::TooManySpecs);
    }
    if combinations(&specs).len() > MAX_SKUS {
        return Err(ProductProblem::TooManySkus);
    }
    Ok(specs)
}

/// Every combination of one value per spec, as value indexes in spec
/// order, the first spec changing slowest. No specs: one plain SKU.
pub fn combinations(specs: &[(String, Vec<String>)]) -> Vec<Vec<usize>> {
    let mut all = vec![Vec::new()];
    for (_, values) in specs {
        // Stops early rather than building a huge list from a typo.
        if all.len() > MAX_SKUS {
            break;
        }
        all = all
            .into_iter()
            .flat_map(|prefix| {
                (0..values.len()).map(move |at| {
                    let mut next = prefix.clone();
                    next.push(at);
                    next
                })
            })
            .collect();
    }
    all
}

/// A URL slug from a title's Latin letters and digits (`"Aurora Buds 2"` →
/// `aurora-buds-2`); `None` for a title without any.
pub fn slugify(title: &str) -> Option<String> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut slug = String::new();
    for word in words {
        if slug.len() + word.len() + 1 > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    (!slug.is_empty()).then_some(slug)
}

/// SKU codes for a new product: its slug in capitals and a number.
pub fn sku_code(slug: &str, at: usize) -> String {
    let stem: String = slug.to_ascii_uppercase().chars().take(48).collect();
    format!("{stem}-{:02}", at + 1)
}

/// Attributes back into the text area's lines.
pub fn attributes_text(attributes: &[(String, String)]) -> String {
    attributes
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(title: &str) -> ProductForm {
        ProductForm {
            title: title.into(),
            category: "3".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_minimal_product_needs_a_title_and_a_category() {
        let details = check_details(&form(" Aurora Buds 2 ")).unwrap();
        assert_eq!(details.title, "Aurora Buds 2");
        assert_eq!(details.slug.as_deref(), Some("aurora-buds-2"));
        assert_eq!(details.category_id, 3);
        assert_eq!(details.brand_id, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = ProductForm {
            title: "  ".into(),
            slug: "Not A Slug".into(),
            category: "x".into(),
            brand: "y".into(),
            attributes: "Weight: 20 g\nno colon here".into(),
            ..Default::default()
        };
        assert_eq!(
            check_details(&bad).unwrap_err(),
            [
                ProductProblem::Title,
                ProductProblem::Slug,
                ProductProblem::Category,
                ProductProblem::Brand,
                ProductProblem::Attribute(2),
            ]
        );
    }

    #[test]
    fn a_chinese_title_leaves_the_slug_to_the_shop() {
        assert_eq!(check_details(&form("无线蓝牙耳机")).unwrap().slug, None);
        assert_eq!(
            slugify("小米 Air 2 Pro（白色）").as_deref(),
            Some("air-2-pro")
        );
    }

    #[test]
    fn attributes_accept_full_width_colons_and_skip_blank_lines() {
        assert_eq!(
            parse_attributes("产地：深圳\n\n Weight : 20 g ").unwrap(),
            [
                ("产地".into(), "深圳".into()),
                ("Weight".into(), "20 g".into())
            ]
        );
    }

    #[test]
    fn specs_become_every_combination_of_their_values() {
        let specs = parse_specs("Colour: Black, White\n容量：128GB、256GB、512GB").unwrap();
        assert_eq!(specs[1].1, ["128GB", "256GB", "512GB"]);
        let all = combinations(&specs);
        assert_eq!(all.len(), 6);
        assert_eq!(all[0], [0, 0]);
        assert_eq!(all[1], [0, 1]);
        assert_eq!(all[5], [1, 2]);
        assert_eq!(combinations(&[]), [Vec::<usize>::new()]);
    }

    #[test]
    fn bad_specs_name_their_line() {
        assert_eq!(
            parse_specs("Colour: Black\nSize"),
            Err(ProductProblem::Spec(2))
        );
        assert_eq!(
            parse_specs("Colour: Black, Black"),
            Err(ProductProblem::Spec(1))
        );
        assert_eq!(
            parse_specs("Colour: Black\nColour: White"),
            Err(ProductProblem::Spec(2))
        );
        assert_eq!(
            parse_specs("A: 1\nB: 1\nC: 1\nD: 1"),
            Err(ProductProblem::TooManySpecs)
        );
        let wide = (0..20).map(|n| n.to_string()).collect::<Vec<_>>().join(",");
        assert_eq!(
            parse_specs(&format!("A: {wide}\nB: {wide}")),
            Err(ProductProblem::TooManySkus)
        );
    }

    #[test]
    fn the_starting_price_and_stock_are_checked_like_the_grid() {
        let ok = check_structure("", "199.9", "5").unwrap();
        assert_eq!((ok.price, ok.stock), (19_990, 5));
        assert_eq!(
            check_structure("", "0", "-1").unwrap_err(),
            [ProductProblem::Price, ProductProblem::Stock]
        );
    }

    #[test]
    fn sku_codes_follow_the_slug() {
        assert_eq!(sku_code("aurora-buds-2", 0), "AURORA-BUDS-2-01");
        assert_eq!(sku_code("aurora-buds-2", 11), "AURORA-BUDS-2-12");
    }
}
