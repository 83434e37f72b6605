//! The life of a decision as a reader sees it: the dates after the meeting, and whether the
//! appeal period runs, has ended (legal force), or an appeal is registered — computed by
//! [`crate::agreements::legal`] as of the build date, which the text states.

use serde::Serialize;

use super::Renderer;
use crate::agreements::appeal::LegalStage;
use crate::agreements::legal;
use crate::content::date::Date;
use crate::content::frontmatter::{At, DecisionMeta, DecisionType};

/// What a decision page shows about the decision's legal force.
#[derive(Serialize)]
pub struct LegalView {
    /// `unknown`, `running`, `legal-force` or `appealed`: for CSS and tests.
    pub key: &'static str,
    /// The stage, in a sentence ("överklagandetiden löper ut 2 december 2025").
    pub text: String,
    /// When the stage is relative to the build date: "enligt beräkning den 1 december 2026".
    pub as_of: Option<String>,
    pub minutes_approved: Option<String>,
    pub posted: Option<String>,
    pub taken_down: Option<String>,
    pub appeal: Option<AppealView>,
    /// The rule the computation follows, marked as computed by styrdok; `None` when nothing
    /// is computed (no posting date, or an appeal).
    pub source: Option<String>,
}

#[derive(Serialize)]
pub struct AppealView {
    pub lodged: Option<String>,
    pub court: Option<String>,
    pub outcome: Option<String>,
}

/// The key of a stage, for CSS classes and the open data.
pub fn stage_key(s: &LegalStage) -> &'static str {
    match s {
        LegalStage::Unknown => "unknown",
        LegalStage::Running { .. } => "running",
        LegalStage::LegalForce { .. } => "legal-force",
        LegalStage::Appealed(_) => "appealed",
    }
}

/// Whether a decision can gain legal force: a proposal cannot.
pub fn applies(dm: &DecisionMeta) -> bool {
    dm.decision_type != Some(DecisionType::Proposal)
}

impl Renderer<'_> {
    fn opt_date(&self, d: &Option<At<String>>) -> Option<String> {
        d.as_ref()
            .and_then(|x| Date::parse(&x.value))
            .map(|x| self.date(x))
    }

    /// The stage as of the build date, in a short phrase for the register and tracker.
    pub(super) fn legal_short(&self, dm: &DecisionMeta) -> Option<String> {
        applies(dm).then(|| self.legal_phrase(&legal::stage_of(dm, self.today())))
    }

    /// A short phrase; legal force says the day it was computed on.
    fn legal_phrase(&self, stage: &LegalStage) -> String {
        let today = self.date(self.today());
        match stage {
            LegalStage::Unknown => self.t("legal.unknown_short"),
            LegalStage::Running { ends } => {
                self.t("legal.running").replace("{date}", &self.date(*ends))
            }
            LegalStage::LegalForce { .. } => format!(
                "{} {}",
                self.t("legal.legal-force"),
                self.t("legal_as_of").replace("{date}", &today)
            ),
            LegalStage::Appealed(_) => self.t("legal.appealed"),
        }
    }

    /// What the decision page shows; `None` for a proposal.
    pub(super) fn legal_view(&self, dm: &DecisionMeta) -> Option<LegalView> {
        if !applies(dm) {
            return None;
        }
        let stage = legal::stage_of(dm, self.today());
        let text = match &stage {
            LegalStage::Unknown => self.t("legal.unknown"),
            LegalStage::LegalForce { ended } => {
                self.t("legal.ended").replace("{date}", &self.date(*ended))
            }
            _ => self.legal_phrase(&stage),
        };
        let as_of = matches!(
            stage,
            LegalStage::Running { .. } | LegalStage::LegalForce { .. }
        )
        .then(|| {
            self.t("legal_as_of")
                .replace("{date}", &self.date(self.today()))
        });
        let source = as_of.is_some().then(|| self.t("legal_source"));
        Some(LegalView {
            key: stage_key(&stage),
            text,
            as_of,
            minutes_approved: self.opt_date(&dm.minutes_approved),
            posted: self.opt_date(&dm.posted),
            taken_down: self.opt_date(&dm.taken_down),
            appeal: dm.appeal.as_ref().map(|a| AppealView {
                lodged: self.opt_date(&a.value.lodged),
                court: a.value.court.clone(),
                outcome: a.value.outcome.clone(),
            }),
            source,
        })
    }
}
