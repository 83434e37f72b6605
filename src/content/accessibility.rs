//! The `accessibility:` settings of `styrdok.yaml`: what the accessibility statement
//! (tillgänglighetsredogörelse, lag (2018:1937) om tillgänglighet till digital offentlig
//! service) says. Every field is optional: one left out is shown as not given on the page and
//! named by `check` (see `resolve::accessibility`), never filled in.

use serde::Deserialize;

use super::frontmatter::At;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// Who publishes the site (the public body the statement is made by).
    pub publisher: Option<At<String>>,
    /// Where readers give feedback and report what they cannot reach.
    pub contact_email: Option<At<String>>,
    pub contact_phone: Option<At<String>>,
    /// A form or page for feedback, in addition to or instead of e-mail.
    pub feedback_url: Option<At<String>>,
    /// How far the site complies with the requirements (EN 301 549 / WCAG 2.1 AA).
    pub compliance: Option<At<Compliance>>,
    /// Known gaps, each with its reason.
    pub gaps: Option<At<Vec<Gap>>>,
    /// How the site was assessed.
    pub method: Option<At<Method>>,
    /// When the statement was made (`YYYY-MM-DD`).
    pub statement_date: Option<At<String>>,
    /// When the site was last assessed (`YYYY-MM-DD`).
    pub assessed: Option<At<String>>,
}

/// The three statuses of DIGG's model statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compliance {
    /// Helt förenlig.
    Full,
    /// Delvis förenlig.
    Partial,
    /// Inte förenlig.
    None,
}

impl Compliance {
    pub fn key(self) -> &'static str {
        match self {
            Compliance::Full => "full",
            Compliance::Partial => "partial",
            Compliance::None => "none",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// What does not work, in the reader's words.
    pub text: String,
    pub reason: GapReason,
    /// WCAG success criteria concerned, e.g. `1.4.3`.
    #[serde(default)]
    pub criteria: Vec<String>,
}

/// Why content is not accessible: the three headings of DIGG's model statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapReason {
    /// Bristande förenlighet med lagkraven.
    NonCompliance,
    /// Oskälig börda.
    DisproportionateBurden,
    /// Innehåll som inte omfattas av lagstiftningen.
    OutsideScope,
}

impl GapReason {
    pub const ALL: &[GapReason] = &[
        GapReason::NonCompliance,
        GapReason::DisproportionateBurden,
        GapReason::OutsideScope,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GapReason::NonCompliance => "non-compliance",
            GapReason::DisproportionateBurden => "disproportionate-burden",
            GapReason::OutsideScope => "outside-scope",
        }
    }
}

/// How the site was assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Självskattning (intern granskning).
    SelfAssessment,
    /// Granskning av extern part.
    ThirdParty,
}

impl Method {
    pub fn key(self) -> &'static str {
        match self {
            Method::SelfAssessment => "self-assessment",
            Method::ThirdParty => "third-party",
        }
    }
}
