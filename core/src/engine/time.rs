//! Beijing time (Asia/Shanghai): a fixed UTC+8 with no daylight saving
//! since 1991, which is the zone both WDT platforms read `start_time`,
//! `end_time` and every datetime column in.
//!
//! The rule for inputs, everywhere in skuwire:
//!
//! * a **zone-aware** input is converted: Unix seconds (a JSON integer), or
//!   an RFC 3339 string with an offset (`2019-01-01T00:00:00Z`,
//!   `2019-01-01 08:00:00+08:00`);
//! * a **naive** string (`yyyy-MM-dd HH:mm:ss`, or the ISO form with a `T`)
//!   is taken **as Beijing time**, never as the machine's local time, because
//!   that is how the vendors' pages and servers read it.
//!
//! Fractions of a second are accepted and dropped (floored): the platforms
//! work in whole seconds. Years are limited to 0000–9999, the range the
//! four-digit wire format can carry.
//!
//! The arithmetic (days ⇄ civil date) is written out here rather than taken
//! from a date crate, to keep the core light.

use crate::rules::{parse_datetime, DateFormat, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Beijing's offset from UTC in seconds (+08:00).
pub const BEIJING_OFFSET_SECS: i64 = 8 * 3600;

/// Seconds in a day.
pub const SECS_PER_DAY: i64 = 86_400;

/// Unix seconds of 0000-01-01 00:00:00 Beijing time, the earliest instant a
/// [`BeijingDateTime`] holds.
pub const MIN_UNIX: i64 = -62_167_248_000;

/// Unix seconds of 9999-12-31 23:59:59 Beijing time, the latest instant a
/// [`BeijingDateTime`] holds.
pub const MAX_UNIX: i64 = 253_402_271_999;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let mp = (i64::from(month) + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // 0..=11
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Seconds since 1970-01-01 00:00:00 of a calendar date-time read in UTC
/// (no zone applied).
fn naive_secs(n: &NaiveDateTime) -> i64 {
    days_from_civil(i64::from(n.year), n.month, n.day) * SECS_PER_DAY
        + i64::from(n.hour) * 3600
        + i64::from(n.minute) * 60
        + i64::from(n.second)
}

/// A date-time in Beijing time (UTC+8). Ordered chronologically.
///
/// * [`Display`](fmt::Display) prints the wire form `2019-01-03 17:29:34`;
/// * [`Serialize`] writes RFC 3339 with the offset, `2019-01-03T17:29:34+08:00`;
/// * [`Deserialize`] and [`BeijingDateTime::parse`] accept every input form
///   described in the [module docs](self).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BeijingDateTime(NaiveDateTime);

impl BeijingDateTime {
    /// The Beijing wall-clock time of a Unix instant; `None` outside
    /// years 0000–9999 ([`MIN_UNIX`]..=[`MAX_UNIX`]).
    pub fn from_unix(secs: i64) -> Option<BeijingDateTime> {
        if !(MIN_UNIX..=MAX_UNIX).contains(&secs) {
            return None;
        }
        let local = secs + BEIJING_OFFSET_SECS;
        let days = local.div_euclid(SECS_PER_DAY);
        let rem = local.rem_euclid(SECS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        Some(BeijingDateTime(NaiveDateTime {
            year: year as i32,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
        }))
    }

    /// A Beijing wall-clock time from its calendar fields; `None` when they
    /// are not a real date-time in years 0000–9999.
    pub fn from_naive(n: NaiveDateTime) -> Option<BeijingDateTime> {
        let ok = (0..=9999).contains(&n.year)
            && (1..=12).contains(&n.month)
            && n.day >= 1
            && n.day <= days_in_month(i64::from(n.year), n.month)
            && n.hour <= 23
            && n.minute <= 59
            && n.second <= 59;
        ok.then_some(BeijingDateTime(n))
    }

    /// The calendar fields (Beijing wall clock).
    pub fn naive(&self) -> NaiveDateTime {
        self.0
    }

    /// The Unix instant (seconds since 1970-01-01 00:00:00 UTC).
    pub fn unix(&self) -> i64 {
        naive_secs(&self.0) - BEIJING_OFFSET_SECS
    }

    /// Parses any accepted string form (see the [module docs](self)): a
    /// naive `yyyy-MM-dd HH:mm:ss` / `yyyy-MM-ddTHH:mm:ss` read as Beijing
    /// time, or an RFC 3339 string with `Z` or `±HH:MM`, converted.
    pub fn parse(s: &str) -> Option<BeijingDateTime> {
        let (naive, offset) = split_datetime(s)?;
        match offset {
            None => BeijingDateTime::from_naive(naive),
            Some(off) => BeijingDateTime::from_unix(naive_secs(&naive) - off),
        }
    }

    /// Reads a JSON input: a string in any form [`BeijingDateTime::parse`]
    /// accepts, or an integer of Unix seconds.
    pub fn from_json(v: &serde_json::Value) -> Option<BeijingDateTime> {
        match v {
            serde_json::Value::String(s) => BeijingDateTime::parse(s),
            serde_json::Value::Number(n) => {
                crate::rules::parse_int_text(n.as_str()).and_then(BeijingDateTime::from_unix)
            }
            _ => None,
        }
    }

    /// RFC 3339 with the Beijing offset: `2019-01-03T17:29:34+08:00`.
    pub fn to_rfc3339(&self) -> String {
        let n = &self.0;
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00",
            n.year, n.month, n.day, n.hour, n.minute, n.second
        )
    }

    /// The wire form the WDT pages use: `2019-01-03 17:29:34`.
    pub fn to_wire(&self) -> String {
        self.to_string()
    }

    /// This instant plus `secs` seconds; `None` when the result leaves
    /// years 0000–9999.
    pub fn add_secs(&self, secs: i64) -> Option<BeijingDateTime> {
        BeijingDateTime::from_unix(self.unix().checked_add(secs)?)
    }
}

/// The wire form `yyyy-MM-dd HH:mm:ss` (Beijing wall clock).
impl fmt::Display for BeijingDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = &self.0;
        write!(f, "{:04}-{:02}-{:02} {:02}:{:02}:{:02}", n.year, n.month, n.day, n.hour, n.minute, n.second)
    }
}

impl Serialize for BeijingDateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for BeijingDateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let v = serde_json::Value::deserialize(d)?;
        BeijingDateTime::from_json(&v)
            .ok_or_else(|| D::Error::custom(format!("not a Beijing date-time, RFC 3339 string or Unix seconds: {v}")))
    }
}

/// Splits `date[ T]time[.frac][offset]` into the calendar fields and the
/// offset in seconds (`None` for a naive string).
fn split_datetime(s: &str) -> Option<(NaiveDateTime, Option<i64>)> {
    let s = s.trim();
    // The date is always 10 bytes (yyyy-MM-dd), then a separator.
    if s.len() < 19 || !s.is_char_boundary(10) || !s.is_char_boundary(19) {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let sep = rest.as_bytes()[0];
    if sep != b' ' && sep != b'T' && sep != b't' {
        return None;
    }
    let time = &rest[1..9];
    let mut tail = &rest[9..];
    let naive = parse_datetime(&format!("{date} {time}"), DateFormat::DateTime)?;
    // Optional fraction: dropped (floored) — whole seconds only.
    if let Some(frac) = tail.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        tail = &frac[digits..];
    }
    let offset = match tail {
        "" => None,
        "Z" | "z" => Some(0),
        t => {
            let (sign, hm) = match t.as_bytes()[0] {
                b'+' => (1, &t[1..]),
                b'-' => (-1, &t[1..]),
                _ => return None,
            };
            let (h, m) = hm.split_once(':')?;
            if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            if h > 23 || m > 59 {
                return None;
            }
            Some(sign * (h * 3600 + m * 60))
        }
    };
    Some((naive, offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bj(s: &str) -> BeijingDateTime {
        BeijingDateTime::parse(s).unwrap()
    }

    #[test]
    fn unix_round_trips_through_beijing_wall_clock() {
        // 1970-01-01 08:00:00 Beijing is Unix 0 (the enterprise page's
        // definition of its timestamp).
        assert_eq!(BeijingDateTime::from_unix(0).unwrap().to_string(), "1970-01-01 08:00:00");
        assert_eq!(bj("1970-01-01 08:00:00").unix(), 0);
        // The enterprise vendor vector's timestamp.
        assert_eq!(BeijingDateTime::from_unix(1_470_042_310).unwrap().to_string(), "2016-08-01 17:05:10");
        // The flagship epoch: 2012-01-01 00:00:00 Beijing = 1325347200.
        assert_eq!(bj("2012-01-01 00:00:00").unix(), 1_325_347_200);
        assert_eq!(bj("2024-02-29 23:59:59").add_secs(1).unwrap().to_string(), "2024-03-01 00:00:00");
        assert_eq!(BeijingDateTime::from_unix(MIN_UNIX).unwrap().to_string(), "0000-01-01 00:00:00");
        assert_eq!(BeijingDateTime::from_unix(MAX_UNIX).unwrap().to_string(), "9999-12-31 23:59:59");
        assert!(BeijingDateTime::from_unix(MIN_UNIX - 1).is_none());
        assert!(BeijingDateTime::from_unix(MAX_UNIX + 1).is_none());
        assert!(BeijingDateTime::from_unix(i64::MIN).is_none());
    }

    #[test]
    fn days_arithmetic_matches_every_day_of_four_centuries() {
        let mut days = days_from_civil(1900, 1, 1);
        for year in 1900..2300 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(days_from_civil(year, month, day), days);
                    assert_eq!(civil_from_days(days), (year, month, day));
                    days += 1;
                }
            }
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(0, 1, 1), -719_528);
    }

    #[test]
    fn zone_aware_inputs_are_converted_naive_ones_are_beijing() {
        assert_eq!(bj("2019-01-01 00:00:00").to_string(), "2019-01-01 00:00:00");
        assert_eq!(bj("2019-01-01T00:00:00").to_string(), "2019-01-01 00:00:00");
        assert_eq!(bj("2018-12-31T16:00:00Z").to_string(), "2019-01-01 00:00:00");
        assert_eq!(bj("2018-12-31T16:00:00.999Z").to_string(), "2019-01-01 00:00:00");
        assert_eq!(bj("2019-01-01T00:00:00+08:00").to_string(), "2019-01-01 00:00:00");
        assert_eq!(bj("2019-01-01 00:00:00+08:00").to_string(), "2019-01-01 00:00:00");
        assert_eq!(bj("2018-12-31T11:00:00-05:00").to_string(), "2019-01-01 00:00:00");
        assert_eq!(bj("2019-01-01T05:30:00+05:30").to_string(), "2019-01-01 08:00:00");
        assert_eq!(BeijingDateTime::from_json(&json!(1_546_272_000)).unwrap().to_string(), "2019-01-01 00:00:00");
        assert_eq!(BeijingDateTime::from_json(&json!("2018-12-31T16:00:00Z")), Some(bj("2019-01-01 00:00:00")));
        for bad in [
            "2019-01-01",
            "2019-1-1 00:00:00",
            "2019-01-01 24:00:00",
            "2019-02-29 00:00:00",
            "2019-01-01T00:00:00+8:00",
            "2019-01-01T00:00:00+24:00",
            "2019-01-01T00:00:00.Z",
            "2019-01-01T00:00:00 Z",
            "2019-01-01X00:00:00",
            "２０19-01-01 00:00:00",
            "",
        ] {
            assert!(BeijingDateTime::parse(bad).is_none(), "{bad}");
        }
        assert!(BeijingDateTime::from_json(&json!(1.5)).is_none());
        assert!(BeijingDateTime::from_json(&json!(true)).is_none());
        // Offsets that push the instant out of 0000–9999.
        assert!(BeijingDateTime::parse("9999-12-31T23:00:00-05:00").is_none());
    }

    #[test]
    fn serializes_as_rfc3339_with_the_beijing_offset() {
        let t = bj("2019-01-03 17:29:34");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"2019-01-03T17:29:34+08:00\"");
        let back: BeijingDateTime = serde_json::from_str("\"2019-01-03T17:29:34+08:00\"").unwrap();
        assert_eq!(back, t);
        let from_int: BeijingDateTime = serde_json::from_str("1546507774").unwrap();
        assert_eq!(from_int, t);
        assert!(serde_json::from_str::<BeijingDateTime>("\"soon\"").is_err());
    }
}
