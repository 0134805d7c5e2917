//! Durations as speakers write them (`5m`, `4m30s`, `5:00`, `300s`, `300`) and as we print them.
//!
//! Owns parsing and formatting of talk-length strings; it knows nothing about clocks.

use std::time::Duration;

/// Why a duration could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {text:?} as a duration")]
pub struct DurationError {
    /// The text as written.
    pub text: String,
}

/// The forms a duration may take, for hints.
pub const DURATION_FORMS: &str = "write it as 5m, 4m30s, 5:00, 300s or 300 (seconds)";

/// Reads `5m`, `4m30s`, `1h`, `90s`, `1.5m`, `5:00`, `1:02:03` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let t = text.trim().to_ascii_lowercase();
    let err = || DurationError {
        text: text.to_string(),
    };
    if t.is_empty() {
        return Err(err());
    }
    let secs = if t.contains(':') {
        parse_clock(&t)
    } else {
        parse_units(&t)
    }
    .ok_or_else(err)?;
    if !secs.is_finite() || !(0.0..=24.0 * 3600.0).contains(&secs) {
        return Err(err());
    }
    Ok(Duration::from_millis((secs * 1000.0).round() as u64))
}

/// `m:ss` or `h:mm:ss`.
fn parse_clock(t: &str) -> Option<f64> {
    let parts: Vec<&str> = t.split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut total = 0.0;
    for (i, p) in parts.iter().enumerate() {
        let v: f64 = p.parse().ok()?;
        // Every field after the first is a base-60 digit pair.
        if i > 0 && v >= 60.0 {
            return None;
        }
        total = total * 60.0 + v;
    }
    Some(total)
}

/// `4m30s`, `1h`, `90s`, `300`, `1.5m`, with optional spaces between parts.
fn parse_units(t: &str) -> Option<f64> {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if let Ok(v) = compact.parse::<f64>() {
        return Some(v);
    }
    let mut total = 0.0;
    let mut number = String::new();
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let mut unit = c.to_string();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_alphabetic() {
                unit.push(n);
                chars.next();
            } else {
                break;
            }
        }
        let factor = match unit.as_str() {
            "h" | "hr" | "hour" | "hours" => 3600.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            _ => return None,
        };
        let v: f64 = number.parse().ok()?;
        total += v * factor;
        number.clear();
    }
    if !number.is_empty() {
        return None;
    }
    Some(total)
}

/// `5:00`, `12:07`, `1:02:03`: whole seconds, rounded down.
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_documented_form() {
        let cases = [
            ("5m", 300),
            ("4m30s", 270),
            ("4m 30s", 270),
            ("5:00", 300),
            ("4:30", 270),
            ("300s", 300),
            ("300", 300),
            ("1h", 3600),
            ("1:02:03", 3723),
            ("20 s", 20),
            ("2 min", 120),
            ("0", 0),
        ];
        for (text, secs) in cases {
            assert_eq!(
                parse_duration(text),
                Ok(Duration::from_secs(secs)),
                "{text}"
            );
        }
        assert_eq!(parse_duration("1.5m"), Ok(Duration::from_secs(90)));
    }

    #[test]
    fn rejects_nonsense_with_the_text_in_the_error() {
        for text in [
            "", "five", "5x", "m", "5:60", "1:2:3:4", "-5", ":30", "3m4", "99999h",
        ] {
            let e = parse_duration(text).expect_err(text);
            assert_eq!(e.text, text);
        }
    }

    #[test]
    fn formats_minutes_and_hours() {
        assert_eq!(format_duration(Duration::from_secs(300)), "5:00");
        assert_eq!(format_duration(Duration::from_secs(7)), "0:07");
        assert_eq!(format_duration(Duration::from_millis(59_999)), "0:59");
        assert_eq!(format_duration(Duration::from_secs(3723)), "1:02:03");
    }
}
