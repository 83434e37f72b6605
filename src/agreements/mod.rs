//! Agreements across their life: which decisions concern which version, and how far each
//! party has come — not started, in preparation, decided, signed, or declined — derived from
//! the decision documents and `agreements/underskrifter.yaml`, never typed twice.

pub mod appeal;
pub mod report;
pub mod tracker;
