//! `styrdok serve`: a live-reload preview of the internal and the public site.
//!
//! Outside the build core, which it uses through the library only (mdBook's layout, not
//! Zola's: the core knows nothing of the server). The parts:
//!
//! - [`watch`]: file events → which sources changed (a pure function), and the watcher;
//! - this file: the rebuild loop — compile with [`styrdok::incremental`], compare the new
//!   page sets with the ones served, swap them in at once, tell the open pages;
//! - [`search`]: the search index, left out of rebuilds and built when someone searches;
//! - [`server`], [`http`], [`paths`], [`guard`]: answer requests from memory, safely;
//! - [`reload`], [`inject`]: server-sent events, and the script, banner and error overlay
//!   added to served pages (never to a build).
//!
//! The server keeps its state in [`State`], never in a global. A rebuild that fails keeps the
//! last good site served and shows its diagnostics in the terminal and over every open page
//! until a rebuild succeeds. A failure is reported only once the sources have been quiet for
//! a moment: a rebuild that read a file a second save had just emptied is put off instead.

mod guard;
mod http;
mod inject;
mod paths;
mod reload;
mod search;
mod server;
mod watch;

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use styrdok::content::frontmatter::Audience;
use styrdok::diag::Diagnostic;
use styrdok::incremental::{Delta, Incremental, PageSet};
use styrdok::text::format::Strings;
use styrdok::{Error, Result};

use guard::Allowed;
use paths::View;
use reload::{Hub, Problem};
use styrdok::memory::{self, release_freed_memory};
use watch::{Msg, Watcher};

/// What `styrdok serve` should do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Poll for changes instead of asking the operating system.
    pub poll: bool,
}

/// The build id of a server that has no good build yet.
const NO_BUILD: &str = "none";

/// One view as served: the pages of the last good build, and the search index, which may
/// be older (see [`search`]).
#[derive(Clone, Default)]
pub struct ViewPages {
    pages: Arc<PageSet>,
    search: Arc<PageSet>,
    /// Where the links of the view's 404 page start in a build (`/`, or the path of
    /// `base_url`): served from the preview, they must start at the view's prefix instead.
    not_found_root: Arc<str>,
}

impl ViewPages {
    pub fn get(&self, key: &str) -> Option<&[u8]> {
        self.pages.get(key).or_else(|| self.search.get(key))
    }

    /// The view's 404 page, its links leading into this view of the preview.
    pub fn not_found_page(&self, view: View) -> Option<Vec<u8>> {
        let bytes = self.get("404.html")?;
        let (from, to) = (&*self.not_found_root, view.prefix());
        if from.is_empty() || from == to {
            return Some(bytes.to_vec());
        }
        let html = String::from_utf8_lossy(bytes);
        let mut out = html.to_string();
        // `data-bundle`: where the search box finds the index (themes/default/static/search.js).
        for attr in ["href", "src", "action", "data-bundle"] {
            out = out.replace(&format!("{attr}=\"{from}"), &format!("{attr}=\"{to}"));
        }
        Some(out.into_bytes())
    }
}

/// What is served: the last good site, and the problems of the last rebuild if it failed.
pub struct Snapshot {
    /// `<server start>-<n>` of the last good build, or [`NO_BUILD`].
    pub build: String,
    /// The build the search index belongs to.
    search_build: String,
    internal: ViewPages,
    public: ViewPages,
    /// Empty when the last rebuild succeeded.
    pub problems: Vec<Problem>,
    /// The theme's strings, for the banner and the overlay.
    pub strings: Arc<Strings>,
}

impl Snapshot {
    pub fn view(&self, view: View) -> &ViewPages {
        match view {
            View::Internal => &self.internal,
            View::Public => &self.public,
        }
    }

    pub fn has_site(&self) -> bool {
        self.build != NO_BUILD
    }
}

/// Everything the server threads share.
pub struct State {
    snapshot: RwLock<Arc<Snapshot>>,
    pub hub: Hub,
    pub search: search::Search,
    pub allowed: Allowed,
    /// How many connections of each kind the server holds at once.
    pub limits: server::Limits,
    /// Connections open now, event streams included.
    open: Arc<AtomicUsize>,
    /// Event streams open now.
    streams: Arc<AtomicUsize>,
    /// Connections being answered `503` now, over the cap on connections.
    refusing: Arc<AtomicUsize>,
}

impl State {
    fn new(allowed: Allowed, limits: server::Limits) -> State {
        State {
            snapshot: RwLock::new(Arc::new(Snapshot {
                build: NO_BUILD.into(),
                search_build: NO_BUILD.into(),
                internal: ViewPages::default(),
                public: ViewPages::default(),
                problems: Vec::new(),
                strings: Arc::new(styrdok::render::templates::default_strings()),
            })),
            hub: Hub::new(),
            search: search::Search::default(),
            allowed,
            limits,
            open: Arc::default(),
            streams: Arc::default(),
            refusing: Arc::default(),
        }
    }

    /// The site as served now; requests hold on to it while they answer.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().expect("snapshot lock").clone()
    }

    fn publish(&self, snapshot: Snapshot) {
        *self.snapshot.write().expect("snapshot lock") = Arc::new(snapshot);
    }

    /// Adds the search index of build `build`, unless a newer build is served by now.
    fn publish_search(&self, build: &str, internal: PageSet, public: PageSet) {
        let mut slot = self.snapshot.write().expect("snapshot lock");
        if slot.build != build {
            return;
        }
        let with = |v: &ViewPages, search: PageSet| ViewPages {
            pages: v.pages.clone(),
            search: Arc::new(search),
            not_found_root: v.not_found_root.clone(),
        };
        *slot = Arc::new(Snapshot {
            build: slot.build.clone(),
            search_build: build.to_string(),
            internal: with(&slot.internal, internal),
            public: with(&slot.public, public),
            problems: slot.problems.clone(),
            strings: slot.strings.clone(),
        });
    }
}

/// Gives the calling thread, and the threads it starts (the indexer's), the lowest CPU
/// priority, so a rebuild that comes while the first search index of a large site is being
/// made gets the processors. Linux only: elsewhere the call would lower the whole process.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; on Linux, `who = 0` with PRIO_PROCESS is
    // the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

/// Raises the soft limit on open files to the hard one (Linux often starts at 1 024): every
/// connection is an open file, and the server holds up to [`server::Limits::DEFAULT`] of them
/// besides the files a rebuild reads.
fn raise_open_files_limit() {
    #[cfg(target_os = "linux")]
    // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return;
        }
        // Enough for any preview; an unlimited hard limit is not a valid soft one.
        let want = limit.rlim_max.min(65_536);
        if limit.rlim_cur < want {
            limit.rlim_cur = want;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// Writes a line to the terminal; a closed stderr is not worth a panic.
fn say(args: fmt::Arguments) {
    let _ = writeln!(io::stderr().lock(), "{args}");
}

/// Writes a diagnostic to the terminal, coloured as `check` colours it.
fn say_diagnostic(d: &styrdok::diag::Diagnostic) {
    let colour = styrdok::term::colour(styrdok::term::Stream::Stderr);
    say(format_args!("{}", styrdok::term::diagnostic(d, colour)));
}

/// Runs the preview until Ctrl-C.
pub fn run(opts: &ServeOptions) -> Result<()> {
    styrdok::content::load::check_root(&opts.root)?;
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::io("open the site folder", &opts.root, e))?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = TcpListener::bind(addr)
        .map_err(|e| Error::io("listen on", Path::new(&addr.to_string()), e))?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::io("listen on", Path::new(&addr.to_string()), e))?;
    if !opts.bind.is_loopback() {
        say(format_args!(
            "warning: serving on {local}: other machines can read the internal view"
        ));
    }
    raise_open_files_limit();
    memory::keep_freed_memory();
    let state = Arc::new(State::new(
        Allowed::new(opts.bind, local.port()),
        server::Limits::DEFAULT,
    ));

    let (stop_tx, stop_rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| Error::Usage(format!("cannot handle Ctrl-C: {e}")))?;
    // Watch before the first build, so an edit made while it runs is not missed.
    let (tx, rx) = mpsc::channel();
    let watcher = Watcher::start(&root, tx, opts.poll)
        .map_err(|e| Error::io("watch", &root, io::Error::other(e.to_string())))?;
    // Pages opened while the first build runs get a placeholder that reloads by itself.
    server::spawn(listener, state.clone())
        .map_err(|e| Error::io("start the server on", Path::new(&local.to_string()), e))?;
    say(format_args!("building {} …", root.display()));
    let builder = Builder::new(&root, state.clone());
    spawn("styrdok-build", move || {
        rebuild_loop(builder, watcher, rx, local)
    })?;

    // The site lives in memory only: nothing is left to write or clean up, so Ctrl-C ends
    // the process at once, also in the middle of a rebuild.
    let _ = stop_rx.recv();
    say(format_args!("stopping"));
    state.hub.close();
    Ok(())
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<()> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map(|_| ())
        .map_err(|e| Error::Usage(format!("cannot start thread {name}: {e}")))
}

/// The first build, the URL, then a rebuild for every batch of changes.
fn rebuild_loop(
    mut builder: Builder,
    mut watcher: Watcher,
    rx: mpsc::Receiver<Msg>,
    local: SocketAddr,
) {
    if let Err(failed) = builder.rebuild(&[]) {
        builder.report(failed, &[]);
    }
    {
        let mut out = io::stdout().lock();
        let _ = writeln!(
            out,
            "Serving http://{local}/ (internal view) and http://{local}/_public/ (public view); press Ctrl-C to stop"
        );
        let _ = out.flush();
    }
    if watcher.is_polling() {
        say(format_args!(
            "watching {} by polling",
            builder.root.display()
        ));
    }

    let mut seen = watch::Seen::default();
    let mut writers = watch::Writers::default();
    // Changed paths held back while a file is being written, and whether a rescan is due.
    let mut held: Vec<PathBuf> = Vec::new();
    let mut held_rescan = false;
    // Messages that came while a failed rebuild was being looked at: the next batch's start.
    let mut pending: Vec<Msg> = Vec::new();
    // Whether the last batch was put off until the next (see `put_off`).
    let mut deferred = false;
    loop {
        // While a file is being written, wait for its writer to close it, at most so long.
        let first = if !pending.is_empty() {
            std::mem::take(&mut pending)
        } else {
            match writers.wait(Instant::now()) {
                None => match rx.recv() {
                    Ok(msg) => vec![msg],
                    Err(_) => break,
                },
                Some(limit) => match rx.recv_timeout(limit) {
                    Ok(msg) => vec![msg],
                    Err(mpsc::RecvTimeoutError::Timeout) => Vec::new(),
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                },
            }
        };
        // Everything up to a moment's quiet: one rebuild for all of it.
        let (events, errors) = if first.is_empty() {
            Default::default()
        } else {
            watch::batch(&rx, first, watch::QUIET, watch::LONGEST_BATCH)
        };
        watcher.handle_errors(&errors);
        let kinds_and_paths = || {
            events
                .iter()
                .flat_map(|e| e.paths.iter().map(move |p| (&e.kind, p.as_path())))
        };
        // The polling watcher sees no writer close a file: it waits for the file to settle.
        if !watcher.is_polling() {
            writers.note(kinds_and_paths(), Instant::now());
        }
        let mut change = watch::classify(&builder.root, kinds_and_paths());
        for dir in &change.new_dirs {
            watcher.watch_new_dir(dir);
        }
        for p in held.drain(..) {
            if !change.paths.contains(&p) {
                change.paths.push(p);
            }
        }
        // The watcher lost track (an event queue overflowed): trust nothing cached.
        let rescan = std::mem::take(&mut held_rescan) || events.iter().any(|e| e.need_rescan());
        // A file still being written is read once it is complete; so is the rest of the
        // change, which the same rebuild reads.
        let now = Instant::now();
        if change
            .paths
            .iter()
            .any(|p| writers.busy(&builder.root.join(p), now))
        {
            held = change.paths;
            held_rescan = rescan;
            continue;
        }
        if watcher.is_polling() && change.rebuild() {
            // Past the limit, read what is there: a later change is seen as a change.
            let _ = watch::settle(&builder.root, &change.paths);
        }
        if rescan {
            builder.compiler.forget_all();
        }
        // The operating system's watcher reports every change in the watched folders; the
        // polling one is trusted less (it compares at intervals).
        builder.compiler.trust_watcher(!watcher.is_polling());
        // Also records what the paths hold now, for the rebuild below.
        let mut before = seen.recall(&change.paths);
        let new = change.rebuild() && seen.anything_new(&builder.root, &change.paths);
        let may_put_off = !std::mem::take(&mut deferred);
        if !(new || rescan) {
            continue;
        }
        // As if this batch had not been seen: its paths are compared again, together with
        // the next batch, with what the last rebuild that counted saw, and read again by
        // whichever compile comes next. Once in a row, so that a file written without end
        // is still compiled as it is.
        // What came meanwhile starts the next batch either way.
        let mut put_off = |more: Vec<Msg>, builder: &mut Builder| {
            let put_off = may_put_off && watch::touch_sources(&builder.root, &more);
            pending.extend(more);
            if !put_off {
                return false;
            }
            deferred = true;
            seen.restore(std::mem::take(&mut before));
            builder
                .compiler
                .forget(change.paths.iter().map(|p| p.as_path()));
            held.clone_from(&change.paths);
            held_rescan = rescan;
            true
        };
        // A second save right behind the first (its writer descheduled on a busy machine)
        // may have begun since the batch ended: one rebuild for both.
        let more: Vec<Msg> = rx.try_iter().collect();
        if put_off(more, &mut builder) {
            continue;
        }
        builder
            .compiler
            .forget(change.paths.iter().map(|p| p.as_path()));
        let result = builder.rebuild(&change.paths);
        if let Err(failed) = result {
            // The rebuild may have read a file that such a save had just emptied. Its events
            // are on their way: a failure is only reported once the sources have been quiet
            // for a moment.
            let more = watch::until_quiet(&rx, watch::QUIET, watch::LONGEST_BATCH);
            if put_off(more, &mut builder) {
                continue;
            }
            builder.report(failed, &change.paths);
        }
    }
}

/// A rebuild that failed, not yet reported.
struct Failed {
    error: Error,
    ms: u128,
}

/// The rebuild loop's own state.
struct Builder {
    root: PathBuf,
    compiler: Incremental,
    state: Arc<State>,
    /// Distinguishes this server's builds from an earlier run's, for pages still open.
    start: String,
    generation: u64,
    /// The warnings last printed, so an unchanged list is not printed on every rebuild.
    warnings: Arc<Vec<Diagnostic>>,
    /// Static files already reported as not served.
    refused: BTreeSet<String>,
}

impl Builder {
    fn new(root: &Path, state: Arc<State>) -> Builder {
        let start = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        Builder {
            root: root.to_path_buf(),
            compiler: Incremental::new(root),
            state,
            start: format!("{start:x}"),
            generation: 0,
            warnings: Arc::default(),
            refused: BTreeSet::new(),
        }
    }

    /// Compiles the site and serves the result; a failure is handed back, for
    /// [`Builder::report`]. `changed` (relative paths) is only for the terminal.
    fn rebuild(&mut self, changed: &[PathBuf]) -> std::result::Result<(), Failed> {
        let started = Instant::now();
        let result = self
            .compiler
            .rebuild(&[Audience::Internal, Audience::Public]);
        let rebuild = match result {
            Ok(rebuild) => rebuild,
            Err(error) => {
                let ms = started.elapsed().as_millis();
                return Err(Failed { error, ms });
            }
        };
        let old = self.state.snapshot();
        let mut internal = PageSet::clone(&old.internal.pages);
        let mut public = PageSet::clone(&old.public.pages);
        let (mut di, mut dp) = Default::default();
        for (audience, mut delta) in rebuild.sites {
            self.drop_outside_files(&mut delta);
            match audience {
                Audience::Internal => di = internal.apply(delta),
                Audience::Public => dp = public.apply(delta),
            }
        }
        let stats = rebuild.stats;
        let rebuilt_all = stats.rendered_all;
        let job = rebuild.search;
        let roots = rebuild.not_found_roots;
        let root_of = |a: Audience| -> Arc<str> {
            let root = roots.iter().find(|(x, _)| *x == a).map(|(_, r)| r.as_str());
            Arc::from(root.unwrap_or("/"))
        };
        let (ni, np) = (internal.len(), public.len());
        // Nothing served changes (the same pages, strings and 404 roots, no problems to
        // clear): the open pages stay the build they are and are told nothing. A rebuild
        // that reads a file a second save is rewriting can end so.
        let unchanged = old.has_site()
            && old.problems.is_empty()
            && di.is_empty()
            && dp.is_empty()
            && self.compiler.strings().is_none_or(|s| *s == *old.strings)
            && root_of(Audience::Internal) == old.internal.not_found_root
            && root_of(Audience::Public) == old.public.not_found_root;
        if !unchanged {
            self.generation += 1;
            let build = format!("{}-{}", self.start, self.generation);
            let internal = Arc::new(internal);
            let public = Arc::new(public);
            // The last search index stays until someone searches.
            let snapshot = Snapshot {
                build: build.clone(),
                search_build: old.search_build.clone(),
                internal: ViewPages {
                    pages: internal.clone(),
                    search: old.internal.search.clone(),
                    not_found_root: root_of(Audience::Internal),
                },
                public: ViewPages {
                    pages: public.clone(),
                    search: old.public.search.clone(),
                    not_found_root: root_of(Audience::Public),
                },
                problems: Vec::new(),
                strings: match self.compiler.strings() {
                    Some(s) if *s != *old.strings => Arc::new(s.clone()),
                    _ => old.strings.clone(),
                },
            };
            let request = search::Request {
                build: build.clone(),
                internal,
                public,
                job,
            };
            self.state.search.publish(&self.state, snapshot, request);
            self.state
                .hub
                .broadcast("build", &reload::build_event(&build, &di, &dp));
        }
        // From the change seen to the pages told: compile, compare, swap.
        let ms = started.elapsed().as_millis();
        if !old.has_site() {
            // The first index in the background, so pages get the search box.
            let state = self.state.clone();
            let _ = spawn("styrdok-search", move || {
                lower_priority();
                state.search.ensure(&state, true);
            });
        }

        if rebuild.diagnostics != self.warnings {
            for d in rebuild.diagnostics.iter() {
                say_diagnostic(d);
            }
            self.warnings = rebuild.diagnostics;
        }
        if !old.has_site() {
            say(format_args!(
                "built {ni} internal and {np} public pages in {ms} ms"
            ));
        } else {
            say(format_args!(
                "rebuilt in {ms} ms after {}: {} internal and {} public page(s) changed; {} of {} files read again, {}{}",
                describe(changed),
                di.len(),
                dp.len(),
                stats.parsed,
                stats.parsed + stats.reused,
                if stats.rendered_all {
                    "every page rendered".to_string()
                } else {
                    format!(
                        "the pages of {} of {} documents{} rendered",
                        stats.rendered_documents,
                        stats.documents,
                        if stats.rendered_site_pages {
                            " and the site pages"
                        } else {
                            ""
                        }
                    )
                },
                if old.problems.is_empty() {
                    ""
                } else {
                    "; the errors are fixed"
                }
            ));
        }
        // A small rebuild's memory is kept for the next one; a large one's is handed back.
        let large = !old.has_site() || rebuilt_all;
        drop(old);
        if large {
            release_freed_memory();
        }
        Ok(())
    }

    /// Keeps the last good site served and tells the terminal and the open pages why the
    /// site does not build.
    fn report(&mut self, failed: Failed, changed: &[PathBuf]) {
        let Failed { error: e, ms } = failed;
        let old = self.state.snapshot();
        let problems = Problem::of_error(&e);
        match &e {
            Error::Content(diags) => {
                for d in diags {
                    say_diagnostic(d);
                }
            }
            other => say(format_args!("error: {other}")),
        }
        self.warnings = Arc::default();
        say(format_args!(
            "the site does not build ({} after {ms} ms); {}",
            describe(changed),
            if old.has_site() {
                "still serving the last good build"
            } else {
                "nothing to serve until it does"
            }
        ));
        self.state
            .hub
            .broadcast("failed", &reload::failed_event(&old.build, &problems));
        self.state.publish(Snapshot {
            build: old.build.clone(),
            search_build: old.search_build.clone(),
            internal: old.internal.clone(),
            public: old.public.clone(),
            problems,
            strings: old.strings.clone(),
        });
        let large = !old.has_site();
        drop(old);
        if large {
            release_freed_memory();
        }
    }

    /// Leaves out static theme files that really lie outside the site folder (a symbolic
    /// link pointing out): the preview never serves a file from outside the site.
    fn drop_outside_files(&mut self, delta: &mut Delta) {
        let Some(theme) = self.compiler.theme_name() else {
            return;
        };
        let dir = self.root.join("themes").join(theme).join("static");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if !paths::outside_root(&self.root, &path) {
                continue;
            }
            delta.pages.retain(|p| p.path != name);
            delta.removed.push(name);
            let rel = path
                .strip_prefix(&self.root)
                .unwrap_or(&path)
                .display()
                .to_string();
            if self.refused.insert(rel.clone()) {
                say(format_args!(
                    "warning: not serving {rel}: it lies outside the site folder (a symbolic link)"
                ));
            }
        }
    }
}

/// "content/a.md", "content/a.md and 2 more", or "start".
fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => "a change".into(),
        [one] => one.display().to_string(),
        [one, rest @ ..] => format!("{} and {} more", one.display(), rest.len()),
    }
}
