//! What a staff member may do in the back office. The server checks a
//! permission on every admin action (`request::require_staff`), and the
//! pages ask the same question to show only what a role may use; staff
//! roles (`staff::model::Role`) are named sets of them.

use serde::{Deserialize, Serialize};

/// One thing a staff member may be allowed to do. Every admin page and
/// server function names the permission it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Categories, brands, products, stock, reviews.
    Catalog,
    /// Orders, shipping, refunds.
    Orders,
    /// Coupons, offers, flash sales, group deals, banners.
    Marketing,
    /// Member accounts: search, view, disable.
    Support,
    /// Staff accounts and their roles.
    Staff,
    /// Store settings.
    Settings,
    /// Reading the audit log.
    Audit,
}

impl Permission {
    pub const ALL: [Permission; 7] = [
        Permission::Catalog,
        Permission::Orders,
        Permission::Marketing,
        Permission::Support,
        Permission::Staff,
        Permission::Settings,
        Permission::Audit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Permission::Catalog => "catalog",
            Permission::Orders => "orders",
            Permission::Marketing => "marketing",
            Permission::Support => "support",
            Permission::Staff => "staff",
            Permission::Settings => "settings",
            Permission::Audit => "audit",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of permissions: what a role grants.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions(u16);

impl Permissions {
    pub fn all() -> Self {
        Self::from_iter(Permission::ALL)
    }

    pub fn contains(self, permission: Permission) -> bool {
        self.0 & permission.bit() != 0
    }

    pub fn is_all(self) -> bool {
        self == Self::all()
    }

    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL
            .into_iter()
            .filter(move |p| self.contains(*p))
    }

    /// Parses the stored form, `catalog,orders`; unknown codes are an error
    /// rather than silently dropped, so a typo cannot grant less (or more).
    pub fn parse(stored: &str) -> Result<Self, String> {
        stored
            .split(',')
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .map(|code| {
                Permission::from_code(code).ok_or_else(|| format!("unknown permission `{code}`"))
            })
            .collect()
    }

    pub fn to_stored(self) -> String {
        self.iter()
            .map(Permission::code)
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl FromIterator<Permission> for Permissions {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        Self(iter.into_iter().fold(0, |bits, p| bits | p.bit()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_round_trip_through_storage() {
        let set: Permissions = [Permission::Catalog, Permission::Orders]
            .into_iter()
            .collect();
        assert_eq!(set.to_stored(), "catalog,orders");
        assert_eq!(Permissions::parse("catalog, orders"), Ok(set));
        assert_eq!(
            Permissions::parse(&Permissions::all().to_stored()),
            Ok(Permissions::all())
        );
        assert_eq!(Permissions::parse(""), Ok(Permissions::default()));
    }

    #[test]
    fn an_unknown_permission_is_an_error() {
        assert!(Permissions::parse("catalog,everything").is_err());
    }

    #[test]
    fn a_role_grants_only_what_it_lists() {
        let catalog_only: Permissions = [Permission::Catalog].into_iter().collect();
        assert!(catalog_only.contains(Permission::Catalog));
        for other in Permission::ALL
            .into_iter()
            .filter(|p| *p != Permission::Catalog)
        {
            assert!(!catalog_only.contains(other), "{other:?}");
        }
        assert!(!catalog_only.is_all());
        assert!(Permissions::all().is_all());
    }
}
