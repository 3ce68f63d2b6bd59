//! What the back office shows of a product's pictures and how staff move
//! them. The rules an upload must follow are the shop's, in `crate::images`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "up" => Some(Direction::Up),
            "down" => Some(Direction::Down),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminImage {
    pub id: i64,
    /// The URL the shop shows it at.
    pub path: String,
    pub alt: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_up_and_down_are_directions() {
        assert_eq!(Direction::parse("up"), Some(Direction::Up));
        assert_eq!(Direction::parse("down"), Some(Direction::Down));
        assert_eq!(Direction::parse("left"), None);
    }
}
