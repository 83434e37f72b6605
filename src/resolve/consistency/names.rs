//! Names of bodies and parties: a registry of every organ (`data/organ.yaml`) and party
//! (`data/parter.yaml`, with `aliases`) and the spellings accepted for it. In document text a
//! spelling close to a registered name but not one of its accepted forms is a warning, as is
//! a decision taken by an organ the registry does not know.

use super::text::{Body, lower_initial, lower_word, word_spans, words};
use crate::content::frontmatter::pos_in_file;
use crate::diag::Diagnostics;
use crate::resolve::{Site, closest};

/// What a registered name belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Organ,
    Party(String),
}

/// One body or party and its accepted forms.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub owner: Owner,
    forms: Vec<Form>,
}

/// An accepted form of a name: its lower-case words, and each word's stems.
#[derive(Debug, Clone)]
struct Form {
    words: Vec<String>,
    stems: Vec<Vec<String>>,
}

/// Every name `check` knows, with its forms indexed by their first letter (a name's first
/// word keeps its first letter in every spelling that counts as a variant).
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub entries: Vec<Entry>,
    by_first: std::collections::HashMap<char, Vec<(usize, usize)>>,
}

/// Where a text names a registered body or party, or comes close to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: usize,
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// `false`: a near miss, not an accepted form.
    pub exact: bool,
}

fn form(s: &str) -> Form {
    let words: Vec<String> = words(s).into_iter().map(|w| w.lower).collect();
    let stems = words
        .iter()
        .map(|w| stems(w).into_iter().map(str::to_string).collect())
        .collect();
    Form { words, stems }
}

impl Registry {
    pub fn of(site: &Site) -> Registry {
        let mut entries = Vec::new();
        for o in &site.data.organs.organs {
            entries.push(Entry {
                name: o.name.value.clone(),
                owner: Owner::Organ,
                forms: std::iter::once(&o.name.value)
                    .chain(&o.variants)
                    .map(|s| form(s))
                    .filter(|f| !f.words.is_empty())
                    .collect(),
            });
        }
        for p in &site.parties {
            entries.push(Entry {
                name: p.name.clone(),
                owner: Owner::Party(p.id.value.clone()),
                forms: std::iter::once(&p.name)
                    .chain(&p.aliases)
                    .map(|s| form(s))
                    .filter(|f| !f.words.is_empty())
                    .collect(),
            });
        }
        Registry::new(entries)
    }

    fn new(entries: Vec<Entry>) -> Registry {
        let mut by_first: std::collections::HashMap<char, Vec<(usize, usize)>> = Default::default();
        for (e, entry) in entries.iter().enumerate() {
            for (f, form) in entry.forms.iter().enumerate() {
                if let Some(c) = form.words[0].chars().next() {
                    by_first.entry(c).or_default().push((e, f));
                }
            }
        }
        Registry { entries, by_first }
    }

    /// The registered names in `text`, and the near misses that overlap none of them.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        if self.by_first.is_empty() {
            return Vec::new();
        }
        let spans = word_spans(text);
        // The longest registered form that could start at each word, by its first letter:
        // only the words such a form could cover are lower-cased and stemmed.
        let reach: Vec<usize> = spans
            .iter()
            .map(|&(s, e)| {
                lower_initial(&text[s..e])
                    .and_then(|c| self.by_first.get(&c))
                    .map_or(0, |cands| {
                        cands
                            .iter()
                            .map(|&(e, f)| self.entries[e].forms[f].words.len())
                            .max()
                            .unwrap_or(0)
                    })
            })
            .collect();
        let mut needed = vec![false; spans.len()];
        for (i, &k) in reach.iter().enumerate() {
            for n in needed.iter_mut().skip(i).take(k) {
                *n = true;
            }
        }
        let lower: Vec<String> = spans
            .iter()
            .zip(&needed)
            .map(|(&(s, e), &n)| {
                if n {
                    lower_word(&text[s..e])
                } else {
                    String::new()
                }
            })
            .collect();
        // Stems are worked out only for the words a registered name could start at.
        let mut stemmed: Vec<Option<Vec<&str>>> = vec![None; spans.len()];
        let mut exact = Vec::new();
        let mut near = Vec::new();
        for i in 0..spans.len() {
            if reach[i] == 0 {
                continue;
            }
            let Some(c) = lower[i].chars().next() else {
                continue;
            };
            let Some(candidates) = self.by_first.get(&c) else {
                continue;
            };
            for &(e, f) in candidates {
                let form = &self.entries[e].forms[f];
                let k = form.words.len();
                if i + k > spans.len() {
                    continue;
                }
                for j in i..i + k {
                    if stemmed[j].is_none() {
                        stemmed[j] = Some(stems(&lower[j]));
                    }
                }
                let window: Vec<&[&str]> = stemmed[i..i + k]
                    .iter()
                    .map(|s| s.as_deref().unwrap_or_default())
                    .collect();
                let hit = Hit {
                    entry: e,
                    start: spans[i].0,
                    end: spans[i + k - 1].1,
                    exact: true,
                };
                match compare(&window, form) {
                    Match::Exact => exact.push(hit),
                    Match::Near => near.push(Hit {
                        exact: false,
                        ..hit
                    }),
                    Match::No => {}
                }
            }
        }
        // Exact names first, in the order the registry lists them.
        exact.sort_by_key(|h| (h.entry, h.start));
        let overlaps = |a: &Hit, b: &Hit| a.start < b.end && b.start < a.end;
        let mut out: Vec<Hit> = Vec::new();
        for h in exact {
            if !out.iter().any(|o| o.entry == h.entry && overlaps(o, &h)) {
                out.push(h);
            }
        }
        let mut kept_near: Vec<Hit> = Vec::new();
        for h in near {
            if !out.iter().any(|o| overlaps(o, &h))
                && !kept_near
                    .iter()
                    .any(|o| o.entry == h.entry && overlaps(o, &h))
            {
                kept_near.push(h);
            }
        }
        out.extend(kept_near);
        out.sort_by_key(|h| (h.start, h.end));
        out
    }

    /// The entry an exact name (a decision's organ) is, or the one it comes close to.
    pub fn lookup(&self, name: &str) -> Option<(usize, bool)> {
        let ws = words(name);
        let stemmed: Vec<Vec<&str>> = ws.iter().map(|w| stems(&w.lower)).collect();
        let window: Vec<&[&str]> = stemmed.iter().map(Vec::as_slice).collect();
        let mut near = None;
        for (e, entry) in self.entries.iter().enumerate() {
            for f in &entry.forms {
                if f.words.len() != ws.len() {
                    continue;
                }
                match compare(&window, f) {
                    Match::Exact => return Some((e, true)),
                    Match::Near => near = near.or(Some((e, false))),
                    Match::No => {}
                }
            }
        }
        near
    }
}

enum Match {
    Exact,
    Near,
    No,
}

/// Swedish endings a name takes in running text: genitive, definite, plural.
const ENDINGS: &[&str] = &[
    "ernas", "arnas", "ornas", "erna", "arna", "orna", "ens", "ets", "ns", "en", "et", "er", "ar",
    "or", "s", "n", "a",
];

/// A word and its forms with one inflection ending removed.
fn stems(w: &str) -> Vec<&str> {
    let mut out = vec![w];
    for e in ENDINGS {
        if let Some(s) = w.strip_suffix(e)
            && s.chars().count() >= 3
        {
            out.push(s);
        }
    }
    out
}

/// A name with every word reduced to its shortest stem, to count "Rådets" with "Rådet".
fn uninflected(s: &str) -> Vec<String> {
    words(s)
        .iter()
        .map(|w| {
            stems(&w.lower)
                .into_iter()
                .min_by_key(|s| s.len())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// Compares a window of words, each given as its stems (the word itself first), with a
/// registered form. A name of several words comes close only where one of its words is
/// written as registered.
fn compare(window: &[&[&str]], form: &Form) -> Match {
    // Names have at most a few words: a bit per word says whether it is written as registered.
    let mut exact = 0u64;
    for (i, (w, fs)) in window.iter().zip(&form.stems).enumerate().take(64) {
        if w.iter().any(|x| fs.iter().any(|f| f == x)) {
            exact |= 1 << i;
        }
    }
    let all = if window.len() >= 64 {
        u64::MAX
    } else {
        (1u64 << window.len()) - 1
    };
    if exact == all {
        return Match::Exact;
    }
    if form.words.len() > 1 && exact == 0 {
        return Match::No;
    }
    for (i, ((w, f), fs)) in window.iter().zip(&form.words).zip(&form.stems).enumerate() {
        if exact & (1 << i.min(63)) != 0 {
            continue;
        }
        // A word that differs must stay within a few edits of the registered word, in any
        // inflection of either; a name's first word also keeps its first letter.
        if i == 0 && w[0].chars().next() != f.chars().next() {
            return Match::No;
        }
        let allowed = match f.chars().count() {
            0..=5 => return Match::No,
            6..=9 => 1.0,
            10..=15 => 2.5,
            _ => 3.0,
        };
        let close = w.iter().any(|a| {
            let la = a.chars().count();
            fs.iter().any(|b| {
                la.abs_diff(b.chars().count()) as f64 <= allowed && distance(a, b) <= allowed
            })
        });
        if !close {
            return Match::No;
        }
    }
    Match::Near
}

/// Letters that differ only by their diacritics, which names lose and gain most often.
fn same_base(a: char, b: char) -> bool {
    let base = |c: char| match c {
        'ä' | 'å' | 'á' | 'à' => 'a',
        'ö' | 'ø' => 'o',
        'é' | 'è' => 'e',
        'ü' => 'u',
        c => c,
    };
    base(a) == base(b)
}

/// Edit distance where swapping two neighbouring letters costs 1 and a letter for the same
/// letter with other diacritics (a/ä/å, o/ö) costs ½: the misspellings names suffer most.
pub fn distance(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let m = b.len();
    // Three rows: two back for a swap of neighbours, the previous, the current.
    let mut back: Vec<f64> = vec![0.0; m + 1];
    let mut prev: Vec<f64> = (0..=m).map(|j| j as f64).collect();
    let mut cur: Vec<f64> = vec![0.0; m + 1];
    for i in 1..=a.len() {
        cur[0] = i as f64;
        for j in 1..=m {
            let sub = if a[i - 1] == b[j - 1] {
                0.0
            } else if same_base(a[i - 1], b[j - 1]) {
                0.5
            } else {
                1.0
            };
            let mut v = (prev[j] + 1.0).min(cur[j - 1] + 1.0).min(prev[j - 1] + sub);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(back[j - 2] + 1.0);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut back, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

/// The checks of the front matter of every document: decisions by a known organ.
pub fn check(site: &Site, registry: &Registry, diags: &Diagnostics) {
    check_decision_organs(site, registry, diags);
}

/// The checks of one version's body: variant spellings of registered names.
pub fn check_body(
    site: &Site,
    registry: &Registry,
    v: &crate::resolve::Version,
    body: &Body,
    diags: &Diagnostics,
) {
    {
        // One warning per spelling and file, at its first use, with a count of the rest.
        let mut found: Vec<(String, usize, crate::diag::Pos, usize)> = Vec::new();
        for (b, block) in body.blocks.iter().enumerate() {
            for hit in registry.scan(&block.text).into_iter().filter(|h| !h.exact) {
                let written = block.text[hit.start..hit.end].to_string();
                match found
                    .iter_mut()
                    .find(|(w, e, _, _)| *e == hit.entry && uninflected(w) == uninflected(&written))
                {
                    Some(f) => f.3 += 1,
                    None => found.push((written, hit.entry, body.pos(b, hit.start), 1)),
                }
            }
        }
        for (written, e, pos, count) in found {
            let entry = &registry.entries[e];
            let more = match count {
                1 => String::new(),
                n => format!(" ({n} times in this file)"),
            };
            diags.warning(
                &v.path,
                pos,
                format!(
                    "`{written}` looks like a variant spelling of {}{more}",
                    entry.name
                ),
                hint(site, entry),
            );
        }
    }
}

fn hint(site: &Site, entry: &Entry) -> String {
    match &entry.owner {
        Owner::Organ => format!(
            "if it is the same body, the documents spell it differently; if it is an accepted form, add it to its `variants:` in {}",
            site.data.path_of("organs").display()
        ),
        Owner::Party(id) => format!(
            "if it is the same party, the documents spell it differently; if it is an accepted form, add it to `aliases:` of `{id}` in {}",
            site.data.path_of("parties").display()
        ),
    }
}

/// A decision's organ must be a registered body, spelt as the registry accepts.
fn check_decision_organs(site: &Site, registry: &Registry, diags: &Diagnostics) {
    if site.data.organs.organs.is_empty() {
        return;
    }
    for doc in &site.documents {
        for v in &doc.versions {
            let Some(d) = &v.fm.decision else { continue };
            let organ = &d.organ;
            let pos = pos_in_file(organ, v.yaml_line);
            let organs = registry
                .entries
                .iter()
                .filter(|e| e.owner == Owner::Organ)
                .map(|e| e.name.as_str());
            match registry.lookup(&organ.value) {
                Some((e, true)) if registry.entries[e].owner == Owner::Organ => {}
                Some((e, false)) if registry.entries[e].owner == Owner::Organ => diags.warning(
                    &v.path,
                    pos,
                    format!(
                        "organ `{}` looks like a variant spelling of {}",
                        organ.value, registry.entries[e].name
                    ),
                    hint(site, &registry.entries[e]),
                ),
                _ => diags.warning(
                    &v.path,
                    pos,
                    format!("unknown organ `{}`", organ.value),
                    match closest(&organ.value, organs) {
                        Some(c) => format!(
                            "did you mean `{c}`? Organs are listed in {}",
                            site.data.path_of("organs").display()
                        ),
                        None => {
                            format!("add the body to {}", site.data.path_of("organs").display())
                        }
                    },
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(names: &[(&str, &[&str])]) -> Registry {
        Registry::new(
            names
                .iter()
                .map(|(n, vs)| Entry {
                    name: n.to_string(),
                    owner: Owner::Organ,
                    forms: std::iter::once(*n)
                        .chain(vs.iter().copied())
                        .map(form)
                        .collect(),
                })
                .collect(),
        )
    }

    fn near(r: &Registry, text: &str) -> Vec<String> {
        r.scan(text)
            .into_iter()
            .filter(|h| !h.exact)
            .map(|h| text[h.start..h.end].to_string())
            .collect()
    }

    #[test]
    fn inflections_and_accepted_forms_are_not_variants() {
        let r = registry(&[
            ("Norrby kommun", &["Norrby"]),
            ("Samrådet", &["SR"]),
            ("Styrgruppen", &[]),
        ]);
        let text = "Norrby kommuns och Norrby kommuner, Samrådets beslut, SR, styrgrupp, styrgruppens möte, Norrbys skola.";
        assert!(near(&r, text).is_empty(), "{:?}", near(&r, text));
    }

    #[test]
    fn near_misses_are_variants() {
        let r = registry(&[
            ("Norrby kommun", &[]),
            ("Samrådet", &[]),
            ("Styrgruppen", &[]),
            ("Division Vård och habilitering", &[]),
        ]);
        assert_eq!(near(&r, "Norrbyy kommun beslutar."), ["Norrbyy kommun"]);
        assert_eq!(near(&r, "Sanrådet och Samårdet."), ["Sanrådet", "Samårdet"]);
        assert_eq!(near(&r, "i stygruppen"), ["stygruppen"]);
        assert_eq!(
            near(&r, "Division Vård & Rehabilitering"),
            ["Division Vård & Rehabilitering"]
        );
    }

    #[test]
    fn unrelated_words_are_not_variants() {
        let r = registry(&[
            ("Samrådet", &[]),
            ("Kommunstyrelsen", &["KS"]),
            ("Socialnämnden", &[]),
        ]);
        let text = "Samarbetet med samhället, kommunstyrelsens kansli, Länsstyrelsen, socialtjänsten, Socialstyrelsen och KSL.";
        assert!(near(&r, text).is_empty(), "{:?}", near(&r, text));
    }
}
