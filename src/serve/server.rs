//! The server: accepts connections on the bound address and answers every request from the
//! site in memory ([`State`]), never from the source tree or an output directory.
//!
//! One thread per connection, each with the limits of `http.rs`: a client that sends a huge
//! head, sends slowly, stops reading or disconnects holds its own thread only, and only until
//! its timeout; the others are served meanwhile. At most [`MAX_CONNECTIONS`] are open at once
//! (every open page holds one for its event stream); more are closed at once.

use std::io::{self, Read};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use tiny_http::{HTTPVersion, Method};

use super::http::{
    Conn, HEAD_TIMEOUT, Head, HeadError, IDLE_TIMEOUT, Reply, content_type, write_reply,
};
use super::inject::{self, LIVE_JS, PageInfo};
use super::paths::{self, Route, View, url_of};
use super::{Snapshot, State, reload, search};

/// The most connections open at once.
pub const MAX_CONNECTIONS: usize = 256;

/// Starts accepting connections on `listener`, in a thread of its own.
pub fn spawn(listener: TcpListener, state: Arc<State>) -> io::Result<()> {
    thread::Builder::new()
        .name("styrdok-accept".into())
        .spawn(move || accept(listener, state))?;
    Ok(())
}

fn accept(listener: TcpListener, state: Arc<State>) {
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors, most likely: let connections close, then go on.
                thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        if state.open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            state.open.fetch_sub(1, Ordering::AcqRel);
            continue; // dropping the stream closes it
        }
        let st = state.clone();
        let spawned = thread::Builder::new()
            .name("styrdok-conn".into())
            .spawn(move || {
                let _open = Open(&st.open);
                connection(stream, &st);
            });
        if spawned.is_err() {
            state.open.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// Counts a connection as open for as long as it lives.
struct Open<'a>(&'a AtomicUsize);

impl Drop for Open<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

fn connection(stream: TcpStream, state: &State) {
    let Ok(mut conn) = Conn::new(stream) else {
        return;
    };
    // The first request must come promptly; later ones may wait on a kept-alive connection.
    let mut idle = HEAD_TIMEOUT;
    loop {
        let head = match conn.read_head(idle) {
            Ok(head) => head,
            Err(HeadError::TooLarge) => {
                return refuse(conn, Reply::text(431, "request header fields too large"));
            }
            Err(HeadError::Malformed(what)) => {
                return refuse(conn, Reply::text(400, &format!("bad request: {what}")));
            }
            Err(HeadError::Timeout | HeadError::Closed | HeadError::Io) => return,
        };
        idle = IDLE_TIMEOUT;
        if head.has_body() {
            return refuse(conn, Reply::text(400, "request bodies are not accepted"));
        }
        let keep_alive = head.keep_alive();
        let head_only = head.method == Method::Head;
        match answer(&head, state) {
            Answer::Reply(reply) => {
                let written =
                    write_reply(&mut conn.stream, head.version, reply, head_only, keep_alive);
                if written.is_err() || !keep_alive {
                    return;
                }
            }
            Answer::Events => return events(conn, state),
        }
    }
}

/// Answers and closes, reading (and dropping) a little of what the client still sends so the
/// answer is not lost to a connection reset.
fn refuse(mut conn: Conn, reply: Reply) {
    if write_reply(&mut conn.stream, HTTPVersion(1, 1), reply, false, false).is_err() {
        return;
    }
    let _ = conn.stream.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_millis(500);
    let mut sink = [0u8; 8192];
    let mut left: usize = 256 * 1024;
    while left > 0 {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() || conn.stream.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match conn.stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

fn events(mut conn: Conn, state: &State) {
    let Some(rx) = state.hub.subscribe() else {
        let _ = write_reply(
            &mut conn.stream,
            HTTPVersion(1, 1),
            Reply::text(503, "shutting down"),
            false,
            false,
        );
        return;
    };
    let hello = {
        let snap = state.snapshot();
        reload::hello(&snap.build, &snap.problems)
    };
    // Ends when the page goes away (a write fails) or the server stops.
    let _ = reload::stream(&mut conn.stream, rx, &hello);
}

/// What a request gets: a complete answer, or the event stream.
pub enum Answer {
    Reply(Reply),
    Events,
}

/// The answer to one request; checks first, then the route, then the site in memory.
pub fn answer(head: &Head, state: &State) -> Answer {
    if !state.allowed.host_ok(head.header("host")) {
        return Answer::Reply(Reply::text(
            403,
            "forbidden: this preview answers only to localhost and the address it is bound to",
        ));
    }
    if !state.allowed.origin_ok(head.header("origin")) {
        return Answer::Reply(Reply::text(403, "forbidden: a request from another origin"));
    }
    if !matches!(head.method, Method::Get | Method::Head) {
        return Answer::Reply(Reply::text(405, "method not allowed").with("Allow", "GET, HEAD"));
    }
    let route = match paths::route(&head.target) {
        Ok(route) => route,
        Err(refusal) => {
            return Answer::Reply(Reply::text(400, &format!("bad request path: {refusal:?}")));
        }
    };
    Answer::Reply(match route {
        Route::Events => return Answer::Events,
        Route::Script => Reply::new(
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        ),
        Route::Unknown => Reply::text(404, "not found"),
        Route::Redirect(to) => Reply::redirect(&to),
        Route::Page { view, key } => {
            if key.starts_with("pagefind/")
                && (search::needs_current(&key) || state.snapshot().view(view).get(&key).is_none())
            {
                state.search.ensure(state, false);
            }
            page(&state.snapshot(), view, &key)
        }
    })
}

fn page(snap: &Snapshot, view: View, key: &str) -> Reply {
    let pages = snap.view(view);
    let is_html = |k: &str| k.ends_with(".html") || k.ends_with(".htm");
    let exists = |v: View, k: &str| snap.view(v).get(k).is_some();
    let html = |bytes: &[u8], keys: &[&str]| {
        let info = PageInfo {
            view,
            build: &snap.build,
            keys,
            other: inject::other_view(view, key, exists),
            strings: &snap.strings,
        };
        inject::inject(bytes, &info)
    };

    if let Some(bytes) = pages.get(key) {
        return if is_html(key) {
            Reply::new(200, content_type(key), html(bytes, &[key]))
        } else {
            Reply::new(200, content_type(key), bytes.to_vec())
        };
    }
    if !snap.has_site() {
        let info = PageInfo {
            view,
            build: &snap.build,
            keys: &[key],
            other: (url_of(view.other(), "index.html"), false),
            strings: &snap.strings,
        };
        return Reply::new(503, "text/html; charset=utf-8", inject::placeholder(&info));
    }
    // A folder named without its slash: relative links need the slash.
    let folder = format!("{key}/index.html");
    if !is_html(key) && pages.get(&folder).is_some() {
        return Reply::redirect(&url_of(view, &folder));
    }
    match pages.not_found_page(view) {
        Some(bytes) => Reply::new(
            404,
            "text/html; charset=utf-8",
            html(&bytes, &[key, "404.html"]),
        ),
        None => Reply::text(404, "not found"),
    }
}
