//! Times as pages show them: on the store's clock (`crate::clock`), with
//! the offset from the settings the page was served with.

/// `2026-12-01 00:05 UTC+8`: an RFC 3339 time from the server, in the
/// store's zone and labelled with it.
pub fn shown_time(rfc3339: &str) -> String {
    let offset = super::api::use_store_settings().utc_offset_minutes;
    format!(
        "{} {}",
        crate::clock::local_time(rfc3339, offset),
        crate::clock::zone_label(offset)
    )
}

/// The same for a Unix time in milliseconds.
pub fn shown_ms(ms: i64) -> String {
    let offset = super::api::use_store_settings().utc_offset_minutes;
    format!(
        "{} {}",
        crate::clock::local_ms(ms, offset),
        crate::clock::zone_label(offset)
    )
}
