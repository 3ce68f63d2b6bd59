//! The person looking at a page: a member, a staff member, both or
//! neither. The server resolves it from the session cookies once per
//! request; the page carries it to the browser for the header and guards.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::auth::permission::{Permission, Permissions};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberIdentity {
    pub id: i64,
    pub email: String,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffIdentity {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub permissions: Permissions,
}

impl StaffIdentity {
    pub fn may(&self, permission: Permission) -> bool {
        self.permissions.contains(permission)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub member: Option<MemberIdentity>,
    pub staff: Option<StaffIdentity>,
}

/// The viewer as the page knows it; login and logout update it in place.
#[derive(Clone, Copy)]
pub struct ViewerSignal(pub RwSignal<Viewer>);

pub fn use_viewer() -> RwSignal<Viewer> {
    use_context::<ViewerSignal>()
        .map(|signal| signal.0)
        .unwrap_or_else(|| RwSignal::new(Viewer::default()))
}

/// Up to two letters standing for a person in an avatar circle: the first
/// letters of the first two words, or the first character of a name
/// written without spaces (such as a Chinese name).
pub fn initials(display_name: &str) -> String {
    let mut words = display_name.split_whitespace();
    let first = words.next().and_then(|w| w.chars().next());
    let second = words.next().and_then(|w| w.chars().next());
    first
        .into_iter()
        .chain(second)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_letters_of_two_words() {
        assert_eq!(initials("ada lovelace"), "AL");
        assert_eq!(initials("  Grace  Brewster Hopper "), "GB");
        assert_eq!(initials("Ferris"), "F");
        assert_eq!(initials("王小明"), "王");
        assert_eq!(initials(""), "");
    }
}
