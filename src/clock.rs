//! The clock, and Unix times written for people, in UTC.

/// Seconds since the Unix epoch; the one place the gate reads the clock, so that every
/// check takes `now` as a parameter and tests control time.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// YYYY-MM-DD, by the civil-from-days algorithm.
pub fn date(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// HH:MM.
pub fn time_of_day(t: i64) -> String {
    let secs = t.rem_euclid(86_400);
    format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// A length of time as people say it: "30 days", "12 hours", "90 minutes".
pub fn span(d: std::time::Duration) -> String {
    let secs = d.as_secs();
    let (n, unit) = match secs {
        s if s % 86_400 == 0 => (s / 86_400, "day"),
        s if s % 3600 == 0 => (s / 3600, "hour"),
        s => (s.div_ceil(60), "minute"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn dates_and_spans() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_795_305_600), "2026-11-22");
        assert_eq!(time_of_day(1_795_305_600 + 3 * 3600 + 7 * 60 + 5), "03:07");
        assert_eq!(span(Duration::from_secs(30 * 86_400)), "30 days");
        assert_eq!(span(Duration::from_secs(86_400)), "1 day");
        assert_eq!(span(Duration::from_secs(12 * 3600)), "12 hours");
        assert_eq!(span(Duration::from_secs(90 * 60)), "90 minutes");
    }
}
