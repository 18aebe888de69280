//! Requests refused before any decision: framing that front and back ends could read
//! differently (request smuggling), and oversized headers. The raw header block is read, as
//! pingora has already reconciled what it parsed (a `Content-Length: 5, 5` list becomes 5,
//! and with `Transfer-Encoding` the length is dropped) but forwards the headers as written.

use pingora::protocols::http::ServerSession;

/// The most header bytes a request may carry; real browsers stay far below.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// More than one `Content-Length` (a list, or repeated), or one with `Transfer-Encoding`.
    AmbiguousLength,
    /// A `Content-Length` that is not a plain number.
    BadLength,
    /// `Transfer-Encoding` other than one `chunked`, or on an HTTP/1.0 request.
    BadTransferEncoding,
    /// A folded header line, or white space between a header's name and its colon.
    BadHeaderLine,
    /// More than one `Content-Type`: an app may read the body as either.
    TwoContentTypes,
    HeadersTooLarge,
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::HeadersTooLarge => 431,
            _ => 400,
        }
    }

    pub fn text(&self) -> &'static str {
        match self {
            Refusal::AmbiguousLength => "Bad request: the body's length is given more than once or in more than one way.\n",
            Refusal::BadLength => "Bad request: Content-Length must be a number.\n",
            Refusal::BadTransferEncoding => "Bad request: only Transfer-Encoding: chunked is accepted, and not on HTTP/1.0.\n",
            Refusal::BadHeaderLine => "Bad request: a header line is folded or has white space before its colon.\n",
            Refusal::TwoContentTypes => "Bad request: Content-Type is given more than once.\n",
            Refusal::HeadersTooLarge => "Request headers too large.\n",
        }
    }
}

/// Checks a request's header block. An HTTP/2 request frames its own body, but the app
/// behind hears HTTP/1.1 from the gate: a length or type given twice is refused as it would
/// be over HTTP/1.1 (HTTP/2 itself refuses `Transfer-Encoding`, and bounds the block's size).
pub fn check(session: &ServerSession) -> Result<(), Refusal> {
    let ServerSession::H1(h1) = session else {
        let mut fields = session.req_header().headers.iter().map(|(name, value)| (name.as_str().as_bytes(), value.as_bytes()));
        return fields.try_fold(Framing::default(), Framing::see)?.verdict(false);
    };
    check_raw(&h1.get_headers_raw_bytes(), h1.req_header().version == http::Version::HTTP_10)
}

fn check_raw(raw: &[u8], http_10: bool) -> Result<(), Refusal> {
    if raw.len() > MAX_HEADER_BYTES {
        return Err(Refusal::HeadersTooLarge);
    }
    let mut framing = Framing::default();
    // The first line is the request line; the block ends with an empty one.
    for line in super::split_at_each(raw, b'\n').skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if matches!(line[0], b' ' | b'\t') {
            return Err(Refusal::BadHeaderLine);
        }
        let Some(colon) = memchr::memchr(b':', line) else { continue };
        let name = &line[..colon];
        if name.last().is_some_and(|b| matches!(b, b' ' | b'\t')) {
            return Err(Refusal::BadHeaderLine);
        }
        framing = framing.see((name, &line[colon + 1..]))?;
    }
    framing.verdict(http_10)
}

/// The framing headers of a request, counted field by field.
#[derive(Default)]
struct Framing {
    lengths: u32,
    encodings: u32,
    types: u32,
}

impl Framing {
    fn see(mut self, (name, value): (&[u8], &[u8])) -> Result<Framing, Refusal> {
        let value = value.trim_ascii();
        if name.eq_ignore_ascii_case(b"content-length") {
            self.lengths += 1;
            if value.is_empty() || value.len() > 18 || !value.iter().all(u8::is_ascii_digit) {
                return Err(if value.contains(&b',') { Refusal::AmbiguousLength } else { Refusal::BadLength });
            }
        } else if name.eq_ignore_ascii_case(b"content-type") {
            self.types += 1;
            if self.types > 1 {
                return Err(Refusal::TwoContentTypes);
            }
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            self.encodings += 1;
            if !value.eq_ignore_ascii_case(b"chunked") {
                return Err(Refusal::BadTransferEncoding);
            }
        }
        Ok(self)
    }

    fn verdict(self, http_10: bool) -> Result<(), Refusal> {
        match (self.lengths, self.encodings) {
            (0 | 1, 0) => Ok(()),
            (0, 1) if !http_10 => Ok(()),
            (0, _) => Err(Refusal::BadTransferEncoding),
            _ => Err(Refusal::AmbiguousLength),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        use Refusal::*;
        let cases: &[(&str, Result<(), Refusal>)] = &[
            ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", Ok(())),
            ("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\n", Ok(())),
            ("POST / HTTP/1.1\r\nContent-Length:  4 \r\n\r\n", Ok(())),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", Ok(())),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n", Ok(())),
            ("POST / HTTP/1.1\r\nX-Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n", Ok(())),
            ("POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n", Err(AmbiguousLength)),
            ("POST / HTTP/1.1\r\nContent-Length: 51, 51\r\n\r\n", Err(AmbiguousLength)),
            ("POST / HTTP/1.1\r\nContent-Length: 51,51\r\n\r\n", Err(AmbiguousLength)),
            ("POST / HTTP/1.1\r\nContent-Length: 51\r\ncontent-length: 51\r\n\r\n", Err(AmbiguousLength)),
            ("POST / HTTP/1.1\r\nContent-Length: 51\r\nContent-Length: 0\r\n\r\n", Err(AmbiguousLength)),
            ("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", Err(BadLength)),
            ("POST / HTTP/1.1\r\nContent-Length: 0x5\r\n\r\n", Err(BadLength)),
            ("POST / HTTP/1.1\r\nContent-Length: 5 5\r\n\r\n", Err(BadLength)),
            ("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", Err(BadLength)),
            ("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", Err(BadLength)),
            ("POST / HTTP/1.1\r\ncontent-length : 4\r\n\r\n", Err(BadHeaderLine)),
            ("POST / HTTP/1.1\r\nContent-Length\t: 4\r\n\r\n", Err(BadHeaderLine)),
            ("POST / HTTP/1.1\r\nX: a\r\n  folded\r\n\r\n", Err(BadHeaderLine)),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n", Err(BadTransferEncoding)),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n", Err(BadTransferEncoding)),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", Err(BadTransferEncoding)),
            ("POST / HTTP/1.1\nContent-Length: 1\nContent-Length: 1\n\n", Err(AmbiguousLength)),
            (
                "POST / HTTP/1.1\r\nContent-Type: text/plain\r\ncontent-type: application/x-www-form-urlencoded\r\n\r\n",
                Err(TwoContentTypes),
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(&check_raw(raw.as_bytes(), false), want, "{raw:?}");
        }
        let chunked_10 = "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(check_raw(chunked_10.as_bytes(), true), Err(BadTransferEncoding));
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEADER_BYTES));
        assert_eq!(check_raw(big.as_bytes(), false), Err(HeadersTooLarge));
    }
}
