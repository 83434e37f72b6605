//! Pages about agreements over time: version history, redline diffs between versions, the
//! decisions register and the signature tracker (overview, per document, per party).

use super::views::*;
use super::{Page, Renderer};
use crate::agreements::tracker::{self, AgreementStatus, ConditionState, DecisionRef, Stage};
use crate::content::date::Date;
use crate::content::frontmatter::{Audience, DecisionType, Kind};
use crate::diff;
use crate::error::Result;
use crate::resolve::Document;

/// URL of the diff between two versions; `only_changed` for the changed-sections view.
pub fn diff_href(d: &Document, from: &str, to: &str, only_changed: bool) -> String {
    let base = format!("dokument/{}/jamfor/{from}-{to}/", d.id);
    if only_changed {
        format!("{base}andrade/")
    } else {
        base
    }
}

pub fn history_href(d: &Document) -> String {
    format!("dokument/{}/versioner/", d.id)
}

/// The version pairs that get a diff page: each consecutive pair, and every version to the
/// latest.
pub fn diff_pairs(d: &Document) -> Vec<(usize, usize)> {
    let n = d.versions.len();
    if !d.is_versioned() || n < 2 {
        return Vec::new();
    }
    let mut pairs: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
    pairs.extend((0..n.saturating_sub(2)).map(|i| (i, n - 1)));
    pairs
}

impl Renderer<'_> {
    fn stage_label(&self, s: Stage) -> (String, String) {
        (
            self.t(&format!("stage.{}", s.key())),
            self.t(&format!("stage_symbol.{}", s.key())),
        )
    }

    fn decision_link(&self, d: &DecisionRef, agreement: usize) -> Option<DocLink> {
        let doc = &self.site.documents[d.doc];
        if !self.visible(doc) {
            return None;
        }
        let mut link = self.doc_link(doc, None);
        let dm = doc.latest().fm.decision.as_ref()?;
        link.title = format!("{} {}", dm.organ.value, dm.paragraph);
        link.date = dm
            .meeting_date
            .as_ref()
            .and_then(|m| Date::parse(&m.value))
            .map(|m| self.date(m));
        link.legal = self.legal_short(dm);
        if let Some(v) = &self.site.documents[agreement].versions[d.version].name {
            link.title = format!("{} ({v})", link.title);
        }
        Some(link)
    }

    fn signature_view(&self, s: &crate::content::data::Signature) -> SignatureView {
        SignatureView {
            name: s.name.clone(),
            title: s.title.clone(),
            date: Date::parse(&s.date.value)
                .map(|x| self.date(x))
                .unwrap_or_else(|| s.date.value.clone()),
        }
    }

    pub(super) fn agreement_view(&self, st: &AgreementStatus) -> AgreementView {
        let d = &self.site.documents[st.doc];
        let v = &d.versions[st.version];
        let counts = Stage::ALL
            .iter()
            .map(|&s| {
                let (label, symbol) = self.stage_label(s);
                StageCount {
                    key: s.key(),
                    label,
                    symbol,
                    count: st.count(s),
                }
            })
            .collect();
        let parties = st
            .parties
            .iter()
            .filter_map(|p| {
                let (stage, symbol) = self.stage_label(p.stage);
                Some(PartyStageView {
                    party: self.party_link(&p.party)?,
                    stage,
                    stage_key: p.stage.key(),
                    symbol,
                    decisions: p
                        .decisions
                        .iter()
                        .filter_map(|x| self.decision_link(x, st.doc))
                        .collect(),
                    older: p
                        .older
                        .iter()
                        .filter_map(|x| self.decision_link(x, st.doc))
                        .collect(),
                    signature: p.signature.as_ref().map(|s| self.signature_view(s)),
                })
            })
            .collect();
        AgreementView {
            title: v.fm.title.clone(),
            href: d.href(v.name.as_deref()),
            version: v.name.clone(),
            counts,
            condition: self.condition_view(st),
            parties,
        }
    }

    fn condition_view(&self, st: &AgreementStatus) -> Option<ConditionView> {
        let c = st.condition.as_ref()?;
        let source = c
            .source_label(self.site, &self.t("decision_point"))
            .filter(|l| self.audience == Audience::Internal || !l.internal);
        let derived = matches!(st.state, ConditionState::Met | ConditionState::NotMet);
        Some(ConditionView {
            rule: self.t(&format!("condition_rule.{}", c.rule.key())),
            rule_key: c.rule.key(),
            quote: c.quote.clone(),
            source_href: source.as_ref().and_then(|l| l.href.clone()),
            source: source.map(|l| l.text),
            state: self.t(&format!("condition_state.{}", st.state.key())),
            state_key: st.state.key(),
            progress: derived
                .then(|| format!("{} {} {}", st.fulfilled, self.t("of"), st.parties.len())),
            unregistered: st.unregistered_note(&self.t("condition_unregistered")),
        })
    }

    /// What other documents the reader may see say about document `di`, quoted.
    pub(super) fn reports_about(&self, di: usize) -> Vec<ReportView> {
        let reports = self
            .reports
            .get_or_init(|| crate::agreements::reports::by_target(self.site, self.audience));
        reports
            .get(&di)
            .into_iter()
            .flatten()
            .map(|r| {
                let by = &self.site.documents[r.by];
                ReportView {
                    quote: r.quote.clone(),
                    source: crate::agreements::condition::source_title(self.site, by),
                    source_href: by.href(None),
                    source_date: self.version_date(by.latest()),
                }
            })
            .collect()
    }

    /// The tracker table for a document page, when the document is an agreement with parties.
    pub(super) fn tracker_for(&self, di: usize, vi: usize) -> Option<AgreementView> {
        let d = &self.site.documents[di];
        tracker::is_tracked(d)
            .then(|| self.agreement_view(&tracker::status(self.site, di, vi, self.audience)))
    }

    /// Decisions (or proposals, by `of_type`) concerning document `di`, naming the version
    /// each concerns. A decision document whose type is not registered counts as a decision
    /// here, labelled by its kind.
    pub(super) fn decisions_concerning(&self, di: usize, of_type: DecisionType) -> Vec<DocLink> {
        let mut out: Vec<(Option<Date>, DocLink)> = self
            .site
            .evidence
            .on(di)
            .filter(|d| d.decision_type.unwrap_or(DecisionType::Decision) == of_type)
            .map(|d| (d.decision, d.agreement, d.version, d.decision_type))
            .filter_map(|(dec, ai, vi, t)| {
                let link = self.decision_link(
                    &DecisionRef {
                        doc: dec,
                        version: vi,
                        decision_type: t,
                    },
                    ai,
                )?;
                Some((
                    self.site.documents[dec]
                        .latest()
                        .fm
                        .decision
                        .as_ref()
                        .and_then(|m| m.meeting_date.as_ref())
                        .and_then(|m| Date::parse(&m.value)),
                    link,
                ))
            })
            .collect();
        out.sort_by_key(|x| std::cmp::Reverse(x.0));
        out.into_iter().map(|(_, l)| l).collect()
    }

    pub(super) fn party_agreements(&self, id: &str) -> Vec<PartyAgreementStage> {
        self.agreement_statuses()
            .iter()
            .filter_map(|st| {
                let d = &self.site.documents[st.doc];
                let p = st.parties.iter().find(|p| p.party == id)?;
                let (stage, symbol) = self.stage_label(p.stage);
                let links = |refs: &[DecisionRef]| -> Vec<DocLink> {
                    refs.iter()
                        .filter_map(|x| self.decision_link(x, st.doc))
                        .collect()
                };
                Some(PartyAgreementStage {
                    doc: self.doc_link(d, None),
                    stage,
                    stage_key: p.stage.key(),
                    symbol,
                    version: d.versions[st.version].name.clone(),
                    decisions: links(&p.decisions),
                    older: links(&p.older),
                    signature: p.signature.as_ref().map(|s| self.signature_view(s)),
                })
            })
            .collect()
    }

    /// A versioned document's history page, and its diff pages from the sections of each
    /// version, extracted once.
    pub(super) fn history_and_diff_pages(&self, di: usize) -> Result<Vec<Page>> {
        let d = &self.site.documents[di];
        let mut pages = vec![self.history_page(di)?];
        let texts: Vec<Vec<diff::SectionText>> = d
            .versions
            .iter()
            .map(|v| diff::sections_of(v, self.audience))
            .collect();
        let absent: Vec<Vec<String>> = d.versions.iter().map(diff::absent_of).collect();
        for (a, b) in diff_pairs(d) {
            let dd = diff::diff_with(
                &texts[a],
                &texts[b],
                diff::Absent {
                    old: &absent[a],
                    new: &absent[b],
                },
            );
            for only_changed in [false, true] {
                pages.push(self.diff_page(d, a, b, &dd, only_changed)?);
            }
        }
        Ok(pages)
    }

    fn history_page(&self, di: usize) -> Result<Page> {
        let d = &self.site.documents[di];
        let last = d.versions.len() - 1;
        let decisions: Vec<(usize, usize, usize, Option<DecisionType>)> = self
            .site
            .evidence
            .on(di)
            .map(|d| (d.decision, d.agreement, d.version, d.decision_type))
            .collect();
        let versions = d
            .versions
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let name = v.name.clone().unwrap_or_default();
                HistoryVersion {
                    href: d.href(Some(&name)),
                    date: self.version_date(v),
                    status: self.status_text(di, i),
                    latest: i == last,
                    decisions: decisions
                        .iter()
                        .filter(|(_, _, vi, _)| *vi == i)
                        .filter_map(|(dec, _, vi, t)| {
                            self.decision_link(
                                &DecisionRef {
                                    doc: *dec,
                                    version: *vi,
                                    decision_type: *t,
                                },
                                di,
                            )
                        })
                        .collect(),
                    diff_previous: (i > 0).then(|| {
                        diff_href(
                            d,
                            d.versions[i - 1].name.as_deref().unwrap_or(""),
                            &name,
                            false,
                        )
                    }),
                    diff_latest: (i + 1 < last).then(|| {
                        diff_href(
                            d,
                            &name,
                            d.versions[last].name.as_deref().unwrap_or(""),
                            false,
                        )
                    }),
                    name,
                }
            })
            .collect();
        let view = HistoryView {
            title: d.latest().fm.title.clone(),
            href: d.href(None),
            versions,
        };
        let path = format!("{}index.html", history_href(d));
        let mut ctx = self.context(
            &path,
            &format!("{} – {}", self.t("version_history"), view.title),
        );
        ctx.insert("history", &view);
        self.page("versions.html", path, &ctx)
    }

    fn diff_page(
        &self,
        d: &Document,
        a: usize,
        b: usize,
        dd: &diff::DocDiff,
        only_changed: bool,
    ) -> Result<Page> {
        let (va, vb) = (&d.versions[a], &d.versions[b]);
        let from = va.name.clone().unwrap_or_default();
        let to = vb.name.clone().unwrap_or_default();
        let all_href = diff_href(d, &from, &to, false);
        let changed_href = diff_href(d, &from, &to, true);
        let path = format!(
            "{}index.html",
            if only_changed {
                &changed_href
            } else {
                &all_href
            }
        );
        let strings = &self.theme.strings;
        let view = DiffView {
            title: vb.fm.title.clone(),
            doc_href: d.href(None),
            from_href: d.href(Some(&from)),
            to_href: d.href(Some(&to)),
            only_changed,
            history_href: history_href(d),
            summary: diff::format::html_summary(dd, strings, ""),
            body: diff::format::html_body(dd, strings, only_changed),
            all_href,
            changed_href,
            from,
            to,
        };
        // Each diff page has its own title: the pair, and which sections it shows.
        let mut page_title = format!("{}: {} → {}", view.title, view.from, view.to);
        if only_changed {
            page_title = format!("{page_title} ({})", self.t("diff_only_changed_title"));
        }
        let mut ctx = self.context(&path, &page_title);
        ctx.insert("diff", &view);
        self.page("diff.html", path, &ctx)
    }

    fn register_rows(&self) -> Vec<(Option<Date>, String, RegisterRow)> {
        self.register_rows_of(None)
    }

    /// Decisions of one party (or all), newest first.
    pub(super) fn register_rows_of(
        &self,
        party: Option<&str>,
    ) -> Vec<(Option<Date>, String, RegisterRow)> {
        let mut rows = Vec::new();
        for d in self
            .site
            .documents
            .iter()
            .filter(|d| self.visible(d) && d.kind == Kind::Decision)
        {
            let v = d.latest();
            let Some(dm) = &v.fm.decision else { continue };
            if party.is_some_and(|p| p != dm.party.value) {
                continue;
            }
            let date = dm.meeting_date.as_ref().and_then(|m| Date::parse(&m.value));
            rows.push((
                date,
                dm.party.value.clone(),
                RegisterRow {
                    href: d.href(None),
                    title: v.fm.title.clone(),
                    paragraph: dm.paragraph.clone(),
                    organ: dm.organ.value.clone(),
                    party: self.party_link(&dm.party.value),
                    date: date.map(|x| self.date(x)),
                    diarienummer: v.fm.diarienummer.clone(),
                    decision_type: dm.decision_type.map(|t| match t {
                        DecisionType::Proposal => self.t("decision_type.proposal"),
                        DecisionType::Decision => self.t("decision_type.decision"),
                    }),
                    concerns: dm
                        .concerns
                        .iter()
                        .filter_map(|r| self.ref_link(&r.value))
                        .collect(),
                    legal: self.legal_short(dm),
                    proposal: dm.decision_type == Some(DecisionType::Proposal),
                },
            ));
        }
        // Newest first; undated decisions last, in paragraph order.
        rows.sort_by(|a, b| {
            b.0.is_some()
                .cmp(&a.0.is_some())
                .then(b.0.cmp(&a.0))
                .then(a.2.paragraph.cmp(&b.2.paragraph))
        });
        rows
    }

    pub(super) fn register_page(&self) -> Result<Page> {
        let rows = self.register_rows();
        let mut by_party: Vec<PartyDecisions> = Vec::new();
        for p in &self.site.parties {
            let decisions: Vec<RegisterRow> = self
                .register_rows_of(Some(&p.id.value))
                .into_iter()
                .map(|(_, _, r)| r)
                .collect();
            if let (false, Some(link)) = (decisions.is_empty(), self.party_link(&p.id.value)) {
                by_party.push(PartyDecisions {
                    party: link,
                    decisions,
                });
            }
        }
        let path = "beslutsregister/index.html".to_string();
        let mut ctx = self.context(&path, &self.t("decisions_register"));
        ctx.insert(
            "decisions",
            &rows.into_iter().map(|(_, _, r)| r).collect::<Vec<_>>(),
        );
        ctx.insert("by_party", &by_party);
        self.page("register.html", path, &ctx)
    }

    pub(super) fn signatures_page(&self) -> Result<Page> {
        let agreements: Vec<AgreementView> = self
            .agreement_statuses()
            .iter()
            .map(|st| self.agreement_view(st))
            .collect();
        // The overview matrix: parties × agreements.
        let rows: Vec<MatrixRow> = self
            .site
            .parties
            .iter()
            .filter_map(|p| {
                let href = format!("parter/{}/", p.id.value);
                let cells: Vec<Option<MatrixCell>> = agreements
                    .iter()
                    .map(|a| {
                        a.parties
                            .iter()
                            .find(|x| x.party.href == href)
                            .map(|x| MatrixCell {
                                stage: x.stage.clone(),
                                stage_key: x.stage_key,
                                symbol: x.symbol.clone(),
                            })
                    })
                    .collect();
                let link = self.party_link(&p.id.value)?;
                cells
                    .iter()
                    .any(Option::is_some)
                    .then_some(MatrixRow { party: link, cells })
            })
            .collect();
        let path = "underskrifter/index.html".to_string();
        let mut ctx = self.context(&path, &self.t("signatures"));
        ctx.insert("agreements", &agreements);
        ctx.insert("matrix", &rows);
        let count_rows: Vec<serde_json::Value> = Stage::ALL
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                let (label, symbol) = self.stage_label(s);
                let counts: Vec<usize> = agreements.iter().map(|a| a.counts[i].count).collect();
                serde_json::json!({ "label": label, "symbol": symbol, "counts": counts })
            })
            .collect();
        ctx.insert("count_rows", &count_rows);
        self.page("signatures.html", path, &ctx)
    }
}
