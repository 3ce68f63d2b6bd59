//! What staff type into the coupon and offer forms, checked and turned
//! into templates and offers. Amounts are typed in yuan, dates as
//! `YYYY-MM-DD` in UTC; an end date counts whole, to its midnight.

use chrono::{DateTime, Duration, Utc};

use super::model::TemplateFields;
use crate::money::parse_price;
use crate::promotions::model::scope;
use crate::promotions::offer_repo::NewOffer;
use crate::promotions::repo::{NewTemplate, TemplateEdit, Validity};
use crate::promotions::rules::{Benefit, CouponTerms, Scope, Tier};

/// The longest name a template or an offer may have.
pub const MAX_NAME_CHARS: usize = 80;
/// The most coupons one template may give.
pub const MAX_QUANTITY: i32 = 10_000_000;
/// The longest a coupon may be usable for after claiming.
pub const MAX_VALID_DAYS: u16 = 365;

/// A field staff got wrong; the page names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    Name,
    Kind,
    Amount,
    Percent,
    Cap,
    Threshold,
    Scope,
    ClaimDates,
    UseDates,
    Quantity,
    Limit,
    Tiers,
    OfferDates,
}

pub fn parse_template(form: &TemplateFields) -> Result<NewTemplate<'_>, FormError> {
    let name = parse_name(&form.name)?;
    let benefit = match form.kind.as_str() {
        "amount_off" => Benefit::AmountOff(
            parse_price(&form.amount)
                .filter(|off| *off > 0)
                .ok_or(FormError::Amount)?,
        ),
        "percent_off" => Benefit::PercentOff {
            percent: form
                .percent
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| (1..=99).contains(p))
                .ok_or(FormError::Percent)?,
            cap: match form.cap.trim() {
                "" => None,
                cap => Some(parse_price(cap).filter(|c| *c > 0).ok_or(FormError::Cap)?),
            },
        },
        "free_shipping" => Benefit::FreeShipping,
        _ => return Err(FormError::Kind),
    };
    let threshold = match form.threshold.trim() {
        "" => 0,
        typed => parse_price(typed).ok_or(FormError::Threshold)?,
    };
    let (claim_from, claim_until) =
        parse_window(&form.claim_from, &form.claim_until).ok_or(FormError::ClaimDates)?;
    let validity = match form.valid_days.trim() {
        "" => {
            let (from, until) =
                parse_window(&form.use_from, &form.use_until).ok_or(FormError::UseDates)?;
            // Coupons claimed on the first day must be usable some time.
            if until <= claim_from {
                return Err(FormError::UseDates);
            }
            Validity::Fixed { from, until }
        }
        days => Validity::DaysFromClaim(
            days.parse::<u16>()
                .ok()
                .filter(|d| (1..=MAX_VALID_DAYS).contains(d))
                .ok_or(FormError::UseDates)?,
        ),
    };
    Ok(NewTemplate {
        name,
        terms: CouponTerms {
            threshold,
            benefit,
            scope: parse_scope(&form.scope_kind, &form.scope_ids)?,
        },
        claim_from,
        claim_until,
        validity,
        total_quantity: parse_count(&form.total_quantity, MAX_QUANTITY)
            .ok_or(FormError::Quantity)?,
        per_member_limit: parse_count(&form.per_member_limit, 100).ok_or(FormError::Limit)?,
        new_members_only: form.new_members_only.is_some(),
    })
}

/// What may change on a template once it is out: see
/// [`crate::promotions::repo::CouponRepo::edit_template`].
pub fn parse_edit(
    name: &str,
    total_quantity: &str,
    claim_until: &str,
    per_member_limit: &str,
) -> Result<TemplateEdit, FormError> {
    Ok(TemplateEdit {
        name: parse_name(name)?.to_owned(),
        total_quantity: parse_count(total_quantity, MAX_QUANTITY).ok_or(FormError::Quantity)?,
        claim_until: parse_day(claim_until)
            .map(|day| day + Duration::days(1))
            .ok_or(FormError::ClaimDates)?,
        per_member_limit: parse_count(per_member_limit, 100).ok_or(FormError::Limit)?,
    })
}

pub struct OfferForm<'a> {
    pub name: &'a str,
    pub scope_kind: &'a str,
    pub scope_ids: &'a str,
    /// `299:30, 599:80`: from ¥299 save ¥30, from ¥599 save ¥80.
    pub tiers: &'a str,
    pub starts: &'a str,
    pub ends: &'a str,
}

/// Tiers typed in yuan, `299:30, 599:80`, lowest threshold first.
pub fn parse_offer_tiers(typed: &str) -> Result<Vec<Tier>, FormError> {
    let mut tiers = Vec::new();
    for pair in typed
        .split([',', '，', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (threshold, off) = pair.split_once([':', '：']).ok_or(FormError::Tiers)?;
        let tier = Tier {
            threshold: parse_price(threshold).ok_or(FormError::Tiers)?,
            off: parse_price(off).ok_or(FormError::Tiers)?,
        };
        // An offer taking off at least what it asks for would pay shoppers.
        if tier.off == 0 || tier.off >= tier.threshold {
            return Err(FormError::Tiers);
        }
        tiers.push(tier);
    }
    tiers.sort_by_key(|t| t.threshold);
    if tiers.is_empty() || tiers.len() > 10 {
        return Err(FormError::Tiers);
    }
    Ok(tiers)
}

pub fn parse_offer<'a>(form: &OfferForm<'a>) -> Result<NewOffer<'a>, FormError> {
    let tiers = parse_offer_tiers(form.tiers)?;
    let (starts_at, ends_at) = parse_window(form.starts, form.ends).ok_or(FormError::OfferDates)?;
    Ok(NewOffer {
        name: parse_name(form.name)?,
        scope: parse_scope(form.scope_kind, form.scope_ids)?,
        tiers,
        starts_at,
        ends_at,
    })
}

fn parse_name(typed: &str) -> Result<&str, FormError> {
    let name = typed.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(FormError::Name);
    }
    Ok(name)
}

fn parse_scope(kind: &str, ids: &str) -> Result<Scope, FormError> {
    scope(kind, ids).ok_or(FormError::Scope)
}

fn parse_count(typed: &str, max: i32) -> Option<i32> {
    typed
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
}

/// Midnight UTC at the start of the day typed. Four-digit years only
/// (`crate::clock::parse_day`): the end of the last day of chrono's
/// range would overflow (a panic), and PostgreSQL holds no earlier years.
fn parse_day(typed: &str) -> Option<DateTime<Utc>> {
    crate::clock::parse_day(typed)?
        .and_hms_opt(0, 0, 0)
        .map(|at| at.and_utc())
}

/// From the start of the first day to the end of the last, which must not
/// come before it.
fn parse_window(from: &str, until: &str) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let from = parse_day(from)?;
    let until = parse_day(until)? + Duration::days(1);
    (from < until).then_some((from, until))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> TemplateFields {
        TemplateFields {
            name: "¥20 off ¥199".into(),
            kind: "amount_off".into(),
            amount: "20".into(),
            threshold: "199".into(),
            scope_kind: "all".into(),
            claim_from: "2026-12-01".into(),
            claim_until: "2026-12-31".into(),
            valid_days: "7".into(),
            total_quantity: "1000".into(),
            per_member_limit: "1".into(),
            ..TemplateFields::default()
        }
    }

    #[test]
    fn a_full_reduction_coupon_reads_in_fen_with_inclusive_dates() {
        let typed = form();
        let parsed = parse_template(&typed).expect("valid");
        assert_eq!(parsed.terms.benefit, Benefit::AmountOff(2_000));
        assert_eq!(parsed.terms.threshold, 19_900);
        assert_eq!(parsed.validity, Validity::DaysFromClaim(7));
        assert_eq!(parsed.claim_until.to_rfc3339(), "2027-01-01T00:00:00+00:00");
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut TemplateFields);
        let cases: [(Spoil, FormError); 9] = [
            (|f| f.name = "  ".into(), FormError::Name),
            (|f| f.kind = "gift".into(), FormError::Kind),
            (|f| f.amount = "0".into(), FormError::Amount),
            (|f| f.threshold = "-1".into(), FormError::Threshold),
            (
                |f| f.claim_until = "2026-11-30".into(),
                FormError::ClaimDates,
            ),
            (|f| f.valid_days = "0".into(), FormError::UseDates),
            (|f| f.total_quantity = "0".into(), FormError::Quantity),
            (|f| f.per_member_limit = "x".into(), FormError::Limit),
            (|f| f.scope_kind = "products".into(), FormError::Scope),
        ];
        for (spoil, expected) in cases {
            let mut typed = form();
            spoil(&mut typed);
            assert_eq!(parse_template(&typed).err(), Some(expected));
        }
    }

    #[test]
    fn percentages_stay_between_1_and_99_with_an_optional_cap() {
        let mut typed = form();
        typed.kind = "percent_off".into();
        typed.percent = "15".into();
        typed.cap = "50".into();
        assert_eq!(
            parse_template(&typed).expect("valid").terms.benefit,
            Benefit::PercentOff {
                percent: 15,
                cap: Some(5_000)
            }
        );
        typed.percent = "100".into();
        assert_eq!(parse_template(&typed).err(), Some(FormError::Percent));
    }

    #[test]
    fn fixed_windows_need_both_dates() {
        let mut typed = form();
        typed.valid_days = String::new();
        typed.use_from = "2026-12-01".into();
        assert_eq!(parse_template(&typed).err(), Some(FormError::UseDates));
        typed.use_until = "2026-12-24".into();
        assert!(matches!(
            parse_template(&typed).expect("valid").validity,
            Validity::Fixed { .. }
        ));
    }

    /// chrono reads years far past what a date field sends; the day after
    /// its last one does not exist, and adding it was a panic (a 500).
    #[test]
    fn dates_past_four_digit_years_are_refused_not_a_panic() {
        let mut typed = form();
        typed.claim_until = "+262142-12-31".into();
        assert_eq!(parse_template(&typed).err(), Some(FormError::ClaimDates));
        typed.claim_until = "9999-12-31".into();
        assert!(parse_template(&typed).is_ok());
        assert_eq!(
            parse_edit("Spring", "10", "+262142-12-31", "1").err(),
            Some(FormError::ClaimDates)
        );
        let offer = OfferForm {
            name: "Autumn",
            scope_kind: "all",
            scope_ids: "",
            tiers: "299:30",
            starts: "-262143-01-01",
            ends: "2026-12-31",
        };
        assert_eq!(parse_offer(&offer).err(), Some(FormError::OfferDates));
    }

    #[test]
    fn tiers_are_typed_in_yuan_and_never_give_more_than_they_ask() {
        let tiers = parse_offer_tiers("599:80, 299:30").expect("valid");
        assert_eq!(
            tiers,
            [
                Tier {
                    threshold: 29_900,
                    off: 3_000
                },
                Tier {
                    threshold: 59_900,
                    off: 8_000
                }
            ]
        );
        assert_eq!(parse_offer_tiers("100：100"), Err(FormError::Tiers));
        assert_eq!(parse_offer_tiers(""), Err(FormError::Tiers));
        assert_eq!(parse_offer_tiers("100"), Err(FormError::Tiers));
    }
}
