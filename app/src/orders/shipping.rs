//! How an order travels. Standard delivery costs the store's flat fee and
//! is free from a threshold; express has a fee of its own and is never
//! free. Staff set both under `/admin/settings` (an express fee of 0 means
//! the shop offers no express).

use serde::{Deserialize, Serialize};

use super::pricing::ShippingRule;
use crate::settings::StoreSettings;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShippingMethod {
    #[default]
    Standard,
    Express,
}

/// A method as this shop charges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingOption {
    pub method: ShippingMethod,
    pub rule: ShippingRule,
}

impl ShippingOption {
    /// Standard delivery, which every shop offers.
    pub fn standard(settings: &StoreSettings) -> Self {
        Self {
            method: ShippingMethod::Standard,
            rule: settings.shipping_rule(),
        }
    }
}

/// What a page asked for, against what the shop offers today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    Offered(ShippingOption),
    /// No such method: not something a checkout page sends.
    Unknown,
    /// Staff have stopped offering it since the page was shown.
    NotOffered,
}

impl ShippingMethod {
    pub const ALL: [Self; 2] = [Self::Standard, Self::Express];

    /// As stored on the order and sent by the checkout form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Express => "express",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.as_str() == raw)
    }

    /// What this method costs under these settings; `None` when the shop
    /// does not offer it.
    pub fn rule(self, settings: &StoreSettings) -> Option<ShippingRule> {
        match self {
            Self::Standard => Some(settings.shipping_rule()),
            Self::Express => (settings.express_fee > 0).then_some(ShippingRule {
                fee: settings.express_fee,
                free_from: 0,
            }),
        }
    }

    pub fn option(self, settings: &StoreSettings) -> Option<ShippingOption> {
        Some(ShippingOption {
            method: self,
            rule: self.rule(settings)?,
        })
    }

    /// The method a page asked for, by its form value; a page that names
    /// none (one from before delivery could be chosen) ships standard.
    pub fn requested(raw: Option<&str>, settings: &StoreSettings) -> Requested {
        let Some(raw) = raw else {
            return Requested::Offered(ShippingOption::standard(settings));
        };
        match Self::parse(raw) {
            None => Requested::Unknown,
            Some(method) => method
                .option(settings)
                .map_or(Requested::NotOffered, Requested::Offered),
        }
    }

    /// The methods the shop offers, standard first.
    pub fn offered(settings: &StoreSettings) -> Vec<ShippingOption> {
        Self::ALL
            .into_iter()
            .filter_map(|method| method.option(settings))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(express_fee: i64) -> StoreSettings {
        StoreSettings {
            shipping_fee: 1_000,
            free_shipping_from: 9_900,
            express_fee,
            ..Default::default()
        }
    }

    #[test]
    fn a_method_reads_back_what_it_writes_and_nothing_else() {
        for method in ShippingMethod::ALL {
            assert_eq!(ShippingMethod::parse(method.as_str()), Some(method));
        }
        assert_eq!(ShippingMethod::parse("Express"), None);
        assert_eq!(ShippingMethod::parse(""), None);
    }

    #[test]
    fn express_is_never_free_and_standard_is_from_the_threshold() {
        let settings = settings(2_000);
        let standard = ShippingMethod::Standard.rule(&settings).unwrap();
        let express = ShippingMethod::Express.rule(&settings).unwrap();
        assert_eq!(
            (standard.fee_for(5_000), standard.fee_for(9_900)),
            (1_000, 0)
        );
        assert_eq!(
            (express.fee_for(5_000), express.fee_for(1_000_000)),
            (2_000, 2_000)
        );
        assert_eq!(express.short_of_free(5_000), None);
    }

    #[test]
    fn a_request_is_resolved_against_what_is_offered() {
        let offering = settings(2_000);
        let express = ShippingMethod::Express.option(&offering).unwrap();
        let standard = ShippingOption::standard(&offering);
        let requested = ShippingMethod::requested;
        assert_eq!(requested(None, &offering), Requested::Offered(standard));
        assert_eq!(
            requested(Some("standard"), &offering),
            Requested::Offered(standard)
        );
        assert_eq!(
            requested(Some("express"), &offering),
            Requested::Offered(express)
        );
        assert_eq!(requested(Some("teleport"), &offering), Requested::Unknown);
        assert_eq!(
            requested(Some("express"), &settings(0)),
            Requested::NotOffered
        );
    }

    #[test]
    fn an_express_fee_of_zero_means_no_express() {
        assert_eq!(ShippingMethod::Express.rule(&settings(0)), None);
        let methods = |express_fee| -> Vec<_> {
            let offered = ShippingMethod::offered(&settings(express_fee));
            offered.into_iter().map(|option| option.method).collect()
        };
        assert_eq!(methods(0), [ShippingMethod::Standard]);
        assert_eq!(methods(1), ShippingMethod::ALL);
    }
}
