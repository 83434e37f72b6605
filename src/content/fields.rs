//! Front matter read so that one mistake gives one error: an unknown top-level field is
//! reported and ignored, and a bad value of an optional field is reported and that field
//! alone dropped, so the document still loads and nothing that refers to it fails.
//!
//! The YAML is read twice: once for its top-level keys with their lines, then as the typed
//! [`FrontMatter`]. Fields left out are blanked line for line, so every position stays true.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::frontmatter::FrontMatter;
use crate::diag::{Diagnostics, Pos};

/// Fields without which the document cannot stand (or whose loss could make internal text
/// public): an error in one of them drops the document, as before.
const ESSENTIAL: &[&str] = &["id", "kind", "title", "audience"];

/// A top-level key and the line (1-based, in the YAML) it stands on.
struct Key {
    name: String,
    line: usize,
    col: usize,
}

struct Keys(Vec<Key>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the fields of the front matter (`id: …`, `kind: …` …)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = map.next_key::<Spanned<String>>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(Key {
                        name: k.value,
                        line: k.referenced.line() as usize,
                        col: k.referenced.column() as usize,
                    });
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(V)
    }
}

/// The names of the fields [`FrontMatter`] reads, as serde knows them.
pub fn known_fields() -> &'static [&'static str] {
    static FIELDS: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();
    FIELDS.get_or_init(fields_of::<FrontMatter>)
}

/// The names of the fields a struct reads, as serde knows them.
pub fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut capture = Capture(&[]);
    let _ = T::deserialize(&mut capture);
    capture.0
}

/// A deserializer that only records the field names a struct asks for.
struct Capture(&'static [&'static str]);

impl<'de> de::Deserializer<'de> for &mut Capture {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("capture only"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(de::Error::custom("capture only"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Reads front matter that starts on `first_line` of `path`: every problem is reported;
/// `None` only when the document cannot load at all.
pub fn read(path: &Path, yaml: &str, first_line: u32, diags: &Diagnostics) -> Option<FrontMatter> {
    // Most front matter has only known fields and reads at once: then one parse does.
    if only_known_keys(yaml)
        && let Ok(fm) = serde_saphyr::from_str::<FrontMatter>(yaml)
    {
        return Some(fm);
    }
    // A YAML the parser cannot read at all, or that is not a mapping: reported as it is.
    let keys = match serde_saphyr::from_str::<Keys>(yaml) {
        Ok(k) => k.0,
        Err(_) => return super::load::parse_yaml::<FrontMatter>(path, yaml, first_line, diags),
    };
    let known = known_fields();
    let mut lines: Vec<String> = yaml.split('\n').map(str::to_string).collect();
    let mut dropped: BTreeSet<usize> = BTreeSet::new();
    for (i, k) in keys.iter().enumerate() {
        if known.contains(&k.name.as_str()) {
            continue;
        }
        let hint = match crate::resolve::closest(&k.name, known.iter().copied()) {
            Some(c) => format!("did you mean `{c}`? The document is read without the field"),
            None => "remove the field or correct its spelling; docs/authoring.md lists the fields. The document is read without it".into(),
        };
        diags.error(
            path,
            Pos::new(k.line as u32 + first_line - 1, k.col.max(1) as u32),
            format!("unknown field `{}`", k.name),
            hint,
        );
        blank(&mut lines, &keys, i);
        dropped.insert(i);
    }
    // Each bad optional field is reported and left out; at most one try per field.
    for _ in 0..=keys.len() {
        let text = lines.join("\n");
        let err = match serde_saphyr::from_str::<FrontMatter>(&text) {
            Ok(fm) => return Some(fm),
            Err(e) => e,
        };
        let owner = err.location().and_then(|l| {
            let line = l.line() as usize;
            keys.iter()
                .enumerate()
                .rfind(|(i, k)| k.line <= line && !dropped.contains(i))
                .map(|(i, _)| i)
        });
        // Report it as the plain parse does, with its position and hint.
        let _ = super::load::parse_yaml::<FrontMatter>(path, &text, first_line, diags);
        // An unknown field inside a block (`decision:`) is left out alone, the block kept.
        if err.to_string().contains("unknown field")
            && let Some(l) = err.location()
            && blank_nested(&mut lines, l.line() as usize, l.column() as usize)
        {
            continue;
        }
        match owner {
            Some(i) if !ESSENTIAL.contains(&keys[i].name.as_str()) => {
                blank(&mut lines, &keys, i);
                dropped.insert(i);
            }
            _ => return None,
        }
    }
    None
}

/// Whether `yaml` is, for certain, a block mapping whose top-level keys are all fields
/// [`FrontMatter`] knows, so that [`read`] has nothing to leave out when it parses: every
/// line at the left margin is a known `key:` (the first of them too), a comment, or an item
/// of a list that is a key's value. Anything else (flow style, quoted or explicit keys,
/// anchors, tabs, directives) says `false`, and [`read`] takes the long way. Top-level
/// keys of a block mapping stand at the margin, so none is missed.
fn only_known_keys(yaml: &str) -> bool {
    let known = known_fields();
    let mut first = true;
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with(' ') || line.starts_with('#') {
            continue;
        }
        let key = line
            .split_once(':')
            .filter(|(_, rest)| rest.is_empty() || rest.starts_with(' '))
            .map(|(k, _)| k)
            .filter(|k| known.contains(k));
        match key {
            Some(_) => first = false,
            // A list item at the margin belongs to the key above it.
            None if !first && (line == "-" || line.starts_with("- ")) => {}
            None => return false,
        }
    }
    !first
}

/// Blanks the field whose key stands at (1-based) `line`, `col` and is the first thing on its
/// line, with the more indented lines of its value; `false` when it is not.
pub(super) fn blank_nested(lines: &mut [String], line: usize, col: usize) -> bool {
    let Some(i) = line.checked_sub(1).filter(|&i| i < lines.len()) else {
        return false;
    };
    let indent = lines[i].len() - lines[i].trim_start().len();
    let key_col = lines[i][..indent].chars().count() + 1;
    if key_col != col || indent == 0 {
        return false;
    }
    let mut end = i + 1;
    while end < lines.len() {
        let l = &lines[end];
        let content = !l.trim().is_empty() && !l.trim_start().starts_with('#');
        if content && l.len() - l.trim_start().len() <= indent {
            break;
        }
        end += 1;
    }
    for l in &mut lines[i..end] {
        l.clear();
    }
    true
}

/// Blanks the lines of the `i`th key's entry: from its line to the next key's.
fn blank(lines: &mut [String], keys: &[Key], i: usize) {
    let start = keys[i].line.saturating_sub(1);
    let end = keys
        .iter()
        .map(|k| k.line.saturating_sub(1))
        .filter(|&l| l > start)
        .min()
        .unwrap_or(lines.len());
    let end = end.min(lines.len());
    for line in &mut lines[start..end] {
        line.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_front_matter_of_known_top_level_keys_takes_the_short_way() {
        for yaml in [
            "id: a\nkind: agreement\ntitle: \"A: B\"\n",
            "# note\nid: a\nparties:\n- region\n- falun\ntitle: T\n",
            "id: a\r\ntitle: >\n  long\n  text\n",
        ] {
            assert!(only_known_keys(yaml), "{yaml:?}");
        }
        for yaml in [
            "",
            "- id: a\n",
            "id: a\ntitel: T\n",
            "{id: a, title: T}\n",
            "\"id\": a\n",
            "? id\n: a\n",
            "&x id: a\n",
            "id: a\n\ttitle: T\n",
            "id: \"a\nb\"\n",
            "<<: *x\nid: a\n",
        ] {
            assert!(!only_known_keys(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn the_known_fields_are_the_front_matter_fields() {
        let known = known_fields();
        for f in ["id", "kind", "title", "date", "decision", "in_force_when"] {
            assert!(known.contains(&f), "{f} in {known:?}");
        }
    }

    #[test]
    fn an_unknown_field_is_reported_and_the_rest_read() {
        let diags = Diagnostics::new();
        let yaml = "id: a\nkind: page\nforfattare:\n  - Någon\ntitle: Sida\ndate: 2025-13-45\n";
        let fm = read(Path::new("a.md"), yaml, 2, &diags).expect("loads");
        assert_eq!(fm.title, "Sida");
        assert_eq!(fm.date.unwrap().value, "2025-13-45");
        let d = diags.into_sorted();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].pos, Pos::new(4, 1));
        assert!(d[0].message.contains("`forfattare`"));
    }

    #[test]
    fn a_bad_optional_field_is_dropped_alone() {
        let diags = Diagnostics::new();
        let yaml = "id: a\nkind: page\ntitle: Sida\ncopies: många\nnumbered: kanske\n";
        let fm = read(Path::new("a.md"), yaml, 2, &diags).expect("loads");
        assert!(fm.copies.is_none());
        let d = diags.into_sorted();
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].pos.line, 5);
        assert_eq!(d[1].pos.line, 6);
    }

    #[test]
    fn an_unknown_field_in_a_block_is_left_out_alone() {
        let diags = Diagnostics::new();
        let yaml = "id: a\nkind: decision\ntitle: Beslut\ndecision:\n  organ: KS\n  ordforande:\n    - X\n  party: norrby\n  paragraph: § 1\n";
        let fm = read(Path::new("a.md"), yaml, 2, &diags).expect("loads");
        assert_eq!(fm.decision.expect("the block is kept").organ.value, "KS");
        let d = diags.into_sorted();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].pos, Pos::new(7, 3));
    }

    #[test]
    fn a_bad_essential_field_drops_the_document() {
        let diags = Diagnostics::new();
        let yaml = "id: a\nkind: memo\ntitle: Sida\n";
        assert!(read(Path::new("a.md"), yaml, 2, &diags).is_none());
        assert_eq!(diags.into_sorted().len(), 1);
    }
}
