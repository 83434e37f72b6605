//! Safe path resolution: a request target → what to serve, or a refusal.
//!
//! The server answers from memory: a page is a key in a map, so there is no file a request
//! could escape to. This module still refuses every spelling of a path that would leave the
//! site — `..` and `.` segments, `%2e%2e`, an encoded `/` (`%2f`), backslashes (raw or
//! `%5c`), empty segments (`//`), NUL and other control characters — before any lookup, so the
//! rule holds whatever the page store becomes, and a probe gets a clear 400 instead of a
//! confusing 404. Pure functions, unit-tested, except [`outside_root`].

use std::path::Path;

/// The prefix of the public view; everything else is the internal view.
pub const PUBLIC: &str = "_public";
/// The prefix of the server's own resources; no site page can be there.
pub const RESERVED: &str = "_styrdok";

/// Which of the two sites a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Internal,
    Public,
}

impl View {
    /// The URL prefix of the view, with its slashes.
    pub fn prefix(self) -> &'static str {
        match self {
            View::Internal => "/",
            View::Public => "/_public/",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            View::Internal => "internal",
            View::Public => "public",
        }
    }

    pub fn other(self) -> View {
        match self {
            View::Internal => View::Public,
            View::Public => View::Internal,
        }
    }
}

/// What a request target asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The live-reload event stream.
    Events,
    /// The live-reload script.
    Script,
    /// A resource of the server's own that does not exist.
    Unknown,
    /// A path that must end with a slash to be the page it names.
    Redirect(String),
    /// A page of a site: `key` is its path in the page set (`dokument/a/index.html`).
    Page { view: View, key: String },
}

/// Why a request target is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a path starting with `/` (`*`, `http://…`, empty).
    NotAPath,
    /// A `%` not followed by two hex digits, or bytes that are not UTF-8.
    BadEncoding,
    /// A spelling that could step outside the site; the name says which.
    Traversal(&'static str),
}

/// Resolves a request target (`/dokument/a/?x=1`) to a route.
pub fn route(target: &str) -> Result<Route, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refusal::NotAPath);
    };
    if path.contains('\\') {
        return Err(Refusal::Traversal("backslash"));
    }
    let raw: Vec<&str> = rest.split('/').collect();
    let mut segments = Vec::with_capacity(raw.len());
    for (i, seg) in raw.iter().enumerate() {
        let last = i + 1 == raw.len();
        if seg.is_empty() && !last {
            return Err(Refusal::Traversal("empty segment"));
        }
        segments.push(segment(seg)?);
    }

    match segments.first().map(String::as_str) {
        Some(RESERVED) => {
            return Ok(match &segments[1..] {
                [s] if s == "events" => Route::Events,
                [s] if s == "live.js" => Route::Script,
                _ => Route::Unknown,
            });
        }
        Some(PUBLIC) if segments.len() == 1 => {
            return Ok(Route::Redirect(format!("/{PUBLIC}/")));
        }
        _ => {}
    }
    let (view, rest) = match segments.first().map(String::as_str) {
        Some(PUBLIC) => (View::Public, &segments[1..]),
        _ => (View::Internal, &segments[..]),
    };
    let mut key = rest.join("/");
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Ok(Route::Page { view, key })
}

/// One decoded path segment, refused when it could name anything but a plain file or folder.
fn segment(raw: &str) -> Result<String, Refusal> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(Refusal::BadEncoding)?;
                let hex = std::str::from_utf8(hex).map_err(|_| Refusal::BadEncoding)?;
                let byte = u8::from_str_radix(hex, 16).map_err(|_| Refusal::BadEncoding)?;
                out.push(byte);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    let s = String::from_utf8(out).map_err(|_| Refusal::BadEncoding)?;
    if s.contains('/') {
        return Err(Refusal::Traversal("encoded slash"));
    }
    if s.contains('\\') {
        return Err(Refusal::Traversal("backslash"));
    }
    if s.contains('\0') {
        return Err(Refusal::Traversal("NUL"));
    }
    if s.chars().any(char::is_control) {
        return Err(Refusal::Traversal("control character"));
    }
    if s == "." || s == ".." {
        return Err(Refusal::Traversal("dot segment"));
    }
    Ok(s)
}

/// The URL path of a page key in a view: `dokument/a/index.html` → `/_public/dokument/a/`.
pub fn url_of(view: View, key: &str) -> String {
    let key = key.strip_suffix("index.html").unwrap_or(key);
    let mut url = view.prefix().to_string();
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Whether `file` (which exists) really lies outside `root`, through a symlink anywhere on its
/// way. `root` must be canonical. A file that cannot be resolved counts as outside.
pub fn outside_root(root: &Path, file: &Path) -> bool {
    match file.canonicalize() {
        Ok(real) => !real.starts_with(root),
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(view: View, key: &str) -> Result<Route, Refusal> {
        Ok(Route::Page {
            view,
            key: key.into(),
        })
    }

    #[test]
    fn pages_of_both_views() {
        assert_eq!(route("/"), page(View::Internal, "index.html"));
        assert_eq!(route("/?x=1"), page(View::Internal, "index.html"));
        assert_eq!(
            route("/dokument/avtal/"),
            page(View::Internal, "dokument/avtal/index.html")
        );
        assert_eq!(route("/style.css?v=3"), page(View::Internal, "style.css"));
        assert_eq!(route("/_public/"), page(View::Public, "index.html"));
        assert_eq!(
            route("/_public/dokument/avtal/v1/"),
            page(View::Public, "dokument/avtal/v1/index.html")
        );
        assert_eq!(
            route("/dokument/avtal"),
            page(View::Internal, "dokument/avtal"),
            "the server redirects when the folder exists"
        );
        assert_eq!(route("/_public"), Ok(Route::Redirect("/_public/".into())));
        assert_eq!(
            route("/dokument/%C3%A5r/"),
            page(View::Internal, "dokument/år/index.html")
        );
    }

    #[test]
    fn the_servers_own_resources() {
        assert_eq!(route("/_styrdok/events"), Ok(Route::Events));
        assert_eq!(route("/_styrdok/live.js?1"), Ok(Route::Script));
        assert_eq!(route("/_styrdok/"), Ok(Route::Unknown));
        assert_eq!(route("/_styrdok/x/events"), Ok(Route::Unknown));
    }

    #[test]
    fn every_spelling_of_traversal_is_refused() {
        let dot = Err(Refusal::Traversal("dot segment"));
        for t in [
            "/../etc/passwd",
            "/dokument/../../etc/passwd",
            "/_public/../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/.%2e/etc/passwd",
            "/%2e./etc/passwd",
            "/./index.html",
            "/..",
        ] {
            assert_eq!(route(t), dot, "{t}");
        }
        for t in ["/..%2fetc%2fpasswd", "/dokument%2F..%2F..%2Fx", "/%2f"] {
            assert_eq!(route(t), Err(Refusal::Traversal("encoded slash")), "{t}");
        }
        for t in ["/..\\etc\\passwd", "/%5c..%5cx", "/a%5Cb"] {
            assert_eq!(route(t), Err(Refusal::Traversal("backslash")), "{t}");
        }
        for t in ["//etc/passwd", "/dokument//x", "/_public//etc/passwd"] {
            assert_eq!(route(t), Err(Refusal::Traversal("empty segment")), "{t}");
        }
        assert_eq!(route("/index.html%00.css"), Err(Refusal::Traversal("NUL")));
        assert_eq!(
            route("/a%0ab"),
            Err(Refusal::Traversal("control character"))
        );
    }

    #[test]
    fn malformed_targets_are_refused() {
        assert_eq!(route("*"), Err(Refusal::NotAPath));
        assert_eq!(route("http://evil.example/"), Err(Refusal::NotAPath));
        assert_eq!(route(""), Err(Refusal::NotAPath));
        assert_eq!(route("/%zz"), Err(Refusal::BadEncoding));
        assert_eq!(route("/%2"), Err(Refusal::BadEncoding));
        assert_eq!(route("/%ff"), Err(Refusal::BadEncoding));
    }

    #[test]
    fn urls_of_pages() {
        assert_eq!(url_of(View::Internal, "index.html"), "/");
        assert_eq!(
            url_of(View::Public, "dokument/a/index.html"),
            "/_public/dokument/a/"
        );
        assert_eq!(url_of(View::Internal, "style.css"), "/style.css");
        assert_eq!(url_of(View::Internal, "år \"x\""), "/%C3%A5r%20%22x%22");
    }

    #[test]
    fn symlinks_out_of_the_root_are_outside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let root = root.canonicalize().unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        std::fs::write(root.join("inside.txt"), "x").unwrap();
        assert!(!outside_root(&root, &root.join("inside.txt")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            std::os::unix::fs::symlink(root.join("inside.txt"), root.join("ok.txt")).unwrap();
            assert!(outside_root(&root, &root.join("link.txt")));
            assert!(!outside_root(&root, &root.join("ok.txt")));
        }
        assert!(outside_root(&root, &root.join("missing.txt")));
    }
}
