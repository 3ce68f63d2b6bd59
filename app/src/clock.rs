//! The store's clock. Instants travel as Unix milliseconds or RFC 3339
//! text in UTC; shoppers and staff read them in the store's time zone, a
//! fixed offset from UTC that staff set (most shops sit in one zone, and
//! China has no summer time). Plain arithmetic on the text the server
//! sends, so the browser needs no time-zone database. Pages take the
//! offset from the store settings (`settings::clock::shown_time`).

/// A Unix time in milliseconds as a database time; out of range is the
/// epoch (a time no form can produce).
#[cfg(feature = "ssr")]
pub fn at_ms(ms: i64) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc
        .timestamp_millis_opt(ms)
        .single()
        .unwrap_or_default()
}

/// A day typed or picked in a date field, `YYYY-MM-DD`. Only four-digit
/// years: chrono also reads `+262142-12-31`, whose next day (the end of
/// a range) overflows, and `-262143-01-01`, which PostgreSQL cannot hold.
#[cfg(feature = "ssr")]
pub fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    let year = text.as_bytes().get(..4)?;
    if text.len() != 10 || !year.iter().all(u8::is_ascii_digit) {
        return None;
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// `2026-11-30T16:05:09.5+00:00` at `offset_minutes` from UTC, as
/// `2026-12-01 00:05`; text that is not such a time is shown as it came.
pub fn local_time(rfc3339: &str, offset_minutes: i32) -> String {
    match parse_utc_minutes(rfc3339) {
        Some(minutes) => format_minutes(minutes + i64::from(offset_minutes)),
        None => rfc3339.to_owned(),
    }
}

/// `UTC+8`, `UTC−3:30`, `UTC`: the zone, as shown after a time.
pub fn zone_label(offset_minutes: i32) -> String {
    let sign = if offset_minutes < 0 { '−' } else { '+' };
    let (hours, minutes) = (offset_minutes.abs() / 60, offset_minutes.abs() % 60);
    match (hours, minutes) {
        (0, 0) => "UTC".to_owned(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

/// A Unix time in milliseconds on the store's clock, `2026-12-01 00:05`.
pub fn local_ms(ms: i64, offset_minutes: i32) -> String {
    format_minutes(ms.div_euclid(60_000) + i64::from(offset_minutes))
}

/// A Unix time in milliseconds as a `datetime-local` field with a step of
/// one second holds it, on the store's clock: `2026-12-01T00:05:09`.
pub fn local_input(ms: i64, offset_minutes: i32) -> String {
    let minutes = ms.div_euclid(60_000) + i64::from(offset_minutes);
    let seconds = ms.div_euclid(1_000).rem_euclid(60);
    format!(
        "{}:{seconds:02}",
        format_minutes(minutes).replacen(' ', "T", 1)
    )
}

/// What a `datetime-local` field holds (`2026-12-01T10:30`, on the
/// store's clock) as a Unix time in milliseconds.
pub fn parse_local_input(text: &str, offset_minutes: i32) -> Option<i64> {
    let text = text.trim();
    let utc = format!("{}:00+00:00", text.get(..16)?);
    // Seconds, when the field has a step under a minute (`…T10:30:45`).
    let seconds = match text.get(16..) {
        Some("") => 0,
        Some(rest) => rest
            .strip_prefix(':')
            .filter(|s| s.len() == 2)
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|s| *s < 60)?,
        None => return None,
    };
    let minutes = parse_utc_minutes(&utc.replacen(' ', "T", 1))?;
    Some((minutes - i64::from(offset_minutes)) * 60_000 + seconds * 1_000)
}

/// Minutes since 1970-01-01 00:00 UTC; only UTC times (`+00:00` or `Z`)
/// are read, which is all the server writes.
fn parse_utc_minutes(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 17 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if !(text.ends_with("+00:00") || text.ends_with('Z')) {
        return None;
    }
    let num = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 1_440 + hour * 60 + minute)
}

fn format_minutes(minutes: i64) -> String {
    let (days, minute_of_day) = (minutes.div_euclid(1_440), minutes.rem_euclid(1_440));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

// Days from 1970-01-01 to a proleptic Gregorian date and back, counting
// in 400-year eras of 146,097 days (the well-known civil-days method).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn days_are_four_digit_dates_and_their_next_day_exists() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_day(" 2026-11-25 "), day(2026, 11, 25));
        assert_eq!(parse_day("9999-12-31"), day(9999, 12, 31));
        assert!(parse_day("9999-12-31").unwrap().succ_opt().is_some());
        for refused in [
            "+262142-12-31",
            "-262143-01-01",
            "+10000-01-01",
            "2026-1-5",
            "2026-02-30",
            "25/11/2026",
            "",
            "长长长长-01-01",
        ] {
            assert_eq!(parse_day(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn beijing_time_rolls_over_midnight_month_and_year() {
        assert_eq!(
            local_time("2026-11-30T16:05:09.123+00:00", 480),
            "2026-12-01 00:05"
        );
        assert_eq!(local_time("2026-12-31T20:00:00Z", 480), "2027-01-01 04:00");
        assert_eq!(
            local_time("2028-02-28T23:30:00+00:00", 60),
            "2028-02-29 00:30"
        );
        assert_eq!(
            local_time("2027-02-28T23:30:00+00:00", 60),
            "2027-03-01 00:30"
        );
    }

    #[test]
    fn offsets_west_of_utc_go_back_a_day() {
        assert_eq!(
            local_time("2027-01-01T02:00:00+00:00", -300),
            "2026-12-31 21:00"
        );
        assert_eq!(
            local_time("2026-03-01T00:10:00+00:00", -210),
            "2026-02-28 20:40"
        );
    }

    #[test]
    fn days_round_trip_over_four_centuries() {
        for days in (-146_097..146_097).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn anything_else_is_shown_as_it_came() {
        assert_eq!(local_time("yesterday", 480), "yesterday");
        assert_eq!(
            local_time("2026-11-30T16:05:09+08:00", 480),
            "2026-11-30T16:05:09+08:00"
        );
        assert_eq!(
            local_time("2026-13-30T16:05:09Z", 0),
            "2026-13-30T16:05:09Z"
        );
    }

    #[test]
    fn datetime_fields_are_read_on_the_store_clock() {
        // 10:30 in Beijing is 02:30 UTC.
        let ms = parse_local_input("2026-12-01T10:30", 480).unwrap();
        assert_eq!(ms, 1_796_092_200_000);
        assert_eq!(local_ms(ms, 480), "2026-12-01 10:30");
        assert_eq!(local_ms(ms, 0), "2026-12-01 02:30");
        // Browsers may add seconds; a space is accepted too.
        assert_eq!(parse_local_input("2026-12-01T10:30:00", 480), Some(ms));
        assert_eq!(
            parse_local_input("2026-12-01T10:30:45", 480),
            Some(ms + 45_000)
        );
        assert_eq!(parse_local_input("2026-12-01T10:30:75", 480), None);
        assert_eq!(parse_local_input("2026-12-01T10:30x", 480), None);
        assert_eq!(parse_local_input("2026-12-01 10:30", 480), Some(ms));
        assert_eq!(parse_local_input("2026-13-01T10:30", 480), None);
        assert_eq!(parse_local_input("tomorrow", 480), None);
        assert_eq!(parse_local_input("", 480), None);
    }

    #[test]
    fn zones_read_like_utc_plus_hours() {
        assert_eq!(zone_label(480), "UTC+8");
        assert_eq!(zone_label(0), "UTC");
        assert_eq!(zone_label(-210), "UTC−3:30");
        assert_eq!(zone_label(345), "UTC+5:45");
    }

    #[test]
    fn a_time_goes_into_a_field_and_back_unchanged_to_the_second() {
        let ms = 1_764_547_509_000; // 2025-12-01T00:05:09Z
        assert_eq!(local_input(ms, 480), "2025-12-01T08:05:09");
        assert_eq!(parse_local_input(&local_input(ms, 480), 480), Some(ms));
        assert_eq!(
            parse_local_input(&local_input(ms + 999, -210), -210),
            Some(ms)
        );
    }
}
