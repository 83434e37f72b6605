//! Front matter: the YAML header of a document file, as typed structs that reject unknown
//! fields. Values that other stages check against the rest of the site (ids, party ids,
//! references, dates) keep their position so a problem can point at its line.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diag::Pos;

/// A value and the position of its YAML node, relative to the YAML text.
pub type At<T> = Spanned<T>;

/// Position of a spanned value in the YAML, as (line, col) of the file, given the line the
/// YAML starts on.
pub fn pos_in_file<T>(value: &At<T>, yaml_first_line: u32) -> Pos {
    let loc = value.referenced;
    Pos::new(
        loc.line() as u32 + yaml_first_line - 1,
        (loc.column() as u32).max(1),
    )
}

/// Unknown top-level fields are reported and ignored by [`super::fields::read`], so one
/// misspelt field does not drop the document.
#[derive(Debug, Clone, Deserialize)]
pub struct FrontMatter {
    pub id: At<String>,
    pub kind: Kind,
    pub title: String,
    pub version: Option<At<String>>,
    pub date: Option<At<String>>,
    pub diarienummer: Option<String>,
    pub status: Option<At<Status>>,
    #[serde(default)]
    pub audience: Audience,
    #[serde(default)]
    pub parties: Vec<At<String>>,
    pub parent: Option<At<String>>,
    pub supersedes: Option<At<String>>,
    #[serde(default)]
    pub numbered: bool,
    pub copies: Option<At<u32>>,
    /// The condition the documents state for when this document applies ("under förutsättning
    /// att samtliga ingående parter fattar likalydande beslut"), quoted with its source.
    /// Boxed, as is `decision`: few documents have one, and every version holds the front
    /// matter until the site is rendered.
    pub in_force_when: Option<Box<At<InForceWhen>>>,
    /// Deprecated: read as `in_force_when: { rule: all-signed }` without a quote; `check`
    /// asks for `in_force_when` instead.
    #[serde(default)]
    pub requires_all_parties: bool,
    pub source: Option<String>,
    pub summary: Option<String>,
    /// Parts of the document that the source of this version does not contain (a title page
    /// an OCR copy lost): section ids, or `inledning` for the text before the first heading.
    /// A diff shows them as missing from the source, not as added or removed.
    #[serde(default)]
    pub absent: Vec<At<String>>,
    pub decision: Option<Box<DecisionMeta>>,
    /// Costs the text states ("Kostnad 2026 för Gagnef är beräknad till 190 988 kronor"),
    /// compared by `check` with the computed allocation.
    #[serde(default)]
    pub stated_costs: Vec<StatedCost>,
    /// What this document says about another document's decisions or standing, quoted word
    /// for word ("avsiktsförklaring som under samma tid beslutades att godkännas av samtliga
    /// huvudmän"): shown on that document's page as this document's words, never counted.
    #[serde(default)]
    pub reports: Vec<At<Report>>,
    /// Routines: who keeps the routine, when it was last reviewed, when it is due again.
    pub owner: Option<String>,
    pub reviewed: Option<At<String>>,
    pub next_review: Option<At<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedCost {
    pub allocation: At<String>,
    pub party: At<String>,
    pub cost: i64,
}

/// A sentence of this document about another document, quoted word for word.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The document the sentence is about: `@id`.
    pub about: At<String>,
    /// The sentence, word for word from this document's text.
    pub quote: At<String>,
}

/// When a document applies, as the documents state it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InForceWhen {
    pub rule: ConditionRule,
    /// The document's own sentence, word for word.
    pub quote: At<String>,
    /// Where the sentence stands: `@document#section`, or free text for a document that is
    /// not in the site.
    pub source: At<String>,
    /// The decision point the sentence is, when `source` is a decision ("punkt 3").
    pub point: Option<At<u32>>,
}

/// What the condition asks of the parties, as far as styrdok can derive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConditionRule {
    /// Every party has decided (on this version).
    AllDecided,
    /// Every party has decided and signed.
    AllSigned,
    /// A condition styrdok does not evaluate: quoted, never judged.
    Other,
}

impl ConditionRule {
    pub fn key(self) -> &'static str {
        match self {
            ConditionRule::AllDecided => "all-decided",
            ConditionRule::AllSigned => "all-signed",
            ConditionRule::Other => "other",
        }
    }
}

/// What a decision document records about the decision itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionMeta {
    pub organ: At<String>,
    pub party: At<String>,
    pub paragraph: String,
    pub meeting_date: Option<At<String>>,
    #[serde(rename = "type")]
    pub decision_type: Option<DecisionType>,
    #[serde(default)]
    pub points: Vec<String>,
    #[serde(default)]
    pub concerns: Vec<At<String>>,
    #[serde(default)]
    pub cites: Vec<At<String>>,
    /// The day the minutes were approved (justerat).
    pub minutes_approved: Option<At<String>>,
    /// The day the notice of the approved minutes was posted on the notice board (anslaget):
    /// the appeal period runs from it ([`crate::agreements::appeal`]).
    pub posted: Option<At<String>>,
    /// The day the notice was taken down.
    pub taken_down: Option<At<String>>,
    /// An appeal registered against the decision.
    pub appeal: Option<At<AppealMeta>>,
}

/// An appeal against a decision, as registered.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppealMeta {
    pub lodged: Option<At<String>>,
    pub court: Option<String>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionType {
    #[serde(alias = "forslag", alias = "förslag")]
    Proposal,
    #[serde(alias = "beslut")]
    Decision,
}

macro_rules! kinds {
    ($($variant:ident = $key:literal $(| $alias:literal)*),* $(,)?) => {
        /// The kinds of document the content model knows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Kind {
            $( $( #[serde(alias = $alias)] )* $variant, )*
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The stable key: used in the UI-strings file and in CSS classes.
            pub fn key(self) -> &'static str {
                match self { $(Kind::$variant => $key,)* }
            }
        }
    };
}

kinds! {
    LetterOfIntent = "letter-of-intent" | "avsiktsforklaring" | "avsiktsförklaring",
    Report = "report" | "rapport",
    ServiceDescription = "service-description" | "verksamhetsbeskrivning",
    Agreement = "agreement" | "avtal",
    SubAgreement = "sub-agreement" | "underavtal",
    Budget = "budget",
    Decision = "decision" | "beslut",
    ProjectPlan = "project-plan" | "projektplan",
    Checklist = "checklist" | "checklista",
    Routine = "routine" | "rutin",
    Page = "page" | "sida",
}

impl Kind {
    /// Agreements number their sections as "punkt", everything else as "avsnitt".
    pub fn is_agreement(self) -> bool {
        matches!(self, Kind::Agreement | Kind::SubAgreement)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[serde(alias = "utkast")]
    Draft,
    #[serde(alias = "godkand", alias = "godkänd")]
    Approved,
    #[serde(alias = "gallande", alias = "gällande")]
    InForce,
    #[serde(alias = "ersatt")]
    Superseded,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Approved => "approved",
            Status::InForce => "in-force",
            Status::Superseded => "superseded",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    #[default]
    #[serde(alias = "offentlig")]
    Public,
    #[serde(alias = "intern")]
    Internal,
}

impl Audience {
    pub fn key(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Internal => "internal",
        }
    }
}
