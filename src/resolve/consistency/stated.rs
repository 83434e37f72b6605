//! Figures a document repeats from the data: where text or a table names a party and gives
//! one of its figures that the data also holds, the two must agree. The figures are
//!
//! - the organisation number (`NNNNNN-NNNN`, `data/parter.yaml`);
//! - the population ("10 384 invånare", a "Folkmängd 2024-12-31" column), compared with the
//!   party's population on the date the text names, or on any date when it names none;
//! - its cost ("kostnad … 190 988 kr", a "Kostnad" column) and share ("andel … 5,26 %", an
//!   "Andel" column) in a cost allocation (`data/kostnadsfordelning.yaml`), in the
//!   allocation of the year the text names, or any allocation the party is in.
//!
//! In running text a figure belongs to the nearest party named in the same sentence; an
//! approximate figure ("ca 10 000 invånare") is not compared, nor a cost or share whose
//! sentence names neither an allocation's year nor "fördelning". A table is compared when
//! it has a population column, or two of population, share and cost.

use super::names::{Owner, Registry};
use super::text::{Body, Number, Unit, numbers_in};
use crate::content::date::Date;
use crate::content::parties::Party;
use crate::diag::{Diagnostics, Pos};
use crate::resolve::Site;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Population,
    Cost,
    Share,
}

/// What the data holds for a party: (figure, where it comes from) pairs to compare with.
struct Known {
    values: Vec<(i128, String)>,
}

fn population(party: &Party, year: Option<u16>, date: Option<Date>) -> Known {
    let values = party
        .population
        .iter()
        .filter_map(|p| Date::parse(&p.date.value).map(|d| (d, p.count)))
        .filter(|(d, _)| match (date, year) {
            (Some(want), _) => *d == want,
            (None, Some(y)) => d.year == y || d.year + 1 == y,
            (None, None) => true,
        })
        .map(|(d, count)| (count as i128, format!("{d}")))
        .collect();
    Known { values }
}

fn allocation(site: &Site, party: &str, year: Option<u16>, kind: Kind) -> Known {
    let mut values = Vec::new();
    let mut ids: Vec<&String> = site.figures.allocations.keys().collect();
    ids.sort();
    for id in ids {
        let meta = site
            .data
            .allocations
            .allocations
            .iter()
            .find(|a| &a.id.value == id);
        if let (Some(y), Some(m)) = (year, meta)
            && m.year.is_some_and(|ay| ay != y)
        {
            continue;
        }
        for row in site.figures.allocations[id]
            .rows
            .iter()
            .filter(|r| r.party == party)
        {
            let v = match kind {
                // An unknown cost (the budget total is open) has nothing to compare.
                Kind::Cost => match row.cost {
                    Some(c) => c as i128,
                    None => continue,
                },
                // Hundredths of a percent → ten-thousandths of a unit.
                Kind::Share => row.share as i128 * 100,
                Kind::Population => continue,
            };
            values.push((v, format!("allocation `{id}`")));
        }
    }
    Known { values }
}

/// The years of the allocations a party is in.
fn allocation_years(site: &Site, party: &str) -> Vec<u16> {
    site.data
        .allocations
        .allocations
        .iter()
        .filter(|a| a.parties.iter().any(|p| p.value == party))
        .filter_map(|a| a.year)
        .collect()
}

fn year_in(text: &str) -> Option<u16> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse::<u16>().ok())
        .find(|y| (1900..=2199).contains(y))
}

fn date_in(text: &str) -> Option<Date> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .find_map(Date::parse)
}

const APPROXIMATE: &[&str] = &[
    "ca", "ca.", "cirka", "omkring", "ungefär", "drygt", "knappt", "nästan", "över", "under",
    "runt", "minst", "max", "högst", "ungf",
];

fn approximate(before: &str) -> bool {
    before
        .split_whitespace()
        .last()
        .is_some_and(|w| APPROXIMATE.contains(&w.to_lowercase().as_str()))
}

/// Organisation numbers in a text: `NNNNNN-NNNN`, with spaces or an en dash around the dash.
fn org_numbers(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        if !c.is_ascii_digit() || (k > 0 && chars[k - 1].1.is_ascii_digit()) {
            k += 1;
            continue;
        }
        let mut digits = String::new();
        let mut j = k;
        let mut dashes = 0;
        while j < chars.len() && digits.len() < 10 {
            match chars[j].1 {
                d if d.is_ascii_digit() => digits.push(d),
                '-' | '–' if digits.len() == 6 => dashes += 1,
                ' ' | '\u{a0}' if digits.len() == 6 => {}
                _ => break,
            }
            j += 1;
        }
        let next_is_digit = chars.get(j).is_some_and(|&(_, c)| c.is_ascii_digit());
        if digits.len() == 10 && dashes == 1 && !next_is_digit {
            out.push((start, format!("{}-{}", &digits[..6], &digits[6..])));
            k = j;
        } else {
            k += 1;
        }
    }
    out
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

struct Finding<'a> {
    party: &'a Party,
    written: String,
    kind: &'static str,
    known: Vec<(String, String)>,
    pos: Pos,
}

fn report(site: &Site, path: &std::path::Path, f: Finding, diags: &Diagnostics) {
    // With a party left out (an error in its entry), a figure next to its name is read as
    // another party's: the comparison would only echo that error.
    if diags.any_left_out(crate::diag::LeftOut::Party) {
        return;
    }
    let known: Vec<String> = f
        .known
        .iter()
        .map(|(v, from)| format!("{v} ({from})"))
        .collect();
    diags.warning(
        path,
        f.pos,
        format!(
            "the text gives {}'s {} as {}, but the data has {}",
            f.party.name,
            f.kind,
            f.written,
            known.join(", ")
        ),
        format!(
            "the same figure is stated twice: check the text against {} and the document the data comes from",
            match f.kind {
                "organisation number" | "population" => site.data.path_of("parties"),
                _ => site.data.path_of("allocations"),
            }
            .display()
        ),
    );
}

/// Compares one figure with what the data holds; `None` when they agree or nothing is known.
fn compare(n: &Number, kind: Kind, known: &Known) -> Option<Vec<(String, String)>> {
    if known.values.is_empty() {
        return None;
    }
    let value = match kind {
        Kind::Share => n.value,
        _ => n.value / super::text::SCALE,
    };
    if known.values.iter().any(|(v, _)| *v == value) {
        return None;
    }
    Some(
        known
            .values
            .iter()
            .map(|(v, from)| {
                let shown = match kind {
                    Kind::Share => format!("{} %", super::text::swedish(*v, 2)),
                    Kind::Cost => format!("{} kr", super::text::swedish(v * super::text::SCALE, 0)),
                    Kind::Population => super::text::swedish(v * super::text::SCALE, 0),
                };
                (shown, from.clone())
            })
            .collect(),
    )
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Population => "population",
        Kind::Cost => "cost",
        Kind::Share => "share",
    }
}

/// The figures one version's body states, against the data.
pub fn check_body(
    site: &Site,
    registry: &Registry,
    v: &crate::resolve::Version,
    body: &Body,
    diags: &Diagnostics,
) {
    {
        let in_table: std::collections::HashSet<usize> = body
            .tables
            .iter()
            .flat_map(|t| t.rows.iter().flatten().copied())
            .collect();
        for (b, block) in body.blocks.iter().enumerate() {
            // A figure needs a digit; a table is read row by row below.
            if in_table.contains(&b) || !block.text.bytes().any(|c| c.is_ascii_digit()) {
                continue;
            }
            for f in in_text(site, registry, &block.text) {
                let (offset, finding) = f;
                report(
                    site,
                    &v.path,
                    Finding {
                        pos: body.pos(b, offset),
                        ..finding
                    },
                    diags,
                );
            }
        }
        for table in &body.tables {
            in_table_rows(site, registry, body, table, &v.path, diags);
        }
    }
}

fn party_of<'a>(site: &'a Site, registry: &Registry, entry: usize) -> Option<&'a Party> {
    match &registry.entries[entry].owner {
        Owner::Party(id) => site.party(id),
        Owner::Organ => None,
    }
}

/// Figures in running text, each with its offset in the text. A figure belongs to the
/// party named last before it in its sentence, or else the first named after it.
fn in_text<'a>(site: &'a Site, registry: &Registry, text: &str) -> Vec<(usize, Finding<'a>)> {
    let mut out = Vec::new();
    let hits: Vec<_> = registry
        .scan(text)
        .into_iter()
        .filter(|h| party_of(site, registry, h.entry).is_some())
        .collect();
    if hits.is_empty() {
        return out;
    }
    let owner = |at: usize| -> Option<(&'a Party, std::ops::Range<usize>)> {
        let (s, e) = sentence_around(text, at);
        let in_sentence = hits.iter().filter(|h| h.start >= s && h.end <= e);
        let h = in_sentence
            .clone()
            .rfind(|h| h.end <= at)
            .or_else(|| in_sentence.clone().find(|h| h.start >= at))?;
        Some((party_of(site, registry, h.entry)?, s..e))
    };
    for (at, org) in org_numbers(text) {
        let Some((party, _)) = owner(at) else {
            continue;
        };
        if let Some(known) = &party.org_number
            && digits(&known.value) != digits(&org)
        {
            out.push((
                at,
                Finding {
                    party,
                    written: org,
                    kind: "organisation number",
                    known: vec![(known.value.clone(), "data/parter.yaml".into())],
                    pos: Pos::START,
                },
            ));
        }
    }
    for (range, n) in numbers_in(text) {
        let Some((party, sentence)) = owner(range.start) else {
            continue;
        };
        let span = &text[sentence];
        let lower = span.to_lowercase();
        let after = text[range.end..].trim_start().to_lowercase();
        let kind = match n.unit {
            Unit::Kronor if lower.contains("kostnad") || lower.contains("kostar") => Kind::Cost,
            Unit::Percent if lower.contains("andel") => Kind::Share,
            Unit::None
                if after.starts_with("invånare")
                    || (lower.contains("folkmängd") || lower.contains("invånarantal"))
                        && n.decimals == 0 =>
            {
                Kind::Population
            }
            _ => continue,
        };
        let written = &text[range.clone()];
        // A plain four-digit number next to a population is more likely its year.
        if kind == Kind::Population
            && (n.whole() < 100 || !written.contains(' ') && (1900..=2199).contains(&n.whole()))
        {
            continue;
        }
        if approximate(&text[..range.start]) {
            continue;
        }
        let year = year_in(span);
        // A cost or share in running text is one of the allocation's only where the sentence
        // names the allocation's year or speaks of the allocation ("fördelning"): a party
        // has other costs and shares.
        if matches!(kind, Kind::Cost | Kind::Share)
            && !lower.contains("fördelning")
            && !year.is_some_and(|y| allocation_years(site, &party.id.value).contains(&y))
        {
            continue;
        }
        let known = match kind {
            Kind::Population => population(party, year, date_in(span)),
            _ => allocation(site, &party.id.value, year, kind),
        };
        if let Some(k) = compare(&n, kind, &known) {
            out.push((
                range.start,
                Finding {
                    party,
                    written: written.to_string(),
                    kind: kind_name(kind),
                    known: k,
                    pos: Pos::START,
                },
            ));
        }
    }
    out
}

/// The sentence around a byte offset, as a byte range.
fn sentence_around(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at].rfind(". ").map_or(0, |p| p + 2);
    (start, sentence_end(text, at))
}

fn sentence_end(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let mut prev_digit = false;
    for (i, c) in rest.char_indices() {
        if c == '.' && !prev_digit {
            let next = rest[i + 1..].chars().next();
            if next.is_none_or(char::is_whitespace) {
                return from + i;
            }
        }
        prev_digit = c.is_ascii_digit();
    }
    text.len()
}

/// A table whose rows are parties and whose columns hold their figures.
fn in_table_rows(
    site: &Site,
    registry: &Registry,
    body: &Body,
    table: &super::text::Table,
    path: &std::path::Path,
    diags: &Diagnostics,
) {
    let Some(header) = table.rows.first() else {
        return;
    };
    let columns: Vec<(usize, Option<Kind>, String)> = header
        .iter()
        .enumerate()
        .map(|(c, &b)| {
            let h = body.text(b).to_lowercase();
            let kind = if h.contains("folkmängd") || h.contains("invånare") {
                Some(Kind::Population)
            } else if h.contains("andel") || h.contains('%') {
                Some(Kind::Share)
            } else if h.contains("kostnad") || h.contains("belopp") {
                Some(Kind::Cost)
            } else {
                None
            };
            (c, kind, h)
        })
        .collect();
    // A table of the allocation: a population column, or two of population, share, cost.
    // A lone "Andel" or "Kostnad" column may be any share or cost.
    let kinds: Vec<Kind> = columns.iter().filter_map(|(_, k, _)| *k).collect();
    let distinct = [Kind::Population, Kind::Share, Kind::Cost]
        .iter()
        .filter(|k| kinds.contains(k))
        .count();
    if !kinds.contains(&Kind::Population) && distinct < 2 {
        return;
    }
    for row in &table.rows[1..] {
        let Some(&label_b) = row.first() else {
            continue;
        };
        let label = body.text(label_b).trim();
        let party = registry
            .scan(label)
            .into_iter()
            .filter(|h| h.exact && h.start == 0 && h.end == label.len())
            .find_map(|h| party_of(site, registry, h.entry));
        let Some(party) = party else { continue };
        for (c, kind, header) in &columns {
            let (Some(kind), Some(&b)) = (kind, row.get(*c)) else {
                continue;
            };
            let written = body.text(b).trim();
            let Some(n) = super::text::parse_number(written) else {
                continue;
            };
            if *kind == Kind::Share && n.unit == Unit::Kronor
                || *kind == Kind::Cost && n.unit == Unit::Percent
            {
                continue;
            }
            let known = match kind {
                Kind::Population => population(party, year_in(header), date_in(header)),
                _ => allocation(site, &party.id.value, year_in(header), *kind),
            };
            if let Some(k) = compare(&n, *kind, &known) {
                report(
                    site,
                    path,
                    Finding {
                        party,
                        written: written.to_string(),
                        kind: kind_name(*kind),
                        known: k,
                        pos: body.pos(b, 0),
                    },
                    diags,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_numbers_as_documents_print_them() {
        let found: Vec<String> = org_numbers(
            "Falu kommun (organisationsnummer 212000 – 2221), och 2120002221 och 212000-2239.",
        )
        .into_iter()
        .map(|(_, s)| s)
        .collect();
        assert_eq!(found, ["212000-2221", "212000-2239"]);
    }

    #[test]
    fn approximate_figures_are_recognised() {
        assert!(approximate("med ca "));
        assert!(!approximate("med "));
    }
}
