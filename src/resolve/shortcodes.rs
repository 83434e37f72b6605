//! Which shortcodes exist and what each takes: every call is checked here, against the
//! resolved site's data, before anything renders it ([`crate::render::shortcodes`]).

use crate::content::body::Shortcode;
use crate::content::data::Holder;
use crate::resolve::Site;

/// The shortcodes styrdok knows.
pub const NAMES: &[&str] = &[
    "budget",
    "allocation",
    "staffing",
    "responsibilities",
    "abbreviations",
    "activities",
    "parties",
    "signature-block",
];

/// Checks a call's name and arguments against the site; the error is (message, hint).
pub fn validate(site: &Site, sc: &Shortcode) -> Result<(), (String, String)> {
    let id = sc.args.get("id").map(String::as_str);
    let need_id = |exists: bool, what: &str, file: &str| -> Result<(), (String, String)> {
        match id {
            None => Err((
                format!("shortcode `{}` needs id=\"…\"", sc.name),
                format!("the id of a {what} in {file}"),
            )),
            Some(i) if !exists => Err((
                format!("unknown {what} `{i}` in shortcode `{}`", sc.name),
                format!("{what} ids are in {file}"),
            )),
            Some(_) => Ok(()),
        }
    };
    let allowed: &[&str] = match sc.name.as_str() {
        "budget" => {
            need_id(
                id.is_some_and(|i| site.figures.budgets.contains_key(i)),
                "budget",
                "data/budget.yaml",
            )?;
            &["id"]
        }
        "allocation" => {
            let exists = id.is_some_and(|i| {
                site.data
                    .allocations
                    .allocations
                    .iter()
                    .any(|a| a.id.value == i)
            });
            need_id(exists, "allocation", "data/kostnadsfordelning.yaml")?;
            &["id"]
        }
        "staffing" => {
            let exists = id.is_some_and(|i| site.figures.staffing.contains_key(i));
            need_id(exists, "staffing table", "data/bemanning.yaml")?;
            &["id"]
        }
        "responsibilities" => {
            if let Some(h) = sc.args.get("holder")
                && Holder::parse(h).is_none()
            {
                return Err((
                    format!("unknown holder `{h}`"),
                    format!(
                        "holders are {}",
                        Holder::ALL
                            .iter()
                            .map(|h| h.key())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            &["holder", "section"]
        }
        "abbreviations" | "activities" | "parties" | "signature-block" => &[],
        other => {
            return Err((
                format!("unknown shortcode `{other}`"),
                format!("shortcodes are {}", NAMES.join(", ")),
            ));
        }
    };
    if let Some(k) = sc.args.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err((
            format!("shortcode `{}` takes no argument `{k}`", sc.name),
            format!("it takes: {}", allowed.join(", ")),
        ));
    }
    Ok(())
}
