//! Data files read entry by entry: a mistake in one entry of a list (one party in
//! `data/parter.yaml`) is reported and that entry alone dropped, so the other entries load and
//! nothing that uses them fails. The entry's lines are blanked, so every position stays true.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostics, LeftOut};

/// Reads a data file that starts on line 1: every mistake reported, each bad list entry left
/// out (and recorded as `what` with [`Diagnostics::leave_out`], so its uses are not reported
/// again); `None` only when the file as a whole cannot be read (recorded as all left out).
pub fn read<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    what: LeftOut,
    diags: &Diagnostics,
) -> Option<T> {
    let read = read_entries(path, text, what, diags);
    if read.is_none() {
        diags.leave_out(what, crate::diag::ALL);
    }
    read
}

fn read_entries<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    what: LeftOut,
    diags: &Diagnostics,
) -> Option<T> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for _ in 0..lines.len().max(1) {
        let current = lines.join("\n");
        let err = match serde_saphyr::from_str::<T>(&current) {
            Ok(v) => return Some(v),
            Err(e) => e,
        };
        let found = Diagnostics::new();
        let _ = super::load::parse_yaml::<T>(path, &current, 1, &found);
        let entry = err
            .location()
            .and_then(|l| entry_around(&lines, l.line() as usize));
        let id = entry.and_then(|(start, end)| entry_id(&lines[start..end]));
        // An unknown field is left out alone when it stands on its own line; the entry stays.
        let ignored = err.to_string().contains("unknown field")
            && err.location().is_some_and(|l| {
                super::fields::blank_nested(&mut lines, l.line() as usize, l.column() as usize)
            });
        for mut d in found.into_sorted() {
            // Say that the entry is left out, so what uses it fails for this one reason.
            if let Some(id) = id.as_ref().filter(|_| !ignored) {
                let hint = d.hint.take().unwrap_or_default();
                d.hint = Some(
                    format!(
                        "{hint}; until then the entry `{id}` is left out, and what names it is not checked"
                    )
                    .into(),
                );
            }
            diags.push(d);
        }
        if ignored {
            continue;
        }
        let (start, end) = entry?;
        if let Some(id) = &id {
            diags.leave_out(what, id);
        }
        for l in &mut lines[start..end] {
            l.clear();
        }
        empty_list_stays_a_list(&mut lines, start);
    }
    None
}

/// When the entry just blanked at `start` was the last of its list, the key above it would
/// read as no value at all (`parties:`) and give an error of its own: it becomes `[]`.
fn empty_list_stays_a_list(lines: &mut [String], start: usize) {
    let Some(key) = (0..start)
        .rev()
        .find(|&i| is_content(&lines[i]) && indent(&lines[i]) == 0)
    else {
        return;
    };
    let rest = lines[key + 1..]
        .iter()
        .take_while(|l| !is_content(l) || indent(l) > 0 || l.starts_with('-'))
        .any(|l| is_content(l));
    let line = &mut lines[key];
    if !rest && line.trim_end().ends_with(':') {
        line.push_str(" []");
    }
}

/// The `id:` of an entry, when it has one on its own line (`- id: norrby`).
fn entry_id(lines: &[String]) -> Option<String> {
    lines.iter().find_map(|l| {
        let t = l.trim_start().trim_start_matches('-').trim_start();
        id_value(t.strip_prefix("id:")?)
    })
}

/// The value after `id:` on a YAML line that did not deserialize: without a trailing comment
/// or quotes; `None` when empty. Only to name what an error left out, never to load it.
pub(crate) fn id_value(after_colon: &str) -> Option<String> {
    let v = after_colon.trim();
    let v = v
        .split(" #")
        .next()
        .unwrap_or(v)
        .trim()
        .trim_matches(['"', '\'']);
    (!v.is_empty()).then(|| v.to_string())
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The lines (0-based, end exclusive) of the entry of a top-level list that holds the
/// (1-based) `line`: from its `- ` to the next entry or the end of the list.
fn entry_around(lines: &[String], line: usize) -> Option<(usize, usize)> {
    let at = line.checked_sub(1)?.min(lines.len().checked_sub(1)?);
    // The top-level key above, and the indent of its list's items.
    let key = (0..=at)
        .rev()
        .find(|&i| is_content(&lines[i]) && indent(&lines[i]) == 0 && !lines[i].starts_with('-'))?;
    let item_indent = lines[key + 1..]
        .iter()
        .find(|l| is_content(l))
        .filter(|l| l.trim_start().starts_with('-'))
        .map(|l| indent(l))?;
    let is_item = |l: &str| indent(l) == item_indent && l.trim_start().starts_with('-');
    let start = (key + 1..=at).rev().find(|&i| is_item(&lines[i]))?;
    let end = (start + 1..lines.len())
        .find(|&i| is_content(&lines[i]) && (is_item(&lines[i]) || indent(&lines[i]) < item_indent))
        .unwrap_or(lines.len());
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct File {
        parties: Vec<Entry>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        id: String,
        #[serde(default)]
        #[allow(dead_code)]
        population: Vec<Count>,
    }
    #[derive(serde::Deserialize, Debug)]
    struct Count {
        #[allow(dead_code)]
        count: u64,
    }

    #[test]
    fn an_unknown_field_of_an_entry_is_ignored_and_the_entry_kept() {
        let text = "parties:\n  - id: a\n    farg: blå\n  - id: b\n";
        let diags = Diagnostics::new();
        let file: File =
            read(Path::new("data/parter.yaml"), text, LeftOut::Party, &diags).expect("reads");
        assert_eq!(file.parties.len(), 2);
        let d = diags.into_sorted();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].pos.line, 3);
        assert!(!d[0].hint.as_deref().unwrap_or("").contains("left out"));
    }

    #[test]
    fn a_list_whose_every_entry_is_bad_is_empty_not_an_error() {
        let text = "parties:\n  - id: a\n    population:\n      - { count: x }\n  - id: b\n    population:\n      - { count: y }\n";
        let diags = Diagnostics::new();
        let file: File =
            read(Path::new("data/parter.yaml"), text, LeftOut::Party, &diags).expect("reads");
        assert!(file.parties.is_empty());
        assert_eq!(diags.left_out_ids(LeftOut::Party), ["a", "b"]);
        let d = diags.into_sorted();
        assert_eq!(d.len(), 2, "{d:?}");
    }

    #[test]
    fn a_bad_entry_is_dropped_alone() {
        let text = "# fictional\nparties:\n  - id: a\n    population:\n      - { count: 1 }\n  - id: b\n    population:\n      - { count: tusen }\n  - id: c\n";
        let diags = Diagnostics::new();
        let file: File =
            read(Path::new("data/parter.yaml"), text, LeftOut::Party, &diags).expect("reads");
        let ids: Vec<&str> = file.parties.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        let d = diags.into_sorted();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].pos.line, 8);
        assert!(
            d[0].hint
                .as_deref()
                .unwrap()
                .contains("entry `b` is left out")
        );
    }
}
