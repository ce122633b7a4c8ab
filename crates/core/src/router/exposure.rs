//! Whether a router's API traffic crosses the internet unencrypted: plain API (not api-ssl) to
//! a public address. Its API password, and every customer's password tikbill writes to it, then
//! travel readable by anyone on the way.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The warning the Routers page shows for such a router.
pub const PLAIN_API_ON_PUBLIC_ADDRESS: &str = "Reached by plain API over a public address: its \
     password and every customer's password cross the internet unencrypted. Enable api-ssl on \
     the router.";

/// The warning for a router at `host`, `None` when its traffic stays encrypted or private. A
/// host name (not an IP address) is not resolved here, so it is not judged.
pub fn plain_api_warning(host: &str, use_tls: bool) -> Option<String> {
    if use_tls {
        return None;
    }
    let literal = host.trim().trim_start_matches('[').trim_end_matches(']');
    let address: IpAddr = literal.parse().ok()?;
    is_public(address).then(|| PLAIN_API_ON_PUBLIC_ADDRESS.to_string())
}

/// Not loopback, private, link-local, carrier-grade NAT (100.64.0.0/10), unique-local or
/// unspecified: reached across the internet.
pub fn is_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(v4: Ipv4Addr) -> bool {
    let [a, b, ..] = v4.octets();
    let cgnat = a == 100 && (64..128).contains(&b);
    !(v4.is_private()
        || v4.is_loopback()
        || v4.is_link_local()
        || v4.is_unspecified()
        || v4.is_broadcast()
        || cgnat)
}

fn is_public_v6(v6: Ipv6Addr) -> bool {
    let first = v6.segments()[0];
    let unique_local = first & 0xfe00 == 0xfc00;
    let link_local = first & 0xffc0 == 0xfe80;
    !(v6.is_loopback() || v6.is_unspecified() || unique_local || link_local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_api_to_a_public_address_is_warned_about() {
        let check = |host: &str, use_tls: bool, warned: bool| {
            assert_eq!(
                plain_api_warning(host, use_tls).is_some(),
                warned,
                "{host} (api-ssl: {use_tls})"
            );
        };
        for public in [
            "203.0.113.7",
            "8.8.8.8",
            "100.128.0.1",
            "2001:db8::1",
            "[2a00:1450::1]",
        ] {
            check(public, false, true);
            check(public, true, false);
        }
        for private in [
            "10.8.0.2",
            "172.16.5.1",
            "192.168.88.1",
            "127.0.0.1",
            "169.254.1.1",
            "100.64.0.1",
            "100.127.255.254",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:192.168.88.1",
            "router.lan",
            "router.example.net",
        ] {
            check(private, false, false);
        }
    }
}
