//! The plain text of a document body, as the consistency checks read it: blocks (paragraphs,
//! list items, headings, table cells) with a map back to `path:line:col`, the tables with
//! their rows, and Swedish numbers and dates as the documents write them ("3 630 960 kr",
//! "11,36 %", "Okt-dec 2023", "241101").

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::body::{self, Prepared};
use crate::content::date::Date;
use crate::content::frontmatter::Audience;
use crate::diag::Pos;
use crate::resolve::Version;
use crate::resolve::sections::markdown_options;

/// One block of text: a paragraph, heading, list item or table cell, internal passages
/// included.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub text: String,
    /// (offset in `text`, offset in the prepared body, whether the bytes correspond one to
    /// one) for each piece of text the block was made of.
    map: Vec<(usize, usize, bool)>,
}

/// A markdown table: each row a list of indices into [`Body::blocks`]; the header first.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Vec<usize>>,
}

/// A version's body read as text.
pub struct Body {
    pub prepared: Prepared,
    pub blocks: Vec<Block>,
    pub tables: Vec<Table>,
}

impl Body {
    pub fn read(v: &Version) -> Body {
        let prepared = body::prepare_owned(
            v.body.unpack(),
            v.body_line,
            &v.scan,
            Audience::Internal,
            "<div>",
            &mut |_| String::new(),
        );
        let mut blocks = Vec::new();
        let mut tables: Vec<Table> = Vec::new();
        let mut current = Block::default();
        let mut in_table = false;
        // Inside an autolink (`<https://…>`), whose text is an address, not words.
        let mut in_autolink = false;
        let flush = |current: &mut Block, blocks: &mut Vec<Block>| -> Option<usize> {
            let b = std::mem::take(current);
            if b.text.trim().is_empty() {
                return None;
            }
            blocks.push(b);
            Some(blocks.len() - 1)
        };
        for (event, range) in Parser::new_ext(&prepared.text, markdown_options()).into_offset_iter()
        {
            match event {
                Event::Start(Tag::Link { link_type, .. }) => {
                    in_autolink = matches!(
                        link_type,
                        pulldown_cmark::LinkType::Autolink | pulldown_cmark::LinkType::Email
                    );
                }
                Event::End(TagEnd::Link) => in_autolink = false,
                Event::Text(_) if in_autolink => {}
                Event::Text(t) | Event::Code(t) => {
                    let exact = prepared.text.get(range.clone()) == Some(&*t);
                    current.map.push((current.text.len(), range.start, exact));
                    current.text.push_str(&t);
                }
                Event::SoftBreak | Event::HardBreak => current.text.push(' '),
                Event::Start(Tag::Table(_)) => {
                    in_table = true;
                    tables.push(Table::default());
                }
                Event::End(TagEnd::Table) => in_table = false,
                Event::Start(Tag::TableHead | Tag::TableRow) => {
                    if let Some(t) = tables.last_mut() {
                        t.rows.push(Vec::new());
                    }
                }
                Event::Start(Tag::TableCell) => {
                    flush(&mut current, &mut blocks);
                }
                Event::End(TagEnd::TableCell) => {
                    // Every cell gets a block, empty ones too, so columns line up.
                    let b = std::mem::take(&mut current);
                    blocks.push(b);
                    if in_table && let Some(row) = tables.last_mut().and_then(|t| t.rows.last_mut())
                    {
                        row.push(blocks.len() - 1);
                    }
                }
                Event::Start(
                    Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::Item
                    | Tag::BlockQuote(_)
                    | Tag::FootnoteDefinition(_),
                )
                | Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::Item
                    | TagEnd::BlockQuote(_)
                    | TagEnd::FootnoteDefinition,
                ) => {
                    flush(&mut current, &mut blocks);
                }
                _ => {}
            }
        }
        flush(&mut current, &mut blocks);
        Body {
            prepared,
            blocks,
            tables,
        }
    }

    /// File position of a byte offset in a block's text.
    pub fn pos(&self, block: usize, offset: usize) -> Pos {
        let b = &self.blocks[block];
        let i = b
            .map
            .partition_point(|&(o, _, _)| o <= offset)
            .saturating_sub(1);
        match b.map.get(i) {
            Some(&(o, p, true)) => self.prepared.file_pos(p + offset - o),
            Some(&(_, p, false)) => self.prepared.file_pos(p),
            None => self.prepared.file_pos(0),
        }
    }

    pub fn text(&self, block: usize) -> &str {
        &self.blocks[block].text
    }
}

/// A word of a text: its byte range and its lower-case form (`&` reads as "och").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub lower: String,
}

/// The words of a text: letters and digits, with inner hyphens kept ("Malung-Sälen").
pub fn words(text: &str) -> Vec<Word> {
    word_spans(text)
        .into_iter()
        .map(|(start, end)| Word {
            start,
            end,
            lower: lower_word(&text[start..end]),
        })
        .collect()
}

/// The byte range of each word of `text` ([`words`]); a `&` is a word of its own.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric()
            || (c == '-'
                && start.is_some()
                && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()))
        {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push((s, i));
        }
        if c == '&' {
            out.push((i, i + 1));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The lower-case form of a word from [`word_spans`] (`&` reads as "och").
pub fn lower_word(w: &str) -> String {
    if w == "&" {
        "och".into()
    } else {
        w.to_lowercase()
    }
}

/// The first letter of [`lower_word`], without making the whole of it.
pub fn lower_initial(w: &str) -> Option<char> {
    if w == "&" {
        return Some('o');
    }
    w.chars().next()?.to_lowercase().next()
}

/// A number as a document prints it, in ten-thousandths (so 11,36 % and 3 630 960 kr are
/// both exact), and the number of decimals printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    pub value: i128,
    pub decimals: u32,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    None,
    Kronor,
    Percent,
}

pub const SCALE: i128 = 10_000;

impl Number {
    /// The value rounded to a whole number.
    pub fn whole(&self) -> i128 {
        (self.value + self.value.signum() * SCALE / 2) / SCALE
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            Unit::None => "",
            Unit::Kronor => " kr",
            Unit::Percent => " %",
        };
        write!(f, "{}{unit}", swedish(self.value, self.decimals))
    }
}

/// "3 630 960", "11,36": a value in ten-thousandths, printed with `decimals` decimals.
pub fn swedish(value: i128, decimals: u32) -> String {
    let neg = value < 0;
    let v = value.abs();
    let int = (v / SCALE).to_string();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let mut s = String::new();
    if neg {
        s.push('−');
    }
    s.push_str(&grouped);
    if decimals > 0 {
        let frac = format!("{:04}", v % SCALE);
        s.push(',');
        s.push_str(&frac[..decimals.min(4) as usize]);
    }
    s
}

/// Parses a whole cell or phrase as one number: "3 630 960", "1 234 567 kr", "11,36",
/// "30,38 %", "−5 000", "12 tkr". Anything else is `None`.
pub fn parse_number(s: &str) -> Option<Number> {
    let s = s.trim().trim_end_matches(['.', ':']);
    let (s, unit, factor) = strip_unit(s);
    let s = s.trim();
    let (neg, digits) = match s.strip_prefix(['-', '−', '–']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int_part, frac_part) = match digits.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let int = grouped_digits(int_part)?;
    let (frac, decimals) = match frac_part {
        Some(f) if !f.is_empty() && f.len() <= 4 && f.bytes().all(|b| b.is_ascii_digit()) => {
            let padded = format!("{f:0<4}");
            (padded.parse::<i128>().ok()?, f.len() as u32)
        }
        Some(_) => return None,
        None => (0, 0),
    };
    let mut value = (int * SCALE + frac) * factor;
    if neg {
        value = -value;
    }
    Some(Number {
        value,
        decimals,
        unit,
    })
}

fn strip_unit(s: &str) -> (&str, Unit, i128) {
    let lower = s.to_lowercase();
    for (suffix, unit, factor) in [
        ("%", Unit::Percent, 1),
        ("procent", Unit::Percent, 1),
        ("mnkr", Unit::Kronor, 1_000_000),
        ("mkr", Unit::Kronor, 1_000_000),
        ("tkr", Unit::Kronor, 1_000),
        ("kronor", Unit::Kronor, 1),
        ("kr", Unit::Kronor, 1),
        ("sek", Unit::Kronor, 1),
    ] {
        if lower.ends_with(suffix) {
            let cut = s.len() - suffix.len();
            if s.is_char_boundary(cut) {
                return (&s[..cut], unit, factor);
            }
        }
    }
    (s, Unit::None, 1)
}

/// "3 630 960" or "3630960" (groups of three after the first, separated by a space, a
/// no-break space, a thin space or a full stop).
fn grouped_digits(s: &str) -> Option<i128> {
    let groups: Vec<&str> = s
        .split([' ', '\u{a0}', '\u{202f}', '\u{2009}', '.'])
        .filter(|g| !g.is_empty())
        .collect();
    if groups.is_empty()
        || groups
            .iter()
            .any(|g| !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    groups.concat().parse().ok()
}

/// The numbers written in a text, each with its byte range: Swedish digit groups, a decimal
/// comma, and a unit right after (kr, kronor, tkr, %).
pub fn numbers_in(text: &str) -> Vec<(std::ops::Range<usize>, Number)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-'))
        {
            i += 1;
            continue;
        }
        let start = i;
        // Digits and group separators followed by exactly three digits.
        let mut end = i;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        loop {
            let rest = &text[end..];
            let sep = rest
                .chars()
                .next()
                .filter(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}'));
            let Some(sep) = sep else { break };
            let after = &rest[sep.len_utf8()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 3 && !after[3..].starts_with(|c: char| c.is_ascii_digit()) {
                end += sep.len_utf8() + 3;
            } else {
                break;
            }
        }
        if text[end..].starts_with(',') {
            let d = text[end + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if (1..=4).contains(&d) {
                end += 1 + d;
            }
        }
        let mut with_unit = end;
        let tail = &text[end..];
        let lower = tail.to_lowercase();
        for unit in ["kronor", "procent", "mnkr", "tkr", "mkr", "kr", "sek", "%"] {
            let spaced = lower
                .strip_prefix(' ')
                .map(|l| (1, l))
                .unwrap_or((0, lower.as_str()));
            if spaced.1.starts_with(unit)
                && !spaced.1[unit.len()..].starts_with(|c: char| c.is_alphanumeric())
            {
                with_unit = end + spaced.0 + unit.len();
                break;
            }
        }
        if let Some(n) = parse_number(&text[start..with_unit]) {
            out.push((start..with_unit, n));
        }
        i = with_unit.max(end).max(start + 1);
    }
    out
}

/// A span of days a document's words name: a day, a month, a season, a year, or a range of
/// these ("Okt-dec 2023", "Nov 2024-mars 2025", "250601-260530").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}–{}", self.from, self.to)
        }
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

fn month_of(word: &str) -> Option<u8> {
    const FULL: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .zip(FULL)
        .position(|(abbr, full)| w.starts_with(abbr) && full.starts_with(&*w))
        .map(|i| i as u8 + 1)
}

/// Months of a season, as the Swedish words are used for planning ("hösten 2024").
fn season_of(word: &str) -> Option<(u8, u8)> {
    match word.to_lowercase().as_str() {
        "våren" | "vår" | "vårterminen" => Some((1, 6)),
        "sommaren" | "sommar" => Some((6, 8)),
        "hösten" | "höst" | "höstterminen" => Some((8, 12)),
        _ => None,
    }
}

fn last_day(year: u16, month: u8) -> Date {
    (28..=31)
        .rev()
        .find_map(|d| Date::parse(&format!("{year:04}-{month:02}-{d:02}")))
        .expect("every month has a 28th")
}

fn first_day(year: u16, month: u8) -> Date {
    Date {
        year,
        month,
        day: 1,
    }
}

fn year_of(s: &str) -> Option<u16> {
    let y: u16 = s.parse().ok()?;
    (s.len() == 4 && (1900..=2199).contains(&y)).then_some(y)
}

/// A compact date "241101" (YYMMDD, as Swedish minutes write it) in this century.
fn compact_date(s: &str) -> Option<Date> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Date::parse(&format!("20{}-{}-{}", &s[0..2], &s[2..4], &s[4..6]))
}

/// One end of a period, possibly without its year (taken from the other end).
#[derive(Debug, Clone, Copy)]
struct End {
    year: Option<u16>,
    from: (u8, u8),
    to: (u8, u8),
}

fn parse_end(s: &str) -> Option<End> {
    let s = s.trim().trim_matches(|c: char| c == ',' || c == '.');
    if let Some(d) = Date::parse(s).or_else(|| compact_date(s)) {
        return Some(End {
            year: Some(d.year),
            from: (d.month, d.day),
            to: (d.month, d.day),
        });
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    match parts.as_slice() {
        [y] if year_of(y).is_some() => Some(End {
            year: year_of(y),
            from: (1, 1),
            to: (12, 31),
        }),
        [m] => month_of(m)
            .map(|m| End {
                year: None,
                from: (m, 1),
                to: (m, 0),
            })
            .or_else(|| {
                season_of(m).map(|(a, b)| End {
                    year: None,
                    from: (a, 1),
                    to: (b, 0),
                })
            }),
        [m, y] => {
            let year = Some(year_of(y)?);
            if let Some(m) = month_of(m) {
                return Some(End {
                    year,
                    from: (m, 1),
                    to: (m, 0),
                });
            }
            let (a, b) = season_of(m)?;
            Some(End {
                year,
                from: (a, 1),
                to: (b, 0),
            })
        }
        [d, m, y] => {
            let day: u8 = d.trim_end_matches('.').parse().ok()?;
            let (m, y) = (month_of(m)?, year_of(y)?);
            let date = Date::parse(&format!("{y:04}-{m:02}-{day:02}"))?;
            Some(End {
                year: Some(y),
                from: (date.month, date.day),
                to: (date.month, date.day),
            })
        }
        _ => None,
    }
}

fn resolve_end(e: End, year: u16) -> (Date, Date) {
    let from = first_day(year, e.from.0);
    let from = Date {
        day: e.from.1.max(1),
        ..from
    };
    let to = if e.to.1 == 0 {
        last_day(year, e.to.0)
    } else {
        Date {
            year,
            month: e.to.0,
            day: e.to.1,
        }
    };
    (from, to)
}

/// Parses a date or a period written the way planning tables do: "2025-04-11", "241101",
/// "19 dec 2024", "mars 2025", "Hösten 2024", "Okt-dec 2023", "Nov 2024-mars 2025",
/// "250601-260530", "April-juni 2025". The whole text must be the date; free text is `None`.
pub fn parse_period(s: &str) -> Option<Period> {
    let s = s.trim();
    if let Some(e) = parse_end(s) {
        let year = e.year?;
        let (from, to) = resolve_end(e, year);
        return Some(Period { from, to });
    }
    // A range: split on the dash that is not inside an ISO date.
    let candidates: Vec<usize> = s
        .char_indices()
        .filter(|&(_, c)| matches!(c, '-' | '–' | '—'))
        .map(|(i, _)| i)
        .collect();
    for i in candidates {
        let dash_len = s[i..].chars().next().map_or(1, char::len_utf8);
        let (a, b) = (&s[..i], &s[i + dash_len..]);
        let (Some(ea), Some(eb)) = (parse_end(a), parse_end(b)) else {
            continue;
        };
        let year_b = eb.year.or(ea.year)?;
        let year_a = ea.year.unwrap_or(year_b);
        let (from, _) = resolve_end(ea, year_a);
        let (_, to) = resolve_end(eb, year_b);
        return Some(Period { from, to });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn swedish_numbers_parse_exactly() {
        let n = parse_number("3 630 960").unwrap();
        assert_eq!(n.whole(), 3_630_960);
        assert_eq!(parse_number("1 234 567 kr").unwrap().unit, Unit::Kronor);
        let p = parse_number("11,36 %").unwrap();
        assert_eq!((p.value, p.decimals, p.unit), (113_600, 2, Unit::Percent));
        assert_eq!(parse_number("12 tkr").unwrap().whole(), 12_000);
        assert_eq!(parse_number("−5 000").unwrap().whole(), -5_000);
        assert_eq!(parse_number("Ej inventerat"), None);
        assert_eq!(parse_number("1 23"), None);
        assert_eq!(parse_number("50/50"), None);
        assert_eq!(swedish(36_309_600_000, 0), "3 630 960");
        assert_eq!(swedish(113_600, 2), "11,36");
    }

    #[test]
    fn numbers_are_found_in_running_text() {
        let found: Vec<String> =
            numbers_in("Kostnad 2026 för Gagnef är 190 988 kronor, andel 5,26 %.")
                .into_iter()
                .map(|(_, n)| n.to_string())
                .collect();
        assert_eq!(found, ["2 026", "190 988 kr", "5,26 %"]);
    }

    #[test]
    fn periods_as_planning_tables_write_them() {
        let p = |s: &str| parse_period(s).map(|p| (p.from.to_string(), p.to.to_string()));
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(p("Okt-dec 2023"), pair("2023-10-01", "2023-12-31"));
        assert_eq!(p("Nov 2024-mars 2025"), pair("2024-11-01", "2025-03-31"));
        assert_eq!(p("Hösten 2024"), pair("2024-08-01", "2024-12-31"));
        assert_eq!(p("241101"), pair("2024-11-01", "2024-11-01"));
        assert_eq!(p("250601-260530"), pair("2025-06-01", "2026-05-30"));
        assert_eq!(p("19 dec 2024"), pair("2024-12-19", "2024-12-19"));
        assert_eq!(p("Februari 2025"), pair("2025-02-01", "2025-02-28"));
        assert_eq!(p("2025-04-11"), pair("2025-04-11", "2025-04-11"));
        assert_eq!(p("Presenteras för styrgruppen i mars 2025"), None);
        assert_eq!(p("Maj"), None);
        assert_eq!(parse_period("2024").unwrap().to, d("2024-12-31"));
    }

    #[test]
    fn words_keep_inner_hyphens_and_read_ampersand_as_och() {
        let w: Vec<String> = words("Malung-Sälens kommun, Psykiatri & Habilitering")
            .into_iter()
            .map(|w| w.lower)
            .collect();
        assert_eq!(
            w,
            [
                "malung-sälens",
                "kommun",
                "psykiatri",
                "och",
                "habilitering"
            ]
        );
    }
}
