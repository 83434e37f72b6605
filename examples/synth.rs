//! Generates a synthetic, entirely fictional governance site for testing and benchmarking
//! styrdok.
//!
//! ```text
//! cargo run --release --example synth -- --docs N --out DIR [--seed S]
//! ```
//!
//! Writes `styrdok.yaml`, `data/parter.yaml` (about twenty fictional parties with valid Luhn
//! organisation numbers) and N documents under `content/` and `agreements/`: agreements with
//! two or three dated versions, sub-agreements, reports, decisions, pages and other kinds, each
//! with 10–30 sections, tables, internal passages and cross-references. Every reference is
//! planned before any file is written, so it only points at documents, versions and sections
//! that exist, and public text never points at internal documents or internal sections: the
//! site passes `styrdok check` without errors or warnings.
//!
//! The output is deterministic for a given `--docs` and `--seed` (a xorshift PRNG, no
//! dependencies).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ---------------------------------------------------------------------------------------------
// PRNG

/// xorshift64* — small, fast, deterministic; plenty for filler text.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so that small seeds give well-mixed states (never zero).
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x1234_5678_9ABC_DEF1 } else { z })
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (fictional, Swedish-looking)

const WORDS: &[&str] = &[
    "verksamhet",
    "samverkan",
    "huvudmännen",
    "åtagandet",
    "överenskommelsen",
    "uppföljning",
    "kostnadsfördelning",
    "ansvaret",
    "styrgruppen",
    "beslutet",
    "kommunerna",
    "regionen",
    "målgruppen",
    "stödinsatser",
    "vårdkedjan",
    "förutsättningarna",
    "ärendet",
    "tillämpningen",
    "personalen",
    "lokalerna",
    "avtalsperioden",
    "rutinerna",
    "samordningen",
    "gällande",
    "förändringar",
    "skyldigheten",
    "ekonomiska",
    "underlaget",
    "behörigheten",
    "dokumentationen",
    "sekretessen",
    "överlämningen",
    "åtgärder",
    "insatserna",
    "samråd",
    "bemanningen",
    "utvärderingen",
    "årligen",
    "tillsammans",
    "respektive",
    "parterna",
    "nämnden",
    "länsgemensamma",
    "förvaltningen",
    "kvaliteten",
    "löpande",
    "säkerställa",
    "fördelas",
    "enligt",
    "ska",
    "bör",
    "kan",
    "inom",
    "för",
    "med",
    "och",
    "av",
    "till",
    "på",
    "som",
    "att",
    "den",
    "det",
    "de",
    "vid",
    "genom",
    "mellan",
    "under",
    "efter",
    "även",
    "närmare",
    "särskilt",
    "övriga",
    "frågor",
    "hänsyn",
    "möjlighet",
    "ställning",
    "uppdraget",
];

const HEADINGS: &[&str] = &[
    "Syfte",
    "Bakgrund",
    "Avtalsparter",
    "Ansvar",
    "Uppföljning",
    "Ekonomi",
    "Kostnadsfördelning",
    "Avtalstid",
    "Uppsägning",
    "Tvister",
    "Sekretess",
    "Personuppgifter",
    "Lokaler",
    "Bemanning",
    "Styrning",
    "Ledning",
    "Samråd",
    "Ändringar",
    "Tillägg",
    "Överlåtelse",
    "Försäkring",
    "Arbetsmiljö",
    "Dokumentation",
    "Avvikelser",
    "Målgrupp",
    "Insatser",
    "Kvalitet",
    "Förutsättningar",
    "Giltighet",
    "Underskrifter",
    "Återrapportering",
    "Målsättning",
    "Överenskommelse",
    "Ärendegång",
];

const QUALIFIERS: &[&str] = &[
    "",
    "",
    " och ansvar",
    " för huvudmännen",
    " i samverkan",
    " under avtalstiden",
    " för verksamheten",
    " vid förändring",
    " och uppföljning",
    " mellan parterna",
    " för målgruppen",
    " i länet",
    " och återkoppling",
];

// ---------------------------------------------------------------------------------------------
// The plan: every document, version and section, decided before anything is written.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Agreement,
    SubAgreement,
    Report,
    Decision,
    Page,
    LetterOfIntent,
    ServiceDescription,
    Budget,
    ProjectPlan,
    Checklist,
    Routine,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Agreement => "agreement",
            Kind::SubAgreement => "sub-agreement",
            Kind::Report => "report",
            Kind::Decision => "decision",
            Kind::Page => "page",
            Kind::LetterOfIntent => "letter-of-intent",
            Kind::ServiceDescription => "service-description",
            Kind::Budget => "budget",
            Kind::ProjectPlan => "project-plan",
            Kind::Checklist => "checklist",
            Kind::Routine => "routine",
        }
    }

    /// (id stem, title stem, folder)
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Kind::Agreement => (
                "samverkansavtal",
                "Samverkansavtal för exempelverksamhet",
                "agreements",
            ),
            Kind::SubAgreement => (
                "underavtal",
                "Underavtal om fiktiv samverkan",
                "agreements/underavtal",
            ),
            Kind::Report => (
                "rapport",
                "Rapport om påhittad verksamhet",
                "content/rapporter",
            ),
            Kind::Decision => ("beslut", "Beslut i exempelärende", "content/beslut"),
            Kind::Page => ("sida", "Informationssida", "content/sidor"),
            Kind::LetterOfIntent => (
                "avsiktsforklaring",
                "Avsiktsförklaring om samverkan",
                "content/ovrigt",
            ),
            Kind::ServiceDescription => (
                "verksamhetsbeskrivning",
                "Verksamhetsbeskrivning för fiktiv mottagning",
                "content/ovrigt",
            ),
            Kind::Budget => ("budget", "Budgetunderlag för exempelåret", "content/ovrigt"),
            Kind::ProjectPlan => (
                "projektplan",
                "Projektplan för påhittat utvecklingsarbete",
                "content/ovrigt",
            ),
            Kind::Checklist => ("checklista", "Checklista för överlämning", "content/ovrigt"),
            Kind::Routine => ("rutin", "Rutin för avvikelsehantering", "content/ovrigt"),
        }
    }
}

struct SecPlan {
    id: String,
    title: String,
    level: u8,
    explicit: bool,
    unnumbered: bool,
    /// The heading (and its text) stands in a `::: intern` passage.
    internal: bool,
    /// The section carries a table.
    table: bool,
    /// How many times the text was edited since the section first appeared: versions share
    /// the text of a section with the same id and revision, as real revisions mostly do.
    rev: u32,
}

struct VerPlan {
    /// `None` for a document with one unversioned file.
    name: Option<String>,
    date: (u32, u32, u32),
    sections: Vec<SecPlan>,
}

struct DocPlan {
    id: String,
    kind: Kind,
    internal: bool,
    title: String,
    folder: &'static str,
    versions: Vec<VerPlan>,
    parties: Vec<usize>,
    /// For sub-agreements: the agreement they belong to.
    parent: Option<usize>,
    /// Seeds the text of every section, so versions can share it.
    seed: u64,
}

struct Party {
    id: String,
    name: String,
    kind: &'static str,
    org_number: String,
    population: u64,
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/// The slug styrdok derives from heading text: the library's own function, so ids agree.
use styrdok::text::slug::slug;

/// An ascii id for `{#id}`: the slug with å/ä → a, ö → o.
fn ascii_id(text: &str) -> String {
    slug(text)
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// A fictional organisation number `2129NN-NNNC` with a valid check digit. The 2129xx series
/// is not used by any real Swedish municipality or region.
fn org_number(rng: &mut Rng, used: &mut HashSet<String>) -> String {
    loop {
        let mut d = [2, 1, 2, 9, 0, 0, 0, 0, 0];
        for x in d.iter_mut().skip(4) {
            *x = rng.below(10) as u32;
        }
        let check = styrdok::content::parties::luhn_check_digit(&d);
        let s = format!(
            "{}{}{}{}{}{}-{}{}{}{}",
            d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], check
        );
        if used.insert(s.clone()) {
            return s;
        }
    }
}

fn date_str((y, m, d): (u32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn add_months((y, m, d): (u32, u32, u32), months: u32) -> (u32, u32, u32) {
    let total = y * 12 + (m - 1) + months;
    (total / 12, total % 12 + 1, d)
}

fn random_date(rng: &mut Rng) -> (u32, u32, u32) {
    (
        rng.range(2019, 2023) as u32,
        rng.range(1, 12) as u32,
        rng.range(1, 28) as u32,
    )
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn sentence(rng: &mut Rng) -> String {
    let n = rng.range(6, 16);
    let mut s = String::new();
    for i in 0..n {
        let w = *rng.pick(WORDS);
        if i == 0 {
            s.push_str(&capitalize(w));
        } else {
            s.push(' ');
            s.push_str(w);
            if i + 1 < n && rng.chance(0.08) {
                s.push(',');
            }
        }
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let n = rng.range(2, 5);
    (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

fn heading_title(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(HEADINGS), rng.pick(QUALIFIERS))
}

// ---------------------------------------------------------------------------------------------
// Planning

fn plan_parties(rng: &mut Rng) -> Vec<Party> {
    let mut used = HashSet::new();
    let mut parties = Vec::new();
    for i in 1..=2 {
        parties.push(Party {
            id: format!("exempelregion-{i}"),
            name: format!("Exempelregionen {i}"),
            kind: "region",
            org_number: org_number(rng, &mut used),
            population: rng.range(150_000, 400_000) as u64,
        });
    }
    for i in 1..=16 {
        parties.push(Party {
            id: format!("exempelkommun-{i}"),
            name: format!("Exempelkommun {i}"),
            kind: "municipality",
            org_number: org_number(rng, &mut used),
            population: rng.range(2_500, 90_000) as u64,
        });
    }
    for i in 1..=2 {
        parties.push(Party {
            id: format!("exempelforbundet-{i}"),
            name: format!("Påhittade kommunalförbundet {i}"),
            kind: "other",
            org_number: org_number(rng, &mut used),
            population: 0,
        });
    }
    parties
}

/// A region and 2–7 distinct municipalities (or, now and then, a federation).
fn plan_doc_parties(rng: &mut Rng, parties: &[Party], min: usize, max: usize) -> Vec<usize> {
    let mut out = vec![rng.below(2)];
    let n = rng.range(min, max);
    while out.len() < n + 1 {
        let p = if rng.chance(0.1) {
            18 + rng.below(2)
        } else {
            2 + rng.below(16)
        };
        if !out.contains(&p) {
            out.push(p);
        }
    }
    debug_assert!(out.iter().all(|&p| p < parties.len()));
    out
}

fn plan_sections(rng: &mut Rng, kind: Kind) -> Vec<SecPlan> {
    let n = rng.range(10, 30);
    let mut used = HashSet::new();
    let mut out: Vec<SecPlan> = Vec::with_capacity(n);
    for i in 0..n {
        out.push(new_section(rng, &mut used, i == 0));
    }
    if kind == Kind::Agreement || kind == Kind::SubAgreement {
        // Agreements start with their parties, as real ones do.
        out[0].title = "Parter".into();
        out[0].level = 2;
        out[0].internal = false;
        out[0].unnumbered = false;
        used.remove(&out[0].id);
        out[0].id = unique(&mut used, "parter".into());
        out[0].explicit = true;
    }
    // A table or two.
    for _ in 0..rng.range(1, 2) {
        let k = rng.below(n);
        out[k].table = true;
    }
    out
}

fn unique(used: &mut HashSet<String>, base: String) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    let mut n = 2;
    loop {
        let c = format!("{base}-{n}");
        if used.insert(c.clone()) {
            return c;
        }
        n += 1;
    }
}

fn new_section(rng: &mut Rng, used: &mut HashSet<String>, first: bool) -> SecPlan {
    // Pick a title whose id is free; after a few tries, number it.
    let mut title = heading_title(rng);
    let explicit = rng.chance(0.4);
    let make_id = |t: &str| if explicit { ascii_id(t) } else { slug(t) };
    let mut tries = 0;
    while used.contains(&make_id(&title)) {
        tries += 1;
        title = if tries < 5 {
            heading_title(rng)
        } else {
            format!("{} {}", heading_title(rng), rng.range(2, 999))
        };
    }
    let id = make_id(&title);
    used.insert(id.clone());
    SecPlan {
        id,
        title,
        level: if first || rng.chance(0.6) { 2 } else { 3 },
        explicit,
        unnumbered: rng.chance(0.03),
        internal: !first && rng.chance(0.06),
        table: false,
        rev: 0,
    }
}

/// The next version's sections: explicit ids stay, a section may be renamed, dropped or added.
fn revise_sections(rng: &mut Rng, prev: &[SecPlan]) -> Vec<SecPlan> {
    // Every id of the previous version stays reserved, so an added section never takes the
    // id of one further down.
    let mut used: HashSet<String> = prev.iter().map(|s| s.id.clone()).collect();
    let mut out = Vec::new();
    for (i, s) in prev.iter().enumerate() {
        if i > 0 && !s.explicit && rng.chance(0.05) {
            continue; // dropped in this version
        }
        let mut s2 = SecPlan {
            id: s.id.clone(),
            title: s.title.clone(),
            level: s.level,
            explicit: s.explicit,
            unnumbered: s.unnumbered,
            internal: s.internal,
            table: s.table,
            // About one section in six is edited in a new version.
            rev: s.rev + u32::from(rng.chance(0.17)),
        };
        if i > 0 && s.explicit && rng.chance(0.1) {
            // New wording, same stable id.
            s2.title = format!(
                "{}{}",
                s.title,
                rng.pick(&[" i sin helhet", " och revidering"])
            );
        }
        out.push(s2);
        if rng.chance(0.05) {
            let s = new_section(rng, &mut used, false);
            out.push(s);
        }
    }
    out
}

fn plan_documents(rng: &mut Rng, n: usize, parties: &[Party]) -> Vec<DocPlan> {
    let weighted: &[(Kind, u32)] = &[
        (Kind::Agreement, 12),
        (Kind::SubAgreement, 12),
        (Kind::Report, 14),
        (Kind::Decision, 25),
        (Kind::Page, 10),
        (Kind::LetterOfIntent, 4),
        (Kind::ServiceDescription, 5),
        (Kind::Budget, 4),
        (Kind::ProjectPlan, 4),
        (Kind::Checklist, 5),
        (Kind::Routine, 5),
    ];
    let total: u32 = weighted.iter().map(|w| w.1).sum();
    let forced = [
        Kind::Agreement,
        Kind::SubAgreement,
        Kind::Decision,
        Kind::Report,
        Kind::Page,
    ];
    let mut docs = Vec::with_capacity(n);
    for i in 0..n {
        let kind = if i < forced.len() {
            forced[i]
        } else {
            let mut r = rng.below(total as usize) as u32;
            let mut k = weighted[0].0;
            for &(kk, w) in weighted {
                if r < w {
                    k = kk;
                    break;
                }
                r -= w;
            }
            k
        };
        let (stem, title_stem, folder) = kind.names();
        // The first documents stay public so every kind has a public target to point at.
        // Routines are for staff only.
        let internal = kind == Kind::Routine || (i >= forced.len() && rng.chance(0.05));
        let versions_n = match kind {
            Kind::Agreement => rng.range(2, 3),
            Kind::Report if rng.chance(0.3) => 2,
            _ => 1,
        };
        let mut date = random_date(rng);
        let mut versions: Vec<VerPlan> = Vec::new();
        for v in 0..versions_n {
            let sections = match versions.last() {
                None => plan_sections(rng, kind),
                Some(prev) => revise_sections(rng, &prev.sections),
            };
            versions.push(VerPlan {
                name: (versions_n > 1).then(|| format!("v{}", v + 1)),
                date,
                sections,
            });
            date = add_months(date, rng.range(3, 18) as u32);
        }
        let doc_parties = match kind {
            Kind::Agreement => plan_doc_parties(rng, parties, 2, 7),
            Kind::SubAgreement | Kind::LetterOfIntent => plan_doc_parties(rng, parties, 1, 5),
            Kind::Decision => Vec::new(), // decided below, from what it concerns
            _ if rng.chance(0.4) => plan_doc_parties(rng, parties, 1, 3),
            _ => Vec::new(),
        };
        docs.push(DocPlan {
            id: format!("{stem}-{}", i + 1),
            kind,
            internal,
            title: format!("{title_stem} {}", i + 1),
            folder,
            versions,
            parties: doc_parties,
            parent: None,
            seed: rng.next_u64(),
        });
    }
    // A decision decides on an agreement version that exists by its meeting: none is
    // dated before the first public agreement.
    let earliest = (0..n)
        .filter(|&i| docs[i].kind == Kind::Agreement && !docs[i].internal)
        .map(|i| docs[i].versions[0].date)
        .min();
    if let Some(earliest) = earliest {
        for d in docs.iter_mut().filter(|d| d.kind == Kind::Decision) {
            if d.versions[0].date < earliest {
                d.versions[0].date = add_months(earliest, rng.range(0, 12) as u32);
            }
        }
    }
    // Sub-agreements belong to an agreement the reader may see.
    let agreements: Vec<usize> = (0..n)
        .filter(|&i| docs[i].kind == Kind::Agreement)
        .collect();
    for i in 0..n {
        if docs[i].kind != Kind::SubAgreement {
            continue;
        }
        let candidates: Vec<usize> = agreements
            .iter()
            .copied()
            .filter(|&a| docs[i].internal || !docs[a].internal)
            .collect();
        let parent = *rng.pick(&candidates);
        docs[i].parent = Some(parent);
        // Its parties are some of the parent's.
        let pp = docs[parent].parties.clone();
        let k = rng.range(2, pp.len());
        let mut ps = vec![pp[0]];
        while ps.len() < k {
            let p = *rng.pick(&pp);
            if !ps.contains(&p) {
                ps.push(p);
            }
        }
        docs[i].parties = ps;
    }
    docs
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Whether text in context `internal_ctx` may point at document `t`'s section `s`.
fn visible_from(docs: &[DocPlan], internal_ctx: bool, t: usize, s: Option<&SecPlan>) -> bool {
    internal_ctx || (!docs[t].internal && !s.is_some_and(|s| s.internal))
}

/// A reference destination valid from document `di`, version `vi`, in a public or internal
/// context.
fn pick_dest(
    rng: &mut Rng,
    docs: &[DocPlan],
    internal_docs: &[usize],
    di: usize,
    vi: usize,
    internal_ctx: bool,
) -> String {
    for _ in 0..50 {
        let t = if internal_ctx && !internal_docs.is_empty() && rng.chance(0.5) {
            *rng.pick(internal_docs)
        } else {
            rng.below(docs.len())
        };
        if !visible_from(docs, internal_ctx, t, None) {
            continue;
        }
        let td = &docs[t];
        // A document cites only decisions made by the day it is dated.
        if td.kind == Kind::Decision
            && td
                .versions
                .last()
                .is_some_and(|v| v.date > docs[di].versions[vi].date)
        {
            continue;
        }
        let versioned = td.versions.len() > 1;
        let form = rng.below(6);
        let dest = match form {
            // @doc
            0 if t != di => format!("@{}", td.id),
            // @doc/vN
            1 if t != di && versioned => {
                let v = rng.below(td.versions.len());
                format!("@{}/{}", td.id, td.versions[v].name.as_deref().unwrap())
            }
            // #section in this very version
            2 => {
                let s = rng.pick(&docs[di].versions[vi].sections);
                if !visible_from(docs, internal_ctx, di, Some(s)) {
                    continue;
                }
                format!("#{}", s.id)
            }
            // @doc/vN#section
            3 if t != di && versioned => {
                let v = rng.below(td.versions.len());
                let s = rng.pick(&td.versions[v].sections);
                if !visible_from(docs, internal_ctx, t, Some(s)) {
                    continue;
                }
                format!(
                    "@{}/{}#{}",
                    td.id,
                    td.versions[v].name.as_deref().unwrap(),
                    s.id
                )
            }
            // @doc#section (the latest version's sections)
            _ if t != di => {
                let s = rng.pick(&td.versions.last().unwrap().sections);
                if !visible_from(docs, internal_ctx, t, Some(s)) {
                    continue;
                }
                format!("@{}#{}", td.id, s.id)
            }
            _ => continue,
        };
        return dest;
    }
    // Always valid: the document's first section is public.
    format!("#{}", docs[di].versions[vi].sections[0].id)
}

fn link_sentence(rng: &mut Rng, dest: &str) -> String {
    let own_text: &[&str] = &[
        "avtalet",
        "underlaget",
        "beslutet",
        "beskrivningen",
        "den punkten",
    ];
    let link = if rng.chance(0.75) {
        format!("[]({dest})")
    } else {
        format!("[{}]({dest})", rng.pick(own_text))
    };
    match rng.below(4) {
        0 => format!("Se även {link}."),
        1 => format!("Detta gäller enligt {link} och {}.", rng.pick(WORDS)),
        2 => format!("Närmare bestämmelser finns i {link}."),
        _ => format!(
            "Parterna hänvisar till {link} i {} frågor.",
            rng.pick(&["dessa", "övriga", "ekonomiska"])
        ),
    }
}

fn table(rng: &mut Rng) -> String {
    let mut t = String::new();
    let rows = rng.range(3, 7);
    if rng.chance(0.5) {
        t.push_str("| Post | Ansvarig | Belopp (kr) |\n|---|---|---:|\n");
        for _ in 0..rows {
            let _ = writeln!(
                t,
                "| {} | {} | {} {:03} |",
                capitalize(rng.pick::<&str>(WORDS)),
                rng.pick(&["Regionen", "Värdkommunen", "Styrgruppen", "Respektive part"]),
                rng.range(10, 999),
                rng.below(1000)
            );
        }
    } else {
        t.push_str("| Aktivitet | Tidpunkt | Kommentar |\n|---|---|---|\n");
        for _ in 0..rows {
            let _ = writeln!(
                t,
                "| {} {} | {} | {} |",
                capitalize(rng.pick::<&str>(WORDS)),
                rng.pick(WORDS),
                rng.pick(&[
                    "Årligen",
                    "Kvartalsvis",
                    "Vid behov",
                    "Löpande",
                    "Senast i maj"
                ]),
                rng.pick(&["Påbörjad", "Återstår", "Klar", "Ej aktuell", "Följs upp"])
            );
        }
    }
    t
}

/// An rng for one piece of a document's text: the same document seed, key and revision
/// always give the same text.
fn text_rng(doc_seed: u64, key: &str, rev: u32) -> Rng {
    // FNV-1a over the key, mixed with the seed and revision.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes().chain(rev.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    Rng::new(h ^ doc_seed)
}

/// The text under one heading: paragraphs of sentences (a link sentence among them now and
/// then), an optional table and an optional internal passage, then `rev` small edits.
fn section_text(
    docs: &[DocPlan],
    internal_docs: &[usize],
    di: usize,
    vi: usize,
    s: &SecPlan,
    first: bool,
) -> String {
    let doc = &docs[di];
    let ctx_internal = doc.internal || s.internal;
    let mut rng = text_rng(doc.seed, &s.id, 0);
    let rng = &mut rng;
    let mut paras: Vec<Vec<String>> = Vec::new();
    for p in 0..rng.range(1, 3) {
        let mut sentences: Vec<String> = (0..rng.range(2, 5)).map(|_| sentence(rng)).collect();
        // A link in roughly every sixth paragraph, and always one in the document's first.
        if (first && p == 0) || rng.chance(0.16) {
            let dest = pick_dest(rng, docs, internal_docs, di, vi, ctx_internal);
            sentences.push(link_sentence(rng, &dest));
        }
        paras.push(sentences);
    }
    let table = s.table.then(|| table(rng));
    // An internal passage without a heading, inside a public section.
    let passage = (!s.internal && rng.chance(0.07)).then(|| {
        let mut text = format!("Kontaktperson och interna anteckningar. {}", paragraph(rng));
        if rng.chance(0.6) {
            let dest = pick_dest(rng, docs, internal_docs, di, vi, true);
            text.push(' ');
            text.push_str(&link_sentence(rng, &dest));
        }
        text
    });
    for k in 1..=s.rev {
        let mut r = text_rng(doc.seed, &s.id, k);
        let p = r.below(paras.len());
        let n = paras[p].len();
        match r.below(5) {
            0 | 1 => paras[p][r.below(n)] = sentence(&mut r),
            2 => paras[p].insert(r.below(n + 1), sentence(&mut r)),
            3 if n > 1 => {
                paras[p].remove(r.below(n));
            }
            _ => {
                let mut sentences: Vec<String> =
                    (0..r.range(2, 4)).map(|_| sentence(&mut r)).collect();
                if r.chance(0.3) {
                    let dest = pick_dest(&mut r, docs, internal_docs, di, vi, ctx_internal);
                    sentences.push(link_sentence(&mut r, &dest));
                }
                paras.push(sentences);
            }
        }
    }
    let mut b = String::new();
    for p in &paras {
        let _ = writeln!(b, "{}\n", p.join(" "));
    }
    if let Some(t) = table {
        let _ = writeln!(b, "{t}");
    }
    if let Some(text) = passage {
        let _ = writeln!(b, "::: intern\n\n{text}\n\n:::\n");
    }
    b
}

fn write_body(docs: &[DocPlan], internal_docs: &[usize], di: usize, vi: usize) -> String {
    let doc = &docs[di];
    let ver = &doc.versions[vi];
    let mut b = String::new();
    let mut intro = text_rng(doc.seed, "", 0);
    let _ = writeln!(b, "{}\n", paragraph(&mut intro));
    let parties_table = doc.kind.key().ends_with("agreement") && intro.chance(0.5);
    for (si, s) in ver.sections.iter().enumerate() {
        if s.internal {
            b.push_str("::: intern\n\n");
        }
        let mut attrs = Vec::new();
        if s.explicit {
            attrs.push(format!("#{}", s.id));
        }
        if s.unnumbered {
            attrs.push(".unnumbered".into());
        }
        let hashes = "#".repeat(s.level as usize);
        if attrs.is_empty() {
            let _ = writeln!(b, "{hashes} {}\n", s.title);
        } else {
            let _ = writeln!(b, "{hashes} {} {{{}}}\n", s.title, attrs.join(" "));
        }
        if si == 0 && has_condition(doc) {
            let _ = writeln!(b, "{CONDITION}\n");
        }
        if si == 0 && parties_table {
            b.push_str("{{< parties >}}\n\n");
        }
        b.push_str(&section_text(docs, internal_docs, di, vi, s, si == 0));
        if s.internal {
            b.push_str(":::\n\n");
        }
    }
    b
}

/// The sentence an agreement with a condition states in its first section, and quotes in
/// `in_force_when`.
const CONDITION: &str =
    "Avtalet gäller under förutsättning att samtliga parter fattar likalydande beslut om avtalet.";

/// Whether an agreement states [`CONDITION`] (the same in every version).
fn has_condition(doc: &DocPlan) -> bool {
    doc.kind.key().ends_with("agreement") && text_rng(doc.seed, "condition", 0).chance(0.3)
}

fn yaml_list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

fn write_document(
    rng: &mut Rng,
    docs: &[DocPlan],
    internal_docs: &[usize],
    parties: &[Party],
    di: usize,
    vi: usize,
) -> String {
    let doc = &docs[di];
    let ver = &doc.versions[vi];
    let last = vi + 1 == doc.versions.len();
    let mut fm = String::from("---\n");
    let _ = writeln!(fm, "id: {}", doc.id);
    let _ = writeln!(fm, "kind: {}", doc.kind.key());
    let _ = writeln!(fm, "title: \"{}\"", doc.title);
    if let Some(name) = &ver.name {
        let _ = writeln!(fm, "version: {name}");
    }
    let _ = writeln!(fm, "date: {}", date_str(ver.date));
    if rng.chance(0.6) {
        let _ = writeln!(
            fm,
            "diarienummer: \"EX {}/{}\"",
            ver.date.0,
            rng.range(100, 9999)
        );
    }
    let status = match doc.kind {
        Kind::Agreement | Kind::SubAgreement if !last => "superseded",
        Kind::Agreement | Kind::SubAgreement => *rng.pick(&["in-force", "approved"]),
        _ if !last => "superseded",
        _ => *rng.pick(&["draft", "approved", "in-force"]),
    };
    let _ = writeln!(fm, "status: {status}");
    if doc.internal {
        fm.push_str("audience: internal\n");
    }
    if doc.kind == Kind::Routine {
        fm.push_str(
            "owner: Enhetschefen (fiktiv)\nreviewed: 2026-01-15\nnext_review: 2099-01-15\n",
        );
    }
    let mut decision_party = None;
    let mut concerns: Vec<String> = Vec::new();
    if doc.kind == Kind::Decision {
        // What it decides on: one or two agreement versions (and maybe a report); its party
        // is a party to each agreement, so `check` has nothing to warn about.
        // Only what exists on the day of the meeting.
        let ok = |t: usize| doc.internal || !docs[t].internal;
        let by_then = |t: usize| docs[t].versions.iter().filter(|v| v.date <= ver.date);
        let mut agreements: Vec<usize> = (0..docs.len())
            .filter(|&t| docs[t].kind == Kind::Agreement && ok(t) && by_then(t).next().is_some())
            .collect();
        if agreements.is_empty() {
            agreements = (0..docs.len())
                .filter(|&t| docs[t].kind == Kind::Agreement && ok(t))
                .collect();
        }
        let a = *rng.pick(&agreements);
        let party = *rng.pick(&docs[a].parties);
        let existing: Vec<&VerPlan> = by_then(a).collect();
        let v = if existing.is_empty() {
            &docs[a].versions[0]
        } else {
            *rng.pick(&existing)
        };
        concerns.push(format!(
            "\"@{}/{}\"",
            docs[a].id,
            v.name.as_deref().unwrap()
        ));
        if rng.chance(0.4) {
            let b = *rng.pick(&agreements);
            if b != a
                && docs[b].parties.contains(&party)
                && let Some(v) = by_then(b).next_back()
            {
                concerns.push(format!(
                    "\"@{}/{}\"",
                    docs[b].id,
                    v.name.as_deref().unwrap()
                ));
            }
        }
        if rng.chance(0.3) {
            let reports: Vec<usize> = (0..docs.len())
                .filter(|&t| {
                    docs[t].kind == Kind::Report
                        && ok(t)
                        && docs[t].versions.last().is_some_and(|v| v.date <= ver.date)
                })
                .collect();
            if !reports.is_empty() {
                concerns.push(format!("\"@{}\"", docs[*rng.pick(&reports)].id));
            }
        }
        decision_party = Some(party);
        let _ = writeln!(fm, "parties: [{}]", parties[party].id);
    } else if !doc.parties.is_empty() {
        let ids: Vec<String> = doc.parties.iter().map(|&p| parties[p].id.clone()).collect();
        let _ = writeln!(fm, "parties: {}", yaml_list(&ids));
    }
    if let Some(p) = doc.parent {
        let _ = writeln!(fm, "parent: \"@{}\"", docs[p].id);
    }
    if doc.kind == Kind::Routine && di > 0 && rng.chance(0.3) {
        // Supersedes an earlier routine the reader may see.
        if let Some(t) = (0..di).rev().find(|&t| {
            docs[t].kind == Kind::Routine
                && (doc.internal || !docs[t].internal)
                && docs[t].versions.last().is_some_and(|v| v.date <= ver.date)
        }) {
            let _ = writeln!(fm, "supersedes: \"@{}\"", docs[t].id);
        }
    }
    // Document-level choices stay the same in every version.
    let mut stable = text_rng(doc.seed, "front matter", 0);
    let numbered = matches!(doc.kind, Kind::Agreement | Kind::SubAgreement) || stable.chance(0.3);
    if numbered {
        fm.push_str("numbered: true\n");
    }
    if doc.kind.key().ends_with("agreement") {
        if stable.chance(0.5) {
            let _ = writeln!(fm, "copies: {}", doc.parties.len());
        }
        if has_condition(doc) {
            // Quoted from the version's own first section, where write_body puts it.
            let section = &ver.sections[0].id;
            let source = match &ver.name {
                Some(v) => format!("@{}/{v}#{section}", doc.id),
                None => format!("@{}#{section}", doc.id),
            };
            let _ = writeln!(
                fm,
                "in_force_when:\n  rule: all-decided\n  quote: \"{CONDITION}\"\n  source: \"{source}\""
            );
        }
    }
    fm.push_str("source: \"Fiktivt underlag, genererat av styrdoks exempel synth\"\n");
    if rng.chance(0.2) {
        let _ = writeln!(fm, "summary: \"{}\"", sentence(rng));
    }
    if let Some(party) = decision_party {
        let p = &parties[party];
        let organ = match p.kind {
            "region" => *rng.pick(&["Regionstyrelsen", "Hälso- och sjukvårdsnämnden"]),
            "municipality" => *rng.pick(&["Kommunstyrelsen", "Kommunfullmäktige", "Socialnämnden"]),
            _ => "Förbundsstyrelsen",
        };
        fm.push_str("decision:\n");
        let _ = writeln!(fm, "  organ: {organ}");
        let _ = writeln!(fm, "  party: {}", p.id);
        let _ = writeln!(fm, "  paragraph: \"EX § {}\"", rng.range(1, 250));
        let _ = writeln!(fm, "  meeting_date: {}", date_str(ver.date));
        let _ = writeln!(fm, "  type: {}", rng.pick(&["proposal", "decision"]));
        fm.push_str("  points:\n");
        for _ in 0..rng.range(1, 4) {
            let _ = writeln!(fm, "    - \"{}\"", sentence(rng));
        }
        let _ = writeln!(fm, "  concerns: {}", yaml_list(&concerns));
        let cites: Vec<String> = (0..3)
            .filter_map(|_| {
                let t = rng.below(di.max(1));
                (t != di
                    && docs[t].kind == Kind::Decision
                    && (doc.internal || !docs[t].internal)
                    && docs[t].versions.last().is_some_and(|v| v.date <= ver.date))
                .then(|| format!("\"@{}\"", docs[t].id))
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !cites.is_empty() {
            let _ = writeln!(fm, "  cites: {}", yaml_list(&cites));
        }
    }
    fm.push_str("---\n\n");
    fm.push_str(&write_body(docs, internal_docs, di, vi));
    fm
}

fn doc_path(doc: &DocPlan, vi: usize) -> PathBuf {
    let base = Path::new(doc.folder);
    match &doc.versions[vi].name {
        Some(name) => base.join(&doc.id).join(format!("{name}.md")),
        None => base.join(format!("{}.md", doc.id)),
    }
}

fn parties_yaml(parties: &[Party]) -> String {
    let mut y = String::from(
        "# Fictional parties of a synthetic site generated by `cargo run --example synth`.\n\
         # Names, organisation numbers (valid Luhn check digits, 2129xx series) and\n\
         # populations are made up.\nparties:\n",
    );
    for p in parties {
        let _ = writeln!(y, "  - id: {}", p.id);
        let _ = writeln!(y, "    name: {}", p.name);
        let _ = writeln!(y, "    kind: {}", p.kind);
        let _ = writeln!(y, "    org_number: \"{}\"", p.org_number);
        if p.population > 0 {
            y.push_str("    population:\n");
            let _ = writeln!(y, "      - {{ date: 2024-12-31, count: {} }}", p.population);
        }
    }
    y
}

fn write_file(root: &Path, rel: &Path, text: &str) -> std::io::Result<()> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, text)
}

// ---------------------------------------------------------------------------------------------

struct Args {
    docs: usize,
    out: PathBuf,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut docs = None;
    let mut out = None;
    let mut seed = 1u64;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--docs" => {
                docs = Some(
                    value("--docs")?
                        .parse::<usize>()
                        .map_err(|e| format!("--docs: {e}"))?,
                )
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "-h" | "--help" => {
                return Err("usage: synth --docs N --out DIR [--seed S]".into());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let docs = docs.ok_or("--docs N is required")?;
    if docs < 5 {
        return Err("--docs must be at least 5".into());
    }
    Ok(Args {
        docs,
        out: out.ok_or("--out DIR is required")?,
        seed,
    })
}

fn run(args: &Args) -> Result<(), String> {
    let out = &args.out;
    if out.exists() {
        let mut entries =
            std::fs::read_dir(out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "refusing to write into {}: it exists and is not empty",
                out.display()
            ));
        }
    }
    let mut rng = Rng::new(args.seed);
    let parties = plan_parties(&mut rng);
    let docs = plan_documents(&mut rng, args.docs, &parties);
    let internal_docs: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].internal).collect();

    let io = |e: std::io::Error| format!("write failed: {e}");
    write_file(
        out,
        Path::new("styrdok.yaml"),
        &format!(
            "title: Syntetisk exempelsamverkan – fiktiva styrande dokument\n\
             description: \"Helt påhittad testwebbplats med {} genererade dokument (seed {}). \
             Inga parter, personer eller beslut finns i verkligheten.\"\n\
             base_url: https://synthetic.invalid/\n\
             accessibility:\n\
             \x20 publisher: Exempelförbundet (fiktivt)\n\
             \x20 contact_email: tillganglighet@synthetic.invalid\n\
             \x20 compliance: full\n\
             \x20 method: self-assessment\n\
             \x20 assessed: 2025-01-15\n\
             \x20 statement_date: 2025-01-15\n",
            args.docs, args.seed
        ),
    )
    .map_err(io)?;
    write_file(out, Path::new("data/parter.yaml"), &parties_yaml(&parties)).map_err(io)?;
    let mut files = 0;
    for di in 0..docs.len() {
        for vi in 0..docs[di].versions.len() {
            let text = write_document(&mut rng, &docs, &internal_docs, &parties, di, vi);
            write_file(out, &doc_path(&docs[di], vi), &text).map_err(io)?;
            files += 1;
        }
    }
    eprintln!(
        "synth: {} documents ({} files, {} internal) and {} parties in {}",
        docs.len(),
        files,
        internal_docs.len(),
        parties.len(),
        out.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("synth: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synth: {e}");
            ExitCode::from(1)
        }
    }
}
