//! Splitting a discount across order lines, so that a refund of some lines
//! gives back exactly the part of the discount those lines had.
//!
//! The rule: each line gets the discount times its share of the amount,
//! rounded down to the fen; the fen left over go one each to the lines
//! that lost the largest fractions, earlier lines first on a tie (the
//! largest-remainder method). So the parts always add up to the discount
//! exactly, no fen is lost or made, and no line is discounted below zero.

/// Splits `discount` over lines weighing `amounts` (each ≥ 0). A discount
/// larger than the amounts together is cut to them; a negative one is 0.
pub fn split(discount: i64, amounts: &[i64]) -> Vec<i64> {
    let amounts: Vec<i64> = amounts.iter().map(|a| (*a).max(0)).collect();
    let whole: i128 = amounts.iter().map(|a| i128::from(*a)).sum();
    let discount = i128::from(discount).clamp(0, whole);
    if discount == 0 {
        return vec![0; amounts.len()];
    }
    let mut parts = Vec::with_capacity(amounts.len());
    let mut remainders = Vec::with_capacity(amounts.len());
    let mut given = 0;
    for (at, amount) in amounts.iter().enumerate() {
        let exact = discount * i128::from(*amount);
        let part = exact / whole;
        given += part;
        parts.push(part);
        remainders.push((exact % whole, at));
    }
    // Largest remainder first; on a tie, the earlier line.
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left = discount - given;
    for &(_, at) in remainders
        .iter()
        .take(usize::try_from(left).unwrap_or(usize::MAX))
    {
        parts[at] += 1;
    }
    // Each part is at most its amount, itself an i64.
    parts.into_iter().map(|p| p as i64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_even_split_has_nothing_left_over() {
        assert_eq!(split(3_000, &[10_000, 20_000]), [1_000, 2_000]);
    }

    #[test]
    fn left_over_fen_go_to_the_largest_remainders() {
        // 100 over three equal lines: 33.33 each, one fen left, to the first.
        assert_eq!(split(100, &[500, 500, 500]), [34, 33, 33]);
        // 10 over 1:2: 3.33 and 6.67; the second line's fraction is larger.
        assert_eq!(split(10, &[100, 200]), [3, 7]);
    }

    #[test]
    fn parts_always_add_up_and_never_pass_a_line() {
        let amounts = [1, 7, 19_999, 0, 333, 12_345_678];
        for discount in [0, 1, 2, 5, 99, 1_001, 12_366_017, 12_366_018, 99_999_999] {
            let parts = split(discount, &amounts);
            let whole: i64 = amounts.iter().sum();
            assert_eq!(parts.iter().sum::<i64>(), discount.min(whole), "{discount}");
            for (part, amount) in parts.iter().zip(amounts) {
                assert!(
                    (0..=amount).contains(part),
                    "{discount}: {part} of {amount}"
                );
            }
        }
    }

    #[test]
    fn a_line_of_nothing_gets_nothing() {
        assert_eq!(split(50, &[0, 100, 0]), [0, 50, 0]);
        assert_eq!(split(50, &[0, 0]), [0, 0]);
        assert_eq!(split(-5, &[10]), [0]);
    }
}
