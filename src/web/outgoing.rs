//! The header block of the request sent upstream, written one of two ways. pingora's
//! `RequestHeader` keeps a second map with each name's case as the client sent it, and every
//! insert through it parses the name again and copies it into both maps: some 1,600
//! instructions a header. A site whose app reads names in any case (as HTTP says it must)
//! has its headers written straight into the `HeaderMap`, in lower case (pingora still
//! writes the common standard names title-cased); one whose app compares them as written
//! keeps pingora's way (`header_case: preserve`).

use http::request::Parts;
use http::{HeaderMap, HeaderName, HeaderValue};
use pingora::http::RequestHeader;
use pingora::{Error, ErrorType, Result};

/// Headers as the gate writes them to the upstream request, either way.
pub trait Outgoing {
    fn headers(&self) -> &HeaderMap;
    /// Sets `name` to `value` alone, replacing any it had.
    fn insert(&mut self, name: HeaderName, value: HeaderValue) -> Result<()>;
    fn remove(&mut self, name: &HeaderName);
}

/// The client's names keep the case it gave them (ours are lower case).
impl Outgoing for RequestHeader {
    fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    fn insert(&mut self, name: HeaderName, value: HeaderValue) -> Result<()> {
        self.insert_header(name, value)
    }

    fn remove(&mut self, name: &HeaderName) {
        self.remove_header(name);
    }
}

/// Names in lower case.
impl Outgoing for HeaderMap {
    fn headers(&self) -> &HeaderMap {
        self
    }

    fn insert(&mut self, name: HeaderName, value: HeaderValue) -> Result<()> {
        self.try_insert(name, value).map(drop).map_err(|_| Error::new(ErrorType::InvalidHTTPHeader))
    }

    fn remove(&mut self, name: &HeaderName) {
        HeaderMap::remove(self, name);
    }
}

/// Runs `write` on `req`'s headers without pingora's map of name cases (dropped, so names go
/// upstream in lower case), with room for `more` headers; the rest of the request (method,
/// target as it goes on the wire, version, HTTP/2's end of stream) stays as it was.
pub fn in_lower_case<T>(req: &mut RequestHeader, more: usize, write: impl FnOnce(&mut HeaderMap) -> Result<T>) -> Result<T> {
    // An absolute-form target is kept by pingora beside the URI; the URI alone would lose it.
    let raw = req.uri.path_and_query().is_none_or(|p| p.as_str().as_bytes() != req.raw_path()).then(|| req.raw_path().to_vec());
    let end_stream = req.send_end_stream();
    let mut parts = Parts::from(std::mem::replace(req, RequestHeader::from(http::Request::new(()).into_parts().0)));
    parts.headers.reserve(more);
    let written = write(&mut parts.headers);
    *req = RequestHeader::from(parts);
    if let Some(raw) = raw {
        req.set_raw_path(&raw)?;
    }
    if let Some(end_stream) = end_stream {
        req.set_send_end_stream(end_stream);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(req: &RequestHeader) -> String {
        let mut buf = bytes::BytesMut::new();
        req.header_to_h1_wire(&mut buf);
        String::from_utf8(buf.to_vec()).expect("text")
    }

    #[test]
    fn lower_case_keeps_the_request_and_drops_only_the_case() {
        let mut req = RequestHeader::build("POST", b"http://app.example/a%2Fb?x=1", None).expect("request");
        req.append_header("X-Client-Thing", "1").expect("header");
        req.append_header("Host", "app.example").expect("header");
        let before = req.raw_path().to_vec();
        in_lower_case(&mut req, 2, |h| Outgoing::insert(h, HeaderName::from_static("remote-user"), HeaderValue::from_static("alice")))
            .expect("write");
        assert_eq!(req.raw_path(), before, "the target as it goes on the wire");
        assert_eq!(req.method, http::Method::POST);
        assert!(!req.has_case());
        assert_eq!(wire(&req), "x-client-thing: 1\r\nHost: app.example\r\nremote-user: alice\r\n");
    }

    #[test]
    fn both_ways_write_the_same_headers() {
        let mut kept = RequestHeader::build("GET", b"/", None).expect("request");
        kept.append_header("X-Client-Thing", "1").expect("header");
        let mut lowered = kept.clone();
        let edit = |h: &mut dyn FnMut(HeaderName, Option<HeaderValue>)| {
            h(HeaderName::from_static("remote-user"), Some(HeaderValue::from_static("alice")));
            h(HeaderName::from_static("x-client-thing"), None);
        };
        edit(&mut |n, v| match v {
            Some(v) => Outgoing::insert(&mut kept, n, v).expect("insert"),
            None => Outgoing::remove(&mut kept, &n),
        });
        in_lower_case(&mut lowered, 1, |h| {
            edit(&mut |n, v| match v {
                Some(v) => Outgoing::insert(h, n, v).expect("insert"),
                None => Outgoing::remove(h, &n),
            });
            Ok(())
        })
        .expect("write");
        assert_eq!(kept.headers, lowered.headers);
        assert_eq!(wire(&kept), "remote-user: alice\r\n");
    }
}
