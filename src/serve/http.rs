//! HTTP/1.1 on one connection: request heads read with limits, responses written with
//! tiny_http.
//!
//! tiny_http's own `Server` accepts connections inside the library and reads header lines
//! with no limit on their length and no timeout, and it gives no access to the socket to add
//! either: a client sending one endless header line, or one byte a minute, holds a thread and
//! memory for as long as it likes. So the server owns its connections (one thread each; see
//! `server.rs`) and reads each request head here, within [`MAX_HEAD`] bytes and
//! [`HEAD_TIMEOUT`]; tiny_http's `Response` frames every answer (status line, `Date`,
//! `Content-Length`, no body for `HEAD`). The event stream is framed in `reload.rs`, as
//! tiny_http buffers a body whose length is unknown.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::str::FromStr;
use std::time::{Duration, Instant};

use tiny_http::{HTTPVersion, Header, Method, Response, StatusCode};

/// The longest request head accepted (request line and every header line): browsers send
/// well under 2 KiB. A longer one is answered 431 and the connection closed.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most header lines accepted.
pub const MAX_HEADERS: usize = 64;
/// From its first byte, a request head must arrive within this time, however it trickles in.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a kept-alive connection may wait for its next request.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// One write to a client that does not read may block this long before the connection is
/// given up.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A parsed request head.
#[derive(Debug)]
pub struct Head {
    pub method: Method,
    pub target: String,
    pub version: HTTPVersion,
    pub headers: Vec<Header>,
}

impl Head {
    /// The value of the first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// How many headers are called `name` (any case).
    pub fn count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .count()
    }

    /// Whether the client may send another request on this connection: HTTP/1.1 unless it
    /// says `Connection: close`. HTTP/1.0 connections are closed after one answer.
    pub fn keep_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("");
        self.version != HTTPVersion(1, 0)
            && !connection
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case("close"))
    }

    /// Whether a body follows the head. The server reads none, so such a request is refused
    /// and the connection closed.
    pub fn has_body(&self) -> bool {
        self.header("transfer-encoding").is_some()
            || self
                .header("content-length")
                .is_some_and(|l| l.trim() != "0")
    }
}

/// Why no request head was read.
#[derive(Debug)]
pub enum HeadError {
    /// The client closed the connection between requests.
    Closed,
    /// The head did not arrive in time.
    Timeout,
    /// The head is longer than [`MAX_HEAD`] or has more than [`MAX_HEADERS`] lines.
    TooLarge,
    /// Not an HTTP/1.x request head.
    Malformed(&'static str),
    /// The connection failed.
    Io,
}

/// One client connection, and the bytes read past the last request head.
pub struct Conn {
    pub stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    pub fn new(stream: TcpStream) -> io::Result<Conn> {
        stream.set_nodelay(true)?;
        stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        Ok(Conn {
            stream,
            buf: Vec::new(),
        })
    }

    /// Reads the next request head: waiting up to `idle` for its first byte, then at most
    /// [`HEAD_TIMEOUT`] for the rest, and never more than [`MAX_HEAD`] bytes.
    pub fn read_head(&mut self, idle: Duration) -> Result<Head, HeadError> {
        let mut deadline = if self.buf.is_empty() {
            Instant::now() + idle
        } else {
            Instant::now() + HEAD_TIMEOUT
        };
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(end) = find_end(&self.buf) {
                let head = parse_head(&self.buf[..end]);
                self.buf.drain(..end);
                return head;
            }
            if self.buf.len() >= MAX_HEAD {
                return Err(HeadError::TooLarge);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(HeadError::Timeout);
            }
            self.stream
                .set_read_timeout(Some(left))
                .map_err(|_| HeadError::Io)?;
            // Never read past the limit: what a client sends beyond it is not kept.
            let room = (MAX_HEAD + 4 - self.buf.len()).min(chunk.len());
            match self.stream.read(&mut chunk[..room]) {
                Ok(0) if self.buf.is_empty() => return Err(HeadError::Closed),
                Ok(0) => return Err(HeadError::Malformed("connection closed mid-head")),
                Ok(n) => {
                    if self.buf.is_empty() {
                        deadline = Instant::now() + HEAD_TIMEOUT;
                    }
                    self.buf.extend_from_slice(&chunk[..n]);
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(HeadError::Timeout);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Err(HeadError::Io),
            }
        }
    }
}

/// The length of the head including its blank line, once it is complete.
fn find_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

/// Parses a complete head (ending in a blank line).
pub fn parse_head(bytes: &[u8]) -> Result<Head, HeadError> {
    if bytes.len() > MAX_HEAD {
        return Err(HeadError::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| HeadError::Malformed("not ASCII"))?;
    if !text.is_ascii() {
        return Err(HeadError::Malformed("not ASCII"));
    }
    // A client may send blank lines before a request.
    let text = text.trim_start_matches("\r\n");
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed("request line"));
    };
    if method.is_empty() || !method.bytes().all(is_token) {
        return Err(HeadError::Malformed("method"));
    }
    let method = Method::from_str(method).map_err(|_| HeadError::Malformed("method"))?;
    if target.is_empty() || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(HeadError::Malformed("target"));
    }
    let version = match version {
        "HTTP/1.1" => HTTPVersion(1, 1),
        "HTTP/1.0" => HTTPVersion(1, 0),
        _ => return Err(HeadError::Malformed("version")),
    };
    let mut headers = Vec::new();
    for line in lines.take_while(|l| !l.is_empty()) {
        if headers.len() == MAX_HEADERS {
            return Err(HeadError::TooLarge);
        }
        let (name, value) = line
            .split_once(':')
            .ok_or(HeadError::Malformed("header line"))?;
        // Folded lines and spaces before the colon are refused (RFC 9112 §5).
        if name.is_empty() || !name.bytes().all(is_token) {
            return Err(HeadError::Malformed("header name"));
        }
        let header = Header::from_bytes(name.as_bytes(), value.trim().as_bytes())
            .map_err(|_| HeadError::Malformed("header"))?;
        headers.push(header);
    }
    Ok(Head {
        method,
        target: target.to_string(),
        version,
        headers,
    })
}

fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// An answer, before it is written.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    /// A short plain-text answer: errors, refusals.
    pub fn text(status: u16, message: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            format!("{message}\n").into_bytes(),
        )
    }

    pub fn redirect(location: &str) -> Reply {
        let mut r = Reply::text(302, &format!("moved to {location}"));
        r.headers.push(("Location", location.to_string()));
        r
    }

    pub fn with(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// Writes `reply` with tiny_http's framing; the headers every answer carries are added here.
pub fn write_reply(
    stream: &mut TcpStream,
    version: HTTPVersion,
    reply: Reply,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut response = Response::from_data(reply.body)
        .with_status_code(StatusCode(reply.status))
        // Always a Content-Length: pages are in memory, their length is known.
        .with_chunked_threshold(usize::MAX);
    let common = [
        // A preview must show the current build, never a cached one.
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        // No other site may frame the internal preview or embed its files.
        ("X-Frame-Options", "SAMEORIGIN"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Server", "styrdok serve"),
    ];
    for (name, value) in reply
        .headers
        .iter()
        .map(|(n, v)| (*n, v.as_str()))
        .chain(common)
        .chain((!keep_alive).then_some(("Connection", "close")))
    {
        let header = Header::from_bytes(name.as_bytes(), value.as_bytes())
            .map_err(|_| io::Error::other(format!("header {name} is not ASCII")))?;
        response.add_header(header);
    }
    response.raw_print(&mut *stream, version, &[], head_only, None)?;
    stream.flush()
}

/// The content type of a page by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_get() {
        let h = parse_head(b"GET /a/?x=1 HTTP/1.1\r\nHost: localhost:1111\r\nAccept: */*\r\n\r\n")
            .unwrap();
        assert_eq!(h.method, Method::Get);
        assert_eq!(h.target, "/a/?x=1");
        assert_eq!(h.header("HOST"), Some("localhost:1111"));
        assert_eq!(h.count("host"), 1);
        assert_eq!(h.count("origin"), 0);
        assert!(h.keep_alive());
        assert!(!h.has_body());
    }

    #[test]
    fn repeated_headers_are_counted_in_any_case() {
        let h =
            parse_head(b"GET / HTTP/1.1\r\nHost: a:1\r\nhost: b:1\r\nOrigin: x\r\n\r\n").unwrap();
        assert_eq!(h.count("Host"), 2);
        assert_eq!(h.count("origin"), 1);
    }

    #[test]
    fn connection_and_bodies() {
        let h = parse_head(b"GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").unwrap();
        assert!(!h.keep_alive());
        let h = parse_head(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        assert!(!h.keep_alive());
        let h = parse_head(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n").unwrap();
        assert!(h.has_body());
        let h = parse_head(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
        assert!(h.has_body());
    }

    #[test]
    fn malformed_heads_are_refused() {
        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/2.0\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nNo colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n",
            b"GET /\xc3\xa5 HTTP/1.1\r\n\r\n",
            b"G(T / HTTP/1.1\r\n\r\n",
        ] {
            assert!(
                matches!(parse_head(bad), Err(HeadError::Malformed(_))),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn too_many_or_too_long_headers() {
        let mut many = b"GET / HTTP/1.1\r\n".to_vec();
        for i in 0..=MAX_HEADERS {
            many.extend_from_slice(format!("X-{i}: y\r\n").as_bytes());
        }
        many.extend_from_slice(b"\r\n");
        assert!(matches!(parse_head(&many), Err(HeadError::TooLarge)));
        let long = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "y".repeat(MAX_HEAD));
        assert!(matches!(
            parse_head(long.as_bytes()),
            Err(HeadError::TooLarge)
        ));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
