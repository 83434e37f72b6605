//! Totals a document prints in its own tables. A markdown table row labelled as a total
//! ("Summa", "Totalt", "Total", "Delsumma" …) must agree, column by column, with the sum of
//! the rows it closes: the rows since the previous total row (a subtotal), or all rows above
//! it, or the subtotals above it (a grand total). Amounts are read as the documents print
//! them ("3 630 960", "1 234 567 kr", "11,36 %"); a column with a cell that is not a number
//! ("Ej inventerat") has no sum to compare. Printed decimals are taken as rounded: a sum of
//! n rows with two decimals may differ by up to n × 0,005.

use super::text::{Body, Number, SCALE, parse_number, swedish};
use crate::diag::Diagnostics;

/// Whether a row label marks a total.
pub fn is_total_label(label: &str) -> bool {
    let lower = label.trim().trim_end_matches(':').to_lowercase();
    let mut words = lower.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let rest = words.count();
    let total_word = |w: &str| {
        matches!(
            w,
            "summa" | "totalt" | "total" | "totalsumma" | "delsumma" | "sammanlagt" | "slutsumma"
        )
    };
    total_word(first) && rest <= 3 || lower.ends_with(" totalt") && rest <= 2
}

#[derive(Clone, Copy)]
enum Cell {
    Empty,
    Number(Number),
    Text,
}

fn read(text: &str) -> Cell {
    let t = text.trim();
    if t.is_empty() || matches!(t, "-" | "–" | "—") {
        return Cell::Empty;
    }
    parse_number(t).map_or(Cell::Text, Cell::Number)
}

/// The sum of numbers, or `None` when a cell is text (an unknown amount).
fn sum(cells: &[Cell]) -> Option<(i128, u32, usize)> {
    let mut total = 0;
    let mut decimals = 0;
    let mut n = 0;
    for c in cells {
        match c {
            Cell::Empty => {}
            Cell::Text => return None,
            Cell::Number(x) => {
                total += x.value;
                decimals = decimals.max(x.decimals);
                n += 1;
            }
        }
    }
    (n > 0).then_some((total, decimals, n))
}

fn agrees(stated: &Number, (total, decimals, n): (i128, u32, usize)) -> bool {
    let decimals = decimals.max(stated.decimals);
    let tolerance = if decimals == 0 {
        0
    } else {
        // Half a unit of the last printed decimal per row.
        (SCALE / 10i128.pow(decimals.min(4))) * n as i128 / 2
    };
    (stated.value - total).abs() <= tolerance
}

/// The printed totals of one version's tables.
pub fn check_body(v: &crate::resolve::Version, body: &Body, diags: &Diagnostics) {
    {
        for table in &body.tables {
            let rows: Vec<Vec<(usize, Cell)>> = table
                .rows
                .iter()
                .skip(1)
                .map(|r| r.iter().map(|&b| (b, read(body.text(b)))).collect())
                .collect();
            let label_of = |r: &[(usize, Cell)]| {
                r.iter()
                    .map(|&(b, _)| body.text(b).trim())
                    .find(|t| !t.is_empty())
                    .unwrap_or("")
            };
            let mut section_start = 0;
            let mut subtotals: Vec<usize> = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let label = label_of(row);
                if !is_total_label(label) {
                    continue;
                }
                for (c, &(b, cell)) in row.iter().enumerate() {
                    let Cell::Number(stated) = cell else { continue };
                    if body.text(b).trim() == label {
                        continue;
                    }
                    let column = |range: &mut dyn Iterator<Item = usize>| -> Vec<Cell> {
                        range
                            .filter_map(|r| rows[r].get(c).map(|&(_, cell)| cell))
                            .collect()
                    };
                    let plain: Vec<usize> = (0..i)
                        .filter(|r| !is_total_label(label_of(&rows[*r])))
                        .collect();
                    let candidates = [
                        sum(&column(
                            &mut (section_start..i).filter(|r| !subtotals.contains(r)),
                        )),
                        sum(&column(&mut plain.iter().copied())),
                        (subtotals.len() >= 2)
                            .then(|| sum(&column(&mut subtotals.iter().copied())))
                            .flatten(),
                    ];
                    let known: Vec<_> = candidates.iter().flatten().copied().collect();
                    // A column with an unknown (text) cell above has no sum to compare.
                    if known.is_empty() || candidates[0].is_none() {
                        continue;
                    }
                    if known.iter().any(|&s| agrees(&stated, s)) {
                        continue;
                    }
                    let (total, decimals, n) = known[0];
                    diags.warning(
                            &v.path,
                            body.pos(b, 0),
                            format!(
                                "the table's `{label}` row says {stated} but its {n} rows above add up to {}",
                                swedish(total, decimals.max(stated.decimals))
                            ),
                            "check the rows and the printed total against the source document",
                        );
                }
                subtotals.push(i);
                section_start = i + 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_labels() {
        for l in [
            "Summa",
            "Totalt",
            "Total:",
            "Delsumma Region",
            "Summa totalt",
            "Kostnad totalt",
        ] {
            assert!(is_total_label(l), "{l}");
        }
        for l in [
            "Totalförsvaret i kommunerna år 2025",
            "Avesta",
            "Summeringar",
        ] {
            assert!(!is_total_label(l), "{l}");
        }
    }
}
