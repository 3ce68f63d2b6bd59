//! Which centres hold personal data about members (see
//! `crate::personal_data`), put together where the app is assembled:
//! `state` registers them at start. A centre that starts keeping
//! something about members adds its holder here.

use crate::auth::personal_data::MemberSessionData;
use crate::cart::personal_data::CartData;
use crate::catalog::personal_data::CatalogData;
use crate::members::personal_data::AccountData;
use crate::orders::personal_data::OrderData;
use crate::personal_data::{self, PersonalData};
use crate::points::personal_data::PointsData;

/// Registers the holders, once per process. The account itself comes
/// last: the others find their rows by its id, which stays.
pub fn register() {
    personal_data::register(|| {
        let holders: Vec<Box<dyn PersonalData>> = vec![
            Box::new(OrderData),
            Box::new(CartData),
            Box::new(CatalogData),
            Box::new(PointsData),
            Box::new(MemberSessionData),
            Box::new(AccountData),
        ];
        holders
    });
}
