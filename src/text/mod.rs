//! What every stage shares about text, below the pipeline so no stage reaches up into
//! another: the theme's UI strings with Swedish dates, amounts and percentages
//! (`format`), HTML escaping ([`html`]), the raw-HTML allow-list that `check` reports
//! against and the renderer applies ([`sanitize`]), and slugs for ids and addresses
//! ([`slug`]).

pub mod format;
pub mod html;
pub mod sanitize;
pub mod slug;
