//! Checks of the `accessibility:` settings (the accessibility statement): every item the
//! statement needs and the settings leave out is a warning naming it (the page then says it
//! is not given); a date, address or combination that cannot be right is an error.

use std::path::Path;

use crate::content::SiteConfig;
use crate::content::accessibility::{Accessibility, Compliance};
use crate::content::date::Date;
use crate::content::frontmatter::{At, pos_in_file};
use crate::content::load::CONFIG_FILE;
use crate::diag::{Diagnostics, Pos};

/// The settings the statement needs, as written in styrdok.yaml.
pub const REQUIRED: &[&str] = &[
    "publisher",
    "contact_email",
    "compliance",
    "method",
    "statement_date",
    "assessed",
];

pub fn check(config: &SiteConfig, diags: &Diagnostics) {
    let file = Path::new(CONFIG_FILE);
    let Some(a) = &config.accessibility else {
        diags.warning(
            file,
            Pos::START,
            format!(
                "no `accessibility` settings: the accessibility statement shows as not given: {}",
                REQUIRED.join(", ")
            ),
            "add `accessibility:` to styrdok.yaml with what the publisher has stated; docs/authoring.md lists the fields",
        );
        return;
    };
    let at = pos_in_file(a, 1);
    let s: &Accessibility = &a.value;
    let given = [
        ("publisher", s.publisher.is_some()),
        (
            "contact_email",
            s.contact_email.is_some() || s.feedback_url.is_some(),
        ),
        ("compliance", s.compliance.is_some()),
        ("method", s.method.is_some()),
        ("statement_date", s.statement_date.is_some()),
        ("assessed", s.assessed.is_some()),
    ];
    for (name, present) in given {
        if !present {
            diags.warning(
                file,
                at,
                format!("`accessibility.{name}` is not given: the accessibility statement says so"),
                hint(name),
            );
        }
    }
    for (name, value) in [
        ("publisher", &s.publisher),
        ("contact_email", &s.contact_email),
        ("contact_phone", &s.contact_phone),
        ("feedback_url", &s.feedback_url),
    ] {
        if let Some(v) = value
            && v.value.trim().is_empty()
        {
            diags.error(
                file,
                pos_in_file(v, 1),
                format!("`accessibility.{name}` is empty"),
                "write the value, or leave the setting out so the statement says it is not given",
            );
        }
    }
    let mut dates = Vec::new();
    for (name, value) in [
        ("statement_date", &s.statement_date),
        ("assessed", &s.assessed),
    ] {
        if let Some(v) = value {
            match Date::parse(&v.value) {
                Some(d) => dates.push((name, d, pos_in_file(v, 1))),
                None => diags.error(
                    file,
                    pos_in_file(v, 1),
                    format!("`accessibility.{name}` is not a date: `{}`", v.value),
                    "write the date as YYYY-MM-DD, e.g. 2025-04-11",
                ),
            }
        }
    }
    let today = Date::today();
    for (name, d, pos) in &dates {
        if *d > today {
            diags.error(
                file,
                *pos,
                format!("`accessibility.{name}` is in the future"),
                "give the date the statement was made or the site was assessed, not a planned one",
            );
        }
    }
    if let Some(v) = &s.contact_email
        && !is_email(v.value.trim())
    {
        diags.error(
            file,
            pos_in_file(v, 1),
            format!(
                "`accessibility.contact_email` is not an e-mail address: `{}`",
                v.value
            ),
            "write an address like tillganglighet@exempel.se",
        );
    }
    if let Some(v) = &s.feedback_url
        && !is_web_address(v.value.trim())
    {
        diags.error(
            file,
            pos_in_file(v, 1),
            format!(
                "`accessibility.feedback_url` is not a web address: `{}`",
                v.value
            ),
            "write the full address of the feedback form, starting with https://",
        );
    }
    check_gaps(s, at, diags);
}

fn check_gaps(s: &Accessibility, at: Pos, diags: &Diagnostics) {
    let file = Path::new(CONFIG_FILE);
    let gaps = s.gaps.as_ref().map_or(&[][..], |g| &g.value[..]);
    let gaps_at = s.gaps.as_ref().map_or(at, |g| pos_in_file(g, 1));
    for g in gaps {
        if g.text.trim().is_empty() {
            diags.error(
                file,
                gaps_at,
                "a gap in `accessibility.gaps` has no text",
                "say what does not work for the reader, e.g. \"PDF-bilagorna saknar taggar\"",
            );
        }
    }
    let Some(c) = &s.compliance else { return };
    let has_non_compliance = gaps
        .iter()
        .any(|g| g.reason == crate::content::accessibility::GapReason::NonCompliance);
    match c.value {
        Compliance::Full if has_non_compliance => diags.error(
            file,
            pos_in_file(c, 1),
            "`accessibility.compliance` is `full`, yet `gaps` lists content that does not comply",
            "set `compliance: partial`, or remove the gap once it is fixed",
        ),
        Compliance::Partial | Compliance::None if gaps.is_empty() => diags.warning(
            file,
            pos_in_file(c, 1),
            format!(
                "`accessibility.compliance` is `{}` but `accessibility.gaps` {}: the statement cannot say what is not accessible",
                c.value.key(),
                if s.gaps.is_none() { "is not given" } else { "lists none" }
            ),
            "list the known gaps under `gaps:`, each with `text` and `reason`",
        ),
        _ => {}
    }
}

fn hint(name: &str) -> String {
    match name {
        "publisher" => "set `accessibility.publisher` to the public body that publishes the site".into(),
        "contact_email" => "set `accessibility.contact_email` (or `feedback_url`) to where readers report what they cannot reach".into(),
        "compliance" => "set `accessibility.compliance` to full, partial or none, as the last assessment found".into(),
        "method" => "set `accessibility.method` to self-assessment or third-party".into(),
        _ => format!("set `accessibility.{name}` to the date (YYYY-MM-DD)"),
    }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ',' | ';'))
        && !domain.contains('@')
}

fn is_web_address(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && s.len() > "https://".len()
        && !s.chars().any(char::is_whitespace)
}

/// Whether a spanned value is given (helper for the renderer).
pub fn given<T>(v: &Option<At<T>>) -> Option<&T> {
    v.as_ref().map(|v| &v.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(is_email("tillganglighet@exempel.se"));
        assert!(!is_email("tillganglighet"));
        assert!(!is_email("a@b"));
        assert!(!is_email("a b@c.se"));
        assert!(is_web_address("https://exempel.se/kontakt"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("exempel.se"));
    }
}
