//! Requests refused before any decision: ambiguous framing (request smuggling) and
//! oversized headers.

use pingora::protocols::http::ServerSession;

/// The most header bytes a request may carry; real browsers stay far below.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Both `Content-Length` and `Transfer-Encoding`: front and back ends may read different
    /// bodies. pingora would drop the length and go on; we refuse outright.
    AmbiguousLength,
    HeadersTooLarge,
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::AmbiguousLength => 400,
            Refusal::HeadersTooLarge => 431,
        }
    }

    pub fn text(&self) -> &'static str {
        match self {
            Refusal::AmbiguousLength => "Bad request: Content-Length and Transfer-Encoding together are not accepted.\n",
            Refusal::HeadersTooLarge => "Request headers too large.\n",
        }
    }
}

/// Checks an HTTP/1 request's raw header block (HTTP/2 frames its own lengths).
pub fn check(session: &ServerSession) -> Result<(), Refusal> {
    let ServerSession::H1(h1) = session else { return Ok(()) };
    let raw = h1.get_headers_raw_bytes();
    check_raw(&raw, h1.req_header().headers.contains_key(http::header::TRANSFER_ENCODING))
}

fn check_raw(raw: &[u8], has_transfer_encoding: bool) -> Result<(), Refusal> {
    if raw.len() > MAX_HEADER_BYTES {
        return Err(Refusal::HeadersTooLarge);
    }
    // pingora has already removed Content-Length when both were sent, so look at the raw block.
    if has_transfer_encoding && raw.split(|&b| b == b'\n').any(|line| is_header(line, b"content-length")) {
        return Err(Refusal::AmbiguousLength);
    }
    Ok(())
}

fn is_header(line: &[u8], name: &[u8]) -> bool {
    line.len() > name.len() && line[..name.len()].eq_ignore_ascii_case(name) && matches!(line[name.len()], b':' | b' ' | b'\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, bool, Result<(), Refusal>)] = &[
            ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", false, Ok(())),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", true, Ok(())),
            ("POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n", true, Err(Refusal::AmbiguousLength)),
            ("POST / HTTP/1.1\r\ncontent-length : 4\r\nTransfer-Encoding: chunked\r\n\r\n", true, Err(Refusal::AmbiguousLength)),
            ("POST / HTTP/1.1\r\nX-Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n", true, Ok(())),
        ];
        for (raw, te, want) in cases {
            assert_eq!(&check_raw(raw.as_bytes(), *te), want, "{raw:?}");
        }
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEADER_BYTES));
        assert_eq!(check_raw(big.as_bytes(), false), Err(Refusal::HeadersTooLarge));
    }
}
