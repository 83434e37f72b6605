//! View structs: the small, serializable shapes templates see. They are built from the
//! resolved site for one audience, so a public page's context never holds internal data.

use serde::Serialize;

use super::markdown::TocEntry;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub lang: &'a str,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: String,
    pub href: String,
    pub count: usize,
}

#[derive(Serialize, Clone)]
pub struct DocLink {
    pub title: String,
    pub href: String,
    pub kind: String,
    pub date: Option<String>,
    pub status: Option<String>,
    pub internal: bool,
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
    pub requires_all_parties: bool,
    pub source: Option<String>,
    pub summary: Option<String>,
    pub versions: Vec<VersionView>,
    pub toc: Vec<TocEntry>,
    pub content: String,
    pub backlinks: Vec<DocLink>,
    pub decision: Option<DecisionView>,
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
}

#[derive(Serialize)]
pub struct CostView {
    pub title: String,
    pub share: String,
    pub cost: String,
}

#[derive(Serialize)]
pub struct PartyRow {
    pub name: String,
    pub href: String,
    pub kind: String,
    pub org_number: Option<String>,
    pub documents: usize,
}
