//! Who may call each server function, declared in one place and enforced
//! twice: by the HTTP layer before the request is read
//! (`server/src/http/access.rs`), and by the function itself
//! (`require_member`, `require_staff`). The layer answers every caller of
//! a closed door the same, whatever the body, and a test calls every
//! route the router serves as a guest, a member, staff without the
//! permission and the owner (`server/tests/access.rs`). A server function
//! missing here is refused by that test, and by `server routes`.

use super::permission::Permission;

/// What a caller needs to reach a server function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Guests too: the shop's pages, the cart, logging in.
    Anyone,
    /// A logged-in member.
    Member,
    /// A logged-in staff member, whatever their role.
    AnyStaff,
    /// A staff member holding this permission.
    Staff(Permission),
}

use Access::{AnyStaff, Anyone, Member, Staff};
use Permission as P;

/// Every server function by its path under `/api/`, in path order.
#[rustfmt::skip]
pub const SERVER_FUNCTIONS: &[(&str, Access)] = &[
    ("admin/audit", Staff(P::Audit)),
    ("admin/catalog/brand/delete", Staff(P::Catalog)),
    ("admin/catalog/brand/save", Staff(P::Catalog)),
    ("admin/catalog/category/delete", Staff(P::Catalog)),
    ("admin/catalog/category/reorder", Staff(P::Catalog)),
    ("admin/catalog/category/save", Staff(P::Catalog)),
    ("admin/catalog/images/delete", Staff(P::Catalog)),
    ("admin/catalog/images/list", Staff(P::Catalog)),
    ("admin/catalog/images/move", Staff(P::Catalog)),
    ("admin/catalog/import", Staff(P::Catalog)),
    ("admin/catalog/product", Staff(P::Catalog)),
    ("admin/catalog/product/create", Staff(P::Catalog)),
    ("admin/catalog/product/texts", Staff(P::Catalog)),
    ("admin/catalog/products", Staff(P::Catalog)),
    ("admin/catalog/review/hide", Staff(P::Catalog)),
    ("admin/catalog/reviews", Staff(P::Catalog)),
    ("admin/catalog/skus", Staff(P::Catalog)),
    ("admin/catalog/status", Staff(P::Catalog)),
    ("admin/catalog/taxonomy", Staff(P::Catalog)),
    ("admin/catalog/variants/status", Staff(P::Catalog)),
    ("admin/catalog/variants/value", Staff(P::Catalog)),
    ("admin/flash", Staff(P::Marketing)),
    ("admin/flash/create", Staff(P::Marketing)),
    ("admin/flash/end", Staff(P::Marketing)),
    ("admin/flash/session", Staff(P::Marketing)),
    ("admin/flash/update", Staff(P::Marketing)),
    ("admin/group", Staff(P::Marketing)),
    ("admin/group/create", Staff(P::Marketing)),
    ("admin/group/deal", Staff(P::Marketing)),
    ("admin/group/end", Staff(P::Marketing)),
    ("admin/group/update", Staff(P::Marketing)),
    ("admin/login", Anyone),
    ("admin/login/code", Anyone),
    ("admin/logout", Anyone),
    ("admin/me", AnyStaff),
    ("admin/members/get", Staff(P::Support)),
    ("admin/members/search", Staff(P::Support)),
    ("admin/members/status", Staff(P::Support)),
    ("admin/orders", Staff(P::Orders)),
    ("admin/orders/cancel", Staff(P::Orders)),
    ("admin/orders/get", Staff(P::Orders)),
    ("admin/orders/refund", Staff(P::Orders)),
    ("admin/orders/ship", Staff(P::Orders)),
    ("admin/promotions", Staff(P::Marketing)),
    ("admin/promotions/coupons/create", Staff(P::Marketing)),
    ("admin/promotions/coupons/edit", Staff(P::Marketing)),
    ("admin/promotions/coupons/issue", Staff(P::Marketing)),
    ("admin/promotions/coupons/status", Staff(P::Marketing)),
    ("admin/promotions/offers/create", Staff(P::Marketing)),
    ("admin/promotions/offers/edit", Staff(P::Marketing)),
    ("admin/promotions/offers/status", Staff(P::Marketing)),
    ("admin/settings/orders", Staff(P::Settings)),
    ("admin/settings/orders/save", Staff(P::Settings)),
    ("admin/settings/sign-in", Staff(P::Settings)),
    ("admin/settings/sign-in/save", Staff(P::Settings)),
    ("admin/settings/time-zone", Staff(P::Settings)),
    ("admin/settings/time-zone/save", Staff(P::Settings)),
    ("admin/staff/create", Staff(P::Staff)),
    ("admin/staff/disable", Staff(P::Staff)),
    ("admin/staff/list", Staff(P::Staff)),
    ("admin/staff/role", Staff(P::Staff)),
    ("admin/two-factor", AnyStaff),
    ("admin/two-factor/confirm", AnyStaff),
    ("admin/two-factor/disable", AnyStaff),
    ("admin/two-factor/notice", AnyStaff),
    ("admin/two-factor/recovery-codes", AnyStaff),
    ("admin/two-factor/start", AnyStaff),
    ("cart", Anyone),
    ("cart/add", Anyone),
    ("cart/remove", Anyone),
    ("cart/select", Anyone),
    ("cart/units", Anyone),
    ("cart/update", Anyone),
    ("catalog/category", Anyone),
    ("catalog/home", Anyone),
    ("catalog/product", Anyone),
    ("coupons", Anyone),
    ("coupons/claim", Member),
    ("coupons/mine", Member),
    ("favourites", Member),
    ("favourites/has", Anyone),
    ("favourites/set", Member),
    ("flash", Anyone),
    ("flash/buy", Member),
    ("flash/product", Anyone),
    ("group", Anyone),
    ("group/join", Member),
    ("group/open", Member),
    ("group/product", Anyone),
    ("group/view", Anyone),
    ("i18n/locale", Anyone),
    ("members/addresses", Member),
    ("members/addresses/add", Member),
    ("members/addresses/default", Member),
    ("members/addresses/delete", Member),
    ("members/addresses/update", Member),
    ("members/close-account", Member),
    ("members/devices", Member),
    ("members/devices/sign-out", Member),
    ("members/devices/sign-out-others", Member),
    ("members/forgot-password", Anyone),
    ("members/login", Anyone),
    ("members/logout", Anyone),
    ("members/password/change", Member),
    ("members/profile", Member),
    ("members/profile/update", Member),
    ("members/register", Anyone),
    ("members/reset-password", Anyone),
    ("orders", Member),
    ("orders/cancel", Member),
    ("orders/checkout", Member),
    ("orders/confirm", Member),
    ("orders/get", Member),
    ("orders/place", Member),
    ("orders/refund", Member),
    ("payments/sandbox/choose", Anyone),
    ("payments/sandbox/get", Anyone),
    ("payments/start", Member),
    ("points/mine", Member),
    ("recently-viewed", Anyone),
    ("search", Anyone),
    ("search/suggest", Anyone),
    ("settings/store", Anyone),
];

/// What the server function at `path` (with or without the `/api/`
/// prefix and a query) needs; `None` for a path that is not one.
pub fn needed(path: &str) -> Option<Access> {
    let path = path.split('?').next().unwrap_or_default();
    let path = path.strip_prefix("/api/").unwrap_or(path);
    SERVER_FUNCTIONS
        .binary_search_by(|(declared, _)| declared.cmp(&path))
        .ok()
        .map(|at| SERVER_FUNCTIONS[at].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_names_each_path_once() {
        for pair in SERVER_FUNCTIONS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn paths_are_found_with_or_without_their_prefix() {
        assert_eq!(needed("/api/admin/orders/ship"), Some(Staff(P::Orders)));
        assert_eq!(needed("members/profile"), Some(Member));
        assert_eq!(needed("/api/search?q=tea"), Some(Anyone));
        assert_eq!(needed("/api/nothing/here"), None);
        assert_eq!(
            needed("/api/admin"),
            None,
            "a prefix of a path is not the path"
        );
    }

    #[test]
    fn the_back_office_is_staff_only() {
        for (path, access) in SERVER_FUNCTIONS {
            // The login's steps: before them nobody is staff yet.
            let logging_in = matches!(*path, "admin/login" | "admin/login/code" | "admin/logout");
            if path.starts_with("admin/") && !logging_in {
                assert!(
                    matches!(access, Staff(_) | AnyStaff),
                    "{path} is {access:?}"
                );
            }
        }
    }
}
