//! Figures computed from the structured data — budget totals, per-principal shares, the
//! population-based cost allocation — and the comparison with the figures the documents
//! state. A difference is a warning with both numbers: the customer's documents are reported,
//! never silently corrected.

use std::collections::HashMap;
use std::path::Path;

use super::Site;
use crate::content::data::{Allocation, Budget};
use crate::content::frontmatter::pos_in_file;
use crate::diag::{Diagnostics, Pos};
use crate::render::format::{amount, percent_hundredths};

#[derive(Debug, Default, Clone)]
pub struct Figures {
    pub budgets: HashMap<String, BudgetFigures>,
    pub allocations: HashMap<String, AllocationFigures>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetFigures {
    pub total: i64,
    /// Per line, the share one principal pays when the line is split ("50/50").
    pub shares: Vec<Option<i64>>,
    pub share_total: i64,
    /// Subtotal per group, in order of first appearance.
    pub groups: Vec<(String, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationRow {
    pub party: String,
    pub population: u64,
    /// Share in hundredths of a percent (1136 = 11,36 %).
    pub share: u32,
    pub cost: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationFigures {
    pub rows: Vec<AllocationRow>,
    pub total_population: u64,
    pub budget_total: i64,
    pub total_cost: i64,
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

pub fn budget_figures(b: &Budget) -> BudgetFigures {
    let total = b.lines.iter().filter_map(|l| l.amount).sum();
    let shares: Vec<Option<i64>> = b
        .lines
        .iter()
        .map(|l| split_share(l.amount?, &l.split.as_ref()?.value))
        .collect();
    let share_total = shares.iter().flatten().sum();
    let mut groups: Vec<(String, i64)> = Vec::new();
    for l in &b.lines {
        if let Some(g) = &l.group {
            match groups.iter_mut().find(|(n, _)| n == g) {
                Some((_, sum)) => *sum += l.amount.unwrap_or(0),
                None => groups.push((g.clone(), l.amount.unwrap_or(0))),
            }
        }
    }
    BudgetFigures {
        total,
        shares,
        share_total,
        groups,
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
        if let Some(f) = allocation_figures(site, &figures, a, &alloc_path, diags) {
            check_allocation(&alloc_path, a, &f, diags);
            figures.allocations.insert(a.id.value.clone(), f);
        }
    }
    check_stated_costs(site, &figures, diags);
    figures
}

/// A budget line that repeats a cost of another budget must agree with it.
fn check_same_as(site: &Site, path: &Path, figures: &Figures, diags: &Diagnostics) {
    for b in &site.data.budgets.budgets {
        for line in &b.lines {
            let Some(same) = &line.same_as else { continue };
            let pos = pos_in_file(&same.budget, 1);
            let other = site
                .data
                .budgets
                .budgets
                .iter()
                .find(|o| o.id.value == same.budget.value);
            let Some((other, f)) = other.and_then(|o| Some((o, figures.budgets.get(&o.id.value)?)))
            else {
                diags.error(
                    path,
                    pos,
                    format!("unknown budget `{}`", same.budget.value),
                    "budget ids are the `id:` of each budget in this file",
                );
                continue;
            };
            let Some(idx) = other.lines.iter().position(|l| l.label == same.label) else {
                diags.error(
                    path,
                    pos,
                    format!("budget `{}` has no line `{}`", other.id.value, same.label),
                    "use the line's label exactly as written",
                );
                continue;
            };
            let theirs = f.shares[idx].or(other.lines[idx].amount);
            if let (Some(mine), Some(theirs)) = (line.amount, theirs)
                && mine != theirs
            {
                diags.warning(
                    path,
                    pos,
                    format!(
                        "`{}` in budget `{}` is {}, but `{}` in budget `{}` is {}",
                        line.label,
                        b.id.value,
                        amount(mine),
                        same.label,
                        other.id.value,
                        amount(theirs)
                    ),
                    "the two documents state the same cost differently; check which is right",
                );
            }
        }
    }
}

/// Costs a document states in its text, against the computed allocation.
fn check_stated_costs(site: &Site, figures: &Figures, diags: &Diagnostics) {
    for doc in &site.documents {
        for v in &doc.versions {
            for sc in &v.fm.stated_costs {
                let pos = pos_in_file(&sc.allocation, v.yaml_line);
                let Some(f) = figures.allocations.get(&sc.allocation.value) else {
                    diags.error(
                        &v.path,
                        pos,
                        format!("unknown allocation `{}`", sc.allocation.value),
                        "allocations are listed in data/kostnadsfordelning.yaml",
                    );
                    continue;
                };
                let Some(row) = f.rows.iter().find(|r| r.party == sc.party.value) else {
                    diags.error(
                        &v.path,
                        pos_in_file(&sc.party, v.yaml_line),
                        format!(
                            "`{}` is not among the parties of allocation `{}`",
                            sc.party.value, sc.allocation.value
                        ),
                        (),
                    );
                    continue;
                };
                if row.cost != sc.cost {
                    differs(
                        &v.path,
                        pos,
                        &format!("cost of `{}` in `{}`", sc.party.value, sc.allocation.value),
                        amount(sc.cost),
                        amount(row.cost),
                        diags,
                    );
                }
            }
        }
    }
}

fn differs(
    path: &Path,
    pos: Pos,
    what: &str,
    stated: String,
    computed: String,
    diags: &Diagnostics,
) {
    diags.warning(
        path,
        pos,
        format!("{what}: the document states {stated}, the data add up to {computed}"),
        "the stated figure is kept as the document prints it; check the source document",
    );
}

fn check_budget(path: &Path, b: &Budget, f: &BudgetFigures, diags: &Diagnostics) {
    if let Some(stated) = &b.stated.total
        && stated.value != f.total
    {
        differs(
            path,
            pos_in_file(stated, 1),
            &format!("total of budget `{}`", b.id.value),
            amount(stated.value),
            amount(f.total),
            diags,
        );
    }
    if let Some(stated) = &b.stated.share_total
        && stated.value != f.share_total
    {
        differs(
            path,
            pos_in_file(stated, 1),
            &format!("share total of budget `{}`", b.id.value),
            amount(stated.value),
            amount(f.share_total),
            diags,
        );
    }
    for (group, stated) in &b.stated.groups {
        let computed = f.groups.iter().find(|(g, _)| g == group).map(|(_, s)| *s);
        match computed {
            Some(c) if c != *stated => differs(
                path,
                pos_in_file(&b.id, 1),
                &format!("subtotal `{group}` of budget `{}`", b.id.value),
                amount(*stated),
                amount(c),
                diags,
            ),
            None => diags.error(
                path,
                pos_in_file(&b.id, 1),
                format!("stated subtotal for unknown group `{group}`"),
                "the group must be the `group:` of some line",
            ),
            _ => {}
        }
    }
    for l in &b.lines {
        if let Some(s) = &l.split
            && split_share(0, &s.value).is_none()
        {
            diags.error(
                path,
                pos_in_file(s, 1),
                format!("split `{}` is not like 50/50", s.value),
                "write the split as two whole numbers with a slash",
            );
        }
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
                diags.error(
                    path,
                    pos_in_file(p, 1),
                    format!("unknown party `{}`", p.value),
                    "parties are listed in data/parter.yaml",
                );
                ok = false;
            }
            Some(party) => {
                match party.population_on(&a.population_date.value) {
                    Some(n) => populations.push(n),
                    None => {
                        diags.error(
                        path,
                        pos_in_file(p, 1),
                        format!("{} has no population for {} in data/parter.yaml", party.name, a.population_date.value),
                        "add it under the party's `population:` — from a document, never estimated",
                    );
                        ok = false;
                    }
                }
            }
        }
    }
    if !ok {
        return None;
    }
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
            cost: cost_of_share(budget.total, share),
        })
        .collect();
    Some(AllocationFigures {
        total_population: populations.iter().sum(),
        total_cost: rows.iter().map(|r| r.cost).sum(),
        budget_total: budget.total,
        rows,
    })
}

fn check_allocation(path: &Path, a: &Allocation, f: &AllocationFigures, diags: &Diagnostics) {
    let id = &a.id.value;
    let s = &a.stated;
    if let Some(v) = &s.total_population
        && v.value != f.total_population
    {
        differs(
            path,
            pos_in_file(v, 1),
            &format!("total population in `{id}`"),
            v.value.to_string(),
            f.total_population.to_string(),
            diags,
        );
    }
    if let Some(v) = &s.total_cost
        && v.value != f.total_cost
    {
        differs(
            path,
            pos_in_file(v, 1),
            &format!("total cost in `{id}`"),
            amount(v.value),
            amount(f.total_cost),
            diags,
        );
    }
    if let Some(v) = &s.total_share {
        let hundredths = (v.value * 100.0).round() as u32;
        if hundredths != 10_000 {
            differs(
                path,
                pos_in_file(v, 1),
                &format!("total share in `{id}`"),
                percent_hundredths(hundredths),
                percent_hundredths(10_000),
                diags,
            );
        }
    }
    for row in &s.rows {
        let pos = pos_in_file(&row.party, 1);
        let Some(c) = f.rows.iter().find(|r| r.party == row.party.value) else {
            diags.warning(
                path,
                pos,
                format!(
                    "the stated table has `{}`, who is not among the allocation's parties",
                    row.party.value
                ),
                "add the party to `parties:` or check the document",
            );
            continue;
        };
        let who = &row.party.value;
        if let Some(p) = row.population
            && p != c.population
        {
            differs(
                path,
                pos,
                &format!("population of `{who}` in `{id}`"),
                p.to_string(),
                c.population.to_string(),
                diags,
            );
        }
        if let Some(share) = row.share {
            let h = (share * 100.0).round() as u32;
            if h != c.share {
                differs(
                    path,
                    pos,
                    &format!("share of `{who}` in `{id}`"),
                    percent_hundredths(h),
                    percent_hundredths(c.share),
                    diags,
                );
            }
        }
        if let Some(cost) = row.cost
            && cost != c.cost
        {
            differs(
                path,
                pos,
                &format!("cost of `{who}` in `{id}`"),
                amount(cost),
                amount(c.cost),
                diags,
            );
        }
    }
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
}
