//! The search index in the preview, built when someone searches rather than on every rebuild.
//!
//! Pagefind takes most of a small site's build time (a quarter of a second for the bundled
//! site, against a few tens of milliseconds for its pages) and, for a site of ten thousand
//! documents, minutes of processor time and gigabytes of memory. So a rebuild leaves the index
//! out, and the index is made:
//!
//! - once in the background after the first good build, at the lowest priority, so pages get
//!   the search box's files;
//! - after that, when a page asks for index data (see [`needs_current`]) and the index is
//!   older than the site served: that request waits while it is built, for the build served
//!   then, and requests made meanwhile wait for the same run.
//!
//! The search box's own scripts and styles do not change between builds, so they are served
//! from whichever index there is.

use std::sync::{Arc, Condvar, Mutex};

use styrdok::incremental::{PageSet, SearchJob};

use super::{Snapshot, State, say};
use styrdok::memory::release_freed_memory;

/// The newest build's pages, to be indexed when needed.
pub struct Request {
    pub build: String,
    pub internal: Arc<PageSet>,
    pub public: Arc<PageSet>,
    pub job: SearchJob,
}

#[derive(Default)]
struct Inner {
    /// The build whose index is due, if any.
    pending: Option<Request>,
    /// A thread is building an index now.
    running: bool,
}

/// Who builds the search index, and when.
#[derive(Default)]
pub struct Search {
    inner: Mutex<Inner>,
    done: Condvar,
}

impl Search {
    /// Serves a new good build, and notes that its index is due: both under one lock, so a
    /// search sees either the old site and its request or the new site and its request.
    pub fn publish(&self, state: &State, snapshot: Snapshot, request: Request) {
        let mut inner = self.inner.lock().expect("search lock");
        state.publish(snapshot);
        inner.pending = Some(request);
    }

    /// Makes sure the index served belongs to the build served, building it if need be, or
    /// waiting for the thread that builds it. Returns at once when there is nothing to do, or
    /// when the index cannot be built (the last one stays served). With `once`, builds at
    /// most one index, even if the site changed meanwhile (the first, background index).
    pub fn ensure(&self, state: &State, once: bool) {
        let mut inner = self.inner.lock().expect("search lock");
        let mut built = false;
        loop {
            if once && built {
                return;
            }
            let snap = state.snapshot();
            if snap.search_build == snap.build {
                return;
            }
            if inner.running {
                inner = self.done.wait(inner).expect("search lock");
                continue;
            }
            let Some(request) = inner.pending.take() else {
                return;
            };
            if request.build != snap.build {
                continue; // a request older than the site served: nothing to do with it
            }
            inner.running = true;
            drop(inner);

            let internal = request.job.index(&request.internal);
            let public = request.job.index(&request.public);
            match (internal, public) {
                (Ok(internal), Ok(public)) => state.publish_search(
                    &request.build,
                    PageSet::new(internal),
                    PageSet::new(public),
                ),
                (Err(e), _) | (_, Err(e)) => {
                    say(format_args!("warning: the search index: {e}"));
                }
            }
            drop(request);
            release_freed_memory();

            inner = self.inner.lock().expect("search lock");
            inner.running = false;
            built = true;
            self.done.notify_all();
        }
    }
}

/// Whether a request for `key` needs the index of the build served: the index data a search
/// reads (`pagefind-entry.json`, `*.pf_meta`, `index/`, `fragment/`, `filter/`), not the
/// search box's scripts, styles and WebAssembly, which are the same in every index.
pub fn needs_current(key: &str) -> bool {
    let Some(rest) = key.strip_prefix("pagefind/") else {
        return false;
    };
    rest == "pagefind-entry.json"
        || rest.ends_with(".pf_meta")
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|d| rest.starts_with(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_data_needs_the_current_index_and_the_search_box_does_not() {
        for key in [
            "pagefind/pagefind-entry.json",
            "pagefind/pagefind.sv_ebafd94426.pf_meta",
            "pagefind/index/sv_2f6cbb8.pf_index",
            "pagefind/fragment/sv_3d47b9f.pf_fragment",
            "pagefind/filter/sv_1.pf_filter",
        ] {
            assert!(needs_current(key), "{key}");
        }
        for key in [
            "pagefind/pagefind-ui.js",
            "pagefind/pagefind-ui.css",
            "pagefind/pagefind.js",
            "pagefind/wasm.sv.pagefind",
            "dokument/a/index.html",
            "index/x.pf_index",
        ] {
            assert!(!needs_current(key), "{key}");
        }
    }
}
