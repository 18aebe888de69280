//! Where a browser goes after signing in: never off the site, read as a browser reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis::web::return_url::safe_return;

fuzz_target!(|data: &[u8]| {
    let wanted = String::from_utf8_lossy(data);
    let back = safe_return(&wanted, "app.example", "/.portcullis");
    assert!(back.starts_with('/') && !back.starts_with("//") && !back.starts_with("/\\"), "{wanted:?} -> {back:?}");
    let base = url::Url::parse("https://app.example/some/page").expect("base");
    let target = base.join(&back).expect("a relative address");
    assert_eq!(target.host_str(), Some("app.example"), "{wanted:?} -> {back:?} leaves the site");
    assert_eq!(target.scheme(), "https");
});
