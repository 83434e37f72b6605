//! How one figure of a data table is shown, by where it comes from
//! ([`crate::resolve::figures::Cell`]): as the document prints it; computed by styrdok, in the
//! `derived` style with a mark; in the document's own words where it leaves the figure open;
//! or as unknown. Under a table with computed figures goes a note, set apart from the
//! document's text, saying how styrdok computed them (`derived.<method>` in `strings.yaml`).

use std::collections::BTreeSet;
use std::fmt::Write;

use super::format::Strings;
use super::html::esc;
use crate::resolve::figures::{Cell, Method};

/// The methods used for the computed figures of one table, for the note under it.
#[derive(Debug, Default)]
pub struct Notes(BTreeSet<Method>);

impl Notes {
    pub fn add(&mut self, m: Method) {
        self.0.insert(m);
    }

    /// The note under the table, or nothing when the table shows only what the document
    /// prints.
    pub fn write(&self, t: &Strings, out: &mut String) {
        if self.0.is_empty() {
            return;
        }
        write!(
            out,
            "<p class=\"derived-note\" role=\"note\">{} {}",
            mark(),
            esc(t.get("derived_note_intro"))
        )
        .unwrap();
        for m in &self.0 {
            write!(out, " {}", esc(t.get(&format!("derived.{}", m.key())))).unwrap();
        }
        out.push_str("</p>");
    }
}

/// The visible mark of a computed figure; the note under the table starts with it.
fn mark() -> &'static str {
    "<span class=\"derived-mark\" aria-hidden=\"true\">*</span>"
}

/// A computed figure's content: the value, its mark, and words for screen readers.
fn derived(t: &Strings, text: &str) -> String {
    format!(
        "{}{}<span class=\"sr-only\"> ({})</span>",
        esc(text),
        mark(),
        esc(t.get("derived_label"))
    )
}

/// A `<td>` for a figure, noting in `notes` how it was computed when it was.
pub fn td<T: Copy + PartialEq>(
    cell: &Cell<T>,
    fmt: impl Fn(T) -> String,
    t: &Strings,
    notes: &mut Notes,
) -> String {
    match cell {
        Cell::Stated {
            value,
            computed: None,
        } => format!("<td class=\"num\">{}</td>", esc(&fmt(*value))),
        Cell::Stated {
            value,
            computed: Some(c),
        } => format!(
            "<td class=\"num\">{} <span class=\"stated-differs\">({} {})</span></td>",
            esc(&fmt(*value)),
            esc(t.get("computed_differs")),
            esc(&fmt(*c))
        ),
        Cell::Derived(value, m) => {
            notes.add(*m);
            format!(
                "<td class=\"num derived\">{}</td>",
                derived(t, &fmt(*value))
            )
        }
        Cell::Open(words) => format!("<td class=\"open\">{}</td>", esc(words)),
        Cell::Unknown => {
            notes.add(Method::Unknown);
            format!(
                "<td class=\"num derived unknown\">{}</td>",
                derived(t, t.get("figure_unknown"))
            )
        }
    }
}

/// A column header; marked as computed when every figure under it is.
pub fn th(label: &str, derived_column: bool, t: &Strings) -> String {
    if derived_column {
        format!(
            "<th scope=\"col\" class=\"num derived\">{}</th>",
            derived(t, label)
        )
    } else {
        format!("<th scope=\"col\" class=\"num\">{}</th>", esc(label))
    }
}
