//! The claims extractor and the rating on arbitrary text read as a plain-text article.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let article = claimwire::page::read_text(&text, Some("file:///tmp/page.txt"));
    let (extraction, _rating) = claimwire::analyse(&article);
    for c in &extraction.claims {
        // Every claim quotes a sentence of the text it came from.
        assert!(!c.sentence.is_empty());
    }
});
