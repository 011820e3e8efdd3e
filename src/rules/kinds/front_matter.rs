//! `front-matter`: required keys and their values (an owner that is not
//! "TBC", a review date that is a date and not past).

use super::{Ctx, fill};
use crate::document::Span;
use crate::finding::Finding;
use crate::rules::{DateCheck, FrontMatterCheck, Rule};

pub fn check(rule: &Rule, ctx: &Ctx<'_>, c: &FrontMatterCheck, out: &mut Vec<Finding>) {
    let fm = ctx.doc.front_matter.as_ref();
    let found = c.keys.iter().find_map(|k| {
        let v = fm?.get_str(k)?;
        (!v.trim().is_empty()).then_some((k.as_str(), v))
    });
    let first = c.keys.first().map_or("", String::as_str);
    let Some((key, value)) = found else {
        let anchor = ctx.title_anchor();
        let message = fill(
            &rule.message,
            &[
                ("key", first),
                ("value", "missing"),
                ("match", &ctx.text[anchor.range()]),
            ],
        );
        out.push(ctx.finding_at(rule, anchor, message));
        return;
    };
    let value = value.trim().to_string();
    let bad = c.reject.contains(&value.to_lowercase())
        || c.pattern.as_ref().is_some_and(|p| !p.is_match(&value))
        || match c.date {
            None => false,
            Some(DateCheck::Valid) => parse_date(&value).is_none(),
            Some(DateCheck::NotPast) => parse_date(&value).is_none_or(|d| d < ctx.today),
        };
    if !bad {
        return;
    }
    let span = value_span(ctx.text, ctx.doc, key).unwrap_or_else(|| ctx.title_anchor());
    let message = fill(
        &rule.message,
        &[
            ("key", key),
            ("value", &value),
            ("match", &ctx.text[span.range()]),
        ],
    );
    out.push(ctx.finding_at(rule, span, message));
}

/// The bytes of `key`'s value on its line in the front matter.
fn value_span(text: &str, doc: &crate::document::Document, key: &str) -> Option<Span> {
    let fm = doc.front_matter.as_ref()?;
    let (start, end) = fm.yaml;
    let yaml = &text[start..end];
    let mut off = 0;
    for line in yaml.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(rest) = body.strip_prefix(key)
            && let Some(val) = rest.trim_start().strip_prefix(':')
        {
            let lead = body.len() - val.len();
            let v = val.trim();
            let v_start = start + off + lead + (val.len() - val.trim_start().len());
            let v = v.trim_matches(|c| c == '"' || c == '\'');
            let quote = usize::from(val.trim_start().starts_with(['"', '\'']));
            return Some(Span::new(v_start + quote, v_start + quote + v.len()));
        }
        off += line.len();
    }
    None
}

/// A civil date as (year, month, day).
pub type Date = (i32, u32, u32);

/// Parses `YYYY-MM-DD` (a time or zone after it is ignored).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim().trim_matches(|c| c == '"' || c == '\'');
    let d = s.get(..10)?;
    let mut it = d.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let day: u32 = it.next()?.parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    ((1..=12).contains(&m) && day >= 1 && day <= days[(m - 1) as usize]).then_some((y, m, day))
}

/// Today's date: `OUTSIDEIN_TODAY` (YYYY-MM-DD) when set, for reproducible
/// runs; otherwise the system clock (UTC).
pub fn today() -> Date {
    if let Some(d) = std::env::var("OUTSIDEIN_TODAY")
        .ok()
        .and_then(|s| parse_date(&s))
    {
        return d;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates() {
        assert_eq!(parse_date("2027-09-01"), Some((2027, 9, 1)));
        assert_eq!(parse_date("'2024-02-29'"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("next year"), None);
        assert_eq!(parse_date("2027-09-01T10:00:00Z"), Some((2027, 9, 1)));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_780), (2026, 11, 23));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
