//! `check --external` against a web server of the test's own on 127.0.0.1 (never the real
//! network): a link to an address that answers an error status or does not answer is a
//! warning at the link, an address that answers after a redirect or only to GET is fine, and
//! a plain `check` asks nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Site;

/// Serves `/ok` (200), `/flyttad` (404), `/bara-get` (405 to HEAD, 200 to GET) and
/// `/omdirigerad` (301 to `/ok`) until the test ends; returns its address and a count of the
/// requests it has had.
fn server() -> (String, Arc<AtomicUsize>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", server.server_addr().to_ip().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            seen.fetch_add(1, Ordering::SeqCst);
            let head = *req.method() == tiny_http::Method::Head;
            let resp = match req.url() {
                "/ok" => tiny_http::Response::from_string("ok"),
                "/bara-get" if head => tiny_http::Response::from_string("").with_status_code(405),
                "/bara-get" => tiny_http::Response::from_string("ok"),
                "/omdirigerad" => tiny_http::Response::from_string("")
                    .with_status_code(301)
                    .with_header("Location: /ok".parse::<tiny_http::Header>().unwrap()),
                _ => tiny_http::Response::from_string("saknas").with_status_code(404),
            };
            let _ = req.respond(resp);
        }
    });
    (addr, count)
}

fn site_linking_to(addr: &str) -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/lankar.md",
        &format!(
            "---\nid: lankar\nkind: page\ntitle: Fiktiva externa länkar\n---\n\nSe [sidan]({addr}/ok#del), [flyttad]({addr}/flyttad) och\n[get]({addr}/bara-get), [omdirigerad]({addr}/omdirigerad), [igen]({addr}/flyttad).\n\n![bild](http://127.0.0.1:1/bild.png)\n"
        ),
    );
    site
}

#[test]
fn check_external_warns_at_each_link_to_an_address_that_fails() {
    let (addr, _) = server();
    let site = site_linking_to(&addr);
    let run = site.run(&["check", "--external"]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    // Each warning points at its link, whose column depends on the server's port.
    let text = site.read("content/lankar.md");
    let col = |line: usize, link: &str| {
        let l = text.lines().nth(line - 1).unwrap();
        format!("content/lankar.md:{line}:{}", l.find(link).unwrap() + 1)
    };
    run.has_diag(
        &col(7, "[flyttad]"),
        "warning",
        &format!("external link `{addr}/flyttad` answers 404 Not Found"),
    )
    .has_diag(
        &col(8, "[igen]"),
        "warning",
        &format!("external link `{addr}/flyttad` answers 404 Not Found"),
    )
    .has_diag(
        "content/lankar.md:10:1",
        "warning",
        "external link `http://127.0.0.1:1/bild.png` could not be reached",
    );
    for fine in ["/ok", "/bara-get", "/omdirigerad"] {
        assert!(
            !run.stderr.contains(&format!("`{addr}{fine}`")),
            "{fine} answers: {}",
            run.stderr
        );
    }
}

#[test]
fn plain_check_and_build_ask_no_address() {
    let (addr, count) = server();
    let site = site_linking_to(&addr);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("external link"), "{}", run.stderr);
    site.run(&["build"]).success();
    assert_eq!(
        count.load(Ordering::SeqCst),
        0,
        "no request without --external"
    );
}
