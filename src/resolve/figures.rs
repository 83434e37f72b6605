//! Figures computed from the structured data — budget totals, per-principal shares, the
//! population-based cost allocation, staffing sums — then compared with the figures the
//! documents state (`stated`) and attributed to the sections they come from (`sources`).
//! Every figure a table shows is a [`Cell`] that says where it comes from:
//! printed in the document, computed by styrdok, or left open by the document. A figure the
//! document prints is shown as printed; a difference with what the rows add up to is a
//! warning with both numbers: the customer's documents are reported, never silently
//! corrected. A sum over a part the document leaves open is unknown, never a sum of zeros.

use std::collections::HashMap;
use std::path::Path;

mod sources;
mod stated;

use super::Site;
use crate::content::data::{Allocation, Budget, Figure, Staffing};
use crate::content::frontmatter::{At, pos_in_file};
use crate::diag::Diagnostics;
pub use sources::TableSource;
use sources::table_sources;
use stated::{check_allocation, check_budget, check_same_as, check_staffing, check_stated_costs};

/// How styrdok computed a figure the document does not print; each has a note in
/// `strings.yaml` (`derived.<key>`) shown under the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// The sum of the rows above.
    Sum,
    /// A line's cost split between the principals as the line's split says.
    Split,
    /// A party's population, from the parties file, not from this table.
    Population,
    /// Shares of the population, by the largest-remainder method.
    Share,
    /// The budget total times the share, to whole kronor.
    Cost,
    /// A sum over a part the document leaves open.
    Unknown,
}

impl Method {
    pub fn key(self) -> &'static str {
        match self {
            Method::Sum => "sum",
            Method::Split => "split",
            Method::Population => "population",
            Method::Share => "share",
            Method::Cost => "cost",
            Method::Unknown => "unknown",
        }
    }
}

/// One figure of a table, with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<T> {
    /// Printed in the document. `computed` is what the data add up to, when that is known and
    /// differs (`check` warns about it).
    Stated { value: T, computed: Option<T> },
    /// Computed by styrdok: the document does not print it.
    Derived(T, Method),
    /// Left open by the document, in its own words (empty when it prints nothing).
    Open(String),
    /// Computed over a part the document leaves open: it cannot be known.
    Unknown,
}

impl<T: Copy + PartialEq> Cell<T> {
    /// What a table shows for a figure the document may print: the printed value, else what
    /// styrdok computes (`None`: it cannot be computed).
    pub fn shown(stated: Option<T>, computed: Option<T>, method: Method) -> Cell<T> {
        match (stated, computed) {
            (Some(value), c) => Cell::Stated {
                value,
                computed: c.filter(|c| *c != value),
            },
            (None, Some(c)) => Cell::Derived(c, method),
            (None, None) => Cell::Unknown,
        }
    }

    /// A figure the data give for a line: a number as printed, or the document's words.
    pub fn given(f: Option<&Figure<T>>) -> Cell<T> {
        match f {
            Some(Figure::Number(n)) => Cell::Stated {
                value: *n,
                computed: None,
            },
            Some(Figure::Open(w)) => Cell::Open(w.clone()),
            None => Cell::Open(String::new()),
        }
    }

    /// The number, whether printed or computed; `None` when open or unknown.
    pub fn value(&self) -> Option<T> {
        match self {
            Cell::Stated { value, .. } | Cell::Derived(value, _) => Some(*value),
            Cell::Open(_) | Cell::Unknown => None,
        }
    }

    /// How styrdok made the figure, when the document does not print it.
    pub fn method(&self) -> Option<Method> {
        match self {
            Cell::Derived(_, m) => Some(*m),
            Cell::Unknown => Some(Method::Unknown),
            Cell::Stated { .. } | Cell::Open(_) => None,
        }
    }
}

/// The sum of figures, or `None` when one of them is not known: never a sum of zeros.
pub fn sum<T: std::iter::Sum<T>>(parts: impl IntoIterator<Item = Option<T>>) -> Option<T> {
    parts.into_iter().sum()
}

#[derive(Debug, Default, Clone)]
pub struct Figures {
    pub budgets: HashMap<String, BudgetFigures>,
    pub allocations: HashMap<String, AllocationFigures>,
    pub staffing: HashMap<String, StaffingFigures>,
    /// Per data table (shortcode name, id), the document sections it comes from.
    pub sources: HashMap<(String, String), Vec<TableSource>>,
}

impl Figures {
    /// Where the table `shortcode id="id"` comes from.
    pub fn sources_of(&self, shortcode: &str, id: &str) -> &[TableSource] {
        self.sources
            .get(&(shortcode.to_string(), id.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BudgetFigures {
    /// Per line, its amount as the document gives it.
    pub amounts: Vec<Cell<i64>>,
    /// Per line, the share one principal pays when the line is split ("50/50").
    pub shares: Vec<Option<Cell<i64>>>,
    /// The total of the share column, when some line is split.
    pub share_total: Option<Cell<i64>>,
    /// Subtotal per group, in order of first appearance.
    pub groups: Vec<(String, Cell<i64>)>,
    pub total: Cell<i64>,
    /// What the lines add up to (`None` when one is open).
    pub computed_total: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationRow {
    pub party: String,
    pub population: u64,
    /// Share in hundredths of a percent (1136 = 11,36 %).
    pub share: u32,
    /// `None` when the budget total is not known.
    pub cost: Option<i64>,
}

/// What an allocation table shows for one party.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationCells {
    pub party: String,
    pub population: Cell<u64>,
    pub share: Cell<u32>,
    pub cost: Cell<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AllocationFigures {
    /// As styrdok computes them, to compare with what the document states.
    pub rows: Vec<AllocationRow>,
    pub total_population: u64,
    pub budget_total: Option<i64>,
    pub total_cost: Option<i64>,
    /// As the table shows them.
    pub cells: Vec<AllocationCells>,
    pub total_population_cell: Cell<u64>,
    pub total_share_cell: Cell<u32>,
    pub total_cost_cell: Cell<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StaffingFigures {
    /// Per row, its extent as the document gives it.
    pub extents: Vec<Cell<f64>>,
    pub total: Cell<f64>,
}

/// Splits 100 % (10 000 hundredths) between populations by the largest-remainder method:
/// each gets the floor of its quota, and the hundredths left go to the largest remainders
/// (ties to the larger population, then to the earlier entry).
pub fn largest_remainder(populations: &[u64], units: u64) -> Vec<u32> {
    let total: u64 = populations.iter().sum();
    if total == 0 {
        return vec![0; populations.len()];
    }
    let mut shares: Vec<u64> = populations.iter().map(|p| p * units / total).collect();
    let left = units - shares.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..populations.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = populations[a] * units % total;
        let rb = populations[b] * units % total;
        rb.cmp(&ra)
            .then(populations[b].cmp(&populations[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().take(left as usize) {
        shares[i] += 1;
    }
    shares.into_iter().map(|s| s as u32).collect()
}

/// `total × share / 10 000`, rounded half up to whole kronor.
pub fn cost_of_share(total: i64, share_hundredths: u32) -> i64 {
    let x = total as i128 * share_hundredths as i128 * 2 + 10_000;
    (x / 20_000) as i64
}

/// The first principal's part of a split like "50/50" or "60/40", rounded half up.
pub fn split_share(amount: i64, split: &str) -> Option<i64> {
    let (a, b) = split.split_once('/')?;
    let (a, b): (i64, i64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    if a + b == 0 {
        return None;
    }
    Some((amount * a * 2 + (a + b)) / (2 * (a + b)))
}

pub(super) fn amount_of(f: &Option<At<Figure<i64>>>) -> Option<&Figure<i64>> {
    f.as_ref().map(|a| &a.value)
}

pub fn budget_figures(b: &Budget) -> BudgetFigures {
    let amounts: Vec<Cell<i64>> = b
        .lines
        .iter()
        .map(|l| Cell::given(amount_of(&l.amount)))
        .collect();
    let computed_total = sum(amounts.iter().map(Cell::value));
    let shares: Vec<Option<Cell<i64>>> = b
        .lines
        .iter()
        .zip(&amounts)
        .map(|(l, a)| {
            let split = l.split.as_ref()?;
            let computed = a.value().and_then(|a| split_share(a, &split.value));
            Some(Cell::shown(
                l.share.as_ref().map(|s| s.value),
                computed,
                Method::Split,
            ))
        })
        .collect();
    let share_total = shares.iter().any(Option::is_some).then(|| {
        Cell::shown(
            b.stated.share_total.as_ref().map(|s| s.value),
            sum(shares.iter().flatten().map(Cell::value)),
            Method::Sum,
        )
    });
    let mut names: Vec<&str> = Vec::new();
    for l in &b.lines {
        if let Some(g) = l.group.as_deref()
            && !names.contains(&g)
        {
            names.push(g);
        }
    }
    let groups = names
        .into_iter()
        .map(|g| {
            let parts = b
                .lines
                .iter()
                .zip(&amounts)
                .filter(|(l, _)| l.group.as_deref() == Some(g))
                .map(|(_, a)| a.value());
            let stated = b.stated.groups.get(g).map(|s| s.value);
            (g.to_string(), Cell::shown(stated, sum(parts), Method::Sum))
        })
        .collect();
    BudgetFigures {
        total: Cell::shown(
            b.stated.total.as_ref().map(|s| s.value),
            computed_total,
            Method::Sum,
        ),
        amounts,
        shares,
        share_total,
        groups,
        computed_total,
    }
}

pub fn staffing_figures(s: &Staffing) -> StaffingFigures {
    let extents: Vec<Cell<f64>> = s
        .rows
        .iter()
        .map(|r| Cell::given(r.extent.as_ref().map(|e| &e.value)))
        .collect();
    let computed = sum(extents.iter().map(Cell::value));
    StaffingFigures {
        total: Cell::shown(
            s.stated.total_extent.as_ref().map(|t| t.value),
            computed,
            Method::Sum,
        ),
        extents,
    }
}

pub fn compute(site: &Site, diags: &Diagnostics) -> Figures {
    let mut figures = Figures::default();
    let budget_path = site.data.path_of("budgets");
    for b in &site.data.budgets.budgets {
        let f = budget_figures(b);
        check_budget(&budget_path, b, &f, diags);
        if figures.budgets.insert(b.id.value.clone(), f).is_some() {
            diags.error(
                &budget_path,
                pos_in_file(&b.id, 1),
                format!("duplicate budget id `{}`", b.id.value),
                (),
            );
        }
    }
    check_same_as(site, &budget_path, &figures, diags);
    let alloc_path = site.data.path_of("allocations");
    for a in &site.data.allocations.allocations {
        match allocation_figures(site, &figures, a, &alloc_path, diags) {
            Some(f) => {
                check_allocation(&alloc_path, a, &f, diags);
                figures.allocations.insert(a.id.value.clone(), f);
            }
            // Its error is reported (or is one already reported): what names it is not
            // checked again.
            None => diags.leave_out(crate::diag::LeftOut::Allocation, &a.id.value),
        }
    }
    let staffing_path = site.data.path_of("staffing");
    for s in &site.data.staffing.staffing {
        let f = staffing_figures(s);
        check_staffing(&staffing_path, s, &f, diags);
        if figures.staffing.insert(s.id.value.clone(), f).is_some() {
            diags.error(
                &staffing_path,
                pos_in_file(&s.id, 1),
                format!("duplicate staffing table id `{}`", s.id.value),
                (),
            );
        }
    }
    check_stated_costs(site, &figures, diags);
    let tables = site
        .data
        .budgets
        .budgets
        .iter()
        .map(|b| ("budget", &b.id, b.source.as_ref(), &budget_path))
        .chain(
            site.data
                .allocations
                .allocations
                .iter()
                .map(|a| ("allocation", &a.id, a.source.as_ref(), &alloc_path)),
        )
        .chain(
            site.data
                .staffing
                .staffing
                .iter()
                .map(|s| ("staffing", &s.id, s.source.as_ref(), &staffing_path)),
        );
    for (shortcode, id, source, path) in tables {
        let found = table_sources(site, shortcode, id, source, path, diags);
        figures
            .sources
            .insert((shortcode.to_string(), id.value.clone()), found);
    }
    figures
}

impl StaffingFigures {
    /// What the rows add up to, when every row gives its extent.
    pub fn total_computed(&self) -> Option<f64> {
        sum(self.extents.iter().map(Cell::value))
    }
}

fn allocation_figures(
    site: &Site,
    figures: &Figures,
    a: &Allocation,
    path: &Path,
    diags: &Diagnostics,
) -> Option<AllocationFigures> {
    let Some(budget) = figures.budgets.get(&a.budget.value) else {
        diags.error(
            path,
            pos_in_file(&a.budget, 1),
            format!("unknown budget `{}`", a.budget.value),
            "budgets are listed in data/budget.yaml",
        );
        return None;
    };
    let mut populations = Vec::new();
    let mut ok = true;
    for p in &a.parties {
        match site.party(&p.value) {
            None => {
                site.check_party(&p.value, path, pos_in_file(p, 1), diags);
                ok = false;
            }
            Some(party) => match party.population_on(&a.population_date.value) {
                Some(n) => populations.push(n),
                None => {
                    diags.error(
                        path,
                        pos_in_file(p, 1),
                        format!(
                            "{} has no population for {} in data/parter.yaml",
                            party.name, a.population_date.value
                        ),
                        "add it under the party's `population:` — from a document, never estimated",
                    );
                    ok = false;
                }
            },
        }
    }
    if !ok {
        return None;
    }
    // The document's own total is what it splits; else what the lines add up to.
    let budget_total = budget.total.value();
    let shares = largest_remainder(&populations, 10_000);
    let rows: Vec<AllocationRow> = a
        .parties
        .iter()
        .zip(&populations)
        .zip(&shares)
        .map(|((p, &population), &share)| AllocationRow {
            party: p.value.clone(),
            population,
            share,
            cost: budget_total.map(|t| cost_of_share(t, share)),
        })
        .collect();
    let s = &a.stated;
    let cells: Vec<AllocationCells> = rows
        .iter()
        .map(|r| {
            let stated = s.rows.iter().find(|x| x.party.value == r.party);
            AllocationCells {
                party: r.party.clone(),
                population: Cell::shown(
                    stated.and_then(|x| x.population),
                    Some(r.population),
                    Method::Population,
                ),
                share: Cell::shown(
                    stated.and_then(|x| x.share).map(hundredths),
                    Some(r.share),
                    Method::Share,
                ),
                cost: Cell::shown(stated.and_then(|x| x.cost), r.cost, Method::Cost),
            }
        })
        .collect();
    let total_population = populations.iter().sum();
    let total_cost = sum(rows.iter().map(|r| r.cost));
    Some(AllocationFigures {
        total_population_cell: Cell::shown(
            s.total_population.as_ref().map(|v| v.value),
            Some(total_population),
            Method::Sum,
        ),
        total_share_cell: Cell::shown(
            s.total_share.as_ref().map(|v| hundredths(v.value)),
            Some(10_000),
            Method::Sum,
        ),
        total_cost_cell: Cell::shown(
            s.total_cost.as_ref().map(|v| v.value),
            total_cost,
            Method::Sum,
        ),
        total_population,
        total_cost,
        budget_total,
        cells,
        rows,
    })
}

/// A percentage as written (`11.36`) in hundredths (1136).
pub(super) fn hundredths(p: f64) -> u32 {
    (p * 100.0).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published 2026 key for nedre Dalarna (Samverkansavtal punkt 9.1).
    const NEDRE_2026: [u64; 7] = [22417, 51425, 59945, 10384, 15281, 26634, 11223];

    #[test]
    fn largest_remainder_reproduces_the_published_shares() {
        let shares = largest_remainder(&NEDRE_2026, 10_000);
        assert_eq!(shares, vec![1136, 2606, 3038, 526, 775, 1350, 569]);
        assert_eq!(shares.iter().sum::<u32>(), 10_000);
    }

    #[test]
    fn costs_round_to_whole_kronor() {
        let shares = largest_remainder(&NEDRE_2026, 10_000);
        let costs: Vec<i64> = shares
            .iter()
            .map(|&s| cost_of_share(3_630_960, s))
            .collect();
        assert_eq!(
            costs,
            vec![
                412_477, 946_228, 1_103_086, 190_988, 281_399, 490_180, 206_602
            ]
        );
        assert_eq!(costs.iter().sum::<i64>(), 3_630_960);
    }

    #[test]
    fn splits_give_the_first_principal_share() {
        assert_eq!(split_share(335_000, "50/50"), Some(167_500));
        assert_eq!(split_share(36_920, "50/50"), Some(18_460));
        assert_eq!(split_share(100, "60/40"), Some(60));
        assert_eq!(split_share(100, "halva"), None);
    }

    #[test]
    fn a_sum_over_an_open_part_is_unknown_not_a_sum_of_zeros() {
        assert_eq!(sum([Some(1_i64), Some(2)]), Some(3));
        assert_eq!(sum([Some(1_i64), None]), None);
        let open: Cell<i64> = Cell::given(Some(&Figure::Open("Ej inventerat".into())));
        assert_eq!(open.value(), None);
        assert_eq!(Cell::<i64>::shown(None, None, Method::Sum), Cell::Unknown);
    }

    #[test]
    fn a_printed_figure_is_shown_as_printed_and_keeps_a_differing_sum() {
        assert_eq!(
            Cell::shown(Some(10_i64), Some(10), Method::Sum),
            Cell::Stated {
                value: 10,
                computed: None
            }
        );
        assert_eq!(
            Cell::shown(Some(10_i64), Some(12), Method::Sum),
            Cell::Stated {
                value: 10,
                computed: Some(12)
            }
        );
        assert_eq!(
            Cell::shown(None, Some(12_i64), Method::Sum),
            Cell::Derived(12, Method::Sum)
        );
    }
}
