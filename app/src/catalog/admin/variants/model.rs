//! The rules for changing a product's variants after it was created:
//! adding a value to one of its specs, and retiring or restoring a SKU.
//!
//! SKUs are never deleted: orders and carts keep pointing at them, so a
//! variant that is no longer sold is retired instead, which hides it from
//! shoppers and keeps its history.

use serde::{Deserialize, Serialize};

use crate::catalog::admin::product_input::{MAX_SKUS, MAX_SPEC_VALUES};

/// The longest spec value, as the creation form allows.
pub const MAX_VALUE_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminSpec {
    pub id: i64,
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantProblem {
    /// The value is empty or longer than [`MAX_VALUE_CHARS`].
    Value,
    /// The spec already has this value.
    DuplicateValue,
    TooManyValues,
    /// The new SKUs would take the product past [`MAX_SKUS`].
    TooManySkus,
    Price,
    /// A product keeps at least one SKU on sale.
    LastActiveSku,
}

/// The new value's name, trimmed, if the spec can take it. Values are
/// compared without regard to case: "black" beside "Black" would show
/// shoppers two buttons for one colour.
pub fn check_new_value(spec: &AdminSpec, value: &str) -> Result<String, VariantProblem> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > MAX_VALUE_CHARS {
        return Err(VariantProblem::Value);
    }
    let lower = value.to_lowercase();
    if spec.values.iter().any(|v| v.to_lowercase() == lower) {
        return Err(VariantProblem::DuplicateValue);
    }
    if spec.values.len() >= MAX_SPEC_VALUES {
        return Err(VariantProblem::TooManyValues);
    }
    Ok(value.to_owned())
}

/// The combinations a new value of spec `spec_at` brings, as value indexes
/// in spec order: the new value (index = the spec's current length) with
/// every value of every other spec. Refused when the product would end up
/// with more SKUs than a new product may have.
pub fn new_combinations(
    specs: &[AdminSpec],
    spec_at: usize,
    existing_skus: usize,
) -> Result<Vec<Vec<usize>>, VariantProblem> {
    let mut all = vec![Vec::new()];
    for (at, spec) in specs.iter().enumerate() {
        let choices: Vec<usize> = if at == spec_at {
            vec![spec.values.len()]
        } else {
            (0..spec.values.len()).collect()
        };
        all = all
            .into_iter()
            .flat_map(|prefix| {
                choices.iter().map(move |&choice| {
                    let mut next = prefix.clone();
                    next.push(choice);
                    next
                })
            })
            .collect();
        if existing_skus + all.len() > MAX_SKUS {
            return Err(VariantProblem::TooManySkus);
        }
    }
    Ok(all)
}

/// Whether a SKU may be retired when the product has `active` SKUs on
/// sale, this one among them.
pub fn may_retire(active: usize) -> Result<(), VariantProblem> {
    if active > 1 {
        Ok(())
    } else {
        Err(VariantProblem::LastActiveSku)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, values: &[&str]) -> AdminSpec {
        AdminSpec {
            id: 1,
            name: name.into(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        }
    }

    #[test]
    fn a_new_value_is_trimmed_and_must_be_new_in_any_case() {
        let colour = spec("Colour", &["Black", "White"]);
        assert_eq!(check_new_value(&colour, "  Red "), Ok("Red".into()));
        assert_eq!(
            check_new_value(&colour, "black"),
            Err(VariantProblem::DuplicateValue)
        );
        assert_eq!(check_new_value(&colour, "  "), Err(VariantProblem::Value));
        assert_eq!(
            check_new_value(&colour, &"x".repeat(41)),
            Err(VariantProblem::Value)
        );
        assert_eq!(
            check_new_value(&colour, &"色".repeat(40)).map(|v| v.chars().count()),
            Ok(40)
        );
    }

    #[test]
    fn a_full_spec_takes_no_more_values() {
        let names: Vec<String> = (0..MAX_SPEC_VALUES).map(|n| format!("v{n}")).collect();
        let full = AdminSpec {
            values: names,
            ..spec("Size", &[])
        };
        assert_eq!(
            check_new_value(&full, "new"),
            Err(VariantProblem::TooManyValues)
        );
    }

    #[test]
    fn a_new_value_pairs_with_every_value_of_the_other_specs() {
        let specs = [
            spec("Colour", &["Black", "White"]),
            spec("Storage", &["128GB", "256GB", "512GB"]),
        ];
        assert_eq!(
            new_combinations(&specs, 0, 6),
            Ok(vec![vec![2, 0], vec![2, 1], vec![2, 2]])
        );
        assert_eq!(
            new_combinations(&specs, 1, 6),
            Ok(vec![vec![0, 3], vec![1, 3]])
        );
    }

    #[test]
    fn a_single_spec_gets_one_new_sku() {
        assert_eq!(
            new_combinations(&[spec("Size", &["S", "M"])], 0, 2),
            Ok(vec![vec![2]])
        );
    }

    #[test]
    fn the_sku_limit_holds_after_creation_too() {
        let specs = [spec("Colour", &["Black"]), spec("Size", &["S", "M", "L"])];
        assert_eq!(
            new_combinations(&specs, 0, MAX_SKUS - 2),
            Err(VariantProblem::TooManySkus)
        );
        assert!(new_combinations(&specs, 0, MAX_SKUS - 3).is_ok());
    }

    #[test]
    fn the_last_sku_on_sale_stays() {
        assert_eq!(may_retire(1), Err(VariantProblem::LastActiveSku));
        assert_eq!(may_retire(2), Ok(()));
    }
}
