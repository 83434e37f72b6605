//! TODO
use crate::diag::Diagnostics;
use crate::resolve::Site;
pub fn check(_site: &Site, _r: &super::names::Registry, _diags: &Diagnostics) {}
