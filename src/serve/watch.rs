//! Watching the sources: which file events mean "rebuild" ([`classify`], a pure function),
//! and the watcher that produces them ([`Watcher`]).
//!
//! Folders are watched, never single files: an editor's atomic save writes a temporary file
//! and renames it over the document, which a watch on the document itself would lose. The
//! watched folders are `content/`, `agreements/`, `data/` and `themes/` (recursively) and the
//! site root itself (not recursively: for `styrdok.yaml`, and for source folders that appear).
//! Everything else at the root — an output directory, `.git`, `target/` — is never watched
//! and never triggers a rebuild. Events are gathered into batches ([`batch`]): a batch ends
//! when the sources have been quiet for [`QUIET`], so one save (truncate, write, close, or
//! write a temporary file and rename it) gives one batch; editor swap, backup and lock files
//! are ignored; reads (ours included) are not changes and are dropped as they come. A file is read only once it is whole: after its writer closed it
//! ([`Writers`]), or, polling, once its size and modification time stay put ([`settle`]);
//! a file that changes while it is read is read again ([`styrdok::incremental`]).
//!
//! When the operating system runs out of watches (inotify's `max_user_watches`), the watcher
//! says so on stderr and polls instead; `--poll` asks for polling from the start (network
//! drives do not report changes).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{Event, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher as _};

use styrdok::content::load::CONFIG_FILE;

use super::say;

/// The folders whose files are sources of the site.
pub const SOURCE_DIRS: &[&str] = &["content", "agreements", "data", "themes"];

/// How long the sources must be quiet before a batch of events is passed on. A save's
/// events come well under a millisecond apart, and a writer descheduled in the middle of a
/// file is held back by [`Writers`] until it closes the file. A program that saves twice in
/// a row can be descheduled between the saves, longer than any window; the rebuild loop then
/// puts the first batch off once when events of the second are already waiting, before the
/// compile or before it reports a failure (a truncated file read). This is most of the time
/// between a save and the reload that is not the rebuild itself.
pub const QUIET: Duration = Duration::from_millis(10);
/// The longest a batch gathers while events keep coming (a checkout of many files, a program
/// writing in a loop): the sources are then compiled as they are, and what comes after is
/// the next batch.
pub const LONGEST_BATCH: Duration = Duration::from_millis(500);
/// How often the polling fallback looks at every file. It compares contents, not only
/// modification times: notify's poller keeps those to the second, which would miss a second
/// save within the same second.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What a batch of events asks for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    /// Source paths that changed, relative to the root; a rebuild is due when not empty.
    pub paths: Vec<PathBuf>,
    /// Source folders that appeared at the root and must be watched.
    pub new_dirs: Vec<PathBuf>,
}

impl Change {
    pub fn rebuild(&self) -> bool {
        !self.paths.is_empty()
    }
}

/// Sorts a batch of events into the source paths that changed. `root` is the canonical site
/// root the watches were set on; paths elsewhere are ignored.
pub fn classify<'a>(
    root: &Path,
    events: impl IntoIterator<Item = (&'a EventKind, &'a Path)>,
) -> Change {
    let mut change = Change::default();
    for (kind, path) in events {
        if !is_change(kind) {
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<&str> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        if parts.len() != rel.components().count() {
            continue; // not a plain relative path, or not UTF-8
        }
        let relevant = match parts.as_slice() {
            [] => false,
            [name] if *name == CONFIG_FILE => true,
            [dir] if SOURCE_DIRS.contains(dir) => {
                if matches!(
                    kind,
                    EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
                ) && !change.new_dirs.iter().any(|d| d == rel)
                {
                    change.new_dirs.push(rel.to_path_buf());
                }
                true
            }
            [dir, rest @ ..] if SOURCE_DIRS.contains(dir) => {
                !rest.iter().any(|p| p.starts_with('.')) && !is_editor_junk(rest[rest.len() - 1])
            }
            _ => false,
        };
        if relevant && !change.paths.iter().any(|p| p == rel) {
            change.paths.push(rel.to_path_buf());
        }
    }
    change
}

/// What a source path held when the site was last compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fingerprint {
    Missing,
    Folder,
    /// A hash of the file's bytes.
    File(u64),
}

impl Fingerprint {
    pub fn of(path: &Path) -> Fingerprint {
        use std::hash::{Hash, Hasher};
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => Fingerprint::Folder,
            Ok(_) => match std::fs::read(path) {
                Ok(bytes) => {
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    bytes.hash(&mut h);
                    Fingerprint::File(h.finish())
                }
                Err(_) => Fingerprint::Missing,
            },
            Err(_) => Fingerprint::Missing,
        }
    }
}

/// The contents of the changed paths as the last rebuilds saw them. A save whose events come
/// more than [`QUIET`] apart (its writer descheduled between two files, or writing the same
/// file twice) comes in two batches; the second one finds the contents already compiled and causes no
/// rebuild. Contents are compared, not modification times, which some file systems keep to
/// the second.
#[derive(Debug, Default)]
pub struct Seen {
    paths: HashMap<PathBuf, Fingerprint>,
}

impl Seen {
    /// Whether `paths` (under `root`) hold anything the last rebuilds did not see. Records
    /// what they hold now, for the rebuild that follows. A folder always counts as new: what
    /// changed is inside it.
    pub fn anything_new(&mut self, root: &Path, paths: &[PathBuf]) -> bool {
        let mut new = false;
        for p in paths {
            let now = Fingerprint::of(&root.join(p));
            if now == Fingerprint::Folder || self.paths.get(p) != Some(&now) {
                new = true;
            }
            self.paths.insert(p.clone(), now);
        }
        new
    }

    /// What `paths` held at the last rebuilds, to [`Seen::restore`] should the next one not
    /// count.
    pub fn recall(&self, paths: &[PathBuf]) -> Vec<(PathBuf, Option<Fingerprint>)> {
        paths
            .iter()
            .map(|p| (p.clone(), self.paths.get(p).cloned()))
            .collect()
    }

    /// Forgets what a rebuild that did not count recorded.
    pub fn restore(&mut self, recalled: Vec<(PathBuf, Option<Fingerprint>)>) {
        for (p, was) in recalled {
            match was {
                Some(f) => self.paths.insert(p, f),
                None => self.paths.remove(&p),
            };
        }
    }
}

/// How long a file changed and not yet closed by its writer holds back the rebuild: enough
/// for any save, also on a busy machine; a program that keeps a file open for longer (a log
/// written to) does not hold the preview back for more than this.
pub const WRITE_LIMIT: Duration = Duration::from_secs(2);

/// Files a writer has changed and not yet closed. The operating system's watcher reports a
/// write (`open` with truncation, each `write`) as a modification and the writer's `close`
/// as such: a file modified and not yet closed may be half written (an editor or a program
/// descheduled between truncating the file and writing it), and is read only once it is
/// closed, renamed or removed, or after [`WRITE_LIMIT`].
#[derive(Debug, Default)]
pub struct Writers {
    open: HashMap<PathBuf, Instant>,
}

impl Writers {
    /// Notes what a batch of events (in the order they came) says about writers.
    pub fn note<'a>(
        &mut self,
        events: impl IntoIterator<Item = (&'a EventKind, &'a Path)>,
        now: Instant,
    ) {
        use notify::event::CreateKind;
        for (kind, path) in events {
            match kind {
                EventKind::Create(CreateKind::File)
                | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => {
                    self.open.entry(path.to_path_buf()).or_insert(now);
                }
                EventKind::Create(CreateKind::Any) if !path.is_dir() => {
                    self.open.entry(path.to_path_buf()).or_insert(now);
                }
                EventKind::Access(AccessKind::Close(AccessMode::Write))
                | EventKind::Modify(ModifyKind::Name(_))
                | EventKind::Remove(_) => {
                    self.open.remove(path);
                }
                _ => {}
            }
        }
    }

    /// Whether a file (absolute path) may still be being written.
    pub fn busy(&self, path: &Path, now: Instant) -> bool {
        self.open
            .get(path)
            .is_some_and(|since| now.duration_since(*since) < WRITE_LIMIT)
    }

    /// How long to wait for the close of the files being written, at most: `None` when no
    /// file is.
    pub fn wait(&mut self, now: Instant) -> Option<Duration> {
        self.open
            .retain(|_, since| now.duration_since(*since) < WRITE_LIMIT);
        self.open
            .values()
            .map(|since| WRITE_LIMIT.saturating_sub(now.duration_since(*since)))
            .min()
    }
}

/// Waits until the files at `paths` (under `root`) keep their size and modification time
/// for a moment, at most [`WRITE_LIMIT`]: how the polling watcher, which sees no writer
/// close its file, avoids reading one half written. Says whether they settled.
pub fn settle(root: &Path, paths: &[PathBuf]) -> bool {
    const STEP: Duration = Duration::from_millis(50);
    let stamps = || -> Vec<Option<(u64, Option<std::time::SystemTime>)>> {
        paths
            .iter()
            .map(|p| {
                std::fs::metadata(root.join(p))
                    .ok()
                    .map(|m| (m.len(), m.modified().ok()))
            })
            .collect()
    };
    let started = Instant::now();
    let mut last = stamps();
    while started.elapsed() < WRITE_LIMIT {
        std::thread::sleep(STEP);
        let now = stamps();
        if now == last {
            return true;
        }
        last = now;
    }
    false
}

/// Event kinds that can change what a file holds. Reads (inotify reports every open, the
/// server's own included) and metadata (permissions, access times) cannot; a new write time
/// is how the polling watcher reports a write.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(m)) => *m == MetadataKind::WriteTime,
        _ => true,
    }
}

/// A file an editor writes beside the real one: swap, backup, lock and temporary files.
pub fn is_editor_junk(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".swn",
        ".tmp",
        ".bak",
        ".orig",
        ".part",
        ".crdownload",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name.starts_with('.')          // vim .x.swp, emacs .#x lock, kate, gedit .goutputstream-*
        || name.starts_with('#')   // emacs #x# autosave
        || name == "4913"          // vim's probe for a writable folder
        || is_sed_temporary(name)  // sed -i writes sedXXXXXX, then renames it over the file
        || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// `sed -i`'s temporary file: "sed" and six letters or digits, no extension.
fn is_sed_temporary(name: &str) -> bool {
    name.len() == 9
        && name.starts_with("sed")
        && name[3..].bytes().all(|b| b.is_ascii_alphanumeric())
}

/// What the watcher thread hands to the rebuild loop, one event at a time.
pub enum Msg {
    File(Event),
    Error(notify::Error),
}

/// The first messages and every one that follows them until the sources have been quiet for
/// `quiet` (at most `longest` after the first): one batch, for one rebuild. Events the rebuild
/// loop must see together, such as a write and the close that ends it, or the two names of a
/// rename, come microseconds apart and are never split by it.
pub fn batch(
    rx: &Receiver<Msg>,
    first: impl IntoIterator<Item = Msg>,
    quiet: Duration,
    longest: Duration,
) -> (Vec<Event>, Vec<notify::Error>) {
    let mut msgs: Vec<Msg> = first.into_iter().collect();
    msgs.extend(until_quiet(rx, quiet, longest));
    let mut events = Vec::new();
    let mut errors = Vec::new();
    for msg in msgs {
        match msg {
            Msg::File(e) => events.push(e),
            Msg::Error(e) => errors.push(e),
        }
    }
    (events, errors)
}

/// The messages that come from now until the sources have been quiet for `quiet` (at most
/// `longest`); none when they are quiet already.
pub fn until_quiet(rx: &Receiver<Msg>, quiet: Duration, longest: Duration) -> Vec<Msg> {
    let started = Instant::now();
    let mut msgs = Vec::new();
    while let Some(left) = longest.checked_sub(started.elapsed()) {
        match rx.recv_timeout(quiet.min(left)) {
            Ok(msg) => msgs.push(msg),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
        }
    }
    msgs
}

/// Whether `msgs` change any source of the site at `root`: what a rebuild reads.
pub fn touch_sources(root: &Path, msgs: &[Msg]) -> bool {
    let events = msgs.iter().filter_map(|m| match m {
        Msg::File(e) => Some(e),
        Msg::Error(_) => None,
    });
    classify(
        root,
        events.flat_map(|e| e.paths.iter().map(move |p| (&e.kind, p.as_path()))),
    )
    .rebuild()
}

enum Inner {
    Native(RecommendedWatcher),
    Poll(PollWatcher),
}

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    inner: Inner,
    root: PathBuf,
    tx: Sender<Msg>,
}

impl Watcher {
    /// Watches the site at `root` (canonical), sending batches to `tx`. Falls back to polling
    /// when the system runs out of watches; `poll` asks for polling from the start.
    pub fn start(root: &Path, tx: Sender<Msg>, poll: bool) -> notify::Result<Watcher> {
        Watcher::start_with(root, tx, poll, native)
    }

    /// [`Watcher::start`], with the operating system's watcher made by `native`.
    fn start_with(
        root: &Path,
        tx: Sender<Msg>,
        poll: bool,
        native: impl FnOnce(&Path, &Sender<Msg>) -> notify::Result<Inner>,
    ) -> notify::Result<Watcher> {
        if !poll {
            match native(root, &tx) {
                Ok(inner) => {
                    return Ok(Watcher {
                        inner,
                        root: root.to_path_buf(),
                        tx,
                    });
                }
                Err(e) if out_of_watches(&e) => say_polling(&e),
                Err(e) => return Err(e),
            }
        }
        Ok(Watcher {
            inner: polling(root, &tx)?,
            root: root.to_path_buf(),
            tx,
        })
    }

    pub fn is_polling(&self) -> bool {
        matches!(self.inner, Inner::Poll(_))
    }

    /// Starts watching a source folder that appeared after the start.
    pub fn watch_new_dir(&mut self, rel: &Path) {
        let dir = self.root.join(rel);
        if !dir.is_dir() {
            return;
        }
        let result = match &mut self.inner {
            Inner::Native(d) => d.watch(&dir, RecursiveMode::Recursive),
            Inner::Poll(d) => d.watch(&dir, RecursiveMode::Recursive),
        };
        match result {
            Ok(()) => {}
            Err(e) if out_of_watches(&e) => self.fall_back(&e),
            Err(e) => say(format_args!("warning: cannot watch {}: {e}", dir.display())),
        }
    }

    /// Handles errors the watcher reported while running: running out of watches (a new
    /// folder could not be watched) switches to polling; anything else is reported.
    pub fn handle_errors(&mut self, errors: &[notify::Error]) {
        for e in errors {
            if out_of_watches(e) {
                if !self.is_polling() {
                    self.fall_back(e);
                }
            } else {
                say(format_args!("warning: watching the sources: {e}"));
            }
        }
    }

    fn fall_back(&mut self, cause: &notify::Error) {
        say_polling(cause);
        match polling(&self.root, &self.tx) {
            Ok(inner) => self.inner = inner,
            Err(e) => say(format_args!(
                "error: cannot poll the sources either: {e}; changes are not seen"
            )),
        }
    }
}

/// Passes on what the rebuild loop reads: changes, the close that ends a write, and errors.
/// Other reads (every `open` of a source, the server's own included) are dropped here, so
/// they neither wake the loop nor keep a batch from ending.
fn handler(tx: &Sender<Msg>) -> impl FnMut(notify::Result<Event>) + Send + 'static {
    let tx = tx.clone();
    move |result| {
        let msg = match result {
            Ok(e) if is_change(&e.kind) || ends_a_write(&e.kind) || e.need_rescan() => Msg::File(e),
            Ok(_) => return,
            Err(e) => Msg::Error(e),
        };
        let _ = tx.send(msg);
    }
}

fn ends_a_write(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
    )
}

fn native(root: &Path, tx: &Sender<Msg>) -> notify::Result<Inner> {
    let mut w = notify::recommended_watcher(handler(tx))?;
    for (dir, mode) in watch_list(root) {
        w.watch(&dir, mode)?;
    }
    Ok(Inner::Native(w))
}

fn polling(root: &Path, tx: &Sender<Msg>) -> notify::Result<Inner> {
    let config = notify::Config::default()
        .with_poll_interval(POLL_INTERVAL)
        .with_compare_contents(true);
    let mut w = PollWatcher::new(handler(tx), config)?;
    for (dir, mode) in watch_list(root) {
        w.watch(&dir, mode)?;
    }
    Ok(Inner::Poll(w))
}

/// The root itself (not recursively) and every source folder that exists (recursively).
fn watch_list(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut list = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in SOURCE_DIRS {
        let p = root.join(dir);
        if p.is_dir() {
            list.push((p, RecursiveMode::Recursive));
        }
    }
    list
}

fn out_of_watches(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        // inotify_init itself fails when the per-user instance limit is reached.
        notify::ErrorKind::Io(io) => matches!(io.raw_os_error(), Some(24 /* EMFILE */)),
        _ => false,
    }
}

fn say_polling(cause: &notify::Error) {
    say(format_args!(
        "warning: the operating system ran out of file watches ({cause}); falling back to \
         polling the sources every {} ms. On Linux, raise fs.inotify.max_user_watches to \
         watch without polling.",
        POLL_INTERVAL.as_millis()
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, RemoveKind, RenameMode};

    const ROOT: &str = "/site";
    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Content));
    const CREATE: EventKind = EventKind::Create(CreateKind::File);
    const CREATE_DIR: EventKind = EventKind::Create(CreateKind::Folder);
    const REMOVE: EventKind = EventKind::Remove(RemoveKind::File);
    const RENAME: EventKind = EventKind::Modify(ModifyKind::Name(RenameMode::Both));

    fn run(events: &[(EventKind, &str)]) -> Change {
        let events: Vec<(EventKind, PathBuf)> = events
            .iter()
            .map(|(k, p)| (*k, Path::new(ROOT).join(p)))
            .collect();
        classify(
            Path::new(ROOT),
            events.iter().map(|(k, p)| (k, p.as_path())),
        )
    }

    fn paths(c: &Change) -> Vec<&str> {
        c.paths.iter().map(|p| p.to_str().unwrap()).collect()
    }

    #[test]
    fn sources_trigger_a_rebuild() {
        let c = run(&[
            (WRITE, "content/rapport.md"),
            (CREATE, "agreements/ny.md"),
            (REMOVE, "content/beslut/gammalt.md"),
            (WRITE, "data/budget.yaml"),
            (WRITE, "agreements/underskrifter.yaml"),
            (WRITE, "themes/default/static/style.css"),
            (WRITE, "themes/default/templates/base.html"),
            (WRITE, "styrdok.yaml"),
        ]);
        assert_eq!(
            paths(&c),
            [
                "content/rapport.md",
                "agreements/ny.md",
                "content/beslut/gammalt.md",
                "data/budget.yaml",
                "agreements/underskrifter.yaml",
                "themes/default/static/style.css",
                "themes/default/templates/base.html",
                "styrdok.yaml",
            ]
        );
        assert!(c.new_dirs.is_empty());
    }

    #[test]
    fn an_atomic_save_is_one_change() {
        // Write a temporary file, rename it over the document.
        let c = run(&[
            (CREATE, "content/.rapport.md.tmp-4711"),
            (WRITE, "content/.rapport.md.tmp-4711"),
            (RENAME, "content/.rapport.md.tmp-4711"),
            (RENAME, "content/rapport.md"),
            (WRITE, "content/rapport.md"),
        ]);
        assert_eq!(paths(&c), ["content/rapport.md"]);
    }

    #[test]
    fn editor_files_are_ignored() {
        let c = run(&[
            (CREATE, "content/.rapport.md.swp"),
            (WRITE, "content/.rapport.md.swx"),
            (CREATE, "content/rapport.md~"),
            (CREATE, "content/#rapport.md#"),
            (CREATE, "content/.#rapport.md"),
            (CREATE, "content/4913"),
            (CREATE, "content/rapport.md.bak"),
            (CREATE, "content/rapport.md___jb_tmp___"),
            (CREATE, "themes/default/static/.style.css.kate-swp"),
            (CREATE, "content/.git/index"),
        ]);
        assert!(!c.rebuild(), "{c:?}");
    }

    #[test]
    fn output_and_other_folders_at_the_root_are_ignored() {
        let c = run(&[
            (CREATE_DIR, "out"),
            (CREATE, "out/.public.staging-1/index.html"),
            (RENAME, "out/public"),
            (WRITE, "out/.styrdok-output"),
            (WRITE, "target/debug/styrdok"),
            (WRITE, ".git/index"),
            (WRITE, "README.md"),
            (WRITE, "styrdok.yaml~"),
        ]);
        assert!(!c.rebuild(), "{c:?}");
    }

    #[test]
    fn reads_and_metadata_are_not_changes() {
        let c = run(&[
            (EventKind::Access(AccessKind::Any), "content/rapport.md"),
            (
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
                "content/rapport.md",
            ),
            (
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
                "data/budget.yaml",
            ),
        ]);
        assert!(!c.rebuild());
        // The polling watcher reports a write as a new write time.
        let c = run(&[(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)),
            "content/rapport.md",
        )]);
        assert_eq!(paths(&c), ["content/rapport.md"]);
    }

    #[test]
    fn a_source_folder_that_appears_is_watched_and_rebuilt() {
        let c = run(&[(CREATE_DIR, "agreements")]);
        assert_eq!(paths(&c), ["agreements"]);
        assert_eq!(c.new_dirs, [PathBuf::from("agreements")]);
        let c = run(&[(EventKind::Remove(RemoveKind::Folder), "content/beslut")]);
        assert_eq!(paths(&c), ["content/beslut"]);
        assert!(c.new_dirs.is_empty());
    }

    #[test]
    fn contents_already_compiled_are_not_new() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let a = vec![PathBuf::from("content/a.md")];
        let mut seen = Seen::default();
        std::fs::write(root.join("content/a.md"), "ett").unwrap();
        assert!(seen.anything_new(root, &a), "never seen");
        assert!(!seen.anything_new(root, &a), "the same contents again");
        std::fs::write(root.join("content/a.md"), "två").unwrap();
        assert!(seen.anything_new(root, &a), "new contents");
        std::fs::write(root.join("content/a.md"), "ett").unwrap();
        assert!(
            seen.anything_new(root, &a),
            "back to old contents is a change too"
        );
        std::fs::remove_file(root.join("content/a.md")).unwrap();
        assert!(seen.anything_new(root, &a), "removed");
        assert!(!seen.anything_new(root, &a), "still removed");
        let folder = vec![PathBuf::from("content")];
        assert!(seen.anything_new(root, &folder));
        assert!(seen.anything_new(root, &folder), "a folder always counts");
    }

    #[test]
    fn a_rebuild_that_did_not_count_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let a = vec![PathBuf::from("a.md"), PathBuf::from("ny.md")];
        let mut seen = Seen::default();
        std::fs::write(root.join("a.md"), "ett").unwrap();
        assert!(seen.anything_new(root, &a[..1]));
        let before = seen.recall(&a);
        // A rebuild reads a file half-written by a second save, then does not count.
        std::fs::write(root.join("a.md"), "").unwrap();
        std::fs::write(root.join("ny.md"), "").unwrap();
        assert!(seen.anything_new(root, &a));
        seen.restore(before);
        // The second save wrote what the last good rebuild saw: nothing new.
        std::fs::write(root.join("a.md"), "ett").unwrap();
        std::fs::remove_file(root.join("ny.md")).unwrap();
        assert!(!seen.anything_new(root, &a[..1]));
        assert!(
            seen.anything_new(root, &a[1..]),
            "never seen by a rebuild that counted"
        );
    }

    #[test]
    fn sed_temporary_files_are_junk_and_names_like_them_are_not() {
        for junk in ["sedC0zOSk", "sed123abc", "rapport.md~", ".rapport.md.swp"] {
            assert!(is_editor_junk(junk), "{junk}");
        }
        for real in ["sedel.md", "sedC0zOSk.md", "sed", "sedan", "rapport.md"] {
            assert!(!is_editor_junk(real), "{real}");
        }
    }

    #[test]
    fn running_out_of_watches_is_recognised() {
        assert!(out_of_watches(&notify::Error::new(
            notify::ErrorKind::MaxFilesWatch
        )));
        assert!(out_of_watches(&notify::Error::io(
            std::io::Error::from_raw_os_error(24)
        )));
        assert!(!out_of_watches(&notify::Error::path_not_found()));
        assert!(!out_of_watches(&notify::Error::generic("other")));
    }

    /// Waits (boundedly) for a batch that names `file`.
    fn receives(rx: &std::sync::mpsc::Receiver<Msg>, file: &Path) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(Msg::File(e)) => {
                    if e.paths.iter().any(|p| p.ends_with(file)) {
                        return true;
                    }
                }
                Ok(Msg::Error(_)) => {}
                Err(_) => return false,
            }
        }
        false
    }

    #[test]
    fn out_of_watches_at_the_start_polls_and_still_sees_edits() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "före").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let out = |_: &Path, _: &Sender<Msg>| -> notify::Result<Inner> {
            Err(notify::Error::new(notify::ErrorKind::MaxFilesWatch))
        };
        let w = Watcher::start_with(&root, tx, false, out).unwrap();
        assert!(w.is_polling());
        // A file that did not exist when polling began: no first scan can have reported it.
        std::fs::write(root.join("content/ny.md"), "ny").unwrap();
        assert!(
            receives(&rx, Path::new("content/ny.md")),
            "the poller saw the new file"
        );
    }

    #[test]
    fn out_of_watches_while_running_switches_to_polling() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("data")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut w = Watcher::start(&root, tx, false).unwrap();
        assert!(!w.is_polling());
        w.handle_errors(&[notify::Error::new(notify::ErrorKind::MaxFilesWatch)]);
        assert!(w.is_polling());
        std::fs::write(root.join("data/parter.yaml"), "parties: []\n").unwrap();
        assert!(
            receives(&rx, Path::new("data/parter.yaml")),
            "the poller saw the new file"
        );
        // Another error is only reported: still polling, nothing lost.
        w.handle_errors(&[notify::Error::generic("something else")]);
        assert!(w.is_polling());
    }

    #[test]
    fn a_file_written_and_not_yet_closed_is_busy_until_it_is() {
        use notify::event::{AccessKind, AccessMode};
        const CLOSE: EventKind = EventKind::Access(AccessKind::Close(AccessMode::Write));
        const OPEN: EventKind = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let file = Path::new("/site/content/a.md");
        let t0 = Instant::now();
        let mut w = Writers::default();
        assert_eq!(w.wait(t0), None);
        // Truncated, and the writer descheduled before it writes: half written.
        w.note([(&WRITE, file)], t0);
        assert!(w.busy(file, t0));
        assert!(w.wait(t0).is_some_and(|d| d <= WRITE_LIMIT));
        // Reads (ours included) change nothing.
        w.note([(&OPEN, file)], t0);
        assert!(w.busy(file, t0));
        // Written and closed.
        w.note([(&WRITE, file), (&CLOSE, file)], t0);
        assert!(!w.busy(file, t0));
        assert_eq!(w.wait(t0), None);
        // Written and closed within one batch: never held.
        w.note([(&CREATE, file), (&WRITE, file), (&CLOSE, file)], t0);
        assert!(!w.busy(file, t0));
        // An atomic save: the temporary file is renamed over the document.
        let tmp = Path::new("/site/content/.a.md.tmp");
        w.note(
            [
                (&CREATE, tmp),
                (&WRITE, tmp),
                (&RENAME, tmp),
                (&RENAME, file),
            ],
            t0,
        );
        assert!(!w.busy(file, t0));
        // Removed while being written.
        w.note([(&WRITE, file), (&REMOVE, file)], t0);
        assert!(!w.busy(file, t0));
        // A writer that never closes holds nothing back for longer than the limit.
        w.note([(&WRITE, file)], t0);
        assert!(!w.busy(file, t0 + WRITE_LIMIT));
        assert_eq!(w.wait(t0 + WRITE_LIMIT), None);
    }

    #[test]
    fn settling_returns_once_a_file_keeps_its_size() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "klar").unwrap();
        let paths = [PathBuf::from("a.md"), PathBuf::from("borta.md")];
        assert!(settle(dir.path(), &paths), "a file at rest, and one absent");
    }

    fn file_event(path: &str) -> Msg {
        Msg::File(Event::new(WRITE).add_path(PathBuf::from(path)))
    }

    #[test]
    fn a_batch_takes_everything_that_came_together_and_stops_at_quiet() {
        let (tx, rx) = std::sync::mpsc::channel();
        for p in ["/site/content/a.md", "/site/content/b.md"] {
            tx.send(file_event(p)).unwrap();
        }
        tx.send(Msg::Error(notify::Error::generic("lost"))).unwrap();
        let first = file_event("/site/data/parter.yaml");
        let (events, errors) = batch(&rx, [first], QUIET, LONGEST_BATCH);
        assert_eq!(events.len(), 3);
        assert_eq!(errors.len(), 1);
        // Nothing more came: the channel is empty and the next batch starts afresh.
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn after_a_failed_rebuild_only_source_changes_count_as_more_to_come() {
        let (tx, rx) = std::sync::mpsc::channel();
        assert!(until_quiet(&rx, QUIET, LONGEST_BATCH).is_empty(), "quiet");
        let root = Path::new("/site");
        for junk in [
            "/site/content/.a.md.swp",
            "/site/content/sedC0zOSk",
            "/site/out/x",
        ] {
            tx.send(file_event(junk)).unwrap();
        }
        tx.send(Msg::Error(notify::Error::generic("lost"))).unwrap();
        let later = until_quiet(&rx, QUIET, LONGEST_BATCH);
        assert_eq!(later.len(), 4, "every message is kept for the next batch");
        assert!(!touch_sources(root, &later));
        tx.send(file_event("/site/content/a.md")).unwrap();
        assert!(touch_sources(root, &until_quiet(&rx, QUIET, LONGEST_BATCH)));
    }

    #[test]
    fn a_batch_ends_while_events_keep_coming() {
        let (tx, rx) = std::sync::mpsc::channel();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writer = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    if tx.send(file_event("/site/content/logg.md")).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        };
        // Events every millisecond, never a quiet moment: the batch still ends.
        let (events, _) = batch(
            &rx,
            [file_event("/site/content/logg.md")],
            Duration::from_secs(3600),
            Duration::from_millis(50),
        );
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        writer.join().unwrap();
        assert!(!events.is_empty());
    }

    #[test]
    fn reads_are_dropped_before_they_reach_the_loop_but_a_closing_writer_is_not() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut h = handler(&tx);
        let path = PathBuf::from("/site/content/a.md");
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let close_read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let close_write = EventKind::Access(AccessKind::Close(AccessMode::Write));
        for kind in [open, close_read, close_write, WRITE] {
            h(Ok(Event::new(kind).add_path(path.clone())));
        }
        let kinds: Vec<EventKind> = rx
            .try_iter()
            .map(|m| match m {
                Msg::File(e) => e.kind,
                Msg::Error(e) => panic!("{e}"),
            })
            .collect();
        assert_eq!(kinds, [close_write, WRITE]);
    }

    #[test]
    fn paths_outside_the_root_are_ignored() {
        let events = [(WRITE, PathBuf::from("/elsewhere/content/a.md"))];
        let c = classify(
            Path::new(ROOT),
            events.iter().map(|(k, p)| (k, p.as_path())),
        );
        assert!(!c.rebuild());
    }
}
