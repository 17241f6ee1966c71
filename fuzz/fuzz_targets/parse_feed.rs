//! Feed and sitemap parsing (RSS, Atom, RDF, sitemaps and sitemap indexes) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(feed) = claimwire::fetch::parse_feed(data, "https://example.com/feed.xml") {
        for e in &feed.entries {
            assert!(!e.url.is_empty());
        }
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = claimwire::fetch::parse_feed_date(s);
    }
});
