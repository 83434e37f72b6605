//! Who may read the preview: `Host` and `Origin` checks.
//!
//! The internal view holds what the public must not read, and a page on any web site can make
//! the browser send requests to `127.0.0.1`. Through DNS rebinding (a hostile name that first
//! resolves to the attacker, then to 127.0.0.1) such a page could even read the answers, as
//! they would be same-origin for it. Its requests carry the hostile name in `Host`, so only
//! `localhost` and the bound address are accepted. Event-stream (and any other) requests that
//! say they come from another `Origin` are refused as well. Pure; unit-tested.

use std::net::IpAddr;

/// The host names a request may use for the address the server is bound to.
#[derive(Debug, Clone)]
pub struct Allowed {
    bind: IpAddr,
    port: u16,
}

impl Allowed {
    pub fn new(bind: IpAddr, port: u16) -> Allowed {
        Allowed { bind, port }
    }

    /// `Host: localhost:1111`, `Host: 127.0.0.1:1111`: the bound port, and `localhost` or the
    /// bound address. When bound to every interface (`0.0.0.0`), any IP address is accepted:
    /// a rebinding attack needs a host *name*. A missing `Host` is refused.
    pub fn host_ok(&self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            return false;
        };
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        let port_ok = match port {
            Some(p) => p == self.port,
            None => self.port == 80,
        };
        if !port_ok {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip == self.bind || self.bind.is_unspecified(),
            Err(_) => false,
        }
    }

    /// No `Origin` (same-origin `GET`s and navigations send none), or `http://` and a host
    /// [`Allowed::host_ok`] accepts. `null` and every other origin are refused.
    pub fn origin_ok(&self, origin: Option<&str>) -> bool {
        match origin {
            None => true,
            Some(o) => o
                .strip_prefix("http://")
                .is_some_and(|host| !host.contains('/') && self.host_ok(Some(host))),
        }
    }
}

/// `name:port`, `[v6]:port`, `name` → (name without brackets, port).
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    if host.is_empty() {
        return None;
    }
    if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        return match after {
            "" => Some((name, None)),
            p => Some((name, Some(p.strip_prefix(':')?.parse().ok()?))),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) => Some((name, Some(port.parse().ok()?))),
        None => Some((host, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> Allowed {
        Allowed::new("127.0.0.1".parse().unwrap(), 1111)
    }

    #[test]
    fn localhost_and_the_bound_address_are_accepted() {
        let a = local();
        for h in ["localhost:1111", "LOCALHOST:1111", "127.0.0.1:1111"] {
            assert!(a.host_ok(Some(h)), "{h}");
        }
    }

    #[test]
    fn other_hosts_ports_and_none_are_refused() {
        let a = local();
        for h in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1:2222",
            "localhost",
            "127.0.0.2:1111",
            "[::1]:1111",
            "127.0.0.1:1111:1111",
            "",
            ":1111",
            "localhost:",
        ] {
            assert!(!a.host_ok(Some(h)), "{h}");
        }
        assert!(!a.host_ok(None));
    }

    #[test]
    fn ipv6_and_every_interface() {
        let v6 = Allowed::new("::1".parse().unwrap(), 8080);
        assert!(v6.host_ok(Some("[::1]:8080")));
        assert!(!v6.host_ok(Some("[::1]")));
        let all = Allowed::new("0.0.0.0".parse().unwrap(), 1111);
        assert!(all.host_ok(Some("192.168.1.20:1111")));
        assert!(!all.host_ok(Some("evil.example:1111")));
        let port80 = Allowed::new("127.0.0.1".parse().unwrap(), 80);
        assert!(port80.host_ok(Some("localhost")));
    }

    #[test]
    fn origins() {
        let a = local();
        assert!(a.origin_ok(None));
        assert!(a.origin_ok(Some("http://localhost:1111")));
        assert!(a.origin_ok(Some("http://127.0.0.1:1111")));
        for o in [
            "null",
            "http://evil.example",
            "http://evil.example:1111",
            "https://localhost:1111",
            "http://localhost:2222",
            "http://localhost:1111/x",
            "",
        ] {
            assert!(!a.origin_ok(Some(o)), "{o}");
        }
    }
}
