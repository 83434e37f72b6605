//! `styrdok serve`: the real binary with `--port 0` on a copy of a fixture, spoken to over raw
//! TCP — both views, live reload by server-sent events, errors while editing, and safety
//! (path traversal in every spelling, Host and Origin, huge and slow clients, Ctrl-C).
//!
//! Waits are bounded polls with a deadline (an event that must come, a connection that must
//! close), never sleeps that an assertion depends on.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{Site, copy_tree, read_tree};

/// Long enough for a debug build of a small site on a busy machine; reached only on failure.
const WAIT: Duration = Duration::from_secs(30);

/// A running `styrdok serve`; killed when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// `styrdok serve --port 0 <args>` in `cwd`; returns once it printed its URL.
    #[track_caller]
    fn start_in(cwd: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_styrdok"))
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            // The footer's build date, as `Site::run` fixes it.
            .env("SOURCE_DATE_EPOCH", "1735689600")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start styrdok serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let (tx, rx) = channel();
        let out = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no URL printed; stderr:\n{}", stderr.lock().unwrap()));
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|s| s.split('/').next())
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        Server {
            child,
            addr,
            stderr,
        }
    }

    /// Serves `site` with an absolute `--root`.
    #[track_caller]
    fn start(site: &Site) -> Server {
        Server::start_in(site.root(), &["--root", site.root().to_str().unwrap()])
    }

    fn port(&self) -> u16 {
        self.addr.rsplit(':').next().unwrap().parse().unwrap()
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        s
    }

    /// Sends `raw` as it is and reads the answer to the end.
    fn raw(&self, raw: &[u8]) -> Response {
        let mut s = self.connect();
        s.write_all(raw).unwrap();
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        Response::parse(&bytes)
    }

    /// `GET path` with the right Host.
    fn get(&self, path: &str) -> Response {
        self.raw(
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.addr
            )
            .as_bytes(),
        )
    }

    fn events(&self) -> Events {
        Events::open(self.connect(), &self.addr)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stderr holds `needle`.
    #[track_caller]
    fn wait_stderr(&self, needle: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.stderr().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "no `{needle}` in stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let text = String::from_utf8_lossy(bytes).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// An event stream, read in a thread of its own.
struct Events {
    rx: Receiver<(String, Value)>,
    _conn: TcpStream,
}

impl Events {
    #[track_caller]
    fn open(mut conn: TcpStream, addr: &str) -> Events {
        write!(
            conn,
            "GET /_styrdok/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let reader = BufReader::new(conn.try_clone().unwrap());
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            let mut data = String::new();
            for line in reader.lines().map_while(Result::ok) {
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data.push_str(d);
                } else if line.is_empty() && !event.is_empty() {
                    let value = serde_json::from_str(&data).unwrap_or(Value::Null);
                    if tx.send((std::mem::take(&mut event), value)).is_err() {
                        return;
                    }
                    data.clear();
                }
            }
        });
        Events { rx, _conn: conn }
    }

    /// The next event.
    #[track_caller]
    fn next(&self) -> (String, Value) {
        match self.rx.recv_timeout(WAIT) {
            Ok(e) => e,
            Err(RecvTimeoutError::Timeout) => panic!("no event within {WAIT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the event stream ended"),
        }
    }

    /// The next event, which must be `name`.
    #[track_caller]
    fn expect(&self, name: &str) -> Value {
        let (event, data) = self.next();
        assert_eq!(event, name, "{data}");
        data
    }
}

/// The pages a `build` event lists as changed in a view, leaving out the search index (its
/// files change with any text).
fn changed(data: &Value, view: &str) -> Vec<String> {
    data[view]["changed"]
        .as_array()
        .unwrap_or_else(|| panic!("no {view} in {data}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .filter(|p| !p.starts_with("pagefind/"))
        .collect()
}

/// The number of a build id (`<start>-<n>`).
fn generation(data: &Value) -> u64 {
    data["build"]
        .as_str()
        .and_then(|b| b.rsplit('-').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no build id in {data}"))
}

const RAPPORT: &str = "dokument/rapport/index.html";
const BESLUT: &str = "dokument/beslut-norrby-ks-1/index.html";

/// A change nothing else causes, to show the next event belongs to it.
#[track_caller]
fn sentinel(site: &Site, events: &Events, after: &Value) {
    site.edit(
        "content/beslut.md",
        "Protokollsutdrag.",
        "Protokollsutdrag, ändrat.",
    );
    let data = events.expect("build");
    assert_eq!(
        generation(&data),
        generation(after) + 1,
        "a rebuild came between: {data}"
    );
    assert_eq!(changed(&data, "internal"), [BESLUT]);
}

// ---------------------------------------------------------------------------------------------
// Serving

#[test]
fn serve_prints_its_url_and_serves_both_views_with_content_types() {
    let site = Site::fixture("leak");
    let server = Server::start(&site);
    let index = server.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        index.body.contains("HEMLIG-DOKUMENTTITEL"),
        "the internal view lists it"
    );
    assert!(index.body.contains("<strong>Intern vy</strong>"));

    let public = server.get("/_public/");
    assert_eq!(public.status, 200);
    assert!(public.body.contains("<strong>Publik vy</strong>"));
    assert!(!public.body.contains("HEMLIG"), "{}", public.body);

    let secret = server.get("/_public/dokument/intern-rutin/");
    assert_eq!(secret.status, 404);
    assert!(!secret.body.contains("HEMLIG"));
    let internal = server.get("/dokument/intern-rutin/");
    assert_eq!(internal.status, 200);
    assert!(internal.body.contains("HEMLIG-BRÖDTEXT"));
    assert!(
        internal.body.contains("publik vy (finns inte där)"),
        "the switch says so"
    );

    let redirect = server.get("/_public");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), Some("/_public/"));
    let folder = server.get("/dokument/intern-rutin");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.header("location"), Some("/dokument/intern-rutin/"));

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("x-content-type-options"), Some("nosniff"));
    let js = server.get("/_styrdok/live.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.body.contains("EventSource"));

    let head = server.raw(
        format!(
            "HEAD / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let post = server.raw(
        format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    );
    assert_eq!(post.status, 405);
}

#[test]
fn pages_are_served_from_memory_exactly_as_build_writes_them_plus_the_script() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    site.run(&["build"]).success();
    for (url, file) in [
        (
            "/dokument/rapport/",
            "out/internal/dokument/rapport/index.html",
        ),
        (
            "/_public/dokument/avtal/v1/",
            "out/public/dokument/avtal/v1/index.html",
        ),
        ("/", "out/internal/index.html"),
    ] {
        let served = server.get(url).body;
        let script = served.find("<script src=\"/_styrdok/live.js\"").unwrap();
        let script_end = script + served[script..].find("</script>\n").unwrap() + 10;
        let banner = served.find("<div id=\"styrdok-serve-banner\"").unwrap();
        let banner_end = banner + served[banner..].find("</style>\n").unwrap() + 9;
        let without = format!(
            "{}{}{}",
            &served[..script],
            &served[script_end..banner],
            &served[banner_end..]
        );
        assert_eq!(without, site.read(file), "{url}");
    }
    // The search index is built in the background, and then served as build writes it.
    for view in ["internal", "public"] {
        let url = match view {
            "internal" => "/pagefind/pagefind-entry.json",
            _ => "/_public/pagefind/pagefind-entry.json",
        };
        let built = site.read(&format!("out/{view}/pagefind/pagefind-entry.json"));
        let deadline = Instant::now() + WAIT;
        while server.get(url).body != built {
            assert!(Instant::now() < deadline, "{url} is never the built index");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn the_search_index_served_is_the_current_sites_once_someone_searches() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    events.expect("hello");
    site.edit("content/rapport.md", "Fotnot här.", "SÖKBAR-MARKÖR här.");
    events.expect("build");
    site.run(&["build"]).success();
    for (url, file) in [
        (
            "/pagefind/pagefind-entry.json",
            "out/internal/pagefind/pagefind-entry.json",
        ),
        (
            "/_public/pagefind/pagefind-entry.json",
            "out/public/pagefind/pagefind-entry.json",
        ),
    ] {
        let served = server.get(url);
        assert_eq!(served.status, 200, "{url}");
        assert_eq!(served.body, site.read(file), "{url}");
    }
    // The search box's files are served whatever the index's age.
    let ui = server.get("/pagefind/pagefind-ui.js");
    assert_eq!(ui.status, 200);
    assert_eq!(
        ui.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
}

#[test]
fn build_output_never_contains_the_live_reload_script_or_banner() {
    let site = Site::fixture("basic");
    let _server = Server::start(&site);
    site.run(&["build"]).success();
    for (path, bytes) in read_tree(&site.path("out")) {
        let text = String::from_utf8_lossy(&bytes);
        for needle in ["_styrdok", "EventSource", "styrdok-serve", "live.js"] {
            assert!(!text.contains(needle), "{path} contains {needle}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Live reload

#[test]
fn editing_a_document_sends_a_reload_event_and_serves_the_new_text() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    let hello = events.expect("hello");
    assert_eq!(hello["diagnostics"], Value::Array(vec![]));
    assert!(
        !server
            .get("/dokument/rapport/")
            .body
            .contains("NY-TEXT-MARKÖR")
    );

    site.edit("content/rapport.md", "Fotnot här.", "NY-TEXT-MARKÖR här.");
    let build = events.expect("build");
    assert_eq!(changed(&build, "internal"), [RAPPORT]);
    assert_eq!(changed(&build, "public"), [RAPPORT]);
    assert_eq!(generation(&build), generation(&hello) + 1);
    let page = server.get("/dokument/rapport/");
    assert!(page.body.contains("NY-TEXT-MARKÖR"));
    assert!(
        page.body.contains(&format!(
            "data-build=\"{}\"",
            build["build"].as_str().unwrap()
        )),
        "the page tells the script which build it is"
    );
    // Printed after the pages are told.
    server.wait_stderr("rebuilt in");
}

#[test]
fn a_title_change_reaches_the_pages_that_show_it() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    events.expect("hello");
    site.edit(
        "content/rapport.md",
        "title: Fiktiv rapport",
        "title: Omdöpt rapport",
    );
    let build = events.expect("build");
    let pages = changed(&build, "internal");
    for page in [RAPPORT, "index.html", "typ/rapporter/index.html"] {
        assert!(pages.iter().any(|p| p == page), "{page} not in {pages:?}");
    }
    // The agreement lists the report among its backlinks.
    assert!(
        pages.iter().any(|p| p == "dokument/avtal/index.html"),
        "{pages:?}"
    );
    assert!(server.get("/").body.contains("Omdöpt rapport"));
}

/// Saves `content/rapport.md` with `marker` in place of its footnote text, the way `save`
/// does it (given the document's path and its new text), and checks that this gives exactly
/// one rebuild, of that page, which then shows the new text.
fn one_save_gives_one_rebuild(marker: &str, save: impl FnOnce(&Site, &Path, &str)) {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    events.expect("hello");
    let text = site
        .read("content/rapport.md")
        .replace("Fotnot här.", marker);
    save(&site, &site.path("content/rapport.md"), &text);
    let build = events.expect("build");
    assert_eq!(changed(&build, "internal"), [RAPPORT]);
    sentinel(&site, &events, &build);
    assert!(server.get("/dokument/rapport/").body.contains(marker));
}

/// An editor's atomic save: a temporary file written and renamed over the document.
#[test]
fn an_atomic_save_gives_exactly_one_rebuild() {
    one_save_gives_one_rebuild("Sparad atomärt.", |site, doc, text| {
        let tmp = site.path("content/.rapport.md.tmp-4711");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, doc).unwrap();
    });
}

/// How vim saves by default: the old file is moved aside as a backup, the new one written
/// under the document's name, and the backup removed. For an instant the document does not
/// exist; no rebuild may see that instant (it would drop the page and every link to it).
#[test]
fn a_save_that_moves_the_old_file_aside_gives_exactly_one_rebuild() {
    one_save_gives_one_rebuild("Sparad som vim sparar.", |site, doc, text| {
        let backup = site.path("content/rapport.md~");
        std::fs::rename(doc, &backup).unwrap();
        std::fs::write(doc, text).unwrap();
        std::fs::remove_file(&backup).unwrap();
    });
}

#[test]
fn saving_what_was_already_built_does_not_rebuild() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    events.expect("hello");
    site.edit("content/rapport.md", "Fotnot här.", "Sparad två gånger.");
    let build = events.expect("build");
    let same = site.read("content/rapport.md");
    site.write("content/rapport.md", &same);
    site.write("content/rapport.md", &same);
    sentinel(&site, &events, &build);
}

/// A save that changes the text but no page (blank lines at the end) is built, and the open
/// pages are told nothing: they are still the build served.
#[test]
fn a_rebuild_that_changes_no_page_tells_the_pages_nothing() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    let hello = events.expect("hello");
    let text = site.read("content/rapport.md");
    site.write("content/rapport.md", &format!("{text}\n\n\n"));
    server.wait_stderr("after content/rapport.md: 0 internal and 0 public page(s) changed");
    sentinel(&site, &events, &hello);
}

/// A writer that stops half-way through a file (descheduled on a busy machine, or a slow
/// program) longer than the watcher's quiet window: the file is read once it is closed, whole,
/// in one rebuild. (The pause is the scenario, not a wait: were it too short for the
/// quiet window, the test would merely pass.)
#[test]
fn a_file_is_read_once_its_writer_has_closed_it() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    events.expect("hello");
    let text = site
        .read("content/rapport.md")
        .replace("Fotnot här.", "SKRIVEN-I-TVÅ-DELAR.");
    let (head, tail) = text.split_at(text.find("SKRIVEN").unwrap());
    let mut file = std::fs::File::create(site.path("content/rapport.md")).unwrap();
    file.write_all(head.as_bytes()).unwrap();
    file.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    file.write_all(tail.as_bytes()).unwrap();
    drop(file);
    let build = events.expect("build");
    assert_eq!(changed(&build, "internal"), [RAPPORT]);
    assert!(
        server
            .get("/dokument/rapport/")
            .body
            .contains("SKRIVEN-I-TVÅ-DELAR.")
    );
    sentinel(&site, &events, &build);
}

#[test]
fn editor_swap_and_backup_files_do_not_trigger_a_rebuild() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    let hello = events.expect("hello");
    for junk in [
        "content/.rapport.md.swp",
        "content/rapport.md~",
        "content/#rapport.md#",
        "content/.#rapport.md",
        "content/4913",
        "agreements/.avtal.md.swx",
    ] {
        site.write(junk, "---\nid: skräp\n---\n");
    }
    sentinel(&site, &events, &hello);
    assert_eq!(server.get("/dokument/skr%C3%A4p/").status, 404);
}

#[test]
fn the_output_directory_never_triggers_a_rebuild() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    let hello = events.expect("hello");
    site.run(&["build"]).success();
    site.run(&["build"]).success();
    sentinel(&site, &events, &hello);
}

#[test]
fn new_renamed_and_deleted_files_are_handled() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    events.expect("hello");

    site.write(
        "content/ny.md",
        "---\nid: ny\nkind: page\ntitle: Ny sida\n---\n\nNY-SIDA.\n",
    );
    let build = events.expect("build");
    assert!(changed(&build, "internal").contains(&"dokument/ny/index.html".to_string()));
    assert!(server.get("/dokument/ny/").body.contains("NY-SIDA."));

    // Renamed into a new folder: still the same document, and still watched there.
    std::fs::create_dir_all(site.path("content/mapp")).unwrap();
    std::fs::rename(
        site.path("content/ny.md"),
        site.path("content/mapp/flyttad.md"),
    )
    .unwrap();
    // The same pages from the new place: the move itself is no build the pages are told of.
    site.edit("content/mapp/flyttad.md", "NY-SIDA.", "FLYTTAD-SIDA.");
    // The folder's creation, the move and the edit may have come as several batches.
    while !server.get("/dokument/ny/").body.contains("FLYTTAD-SIDA.") {
        let build = events.expect("build");
        assert!(generation(&build) < 10, "the edit is never seen");
    }

    std::fs::remove_file(site.path("content/mapp/flyttad.md")).unwrap();
    let build = events.expect("build");
    assert!(changed(&build, "internal").contains(&"dokument/ny/index.html".to_string()));
    assert_eq!(server.get("/dokument/ny/").status, 404);
}

#[test]
fn a_css_only_change_is_reported_as_the_stylesheet_alone() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    events.expect("hello");
    site.write(
        "themes/default/static/style.css",
        "body { color: rgb(1, 2, 3); }\n",
    );
    let build = events.expect("build");
    assert_eq!(changed(&build, "internal"), ["style.css"]);
    assert_eq!(changed(&build, "public"), ["style.css"]);
    let css = server.get("/_public/style.css");
    assert_eq!(css.body, "body { color: rgb(1, 2, 3); }\n");
}

#[test]
fn polling_rebuilds_too() {
    let site = Site::fixture("basic");
    let server = Server::start_in(site.root(), &["--root", ".", "--poll"]);
    let events = server.events();
    events.expect("hello");
    site.edit("content/rapport.md", "Fotnot här.", "POLLAD-TEXT.");
    let build = events.expect("build");
    assert_eq!(changed(&build, "internal"), [RAPPORT]);
    assert!(
        server
            .get("/dokument/rapport/")
            .body
            .contains("POLLAD-TEXT.")
    );
}

// ---------------------------------------------------------------------------------------------
// Errors while editing

#[test]
fn a_broken_edit_is_reported_the_old_page_still_served_and_fixing_it_recovers() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    events.expect("hello");

    site.edit(
        "content/rapport.md",
        "kind: report",
        "kind: report\nfärg: blå",
    );
    let failed = events.expect("failed");
    let problem = &failed["diagnostics"][0];
    assert_eq!(problem["location"], "content/rapport.md:4:1");
    assert_eq!(problem["severity"], "error");
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `färg`")
    );
    server.wait_stderr("content/rapport.md:4:1: error: unknown field `färg`");
    server.wait_stderr("still serving the last good build");

    // The last good site is still served, and a page opened now learns of the errors.
    let page = server.get("/dokument/rapport/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Fiktiv rapport"));
    let late = server.events();
    let hello = late.expect("hello");
    assert_eq!(
        hello["diagnostics"][0]["location"],
        "content/rapport.md:4:1"
    );
    assert_eq!(hello["build"], failed["build"], "still the last good build");

    site.edit(
        "content/rapport.md",
        "kind: report\nfärg: blå",
        "kind: report",
    );
    site.edit("content/rapport.md", "Fotnot här.", "LAGAD-TEXT.");
    let build = loop {
        let (name, data) = events.next();
        if name == "build" && !changed(&data, "internal").is_empty() {
            break data;
        }
    };
    assert_eq!(changed(&build, "internal"), [RAPPORT]);
    assert!(
        server
            .get("/dokument/rapport/")
            .body
            .contains("LAGAD-TEXT.")
    );
    let hello = server.events().expect("hello");
    assert_eq!(
        hello["diagnostics"],
        Value::Array(vec![]),
        "the overlay is cleared"
    );
}

#[test]
fn a_site_that_does_not_build_at_start_shows_why_and_reloads_once_it_does() {
    let site = Site::fixture("basic");
    site.edit(
        "content/rapport.md",
        "id: rapport",
        "id: rapport\nfärg: blå",
    );
    let server = Server::start(&site);
    let page = server.get("/dokument/rapport/");
    assert_eq!(page.status, 503);
    assert!(
        page.body.contains("/_styrdok/live.js"),
        "the placeholder reloads itself"
    );
    let events = server.events();
    let hello = events.expect("hello");
    assert_eq!(hello["build"], "none");
    assert_eq!(
        hello["diagnostics"][0]["location"],
        "content/rapport.md:3:1"
    );

    site.edit(
        "content/rapport.md",
        "id: rapport\nfärg: blå",
        "id: rapport",
    );
    events.expect("build");
    assert_eq!(server.get("/dokument/rapport/").status, 200);
}

#[test]
fn a_template_that_does_not_compile_is_shown_like_a_content_error() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    events.expect("hello");
    site.write("themes/default/templates/404.html", "{% block main %}\n");
    let failed = events.expect("failed");
    assert!(
        failed["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("template"),
        "{failed}"
    );
    assert_eq!(
        server.get("/").status,
        200,
        "the last good site is still served"
    );
    std::fs::remove_file(site.path("themes/default/templates/404.html")).unwrap();
    events.expect("build");
}

// ---------------------------------------------------------------------------------------------
// Path traversal: one test per spelling, each with a relative and an absolute --root, over raw
// TCP. The site lies in `<tmp>/site`; `<tmp>/secret.txt` must never be served.

const SECRET: &str = "TOPPHEMLIGT-UTANFÖR-WEBBPLATSEN";

struct Traversal {
    dir: tempfile::TempDir,
}

impl Traversal {
    fn new() -> Traversal {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
            &site,
        );
        std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
        std::fs::write(
            dir.path().join("secret.md"),
            format!("---\nid: hemlig\nkind: page\ntitle: {SECRET}\n---\n\n{SECRET}\n"),
        )
        .unwrap();
        Traversal { dir }
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Both servers: `--root .` in the site, and `--root <absolute>` from elsewhere.
    fn servers(&self) -> [Server; 2] {
        let abs = self.site().canonicalize().unwrap();
        [
            Server::start_in(&self.site(), &["--root", "."]),
            Server::start_in(self.dir.path(), &["--root", abs.to_str().unwrap()]),
        ]
    }

    /// Every target is refused (400) or not found (404), and never shows the secret.
    #[track_caller]
    fn refuses(&self, targets: &[&str]) {
        for server in self.servers() {
            assert_eq!(
                server.get("/dokument/rapport/").status,
                200,
                "the site is served"
            );
            for target in targets {
                let target = target.replace("{outside}", self.dir.path().to_str().unwrap());
                let raw = format!(
                    "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                    server.addr
                );
                let r = server.raw(raw.as_bytes());
                assert!(
                    r.status == 400 || r.status == 404,
                    "{target}: {} {}",
                    r.status,
                    r.head
                );
                assert!(!r.body.contains(SECRET), "{target} served the secret");
            }
        }
    }
}

#[test]
fn traversal_with_dot_dot_is_refused() {
    Traversal::new().refuses(&[
        "/../secret.txt",
        "/dokument/../../secret.txt",
        "/_public/../../secret.txt",
        "/../../../../../../etc/passwd",
    ]);
}

#[test]
fn traversal_with_percent_encoded_dots_is_refused() {
    Traversal::new().refuses(&[
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/_public/%2e%2e/%2e%2e/secret.txt",
    ]);
}

#[test]
fn traversal_with_an_encoded_slash_is_refused() {
    Traversal::new().refuses(&[
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/_public/..%2F..%2Fsecret.txt",
        "/dokument%2f..%2f..%2fsecret.txt",
    ]);
}

#[test]
fn traversal_with_backslashes_is_refused() {
    Traversal::new().refuses(&[
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/_public\\..\\..\\secret.txt",
    ]);
}

#[test]
fn traversal_with_double_slashes_is_refused() {
    Traversal::new().refuses(&[
        "/{outside}/secret.txt",
        "//{outside}/secret.txt",
        "/_public//{outside}/secret.txt",
        "//etc/passwd",
    ]);
}

#[test]
fn traversal_with_nul_is_refused() {
    Traversal::new().refuses(&[
        "/../secret.txt%00",
        "/secret.txt%00.html",
        "/index.html%00/../../secret.txt",
        "/%00",
    ]);
    // A raw NUL in the request line is not HTTP at all.
    let t = Traversal::new();
    for server in t.servers() {
        let r = server.raw(
            format!(
                "GET /\0/../secret.txt HTTP/1.1\r\nHost: {}\r\n\r\n",
                server.addr
            )
            .as_bytes(),
        );
        assert_eq!(r.status, 400);
        assert!(!r.body.contains(SECRET));
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_site_pointing_out_is_not_served() {
    let t = Traversal::new();
    let site = t.site();
    let static_dir = site.join("themes/default/static");
    std::fs::create_dir_all(&static_dir).unwrap();
    std::os::unix::fs::symlink(t.dir.path().join("secret.txt"), static_dir.join("leak.txt"))
        .unwrap();
    std::os::unix::fs::symlink(t.dir.path().join("secret.md"), site.join("content/leak.md"))
        .unwrap();
    std::os::unix::fs::symlink(t.dir.path(), site.join("content/outside-folder")).unwrap();
    t.refuses(&[
        "/leak.txt",
        "/_public/leak.txt",
        "/dokument/hemlig/",
        "/content/leak.md",
        "/content/outside-folder/secret.txt",
        "/outside-folder/secret.txt",
    ]);
    let server = Server::start_in(&site, &["--root", "."]);
    assert!(!server.get("/").body.contains(SECRET));
    server.wait_stderr("not serving themes/default/static/leak.txt");
}

// ---------------------------------------------------------------------------------------------
// Host and Origin

fn request_with(server: &Server, path: &str, headers: &str) -> Response {
    server.raw(format!("GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n").as_bytes())
}

#[test]
fn a_foreign_host_is_refused() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let port = server.port();
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
        format!("127.0.0.2:{port}"),
        "localhost".to_string(),
    ] {
        let r = request_with(&server, "/", &format!("Host: {host}\r\n"));
        assert_eq!(r.status, 403, "{host}");
        assert!(!r.body.contains("Fiktivt samverkansavtal"));
        let r = request_with(&server, "/_styrdok/events", &format!("Host: {host}\r\n"));
        assert_eq!(r.status, 403, "{host}: events");
    }
    assert_eq!(request_with(&server, "/", "").status, 403, "no Host");
}

#[test]
fn localhost_and_the_bound_address_are_accepted() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let port = server.port();
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let r = request_with(&server, "/", &format!("Host: {host}\r\n"));
        assert_eq!(r.status, 200, "{host}");
    }
}

#[test]
fn an_event_stream_from_another_origin_is_refused() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let host = format!("Host: {}\r\n", server.addr);
    for origin in [
        "http://evil.example",
        "null",
        "https://localhost",
        "http://localhost:1",
    ] {
        let r = request_with(
            &server,
            "/_styrdok/events",
            &format!("{host}Origin: {origin}\r\n"),
        );
        assert_eq!(r.status, 403, "{origin}");
        let r = request_with(&server, "/", &format!("{host}Origin: {origin}\r\n"));
        assert_eq!(r.status, 403, "{origin}: page");
    }
    // The page's own origin may open it.
    let mut s = server.connect();
    write!(
        s,
        "GET /_styrdok/events HTTP/1.1\r\n{host}Origin: http://localhost:{}\r\n\r\n",
        server.port()
    )
    .unwrap();
    let mut first = String::new();
    BufReader::new(s).read_line(&mut first).unwrap();
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
}

// ---------------------------------------------------------------------------------------------
// Clients that misbehave

/// A normal request answered in full while the misbehaving clients of `held` still hold
/// their connections: the server answers others without waiting for them to finish or to
/// be cut off (the wait is bounded by the read timeout, and only a failure reaches it).
#[track_caller]
fn served_while_held(server: &Server, held: &[&TcpStream]) {
    let r = server.get("/dokument/rapport/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Fiktiv rapport"), "a whole page");
    for (i, conn) in held.iter().enumerate() {
        assert!(
            still_open(conn),
            "misbehaving connection {i} was closed first"
        );
    }
}

/// Whether the server has not closed `conn` (nothing to read is not a close).
fn still_open(conn: &TcpStream) -> bool {
    conn.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    let open = match conn.peek(&mut byte) {
        Ok(n) => n > 0,
        Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
    };
    conn.set_nonblocking(false).unwrap();
    open
}

#[test]
fn a_huge_header_line_gets_431_and_does_not_stall_others() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let mut huge = server.connect();
    write!(huge, "GET / HTTP/1.1\r\nHost: {}\r\nX-Huge: ", server.addr).unwrap();
    let line = vec![b'a'; 64 * 1024];
    // The server stops reading at its limit; the rest may not fit in the socket buffers.
    let _ = huge.write_all(&line);
    served_while_held(&server, &[]);
    let mut answer = Vec::new();
    let _ = huge.read_to_end(&mut answer);
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 431"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}

#[test]
fn a_slow_client_does_not_stall_others_and_is_cut_off() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    // Connections that send nothing at all.
    let idle: Vec<TcpStream> = (0..20).map(|_| server.connect()).collect();
    // A connection that sends its head one byte at a time, never finishing.
    let slow = server.connect();
    let mut writer = slow.try_clone().unwrap();
    std::thread::spawn(move || {
        for b in b"GET / HTTP/1.1\r\nX-Slow: "
            .iter()
            .chain(std::iter::repeat(&b'x'))
        {
            if writer.write_all(&[*b]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let held: Vec<&TcpStream> = idle.iter().chain([&slow]).collect();
    served_while_held(&server, &held);
    served_while_held(&server, &held);
    // The head must arrive within 10 s of its first byte: the server closes the connection.
    let started = Instant::now();
    let mut reader = slow;
    let mut buf = [0u8; 64];
    let closed = loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break true,
            Ok(_) => {}
        }
        if started.elapsed() > WAIT {
            break false;
        }
    };
    assert!(
        closed,
        "the slow connection is still open after {:?}",
        started.elapsed()
    );
    served_while_held(&server, &[]);
}

#[test]
fn clients_that_disconnect_mid_stream_do_not_stall_others() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let watching = server.events();
    watching.expect("hello");
    for _ in 0..5 {
        // An event stream dropped after its hello.
        let gone = server.events();
        gone.expect("hello");
        drop(gone);
        // A page dropped after a few bytes of the answer.
        let mut s = server.connect();
        write!(
            s,
            "GET /dokument/avtal/ HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        )
        .unwrap();
        let mut few = [0u8; 10];
        s.read_exact(&mut few).unwrap();
        let _ = s.shutdown(Shutdown::Both);
        // A request cut off in the middle of its head.
        let mut s = server.connect();
        write!(s, "GET /dokument/avtal/ HTTP/1.1\r\nHo").unwrap();
        drop(s);
    }
    served_while_held(&server, &[]);
    site.edit("content/rapport.md", "Fotnot här.", "EFTER-AVBROTT.");
    let build = watching.expect("build");
    assert_eq!(changed(&build, "internal"), [RAPPORT]);
}

// ---------------------------------------------------------------------------------------------
// Stopping

#[cfg(unix)]
#[test]
fn ctrl_c_exits_cleanly() {
    let site = Site::fixture("basic");
    let mut server = Server::start(&site);
    let _events = server.events();
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + WAIT;
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(exit.code(), Some(0), "stderr:\n{}", server.stderr());
    server.wait_stderr("stopping");
    assert!(!server.stderr().contains("panicked"));
}

#[test]
fn the_404_page_of_each_view_links_into_that_view() {
    let site = Site::fixture("basic");
    // Published in a folder: the built 404 page links from /minimaria/.
    site.write(
        "styrdok.yaml",
        "title: Fiktiv testwebbplats\nbase_url: https://exempel.invalid/minimaria/\n",
    );
    let server = Server::start(&site);
    let public = server.get("/_public/finns/inte/");
    assert_eq!(public.status, 404);
    assert!(
        public.body.contains("href=\"/_public/typ/"),
        "{}",
        public.body
    );
    assert!(!public.body.contains("href=\"/minimaria/"));
    assert!(
        !public.body.contains("href=\"/typ/"),
        "no link into the internal view"
    );
    let internal = server.get("/finns/inte/");
    assert_eq!(internal.status, 404);
    assert!(internal.body.contains("href=\"/typ/"), "{}", internal.body);
    // Its search box searches the index of its own view.
    assert!(public.body.contains("data-bundle=\"/_public/pagefind/\""));
    assert!(internal.body.contains("data-bundle=\"/pagefind/\""));
}

// ---------------------------------------------------------------------------------------------
// Load

/// Asks for the event stream on a connection of its own and reads the head of the answer; the
/// connection stays open, as an open page's does.
fn open_stream(server: &Server) -> (Response, BufReader<TcpStream>) {
    let mut s = server.connect();
    // A refused stream may be answered and closed before the request is written.
    let _ = write!(
        s,
        "GET /_styrdok/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.addr
    );
    let mut reader = BufReader::new(s);
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).unwrap_or(0) == 0 || line == b"\r\n" {
            break;
        }
        head.extend_from_slice(&line);
    }
    (Response::parse(&head), reader)
}

#[test]
fn six_hundred_open_pages_do_not_keep_others_from_being_served() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    // Wait for the site, so the pages below are the site's and not the placeholder.
    assert_eq!(server.get("/dokument/rapport/").status, 200);
    let streams: Vec<_> = (0..600).map(|_| open_stream(&server)).collect();
    let (mut open, mut refused) = (0, 0);
    for (r, _) in &streams {
        match r.status {
            200 => {
                assert_eq!(
                    r.header("content-type"),
                    Some("text/event-stream; charset=utf-8")
                );
                open += 1;
            }
            503 => {
                let retry: u32 = r
                    .header("retry-after")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| panic!("503 without Retry-After:\n{}", r.head));
                assert!((1..=60).contains(&retry), "{}", r.head);
                refused += 1;
            }
            other => panic!("stream answered {other}:\n{}", r.head),
        }
    }
    assert!(open >= 100, "only {open} of 600 streams were opened");
    assert!(
        refused > 0,
        "600 streams are over the cap, yet none was refused"
    );
    // Pages are still served in both views, and by several connections at once.
    let pages: Vec<_> = (0..20)
        .map(|i| {
            let addr = server.addr.clone();
            let path = if i % 2 == 0 {
                "/dokument/rapport/"
            } else {
                "/_public/"
            };
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(&addr).unwrap();
                s.set_read_timeout(Some(WAIT)).unwrap();
                write!(
                    s,
                    "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
                )
                .unwrap();
                let mut bytes = Vec::new();
                let _ = s.read_to_end(&mut bytes);
                Response::parse(&bytes)
            })
        })
        .collect();
    for page in pages {
        let r = page.join().unwrap();
        assert_eq!(r.status, 200, "{}", r.head);
        assert!(r.body.contains("</html>"));
    }
    // The open streams still get events.
    let (_, mut first) = streams.into_iter().find(|(r, _)| r.status == 200).unwrap();
    let mut line = String::new();
    while !line.starts_with("event: hello") {
        line.clear();
        assert!(first.read_line(&mut line).unwrap() > 0, "the stream ended");
    }
}

#[test]
fn a_closed_page_gives_its_stream_back() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let mut streams = Vec::new();
    loop {
        let (r, reader) = open_stream(&server);
        if r.status == 503 {
            break;
        }
        assert_eq!(r.status, 200, "{}", r.head);
        streams.push(reader);
        assert!(streams.len() <= 2000, "no cap on event streams");
    }
    // Every stream taken: closing some pages lets new ones connect.
    streams.truncate(streams.len() - 5);
    let deadline = Instant::now() + WAIT;
    loop {
        let (r, _reader) = open_stream(&server);
        if r.status == 200 {
            break;
        }
        assert_eq!(r.status, 503, "{}", r.head);
        assert!(
            Instant::now() < deadline,
            "the closed streams were not given back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn two_host_or_two_origin_headers_are_a_bad_request() {
    let site = Site::fixture("basic");
    let server = Server::start(&site);
    let addr = &server.addr;
    let origin = format!("http://{addr}");
    for path in ["/", "/_public/", "/_styrdok/events"] {
        for headers in [
            format!("Host: {addr}\r\nHost: {addr}\r\n"),
            format!("Host: {addr}\r\nhost: localhost:{}\r\n", server.port()),
            format!("Host: {addr}\r\nHost: evil.example\r\n"),
            format!("Host: {addr}\r\nOrigin: {origin}\r\nOrigin: {origin}\r\n"),
            format!("Host: {addr}\r\nOrigin: {origin}\r\nORIGIN: http://evil.example\r\n"),
        ] {
            let r = request_with(&server, path, &headers);
            assert_eq!(r.status, 400, "{path} with {headers:?}: {}", r.head);
            assert!(!r.body.contains("Fiktivt samverkansavtal"));
        }
    }
    // One of each is fine.
    let r = request_with(
        &server,
        "/",
        &format!("Host: {addr}\r\nOrigin: {origin}\r\n"),
    );
    assert_eq!(r.status, 200);
}
