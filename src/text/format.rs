//! Swedish formatting of dates, amounts and percentages, and the UI strings of a theme.
//!
//! Every word a reader sees comes from the theme's `strings.yaml` (month names included), so
//! an English theme needs only another strings file; number formatting lives here alone.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::content::date::Date;

/// `3630960` → `3 630 960` (a space between groups of three, as Swedish writes it).
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// `3630960` → `3 630 960 kr`.
pub fn amount(n: i64) -> String {
    format!("{} kr", group_thousands(n))
}

/// Hundredths of a percent → `11,36 %`.
pub fn percent_hundredths(h: u32) -> String {
    format!("{},{:02} %", h / 100, h % 100)
}

/// A percentage given as a number (`3`, `2.5`) → `3 %`, `2,5 %`.
pub fn percent(p: f64) -> String {
    let s = format!("{p}");
    format!("{} %", s.replace('.', ","))
}

/// The UI strings of a theme.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    pub lang: String,
    pub months: Vec<String>,
    pub strings: BTreeMap<String, String>,
}

impl Strings {
    /// The string for `key`; a missing key shows as itself so it is noticed, not hidden.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map(String::as_str).unwrap_or(key)
    }

    /// `2025-04-11` → `11 april 2025`.
    pub fn date(&self, d: Date) -> String {
        let month = self
            .months
            .get(d.month as usize - 1)
            .map(String::as_str)
            .unwrap_or("?");
        format!("{} {} {}", d.day, month, d.year)
    }

    /// Overlays a strings file (a site's override) on this one: what it gives replaces, what
    /// it leaves out stays. Months replace only as all twelve.
    pub fn merge(&mut self, other: StringsOverride) {
        if let Some(lang) = other.lang {
            self.lang = lang;
        }
        if let Some(months) = other.months.filter(|m| m.len() == 12) {
            self.months = months;
        }
        self.strings.extend(other.strings);
    }
}

/// A strings file that overrides the default one: every part may be left out, so a site
/// changes the one word it needs (`strings: { home: Hem }`) and keeps the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StringsOverride {
    pub lang: Option<String>,
    pub months: Option<Vec<String>>,
    #[serde(default)]
    pub strings: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_percentages_read_as_swedish() {
        assert_eq!(amount(3_630_960), "3 630 960 kr");
        assert_eq!(amount(190_988), "190 988 kr");
        assert_eq!(amount(500), "500 kr");
        assert_eq!(group_thousands(-1000), "−1 000");
        assert_eq!(percent_hundredths(1136), "11,36 %");
        assert_eq!(percent_hundredths(1350), "13,50 %");
        assert_eq!(percent(3.0), "3 %");
        assert_eq!(percent(2.5), "2,5 %");
    }
}
