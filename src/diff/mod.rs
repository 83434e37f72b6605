//! The diff engine: what changed between two versions of a document, section by section,
//! paragraph by paragraph, word by word. Used by the site's diff pages and by `styrdok diff`.
//!
//! Sections are matched by their stable id, so a renumbered or moved section is reported as
//! such, not as deleted plus added. Within a section, blocks (paragraphs, list items, table
//! rows) are aligned with `similar`'s patience diff; a changed block gets a word diff (per
//! cell for table rows).

pub mod extract;
pub mod format;

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff, capture_diff_slices};

pub use extract::{Block, BlockKind, SectionText, sections_of};

/// Version of the JSON schema; bump on any incompatible change (see docs/diff-json.md).
pub const SCHEMA: &str = "styrdok.diff/2";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionStatus {
    Unchanged,
    Changed,
    Added,
    Removed,
    /// In one version only, because the other version's source does not contain this part
    /// (its front matter lists it under `absent:`): not a change.
    Absent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpanKind {
    Equal,
    Insert,
    Delete,
}

/// A run of words with one fate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub kind: SpanKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum BlockDiff {
    Same {
        block: Block,
    },
    Added {
        block: Block,
    },
    Removed {
        block: Block,
    },
    /// The same block, edited: one span list per cell.
    Changed {
        kind: BlockKind,
        cells: Vec<Vec<Span>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionDiff {
    pub id: String,
    pub status: SectionStatus,
    pub old_number: Option<String>,
    pub new_number: Option<String>,
    pub old_title: Option<String>,
    pub new_title: Option<String>,
    pub level: u8,
    /// Its position among the other sections changed.
    pub moved: bool,
    pub renumbered: bool,
    pub retitled: bool,
    pub blocks: Vec<BlockDiff>,
}

impl SectionDiff {
    /// Anything a reader should look at: text, title, number or place.
    pub fn is_interesting(&self) -> bool {
        !matches!(
            self.status,
            SectionStatus::Unchanged | SectionStatus::Absent
        ) || self.moved
            || self.renumbered
            || self.retitled
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub sections_changed: usize,
    pub sections_added: usize,
    pub sections_removed: usize,
    pub sections_moved: usize,
    pub sections_renumbered: usize,
    /// Sections in one version only because the other's source lacks them.
    pub sections_absent: usize,
    pub words_inserted: usize,
    pub words_deleted: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocDiff {
    pub sections: Vec<SectionDiff>,
    pub summary: Summary,
}

/// The parts each version's source lacks (front matter `absent:`), as section ids; `""` is
/// the text before the first heading.
#[derive(Debug, Clone, Copy, Default)]
pub struct Absent<'a> {
    pub old: &'a [String],
    pub new: &'a [String],
}

/// The section ids a version's front matter lists under `absent:` (`inledning` → `""`).
pub fn absent_of(v: &crate::resolve::Version) -> Vec<String> {
    v.fm.absent
        .iter()
        .map(|a| {
            if a.value == INTRO_ID {
                String::new()
            } else {
                a.value.clone()
            }
        })
        .collect()
}

use crate::resolve::absent::INTRO as INTRO_ID;

/// Compares two versions given as sections.
pub fn diff(old: &[SectionText], new: &[SectionText]) -> DocDiff {
    diff_with(old, new, Absent::default())
}

/// Compares two versions given as sections; a section one version has and the other's source
/// lacks (`absent`) is shown as absent from that source, not as added or removed.
pub fn diff_with(old: &[SectionText], new: &[SectionText], absent: Absent) -> DocDiff {
    let old_by_id: HashMap<&str, &SectionText> = old.iter().map(|s| (s.id.as_str(), s)).collect();
    let new_ids: HashSet<&str> = new.iter().map(|s| s.id.as_str()).collect();

    // Sections present in both, in each order; those outside the longest common
    // subsequence have moved.
    let common_old: Vec<&str> = old
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| new_ids.contains(id))
        .collect();
    let common_new: Vec<&str> = new
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| old_by_id.contains_key(id))
        .collect();
    let mut in_place: HashSet<&str> = HashSet::new();
    for op in capture_diff_slices(Algorithm::Myers, &common_old, &common_new) {
        if let DiffOp::Equal { new_index, len, .. } = op {
            in_place.extend(&common_new[new_index..new_index + len]);
        }
    }

    let mut sections = Vec::new();
    let mut summary = Summary::default();
    // New order first; removed sections are placed after the section that preceded them.
    let mut removed_after: HashMap<Option<String>, Vec<&SectionText>> = HashMap::new();
    let mut prev: Option<String> = None;
    for s in old {
        if !new_ids.contains(s.id.as_str()) {
            removed_after.entry(prev.clone()).or_default().push(s);
        } else {
            prev = Some(s.id.clone());
        }
    }
    let mut emit_removed =
        |after: Option<String>, sections: &mut Vec<SectionDiff>, summary: &mut Summary| {
            for s in removed_after.remove(&after).unwrap_or_default() {
                let lacking = absent.new.contains(&s.id);
                sections.push(one_sided(s, Side::Old, lacking, summary));
            }
        };
    emit_removed(None, &mut sections, &mut summary);
    for s in new {
        let id = s.id.as_str();
        let d = match old_by_id.get(id) {
            None => one_sided(s, Side::New, absent.old.contains(&s.id), &mut summary),
            Some(o) => {
                let (blocks, ins, del) = diff_blocks(&o.blocks, &s.blocks);
                summary.words_inserted += ins;
                summary.words_deleted += del;
                let changed = blocks.iter().any(|b| !matches!(b, BlockDiff::Same { .. }));
                let d = SectionDiff {
                    id: s.id.clone(),
                    status: if changed {
                        SectionStatus::Changed
                    } else {
                        SectionStatus::Unchanged
                    },
                    old_number: o.number.clone(),
                    new_number: s.number.clone(),
                    old_title: Some(o.title.clone()),
                    new_title: Some(s.title.clone()),
                    level: s.level,
                    moved: !in_place.contains(id),
                    renumbered: o.number != s.number,
                    retitled: o.title != s.title,
                    blocks,
                };
                if changed || d.retitled {
                    summary.sections_changed += 1;
                }
                summary.sections_moved += usize::from(d.moved);
                summary.sections_renumbered += usize::from(d.renumbered);
                d
            }
        };
        sections.push(d);
        if old_by_id.contains_key(id) {
            emit_removed(Some(s.id.clone()), &mut sections, &mut summary);
        }
    }
    DocDiff { sections, summary }
}

/// Which version a section stands in when the other lacks it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

/// A section only one version has: removed (old side) or added (new side), or, when the other
/// version's source is said to lack it (`absent:`), shown as absent with its text unchanged.
/// Counts it in `summary`.
fn one_sided(s: &SectionText, side: Side, lacking: bool, summary: &mut Summary) -> SectionDiff {
    let word_count = || s.blocks.iter().map(|b| words(&b.text())).sum::<usize>();
    if lacking {
        summary.sections_absent += 1;
    } else if side == Side::Old {
        summary.sections_removed += 1;
        summary.words_deleted += word_count();
    } else {
        summary.sections_added += 1;
        summary.words_inserted += word_count();
    }
    let (old, new) = match side {
        Side::Old => (Some(s), None),
        Side::New => (None, Some(s)),
    };
    SectionDiff {
        id: s.id.clone(),
        status: match (lacking, side) {
            (true, _) => SectionStatus::Absent,
            (false, Side::Old) => SectionStatus::Removed,
            (false, Side::New) => SectionStatus::Added,
        },
        old_number: old.and_then(|s| s.number.clone()),
        new_number: new.and_then(|s| s.number.clone()),
        old_title: old.map(|s| s.title.clone()),
        new_title: new.map(|s| s.title.clone()),
        level: s.level,
        moved: false,
        renumbered: false,
        retitled: false,
        blocks: s
            .blocks
            .iter()
            .map(|b| {
                let block = b.clone();
                match (lacking, side) {
                    (true, _) => BlockDiff::Same { block },
                    (false, Side::Old) => BlockDiff::Removed { block },
                    (false, Side::New) => BlockDiff::Added { block },
                }
            })
            .collect(),
    }
}

/// Aligns two block lists; returns the block diffs and the words inserted and deleted.
fn diff_blocks(old: &[Block], new: &[Block]) -> (Vec<BlockDiff>, usize, usize) {
    let mut out = Vec::new();
    let (mut ins, mut del) = (0, 0);
    for op in capture_diff_slices(Algorithm::Patience, old, new) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                out.extend(
                    old[old_index..old_index + len]
                        .iter()
                        .map(|b| BlockDiff::Same { block: b.clone() }),
                );
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for b in &old[old_index..old_index + old_len] {
                    del += words(&b.text());
                    out.push(BlockDiff::Removed { block: b.clone() });
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for b in &new[new_index..new_index + new_len] {
                    ins += words(&b.text());
                    out.push(BlockDiff::Added { block: b.clone() });
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let olds = &old[old_index..old_index + old_len];
                let news = &new[new_index..new_index + new_len];
                let paired = olds.len().min(news.len());
                for (o, n) in olds.iter().zip(news) {
                    if o.kind == n.kind && similar_enough(o, n) {
                        let (cells, i, d) = word_diff_cells(&o.cells, &n.cells);
                        ins += i;
                        del += d;
                        out.push(BlockDiff::Changed {
                            kind: n.kind,
                            cells,
                        });
                    } else {
                        del += words(&o.text());
                        ins += words(&n.text());
                        out.push(BlockDiff::Removed { block: o.clone() });
                        out.push(BlockDiff::Added { block: n.clone() });
                    }
                }
                for o in &olds[paired..] {
                    del += words(&o.text());
                    out.push(BlockDiff::Removed { block: o.clone() });
                }
                for n in &news[paired..] {
                    ins += words(&n.text());
                    out.push(BlockDiff::Added { block: n.clone() });
                }
            }
        }
    }
    (out, ins, del)
}

/// Pairs blocks as "edited" when at least a third of their words survive.
fn similar_enough(o: &Block, n: &Block) -> bool {
    let (a, b) = (o.text(), n.text());
    let (a, b): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    let kept: usize = capture_diff_slices(Algorithm::Patience, &a, &b)
        .iter()
        .map(|op| {
            if let DiffOp::Equal { len, .. } = op {
                *len
            } else {
                0
            }
        })
        .sum();
    // Shared words over all words (Dice coefficient), counting words only, not spaces.
    2 * kept * 100 >= 34 * (a.len() + b.len())
}

fn word_diff_cells(old: &[String], new: &[String]) -> (Vec<Vec<Span>>, usize, usize) {
    let n = old.len().max(new.len());
    let empty = String::new();
    let (mut ins, mut del) = (0, 0);
    let cells = (0..n)
        .map(|i| {
            let (spans, a, d) =
                word_diff(old.get(i).unwrap_or(&empty), new.get(i).unwrap_or(&empty));
            ins += a;
            del += d;
            spans
        })
        .collect();
    (cells, ins, del)
}

/// Word-level diff of two strings, as runs of equal, inserted and deleted text.
pub fn word_diff(old: &str, new: &str) -> (Vec<Span>, usize, usize) {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(old, new);
    let mut spans: Vec<Span> = Vec::new();
    let (mut ins, mut del) = (0, 0);
    // A run of changes reads as one deletion followed by one insertion, even where the word
    // diff interleaves them around shared spaces.
    let (mut del_buf, mut ins_buf) = (String::new(), String::new());
    let flush = |spans: &mut Vec<Span>, del_buf: &mut String, ins_buf: &mut String| {
        for (kind, buf) in [(SpanKind::Delete, del_buf), (SpanKind::Insert, ins_buf)] {
            if !buf.is_empty() {
                let trimmed = buf.trim_end().to_string();
                let tail = buf[trimmed.len()..].to_string();
                spans.push(Span {
                    kind,
                    text: trimmed,
                });
                if kind == SpanKind::Insert && !tail.is_empty() {
                    spans.push(Span {
                        kind: SpanKind::Equal,
                        text: tail,
                    });
                }
                buf.clear();
            }
        }
    };
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Delete => {
                del += words(text);
                del_buf.push_str(text);
            }
            ChangeTag::Insert => {
                ins += words(text);
                ins_buf.push_str(text);
            }
            ChangeTag::Equal
                if text.trim().is_empty() && !(del_buf.is_empty() && ins_buf.is_empty()) =>
            {
                del_buf.push_str(text);
                ins_buf.push_str(text);
            }
            ChangeTag::Equal => {
                flush(&mut spans, &mut del_buf, &mut ins_buf);
                match spans.last_mut() {
                    Some(last) if last.kind == SpanKind::Equal => last.text.push_str(text),
                    _ => spans.push(Span {
                        kind: SpanKind::Equal,
                        text: text.to_string(),
                    }),
                }
            }
        }
    }
    flush(&mut spans, &mut del_buf, &mut ins_buf);
    // Whitespace that only padded a deletion is dropped; an insertion's padding is kept.
    spans.retain(|s| !s.text.is_empty());
    (spans, ins, del)
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            cells: vec![t.into()],
        }
    }

    fn sec(id: &str, number: &str, title: &str, blocks: Vec<Block>) -> SectionText {
        SectionText {
            id: id.into(),
            number: Some(number.into()),
            title: title.into(),
            level: 2,
            blocks,
        }
    }

    #[test]
    fn identical_versions_have_no_changes() {
        let v = vec![sec("a", "1", "A", vec![para("Text här.")])];
        let d = diff(&v, &v);
        assert_eq!(d.summary, Summary::default());
        assert!(d.sections.iter().all(|s| !s.is_interesting()));
    }

    #[test]
    fn renumbered_section_is_not_deleted_and_added() {
        let old = vec![
            sec("a", "1", "A", vec![para("x")]),
            sec("b", "2", "B", vec![para("y")]),
        ];
        let new = vec![
            sec("ny", "1", "Ny", vec![para("z")]),
            sec("a", "2", "A", vec![para("x")]),
            sec("b", "3", "B", vec![para("y")]),
        ];
        let d = diff(&old, &new);
        assert_eq!(d.summary.sections_added, 1);
        assert_eq!(d.summary.sections_removed, 0);
        assert_eq!(d.summary.sections_renumbered, 2);
        assert_eq!(d.summary.sections_moved, 0);
        let b = d.sections.iter().find(|s| s.id == "b").unwrap();
        assert_eq!(
            (b.old_number.as_deref(), b.new_number.as_deref()),
            (Some("2"), Some("3"))
        );
        assert_eq!(b.status, SectionStatus::Unchanged);
    }

    #[test]
    fn moved_section_is_reported_as_moved() {
        let a = sec("a", "1", "A", vec![para("x")]);
        let b = sec("b", "2", "B", vec![para("y")]);
        let c = sec("c", "3", "C", vec![para("z")]);
        let d = diff(&[a.clone(), b.clone(), c.clone()], &[c, a, b]);
        assert_eq!(d.summary.sections_moved, 1);
        assert!(d.sections.iter().find(|s| s.id == "c").unwrap().moved);
        assert_eq!(d.summary.sections_added + d.summary.sections_removed, 0);
    }

    #[test]
    fn word_change_in_a_table_cell() {
        let row = |c: &str| Block {
            kind: BlockKind::TableRow,
            cells: vec!["Avesta".into(), c.into()],
        };
        let old = vec![sec("t", "1", "T", vec![row("412 477 kr")])];
        let new = vec![sec("t", "1", "T", vec![row("412 478 kr")])];
        let d = diff(&old, &new);
        let BlockDiff::Changed { kind, cells } = &d.sections[0].blocks[0] else {
            panic!("{:?}", d.sections[0].blocks)
        };
        assert_eq!(*kind, BlockKind::TableRow);
        assert_eq!(
            cells[0],
            vec![Span {
                kind: SpanKind::Equal,
                text: "Avesta".into()
            }]
        );
        assert!(cells[1].contains(&Span {
            kind: SpanKind::Delete,
            text: "477".into()
        }));
        assert!(cells[1].contains(&Span {
            kind: SpanKind::Insert,
            text: "478".into()
        }));
        assert_eq!((d.summary.words_inserted, d.summary.words_deleted), (1, 1));
    }

    #[test]
    fn empty_version_removes_everything() {
        let old = vec![sec("a", "1", "A", vec![para("ett två tre")])];
        let d = diff(&old, &[]);
        assert_eq!(d.summary.sections_removed, 1);
        assert_eq!(d.summary.words_deleted, 3);
        let d = diff(&[], &old);
        assert_eq!(d.summary.sections_added, 1);
        assert_eq!(d.summary.words_inserted, 3);
    }

    #[test]
    fn a_part_one_source_lacks_is_absent_not_added_or_removed() {
        let intro = SectionText {
            id: String::new(),
            number: None,
            title: String::new(),
            level: 0,
            blocks: vec![para("Titelsida")],
        };
        let body = sec("a", "1", "A", vec![para("x")]);
        let lacks_intro = vec![String::new()];
        let d = diff_with(
            std::slice::from_ref(&body),
            &[intro.clone(), body.clone()],
            Absent {
                old: &lacks_intro,
                new: &[],
            },
        );
        assert_eq!(d.sections[0].status, SectionStatus::Absent);
        assert!(!d.sections[0].is_interesting());
        assert!(matches!(d.sections[0].blocks[0], BlockDiff::Same { .. }));
        assert_eq!(
            (d.summary.sections_added, d.summary.sections_absent),
            (0, 1)
        );
        assert_eq!(d.summary.words_inserted, 0);
        // The other way round: the newer source lacks it.
        let d = diff_with(
            &[intro.clone(), body.clone()],
            std::slice::from_ref(&body),
            Absent {
                old: &[],
                new: &lacks_intro,
            },
        );
        assert_eq!(d.sections[0].status, SectionStatus::Absent);
        assert_eq!(
            (d.summary.sections_removed, d.summary.words_deleted),
            (0, 0)
        );
        // Without `absent:` it is a real addition.
        let d = diff(std::slice::from_ref(&body), &[intro, body.clone()]);
        assert_eq!(d.sections[0].status, SectionStatus::Added);
    }

    #[test]
    fn rewritten_paragraph_is_word_diffed_and_unrelated_one_replaced() {
        let old = vec![sec(
            "a",
            "1",
            "A",
            vec![
                para("Styrgruppen består av tre personer."),
                para("Helt annan text om lokaler."),
            ],
        )];
        let new = vec![sec(
            "a",
            "1",
            "A",
            vec![
                para("Styrgruppen består av fyra personer."),
                para("Budgeten räknas upp årligen med tre procent."),
            ],
        )];
        let d = diff(&old, &new);
        let blocks = &d.sections[0].blocks;
        assert!(matches!(blocks[0], BlockDiff::Changed { .. }));
        assert!(matches!(blocks[1], BlockDiff::Removed { .. }));
        assert!(matches!(blocks[2], BlockDiff::Added { .. }));
    }
}
