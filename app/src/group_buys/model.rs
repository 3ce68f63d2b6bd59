//! What group buying is, in plain values shared by the server and the
//! browser: the stage a group is at, why joining is refused, who is in a
//! group as others see them, and the checks on a deal staff set up.
//!
//! Times are Unix milliseconds, and countdowns run from the server's
//! clock sent with the page (see `flash_sales::model::countdown`).

use serde::{Deserialize, Serialize};

use crate::orders::status::OrderEvent;

/// Where a group is: waiting for its members to pay, formed (every place
/// paid: its orders ship), or failed (time ran out first: its paid orders
/// are refunded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupStage {
    Forming,
    Formed,
    Failed,
}

impl GroupStage {
    /// Whether an order of a group at this stage may take `event`. A group
    /// order is paid only while its group forms, and ships (or may be
    /// refunded on request) only once the group has formed: a failed
    /// group's paid orders are refunded by the shop, not on request.
    pub fn allows(self, event: OrderEvent) -> bool {
        !matches!(
            (self, event),
            (Self::Formed | Self::Failed, OrderEvent::Pay)
                | (Self::Forming, OrderEvent::Ship | OrderEvent::RequestRefund)
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Forming => "forming",
            Self::Formed => "formed",
            Self::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Forming, Self::Formed, Self::Failed]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// Why opening or joining a group was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    #[error("no such group deal")]
    NoSuchDeal,
    #[error("no such group")]
    NoSuchGroup,
    #[error("this deal is not running")]
    NotRunning,
    #[error("this group is full")]
    Full,
    #[error("this group is no longer open")]
    Closed,
    #[error("you are already in this group")]
    AlreadyIn,
    #[error("you have joined as many groups of this deal as allowed")]
    LimitReached,
    #[error("add a delivery address first")]
    NoAddress,
    #[error("this item is out of stock")]
    OutOfStock,
}

/// Places not yet held in a group of `size` with `taken` held.
pub fn places_left(size: i32, taken: i32) -> i32 {
    (size - taken).max(0)
}

/// A time to form a group as whole hours, rounded up.
pub fn whole_hours(minutes: i32) -> i32 {
    (minutes.max(0) + 59) / 60
}

/// A deal being set up, as staff gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDeal {
    pub sku_id: i64,
    pub group_price: i64,
    pub group_size: i32,
    pub time_limit_minutes: i32,
    pub per_member_limit: i32,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// Groups larger than this are a different kind of sale.
pub const MAX_GROUP_SIZE: i32 = 50;
/// A week: long enough for any group that will ever form.
pub const MAX_TIME_LIMIT_MINUTES: i32 = 7 * 24 * 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DealError {
    #[error("a group needs 2 to {MAX_GROUP_SIZE} members")]
    Size,
    #[error("the time to form a group must be between a minute and a week")]
    TimeLimit,
    #[error("the limit per member must be at least 1")]
    Limit,
    #[error("the group price must be above zero")]
    Price,
    #[error("the deal must end after it starts, and in the future")]
    Window,
}

impl NewDeal {
    /// The rules every deal keeps; the SKU and its price are checked
    /// against the catalog when it is saved.
    pub fn check(&self, now: i64) -> Result<(), DealError> {
        if !(2..=MAX_GROUP_SIZE).contains(&self.group_size) {
            return Err(DealError::Size);
        }
        if !(1..=MAX_TIME_LIMIT_MINUTES).contains(&self.time_limit_minutes) {
            return Err(DealError::TimeLimit);
        }
        if self.per_member_limit < 1 {
            return Err(DealError::Limit);
        }
        if self.group_price <= 0 {
            return Err(DealError::Price);
        }
        if self.starts_at >= self.ends_at || self.ends_at <= now {
            return Err(DealError::Window);
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DealEditError {
    #[error(transparent)]
    Invalid(#[from] DealError),
    #[error("this deal has ended: it can no longer be changed")]
    Ended,
    #[error("a deal's SKU cannot change: end it and set up another")]
    Sku,
    #[error("the deal has started: its start, group price and group size can no longer change")]
    Started,
    #[error("the limit per member cannot be lowered while the deal runs")]
    LimitLowered,
}

/// Checks changes to a deal as it stands at `now`; answers the start to
/// keep. Before the start anything but the SKU may change; while it runs,
/// only what no member has been promised: the end, the time to form new
/// groups (open groups keep theirs) and a higher limit. A start given to
/// the second (as forms do) is the same start.
pub fn plan_deal_edit(current: &NewDeal, wanted: &NewDeal, now: i64) -> Result<i64, DealEditError> {
    if now >= current.ends_at {
        return Err(DealEditError::Ended);
    }
    if wanted.sku_id != current.sku_id {
        return Err(DealEditError::Sku);
    }
    let same_start = current.starts_at.div_euclid(1_000) == wanted.starts_at.div_euclid(1_000);
    if now >= current.starts_at {
        if !same_start
            || wanted.group_price != current.group_price
            || wanted.group_size != current.group_size
        {
            return Err(DealEditError::Started);
        }
        if wanted.per_member_limit < current.per_member_limit {
            return Err(DealEditError::LimitLowered);
        }
    }
    let start = if same_start {
        current.starts_at
    } else {
        wanted.starts_at
    };
    NewDeal {
        starts_at: start,
        ..wanted.clone()
    }
    .check(now)?;
    Ok(start)
}

/// A group as the deal list shows it, for joining.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenGroup {
    pub id: i64,
    /// The initials of whoever opened it.
    pub leader: String,
    pub taken: i32,
    pub size: i32,
    pub expires_at: i64,
}

/// A running deal with the groups that can still be joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealView {
    pub id: i64,
    pub product_slug: String,
    /// The product's title and the SKU's variant.
    pub title: String,
    /// The SKU's variant alone ("Black / 128GB"), empty for a one-SKU product.
    pub variant: String,
    pub image: Option<String>,
    pub price: i64,
    pub group_price: i64,
    pub group_size: i32,
    pub time_limit_minutes: i32,
    pub per_member_limit: i32,
    pub ends_at: i64,
    pub groups: Vec<OpenGroup>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deals {
    /// The server's clock.
    pub now: i64,
    pub deals: Vec<DealView>,
}

/// Someone holding a place, as the group page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Their initials: other members never see their name.
    pub initials: String,
    pub leader: bool,
    pub paid: bool,
}

/// The viewer's own place in the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPlace {
    pub order_no: String,
    pub paid: bool,
}

/// `/group/{id}`: everything the shared link shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub id: i64,
    pub now: i64,
    pub stage: GroupStage,
    pub deal: DealView,
    pub places: Vec<Place>,
    pub size: i32,
    pub expires_at: i64,
    pub mine: Option<MyPlace>,
}

impl GroupView {
    pub fn places_left(&self) -> i32 {
        places_left(
            self.size,
            i32::try_from(self.places.len()).unwrap_or(i32::MAX),
        )
    }

    /// The viewer may take a place now.
    pub fn joinable(&self) -> bool {
        self.stage == GroupStage::Forming
            && self.mine.is_none()
            && self.places_left() > 0
            && self.now < self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_order_is_paid_only_while_its_group_forms() {
        assert!(GroupStage::Forming.allows(OrderEvent::Pay));
        assert!(
            !GroupStage::Failed.allows(OrderEvent::Pay),
            "the money goes back"
        );
        assert!(!GroupStage::Formed.allows(OrderEvent::Pay));
    }

    #[test]
    fn a_group_order_ships_or_is_refunded_on_request_only_once_formed() {
        for event in [OrderEvent::Ship, OrderEvent::RequestRefund] {
            assert!(!GroupStage::Forming.allows(event));
            assert!(GroupStage::Formed.allows(event));
        }
        assert!(
            GroupStage::Failed.allows(OrderEvent::RequestRefund),
            "how the shop refunds a failed group"
        );
        assert!(GroupStage::Failed.allows(OrderEvent::Cancel));
        assert!(GroupStage::Forming.allows(OrderEvent::Cancel));
    }

    fn deal() -> NewDeal {
        NewDeal {
            sku_id: 1,
            group_price: 990,
            group_size: 3,
            time_limit_minutes: 24 * 60,
            per_member_limit: 1,
            starts_at: 1_000,
            ends_at: 100_000,
        }
    }

    #[test]
    fn before_its_start_a_deal_may_change_all_but_its_sku() {
        let wanted = NewDeal {
            group_price: 890,
            group_size: 5,
            per_member_limit: 1,
            starts_at: 500,
            ..deal()
        };
        assert_eq!(plan_deal_edit(&deal(), &wanted, 400), Ok(500));
        let other = NewDeal {
            sku_id: 2,
            ..deal()
        };
        assert_eq!(
            plan_deal_edit(&deal(), &other, 400),
            Err(DealEditError::Sku)
        );
    }

    #[test]
    fn a_running_deal_keeps_what_members_were_promised() {
        let now = 5_000;
        let longer = NewDeal {
            ends_at: 200_000,
            time_limit_minutes: 60,
            per_member_limit: 2,
            starts_at: 2_000, // a second later
            ..deal()
        };
        assert_eq!(
            plan_deal_edit(&deal(), &longer, now),
            Err(DealEditError::Started)
        );
        // Given to the second, the start is the same start.
        let longer = NewDeal {
            starts_at: 1_999,
            ..longer
        };
        assert_eq!(plan_deal_edit(&deal(), &longer, now), Ok(1_000));
        for (change, error) in [
            (
                NewDeal {
                    group_price: 900,
                    ..deal()
                },
                DealEditError::Started,
            ),
            (
                NewDeal {
                    group_size: 4,
                    ..deal()
                },
                DealEditError::Started,
            ),
            (
                NewDeal {
                    per_member_limit: 0,
                    ..deal()
                },
                DealEditError::LimitLowered,
            ),
        ] {
            assert_eq!(plan_deal_edit(&deal(), &change, now), Err(error));
        }
        assert_eq!(
            plan_deal_edit(&deal(), &deal(), 100_000),
            Err(DealEditError::Ended)
        );
        let past = NewDeal {
            ends_at: 4_000,
            ..deal()
        };
        assert_eq!(
            plan_deal_edit(&deal(), &past, now),
            Err(DealEditError::Invalid(DealError::Window))
        );
    }

    #[test]
    fn a_sound_deal_passes() {
        assert_eq!(deal().check(2_000), Ok(()));
    }

    #[test]
    fn a_deal_breaking_a_rule_is_refused_with_that_rule() {
        type Breaks = fn(&mut NewDeal);
        let cases: [(Breaks, DealError); 7] = [
            (|d| d.group_size = 1, DealError::Size),
            (|d| d.group_size = MAX_GROUP_SIZE + 1, DealError::Size),
            (|d| d.time_limit_minutes = 0, DealError::TimeLimit),
            (
                |d| d.time_limit_minutes = MAX_TIME_LIMIT_MINUTES + 1,
                DealError::TimeLimit,
            ),
            (|d| d.per_member_limit = 0, DealError::Limit),
            (|d| d.group_price = 0, DealError::Price),
            (|d| d.ends_at = d.starts_at, DealError::Window),
        ];
        for (breaks, expected) in cases {
            let mut bad = deal();
            breaks(&mut bad);
            assert_eq!(bad.check(2_000), Err(expected));
        }
        assert_eq!(
            deal().check(100_000),
            Err(DealError::Window),
            "already over"
        );
    }

    #[test]
    fn stages_read_back_from_their_stored_names() {
        for stage in [GroupStage::Forming, GroupStage::Formed, GroupStage::Failed] {
            assert_eq!(GroupStage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(GroupStage::parse("open"), None);
    }

    #[test]
    fn time_limits_read_in_whole_hours() {
        assert_eq!(whole_hours(60), 1);
        assert_eq!(whole_hours(61), 2);
        assert_eq!(whole_hours(24 * 60), 24);
    }

    #[test]
    fn places_left_never_goes_below_zero() {
        assert_eq!(places_left(5, 3), 2);
        assert_eq!(places_left(5, 5), 0);
        assert_eq!(places_left(5, 6), 0);
    }

    fn view(stage: GroupStage, taken: usize, mine: bool, expires_at: i64) -> GroupView {
        GroupView {
            id: 1,
            now: 10,
            stage,
            deal: DealView {
                id: 1,
                product_slug: "p".into(),
                title: "T".into(),
                variant: String::new(),
                image: None,
                price: 100,
                group_price: 80,
                group_size: 2,
                time_limit_minutes: 60,
                per_member_limit: 1,
                ends_at: 1_000,
                groups: Vec::new(),
            },
            places: vec![
                Place {
                    initials: "A".into(),
                    leader: true,
                    paid: true,
                };
                taken
            ],
            size: 2,
            expires_at,
            mine: mine.then(|| MyPlace {
                order_no: "1".into(),
                paid: true,
            }),
        }
    }

    #[test]
    fn only_an_outsider_may_join_a_forming_group_with_room_and_time() {
        assert!(view(GroupStage::Forming, 1, false, 20).joinable());
        assert!(
            !view(GroupStage::Forming, 1, true, 20).joinable(),
            "already in"
        );
        assert!(!view(GroupStage::Forming, 2, false, 20).joinable(), "full");
        assert!(
            !view(GroupStage::Forming, 1, false, 10).joinable(),
            "out of time"
        );
        assert!(!view(GroupStage::Failed, 1, false, 20).joinable());
        assert!(!view(GroupStage::Formed, 1, false, 20).joinable());
    }
}
