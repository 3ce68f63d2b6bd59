//! Reviews as the back office lists them.

use serde::{Deserialize, Serialize};

pub const REVIEWS_PER_PAGE: u64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminReview {
    pub id: i64,
    pub product_slug: String,
    pub product_title: String,
    pub author_name: String,
    pub rating: i16,
    pub body: String,
    pub hidden: bool,
    pub written_on: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminReviewPage {
    pub rows: Vec<AdminReview>,
    pub total: u64,
}

/// Which reviews the moderation list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Visibility {
    #[default]
    Any,
    Visible,
    Hidden,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Any, Visibility::Visible, Visibility::Hidden];

    /// From the URL; anything unknown shows every review.
    pub fn parse(text: &str) -> Self {
        match text {
            "visible" => Self::Visible,
            "hidden" => Self::Hidden,
            _ => Self::Any,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Any => "",
            Self::Visible => "visible",
            Self::Hidden => "hidden",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visibility_round_trips_through_the_url() {
        for v in Visibility::ALL {
            assert_eq!(Visibility::parse(v.as_str()), v);
        }
        assert_eq!(Visibility::parse("nonsense"), Visibility::Any);
    }
}
