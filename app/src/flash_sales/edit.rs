//! Changing a session staff already set up. What may change depends on
//! where the session is. Before the start: anything but which SKUs it
//! sells. While it runs: only what cannot go back on an answer a buyer
//! already had: the title, the end (still in the future), the flash stock
//! (never below what is sold) and a higher limit per member; the start
//! and the flash prices stay. Once ended: nothing.

use serde::{Deserialize, Serialize};

use super::model::{NewSession, Phase, SessionError, phase};

/// An item as it stands in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrentItem {
    pub sku_id: i64,
    pub flash_price: i64,
    pub stock: i32,
    pub sold: i32,
    pub per_member_limit: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Invalid(#[from] SessionError),
    #[error("this session has ended: it can no longer be changed")]
    Ended,
    #[error("a session's SKUs cannot change: end it and set up another")]
    Items,
    #[error("the session has started: its start and flash prices can no longer change")]
    Started,
    #[error("SKU {0}: the limit per member cannot be lowered while the session runs")]
    LimitLowered(i64),
    #[error("SKU {sku_id}: {sold} are sold already, the flash stock cannot be less")]
    BelowSold { sku_id: i64, sold: i32 },
}

/// What an accepted edit does to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemChange {
    pub sku_id: i64,
    pub flash_price: i64,
    pub stock: i32,
    pub per_member_limit: i32,
    /// Units to take from the SKU (negative: to give back to it).
    pub from_sku: i32,
}

/// Checks `wanted` against the session as it stands at `now`; answers the
/// start to keep and each item's change. Times are Unix milliseconds; a
/// start given to the second (as forms do) is the same start.
pub fn plan_edit(
    starts_at: i64,
    ends_at: i64,
    items: &[CurrentItem],
    wanted: &NewSession,
    now: i64,
) -> Result<(i64, Vec<ItemChange>), EditError> {
    let running = match phase(starts_at, ends_at, now) {
        Phase::Ended => return Err(EditError::Ended),
        Phase::Live => true,
        Phase::Upcoming => false,
    };
    let same_start = starts_at.div_euclid(1_000) == wanted.starts_at.div_euclid(1_000);
    if running && !same_start {
        return Err(EditError::Started);
    }
    let start = if same_start {
        starts_at
    } else {
        wanted.starts_at
    };
    NewSession {
        starts_at: start,
        ..wanted.clone()
    }
    .check(now)?;
    if wanted.items.len() != items.len() {
        return Err(EditError::Items);
    }
    let mut changes = Vec::with_capacity(items.len());
    for want in &wanted.items {
        let Some(have) = items.iter().find(|i| i.sku_id == want.sku_id) else {
            return Err(EditError::Items);
        };
        if running && want.flash_price != have.flash_price {
            return Err(EditError::Started);
        }
        if running && want.per_member_limit < have.per_member_limit {
            return Err(EditError::LimitLowered(want.sku_id));
        }
        if want.stock < have.sold {
            return Err(EditError::BelowSold {
                sku_id: want.sku_id,
                sold: have.sold,
            });
        }
        changes.push(ItemChange {
            sku_id: want.sku_id,
            flash_price: want.flash_price,
            stock: want.stock,
            per_member_limit: want.per_member_limit,
            from_sku: want.stock - have.stock,
        });
    }
    Ok((start, changes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flash_sales::model::NewItem;

    const HOUR: i64 = 3_600_000;
    const NOW: i64 = 1_000 * HOUR;

    fn lamp(stock: i32, sold: i32) -> CurrentItem {
        CurrentItem {
            sku_id: 7,
            flash_price: 990,
            stock,
            sold,
            per_member_limit: 2,
        }
    }

    fn wanted(starts_at: i64, price: i64, stock: i32, limit: i32) -> NewSession {
        NewSession {
            title: "Midnight".into(),
            starts_at,
            ends_at: NOW + 2 * HOUR,
            items: vec![NewItem {
                sku_id: 7,
                flash_price: price,
                stock,
                per_member_limit: limit,
            }],
        }
    }

    #[test]
    fn before_the_start_everything_but_the_skus_may_change() {
        let starts = NOW + HOUR;
        let (start, changes) = plan_edit(
            starts,
            NOW + 2 * HOUR,
            &[lamp(10, 0)],
            &wanted(NOW + HOUR / 2, 890, 25, 1),
            NOW,
        )
        .unwrap();
        assert_eq!(start, NOW + HOUR / 2);
        assert_eq!(
            changes,
            vec![ItemChange {
                sku_id: 7,
                flash_price: 890,
                stock: 25,
                per_member_limit: 1,
                from_sku: 15,
            }]
        );
    }

    #[test]
    fn a_running_session_keeps_its_start_and_prices() {
        let starts = NOW - HOUR + 345; // set with milliseconds
        let current = [lamp(10, 4)];
        let end = NOW + 2 * HOUR;
        // The form gives the start to the second: the same start.
        let (start, changes) =
            plan_edit(starts, end, &current, &wanted(NOW - HOUR, 990, 6, 3), NOW).unwrap();
        assert_eq!(start, starts);
        assert_eq!((changes[0].from_sku, changes[0].per_member_limit), (-4, 3));
        assert_eq!(
            plan_edit(
                starts,
                end,
                &current,
                &wanted(NOW - 2 * HOUR, 990, 10, 2),
                NOW
            ),
            Err(EditError::Started)
        );
        assert_eq!(
            plan_edit(starts, end, &current, &wanted(NOW - HOUR, 890, 10, 2), NOW),
            Err(EditError::Started)
        );
        assert_eq!(
            plan_edit(starts, end, &current, &wanted(NOW - HOUR, 990, 10, 1), NOW),
            Err(EditError::LimitLowered(7))
        );
    }

    #[test]
    fn the_stock_never_goes_below_what_is_sold() {
        assert_eq!(
            plan_edit(
                NOW - HOUR,
                NOW + HOUR,
                &[lamp(10, 4)],
                &wanted(NOW - HOUR, 990, 3, 2),
                NOW
            ),
            Err(EditError::BelowSold { sku_id: 7, sold: 4 })
        );
    }

    #[test]
    fn an_ended_session_and_other_skus_are_refused() {
        assert_eq!(
            plan_edit(
                NOW - 2 * HOUR,
                NOW,
                &[lamp(10, 0)],
                &wanted(NOW - 2 * HOUR, 990, 10, 2),
                NOW
            ),
            Err(EditError::Ended)
        );
        let mut other = wanted(NOW + HOUR, 990, 10, 2);
        other.items[0].sku_id = 8;
        assert_eq!(
            plan_edit(NOW + HOUR, NOW + 2 * HOUR, &[lamp(10, 0)], &other, NOW),
            Err(EditError::Items)
        );
        let mut more = wanted(NOW + HOUR, 990, 10, 2);
        more.items.push(NewItem {
            sku_id: 8,
            ..more.items[0].clone()
        });
        assert_eq!(
            plan_edit(NOW + HOUR, NOW + 2 * HOUR, &[lamp(10, 0)], &more, NOW),
            Err(EditError::Items)
        );
    }

    #[test]
    fn the_rules_of_a_new_session_still_hold() {
        let mut untitled = wanted(NOW + HOUR, 990, 10, 2);
        untitled.title = " ".into();
        assert_eq!(
            plan_edit(NOW + HOUR, NOW + 2 * HOUR, &[lamp(10, 0)], &untitled, NOW),
            Err(EditError::Invalid(SessionError::Title))
        );
        let mut past = wanted(NOW - HOUR, 990, 10, 2);
        past.ends_at = NOW - 1;
        assert_eq!(
            plan_edit(NOW - HOUR, NOW + HOUR, &[lamp(10, 0)], &past, NOW),
            Err(EditError::Invalid(SessionError::Window))
        );
    }
}
