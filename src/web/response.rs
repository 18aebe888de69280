//! A response the gate writes itself (its pages, redirects, refusals): decided first, as a
//! value, then written to the connection in one place (`gate::respond`).

use bytes::Bytes;
use cookie::Cookie;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, SET_COOKIE};
use http::{HeaderName, HeaderValue};

/// No inline script or style, no framing, forms only to ourselves.
const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
}

impl Response {
    fn new(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Response {
        Response {
            status,
            headers: vec![(CONTENT_TYPE, HeaderValue::from_static(content_type)), (CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            body: body.into(),
        }
    }

    /// One of the gate's HTML pages, with the headers that keep it from being framed,
    /// sniffed, cached or leaking its URL in a `Referer`.
    pub fn html(status: u16, body: String) -> Response {
        Response::new(status, "text/html; charset=utf-8", body)
            .header("content-security-policy", CSP)
            .header("x-frame-options", "DENY")
            .header("x-content-type-options", "nosniff")
            .header("referrer-policy", "no-referrer")
    }

    pub fn json(status: u16, body: &'static str) -> Response {
        Response::new(status, "application/json", body)
    }

    pub fn plain(status: u16, body: &'static str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", body)
    }

    /// A text file the browser saves (`disposition`: `attachment; filename=…`) rather than shows.
    pub fn download(disposition: &'static str, body: String) -> Response {
        Response::new(200, "text/plain; charset=utf-8", body)
            .header("x-content-type-options", "nosniff")
            .header("content-disposition", disposition)
    }

    /// A file the pages load (cached an hour). Opened by itself, it runs nothing: an SVG
    /// logo's script would run on the site's origin.
    pub fn asset(content_type: &'static str, body: impl Into<Bytes>) -> Response {
        let mut r = Response::new(200, content_type, body)
            .header("x-content-type-options", "nosniff")
            .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
        r.headers[1].1 = HeaderValue::from_static("public, max-age=3600");
        r
    }

    /// A 302 to `location`, which the caller has made safe.
    pub fn redirect(location: &str) -> Response {
        let mut r = Response::new(302, "text/plain; charset=utf-8", Bytes::new());
        if let Ok(v) = HeaderValue::from_str(location) {
            r.headers.push((LOCATION, v));
        }
        r
    }

    pub fn header(mut self, name: &'static str, value: &'static str) -> Response {
        self.headers.push((HeaderName::from_static(name), HeaderValue::from_static(value)));
        self
    }

    /// This response, carrying the cookies `other` would have set (a page shown in place of
    /// a redirect that signed someone in).
    pub fn with_cookies_of(mut self, other: Response) -> Response {
        self.headers.extend(other.headers.into_iter().filter(|(name, _)| name == SET_COOKIE));
        self
    }

    pub fn cookie(mut self, c: &Cookie<'_>) -> Response {
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            self.headers.push((SET_COOKIE, v));
        }
        self
    }
}
