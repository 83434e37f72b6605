//! When a municipal or regional decision gains legal force (laga kraft): the end of the appeal
//! period, computed from the day the notice of the approved minutes was posted, with Swedish
//! public holidays. The one place this rule lives.
//!
//! Sources:
//! - Kommunallagen (2017:725) 13 kap. 5 §: an appeal (laglighetsprövning) must reach the
//!   administrative court within three weeks from the day it was announced on the municipality's
//!   or region's notice board that the minutes were approved (justerats).
//! - Lag (1930:173) om beräkning av lagstadgad tid, 2 §: when the last day of a period falls on
//!   a Saturday, Sunday or other public holiday, midsommarafton, julafton or nyårsafton, the
//!   act may be done on the next weekday.
//! - Lag (1989:253) om allmänna helgdagar: the public holidays.
//!
//! A decision with no posting date has no computed end: unknown stays unknown.

use crate::content::date::Date;

/// Easter Sunday of `year` (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher).
pub fn easter_sunday(year: u16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date {
        year,
        month: month as u8,
        day: day as u8,
    }
}

/// The Saturday in the 7-day window starting at `month`-`first_day` of `year`.
fn saturday_from(year: u16, month: u8, first_day: u8) -> Date {
    let start = Date {
        year,
        month,
        day: first_day,
    };
    start.add_days(i64::from((5 + 7 - start.weekday()) % 7))
}

/// Whether `d` is a public holiday (allmän helgdag) under lag (1989:253). Every Sunday is one.
pub fn is_public_holiday(d: Date) -> bool {
    if d.weekday() == 6 {
        return true;
    }
    let fixed = matches!(
        (d.month, d.day),
        (1, 1) | (1, 6) | (5, 1) | (6, 6) | (12, 25) | (12, 26)
    );
    let easter = easter_sunday(d.year);
    let from_easter = d.days_since_epoch() - easter.days_since_epoch();
    // Långfredagen, påskdagen, annandag påsk, Kristi himmelsfärdsdag, pingstdagen.
    let movable = matches!(from_easter, -2 | 0 | 1 | 39 | 49);
    let midsummer_day = saturday_from(d.year, 6, 20);
    let all_saints = saturday_from(d.year, 10, 31);
    fixed || movable || d == midsummer_day || d == all_saints
}

/// Whether a period that ends on `d` moves on to the next day (lag 1930:173, 2 §).
fn moves_deadline(d: Date) -> bool {
    let midsummer_eve = saturday_from(d.year, 6, 20).add_days(-1);
    d.weekday() >= 5
        || is_public_holiday(d)
        || d == midsummer_eve
        || (d.month == 12 && matches!(d.day, 24 | 31))
}

/// The last day an appeal can reach the court, for a notice posted on `posted`.
pub fn appeal_period_end(posted: Date) -> Date {
    let mut last = posted.add_days(21);
    while moves_deadline(last) {
        last = last.add_days(1);
    }
    last
}

/// An appeal registered against a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appeal {
    pub lodged: Option<Date>,
    pub court: Option<String>,
    pub outcome: Option<String>,
}

/// Where a decision stands in its life after the meeting, as of a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegalStage {
    /// No posting date is recorded, so nothing can be computed.
    Unknown,
    /// The appeal period runs until and including `ends`.
    Running { ends: Date },
    /// The period ended on `ended` with no appeal registered: legal force from the day after.
    LegalForce { ended: Date },
    /// An appeal is registered.
    Appealed(Appeal),
}

/// The stage of a decision whose notice was posted on `posted`, as of `today`.
pub fn legal_stage(posted: Option<Date>, appeal: Option<&Appeal>, today: Date) -> LegalStage {
    if let Some(a) = appeal {
        return LegalStage::Appealed(a.clone());
    }
    let Some(posted) = posted else {
        return LegalStage::Unknown;
    };
    let ends = appeal_period_end(posted);
    if today > ends {
        LegalStage::LegalForce { ended: ends }
    } else {
        LegalStage::Running { ends }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn easter_falls_on_known_sundays() {
        assert_eq!(easter_sunday(2024), d("2024-03-31"));
        assert_eq!(easter_sunday(2025), d("2025-04-20"));
        assert_eq!(easter_sunday(2026), d("2026-04-05"));
        assert_eq!(easter_sunday(2038), d("2038-04-25"));
        assert_eq!(easter_sunday(2008), d("2008-03-23"));
    }

    #[test]
    fn swedish_public_holidays_of_2025() {
        for h in [
            "2025-01-01",
            "2025-01-06",
            "2025-04-18",
            "2025-04-20",
            "2025-04-21",
            "2025-05-01",
            "2025-05-29",
            "2025-06-06",
            "2025-06-08",
            "2025-06-21",
            "2025-11-01",
            "2025-12-25",
            "2025-12-26",
        ] {
            assert!(is_public_holiday(d(h)), "{h}");
        }
        for w in [
            "2025-04-17",
            "2025-06-20",
            "2025-12-24",
            "2025-11-03",
            "2025-04-22",
        ] {
            assert!(!is_public_holiday(d(w)), "{w}");
        }
    }

    #[test]
    fn three_weeks_from_posting_on_an_ordinary_day() {
        // Posted Tuesday 11 November 2025: three weeks later is Tuesday 2 December.
        assert_eq!(appeal_period_end(d("2025-11-11")), d("2025-12-02"));
    }

    #[test]
    fn a_posting_on_a_friday_ends_on_a_friday() {
        assert_eq!(appeal_period_end(d("2025-10-03")), d("2025-10-24"));
    }

    #[test]
    fn a_last_day_on_a_weekend_moves_to_monday() {
        // Posted Saturday 15 November 2025 → Saturday 6 December → Monday 8 December.
        assert_eq!(appeal_period_end(d("2025-11-15")), d("2025-12-08"));
    }

    #[test]
    fn across_month_and_year_ends_and_holidays() {
        // 21 days after 3 December 2025 is julafton, then juldagen, annandag jul, a weekend:
        // the next weekday is Monday 29 December.
        assert_eq!(appeal_period_end(d("2025-12-03")), d("2025-12-29"));
        // 10 December + 21 = nyårsafton → nyårsdagen → Friday 2 January 2026.
        assert_eq!(appeal_period_end(d("2025-12-10")), d("2026-01-02"));
        // 28 March 2024 + 21 = 18 April 2024, an ordinary Thursday.
        assert_eq!(appeal_period_end(d("2024-03-28")), d("2024-04-18"));
        // 28 March 2025 + 21 = långfredagen 18 April → påskafton (Saturday), påskdagen,
        // annandag påsk → Tuesday 22 April.
        assert_eq!(appeal_period_end(d("2025-03-28")), d("2025-04-22"));
        // 31 May 2025 + 21 = midsommardagen (Saturday 21 June) → Monday 23 June.
        assert_eq!(appeal_period_end(d("2025-05-31")), d("2025-06-23"));
        // 30 May 2025 + 21 = midsommarafton (Friday 20 June) → Monday 23 June.
        assert_eq!(appeal_period_end(d("2025-05-30")), d("2025-06-23"));
        // 29 May 2025 + 21 = Thursday 19 June, an ordinary weekday.
        assert_eq!(appeal_period_end(d("2025-05-29")), d("2025-06-19"));
    }

    #[test]
    fn stages_follow_the_build_date() {
        let posted = Some(d("2025-11-11"));
        assert_eq!(
            legal_stage(posted, None, d("2025-12-02")),
            LegalStage::Running {
                ends: d("2025-12-02")
            }
        );
        assert_eq!(
            legal_stage(posted, None, d("2025-12-03")),
            LegalStage::LegalForce {
                ended: d("2025-12-02")
            }
        );
        assert_eq!(
            legal_stage(None, None, d("2025-12-03")),
            LegalStage::Unknown
        );
        let appeal = Appeal {
            lodged: Some(d("2025-11-20")),
            court: Some("Förvaltningsrätten i Falun".into()),
            outcome: None,
        };
        assert!(matches!(
            legal_stage(posted, Some(&appeal), d("2026-01-01")),
            LegalStage::Appealed(_)
        ));
    }
}
