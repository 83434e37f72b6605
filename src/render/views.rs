//! View structs: the small, serializable shapes templates see. They are built from the
//! resolved site for one audience, so a public page's context never holds internal data.

use serde::Serialize;

use super::markdown::TocEntry;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub lang: &'a str,
    /// Whether the site has a search index: without one the page has no search box.
    pub search: bool,
}

/// A menu entry: one kind of document. No counts: the menu changes only when a kind gains
/// its first or loses its last document, so adding a document leaves other pages alone.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct NavItem {
    pub title: String,
    pub href: String,
}

#[derive(Serialize, Clone)]
pub struct DocLink {
    pub title: String,
    pub href: String,
    pub kind: String,
    pub date: Option<String>,
    pub status: Option<String>,
    pub internal: bool,
    /// For a decision in the tracker: its legal force, in a short phrase.
    pub legal: Option<String>,
}

#[derive(Serialize)]
pub struct VersionView {
    pub name: String,
    pub date: Option<String>,
    pub status: Option<String>,
    pub href: String,
    pub current: bool,
    pub latest: bool,
}

#[derive(Serialize)]
pub struct PartyLink {
    pub name: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct DecisionView {
    pub organ: String,
    pub party: Option<PartyLink>,
    pub paragraph: String,
    pub meeting_date: Option<String>,
    pub decision_type: Option<String>,
    pub points: Vec<String>,
    pub concerns: Vec<DocLink>,
    pub cites: Vec<DocLink>,
    /// Legal force; `None` for a proposal.
    pub legal: Option<super::legal::LegalView>,
}

#[derive(Serialize)]
pub struct DocumentView {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub kind_key: &'static str,
    pub version: Option<String>,
    pub is_latest: bool,
    pub latest_href: String,
    pub date: Option<String>,
    pub diarienummer: Option<String>,
    pub status: Option<String>,
    pub status_key: Option<&'static str>,
    pub internal: bool,
    pub parties: Vec<PartyLink>,
    pub parent: Option<DocLink>,
    pub supersedes: Option<DocLink>,
    pub source: Option<String>,
    pub summary: Option<String>,
    pub versions: Vec<VersionView>,
    pub toc: Vec<TocEntry>,
    pub content: String,
    pub backlinks: Vec<DocLink>,
    pub decision: Option<DecisionView>,
    /// Decisions that concern this document, each naming the version it concerns.
    pub decisions: Vec<DocLink>,
    /// Proposals (förslag till beslut) that concern this document: never listed as decisions.
    pub proposals: Vec<DocLink>,
    pub history_href: Option<String>,
    pub diff_previous_href: Option<String>,
    pub tracker: Option<AgreementView>,
    /// What other documents say about this one, quoted ([`crate::agreements::reports`]).
    pub reports: Vec<ReportView>,
}

/// A sentence another document says about this one, with that document named and linked.
#[derive(Serialize)]
pub struct ReportView {
    pub quote: String,
    pub source: String,
    pub source_href: String,
    pub source_date: Option<String>,
}

#[derive(Serialize)]
pub struct KindGroup {
    pub title: String,
    pub href: String,
    pub documents: Vec<DocLink>,
}

#[derive(Serialize)]
pub struct PopulationView {
    pub date: String,
    pub count: String,
}

#[derive(Serialize)]
pub struct AreaView {
    pub name: String,
    pub host: PartyLink,
    pub members: Vec<PartyLink>,
    pub main_clinic: Option<String>,
    pub satellite: Option<String>,
    pub is_host: bool,
    /// The text that names the host and its catchment area.
    pub source: DocLink,
}

#[derive(Serialize)]
pub struct PartyView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub org_number: Option<String>,
    pub population: Vec<PopulationView>,
    pub areas: Vec<AreaView>,
    pub documents: Vec<DocLink>,
    pub decisions: Vec<DocLink>,
    pub costs: Vec<CostView>,
    pub agreements: Vec<PartyAgreementStage>,
    /// The decisions and proposals the party made, newest first, as in the register.
    pub decision_rows: Vec<RegisterRow>,
    pub responsibilities: Vec<super::lookup::PartyResponsibilityGroup>,
}

#[derive(Serialize)]
pub struct CostView {
    pub title: String,
    pub share: String,
    pub cost: String,
    /// Computed by styrdok (or unknown), not printed in the document: shown as such.
    pub derived: bool,
    /// The document section the allocation table comes from.
    pub source: Option<DocLink>,
}

#[derive(Serialize)]
pub struct PartyRow {
    pub name: String,
    pub href: String,
    pub kind: String,
    pub org_number: Option<String>,
    pub documents: usize,
}

#[derive(Serialize)]
pub struct StageCount {
    pub key: &'static str,
    pub label: String,
    pub symbol: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct SignatureView {
    pub name: String,
    pub title: String,
    pub date: String,
}

#[derive(Serialize)]
pub struct PartyStageView {
    pub party: PartyLink,
    pub stage: String,
    pub stage_key: &'static str,
    pub symbol: String,
    pub decisions: Vec<DocLink>,
    pub older: Vec<DocLink>,
    pub signature: Option<SignatureView>,
}

#[derive(Serialize)]
pub struct AgreementView {
    pub title: String,
    pub href: String,
    pub version: Option<String>,
    pub counts: Vec<StageCount>,
    /// The condition the documents state; `None`: they state none.
    pub condition: Option<ConditionView>,
    pub parties: Vec<PartyStageView>,
}

/// A stated condition, its source, and whether styrdok finds it met (marked as derived).
#[derive(Serialize)]
pub struct ConditionView {
    pub rule: String,
    pub rule_key: &'static str,
    pub quote: Option<String>,
    pub source: Option<String>,
    pub source_href: Option<String>,
    pub state: String,
    pub state_key: &'static str,
    /// "3 av 7 parter", where styrdok derives the state.
    pub progress: Option<String>,
    /// Where the condition is not shown met and some parties have nothing registered: that
    /// nothing registered is not the same as not decided.
    pub unregistered: Option<String>,
}

#[derive(Serialize)]
pub struct HistoryVersion {
    pub name: String,
    pub href: String,
    pub date: Option<String>,
    pub status: Option<String>,
    pub latest: bool,
    pub decisions: Vec<DocLink>,
    pub diff_previous: Option<String>,
    pub diff_latest: Option<String>,
}

#[derive(Serialize)]
pub struct HistoryView {
    pub title: String,
    pub href: String,
    pub versions: Vec<HistoryVersion>,
}

#[derive(Serialize)]
pub struct DiffView {
    pub title: String,
    pub doc_href: String,
    pub from: String,
    pub to: String,
    pub from_href: String,
    pub to_href: String,
    pub only_changed: bool,
    pub all_href: String,
    pub changed_href: String,
    pub history_href: String,
    pub summary: String,
    pub body: String,
}

#[derive(Serialize)]
pub struct RegisterRow {
    pub href: String,
    pub title: String,
    pub paragraph: String,
    pub organ: String,
    pub party: Option<PartyLink>,
    pub date: Option<String>,
    pub diarienummer: Option<String>,
    pub decision_type: Option<String>,
    pub concerns: Vec<DocLink>,
    /// Legal force, in a short phrase; `None` for a proposal.
    pub legal: Option<String>,
    /// A proposal (förslag till beslut), which is never listed as a decision.
    pub proposal: bool,
}

#[derive(Serialize)]
pub struct PartyDecisions {
    pub party: PartyLink,
    pub decisions: Vec<RegisterRow>,
}

#[derive(Serialize)]
pub struct PartyAgreementStage {
    pub doc: DocLink,
    pub stage: String,
    pub stage_key: &'static str,
    pub symbol: String,
    /// The version of the agreement the stage is for.
    pub version: Option<String>,
    /// The party's decisions and proposals on that version.
    pub decisions: Vec<DocLink>,
    /// Its decisions on older versions, which do not count for this one.
    pub older: Vec<DocLink>,
    pub signature: Option<SignatureView>,
}

#[derive(Serialize)]
pub struct MatrixCell {
    pub stage: String,
    pub stage_key: &'static str,
    pub symbol: String,
}

#[derive(Serialize)]
pub struct MatrixRow {
    pub party: PartyLink,
    /// One per agreement column; `None` where the party is not a party to it.
    pub cells: Vec<Option<MatrixCell>>,
}
