//! HTTP plumbing, below the gate and its pages: reading a request exactly (its target, its
//! framing), the headers sent upstream, cookies, CSRF tokens, safe return addresses, a
//! response as a value, and idle keep-alive connections.

pub mod cookies;
pub mod csrf;
pub mod hygiene;
pub mod identity;
pub mod keepalive;
pub mod outgoing;
pub mod response;
pub mod return_url;
pub mod target;

/// The pieces of `bytes` between each `sep`, as `<[u8]>::split` gives them, found with
/// `memchr`: header blocks and cookie lines are scanned on every request.
pub(crate) fn split_at_each(bytes: &[u8], sep: u8) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let piece = rest?;
        let end = memchr::memchr(sep, piece);
        rest = end.map(|i| &piece[i + 1..]);
        Some(&piece[..end.unwrap_or(piece.len())])
    })
}

/// A GET of `/` with these headers, for tests.
#[cfg(test)]
pub(crate) fn request_for_tests(headers: &[(&str, &str)]) -> pingora::http::RequestHeader {
    let mut req = pingora::http::RequestHeader::build("GET", b"/", None).expect("request");
    for (k, v) in headers {
        req.append_header(k.to_string(), *v).expect("header");
    }
    req
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_as_the_standard_library_does() {
        for bytes in [&b""[..], b";", b"a", b"a;b", b";a;;b;", b"portcullis_session=x; a=1"] {
            let ours: Vec<&[u8]> = super::split_at_each(bytes, b';').collect();
            let std: Vec<&[u8]> = bytes.split(|&b| b == b';').collect();
            assert_eq!(ours, std, "{bytes:?}");
        }
    }
}
