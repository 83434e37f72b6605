//! Live reload: server-sent events from the rebuild loop to every open page.
//!
//! Server-sent events, not websockets: tiny_http cannot frame websockets, and one direction
//! is all a reload needs; the browser's `EventSource` reconnects by itself. Each open page
//! holds one stream with a small queue of its own: the rebuild loop never waits for a page,
//! and a page that stops reading is dropped when its queue is full (on reconnecting it gets
//! the current state in its `hello`). A stream also ends within [`CHECK_EVERY`] of its page
//! closing the connection, so closed pages do not hold places under the cap on streams.
//!
//! The events, each with one line of JSON:
//! - `hello` on connecting: `{"build": id, "diagnostics": [...]}`;
//! - `build` after a good rebuild: `{"build": id, "internal": {"all": bool, "changed":
//!   [paths]}, "public": {...}}`, the pages whose bytes changed in each view;
//! - `failed` after a failed rebuild: `{"build": id, "diagnostics": [...]}`, the last good
//!   site still served.

use std::io::{self, Write};
use std::net::TcpStream;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use styrdok::Error;
use styrdok::diag::{Diagnostic, Severity};
use styrdok::incremental::PageDiff;

/// Events a stream may have waiting before it is dropped as not reading.
const QUEUE: usize = 16;
/// A comment sent on an idle stream, to find closed connections and keep proxies awake.
const PING_EVERY: Duration = Duration::from_secs(15);
/// How often an idle stream looks whether its page closed the connection.
const CHECK_EVERY: Duration = Duration::from_secs(1);
/// More changed pages than this in a view are sent as "all".
const MAX_LISTED: usize = 500;

/// The open event streams.
pub struct Hub {
    /// `None` once closed.
    streams: Mutex<Option<Streams>>,
}

#[derive(Default)]
struct Streams {
    next: u64,
    senders: Vec<(u64, SyncSender<Arc<str>>)>,
}

/// One stream's queue; leaves the hub when dropped.
pub struct Subscription<'a> {
    hub: &'a Hub,
    id: u64,
    pub rx: Receiver<Arc<str>>,
}

impl Drop for Subscription<'_> {
    fn drop(&mut self) {
        if let Some(streams) = self.hub.streams.lock().expect("hub lock").as_mut() {
            streams.senders.retain(|(id, _)| *id != self.id);
        }
    }
}

impl Hub {
    pub fn new() -> Hub {
        Hub {
            streams: Mutex::new(Some(Streams::default())),
        }
    }

    /// A queue for one new stream; `None` once the hub is closed.
    pub fn subscribe(&self) -> Option<Subscription<'_>> {
        let (tx, rx) = sync_channel(QUEUE);
        let mut guard = self.streams.lock().expect("hub lock");
        let streams = guard.as_mut()?;
        let id = streams.next;
        streams.next += 1;
        streams.senders.push((id, tx));
        Some(Subscription { hub: self, id, rx })
    }

    /// Sends an event to every stream, dropping those that are gone or not reading.
    pub fn broadcast(&self, event: &str, data: &serde_json::Value) {
        let frame: Arc<str> = frame(event, &data.to_string()).into();
        if let Some(streams) = self.streams.lock().expect("hub lock").as_mut() {
            streams
                .senders
                .retain(|(_, tx)| match tx.try_send(frame.clone()) {
                    Ok(()) => true,
                    Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => false,
                });
        }
    }

    /// Ends every stream (on shutdown); no new ones are accepted.
    pub fn close(&self) {
        self.streams.lock().expect("hub lock").take();
    }

    /// Streams subscribed now.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.streams
            .lock()
            .expect("hub lock")
            .as_ref()
            .map_or(0, |s| s.senders.len())
    }
}

/// One event in the wire format: `event:` line, a `data:` line per line of data, blank line.
pub fn frame(event: &str, data: &str) -> String {
    let mut out = format!("event: {event}\n");
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Writes the event stream to one page until it goes away or the hub closes.
pub fn stream(conn: &mut TcpStream, rx: &Receiver<Arc<str>>, hello: &str) -> io::Result<()> {
    conn.write_all(
        b"HTTP/1.1 200 OK\r\n\
          Content-Type: text/event-stream; charset=utf-8\r\n\
          Cache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\n\
          Connection: close\r\n\r\n\
          retry: 500\n\n",
    )?;
    conn.write_all(hello.as_bytes())?;
    conn.flush()?;
    let mut written = Instant::now();
    loop {
        match rx.recv_timeout(CHECK_EVERY) {
            Ok(frame) => conn.write_all(frame.as_bytes())?,
            Err(RecvTimeoutError::Timeout) if closed_by_peer(conn) => return Ok(()),
            Err(RecvTimeoutError::Timeout) if written.elapsed() >= PING_EVERY => {
                conn.write_all(b": ping\n\n")?
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        conn.flush()?;
        written = Instant::now();
    }
}

/// Whether the page closed its side of the connection. A page sends nothing after asking
/// for the stream, so an end of stream is a page gone; bytes it sends anyway are left unread.
fn closed_by_peer(conn: &TcpStream) -> bool {
    if conn.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let closed = match conn.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
        ),
    };
    conn.set_nonblocking(false).is_err() || closed
}

/// The `hello` a new stream starts with.
pub fn hello(build: &str, problems: &[Problem]) -> String {
    frame(
        "hello",
        &json!({ "build": build, "diagnostics": problems }).to_string(),
    )
}

/// The `build` event for a good rebuild.
pub fn build_event(build: &str, internal: &PageDiff, public: &PageDiff) -> serde_json::Value {
    json!({ "build": build, "internal": changes(internal), "public": changes(public) })
}

/// The `failed` event for a failed rebuild.
pub fn failed_event(build: &str, problems: &[Problem]) -> serde_json::Value {
    json!({ "build": build, "diagnostics": problems })
}

fn changes(diff: &PageDiff) -> serde_json::Value {
    if diff.len() > MAX_LISTED {
        json!({ "all": true, "changed": [] })
    } else {
        json!({ "all": false, "changed": diff.paths().collect::<Vec<_>>() })
    }
}

/// A problem as the browser overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// `path:line:col`, when the problem has a place.
    pub location: Option<String>,
    pub severity: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    /// The problems of a failed build: every diagnostic, errors first; or the one error that
    /// is not about the content (a template that does not compile, a file that cannot be
    /// read).
    pub fn of_error(e: &Error) -> Vec<Problem> {
        match e {
            Error::Content(diags) => {
                let mut v: Vec<Problem> = diags.iter().map(Problem::from).collect();
                v.sort_by_key(|p| p.severity != "error");
                v
            }
            other => vec![Problem {
                location: None,
                severity: "error",
                message: other.to_string(),
                hint: None,
            }],
        }
    }
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Problem {
        Problem {
            location: Some(format!("{}:{}:{}", d.path.display(), d.pos.line, d.pos.col)),
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: d.message.clone(),
            hint: d.hint.as_deref().map(String::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_put_every_line_of_data_on_its_own_line() {
        assert_eq!(frame("build", "{}"), "event: build\ndata: {}\n\n");
        assert_eq!(frame("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn a_stream_that_does_not_read_is_dropped_and_others_are_not_held_up() {
        let hub = Hub::new();
        let slow = hub.subscribe().unwrap();
        let fast = hub.subscribe().unwrap();
        for i in 0..QUEUE + 1 {
            hub.broadcast("build", &json!({ "build": i }));
            assert!(fast.rx.try_recv().is_ok());
        }
        assert_eq!(slow.rx.try_iter().count(), QUEUE);
        hub.broadcast("build", &json!({}));
        assert!(
            fast.rx.try_recv().is_ok(),
            "the reading stream still gets events"
        );
        assert!(slow.rx.recv().is_err(), "the stalled one was dropped");
        hub.close();
        assert!(fast.rx.recv().is_err());
        assert!(hub.subscribe().is_none());
    }

    #[test]
    fn a_stream_that_ends_leaves_the_hub() {
        let hub = Hub::new();
        let kept = hub.subscribe().unwrap();
        for _ in 0..100 {
            drop(hub.subscribe().unwrap());
        }
        assert_eq!(hub.len(), 1);
        drop(kept);
        assert_eq!(hub.len(), 0);
    }

    #[test]
    fn many_changed_pages_are_sent_as_all() {
        let many = PageDiff {
            changed: (0..=MAX_LISTED).map(|i| format!("p{i}.html")).collect(),
            ..PageDiff::default()
        };
        let few = PageDiff {
            added: vec!["a/index.html".into()],
            ..PageDiff::default()
        };
        let v = build_event("b-1", &few, &many);
        assert_eq!(v["internal"]["changed"][0], "a/index.html");
        assert_eq!(v["internal"]["all"], false);
        assert_eq!(v["public"]["all"], true);
    }
}
