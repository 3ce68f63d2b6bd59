//! What a flash sale is, in plain values shared by the server and the
//! browser: the phase of a session at a moment, why a purchase is refused,
//! how a countdown reads, and the checks on a session staff set up.
//!
//! Times are Unix milliseconds: the countdown runs in the browser from
//! the server's clock (sent with the page), never from the browser's.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Upcoming,
    Live,
    Ended,
}

/// A session runs from `starts` (included) to `ends` (excluded).
pub fn phase(starts: i64, ends: i64, now: i64) -> Phase {
    if now < starts {
        Phase::Upcoming
    } else if now < ends {
        Phase::Live
    } else {
        Phase::Ended
    }
}

/// Why a purchase was refused; each maps to the status it is answered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    #[error("sign in to buy")]
    SignIn,
    #[error("no such flash-sale item")]
    NoSuchItem,
    #[error("the sale has not started")]
    NotStarted,
    #[error("the sale has ended")]
    Ended,
    #[error("sold out")]
    SoldOut,
    #[error("you have bought as many as allowed")]
    LimitReached,
    #[error("add a delivery address first")]
    NoAddress,
    #[error("too many attempts")]
    TooFast,
}

/// `2d 01:02:03` from a day, `1:02:03` from an hour, `02:03` under it;
/// never negative.
pub fn countdown(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}d {h:02}:{m:02}:{s:02}")
    } else if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Sold as a whole percentage of the flash stock, for the progress bar.
pub fn sold_percent(sold: i32, stock: i32) -> u8 {
    if stock <= 0 {
        return 100;
    }
    let percent = i64::from(sold.clamp(0, stock)) * 100 / i64::from(stock);
    u8::try_from(percent).unwrap_or(100)
}

/// One item of a session being set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewItem {
    pub sku_id: i64,
    pub flash_price: i64,
    pub stock: i32,
    pub per_member_limit: i32,
}

/// A session being set up: times in Unix milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSession {
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub items: Vec<NewItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SessionError {
    #[error("give the session a title of at most 80 characters")]
    Title,
    #[error("the session must end after it starts, and in the future")]
    Window,
    #[error("a session lasts at most 7 days")]
    TooLong,
    #[error("add at least one item, at most 50")]
    Items,
    #[error("SKU {0} is in the session twice")]
    Repeated(i64),
    #[error("SKU {0}: the flash price must be above zero")]
    Price(i64),
    #[error("SKU {0}: the flash stock must be between 1 and 100000")]
    Stock(i64),
    #[error("SKU {0}: the limit per member must be between 1 and 99")]
    Limit(i64),
}

impl NewSession {
    pub const MAX_ITEMS: usize = 50;
    pub const MAX_STOCK: i32 = 100_000;
    pub const MAX_LIMIT: i32 = 99;
    const MAX_LENGTH_MS: i64 = 7 * 24 * 3600 * 1000;

    /// Everything that can be checked without the database.
    pub fn check(&self, now: i64) -> Result<(), SessionError> {
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 80 {
            return Err(SessionError::Title);
        }
        if self.ends_at <= self.starts_at || self.ends_at <= now {
            return Err(SessionError::Window);
        }
        if self.ends_at - self.starts_at > Self::MAX_LENGTH_MS {
            return Err(SessionError::TooLong);
        }
        if self.items.is_empty() || self.items.len() > Self::MAX_ITEMS {
            return Err(SessionError::Items);
        }
        let mut seen = Vec::new();
        for item in &self.items {
            if seen.contains(&item.sku_id) {
                return Err(SessionError::Repeated(item.sku_id));
            }
            seen.push(item.sku_id);
            if item.flash_price <= 0 {
                return Err(SessionError::Price(item.sku_id));
            }
            if !(1..=Self::MAX_STOCK).contains(&item.stock) {
                return Err(SessionError::Stock(item.sku_id));
            }
            if !(1..=Self::MAX_LIMIT).contains(&item.per_member_limit) {
                return Err(SessionError::Limit(item.sku_id));
            }
        }
        Ok(())
    }
}

/// An item as the flash-sale page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    pub id: i64,
    pub product_slug: String,
    pub title: String,
    pub image: Option<String>,
    /// The SKU's everyday price, struck through beside the flash price.
    pub price: i64,
    pub flash_price: i64,
    pub stock: i32,
    pub sold: i32,
    pub per_member_limit: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub items: Vec<ItemView>,
}

/// A product's flash sale running now, for its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductFlash {
    /// The SKU on sale, e.g. "Pink / 512GB"; empty for a single-SKU product.
    pub variant: String,
    pub flash_price: i64,
    pub ends_at: i64,
    /// The server's clock.
    pub now: i64,
}

/// The flash-sale page: sessions running or to come, and the server's
/// clock when it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub now: i64,
    pub sessions: Vec<SessionView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_runs_from_its_start_to_just_before_its_end() {
        assert_eq!(phase(100, 200, 99), Phase::Upcoming);
        assert_eq!(phase(100, 200, 100), Phase::Live);
        assert_eq!(phase(100, 200, 199), Phase::Live);
        assert_eq!(phase(100, 200, 200), Phase::Ended);
    }

    #[test]
    fn countdowns_round_up_to_the_second_and_stop_at_zero() {
        assert_eq!(countdown(0), "00:00");
        assert_eq!(countdown(1), "00:01", "a moment left is still a second");
        assert_eq!(countdown(59_000), "00:59");
        assert_eq!(countdown(61_500), "01:02");
        assert_eq!(countdown(3_600_000), "1:00:00");
        assert_eq!(countdown(23 * 3_600_000 + 5_000), "23:00:05");
        assert_eq!(countdown(26 * 3_600_000 + 5_000), "1d 02:00:05");
        assert_eq!(countdown(-5_000), "00:00");
    }

    #[test]
    fn progress_is_a_whole_percentage_of_the_flash_stock() {
        assert_eq!(sold_percent(0, 100), 0);
        assert_eq!(sold_percent(33, 100), 33);
        assert_eq!(sold_percent(2, 3), 66);
        assert_eq!(sold_percent(100, 100), 100);
        assert_eq!(sold_percent(5, 0), 100);
    }

    fn session() -> NewSession {
        NewSession {
            title: "Midnight".into(),
            starts_at: 1_000,
            ends_at: 3_600_000,
            items: vec![NewItem {
                sku_id: 7,
                flash_price: 990,
                stock: 100,
                per_member_limit: 1,
            }],
        }
    }

    #[test]
    fn a_good_session_passes() {
        assert_eq!(session().check(0), Ok(()));
    }

    #[test]
    fn each_mistake_is_named() {
        let now = 0;
        let mut s = session();
        s.title = "  ".into();
        assert_eq!(s.check(now), Err(SessionError::Title));
        let mut s = session();
        s.ends_at = s.starts_at;
        assert_eq!(s.check(now), Err(SessionError::Window));
        assert_eq!(
            session().check(4_000_000),
            Err(SessionError::Window),
            "already over"
        );
        let mut s = session();
        s.ends_at = s.starts_at + 8 * 24 * 3_600_000;
        assert_eq!(s.check(now), Err(SessionError::TooLong));
        let mut s = session();
        s.items.clear();
        assert_eq!(s.check(now), Err(SessionError::Items));
        let mut s = session();
        s.items.push(s.items[0].clone());
        assert_eq!(s.check(now), Err(SessionError::Repeated(7)));
        let mut s = session();
        s.items[0].flash_price = 0;
        assert_eq!(s.check(now), Err(SessionError::Price(7)));
        let mut s = session();
        s.items[0].stock = 0;
        assert_eq!(s.check(now), Err(SessionError::Stock(7)));
        let mut s = session();
        s.items[0].per_member_limit = 100;
        assert_eq!(s.check(now), Err(SessionError::Limit(7)));
    }
}
