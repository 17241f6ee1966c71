//! The page reader on arbitrary bytes: decode (charset, binary refusal), read as HTML and as
//! plain text, check the article. Nothing may panic, hang or grow without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = claimwire::fetch::decode(data, None);
    let article = claimwire::page::read_html(&text, Some("https://example.com/a/b.html"));
    let _ = claimwire::check_article(&article);
    let _ = claimwire::page::read_text(&text, Some("file:///tmp/page.txt"));
    let _ = claimwire::fetch::decode_checked(data, Some("text/html"), None);
});
