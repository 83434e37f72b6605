//! The figures a document prints, against what styrdok computes from the rows: a budget's
//! totals, subtotals and shares, a staffing total, an allocation's rows and totals, a cost
//! repeated in another budget or in a document's text. A difference is a warning with both
//! numbers at the printed figure's `path:line:col`; the printed figure is what the site shows.

use std::path::Path;

use super::{
    AllocationFigures, BudgetFigures, Cell, Figures, StaffingFigures, amount_of, hundredths,
    split_share,
};
use crate::content::data::{Allocation, Budget, Figure, Staffing};
use crate::content::frontmatter::pos_in_file;
use crate::diag::{Diagnostics, Pos};
use crate::resolve::Site;
use crate::text::format::{amount, percent, percent_hundredths};

/// A budget line that repeats a cost of another budget must agree with it.
pub(super) fn check_same_as(site: &Site, path: &Path, figures: &Figures, diags: &Diagnostics) {
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
            let theirs = match &f.shares[idx] {
                Some(share) => share.value(),
                None => f.amounts[idx].value(),
            };
            let mine = amount_of(&line.amount).and_then(Figure::number);
            if let (Some(mine), Some(theirs)) = (mine, theirs)
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
pub(super) fn check_stated_costs(site: &Site, figures: &Figures, diags: &Diagnostics) {
    for doc in &site.documents {
        for v in &doc.versions {
            for sc in &v.fm.stated_costs {
                let pos = pos_in_file(&sc.allocation, v.yaml_line);
                let Some(f) = figures.allocations.get(&sc.allocation.value) else {
                    if diags.is_left_out(crate::diag::LeftOut::Allocation, &sc.allocation.value) {
                        continue;
                    }
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
                if let Some(cost) = row.cost
                    && cost != sc.cost
                {
                    differs(
                        &v.path,
                        pos,
                        &format!("cost of `{}` in `{}`", sc.party.value, sc.allocation.value),
                        amount(sc.cost),
                        amount(cost),
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

/// Warns when a printed figure differs from what its rows add up to.
fn check_cell<T: Copy>(
    cell: &Cell<T>,
    at: Option<Pos>,
    what: impl FnOnce() -> String,
    fmt: impl Fn(T) -> String,
    path: &Path,
    diags: &Diagnostics,
) {
    if let (
        Cell::Stated {
            value,
            computed: Some(c),
        },
        Some(pos),
    ) = (cell, at)
    {
        differs(path, pos, &what(), fmt(*value), fmt(*c), diags);
    }
}

pub(super) fn check_budget(path: &Path, b: &Budget, f: &BudgetFigures, diags: &Diagnostics) {
    let id = &b.id.value;
    check_cell(
        &f.total,
        b.stated.total.as_ref().map(|s| pos_in_file(s, 1)),
        || format!("total of budget `{id}`"),
        amount,
        path,
        diags,
    );
    if let Some(cell) = &f.share_total {
        check_cell(
            cell,
            b.stated.share_total.as_ref().map(|s| pos_in_file(s, 1)),
            || format!("share total of budget `{id}`"),
            amount,
            path,
            diags,
        );
    } else if let Some(s) = &b.stated.share_total {
        diags.error(
            path,
            pos_in_file(s, 1),
            format!("budget `{id}` states a share total but no line is split"),
            "give the split lines a `split:` like 50/50",
        );
    }
    for (group, stated) in &b.stated.groups {
        match f.groups.iter().find(|(g, _)| g == group) {
            Some((_, cell)) => check_cell(
                cell,
                Some(pos_in_file(stated, 1)),
                || format!("subtotal `{group}` of budget `{id}`"),
                amount,
                path,
                diags,
            ),
            None => diags.error(
                path,
                pos_in_file(stated, 1),
                format!("stated subtotal for unknown group `{group}`"),
                "the group must be the `group:` of some line",
            ),
        }
    }
    for (l, share) in b.lines.iter().zip(&f.shares) {
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
        match (&l.share, share) {
            (Some(s), None) => diags.error(
                path,
                pos_in_file(s, 1),
                format!(
                    "line `{}` of budget `{id}` has a share but no split",
                    l.label
                ),
                "add the line's `split:` as the document prints it",
            ),
            (Some(s), Some(cell)) => check_cell(
                cell,
                Some(pos_in_file(s, 1)),
                || format!("share of `{}` in budget `{id}`", l.label),
                amount,
                path,
                diags,
            ),
            _ => {}
        }
    }
}

pub(super) fn check_staffing(path: &Path, s: &Staffing, f: &StaffingFigures, diags: &Diagnostics) {
    // Extents are compared to a hundredth of a percent.
    if let (Some(stated), Some(computed)) = (&s.stated.total_extent, f.total_computed())
        && (stated.value - computed).abs() >= 0.005
    {
        differs(
            path,
            pos_in_file(stated, 1),
            &format!("total extent of staffing table `{}`", s.id.value),
            percent(stated.value),
            percent(computed),
            diags,
        );
    }
}

pub(super) fn check_allocation(
    path: &Path,
    a: &Allocation,
    f: &AllocationFigures,
    diags: &Diagnostics,
) {
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
    if let (Some(v), Some(total)) = (&s.total_cost, f.total_cost)
        && v.value != total
    {
        differs(
            path,
            pos_in_file(v, 1),
            &format!("total cost in `{id}`"),
            amount(v.value),
            amount(total),
            diags,
        );
    }
    if let Some(v) = &s.total_share {
        let h = hundredths(v.value);
        if h != 10_000 {
            differs(
                path,
                pos_in_file(v, 1),
                &format!("total share in `{id}`"),
                percent_hundredths(h),
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
            let h = hundredths(share);
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
        if let (Some(cost), Some(computed)) = (row.cost, c.cost)
            && cost != computed
        {
            differs(
                path,
                pos,
                &format!("cost of `{who}` in `{id}`"),
                amount(cost),
                amount(computed),
                diags,
            );
        }
    }
}
