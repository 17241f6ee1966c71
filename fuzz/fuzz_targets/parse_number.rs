//! The number parser and the figure scanner on arbitrary strings, in English and in a
//! decimal-comma language.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let _ = claimwire::claims::numbers::parse_number(&s, None);
    let _ = claimwire::claims::numbers::parse_number(&s, Some("de"));
    let _ = claimwire::claims::numbers::parse_words(&s);
    for f in claimwire::claims::numbers::scan(&s, None, &[]) {
        // A figure's span lies inside the text it was found in, on character boundaries.
        assert!(f.start <= f.end && f.end <= s.len());
        assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end));
    }
});
