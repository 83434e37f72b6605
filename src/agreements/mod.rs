//! Agreements across their life: which decisions concern which version, and how far each
//! party has come — not started, in preparation, decided, signed, or declined — derived from
//! the decision documents and `agreements/underskrifter.yaml`, never typed twice; the
//! condition the documents state for when a document applies; what other documents say about
//! a document's decisions, quoted; and who holds each responsibility the documents give.

pub mod appeal;
pub mod condition;
pub mod holders;
pub mod legal;
pub mod quotes;
pub mod report;
pub mod reports;
pub mod shown;
pub mod tracker;
