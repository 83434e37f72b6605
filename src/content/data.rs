//! Structured data files under `data/`: budgets, cost allocation, staffing, responsibilities,
//! abbreviations and project-plan activities. Schemas are documented in `docs/data.md`.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::frontmatter::At;

/// A figure a document gives in a table: a number, or the document's own words where it
/// leaves the figure open (`amount: "Ej inventerat"`). Open figures are shown as their words
/// and never counted as 0: a sum over one of them is unknown.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure<T> {
    Number(T),
    Open(String),
}

impl<T: Copy> Figure<T> {
    pub fn number(&self) -> Option<T> {
        match self {
            Figure::Number(n) => Some(*n),
            Figure::Open(_) => None,
        }
    }
}

/// The numbers a [`Figure`] can hold: whole kronor, or a percentage that may have decimals.
pub trait FigureNumber: Sized {
    const EXPECTED: &'static str;
    fn from_i64(n: i64) -> Option<Self>;
    fn from_f64(n: f64) -> Option<Self>;
}

impl FigureNumber for i64 {
    const EXPECTED: &'static str = "a whole number of kronor, or the document's words in quotes";
    fn from_i64(n: i64) -> Option<Self> {
        Some(n)
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
}

impl FigureNumber for f64 {
    const EXPECTED: &'static str = "a number, or the document's words in quotes";
    fn from_i64(n: i64) -> Option<Self> {
        Some(n as f64)
    }
    fn from_f64(n: f64) -> Option<Self> {
        n.is_finite().then_some(n)
    }
}

impl<'de, T: FigureNumber> Deserialize<'de> for Figure<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<T: FigureNumber> Visitor<'_> for V<T> {
            type Value = Figure<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(T::EXPECTED)
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
                T::from_i64(n)
                    .map(Figure::Number)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(n), &self))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
                let i = i64::try_from(n)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(n), &self))?;
                self.visit_i64(i)
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
                T::from_f64(n)
                    .map(Figure::Number)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Float(n), &self))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                let words = s.trim();
                if words.is_empty() {
                    return Err(E::invalid_value(de::Unexpected::Str(s), &self));
                }
                // "3 630 960" or "50%" in quotes is a number typed as text: it would be shown
                // but never counted, so it is refused rather than silently left out of sums.
                if words
                    .chars()
                    .all(|c| c.is_ascii_digit() || " \u{a0}.,%-−".contains(c))
                    && words.chars().any(|c| c.is_ascii_digit())
                {
                    return Err(E::custom(format!(
                        "`{words}` is a number written as text; write it as a plain number \
                         (3630960, 12.5), or keep the document's words when it gives none"
                    )));
                }
                Ok(Figure::Open(words.to_string()))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

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
    /// The document section the table is transcribed from (`@doc#section`); when left out,
    /// the documents that place the table with a shortcode are its source.
    pub source: Option<At<String>>,
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
    /// Left out when the document prints no amount: unknown, like an open amount.
    pub amount: Option<At<Figure<i64>>>,
    pub split: Option<At<String>>,
    /// The per-principal share of a split line, when the document prints it.
    pub share: Option<At<i64>>,
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
    pub groups: BTreeMap<String, At<i64>>,
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
    /// As for budgets: the section the table comes from (else where it is placed).
    pub source: Option<At<String>>,
    pub budget: At<String>,
    pub population_date: At<String>,
    pub parties: Vec<At<String>>,
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
    /// As for budgets: the section the table comes from (else where it is placed).
    pub source: Option<At<String>>,
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
    /// Percent of a full-time post; left out or in words when the document gives no figure.
    pub extent: Option<At<Figure<f64>>>,
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
    /// Which parties make up a holder ("Kommun", "Styrgrupp" …), as a document states it.
    /// A holder without an entry here is nobody's on the party pages.
    #[serde(default)]
    pub holders: Vec<HolderMembers>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsibility {
    pub holder: Holder,
    /// The one party the clause names ("Falu kommun ansvarar för …").
    pub party: Option<At<String>>,
    /// The holder's name as the clause gives it, for `holder: other` ("socialchefsnätverket").
    pub name: Option<String>,
    /// The clause's words, verbatim.
    pub text: String,
    pub source: Option<At<String>>,
    /// The sentence stands in the source's own text (`check` finds it there word for word);
    /// without it, the source lists the entry with the `responsibilities` shortcode.
    #[serde(default)]
    pub in_text: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolderMembers {
    pub holder: Holder,
    pub parties: Vec<At<String>>,
    /// Where a document says so: `@document#section`.
    pub source: At<String>,
}

macro_rules! holders {
    ($($variant:ident = $key:literal),* $(,)?) => {
        /// Who holds a responsibility, in the words the documents use.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Holder {
            $($variant,)*
        }

        impl Holder {
            pub const ALL: &'static [Holder] = &[$(Holder::$variant),*];

            pub fn key(self) -> &'static str {
                match self { $(Holder::$variant => $key,)* }
            }
        }
    };
}

holders! {
    // The region as principal ("Region").
    Region = "region",
    // The municipal principal inside the operation ("Kommun"), not every municipality.
    Kommun = "kommun",
    // Region and Kommun together ("Delat ansvar").
    Shared = "shared",
    // Each principal ("Varje huvudman", "Respektive huvudman").
    Principal = "principal",
    // The host municipality (värdkommun, vårdkommun).
    Host = "host",
    SteeringGroup = "steering-group",
    // The parties of the source document ("Parterna", "Varje deltagande kommun").
    Parties = "parties",
    // Each municipality ("respektive kommun") where the document does not say which.
    EachMunicipality = "each-municipality",
    // The joint operation itself ("Mini-Mariaverksamheten ska …").
    Operation = "operation",
    // One named party (`party:`).
    Party = "party",
    // Any other body the clause names (`name:`).
    Other = "other",
}

impl Holder {
    pub fn parse(s: &str) -> Option<Holder> {
        Holder::ALL.iter().copied().find(|h| h.key() == s)
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

/// `data/externa-dokument.yaml`: documents the site's documents refer to but that are not on
/// the site (an agreement not among the sources). Each holds only what is known; a reference
/// to one (`[punkt 13](@id)`) is shown as a reference to a document that is not on the site.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalDocumentFile {
    #[serde(default)]
    pub documents: Vec<ExternalDocument>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalDocument {
    pub id: At<String>,
    /// The title the documents give it; absent when the text names no document.
    pub title: Option<String>,
    /// Who issued it (free text, as the documents say).
    pub issuer: Option<String>,
    /// `YYYY-MM-DD`; absent when unknown.
    pub date: Option<At<String>>,
    pub diarienummer: Option<String>,
    /// Parties (ids in `data/parter.yaml`) the documents name for it.
    #[serde(default)]
    pub parties: Vec<At<String>>,
    /// Where the site's documents name it (`@slutrapport#bilagor`).
    #[serde(default)]
    pub named_in: Vec<At<String>>,
    /// What else is known, or why the reference cannot be resolved.
    pub note: Option<String>,
    /// `internal`: only internal text may refer to it, and only the internal site shows it.
    #[serde(default)]
    pub audience: super::frontmatter::Audience,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(yaml: &str) -> Result<BudgetLine, String> {
        serde_saphyr::from_str::<BudgetLine>(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn an_amount_is_a_number_or_the_documents_words() {
        let known = line("{ label: Chef, amount: 270000 }").unwrap();
        assert_eq!(known.amount.unwrap().value, Figure::Number(270_000));
        let open = line("{ label: Lokaler, amount: Ej inventerat }").unwrap();
        assert_eq!(
            open.amount.unwrap().value,
            Figure::Open("Ej inventerat".into())
        );
        assert!(line("{ label: Tomt }").unwrap().amount.is_none());
    }

    #[test]
    fn a_number_in_quotes_or_with_decimals_is_refused() {
        let e = line("{ label: Chef, amount: \"270 000\" }").unwrap_err();
        assert!(e.contains("number written as text"), "{e}");
        assert!(line("{ label: Chef, amount: 12.5 }").is_err());
        assert!(line("{ label: Chef, amount: \"  \" }").is_err());
    }

    #[test]
    fn an_extent_may_have_decimals() {
        let row: StaffingRow = serde_saphyr::from_str("{ role: Läkare, extent: 12.5 }").unwrap();
        assert_eq!(row.extent.unwrap().value, Figure::Number(12.5));
    }
}
