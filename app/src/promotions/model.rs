//! How coupon templates are stored, read back as the rules of
//! [`super::rules`]: kinds, scopes and the window a claimed coupon can be
//! used in.

use super::rules::{Benefit, CouponTerms, Scope, Tier};

/// Whether a template can be claimed (and its coupons shown) at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateStatus {
    Active,
    Paused,
}

impl TemplateStatus {
    /// What an admin "pause"/"resume" switch asks for.
    pub fn from_active(active: bool) -> Self {
        if active { Self::Active } else { Self::Paused }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Paused => "paused",
        }
    }
}

/// Where a member's coupon stands. Expired is not stored: it is an
/// unused coupon whose window has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CouponStatus {
    Unused,
    Used,
}

impl CouponStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unused => "unused",
            Self::Used => "used",
        }
    }
}

/// The stored kind and amounts of a template, as the benefit it gives;
/// `None` for values no form could have saved.
pub fn benefit(kind: &str, amount_off: i64, percent_off: i16, cap: Option<i64>) -> Option<Benefit> {
    match kind {
        "amount_off" if amount_off > 0 => Some(Benefit::AmountOff(amount_off)),
        "percent_off" if (1..=99).contains(&percent_off) => Some(Benefit::PercentOff {
            percent: u8::try_from(percent_off).ok()?,
            cap,
        }),
        "free_shipping" => Some(Benefit::FreeShipping),
        _ => None,
    }
}

/// A benefit as stored: its kind, amount off, percentage and cap; the
/// inverse of [`benefit`].
pub fn benefit_columns(benefit: Benefit) -> (&'static str, i64, i16, Option<i64>) {
    match benefit {
        Benefit::AmountOff(off) => ("amount_off", off, 0, None),
        Benefit::PercentOff { percent, cap } => ("percent_off", 0, i16::from(percent), cap),
        Benefit::FreeShipping => ("free_shipping", 0, 0, None),
    }
}

/// The stored scope (`all`, or a kind with comma-separated ids).
pub fn scope(kind: &str, ids: &str) -> Option<Scope> {
    let ids = || -> Option<Vec<i64>> {
        let parsed: Vec<i64> = ids
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(|id| id.parse().ok())
            .collect::<Option<_>>()?;
        (!parsed.is_empty()).then_some(parsed)
    };
    match kind {
        "all" => Some(Scope::All),
        "categories" => ids().map(Scope::Categories),
        "products" => ids().map(Scope::Products),
        _ => None,
    }
}

/// The ids of a scope as stored.
pub fn scope_ids(scope: &Scope) -> (&'static str, String) {
    let join = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    match scope {
        Scope::All => ("all", String::new()),
        Scope::Categories(ids) => ("categories", join(ids)),
        Scope::Products(ids) => ("products", join(ids)),
    }
}

/// A template's terms, when its stored values make sense.
pub fn terms(
    kind: &str,
    amount_off: i64,
    percent_off: i16,
    cap: Option<i64>,
    threshold: i64,
    scope_kind: &str,
    scope_ids: &str,
) -> Option<CouponTerms> {
    Some(CouponTerms {
        threshold: threshold.max(0),
        benefit: benefit(kind, amount_off, percent_off, cap)?,
        scope: scope(scope_kind, scope_ids)?,
    })
}

/// An offer's stored tiers (`threshold:off`, comma-separated, in fen),
/// lowest threshold first; `None` for anything no form could have saved.
pub fn tiers(stored: &str) -> Option<Vec<Tier>> {
    let mut tiers: Vec<Tier> = stored
        .split(',')
        .map(|pair| {
            let (threshold, off) = pair.trim().split_once(':')?;
            let tier = Tier {
                threshold: threshold.trim().parse().ok()?,
                off: off.trim().parse().ok()?,
            };
            (tier.threshold >= 0 && tier.off > 0).then_some(tier)
        })
        .collect::<Option<_>>()?;
    tiers.sort_by_key(|t| t.threshold);
    (!tiers.is_empty()).then_some(tiers)
}

/// Tiers as stored; the inverse of [`tiers`].
pub fn tiers_column(tiers: &[Tier]) -> String {
    tiers
        .iter()
        .map(|t| format!("{}:{}", t.threshold, t.off))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_kinds_read_back_as_benefits() {
        assert_eq!(
            benefit("amount_off", 2_000, 0, None),
            Some(Benefit::AmountOff(2_000))
        );
        assert_eq!(
            benefit("percent_off", 0, 15, Some(500)),
            Some(Benefit::PercentOff {
                percent: 15,
                cap: Some(500)
            })
        );
        assert_eq!(
            benefit("free_shipping", 0, 0, None),
            Some(Benefit::FreeShipping)
        );
        assert_eq!(benefit("amount_off", 0, 0, None), None);
        assert_eq!(benefit("percent_off", 0, 100, None), None);
        assert_eq!(benefit("gift", 100, 0, None), None);
    }

    #[test]
    fn benefits_round_trip_through_their_stored_form() {
        for kept in [
            Benefit::AmountOff(2_000),
            Benefit::PercentOff {
                percent: 12,
                cap: None,
            },
            Benefit::FreeShipping,
        ] {
            let (kind, off, percent, cap) = benefit_columns(kept);
            assert_eq!(benefit(kind, off, percent, cap), Some(kept));
        }
    }

    #[test]
    fn scopes_round_trip_through_their_stored_form() {
        for scope in [
            Scope::All,
            Scope::Categories(vec![3, 12]),
            Scope::Products(vec![7]),
        ] {
            let (kind, ids) = scope_ids(&scope);
            assert_eq!(super::scope(kind, &ids), Some(scope));
        }
        assert_eq!(super::scope("products", ""), None, "a scope of nothing");
        assert_eq!(super::scope("products", "1,x"), None);
        assert_eq!(
            super::scope("products", " 4 , 5 "),
            Some(Scope::Products(vec![4, 5]))
        );
    }

    #[test]
    fn tiers_round_trip_and_come_back_in_threshold_order() {
        let stored = "59900:8000, 29900:3000";
        let read = tiers(stored).expect("two tiers");
        assert_eq!(read[0].threshold, 29_900);
        assert_eq!(tiers_column(&read), "29900:3000,59900:8000");
        assert_eq!(tiers(""), None);
        assert_eq!(tiers("100:0"), None, "a tier that saves nothing");
        assert_eq!(tiers("100-5"), None);
    }
}
