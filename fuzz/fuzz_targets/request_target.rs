//! The request-target parser, with the differential property the gate relies on: what it
//! forwards, read again, is what it judged, and is a target `http` accepts for the wire.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis::policy::PathCase;
use portcullis::web::target::parse;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, raw)) = data.split_first() else { return };
    let case = if flags & 1 == 0 { PathCase::Sensitive } else { PathCase::Insensitive };
    let asterisk = flags & 2 != 0;
    let Ok(target) = parse(raw, "app.example", asterisk, case) else { return };
    let wire = target.wire();
    let again = parse(wire.as_bytes(), "app.example", asterisk, case).expect("a forwarded target reads again");
    assert_eq!(again, target, "judged and forwarded differ for {raw:?}");
    assert!(target.is_wire(wire.as_bytes()));
    assert!(wire == "*" || (wire.starts_with('/') && !wire.starts_with("//")), "{wire:?}");
    assert!(wire.bytes().all(|b| b.is_ascii_graphic()), "{wire:?}");
    assert!(wire.parse::<http::Uri>().is_ok(), "the upstream's request line would not take {wire:?}");
});
