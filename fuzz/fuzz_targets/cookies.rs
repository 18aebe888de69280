//! Cookies in and out: after the gate strips its own, none of them reaches the app, from any
//! `Cookie` header a client sends or any `Set-Cookie` an app answers with.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pingora::http::{RequestHeader, ResponseHeader};
use portcullis::web::cookies::{read, strip_from_request, strip_from_response, without_ours};

const PREFIX: &str = "portcullis_";

/// Whether a cookie's name (before `=`, white space trimmed, `__Host-`/`__Secure-` cut, any
/// case) is one of the gate's: the same reading as a browser's, written again here.
fn names_ours(cookie: &[u8]) -> bool {
    let pair = cookie.split(|&b| b == b';').next().unwrap_or_default();
    let name = String::from_utf8_lossy(pair.split(|&b| b == b'=').next().unwrap_or_default()).trim().to_ascii_lowercase();
    let name = name.strip_prefix("__host-").or_else(|| name.strip_prefix("__secure-")).unwrap_or(&name);
    name.starts_with(PREFIX)
}

fuzz_target!(|data: &[u8]| {
    let mut req = RequestHeader::build("GET", b"/", None).expect("request");
    let mut resp = ResponseHeader::build(200, None).expect("response");
    for line in data.split(|&b| b == b'\n') {
        let Ok(value) = http::HeaderValue::from_bytes(line) else { continue };
        req.append_header(http::header::COOKIE, value.clone()).expect("cookie");
        resp.append_header(http::header::SET_COOKIE, value).expect("set-cookie");
    }
    let _ = read(&req, "portcullis_session");
    strip_from_request(&mut req).expect("strip");
    assert!(without_ours(&req.headers).is_none(), "a gate cookie survived: {:?}", req.headers.get_all(http::header::COOKIE));
    for value in req.headers.get_all(http::header::COOKIE) {
        assert!(!value.as_bytes().split(|&b| b == b';').any(names_ours), "{value:?}");
    }
    strip_from_response(&mut resp).expect("strip");
    for value in resp.headers.get_all(http::header::SET_COOKIE) {
        assert!(!names_ours(value.as_bytes()), "the app set a gate cookie: {value:?}");
    }
});
