//! Every constructor that reads what people type, over generated input:
//! arbitrary Unicode, control characters, numbers past every integer type,
//! `-0`, `1e309`, `NaN`, dates at chrono's limits, 10 000-character texts.
//! None may panic (a panic in a server function is a 500 and a dropped
//! answer), what each accepts lies within the bounds it documents, and
//! where a value is written out again (prices, offsets, CSV lines, order
//! numbers, listing URLs) reading it back gives the same value.
//!
//! Each property runs [`CASES`] cases so the whole file stays within a few
//! seconds; the server side of the same promise (every server function's
//! decoding) is `server/tests/hostile_input.rs`.

use app::audit::model::parse_day as audit_day;
use app::auth::devices::is_handle;
use app::auth::password::{MAX_CHARS, MIN_CHARS, check_new_password};
use app::auth::permission::{Permission, Permissions};
use app::cart::model::{MAX_LINE_QUANTITY, MAX_LINES, check_add, parse_quantity};
use app::catalog::admin::csv::{MAX_IMPORT_LINES, SkuLine, duplicate_codes, export, read_import};
use app::catalog::admin::images::model::Direction;
use app::catalog::admin::model::{MAX_STOCK, SkuRowInput, validate_skus};
use app::catalog::admin::product_input::{
    MAX_ATTRIBUTES, MAX_SKUS, MAX_SPEC_VALUES, MAX_SPECS, MAX_TITLE, ProductForm, attributes_text,
    check_details, check_structure, combinations, parse_attributes, parse_specs, sku_code, slugify,
};
use app::catalog::admin::reviews::model::Visibility;
use app::catalog::admin::taxonomy::model::{MAX_NAME, MAX_SLUG, check_name, check_slug};
use app::catalog::admin::variants::model::{AdminSpec, MAX_VALUE_CHARS, check_new_value};
use app::catalog::api::parse_listing_query;
use app::catalog::model::Sort;
use app::catalog::status::{ProductStatus, SkuStatus};
use app::clock::{local_input, local_ms, local_time, parse_local_input, zone_label};
use app::flash_sales::admin::form::parse_items;
use app::group_buys::model::GroupStage;
use app::images::{ImageProblem, MAX_ALT_CHARS, clean_alt, rendition_url};
use app::locale::cookie_value;
use app::members::model::{AccountStatus, AddressForm, DisplayName, Email, FieldError, Phone};
use app::money::{MAX_PRICE, decimal, format_price, parse_price};
use app::navigation::{local_path, referer_path};
use app::orders::admin::model::{OrderFilter, Shipment};
use app::orders::checkout_api::parse_shown_lines;
use app::orders::number::{looks_like_order_number, order_number};
use app::orders::shipping::ShippingMethod;
use app::orders::status::OrderStatus;
use app::orders::tabs::OrderTab;
use app::payments::model::PaymentStatus;
use app::promotions::admin::form::{
    MAX_NAME_CHARS, MAX_QUANTITY, MAX_VALID_DAYS, OfferForm, parse_edit, parse_offer,
    parse_offer_tiers, parse_template,
};
use app::promotions::admin::model::TemplateFields;
use app::promotions::model::{scope, scope_ids, tiers, tiers_column};
use app::promotions::repo::Validity;
use app::promotions::rules::{Benefit, Scope};
use app::promotions::view::CouponState;
use app::search::analyzer::words;
use app::search::query::typo_allowance;
use app::settings::model::{OrderRules, StoreName, UtcOffset};
use chrono::{Datelike, TimeZone, Utc};
use proptest::prelude::*;

/// Cases per property: enough to meet each kind of hostile input many
/// times over, few enough that the file runs in seconds on CI.
const CASES: u32 = 256;

/// Texts no form sends but anyone can: the limits of every number type,
/// what float parsers accept, look-alike digits, dates at and past
/// chrono's range, separators the parsers split on, invisible characters.
const SPECIAL: &[&str] = &[
    "",
    " ",
    "-0",
    "+0",
    "-1",
    "0",
    "00",
    "1e309",
    "-1e309",
    "1e3",
    "NaN",
    "inf",
    "-inf",
    "0.1",
    "-0.01",
    "1.005",
    ".5",
    "5.",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "2147483647",
    "2147483648",
    "4294967296",
    "99999999999999999999999999999",
    "0x10",
    "1_000",
    "¥",
    "¥¥1",
    "¥-1",
    "1,,,000",
    "١٢٣",
    "１２３",
    "𝟙𝟚𝟛",
    "\u{0}",
    "%00",
    "\u{feff}1",
    "\u{200b}",
    "\u{202e}abc",
    "a\u{0}b",
    "\r\n",
    "\t",
    "İ",
    "ß",
    "ǅ",
    "😀",
    "長",
    "+262142-12-31",
    "-262143-01-01",
    "+10000-01-01",
    "9999-12-31",
    "0000-01-01",
    "0000-00-00",
    "2026-02-29",
    "2028-02-29",
    "2026-12-01",
    "2026-12-01T10:30",
    "2026-12-01T10:30:59",
    "2026-12-01T10:30:60",
    "+275760-09-13T00:00",
    "9999-12-31T23:59",
    "UTC+14",
    "-12:00",
    "+8:",
    ":",
    "a:b",
    "：",
    ",",
    "，",
    "、",
    "\"",
    "\"\"",
    "=1+1",
    "<script>",
    "a@b.c",
    "@",
    "a@@b.c",
];

/// One hostile text: arbitrary Unicode, number-like, a special, control
/// characters, or a special repeated into a long text.
fn hostile() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[ \\t]{0,2}[+-]?[0-9]{0,24}([.,][0-9]{0,4})?(e[+-]?[0-9]{1,3})?[ \\t]{0,2}",
        3 => prop::sample::select(SPECIAL).prop_map(str::to_owned),
        1 => "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}]{1,6}",
        1 => (prop::sample::select(SPECIAL), 100..2_000usize)
            .prop_map(|(unit, times)| unit.repeat(times)),
        1 => (prop::sample::select(&["x", "长", "9", " ", "-", "\n"][..]), 5_000..12_000usize)
            .prop_map(|(unit, times)| unit.repeat(times)),
    ]
    // Boxed: a form of sixteen such fields would otherwise be one type
    // too large for a test thread's stack in a debug build.
    .boxed()
}

/// A text a form would hold, or a hostile one: so that the parsers'
/// accepting paths are reached too, not only their refusals.
fn typed(plausible: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        2 => prop::sample::select(plausible).prop_map(str::to_owned),
        1 => hostile(),
    ]
    .boxed()
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    // ---- money ----------------------------------------------------------

    /// Staff type prices; whatever they type is a price within the shop's
    /// range or nothing, never a panic and never a negative amount.
    #[test]
    fn typed_prices_are_in_range_or_refused(text in hostile()) {
        if let Some(fen) = parse_price(&text) {
            prop_assert!((0..=MAX_PRICE).contains(&fen), "{text:?} -> {fen}");
        }
    }

    /// What a form shows a price as reads back as the same price.
    #[test]
    fn prices_read_back_as_written(fen in 0..=MAX_PRICE) {
        prop_assert_eq!(parse_price(&decimal(fen)), Some(fen));
        let shown = format_price(fen);
        prop_assert_eq!(parse_price(&shown), Some(fen));
    }

    /// Any amount, even one no form could produce, can be shown.
    #[test]
    fn every_amount_can_be_shown(fen in any::<i64>()) {
        prop_assert!(format_price(fen).contains('¥'));
        prop_assert!(decimal(fen).contains('.'));
    }

    // ---- cart quantities --------------------------------------------------

    #[test]
    fn quantities_are_whole_numbers_in_the_lines_range(text in hostile()) {
        if let Ok(quantity) = parse_quantity(&text) {
            prop_assert!((1..=MAX_LINE_QUANTITY).contains(&quantity));
            prop_assert_eq!(parse_quantity(&quantity.to_string()), Ok(quantity));
        }
    }

    /// Adding a parsed quantity to a line already in the cart, against any
    /// stock the database holds, is checked without overflowing.
    #[test]
    fn adding_a_parsed_quantity_never_overflows(
        in_cart in 0..=MAX_LINE_QUANTITY,
        text in typed(&["1", "5", "99", "100"]),
        stock in any::<i64>(),
    ) {
        if let Ok(adding) = parse_quantity(&text)
            && check_add(in_cart, adding, stock).is_ok()
        {
            prop_assert!(in_cart + adding <= stock.min(MAX_LINE_QUANTITY));
        }
    }

    // ---- members ----------------------------------------------------------

    /// An email is stored trimmed, lower-cased and bounded, so it is the
    /// same address however it was typed: parsing it again changes nothing.
    #[test]
    fn emails_are_normal_and_bounded(text in prop_oneof![
        typed(&["Ada@Example.COM", " a@b.cn ", "ß@straße.de"]),
        // Near the limit, in letters whose lower case is longer.
        ("[a-zA-Z]{1,10}", prop::sample::select(&["İ", "a", "Σ"][..]), 100..250usize)
            .prop_map(|(local, letter, times)| format!("{local}@{}.cn", letter.repeat(times))),
    ]) {
        if let Ok(email) = Email::parse(&text) {
            let stored = email.as_str();
            prop_assert!(chars(stored) <= Email::MAX_CHARS);
            prop_assert_eq!(stored, stored.to_lowercase());
            prop_assert!(!stored.chars().any(|c| c.is_whitespace() || c.is_control()));
            prop_assert_eq!(Email::parse(stored), Ok(email.clone()));
        }
    }

    #[test]
    fn display_names_are_bounded_and_printable(text in hostile()) {
        match DisplayName::parse(&text) {
            Ok(name) => {
                prop_assert!((1..=DisplayName::MAX_CHARS).contains(&chars(name.as_str())));
                prop_assert!(!name.as_str().chars().any(char::is_control));
                prop_assert_eq!(name.as_str(), name.as_str().trim());
            }
            Err(err) => {
                let known = matches!(
                    err,
                    FieldError::Required | FieldError::Invalid | FieldError::TooLong { max: 40 }
                );
                prop_assert!(known, "{:?}", err);
            }
        }
    }

    #[test]
    fn phones_are_digits_with_at_most_a_leading_plus(text in typed(&["138 0013-8000", "+86 (138) 0013 8000"])) {
        if let Ok(phone) = Phone::parse(&text) {
            let digits = phone.as_str().strip_prefix('+').unwrap_or(phone.as_str());
            prop_assert!((5..=15).contains(&digits.len()));
            prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(Phone::parse(phone.as_str()), Ok(phone.clone()));
        }
    }

    /// An address is accepted with every field within its limit, or
    /// refused naming only fields the form has.
    #[test]
    fn addresses_are_bounded_or_refused_by_field(
        recipient in typed(&["王小明"]),
        phone in typed(&["13800138000"]),
        region in typed(&["浙江省"]),
        city in typed(&["杭州市"]),
        district in typed(&["", "西湖区"]),
        street in typed(&["文三路 100 号"]),
        postcode in typed(&["", "310000"]),
    ) {
        let form = AddressForm { recipient, phone, region, city, district, street, postcode };
        match form.parse() {
            Ok(address) => {
                for (text, max) in [
                    (&address.recipient, 40),
                    (&address.region, 40),
                    (&address.city, 40),
                    (&address.district, 40),
                    (&address.street, 200),
                ] {
                    prop_assert!(chars(text) <= max, "{text:?}");
                }
                prop_assert!(address.postcode.len() <= 10);
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for (field, _) in errors {
                    prop_assert!(
                        ["recipient", "phone", "region", "city", "district", "street", "postcode"]
                            .contains(&field),
                        "{field}"
                    );
                }
            }
        }
    }

    #[test]
    fn new_passwords_are_within_the_length_rule(text in hostile()) {
        if check_new_password(&text).is_ok() {
            prop_assert!((MIN_CHARS..=MAX_CHARS).contains(&chars(&text)));
        }
    }

    // ---- catalog ------------------------------------------------------------

    /// A slug is what `/c/{slug}` and `/p/{slug}` can carry: checked ones
    /// and the ones made from titles alike.
    #[test]
    fn slugs_are_url_safe_and_bounded(text in typed(&["tea-cups", "Aurora Buds 2", "a--b", "-a"])) {
        if let Ok(slug) = check_slug(&text) {
            prop_assert!((1..=MAX_SLUG).contains(&slug.len()));
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert_eq!(check_slug(&slug), Ok(slug.clone()));
        }
        if let Some(made) = slugify(&text) {
            prop_assert!(made.len() <= 60, "{made}");
            prop_assert_eq!(check_slug(&made), Ok(made.clone()));
            // A new product's SKU codes come from it.
            let code = sku_code(&made, MAX_SKUS - 1);
            prop_assert!(code.len() <= 48 + 4, "{code}");
        }
    }

    #[test]
    fn category_and_brand_names_are_bounded(text in hostile()) {
        if let Ok(name) = check_name(&text) {
            prop_assert!((1..=MAX_NAME).contains(&chars(&name)));
            prop_assert!(!name.chars().any(char::is_control));
        }
    }

    /// The product form: texts within their limits, attributes that read
    /// back from the text area as they were, at most 200 SKUs.
    #[test]
    fn product_forms_are_bounded_or_refused(
        title in typed(&["Aurora Buds 2", "无线蓝牙耳机"]),
        slug in typed(&["", "aurora-buds"]),
        category in typed(&["1", "12"]),
        brand in typed(&["", "3"]),
        attributes in typed(&["Colour: Black\nWeight：20 g", ""]),
        specs in typed(&["Colour: Black, White\nSize: S、M、L", "Colour: a,b,c,d,e,f,g,h,i,j,k,l,m,n,o\nSize: a,b,c,d,e,f,g,h,i,j,k,l,m,n,o"]),
        price in typed(&["199", "0.01"]),
        stock in typed(&["0", "10000000", "10000001"]),
    ) {
        let form = ProductForm { title, slug, category, brand, attributes, ..ProductForm::default() };
        if let Ok(details) = check_details(&form) {
            prop_assert!((1..=MAX_TITLE).contains(&chars(&details.title)));
            prop_assert!(details.attributes.len() <= MAX_ATTRIBUTES);
            prop_assert_eq!(
                parse_attributes(&attributes_text(&details.attributes)),
                Ok(details.attributes.clone())
            );
        }
        if let Ok(structure) = check_structure(&specs, &price, &stock) {
            prop_assert!(structure.specs.len() <= MAX_SPECS);
            prop_assert!(structure.specs.iter().all(|(_, values)| (1..=MAX_SPEC_VALUES).contains(&values.len())));
            prop_assert!(combinations(&structure.specs).len() <= MAX_SKUS);
            prop_assert!((1..=MAX_PRICE).contains(&structure.price));
            prop_assert!((0..=MAX_STOCK).contains(&structure.stock));
        }
        let _ = parse_specs(&form.title);
    }

    #[test]
    fn new_spec_values_are_bounded(value in hostile()) {
        let spec = AdminSpec { id: 1, name: "Colour".into(), values: vec!["Black".into()] };
        if let Ok(value) = check_new_value(&spec, &value) {
            prop_assert!((1..=MAX_VALUE_CHARS).contains(&chars(&value)));
            prop_assert_ne!(value.to_lowercase(), "black");
        }
    }

    /// The SKU grid: every row it lets through is a price, an original
    /// price not below it, and a stock within the shop's limits.
    #[test]
    fn sku_rows_are_bounded_or_refused_by_row(
        rows in prop::collection::vec(
            (typed(&["199", "5.50"]), typed(&["", "299"]), typed(&["0", "4"])),
            0..6,
        ),
    ) {
        let rows: Vec<SkuRowInput> = rows
            .into_iter()
            .enumerate()
            .map(|(at, (price, original_price, stock))| SkuRowInput { id: at as i64, price, original_price, stock })
            .collect();
        match validate_skus(&rows) {
            Ok(changes) => {
                prop_assert_eq!(changes.len(), rows.len());
                for change in changes {
                    prop_assert!((1..=MAX_PRICE).contains(&change.price));
                    prop_assert!(change.original_price.is_none_or(|o| o >= change.price));
                    prop_assert!((0..=MAX_STOCK).contains(&change.stock));
                }
            }
            Err(problems) => {
                prop_assert!(problems.iter().all(|p| (1..=rows.len()).contains(&p.row)));
            }
        }
    }

    /// A CSV import of anything: read whole or refused, with line numbers
    /// as a spreadsheet counts them.
    #[test]
    fn any_import_file_is_read_or_refused(
        body in prop_oneof![
            hostile(),
            prop::collection::vec(hostile(), 0..8).prop_map(|cells| format!("sku_code,price,stock\n{}", cells.join(","))),
            prop::collection::vec(
                prop::collection::vec(prop_oneof![hostile(), Just("\"".to_owned()), Just("\n".to_owned())], 0..5),
                0..6,
            ).prop_map(|rows| {
                let rows: Vec<String> = rows.into_iter().map(|cells| cells.join(",")).collect();
                format!("\u{feff}sku_code,price,stock,original_price\n{}", rows.join("\n"))
            }),
        ],
    ) {
        if let Ok(lines) = read_import(&body) {
            prop_assert!(!lines.is_empty() && lines.len() <= MAX_IMPORT_LINES);
            for pair in lines.windows(2) {
                prop_assert!(pair[0].line < pair[1].line);
            }
            prop_assert!(lines[0].line >= 2);
            for problem in duplicate_codes(&lines) {
                prop_assert!(lines.iter().any(|l| l.line == problem.row));
            }
        }
    }

    /// What the export writes, the import reads back: codes, prices and
    /// stock as they were, whatever the titles hold (quotes, commas, line
    /// breaks, formulas).
    #[test]
    fn exported_lines_import_as_they_were(
        lines in prop::collection::vec(
            ("\\PC{0,20}", "[A-Z0-9-]{1,12}", "\\PC{0,12}", 0..=MAX_PRICE, prop::option::of(0..=MAX_PRICE), 0..=MAX_STOCK),
            1..6,
        ),
    ) {
        let lines: Vec<SkuLine> = lines
            .into_iter()
            .map(|(title, code, variant, price, original, stock)| SkuLine {
                product_slug: "p".into(),
                title,
                sku_code: code,
                variant,
                price: decimal(price),
                original_price: original.map(decimal).unwrap_or_default(),
                stock: stock.to_string(),
            })
            .collect();
        let text = export(&lines).unwrap();
        let read = read_import(&text).unwrap();
        prop_assert_eq!(read.len(), lines.len());
        for (at, (line, back)) in lines.iter().zip(&read).enumerate() {
            prop_assert_eq!(back.line, at + 2);
            prop_assert_eq!(&back.code, &line.sku_code);
            prop_assert_eq!(&back.input.price, &line.price);
            prop_assert_eq!(&back.input.original_price, &line.original_price);
            prop_assert_eq!(&back.input.stock, &line.stock);
        }
    }

    /// A listing URL read, written and read again is the same listing, so
    /// equal filters share one URL and one cache entry.
    #[test]
    fn listing_queries_are_canonical(
        pairs in prop::collection::vec(
            (
                prop::sample::select(&["q", "brand", "spec", "min", "max", "stock", "sort", "page", "x"][..]),
                // Long search words with spaces: cut at the limit, they may end in one.
                typed(&["acme", "Colour:Black", "100", "1", "price_asc", "2", "长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长 长"]),
            ),
            0..10,
        ),
    ) {
        let raw = form_urlencoded_pairs(&pairs);
        let query = parse_listing_query(&raw);
        prop_assert!(query.text.chars().count() <= 80);
        if let (Some(min), Some(max)) = (query.min_yuan, query.max_yuan) {
            prop_assert!(min <= max);
        }
        prop_assert_eq!(parse_listing_query(&query.to_query_string()), query.normalised());
    }

    // ---- times ----------------------------------------------------------------

    /// A `datetime-local` field, on any store clock, reads back as the
    /// instant it showed (to the second).
    #[test]
    fn local_times_read_back_as_written(
        ms in -62_000_000_000_000i64..253_000_000_000_000,
        offset in (UtcOffset::WEST_MOST / 15..=UtcOffset::EAST_MOST / 15).prop_map(|q| q * 15),
    ) {
        let shown = local_input(ms, offset);
        let back = parse_local_input(&shown, offset);
        prop_assert_eq!(back, Some(ms.div_euclid(1_000) * 1_000), "{}", shown);
    }

    /// Whatever is typed into a time field, and any instant the database
    /// holds, is read or shown without panicking.
    #[test]
    fn any_time_text_is_read_or_refused(
        text in typed(&["2026-12-01T10:30", "2026-12-01T10:30:45", "2026-12-01 10:30"]),
        offset in UtcOffset::WEST_MOST..=UtcOffset::EAST_MOST,
        ms in any::<i64>(),
    ) {
        if let Some(at) = parse_local_input(&text, offset) {
            // A field holds a four-digit year: within ±10 000 years of 1970.
            prop_assert!(at.abs() < 316_000_000_000_000, "{text:?} -> {at}");
        }
        let _ = local_time(&text, offset);
        let _ = local_ms(ms, offset);
        let _ = local_input(ms, offset);
        let _ = zone_label(offset);
    }

    /// A store offset is one of Earth's zones in whole quarters of an
    /// hour, and what the settings page shows reads back as the same.
    #[test]
    fn utc_offsets_are_earths_and_read_back(text in typed(&["+8", "UTC+05:45", "-3:30", "+14", "-12"])) {
        if let Some(offset) = UtcOffset::parse(&text) {
            let minutes = offset.minutes();
            prop_assert!((UtcOffset::WEST_MOST..=UtcOffset::EAST_MOST).contains(&minutes));
            prop_assert_eq!(minutes % 15, 0);
            prop_assert_eq!(UtcOffset::parse(&UtcOffset::show(minutes)), Some(offset));
        }
    }

    /// Days typed into the audit filter are days a database can hold.
    #[test]
    fn audit_days_are_four_digit_years(text in typed(&["2026-11-25", "2024-02-29"])) {
        if let Some(day) = audit_day(&text) {
            prop_assert!((0..=9_999).contains(&day.year()), "{text:?} -> {day}");
        }
    }

    // ---- settings -------------------------------------------------------------

    #[test]
    fn store_names_are_bounded(text in hostile()) {
        if let Ok(name) = StoreName::parse(&text) {
            prop_assert!((1..=StoreName::MAX_CHARS).contains(&chars(name.as_str())));
        }
    }

    #[test]
    fn order_rules_are_within_their_limits(
        fee in typed(&["10", "9.90", "1000"]),
        free_from in typed(&["0", "99"]),
        express in typed(&["0", "20"]),
        timeout in typed(&["15", "1440"]),
        flash_timeout in typed(&["10"]),
        days in typed(&["7", "60"]),
    ) {
        if let Ok(rules) = OrderRules::parse(&fee, &free_from, &express, &timeout, &flash_timeout, &days) {
            prop_assert!((0..=OrderRules::MAX_FEE).contains(&rules.shipping_fee));
            prop_assert!((0..=OrderRules::MAX_FEE).contains(&rules.express_fee));
            prop_assert!((0..=MAX_PRICE).contains(&rules.free_shipping_from));
            for minutes in [rules.payment_timeout_minutes, rules.flash_payment_timeout_minutes] {
                prop_assert!((1..=OrderRules::MAX_TIMEOUT_MINUTES).contains(&minutes));
            }
            prop_assert!((1..=OrderRules::MAX_AUTO_COMPLETE_DAYS).contains(&rules.auto_complete_days));
        }
    }

    // ---- promotions -------------------------------------------------------------

    /// The new-coupon form: whatever staff type (dates at chrono's limits
    /// included) is a coupon within the form's rules or a refusal.
    #[test]
    fn coupon_templates_are_within_the_forms_rules(
        name in typed(&["¥20 off ¥199"]),
        kind in typed(&["amount_off", "percent_off", "free_shipping"]),
        amount in typed(&["20", "0.01"]),
        percent in typed(&["1", "99", "100"]),
        cap in typed(&["", "50"]),
        threshold in typed(&["", "199"]),
        scope_kind in typed(&["all", "categories", "products"]),
        scope_ids in typed(&["1,2", " 3 "]),
        claim_from in typed(&["2026-12-01", "9999-12-31", "-262143-01-01"]),
        claim_until in typed(&["2026-12-31", "9999-12-31", "+262142-12-31"]),
        valid_days in typed(&["", "7", "365"]),
        use_from in typed(&["2026-12-01"]),
        use_until in typed(&["2027-01-31", "9999-12-31", "+262142-12-31"]),
        total_quantity in typed(&["1000"]),
        per_member_limit in typed(&["1", "100"]),
        new_members_only in prop::option::of(typed(&["on"])),
    ) {
        let form = TemplateFields {
            name, kind, amount, percent, cap, threshold, scope_kind, scope_ids, claim_from,
            claim_until, valid_days, use_from, use_until, total_quantity, per_member_limit,
            new_members_only,
        };
        if let Ok(template) = parse_template(&form) {
            prop_assert!((1..=MAX_NAME_CHARS).contains(&chars(template.name)));
            prop_assert!(template.claim_from < template.claim_until);
            // Dates a date field sends, which both databases hold.
            for at in [template.claim_from, template.claim_until] {
                prop_assert!((0..=10_000).contains(&at.year()), "{}", at);
            }
            prop_assert!((0..=MAX_PRICE).contains(&template.terms.threshold));
            match template.terms.benefit {
                Benefit::AmountOff(off) => prop_assert!((1..=MAX_PRICE).contains(&off)),
                Benefit::PercentOff { percent, cap } => {
                    prop_assert!((1..=99).contains(&percent));
                    prop_assert!(cap.is_none_or(|cap| (1..=MAX_PRICE).contains(&cap)));
                }
                Benefit::FreeShipping => {}
            }
            match template.validity {
                Validity::Fixed { from, until } => prop_assert!(from < until && template.claim_from < until),
                Validity::DaysFromClaim(days) => prop_assert!((1..=MAX_VALID_DAYS).contains(&days)),
            }
            prop_assert!((1..=MAX_QUANTITY).contains(&template.total_quantity));
            prop_assert!((1..=100).contains(&template.per_member_limit));
            // The last day counts whole: the window ends at a midnight.
            prop_assert_eq!(template.claim_until.timestamp() % 86_400, 0);
        }
    }

    #[test]
    fn coupon_edits_are_within_the_forms_rules(
        name in typed(&["Spring"]),
        total in typed(&["10", "10000000"]),
        until in typed(&["2026-12-31", "9999-12-31", "+262142-12-31"]),
        limit in typed(&["1"]),
    ) {
        if let Ok(edit) = parse_edit(&name, &total, &until, &limit) {
            prop_assert!((1..=MAX_QUANTITY).contains(&edit.total_quantity));
            prop_assert!((1..=100).contains(&edit.per_member_limit));
            prop_assert!(edit.claim_until.year() <= 10_000);
        }
    }

    /// Offers: tiers that never pay the shopper, in threshold order, and a
    /// window that ends after it starts.
    #[test]
    fn offers_are_within_the_forms_rules(
        name in typed(&["Autumn"]),
        scope_kind in typed(&["all", "products"]),
        scope_ids in typed(&["1"]),
        tiers in typed(&["299:30, 599:80", "100：10，50:5", "1:1"]),
        starts in typed(&["2026-12-01", "9999-12-31", "-262143-01-01"]),
        ends in typed(&["2026-12-31", "9999-12-31", "+262142-12-31"]),
    ) {
        let form = OfferForm {
            name: &name, scope_kind: &scope_kind, scope_ids: &scope_ids, tiers: &tiers,
            starts: &starts, ends: &ends,
        };
        if let Ok(offer) = parse_offer(&form) {
            prop_assert!(offer.starts_at < offer.ends_at);
            for at in [offer.starts_at, offer.ends_at] {
                prop_assert!((0..=10_000).contains(&at.year()), "{}", at);
            }
            prop_assert!((1..=10).contains(&offer.tiers.len()));
            for tier in &offer.tiers {
                prop_assert!(0 < tier.off && tier.off < tier.threshold);
            }
            for pair in offer.tiers.windows(2) {
                prop_assert!(pair[0].threshold <= pair[1].threshold);
            }
        }
        let _ = parse_offer_tiers(&tiers);
    }

    /// Scopes and tiers as stored read back as written.
    #[test]
    fn stored_scopes_and_tiers_read_back(
        kind in typed(&["all", "categories", "products"]),
        ids in typed(&["1,2,3"]),
        stored_tiers in typed(&["29900:3000,59900:8000"]),
    ) {
        if let Some(read) = scope(&kind, &ids) {
            let (kind, ids) = scope_ids(&read);
            prop_assert_eq!(scope(kind, &ids), Some(read.clone()));
            if let Scope::Categories(ids) | Scope::Products(ids) = &read {
                prop_assert!(!ids.is_empty());
            }
        }
        if let Some(read) = tiers(&stored_tiers) {
            prop_assert_eq!(tiers(&tiers_column(&read)), Some(read.clone()));
        }
    }

    // ---- orders ---------------------------------------------------------------

    /// Order numbers are 25 digits, and only those are looked up.
    #[test]
    fn order_numbers_have_one_shape(
        ms in 0i64..253_402_300_799_000,
        random in any::<u64>(),
        text in typed(&["2026112809050704200000012"]),
    ) {
        let at = Utc.timestamp_millis_opt(ms).unwrap();
        let number = order_number(at, random);
        prop_assert!(looks_like_order_number(&number), "{number}");
        if looks_like_order_number(&text) {
            prop_assert!(text.len() == 25 && text.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn order_filters_hold_real_days_in_order(
        status in typed(&["paid", ""]),
        from in typed(&["2026-01-01", "2024-02-29", "2026-02-29"]),
        to in typed(&["2026-12-31", "9999-12-31"]),
        order_no in hostile(),
        email in hostile(),
    ) {
        if let Ok(filter) = OrderFilter::parse(&status, &from, &to, &order_no, &email) {
            for day in [&filter.from, &filter.to].into_iter().flatten() {
                prop_assert!(chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok(), "{day}");
            }
            if let (Some(from), Some(to)) = (&filter.from, &filter.to) {
                prop_assert!(from <= to);
            }
            prop_assert!(filter.order_no.len() <= 32);
            prop_assert!(chars(&filter.email) <= 200);
        }
    }

    #[test]
    fn shipments_are_bounded_without_spaces_in_the_number(
        carrier in typed(&["SF Express"]),
        tracking in typed(&["SF1234567890"]),
    ) {
        if let Ok(shipment) = Shipment::parse(&carrier, &tracking) {
            prop_assert!((1..=40).contains(&chars(&shipment.carrier)));
            prop_assert!((1..=40).contains(&chars(&shipment.tracking_no)));
            prop_assert!(!shipment.tracking_no.chars().any(char::is_whitespace));
        }
    }

    /// The cart lines a checkout page lists: positive ids, at most a
    /// cart's worth, read back as written.
    #[test]
    fn shown_lines_are_a_carts_ids(text in typed(&["1,2,3", "", "7"])) {
        if let Some(ids) = parse_shown_lines(&text) {
            prop_assert!(ids.len() <= MAX_LINES);
            prop_assert!(ids.iter().all(|id| *id > 0));
            let written = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            prop_assert_eq!(parse_shown_lines(&written), Some(ids));
        }
    }

    /// The flash-sale items text: each line a code and positive numbers.
    #[test]
    fn flash_items_are_positive(text in prop_oneof![
        hostile(),
        prop::collection::vec((typed(&["LAMP-1"]), typed(&["9.90"]), typed(&["100"]), typed(&["1"])), 0..5)
            .prop_map(|lines| lines.into_iter().map(|(a, b, c, d)| format!("{a}, {b}, {c}, {d}")).collect::<Vec<_>>().join("\n")),
    ]) {
        if let Ok(items) = parse_items(&text) {
            for item in items {
                prop_assert!(!item.sku_code.is_empty());
                prop_assert!((1..=MAX_PRICE).contains(&item.flash_price));
                prop_assert!(item.stock > 0 && item.per_member_limit > 0);
            }
        }
    }

    // ---- pictures, links, sessions, search ------------------------------------------

    #[test]
    fn picture_descriptions_are_bounded(text in hostile(), width in any::<u32>()) {
        match clean_alt(&text) {
            Ok(alt) => prop_assert!(chars(&alt) <= MAX_ALT_CHARS),
            Err(problem) => prop_assert_eq!(problem, ImageProblem::AltTooLong),
        }
        if let Some(url) = rendition_url(&text, width) {
            prop_assert!(url.starts_with("/media/products/") && url.ends_with(".jpg"));
        }
        let _ = ImageProblem::from_code(&text);
    }

    /// After a form, the browser only ever goes to a page of this shop.
    #[test]
    fn redirects_stay_on_the_shop(text in typed(&["/cart", "//evil.example", "/\\evil", "https://shop.test/orders"])) {
        if let Some(path) = local_path(&text) {
            prop_assert!(path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\"));
            prop_assert!(!path.chars().any(char::is_control));
        }
        if let Some(path) = referer_path(&text, "shop.test") {
            prop_assert!(path.starts_with('/'));
        }
    }

    #[test]
    fn cookies_and_handles_are_read_without_panicking(text in hostile()) {
        let _ = cookie_value(&text, "lang");
        if is_handle(&text) {
            prop_assert!(text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit()));
        }
    }
}

proptest! {
    // jieba's cut is the slowest parser here; fewer cases keep the file fast.
    #![proptest_config(ProptestConfig::with_cases(CASES / 4))]

    /// Search words are lower-case, distinct and short enough to index.
    #[test]
    fn search_words_are_indexable(text in hostile()) {
        let found = words(&text);
        for (at, word) in found.iter().enumerate() {
            prop_assert!(!word.is_empty() && word.len() < 40, "{word:?}");
            prop_assert_eq!(word, &word.to_lowercase());
            prop_assert!(!found[..at].contains(word));
            prop_assert!(typo_allowance(word) <= 2);
        }
    }
}

/// Every word a URL or a stored row can hold reads back to its own value:
/// the enumerations with a written form.
#[test]
fn every_named_value_reads_back_and_nothing_else_does() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(CASES));
    runner
        .run(&hostile(), |text| {
            if let Some(status) = OrderStatus::parse(&text) {
                prop_assert_eq!(status.as_str(), text.as_str());
            }
            if let Some(status) = ProductStatus::parse(&text) {
                prop_assert_eq!(status.as_str(), text.as_str());
            }
            if let Some(status) = PaymentStatus::parse(&text) {
                prop_assert_eq!(status.as_str(), text.as_str());
            }
            if let Some(stage) = GroupStage::parse(&text) {
                prop_assert_eq!(stage.as_str(), text.as_str());
            }
            if let Some(method) = ShippingMethod::parse(&text) {
                prop_assert_eq!(method.as_str(), text.as_str());
            }
            if let Some(sort) = Sort::parse(&text) {
                prop_assert_eq!(sort.as_str(), text.as_str());
            }
            if let Some(permission) = Permission::from_code(&text) {
                prop_assert_eq!(permission.code(), text.as_str());
            }
            if let Ok(set) = Permissions::parse(&text) {
                prop_assert_eq!(Permissions::parse(&set.to_stored()), Ok(set));
            }
            let _ = (
                OrderTab::parse(&text),
                CouponState::parse(&text),
                Visibility::parse(&text),
                Direction::parse(&text),
                SkuStatus::from_stored(&text),
                AccountStatus::parse(&text),
            );
            Ok(())
        })
        .unwrap();
    for status in OrderStatus::ALL {
        assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
    }
    for status in ProductStatus::ALL {
        assert_eq!(ProductStatus::parse(status.as_str()), Some(status));
    }
    for status in PaymentStatus::ALL {
        assert_eq!(PaymentStatus::parse(status.as_str()), Some(status));
    }
    for method in ShippingMethod::ALL {
        assert_eq!(ShippingMethod::parse(method.as_str()), Some(method));
    }
    for sort in Sort::ALL {
        assert_eq!(Sort::parse(sort.as_str()), Some(sort));
    }
    for tab in OrderTab::ALL {
        assert_eq!(OrderTab::parse(tab.as_str()), tab);
    }
    for state in CouponState::ALL {
        assert_eq!(CouponState::parse(state.as_str()), state);
    }
    for visibility in Visibility::ALL {
        assert_eq!(Visibility::parse(visibility.as_str()), visibility);
    }
    for problem in ImageProblem::ALL {
        assert_eq!(ImageProblem::from_code(problem.code()), Some(problem));
    }
    for status in [
        AccountStatus::Active,
        AccountStatus::Disabled,
        AccountStatus::Closed,
    ] {
        assert_eq!(AccountStatus::parse(status.as_str()), status);
    }
    let all = Permissions::all();
    assert_eq!(Permissions::parse(&all.to_stored()), Ok(all));
}

/// `key=value&…`, each part percent-encoded as a browser would.
fn form_urlencoded_pairs(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        for byte in value.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}
