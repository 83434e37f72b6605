//! `check --external`: asks every web address the documents link to (`http://`, `https://`)
//! whether it still answers, and warns at each link whose address gives an error status or
//! cannot be reached. Network work stays here, in the binary, outside the build core: it runs
//! only when asked, never during `build`, `serve` or a plain `check`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use styrdok::diag::{Diagnostic, Diagnostics, Pos};
use styrdok::resolve::Site;

/// How long one address may take, redirects and all.
const TIMEOUT: Duration = Duration::from_secs(15);
/// Addresses asked at once: the work is waiting on the network, not on the cores.
const WORKERS: usize = 8;

/// Where an address is linked from: the file and the link's position in it.
type Uses = Vec<(PathBuf, Pos)>;

/// The web addresses of every version's links and images, without their fragment, each with
/// the places that link to it, in address order.
fn addresses(site: &Site) -> BTreeMap<String, Uses> {
    let mut out: BTreeMap<String, Uses> = BTreeMap::new();
    for d in &site.documents {
        for v in &d.versions {
            for l in &v.plain_links {
                let dest = l.dest.trim();
                let lower = dest.to_ascii_lowercase();
                if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                    continue;
                }
                let url = dest.split('#').next().unwrap_or(dest).to_string();
                out.entry(url).or_default().push((v.path.clone(), l.pos));
            }
        }
    }
    out
}

/// What an address answered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Fine,
    /// An error status (4xx, 5xx) after redirects, with its reason phrase.
    Status(u16, String),
    /// No answer: the name, the connection, TLS or the time limit failed.
    Unreachable(String),
}

fn ask(agent: &ureq::Agent, url: &str) -> Answer {
    let answer = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(resp) if resp.status().as_u16() < 400 => Answer::Fine,
        Ok(resp) => Answer::Status(
            resp.status().as_u16(),
            resp.status().canonical_reason().unwrap_or_default().into(),
        ),
        Err(e) => Answer::Unreachable(e.to_string()),
    };
    // HEAD first; many servers refuse or mishandle it, so an error status is asked again
    // with GET (its body is never read).
    match answer(agent.head(url).call()) {
        Answer::Status(..) => answer(agent.get(url).call()),
        a => a,
    }
}

/// Asks every address the documents link to and returns a warning for each link to one
/// that fails. `progress` is told each address as it is asked.
pub fn check(site: &Site, progress: &mut (dyn FnMut(usize, usize) + Send)) -> Vec<Diagnostic> {
    let addresses: Vec<(String, Uses)> = addresses(site).into_iter().collect();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("styrdok-linkcheck/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let answers: Vec<Mutex<Option<Answer>>> = addresses.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let progress = Mutex::new(progress);
    std::thread::scope(|s| {
        for _ in 0..WORKERS.min(addresses.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((url, _)) = addresses.get(i) else {
                        break;
                    };
                    let a = ask(&agent, url);
                    *answers[i].lock().unwrap() = Some(a);
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    (progress.lock().unwrap())(n, addresses.len());
                }
            });
        }
    });
    let diags = Diagnostics::new();
    for ((url, uses), answer) in addresses.iter().zip(answers) {
        let (message, hint) = match answer.into_inner().unwrap() {
            Some(Answer::Fine) | None => continue,
            Some(Answer::Status(code, reason)) => (
                format!("external link `{url}` answers {code} {reason}"),
                "the page may have moved or been removed: find its new address, or link to an archived copy",
            ),
            Some(Answer::Unreachable(why)) => (
                format!("external link `{url}` could not be reached: {why}"),
                "check the address; if the site is only down for now, run `styrdok check --external` again later",
            ),
        };
        for (path, pos) in uses {
            diags.warning(path, *pos, message.clone(), hint);
        }
    }
    diags.into_sorted()
}
