//! The server: accepts connections on the bound address and answers every request from the
//! site in memory ([`State`]), never from the source tree or an output directory.
//!
//! One thread per connection, each with the limits of `http.rs`: a client that sends a huge
//! head, sends slowly, stops reading or disconnects holds its own thread only, and only until
//! its timeout; the others are served meanwhile.
//!
//! Under load it keeps answering pages. Every open page holds a connection for its live-reload
//! event stream for as long as it is open, so the streams have a cap of their own
//! ([`Limits::streams`]) below the cap on all connections ([`Limits::connections`]): however
//! many pages are open, the rest of the connections stay for page requests. A request over
//! either cap is answered `503 Service Unavailable` with `Retry-After`, never closed in
//! silence. Beyond [`Limits::refusing`] connections being refused at once, the accepting
//! thread itself answers `503` without waiting for the request.

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

/// How many connections the server holds at once.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once, event streams included.
    pub connections: usize,
    /// Live-reload event streams open at once (one per open page).
    pub streams: usize,
    /// Connections being answered `503` at once, over the cap on connections.
    pub refusing: usize,
}

impl Limits {
    /// 256 event streams, and at least 768 connections left for page requests.
    pub const DEFAULT: Limits = Limits {
        connections: 1024,
        streams: 256,
        refusing: 64,
    };
}

/// What a client over a cap is told: try again in this many seconds.
pub const RETRY_AFTER: &str = "2";

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
        let st = state.clone();
        if let Some(slot) = Slot::take(&state.open, state.limits.connections) {
            // A thread that cannot be started drops the stream, closing it.
            let _ = thread::Builder::new()
                .name("styrdok-conn".into())
                .spawn(move || {
                    let _slot = slot;
                    connection(stream, &st);
                });
        } else if let Some(slot) = Slot::take(&state.refusing, state.limits.refusing) {
            let _ = thread::Builder::new()
                .name("styrdok-busy".into())
                .spawn(move || {
                    let _slot = slot;
                    if let Ok(conn) = Conn::new(stream) {
                        refuse(conn, busy("too many connections"));
                    }
                });
        } else {
            // No thread to spare: answer at once without waiting for the request, and close.
            // The answer can be lost if the request arrives after it (the close then resets
            // the connection), but it never makes this loop wait.
            if stream.set_nonblocking(true).is_ok() {
                let mut stream = stream;
                // What already came of the request: read, so closing does not reset.
                let mut sink = [0u8; 4096];
                for _ in 0..16 {
                    if !matches!(stream.read(&mut sink), Ok(n) if n > 0) {
                        break;
                    }
                }
                let reply = busy("too many connections");
                let _ = write_reply(&mut stream, HTTPVersion(1, 1), reply, false, false);
                let _ = stream.shutdown(Shutdown::Write);
            }
        }
    }
}

/// One place under a cap, given back when dropped.
pub struct Slot(Arc<AtomicUsize>);

impl Slot {
    /// A place, if fewer than `cap` are taken.
    pub fn take(count: &Arc<AtomicUsize>, cap: usize) -> Option<Slot> {
        count
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < cap).then(|| n + 1)
            })
            .ok()
            .map(|_| Slot(count.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The answer over a cap: `503` and when to try again.
fn busy(what: &str) -> Reply {
    Reply::text(
        503,
        &format!("service unavailable: {what}; try again shortly"),
    )
    .with("Retry-After", RETRY_AFTER)
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
            Answer::Refuse(reply) => return refuse(conn, reply),
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
    let Some(_slot) = Slot::take(&state.streams, state.limits.streams) else {
        return refuse(conn, busy("too many live-reload streams"));
    };
    let Some(subscription) = state.hub.subscribe() else {
        return refuse(conn, Reply::text(503, "shutting down"));
    };
    let hello = {
        let snap = state.snapshot();
        reload::hello(&snap.build, &snap.problems)
    };
    // Ends when the page goes away (a write fails) or the server stops.
    let _ = reload::stream(&mut conn.stream, &subscription.rx, &hello);
}

/// What a request gets: a complete answer, an answer after which the connection is closed,
/// or the event stream.
pub enum Answer {
    Reply(Reply),
    Refuse(Reply),
    Events,
}

/// The answer to one request; checks first, then the route, then the site in memory.
pub fn answer(head: &Head, state: &State) -> Answer {
    // Two of these could be read two ways (by the checks here and by whatever is in
    // between): no answer to such a request is safe.
    for name in ["host", "origin"] {
        if head.count(name) > 1 {
            return Answer::Refuse(Reply::text(
                400,
                &format!("bad request: more than one {name} header"),
            ));
        }
    }
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

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};

    use super::super::guard::Allowed;
    use super::*;

    /// A server with `limits` on a free port, serving no site; its address.
    fn start(limits: Limits) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let allowed = Allowed::new("127.0.0.1".parse().unwrap(), port);
        spawn(listener, Arc::new(State::new(allowed, limits))).unwrap();
        format!("127.0.0.1:{port}")
    }

    /// Sends `GET path` and reads the head of the answer (the stream stays open).
    fn get(addr: &str, path: &str) -> (String, BufReader<TcpStream>) {
        let mut s = TcpStream::connect(addr).unwrap();
        // Bounds a read that must end; reached only on failure.
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        // The server may answer and close before the request is written.
        let _ = write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
        let mut reader = BufReader::new(s);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        (head, reader)
    }

    fn busy(head: &str) -> bool {
        head.starts_with("HTTP/1.1 503") && head.contains("Retry-After: 2\r\n")
    }

    #[test]
    fn streams_over_their_cap_get_503_and_pages_are_still_served() {
        let addr = start(Limits {
            connections: 4,
            streams: 2,
            refusing: 2,
        });
        let streams: Vec<_> = (0..2).map(|_| get(&addr, "/_styrdok/events")).collect();
        for (head, _) in &streams {
            assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        }
        let (head, _) = get(&addr, "/_styrdok/events");
        assert!(busy(&head), "{head}");
        let (head, _) = get(&addr, "/_styrdok/live.js");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    }

    #[test]
    fn connections_over_the_cap_get_503_until_one_closes() {
        let addr = start(Limits {
            connections: 3,
            streams: 3,
            refusing: 1,
        });
        let mut streams: Vec<_> = (0..3).map(|_| get(&addr, "/_styrdok/events")).collect();
        for (head, _) in &streams {
            assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        }
        let (head, _) = get(&addr, "/_styrdok/live.js");
        assert!(busy(&head), "{head}");
        // A page closed: its place is given back once the server sees it gone.
        streams.pop();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (head, _) = get(&addr, "/_styrdok/live.js");
            if head.starts_with("HTTP/1.1 200") {
                break;
            }
            // Or closed unanswered: the one refusing thread was still busy with the last.
            assert!(head.is_empty() || busy(&head), "{head}");
            assert!(Instant::now() < deadline, "no place given back");
            thread::sleep(Duration::from_millis(50));
        }
    }
}
