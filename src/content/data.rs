//! Structured data files under `data/`: budgets, cost allocation, staffing, responsibilities,
//! abbreviations and project-plan activities. Schemas are documented in `docs/data.md`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::frontmatter::At;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetFile {
    #[serde(default)]
    pub budgets: Vec<Budget>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub id: At<String>,
    pub title: String,
    #[serde(default)]
    pub lines: Vec<BudgetLine>,
    #[serde(default)]
    pub stated: BudgetStated,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    pub label: String,
    pub group: Option<String>,
    pub extent: Option<String>,
    pub amount: Option<i64>,
    pub split: Option<At<String>>,
    pub comment: Option<String>,
    /// The same cost as stated in another budget, to compare: its per-principal share when
    /// that line is split, else its amount.
    pub same_as: Option<SameAs>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameAs {
    pub budget: At<String>,
    pub label: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetStated {
    pub total: Option<At<i64>>,
    pub share_total: Option<At<i64>>,
    #[serde(default)]
    pub groups: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationFile {
    #[serde(default)]
    pub allocations: Vec<Allocation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    pub id: At<String>,
    pub title: String,
    pub year: Option<u16>,
    pub budget: At<String>,
    pub population_date: At<String>,
    pub parties: Vec<At<String>>,
    pub uprating_percent: Option<f64>,
    #[serde(default)]
    pub stated: AllocationStated,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationStated {
    pub total_population: Option<At<u64>>,
    pub total_share: Option<At<f64>>,
    pub total_cost: Option<At<i64>>,
    #[serde(default)]
    pub rows: Vec<StatedAllocationRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedAllocationRow {
    pub party: At<String>,
    pub population: Option<u64>,
    pub share: Option<f64>,
    pub cost: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffingFile {
    #[serde(default)]
    pub staffing: Vec<Staffing>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    pub id: At<String>,
    pub title: String,
    #[serde(default)]
    pub rows: Vec<StaffingRow>,
    #[serde(default)]
    pub stated: StaffingStated,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffingRow {
    pub role: String,
    pub employer: Option<Employer>,
    pub extent: Option<f64>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Employer {
    Region,
    Kommun,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffingStated {
    pub total_extent: Option<At<f64>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityFile {
    #[serde(default)]
    pub responsibilities: Vec<Responsibility>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsibility {
    pub holder: Holder,
    pub party: Option<At<String>>,
    pub text: String,
    pub source: Option<At<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holder {
    Region,
    Kommun,
    Shared,
    Host,
    SteeringGroup,
    Party,
}

impl Holder {
    pub fn key(self) -> &'static str {
        match self {
            Holder::Region => "region",
            Holder::Kommun => "kommun",
            Holder::Shared => "shared",
            Holder::Host => "host",
            Holder::SteeringGroup => "steering-group",
            Holder::Party => "party",
        }
    }

    pub fn parse(s: &str) -> Option<Holder> {
        [
            Holder::Region,
            Holder::Kommun,
            Holder::Shared,
            Holder::Host,
            Holder::SteeringGroup,
            Holder::Party,
        ]
        .into_iter()
        .find(|h| h.key() == s)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbbreviationFile {
    #[serde(default)]
    pub abbreviations: Vec<Abbreviation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviation {
    pub abbr: String,
    pub expansion: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityFile {
    #[serde(default)]
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub step: Option<u32>,
    pub activity: String,
    pub owner: Option<String>,
    /// What the public site shows instead of `owner` when the owner is a named person.
    pub owner_public: Option<String>,
    pub due: Option<At<String>>,
    pub comment: Option<String>,
    pub source: Option<At<String>>,
}

/// `agreements/underskrifter.yaml`: who signed (or declined) which agreement version.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureFile {
    #[serde(default)]
    pub signatures: Vec<Signature>,
    #[serde(default)]
    pub declined: Vec<Declined>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The agreement version signed: `@agreement/v2` (or `@agreement` when not versioned).
    pub agreement: At<String>,
    pub party: At<String>,
    pub name: String,
    pub title: String,
    pub date: At<String>,
    /// The decision the signature rests on.
    pub decision: Option<At<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declined {
    pub agreement: At<String>,
    pub party: At<String>,
    pub date: Option<At<String>>,
    pub decision: Option<At<String>>,
}

/// `data/checklista.yaml`: the implementation checklist.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistFile {
    #[serde(default)]
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub phase: String,
    pub item: String,
    pub owner: Option<String>,
    pub due: Option<At<String>>,
    pub status: ChecklistStatus,
    /// `@document#section` or a URL showing the item is done.
    pub evidence: Option<At<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChecklistStatus {
    #[serde(alias = "ej-paborjad")]
    NotStarted,
    #[serde(alias = "pagaende")]
    InProgress,
    #[serde(alias = "klar")]
    Done,
}

impl ChecklistStatus {
    pub fn key(self) -> &'static str {
        match self {
            ChecklistStatus::NotStarted => "not-started",
            ChecklistStatus::InProgress => "in-progress",
            ChecklistStatus::Done => "done",
        }
    }
}

/// `data/organ.yaml`: the bodies (organs) the documents name, each with the other spellings
/// the documents may use for it. `check` warns on a spelling close to one of these that is
/// not among them, and on a decision by an organ not listed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganFile {
    #[serde(default)]
    pub organs: Vec<Organ>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organ {
    /// The name as the documents mostly write it ("Kommunstyrelsen").
    pub name: At<String>,
    /// Other accepted forms: abbreviations, long forms ("KS", "Länsnätverket för
    /// förvaltningschefer"). Inflections (-s, -en, -et, -er …) need not be listed.
    #[serde(default)]
    pub variants: Vec<String>,
}
