//! `base_url`: the address the public site is published at, from `styrdok.yaml` or from
//! `build --base-url`. Both are checked the same way, since the value is written into every
//! absolute link of the sitemap, the feeds and the open-data catalogue.

/// Why `url` cannot be a site's address, as (message, hint); `Ok` when it can.
pub fn validate(url: &str) -> Result<(), (String, String)> {
    let hint = "write the full address the public site is published at, e.g. \
                `https://example.org/` or `https://example.org/styrdok/`"
        .to_string();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Err((format!("base_url `{url}` is not an http(s) address"), hint));
    };
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(*c))
    {
        return Err((
            format!("base_url `{url}` holds {c:?}, which an address cannot"),
            hint,
        ));
    }
    if url.contains(['?', '#']) {
        return Err((
            format!("base_url `{url}` has a query or fragment"),
            "a site's address ends at its path: leave out `?…` and `#…`".to_string(),
        ));
    }
    let host = rest.split('/').next().unwrap_or("");
    let name = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if name.is_empty() || name.starts_with(':') || host.contains('@') {
        return Err((format!("base_url `{url}` names no host"), hint));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn only_full_http_addresses_pass() {
        for ok in [
            "https://example.org",
            "https://example.org/",
            "http://localhost:8080/site/",
            "https://exempel.invalid/minimaria/",
        ] {
            assert!(validate(ok).is_ok(), "{ok}");
        }
        for bad in [
            "example.org",
            "/minimaria/",
            "ftp://example.org/",
            "https://",
            "https:///path",
            "https://exa mple.org/",
            "https://example.org/?q=1",
            "https://example.org/#top",
            "https://user@example.org/",
            "javascript:alert(1)",
            "https://example.org/\"><script>",
        ] {
            assert!(validate(bad).is_err(), "{bad}");
        }
    }
}
