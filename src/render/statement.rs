//! The accessibility statement page (`tillganglighet/index.html`, DIGG's model structure)
//! and the footer every page shows (publisher, contact, statement, feed, build date). Both
//! read only the `accessibility:` settings: what is left out is shown as not given.

use serde::Serialize;

use super::{Page, Renderer};
use crate::content::accessibility::{Accessibility, GapReason};
use crate::content::date::Date;
use crate::error::Result;
use crate::resolve::accessibility::given;

/// Where the statement is published, relative to the site root.
pub const STATEMENT_HREF: &str = "tillganglighet/";

/// What the footer of every page shows.
#[derive(Serialize)]
pub struct FooterView {
    pub publisher: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub feedback_url: Option<String>,
    pub statement_href: &'static str,
    /// The build date, "1 december 2026".
    pub updated: String,
}

#[derive(Serialize)]
struct StatementView {
    publisher: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    feedback_url: Option<String>,
    compliance: Option<&'static str>,
    /// Per reason, in DIGG's order; `None` when the settings list no gaps at all.
    gaps: Option<Vec<GapGroup>>,
    method: Option<&'static str>,
    statement_date: Option<String>,
    assessed: Option<String>,
}

#[derive(Serialize)]
struct GapGroup {
    reason: &'static str,
    items: Vec<GapItem>,
}

#[derive(Serialize)]
struct GapItem {
    text: String,
    criteria: Vec<String>,
}

/// The date of the build: `SOURCE_DATE_EPOCH` (seconds, for reproducible builds) when set,
/// else today in UTC.
pub fn build_date() -> Date {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(|secs| Date::from_days_since_epoch(secs.div_euclid(86_400)))
        .unwrap_or_else(Date::today)
}

fn text(v: &Option<crate::content::frontmatter::At<String>>) -> Option<String> {
    given(v)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

impl Renderer<'_> {
    fn settings(&self) -> Accessibility {
        self.site
            .config
            .accessibility
            .as_ref()
            .map(|a| a.value.clone())
            .unwrap_or_default()
    }

    /// The footer's view, the same on every page of a build.
    pub(super) fn footer(&self) -> FooterView {
        let a = self.settings();
        FooterView {
            publisher: text(&a.publisher),
            contact_email: text(&a.contact_email),
            contact_phone: text(&a.contact_phone),
            feedback_url: text(&a.feedback_url),
            statement_href: STATEMENT_HREF,
            updated: self.date(self.build_date),
        }
    }

    pub(super) fn statement_page(&self) -> Result<Page> {
        let a = self.settings();
        let date = |v: &Option<crate::content::frontmatter::At<String>>| {
            given(v).and_then(|s| Date::parse(s)).map(|d| self.date(d))
        };
        let gaps = a.gaps.as_ref().map(|g| {
            GapReason::ALL
                .iter()
                .map(|&reason| GapGroup {
                    reason: reason.key(),
                    items: g
                        .value
                        .iter()
                        .filter(|x| x.reason == reason)
                        .map(|x| GapItem {
                            text: x.text.clone(),
                            criteria: x.criteria.clone(),
                        })
                        .collect(),
                })
                .collect()
        });
        let view = StatementView {
            publisher: text(&a.publisher),
            contact_email: text(&a.contact_email),
            contact_phone: text(&a.contact_phone),
            feedback_url: text(&a.feedback_url),
            compliance: given(&a.compliance).map(|c| c.key()),
            gaps,
            method: given(&a.method).map(|m| m.key()),
            statement_date: date(&a.statement_date),
            assessed: date(&a.assessed),
        };
        let path = format!("{STATEMENT_HREF}index.html");
        let mut ctx = self.context(&path, &self.t("a11y.title"));
        ctx.insert("statement", &view);
        self.page("accessibility.html", path, &ctx)
    }
}
