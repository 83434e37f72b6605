//! Atom feeds for one document (`dokument/<id>/atom.xml`) and for one party
//! (`parter/<id>/atom.xml`), public site only: new versions with what changed (the diff's
//! counts and changed sections), decisions about the document or by the party, and
//! signatures and declines. Written by `feeds::atom` like the site-wide feed.

use super::feeds::{Entry, atom, version_summary};
use super::{Page, Renderer};
use crate::content::date::Date;
use crate::content::frontmatter::{Audience, DecisionType};
use crate::resolve::{Document, Site};
use crate::text::format::Strings;

/// The path of a document's feed.
pub fn document_feed_path(d: &Document) -> String {
    format!("dokument/{}/atom.xml", d.id)
}

/// The path of a party's feed.
pub fn party_feed_path(id: &str) -> String {
    format!("parter/{id}/atom.xml")
}

fn link_base(site: &Site) -> String {
    site.config
        .base_url
        .as_deref()
        .map(|b| format!("{}/", b.trim_end_matches('/')))
        .unwrap_or_default()
}

fn kind_of(t: &Strings, d: &Document) -> String {
    match d
        .latest()
        .fm
        .decision
        .as_ref()
        .and_then(|m| m.decision_type)
    {
        Some(DecisionType::Proposal) => t.get("decision_type.proposal").to_string(),
        Some(DecisionType::Decision) => t.get("decision_type.decision").to_string(),
        None => t.get(&format!("kind.{}", d.kind.key())).to_string(),
    }
}

/// The dated versions of public document `di`.
fn version_entries(site: &Site, t: &Strings, di: usize, out: &mut Vec<Entry>) {
    let base = link_base(site);
    let d = &site.documents[di];
    let kind = kind_of(t, d);
    for (vi, v) in d.versions.iter().enumerate() {
        let Some(date) = v.known_date() else { continue };
        let href = format!("{base}{}", d.href(v.name.as_deref()));
        let title = match &v.name {
            Some(n) if d.is_versioned() => format!("{} ({n})", v.fm.title),
            _ => v.fm.title.clone(),
        };
        out.push(Entry {
            id: href.clone(),
            title,
            href,
            updated: date,
            summary: version_summary(site, t, di, vi, &kind),
        });
    }
}

/// A public decision document as an entry on its meeting date.
fn decision_entry(site: &Site, t: &Strings, di: usize) -> Option<Entry> {
    let d = &site.documents[di];
    let dm = d.latest().fm.decision.as_ref()?;
    let date = dm
        .meeting_date
        .as_ref()
        .and_then(|m| Date::parse(&m.value))?;
    let href = format!("{}{}", link_base(site), d.href(None));
    let party = site
        .party(&dm.party.value)
        .map_or(dm.party.value.clone(), |p| p.name.clone());
    Some(Entry {
        id: format!("{href}#beslut"),
        title: format!(
            "{} {}: {}",
            dm.organ.value,
            dm.paragraph,
            d.latest().fm.title
        ),
        href,
        updated: date,
        summary: format!("{}, {party}", kind_of(t, d)),
    })
}

/// Signatures and declines on public document `doc` (all parties, or one).
fn signature_entries(
    site: &Site,
    t: &Strings,
    doc: Option<usize>,
    party: Option<&str>,
    out: &mut Vec<Entry>,
) {
    let base = link_base(site);
    let sigs = &site.data.signatures;
    let items = sigs
        .signatures
        .iter()
        .map(|s| (&s.agreement, &s.party, Some(&s.date), "stage.signed"))
        .chain(
            sigs.declined
                .iter()
                .map(|s| (&s.agreement, &s.party, s.date.as_ref(), "stage.declined")),
        );
    for (agreement, p, date, stage) in items {
        let Some(date) = date.and_then(|d| Date::parse(&d.value)) else {
            continue;
        };
        let Some((ai, vi)) =
            crate::resolve::evidence::signature_target(site, agreement, Some(date))
        else {
            continue;
        };
        let d = &site.documents[ai];
        if d.audience != Audience::Public
            || doc.is_some_and(|x| x != ai)
            || party.is_some_and(|x| x != p.value)
        {
            continue;
        }
        let v = &d.versions[vi];
        let name = site
            .party(&p.value)
            .map_or(p.value.clone(), |x| x.name.clone());
        let title = match &v.name {
            Some(n) if d.is_versioned() => format!("{} ({n})", v.fm.title),
            _ => v.fm.title.clone(),
        };
        let href = format!("{base}{}", d.href(v.name.as_deref()));
        out.push(Entry {
            id: format!(
                "{href}#{}-{}-{date}",
                stage.trim_start_matches("stage."),
                p.value
            ),
            title: format!("{name}: {} – {title}", t.get(stage)),
            href,
            updated: date,
            summary: format!("{}: {name}, {}", t.get("col_stage"), t.get(stage)),
        });
    }
}

fn finish(mut list: Vec<Entry>) -> Vec<Entry> {
    list.sort_by(|a, b| {
        b.updated
            .cmp(&a.updated)
            .then(a.title.cmp(&b.title))
            .then(a.id.cmp(&b.id))
    });
    list.dedup_by(|a, b| a.id == b.id);
    list.truncate(100);
    list
}

/// Whether decision document `d` concerns document `target` (any version).
fn concerns(site: &Site, d: &Document, target: usize) -> bool {
    d.latest().fm.decision.as_ref().is_some_and(|dm| {
        dm.concerns
            .iter()
            .any(|r| site.resolve_ref(&r.value).is_some_and(|x| x.doc == target))
    })
}

impl Renderer<'_> {
    /// The feed of public document `di`; `None` on the internal site.
    pub(super) fn document_feed(&self, di: usize) -> Option<Page> {
        let site = self.site;
        let d = &site.documents[di];
        if self.audience != Audience::Public || d.audience != Audience::Public {
            return None;
        }
        let t = &self.theme.strings;
        let mut list = Vec::new();
        version_entries(site, t, di, &mut list);
        if let Some(e) = decision_entry(site, t, di) {
            list.push(e);
        }
        // Looked up, not searched for: a search of every document for every feed made the
        // build quadratic in the number of documents.
        let concerned = self.concerned.get_or_init(|| {
            let mut by_target: std::collections::HashMap<usize, Vec<usize>> =
                std::collections::HashMap::new();
            for (xi, x) in site.documents.iter().enumerate() {
                if x.audience != Audience::Public {
                    continue;
                }
                let Some(dm) = x.latest().fm.decision.as_ref() else {
                    continue;
                };
                let mut targets: Vec<usize> = dm
                    .concerns
                    .iter()
                    .filter_map(|r| site.resolve_ref(&r.value).map(|x| x.doc))
                    .collect();
                targets.sort_unstable();
                targets.dedup();
                for target in targets {
                    by_target.entry(target).or_default().push(xi);
                }
            }
            by_target
        });
        for &xi in concerned.get(&di).into_iter().flatten() {
            if xi != di {
                list.extend(decision_entry(site, t, xi));
            }
        }
        signature_entries(site, t, Some(di), None, &mut list);
        let path = document_feed_path(d);
        let title = format!("{}: {}", site.config.title, d.latest().fm.title);
        let body = atom(site, t, &title, &path, &d.href(None), &finish(list));
        Some(Page {
            path,
            bytes: body.into_bytes(),
        })
    }

    /// The feed of party `id`: new versions of the public documents it is a party to,
    /// public decisions by it or about those documents, and its signatures and declines.
    pub(super) fn party_feed(&self, id: &str) -> Option<Page> {
        let site = self.site;
        let party = site.party(id)?;
        if self.audience != Audience::Public {
            return None;
        }
        let t = &self.theme.strings;
        let mut list = Vec::new();
        let mine: Vec<usize> = site
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.audience == Audience::Public
                    && d.versions
                        .iter()
                        .any(|v| v.fm.parties.iter().any(|p| p.value == id))
            })
            .map(|(i, _)| i)
            .collect();
        for &di in &mine {
            version_entries(site, t, di, &mut list);
        }
        for (xi, x) in site.documents.iter().enumerate() {
            if x.audience != Audience::Public {
                continue;
            }
            let by_party = x
                .latest()
                .fm
                .decision
                .as_ref()
                .is_some_and(|dm| dm.party.value == id);
            if by_party || mine.iter().any(|&m| concerns(site, x, m)) {
                list.extend(decision_entry(site, t, xi));
            }
        }
        signature_entries(site, t, None, Some(id), &mut list);
        let path = party_feed_path(id);
        let title = format!("{}: {}", site.config.title, party.name);
        let body = atom(
            site,
            t,
            &title,
            &path,
            &format!("parter/{id}/"),
            &finish(list),
        );
        Some(Page {
            path,
            bytes: body.into_bytes(),
        })
    }
}
