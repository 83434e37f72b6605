//! Resolve: turn loaded files into a linked site — documents with their versions, sections
//! with computed numbers, cross-references checked and resolved, backlinks, parties — and
//! report every inconsistency as a diagnostic.

pub mod absent;
pub mod accessibility;
pub mod consistency;
pub mod evidence;
pub mod external;
pub mod figures;
pub mod refs;
pub mod sections;
pub mod shortcodes;
pub mod slugs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::body::{self, Scan};
use crate::content::date::Date;
use crate::content::frontmatter::{At, Audience, FrontMatter, Kind, pos_in_file};
use crate::content::packed::PackedText;
use crate::content::parties::{OrgNumberProblem, Party, check_org_number};
use crate::content::{DocFile, Loaded, SiteConfig, SourceData};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use refs::{LinkUse, PlainLink, Target};
use sections::Section;

/// A version's date: known, explicitly unknown (`date: unknown`), or missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionDate {
    Known(Date),
    Unknown,
}

/// One version of a document, with everything resolve found in it.
#[derive(Debug, Clone)]
pub struct Version {
    /// `None` for a document that is not versioned.
    pub name: Option<String>,
    pub date: Option<VersionDate>,
    pub fm: Box<FrontMatter>,
    pub path: PathBuf,
    pub yaml_line: u32,
    /// The markdown after the front matter, held packed: unpack it to read it
    /// ([`crate::content::packed`]).
    pub body: PackedText,
    pub body_line: u32,
    pub scan: Scan,
    pub sections: Vec<Section>,
    /// Section index by id.
    pub section_ids: HashMap<String, usize>,
    pub links: Vec<LinkUse>,
    /// Links by address rather than by id (relative, root, external), for `render::links`.
    pub plain_links: Vec<PlainLink>,
    /// The labels of the footnote definitions: ids on the rendered page.
    pub footnotes: Vec<String>,
    /// Resolved reference targets, by destination as written.
    pub resolved: HashMap<String, Resolved>,
    /// References to documents that are not on the site, by destination as written.
    pub external: HashMap<String, ExternalRef>,
}

/// A reference to a document that is not on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalRef {
    /// Index in `Site::data.external_documents.documents`.
    pub index: usize,
    /// The text an empty link gets: the title, when the documents give one.
    pub title: Option<String>,
}

impl Version {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.section_ids.get(id).map(|&i| &self.sections[i])
    }

    pub fn known_date(&self) -> Option<Date> {
        match self.date {
            Some(VersionDate::Known(d)) => Some(d),
            _ => None,
        }
    }
}

/// A document: one id, one or more versions, ordered oldest first.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub kind: Kind,
    pub audience: Audience,
    pub versions: Vec<Version>,
}

impl Document {
    pub fn latest(&self) -> &Version {
        self.versions
            .last()
            .expect("a document has at least one version")
    }

    pub fn is_versioned(&self) -> bool {
        self.versions.iter().any(|v| v.name.is_some())
    }

    pub fn version(&self, name: &str) -> Option<(usize, &Version)> {
        self.versions
            .iter()
            .enumerate()
            .find(|(_, v)| v.name.as_deref() == Some(name))
    }

    /// Root-relative URL of the document's default page, or of one version's page.
    pub fn href(&self, version: Option<&str>) -> String {
        match version {
            Some(v) if self.is_versioned() => format!("dokument/{}/{}/", self.id, v),
            _ => format!("dokument/{}/", self.id),
        }
    }
}

/// Where a reference leads, ready for rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub doc: usize,
    /// Root-relative URL including the fragment.
    pub href: String,
    /// The text an empty link gets: a title, or "punkt 14 Ändringar …".
    pub auto_text: String,
    /// The target is a document or section the public may not see.
    pub internal: bool,
}

/// A document that refers to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    pub from: usize,
    /// Every reference from `from` stands in internal content.
    pub internal: bool,
}

/// The resolved site: what render needs and nothing it must recompute.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub documents: Vec<Document>,
    pub by_id: HashMap<String, usize>,
    pub parties: Vec<Party>,
    pub party_index: HashMap<String, usize>,
    pub data: SourceData,
    pub figures: figures::Figures,
    /// Per document, the documents that refer to it.
    pub backlinks: Vec<Vec<Backlink>>,
    /// Decisions and signatures indexed by the agreement version they concern.
    pub evidence: evidence::Evidence,
}

impl Site {
    pub fn doc(&self, id: &str) -> Option<&Document> {
        self.by_id.get(id).map(|&i| &self.documents[i])
    }

    pub fn party(&self, id: &str) -> Option<&Party> {
        self.party_index.get(id).map(|&i| &self.parties[i])
    }

    /// Whether `id` names a party. When it does not, an "unknown party" error at `path`:`pos`
    /// with the closest id as a hint, unless the party was left out for an earlier error in
    /// its entry (that error explains this one).
    pub fn check_party(&self, id: &str, path: &Path, pos: Pos, diags: &Diagnostics) -> bool {
        if self.party(id).is_some() {
            return true;
        }
        if !diags.is_left_out(crate::diag::LeftOut::Party, id) {
            let hint = match closest(id, self.party_index.keys().map(String::as_str)) {
                Some(c) => format!("did you mean `{c}`? Parties are listed in data/parter.yaml"),
                None => "parties are listed in data/parter.yaml".into(),
            };
            diags.error(path, pos, format!("unknown party `{id}`"), hint);
        }
        false
    }

    /// Per document, the documents it refers to and those that refer to it, in any version,
    /// from its text or its front matter (decisions: `concerns`, `cites`). A document's pages
    /// show something of each of these (a link text, a title, a tracker row) and of no other
    /// document: what an incremental rebuild re-renders along with a changed document.
    pub fn neighbours(&self) -> Neighbours {
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for (target, links) in self.backlinks.iter().enumerate() {
            for b in links {
                pairs.push((target, b.from));
                pairs.push((b.from, target));
            }
        }
        // The note on a document not on the site names where the documents mention it.
        let external = &self.data.external_documents.documents;
        for (di, doc) in self.documents.iter().enumerate() {
            let named = doc
                .versions
                .iter()
                .flat_map(|v| v.external.values())
                .flat_map(|r| &external[r.index].named_in)
                .filter_map(|r| self.ref_doc(&r.value));
            for other in named.collect::<Vec<_>>() {
                if other != di {
                    pairs.push((di, other));
                    pairs.push((other, di));
                }
            }
        }
        Neighbours::of_pairs(self.documents.len(), &pairs)
    }

    /// A document that is not on the site (`data/externa-dokument.yaml`), by id.
    pub fn external(&self, id: &str) -> Option<&crate::content::data::ExternalDocument> {
        self.data
            .external_documents
            .documents
            .iter()
            .find(|e| e.id.value == id)
    }

    /// The document a reference written in front matter or data leads to: what
    /// [`Site::resolve_ref`] gives as `doc`, without making the link.
    pub fn ref_doc(&self, dest: &str) -> Option<usize> {
        let target = refs::parse(dest)?;
        let di = *self.by_id.get(target.doc.as_ref()?)?;
        let doc = &self.documents[di];
        let v = match &target.version {
            Some(name) => doc.version(name)?.1,
            None => doc.latest(),
        };
        if let Some(sid) = &target.section {
            v.section(sid)?;
        }
        Some(di)
    }

    /// Resolves a reference written in front matter or data (`@doc/v1#section`).
    pub fn resolve_ref(&self, dest: &str) -> Option<Resolved> {
        let target = refs::parse(dest)?;
        resolve_target(&self.documents, &self.by_id, &target, None).ok()
    }
}

/// Per document, its neighbours ([`Site::neighbours`]): their indices, sorted, without
/// repeats; `n[di]` gives those of document `di`. One list for the whole site, not one per
/// document: the preview makes it on every rebuild.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Neighbours {
    /// Where each document's neighbours start in `all`, and where the last one's end.
    starts: Vec<usize>,
    all: Vec<usize>,
}

impl Neighbours {
    /// The neighbours of `n` documents, given as (document, neighbour) pairs.
    fn of_pairs(n: usize, pairs: &[(usize, usize)]) -> Neighbours {
        let mut starts = vec![0usize; n + 1];
        for &(a, _) in pairs {
            starts[a + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut all = vec![0usize; pairs.len()];
        for &(a, b) in pairs {
            all[fill[a]] = b;
            fill[a] += 1;
        }
        // Each list sorted and without repeats, moved down over what repeats left.
        let mut end = 0;
        for i in 0..n {
            let (from, to) = (starts[i], starts[i + 1]);
            all[from..to].sort_unstable();
            starts[i] = end;
            let mut last = None;
            for j in from..to {
                if last != Some(all[j]) {
                    last = Some(all[j]);
                    all[end] = all[j];
                    end += 1;
                }
            }
        }
        starts[n] = end;
        all.truncate(end);
        Neighbours { starts, all }
    }

    /// How many documents.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::ops::Index<usize> for Neighbours {
    type Output = [usize];

    fn index(&self, di: usize) -> &[usize] {
        &self.all[self.starts[di]..self.starts[di + 1]]
    }
}

/// What resolve finds in one version on its own, without the rest of the site: its internal
/// passages and shortcodes, its sections with their numbers, and its links. It depends only on
/// the version's file, so `styrdok serve` keeps it for files that did not change.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub scan: Scan,
    pub sections: Vec<Section>,
    /// Section index by id.
    pub section_ids: HashMap<String, usize>,
    pub links: Vec<LinkUse>,
    pub plain_links: Vec<PlainLink>,
    pub footnotes: Vec<String>,
    /// What was found wrong, to be reported with the rest.
    pub diagnostics: Vec<Diagnostic>,
    /// What sanitizing will strip from the body: reported unless `unsafe_html` is set.
    pub html_warnings: Vec<Diagnostic>,
}

/// Analyses one version (see [`Analysis`]).
pub fn analyse(v: &Version) -> Analysis {
    let diags = Diagnostics::new();
    let text = v.body.unpack();
    let scan = body::scan(&text, v.body_line, &v.path, &diags);
    // A body with no passage or shortcode, no carriage return and a final newline is its
    // own prepared text (taken, not copied); otherwise the body is kept for the HTML check.
    let (prepared, text) = match body::reads_as_written(&text, &scan) {
        true => (
            body::prepare_owned(
                text,
                v.body_line,
                &scan,
                Audience::Internal,
                "<div>",
                &mut |_| String::new(),
            ),
            None,
        ),
        false => (
            body::prepare(
                &text,
                v.body_line,
                &scan,
                Audience::Internal,
                "<div>",
                &mut |_| String::new(),
            ),
            Some(text),
        ),
    };
    // One parse of the prepared body for the sections, both kinds of links and the
    // references that cross a passage's edge.
    let parsed = sections::parse(&prepared);
    crate::content::crossing::check(&prepared, &parsed, &scan, &v.path, &diags);
    let events = parsed.events;
    let sections = sections::extract(&prepared, &events, &scan, v.fm.numbered, &v.path, &diags);
    let section_ids = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let links = refs::collect(&prepared, &events, &scan);
    let (plain_links, footnotes) = refs::collect_plain(&prepared, &events, &scan);
    // A body that is its own prepared text: its events are those already parsed.
    let html_warnings = match &text {
        None => crate::text::sanitize::check_body_events(
            &prepared.text,
            events.iter().cloned(),
            v.body_line,
            &v.path,
        ),
        Some(text) => crate::text::sanitize::check_body(text, v.body_line, &v.path),
    };
    Analysis {
        scan,
        sections,
        section_ids,
        links,
        plain_links,
        footnotes,
        diagnostics: diags.into_sorted(),
        html_warnings,
    }
}

/// What resolve finds in each version by itself or with only the site-wide inputs: made
/// afresh ([`Fresh`]), or kept from an earlier resolve of the same file
/// ([`crate::incremental`]).
pub trait Analyser: Sync {
    /// The [`Analysis`] of a version.
    fn analysis(&self, v: &Version) -> Analysis;
    /// What the checks of a version's body find ([`consistency::body_checks`], which `run`
    /// runs). They read the version and the site-wide inputs only (settings, data). What it
    /// returns is reported with the rest; an analyser that reports some of them by other
    /// means (`crate::incremental` merges those it keeps into its result) leaves them out.
    fn body_checks(
        &self,
        v: &Version,
        run: &(dyn Fn(&Version) -> Vec<Diagnostic> + Sync),
    ) -> Vec<Diagnostic> {
        run(v)
    }
    /// The links of version `vi` of document `di`, resolved: `run` resolves them, reporting
    /// what it finds wrong to the collector it is given. What they come to reads the
    /// version's links, its document's id, kind and audience, what each document they name
    /// shows of itself ([`link_surface`]), which ids the site has and has left out, and the
    /// documents not on the site (data): nothing else.
    fn links(
        &self,
        documents: &[Document],
        di: usize,
        vi: usize,
        diags: &Diagnostics,
        run: &(dyn Fn(&Diagnostics) -> Links + Sync),
    ) -> Links {
        let _ = (documents, di, vi);
        run(diags)
    }
    /// What the timeline checks of version `vi` of document `di` find
    /// ([`consistency::dates::check_version`], which `run` runs, reporting to the collector
    /// it is given). They read what [`link_surface`] covers of each document the version
    /// names, in its links or its front matter, and the version itself.
    fn timeline(
        &self,
        documents: &[Document],
        di: usize,
        vi: usize,
        diags: &Diagnostics,
        run: &(dyn Fn(&Diagnostics) + Sync),
    ) {
        let _ = (documents, di, vi);
        run(diags)
    }
    /// Who refers to whom ([`Site::backlinks`]): `targets` gives what one document refers
    /// to ([`backlink_targets`]).
    fn backlinks(
        &self,
        site: &Site,
        targets: &(dyn Fn(usize) -> Vec<(usize, bool)> + Sync),
    ) -> Vec<Vec<Backlink>> {
        let all: Vec<Vec<(usize, bool)>> = (0..site.documents.len())
            .into_par_iter()
            .map(targets)
            .collect();
        backlinks_of(&all)
    }
}

/// A hash of what links to a document read of it: its id, kind and audience, and per
/// version its name, title and sections (ids, titles, numbers, internal or not); and what
/// the timeline checks of what names it read: its versions' dates and a decision's meeting
/// date. Two states of a document with the same surface resolve every link to it alike.
pub fn link_surface(doc: &Document) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&doc.id, doc.kind, doc.audience, doc.versions.len()).hash(&mut h);
    for v in &doc.versions {
        (&v.name, &v.fm.title, v.sections.len()).hash(&mut h);
        let meeting = v.fm.decision.as_ref().map(|d| &d.meeting_date);
        (v.date, meeting.map(|m| m.as_ref().map(|m| &m.value))).hash(&mut h);
        for s in &v.sections {
            (&s.id, &s.title, &s.number, s.internal).hash(&mut h);
        }
    }
    h.finish()
}

/// Everything made afresh.
pub struct Fresh;

impl Analyser for Fresh {
    fn analysis(&self, v: &Version) -> Analysis {
        analyse(v)
    }
}

/// Builds the site from what was loaded. Problems go to `diags`; the site is returned even
/// with errors so `check` can go on finding more.
pub fn resolve(loaded: Loaded, diags: &Diagnostics) -> Site {
    resolve_with(loaded, diags, &Fresh)
}

/// [`resolve`], with what each version holds left to `analyser`.
pub fn resolve_with(loaded: Loaded, diags: &Diagnostics, analyser: &dyn Analyser) -> Site {
    let (parties, party_index) = resolve_parties(&loaded.data, diags);
    let mut documents = group_versions(loaded.files, diags);
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    let by_id: HashMap<String, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();

    // Sections and links of each version, in parallel: they need only the version itself.
    let sanitized = !loaded.config.unsafe_html;
    documents.par_iter_mut().for_each(|doc| {
        for v in &mut doc.versions {
            let a = analyser.analysis(v);
            for d in a.diagnostics {
                diags.push(d);
            }
            if sanitized {
                for d in a.html_warnings {
                    diags.push(d);
                }
            }
            v.scan = a.scan;
            v.sections = a.sections;
            v.section_ids = a.section_ids;
            v.links = a.links;
            v.plain_links = a.plain_links;
            v.footnotes = a.footnotes;
            // Held until the site is rendered: without the room left by growing them, which
            // at 100 000 documents is a tenth of the site's memory.
            v.scan.internal.shrink_to_fit();
            v.scan.shortcodes.shrink_to_fit();
            v.sections.shrink_to_fit();
            v.section_ids.shrink_to_fit();
            v.links.shrink_to_fit();
            v.plain_links.shrink_to_fit();
            v.footnotes.shrink_to_fit();
        }
    });

    // Resolve links against the now complete index: linear in the number of links.
    let external = external::index(&loaded.data.external_documents);
    let index = Index {
        documents: &documents,
        by_id: &by_id,
        external: &external,
        external_docs: &loaded.data.external_documents.documents,
    };
    let resolved: Vec<Vec<Links>> = documents
        .par_iter()
        .enumerate()
        .map(|(di, doc)| {
            doc.versions
                .iter()
                .enumerate()
                .map(|(vi, v)| {
                    let run = |d: &Diagnostics| resolve_links(&index, di, vi, v, d);
                    let mut links = analyser.links(&documents, di, vi, diags, &run);
                    links.resolved.shrink_to_fit();
                    links.external.shrink_to_fit();
                    links
                })
                .collect()
        })
        .collect();
    for (doc, per_version) in documents.iter_mut().zip(resolved) {
        for (v, links) in doc.versions.iter_mut().zip(per_version) {
            v.resolved = links.resolved;
            v.external = links.external;
        }
    }

    let mut site = Site {
        root: loaded.root,
        config: loaded.config,
        documents,
        by_id,
        parties,
        party_index,
        data: loaded.data,
        figures: figures::Figures::default(),
        backlinks: Vec::new(),
        evidence: Default::default(),
    };
    check_front_matter_refs(&site, diags);
    external::check(&site, diags);
    absent::check(&site.documents, diags);
    let targets = |di: usize| backlink_targets(&site, di);
    site.backlinks = analyser.backlinks(&site, &targets);
    site.evidence = evidence::evidence(&site);
    site.figures = figures::compute(&site, diags);
    consistency::check(&site, diags, analyser);
    accessibility::check(&site.config, diags);
    consistency::check_routines_and_checklist(&site, Date::today(), diags);
    site
}

fn resolve_parties(data: &SourceData, diags: &Diagnostics) -> (Vec<Party>, HashMap<String, usize>) {
    let path = data.path_of("parties");
    let mut index = HashMap::new();
    let mut parties = Vec::new();
    for p in &data.parties.parties {
        slugs::check(&p.id, "party id", &path, 1, diags);
        if index.contains_key(&p.id.value) {
            diags.error(
                &path,
                pos_in_file(&p.id, 1),
                format!("duplicate party id `{}`", p.id.value),
                "every party needs its own id",
            );
            continue;
        }
        if let Some(org) = &p.org_number {
            match check_org_number(&org.value) {
                Ok(()) => {}
                Err(OrgNumberProblem::Format) => diags.error(
                    &path,
                    pos_in_file(org, 1),
                    format!("organisation number `{}` of {} is not ten digits", org.value, p.name),
                    "write it as NNNNNN-NNNN",
                ),
                Err(OrgNumberProblem::CheckDigit { expected }) => diags.error(
                    &path,
                    pos_in_file(org, 1),
                    format!(
                        "organisation number `{}` of {} fails its check digit (Luhn): the last digit would be {expected}",
                        org.value, p.name
                    ),
                    "check the number against the document it comes from",
                ),
            }
        }
        for pop in &p.population {
            if Date::parse(&pop.date.value).is_none() {
                diags.error(
                    &path,
                    pos_in_file(&pop.date, 1),
                    format!("`{}` is not a date", pop.date.value),
                    "write dates as YYYY-MM-DD",
                );
            }
        }
        index.insert(p.id.value.clone(), parties.len());
        parties.push(p.clone());
    }
    for area in &data.parties.host_areas {
        for id in std::iter::once(&area.host).chain(&area.members) {
            if !index.contains_key(&id.value)
                && !diags.is_left_out(crate::diag::LeftOut::Party, &id.value)
            {
                diags.error(
                    &path,
                    pos_in_file(id, 1),
                    format!("unknown party `{}` in host area `{}`", id.value, area.id),
                    "party ids are listed under `parties:` in this file",
                );
            }
        }
    }
    (parties, index)
}

/// Groups files by document id into versions, checking ids, versions and dates.
fn group_versions(files: Vec<DocFile>, diags: &Diagnostics) -> Vec<Document> {
    for f in &files {
        // Checked, not dropped: the build stops at the error, and `check` goes on to find
        // the rest.
        slugs::check(&f.fm.id, "document id", &f.path, f.yaml_line, diags);
        if let Some(v) = &f.fm.version
            && slugs::check(v, "version", &f.path, f.yaml_line, diags)
        {
            check_version_label(v, &f.path, f.yaml_line, diags);
        }
    }
    // By id, and in the order loaded within an id (a stable sort of their places): the files
    // are moved out of the one list they came in, not gathered into a list per id, which at
    // 100 000 documents held half a gigabyte for a moment (a list of one file has room for
    // four).
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| files[a].fm.id.value.cmp(&files[b].fm.id.value));
    let mut files: Vec<Option<DocFile>> = files.into_iter().map(Some).collect();
    let mut groups = order.chunk_by(|&a, &b| {
        let id = |i: usize| files[i].as_ref().map(|f| &f.fm.id.value);
        id(a) == id(b)
    });
    let groups: Vec<Vec<usize>> = groups.by_ref().map(<[usize]>::to_vec).collect();
    let mut documents = Vec::new();
    for group in groups {
        let group: Vec<DocFile> = group
            .into_iter()
            .map(|i| files[i].take().expect("each file is in one group"))
            .collect();
        let id = group[0].fm.id.value.clone();
        let mut versions: Vec<Version> = Vec::new();
        for f in group {
            let name = f.fm.version.as_ref().map(|v| v.value.clone());
            let date = parse_version_date(&f, diags);
            if let Some(prev) = versions.iter().find(|v| v.name == name) {
                let what = match &name {
                    Some(n) => format!("version `{n}` of document `{id}`"),
                    None => format!("document id `{id}`"),
                };
                diags.error(
                    &f.path,
                    pos_in_file(f.fm.version.as_ref().unwrap_or(&f.fm.id), f.yaml_line),
                    format!("duplicate {what}: {} has it too", prev.path.display()),
                    "ids never change and belong to one document; give this file another id, or a new `version:`",
                );
                continue;
            }
            versions.push(Version {
                name,
                date,
                path: f.path,
                yaml_line: f.yaml_line,
                body: f.body,
                body_line: f.body_line,
                fm: f.fm,
                scan: Scan::default(),
                sections: Vec::new(),
                section_ids: HashMap::new(),
                links: Vec::new(),
                plain_links: Vec::new(),
                footnotes: Vec::new(),
                resolved: HashMap::new(),
                external: HashMap::new(),
            });
        }
        if versions.len() > 1 && versions.iter().any(|v| v.name.is_none()) {
            for v in versions.iter().filter(|v| v.name.is_none()) {
                diags.error(
                    &v.path,
                    pos_in_file(&v.fm.id, v.yaml_line),
                    format!("document `{id}` has several files but this one has no `version:`"),
                    "give every file of a versioned document a version (v1, v2 …) and a date",
                );
            }
        }
        versions.sort_by_key(version_order);
        let first = &versions[0];
        let (kind, audience) = (first.fm.kind, first.fm.audience);
        for v in &versions[1..] {
            if v.fm.kind != kind {
                diags.error(
                    &v.path,
                    pos_in_file(&v.fm.id, v.yaml_line),
                    format!(
                        "versions of `{id}` differ in kind ({} here, {} in {})",
                        v.fm.kind.key(),
                        kind.key(),
                        first.path.display()
                    ),
                    "a document keeps its kind across versions",
                );
            }
            if v.fm.audience != audience {
                diags.error(
                    &v.path,
                    pos_in_file(&v.fm.id, v.yaml_line),
                    format!("versions of `{id}` differ in audience"),
                    "make every version public or every version internal",
                );
            }
        }
        documents.push(Document {
            id,
            kind,
            audience,
            versions,
        });
    }
    documents
}

/// `v3` → 3: a version label is `v` and a number without leading zeros.
pub fn version_number(label: &str) -> Option<u64> {
    let n = label.strip_prefix('v')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.starts_with('0') {
        return None;
    }
    n.parse().ok()
}

/// A version label that is not `vN` is an error: versions are ordered by their number, and a
/// label without one (`2025-09`, `slutversion`) would silently be ordered before `v1`.
fn check_version_label(v: &At<String>, path: &Path, yaml_line: u32, diags: &Diagnostics) {
    if version_number(&v.value).is_some() {
        return;
    }
    let looks_like_date = v.value.bytes().next().is_some_and(|b| b.is_ascii_digit());
    let mut hint = "name versions v1, v2, v3 … in the order they were made: the order of the                     versions is read from that number"
        .to_string();
    if looks_like_date {
        hint.push_str(&format!(
            "; a date goes in `date: {}`",
            if v.value.len() == 10 {
                v.value.clone()
            } else {
                "YYYY-MM-DD".to_string()
            }
        ));
    }
    diags.error(
        path,
        pos_in_file(v, yaml_line),
        format!("version `{}` is not `v` and a number (v1, v2 …)", v.value),
        hint,
    );
}

/// Versions sort by date when both are known, otherwise by the number in their name.
fn version_order(v: &Version) -> (u64, Option<Date>, String) {
    let n = v
        .name
        .as_deref()
        .map(|n| n.trim_start_matches(|c: char| !c.is_ascii_digit()))
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    (n, v.known_date(), v.name.clone().unwrap_or_default())
}

fn parse_version_date(f: &DocFile, diags: &Diagnostics) -> Option<VersionDate> {
    match &f.fm.date {
        Some(d) if matches!(d.value.as_str(), "unknown" | "okänt" | "okant") => {
            Some(VersionDate::Unknown)
        }
        Some(d) => match Date::parse(&d.value) {
            Some(date) => Some(VersionDate::Known(date)),
            None => {
                diags.error(
                    &f.path,
                    pos_in_file(d, f.yaml_line),
                    format!("`{}` is not a date", d.value),
                    "write dates as YYYY-MM-DD, or `unknown` when the document gives none",
                );
                None
            }
        },
        None => {
            if let Some(v) = &f.fm.version {
                diags.error(
                    &f.path,
                    pos_in_file(v, f.yaml_line),
                    format!("version `{}` of `{}` has no date", v.value, f.fm.id.value),
                    "add `date: YYYY-MM-DD`, or `date: unknown` when the document gives none",
                );
            }
            None
        }
    }
}

/// Resolves a target from the document `from` (for `#section` links).
fn resolve_target(
    documents: &[Document],
    by_id: &HashMap<String, usize>,
    target: &Target,
    from: Option<(usize, usize)>,
) -> Result<Resolved, (String, String)> {
    let (di, version_idx) = match (&target.doc, from) {
        (Some(id), _) => match by_id.get(id) {
            Some(&i) => (i, None),
            None => {
                let hint = match closest(id, by_id.keys().map(String::as_str)) {
                    Some(c) => format!("did you mean `@{c}`?"),
                    None => "refer to a document by the `id:` in its front matter".into(),
                };
                return Err((format!("reference to unknown document `{id}`"), hint));
            }
        },
        (None, Some((d, v))) => (d, Some(v)),
        (None, None) => {
            return Err((
                "a `#section` reference needs a document".into(),
                String::new(),
            ));
        }
    };
    let doc = &documents[di];
    let (vi, version_name) = match (&target.version, version_idx) {
        (Some(name), _) => match doc.version(name) {
            Some((i, _)) => (i, Some(name.as_str())),
            None => {
                let known: Vec<&str> = doc
                    .versions
                    .iter()
                    .filter_map(|v| v.name.as_deref())
                    .collect();
                return Err((
                    format!("document `{}` has no version `{name}`", doc.id),
                    if known.is_empty() {
                        "the document is not versioned; leave out the `/version`".into()
                    } else {
                        format!("its versions are {}", known.join(", "))
                    },
                ));
            }
        },
        (None, Some(v)) => (v, doc.versions[v].name.as_deref()),
        (None, None) => (doc.versions.len() - 1, None),
    };
    let version = &doc.versions[vi];
    let mut href = doc.href(version_name);
    let mut internal = doc.audience == Audience::Internal;
    let title = &version.fm.title;
    let auto_text = match &target.section {
        None => match version_name.filter(|_| target.version.is_some()) {
            Some(v) => format!("{title} ({v})"),
            None => title.clone(),
        },
        Some(sid) => {
            let Some(section) = version.section(sid) else {
                return Err((
                    format!("document `{}` has no section `{sid}`", doc.id),
                    match closest(sid, version.sections.iter().map(|s| s.id.as_str())) {
                        Some(c) => format!("did you mean `#{c}`?"),
                        None => {
                            "section ids are the {#id} of a heading, or its text as a slug".into()
                        }
                    },
                ));
            };
            href.push('#');
            href.push_str(&section.id);
            internal |= section.internal;
            section_label(doc.kind, section)
        }
    };
    Ok(Resolved {
        doc: di,
        href,
        auto_text,
        internal,
    })
}

/// "punkt 14 Ändringar och tillägg till avtalet" for agreements, "avsnitt 5.1 …" otherwise.
pub fn section_label(kind: Kind, section: &Section) -> String {
    match &section.number {
        Some(n) if kind.is_agreement() => format!("punkt {n} {}", section.title),
        Some(n) => format!("avsnitt {n} {}", section.title),
        None => section.title.clone(),
    }
}

/// What links resolve against: the site's documents and the documents that are not on it.
struct Index<'a> {
    documents: &'a [Document],
    by_id: &'a HashMap<String, usize>,
    external: &'a HashMap<String, usize>,
    external_docs: &'a [crate::content::data::ExternalDocument],
}

/// The links of one version, resolved ([`Version::resolved`], [`Version::external`]).
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub resolved: HashMap<String, Resolved>,
    pub external: HashMap<String, ExternalRef>,
}

fn resolve_links(ix: &Index, di: usize, vi: usize, v: &Version, diags: &Diagnostics) -> Links {
    let (documents, by_id) = (ix.documents, ix.by_id);
    let doc = &documents[di];
    let mut out = Links::default();
    for link in &v.links {
        if let Some(id) = &link.target.doc
            && !by_id.contains_key(id)
            && let Some(&ei) = ix.external.get(id)
        {
            let e = &ix.external_docs[ei];
            let from_public = doc.audience == Audience::Public && !link.internal;
            if external::check_link(e, link, from_public, &v.path, diags) {
                out.external.insert(
                    link.dest.clone(),
                    ExternalRef {
                        index: ei,
                        title: e.title.clone(),
                    },
                );
            }
            continue;
        }
        match resolve_target(documents, by_id, &link.target, Some((di, vi))) {
            Ok(r) => {
                let from_public = doc.audience == Audience::Public && !link.internal;
                if from_public && r.internal {
                    diags.error(
                        &v.path,
                        link.pos,
                        format!("public text links to internal content `{}`", link.dest),
                        "the public site may not show or link to it: move the link into a `::: intern` passage, or make the target public",
                    );
                }
                check_number_in_text(doc, v, link, &r, documents, diags);
                out.resolved.insert(link.dest.clone(), r);
            }
            Err(_) if left_out_doc(&link.target, diags) => {}
            Err((message, hint)) => diags.error(&v.path, link.pos, message, hint),
        }
    }
    out
}

/// Whether `target` names a document left out for an error in its file, already reported.
fn left_out_doc(target: &Target, diags: &Diagnostics) -> bool {
    target
        .doc
        .as_deref()
        .is_some_and(|id| diags.is_left_out(crate::diag::LeftOut::Document, id))
}

/// A link whose own text names a section number ("punkt 13") that is not the target's
/// current number is a warning: the text was written for another numbering.
fn check_number_in_text(
    _doc: &Document,
    v: &Version,
    link: &LinkUse,
    r: &Resolved,
    documents: &[Document],
    diags: &Diagnostics,
) {
    let Some(sid) = &link.target.section else {
        return;
    };
    let Some(written) = refs::number_in_text(&link.text) else {
        return;
    };
    let target_doc = &documents[r.doc];
    let version = match &link.target.version {
        Some(name) => target_doc.version(name).map(|(_, v)| v),
        None if link.target.doc.is_none() => Some(v),
        None => Some(target_doc.latest()),
    };
    let Some(section) = version.and_then(|tv| tv.section(sid)) else {
        return;
    };
    if let Some(actual) = &section.number
        && actual != written
    {
        diags.warning(
            &v.path,
            link.pos,
            format!(
                "the link text says {written} but `{}` is {} in `{}`",
                link.dest,
                section_label(target_doc.kind, section),
                target_doc.id
            ),
            "the link text is the document's own words: keep them and check where the link points; if the text means another document, refer to that one (one not on the site can be listed in data/externa-dokument.yaml)",
        );
    }
}

/// Checks references and party ids in front matter.
fn check_front_matter_refs(site: &Site, diags: &Diagnostics) {
    let check_ref = |v: &Version, doc: &Document, r: &At<String>, field: &str| {
        let pos = pos_in_file(r, v.yaml_line);
        let Some(target) = refs::parse(&r.value).filter(|t| t.doc.is_some()) else {
            diags.error(
                &v.path,
                pos,
                format!(
                    "`{field}` must be a reference like `@document-id`, not `{}`",
                    r.value
                ),
                "write `@id`, `@id/v2` or `@id#section`, in quotes",
            );
            return;
        };
        match resolve_target(&site.documents, &site.by_id, &target, None) {
            Ok(res) => {
                if doc.audience == Audience::Public && res.internal {
                    diags.error(
                        &v.path,
                        pos,
                        format!(
                            "public document refers to internal content `{}` in `{field}`",
                            r.value
                        ),
                        "a public document may not point at internal documents",
                    );
                }
            }
            Err(_) if target.doc.as_deref().is_some_and(|id| site.external(id).is_some()) => {
                diags.error(
                    &v.path,
                    pos,
                    format!(
                        "`{field}` refers to `{}`, a document that is not on the site",
                        r.value
                    ),
                    "front matter can refer only to documents on the site; mention the other document in the text as `[its words](@id)`",
                )
            }
            Err(_) if left_out_doc(&target, diags) => {}
            Err((message, hint)) => diags.error(&v.path, pos, message, hint),
        }
    };
    let check_party = |v: &Version, p: &At<String>| {
        site.check_party(&p.value, &v.path, pos_in_file(p, v.yaml_line), diags);
    };
    for doc in &site.documents {
        for v in &doc.versions {
            for p in &v.fm.parties {
                check_party(v, p);
            }
            if let Some(r) = &v.fm.parent {
                check_ref(v, doc, r, "parent");
            }
            if let Some(r) = &v.fm.supersedes {
                check_ref(v, doc, r, "supersedes");
            }
            match (&v.fm.decision, doc.kind) {
                (Some(d), _) => {
                    check_party(v, &d.party);
                    for r in &d.concerns {
                        check_ref(v, doc, r, "concerns");
                    }
                    for r in &d.cites {
                        check_ref(v, doc, r, "cites");
                    }
                    if let Some(md) = &d.meeting_date
                        && Date::parse(&md.value).is_none()
                    {
                        diags.error(
                            &v.path,
                            pos_in_file(md, v.yaml_line),
                            format!("`{}` is not a date", md.value),
                            "write dates as YYYY-MM-DD; leave the field out when unknown",
                        );
                    }
                }
                (None, Kind::Decision) => diags.warning(
                    &v.path,
                    pos_in_file(&v.fm.id, v.yaml_line),
                    "a decision without a `decision:` block (organ, party, paragraph)",
                    "add the block so the decision shows in the register",
                ),
                _ => {}
            }
        }
    }
}

/// Front-matter references of a version (parent, supersedes, concerns, cites, the source of a
/// stated condition when it is a document of the site, and what its `reports` are about).
pub fn front_matter_refs(v: &Version) -> impl Iterator<Item = &At<String>> {
    let d = v.fm.decision.as_ref();
    let condition =
        v.fm.in_force_when
            .as_ref()
            .map(|c| &c.value.source)
            .filter(|s| s.value.starts_with('@'));
    v.fm.parent
        .iter()
        .chain(v.fm.supersedes.iter())
        .chain(
            d.into_iter()
                .flat_map(|d| d.concerns.iter().chain(d.cites.iter())),
        )
        .chain(condition)
        .chain(v.fm.reports.iter().map(|r| &r.value.about))
}

/// The documents document `di` refers to, in its text (resolved links) or its front matter,
/// each with whether every reference to it stands in internal content; sorted by target,
/// itself left out. What [`Site::backlinks`] is made of: it reads the document's links,
/// resolved, its audience and front matter, and the surface of what it names.
pub fn backlink_targets(site: &Site, di: usize) -> Vec<(usize, bool)> {
    let doc = &site.documents[di];
    let mut targets: Vec<(usize, bool)> = Vec::new();
    for v in &doc.versions {
        let body_targets = v.links.iter().filter_map(|l| {
            v.resolved
                .get(&l.dest)
                .map(|r| (r.doc, l.internal || doc.audience == Audience::Internal))
        });
        let fm_targets = front_matter_refs(v).filter_map(|r| {
            site.ref_doc(&r.value)
                .map(|t| (t, doc.audience == Audience::Internal))
        });
        targets.extend(body_targets.chain(fm_targets).filter(|t| t.0 != di));
    }
    // By target, a public reference first: one of them makes the link public.
    targets.sort_unstable();
    targets.dedup_by_key(|t| t.0);
    targets
}

/// Who refers to whom ([`Site::backlinks`]), from what each document refers to
/// ([`backlink_targets`], by document).
pub fn backlinks_of(targets: &[Vec<(usize, bool)>]) -> Vec<Vec<Backlink>> {
    let mut map: Vec<Vec<Backlink>> = vec![Vec::new(); targets.len()];
    for (from, targets) in targets.iter().enumerate() {
        for &(target, internal) in targets {
            map[target].push(Backlink { from, internal });
        }
    }
    map
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The position of a document's `id:` field, for diagnostics about the whole document.
pub fn id_pos(v: &Version) -> Pos {
    pos_in_file(&v.fm.id, v.yaml_line)
}

/// Path of a version file, for diagnostics.
pub fn path_of(v: &Version) -> &Path {
    &v.path
}

#[cfg(test)]
mod tests {
    use super::Neighbours;
    use std::collections::BTreeSet;

    /// The lists are what a set per document gives: sorted, without repeats, empty for a
    /// document without neighbours, whatever order the pairs come in.
    #[test]
    fn neighbour_lists_are_the_sets_of_the_pairs() {
        let n = 7;
        let mut seed = 12345u64;
        let mut pairs = Vec::new();
        for _ in 0..60 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (a, b) = ((seed >> 33) as usize % n, (seed >> 45) as usize % n);
            // Document 3 has no neighbours.
            if a != 3 && b != 3 {
                pairs.push((a, b));
            }
        }
        let got = Neighbours::of_pairs(n, &pairs);
        assert_eq!(got.len(), n);
        for di in 0..n {
            let want: BTreeSet<usize> = pairs.iter().filter(|p| p.0 == di).map(|p| p.1).collect();
            let want: Vec<usize> = want.into_iter().collect();
            assert_eq!(&got[di], want.as_slice(), "document {di}");
        }
        assert!(got[3].is_empty());
        assert!(Neighbours::of_pairs(0, &[]).is_empty());
    }
}
