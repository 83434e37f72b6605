//! Open data: the decisions register, the signature stage per agreement version and party,
//! every version of every document, the cost allocation and the responsibilities, each as
//! CSV (`render::csv`) and JSON with a `schema` field, under `data/`, with a DCAT-style
//! catalogue in `data/index.json`. Built for one audience like every page: the public files
//! hold only what the public pages show. Columns and keys are documented in
//! `docs/open-data.md`.

use serde::Serialize;
use serde_json::{Value, json};

use super::csv::{Csv, Field, decimal};
use super::{Page, Renderer};
use crate::agreements::appeal::appeal_period_end;
use crate::agreements::{legal, report, tracker};
use crate::content::date::Date;
use crate::content::frontmatter::{At, Audience, DecisionType, Kind};
use crate::error::Result;
use crate::resolve::VersionDate;
use crate::resolve::figures::Cell;

/// The data sets: file stem, schema, the string keys of title and description, the page the
/// set mirrors.
pub const DATASETS: &[(&str, &str)] = &[
    ("beslut", "styrdok.decisions/1"),
    ("underskrifter", "styrdok.signatures/1"),
    ("versioner", "styrdok.versions/1"),
    ("kostnadsfordelning", "styrdok.cost-allocation/1"),
    ("ansvar", "styrdok.responsibilities/1"),
];

/// Every path the open data is written to.
pub fn paths() -> Vec<String> {
    let mut out: Vec<String> = DATASETS
        .iter()
        .flat_map(|(stem, _)| [format!("data/{stem}.csv"), format!("data/{stem}.json")])
        .collect();
    out.push("data/index.json".into());
    out
}

fn iso(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn parse(d: &Option<At<String>>) -> Option<Date> {
    d.as_ref().and_then(|x| Date::parse(&x.value))
}

fn text(s: &Option<String>) -> Field<'_> {
    Field::Text(s.as_deref().unwrap_or(""))
}

/// A reference as data: `@avtal/v2#punkt` → `avtal/v2#punkt` (document id, version,
/// section), free text as written.
fn plain_ref(r: &str) -> String {
    r.strip_prefix('@').unwrap_or(r).to_string()
}

fn json_page(path: String, v: &Value) -> Page {
    let mut s = serde_json::to_string_pretty(v).expect("open data serializes");
    s.push('\n');
    Page {
        path,
        bytes: s.into_bytes(),
    }
}

#[derive(Serialize)]
struct DecisionRow {
    id: String,
    title: String,
    url: String,
    party: String,
    party_name: Option<String>,
    organ: String,
    paragraph: String,
    meeting_date: Option<String>,
    diarienummer: Option<String>,
    #[serde(rename = "type")]
    decision_type: Option<&'static str>,
    concerns: Vec<String>,
    minutes_approved: Option<String>,
    posted: Option<String>,
    taken_down: Option<String>,
    appeal_period_end: Option<String>,
    legal_stage: Option<&'static str>,
    appeal: Option<AppealRow>,
}

#[derive(Serialize)]
struct AppealRow {
    lodged: Option<String>,
    court: Option<String>,
    outcome: Option<String>,
}

#[derive(Serialize)]
struct VersionRow {
    document: String,
    title: String,
    kind: &'static str,
    version: Option<String>,
    date: Option<String>,
    status: Option<&'static str>,
    latest: bool,
    url: String,
    diarienummer: Option<String>,
    source: Option<String>,
}

#[derive(Serialize)]
struct Figure {
    /// Whole numbers (people, kronor) as integers; shares in percent with two decimals.
    value: Option<Value>,
    #[serde(skip)]
    number: Option<f64>,
    /// stated | derived | open | unknown
    origin: &'static str,
    /// How styrdok derived it (sum, share, cost, population, …), for `derived` and `unknown`.
    method: Option<&'static str>,
    /// The document's own words for an open figure.
    note: Option<String>,
}

fn figure(c: &Cell<f64>, scale: f64) -> Figure {
    let (origin, note) = match c {
        Cell::Stated { .. } => ("stated", None),
        Cell::Derived(..) => ("derived", None),
        Cell::Open(w) => ("open", Some(w.clone()).filter(|w| !w.is_empty())),
        Cell::Unknown => ("unknown", None),
    };
    Figure {
        value: c.value().map(|v| {
            if scale == 1.0 {
                json!(v.round() as i64)
            } else {
                json!(v / scale)
            }
        }),
        number: c.value().map(|v| v / scale),
        origin,
        method: c.method().map(|m| m.key()),
        note,
    }
}

#[derive(Serialize)]
struct ResponsibilityRow {
    holder: &'static str,
    holder_name: String,
    party: Option<String>,
    party_name: Option<String>,
    text: String,
    source: Option<String>,
    source_url: Option<String>,
}

impl Renderer<'_> {
    fn data_url(&self, rel: &str) -> String {
        match &self.site.config.base_url {
            Some(base) => format!("{}/{rel}", base.trim_end_matches('/')),
            None => rel.to_string(),
        }
    }

    /// A front-matter reference the reader may see, as written.
    fn visible_ref(&self, r: &str) -> bool {
        self.site
            .resolve_ref(r)
            .is_some_and(|x| self.audience == Audience::Internal || !x.internal)
    }

    /// Every data file, and the catalogue.
    pub(super) fn open_data_pages(&self) -> Result<Vec<Page>> {
        let today = self.today();
        // Made one at a time, each dropped once written out: on a large site each is a row
        // per document or version.
        type Set<'s> = &'s dyn Fn() -> (Vec<(&'static str, Value)>, Csv);
        let sets: [Set; 5] = [
            &|| self.decisions_data(today),
            &|| self.signatures_data(),
            &|| self.versions_data(),
            &|| self.allocation_data(),
            &|| self.responsibilities_data(),
        ];
        let mut pages = Vec::new();
        let mut catalogue = Vec::new();
        for ((stem, schema), set) in DATASETS.iter().zip(sets) {
            let (json_rows, csv) = set();
            let mut body = json!({ "schema": schema, "generated": today.to_string() });
            for (k, v) in json_rows {
                body[k] = v;
            }
            pages.push(json_page(format!("data/{stem}.json"), &body));
            pages.push(Page {
                path: format!("data/{stem}.csv"),
                bytes: csv.into_bytes(),
            });
            let dist = |ext: &str, media: &str| {
                json!({
                    "format": ext.to_uppercase(),
                    "mediaType": media,
                    "downloadURL": self.data_url(&format!("data/{stem}.{ext}")),
                })
            };
            catalogue.push(json!({
                "identifier": stem,
                "schema": schema,
                "title": self.t(&format!("open_data.{stem}")),
                "description": self.t(&format!("open_data.{stem}.description")),
                "issued": today.to_string(),
                "modified": today.to_string(),
                "license": self.site.config.data_license,
                "distribution": [dist("csv", "text/csv; charset=utf-8"), dist("json", "application/json")],
            }));
        }
        let index = json!({
            "schema": "styrdok.catalogue/1",
            "title": self.site.config.title,
            "description": self.site.config.description,
            "issued": today.to_string(),
            "modified": today.to_string(),
            "license": self.site.config.data_license,
            "language": self.theme.strings.lang,
            "dataset": catalogue,
        });
        pages.push(json_page("data/index.json".into(), &index));
        Ok(pages)
    }

    fn decisions_data(&self, today: Date) -> (Vec<(&'static str, Value)>, Csv) {
        let mut rows: Vec<(Option<Date>, DecisionRow)> = Vec::new();
        for d in self
            .site
            .documents
            .iter()
            .filter(|d| self.visible(d) && d.kind == Kind::Decision)
        {
            let v = d.latest();
            let Some(dm) = &v.fm.decision else { continue };
            let meeting = parse(&dm.meeting_date);
            let applies = super::legal::applies(dm);
            let posted = legal::posted(dm);
            rows.push((
                meeting,
                DecisionRow {
                    id: d.id.clone(),
                    title: v.fm.title.clone(),
                    url: self.data_url(&d.href(None)),
                    party: dm.party.value.clone(),
                    party_name: self.site.party(&dm.party.value).map(|p| p.name.clone()),
                    organ: dm.organ.value.clone(),
                    paragraph: dm.paragraph.clone(),
                    meeting_date: iso(meeting),
                    diarienummer: v.fm.diarienummer.clone(),
                    decision_type: dm.decision_type.map(|t| match t {
                        DecisionType::Proposal => "proposal",
                        DecisionType::Decision => "decision",
                    }),
                    concerns: dm
                        .concerns
                        .iter()
                        .filter(|r| self.visible_ref(&r.value))
                        .map(|r| plain_ref(&r.value))
                        .collect(),
                    minutes_approved: iso(parse(&dm.minutes_approved)),
                    posted: iso(posted),
                    taken_down: iso(parse(&dm.taken_down)),
                    appeal_period_end: iso(posted.filter(|_| applies).map(appeal_period_end)),
                    legal_stage: applies
                        .then(|| super::legal::stage_key(&legal::stage_of(dm, today))),
                    appeal: dm.appeal.as_ref().map(|a| AppealRow {
                        lodged: iso(parse(&a.value.lodged)),
                        court: a.value.court.clone(),
                        outcome: a.value.outcome.clone(),
                    }),
                },
            ));
        }
        // Newest first, undated last, as the register.
        rows.sort_by(|a, b| {
            b.0.is_some()
                .cmp(&a.0.is_some())
                .then(b.0.cmp(&a.0))
                .then(a.1.paragraph.cmp(&b.1.paragraph))
        });
        let mut csv = Csv::new(&[
            "id",
            "title",
            "url",
            "party",
            "party_name",
            "organ",
            "paragraph",
            "meeting_date",
            "diarienummer",
            "type",
            "concerns",
            "minutes_approved",
            "posted",
            "taken_down",
            "appeal_period_end",
            "legal_stage",
            "appeal_lodged",
            "appeal_court",
            "appeal_outcome",
        ]);
        for (_, r) in &rows {
            let concerns = r.concerns.join(" ");
            let a = r.appeal.as_ref();
            csv.row(vec![
                Field::Text(&r.id),
                Field::Text(&r.title),
                Field::Text(&r.url),
                Field::Text(&r.party),
                text(&r.party_name),
                Field::Text(&r.organ),
                Field::Text(&r.paragraph),
                text(&r.meeting_date),
                text(&r.diarienummer),
                Field::Text(r.decision_type.unwrap_or("")),
                Field::Text(&concerns),
                text(&r.minutes_approved),
                text(&r.posted),
                text(&r.taken_down),
                text(&r.appeal_period_end),
                Field::Text(r.legal_stage.unwrap_or("")),
                a.map_or(Field::Text(""), |a| text(&a.lodged)),
                a.map_or(Field::Text(""), |a| text(&a.court)),
                a.map_or(Field::Text(""), |a| text(&a.outcome)),
            ]);
        }
        let rows: Vec<DecisionRow> = rows.into_iter().map(|(_, r)| r).collect();
        (vec![("decisions", json!(rows))], csv)
    }

    fn signatures_data(&self) -> (Vec<(&'static str, Value)>, Csv) {
        let statuses: Vec<tracker::AgreementStatus> = self
            .site
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| self.visible(d) && tracker::is_tracked(d))
            .flat_map(|(di, d)| (0..d.versions.len()).map(move |vi| (di, vi)))
            .map(|(di, vi)| tracker::status(self.site, di, vi, self.audience))
            .collect();
        let j = report::to_json_value(self.site, &statuses);
        let mut csv = Csv::new(&[
            "agreement",
            "agreement_title",
            "version",
            "party",
            "party_name",
            "stage",
            "decisions",
            "proposals",
            "signed_by",
            "signed_title",
            "signed_date",
            "condition_rule",
            "condition_state",
        ]);
        for a in &j.agreements {
            for p in &a.parties {
                let listed = |proposals: bool| -> String {
                    p.decisions
                        .iter()
                        .filter(|d| (d.decision_type == Some("proposal")) == proposals)
                        .map(|d| d.id.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let (decisions, proposals) = (listed(false), listed(true));
                let sig = p.signature.as_ref();
                csv.row(vec![
                    Field::Text(&a.id),
                    Field::Text(&a.title),
                    Field::Text(a.version.as_deref().unwrap_or("")),
                    Field::Text(&p.party),
                    Field::Text(&p.name),
                    Field::Text(p.stage.key()),
                    Field::Text(&decisions),
                    Field::Text(&proposals),
                    Field::Text(sig.map_or("", |s| s.name.as_str())),
                    Field::Text(sig.map_or("", |s| s.title.as_str())),
                    Field::Text(sig.map_or("", |s| s.date.as_str())),
                    Field::Text(a.condition.as_ref().map_or("", |c| c.rule)),
                    Field::Text(a.condition.as_ref().map_or("not-stated", |c| c.state)),
                ]);
            }
        }
        (
            vec![(
                "agreements",
                serde_json::to_value(&j.agreements).expect("status serializes"),
            )],
            csv,
        )
    }

    fn versions_data(&self) -> (Vec<(&'static str, Value)>, Csv) {
        let mut rows = Vec::new();
        for (di, d) in self
            .site
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| self.visible(d))
        {
            let last = d.versions.len() - 1;
            for (vi, v) in d.versions.iter().enumerate() {
                let name = v.name.clone().filter(|_| d.is_versioned());
                rows.push(VersionRow {
                    document: d.id.clone(),
                    title: v.fm.title.clone(),
                    kind: d.kind.key(),
                    url: self.data_url(&d.href(name.as_deref())),
                    version: name,
                    date: match v.date {
                        Some(VersionDate::Known(x)) => Some(x.to_string()),
                        _ => None,
                    },
                    status: crate::agreements::shown::shown(self.site, di, vi, self.audience),
                    latest: vi == last,
                    diarienummer: v.fm.diarienummer.clone(),
                    source: v.fm.source.clone(),
                });
            }
        }
        let mut csv = Csv::new(&[
            "document",
            "title",
            "kind",
            "version",
            "date",
            "status",
            "latest",
            "url",
            "diarienummer",
            "source",
        ]);
        for r in &rows {
            csv.row(vec![
                Field::Text(&r.document),
                Field::Text(&r.title),
                Field::Text(r.kind),
                text(&r.version),
                text(&r.date),
                Field::Text(r.status.unwrap_or("")),
                Field::Text(if r.latest { "true" } else { "false" }),
                Field::Text(&r.url),
                text(&r.diarienummer),
                text(&r.source),
            ]);
        }
        (vec![("versions", json!(rows))], csv)
    }

    fn allocation_data(&self) -> (Vec<(&'static str, Value)>, Csv) {
        let mut sets = Vec::new();
        let mut csv = Csv::new(&[
            "allocation",
            "allocation_title",
            "year",
            "population_date",
            "row",
            "party",
            "party_name",
            "population",
            "population_origin",
            "share_percent",
            "share_origin",
            "cost_sek",
            "cost_origin",
        ]);
        for a in &self.site.data.allocations.allocations {
            let id = &a.id.value;
            let sources = self.table_sources("allocation", id);
            // As the economy page: the public sees a table it can attribute to public text.
            if sources.is_empty() && self.audience == Audience::Public {
                continue;
            }
            let Some(f) = self.site.figures.allocations.get(id) else {
                continue;
            };
            let mut rows = Vec::new();
            let lines = f
                .cells
                .iter()
                .map(|c| {
                    (
                        "party",
                        Some(c.party.as_str()),
                        &c.population,
                        &c.share,
                        &c.cost,
                    )
                })
                .chain(std::iter::once((
                    "total",
                    None,
                    &f.total_population_cell,
                    &f.total_share_cell,
                    &f.total_cost_cell,
                )));
            for (kind, party, pop, share, cost) in lines {
                let pop_f = figure(&pop.map_f64(), 1.0);
                let share_f = figure(&share.map_f64(), 100.0);
                let cost_f = figure(&cost.map_f64(), 1.0);
                let party_name = party
                    .and_then(|p| self.site.party(p))
                    .map(|p| p.name.clone());
                let num = |f: &Figure, places: usize| {
                    Field::Number(f.number.map_or(String::new(), |v| decimal(v, places)))
                };
                csv.row(vec![
                    Field::Text(id),
                    Field::Text(&a.title),
                    Field::Number(a.year.map_or(String::new(), |y| y.to_string())),
                    Field::Text(&a.population_date.value),
                    Field::Text(kind),
                    Field::Text(party.unwrap_or("")),
                    text(&party_name),
                    num(&pop_f, 0),
                    Field::Text(pop_f.origin),
                    num(&share_f, 2),
                    Field::Text(share_f.origin),
                    num(&cost_f, 0),
                    Field::Text(cost_f.origin),
                ]);
                rows.push(json!({
                    "row": kind,
                    "party": party,
                    "party_name": party_name,
                    "population": pop_f,
                    "share_percent": share_f,
                    "cost_sek": cost_f,
                }));
            }
            sets.push(json!({
                "id": id,
                "title": a.title,
                "year": a.year,
                "budget": a.budget.value,
                "population_date": a.population_date.value,
                "sources": sources.iter().map(|s| json!({ "title": s.title, "url": self.data_url(&s.href) })).collect::<Vec<_>>(),
                "rows": rows,
            }));
        }
        (vec![("allocations", json!(sets))], csv)
    }

    fn responsibilities_data(&self) -> (Vec<(&'static str, Value)>, Csv) {
        let mut rows = Vec::new();
        for r in &self.site.data.responsibilities.responsibilities {
            // Fail closed: a clause whose source the reader may not see stays out.
            if let Some(s) = &r.source
                && !self.visible_ref(&s.value)
                && s.value.starts_with('@')
            {
                continue;
            }
            let view = self.responsibility_view(r);
            rows.push(ResponsibilityRow {
                holder: r.holder.key(),
                holder_name: view.holder,
                party: r.party.as_ref().map(|p| p.value.clone()),
                party_name: r
                    .party
                    .as_ref()
                    .and_then(|p| self.site.party(&p.value))
                    .map(|p| p.name.clone()),
                text: r.text.clone(),
                source: r.source.as_ref().map(|s| plain_ref(&s.value)),
                source_url: view.source.map(|s| self.data_url(&s.href)),
            });
        }
        let mut csv = Csv::new(&[
            "holder",
            "holder_name",
            "party",
            "party_name",
            "text",
            "source",
            "source_url",
        ]);
        for r in &rows {
            csv.row(vec![
                Field::Text(r.holder),
                Field::Text(&r.holder_name),
                text(&r.party),
                text(&r.party_name),
                Field::Text(&r.text),
                text(&r.source),
                text(&r.source_url),
            ]);
        }
        (vec![("responsibilities", json!(rows))], csv)
    }
}

/// A figure as a float, for output: populations, hundredths and kronor are far below 2^53.
trait AsF64 {
    fn map_f64(&self) -> Cell<f64>;
}

trait Num: Copy {
    fn f(self) -> f64;
}

impl Num for u64 {
    fn f(self) -> f64 {
        self as f64
    }
}

impl Num for i64 {
    fn f(self) -> f64 {
        self as f64
    }
}

impl Num for u32 {
    fn f(self) -> f64 {
        f64::from(self)
    }
}

impl<T: Num> AsF64 for Cell<T> {
    fn map_f64(&self) -> Cell<f64> {
        match self {
            Cell::Stated { value, computed } => Cell::Stated {
                value: value.f(),
                computed: computed.map(Num::f),
            },
            Cell::Derived(v, m) => Cell::Derived(v.f(), *m),
            Cell::Open(w) => Cell::Open(w.clone()),
            Cell::Unknown => Cell::Unknown,
        }
    }
}
