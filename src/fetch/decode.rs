//! Body decoding: what a body is (by its declared type, else by sniffing), and its charset in
//! the WHATWG order: byte-order mark, HTTP `charset`, `<meta charset>` / `http-equiv` in the
//! first 1024 bytes, then a detector (chardetng). Decoding never fails on a stray bad byte
//! (it becomes U+FFFD); only a body that is mostly undecodable or binary is `bad_encoding`.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

use super::{DocKind, FetchError};

/// What a body holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Doc(DocKind),
    /// RSS, Atom or a sitemap.
    Feed,
}

fn mime(content_type: Option<&str>) -> Option<String> {
    content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty())
}

/// Classifies a response by its declared content type alone, before its body is read:
/// `Ok(None)` when the body must be sniffed. Refuses PDF, images, JSON and the like.
pub fn declared_kind(content_type: Option<&str>) -> Result<Option<BodyKind>, FetchError> {
    match mime(content_type).as_deref() {
        Some("text/html") | Some("application/xhtml+xml") => Ok(Some(BodyKind::Doc(DocKind::Html))),
        None | Some("text/plain") | Some("application/octet-stream") => Ok(None),
        Some("application/rss+xml")
        | Some("application/atom+xml")
        | Some("application/rdf+xml")
        | Some("application/xml")
        | Some("text/xml") => Ok(Some(BodyKind::Feed)),
        Some(other) => Err(FetchError::UnsupportedContentType(other.to_string())),
    }
}

/// Classifies a body whose declared type was missing, plain text or generic.
pub fn sniff_kind(content_type: Option<&str>, body: &[u8]) -> Result<BodyKind, FetchError> {
    let head = &body[..body.len().min(1024)];
    let refuse = |t: &str| Err(FetchError::UnsupportedContentType(t.to_string()));
    if head.starts_with(b"%PDF") {
        return refuse("application/pdf");
    }
    for (magic, t) in [
        (&b"\x89PNG"[..], "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF8", "image/gif"),
        (b"PK\x03\x04", "application/zip"),
    ] {
        if head.starts_with(magic) {
            return refuse(t);
        }
    }
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = lower.trim_start_matches('\u{feff}').trim_start();
    if looks_like_feed(start) {
        return Ok(BodyKind::Feed);
    }
    if lower.contains("<html") || lower.contains("<!doctype html") || lower.contains("<body") {
        return Ok(BodyKind::Doc(DocKind::Html));
    }
    if mime(content_type).is_none() && (start.starts_with('{') || start.starts_with('[')) {
        return refuse("application/json");
    }
    Ok(BodyKind::Doc(DocKind::Text))
}

/// Whether the start of a body (lower-cased) is an RSS/Atom feed or a sitemap.
pub fn looks_like_feed(start: &str) -> bool {
    let start = start.trim_start();
    start.starts_with("<?xml")
        && ["<rss", "<feed", "<urlset", "<sitemapindex", "<rdf:rdf"]
            .iter()
            .any(|t| start.contains(t))
        || ["<rss", "<feed", "<urlset", "<sitemapindex"]
            .iter()
            .any(|t| start.starts_with(t))
}

/// Classifies a body, local or remote (for local files and reprocessing).
pub fn doc_kind(content_type: Option<&str>, body: &[u8]) -> Result<DocKind, FetchError> {
    let kind = match declared_kind(content_type)? {
        Some(k) => k,
        None => sniff_kind(content_type, body)?,
    };
    match kind {
        BodyKind::Doc(k) => Ok(k),
        BodyKind::Feed => Err(FetchError::UnsupportedContentType("feed".into())),
    }
}

/// Decodes a body to UTF-8 (see the module doc for the order). Returns the text and the name
/// of the encoding used; never fails.
pub fn decode(body: &[u8], content_type: Option<&str>) -> (String, &'static str) {
    let (text, encoding, _) = decode_inner(body, content_type, None);
    (text, encoding)
}

/// Like [`decode`], but names a body that is hopeless (mostly replacement characters or
/// control bytes) as `bad_encoding`. `tld` helps the detector (e.g. `b"jp"`).
pub fn decode_checked(
    body: &[u8],
    content_type: Option<&str>,
    tld: Option<&[u8]>,
) -> Result<(String, &'static str), FetchError> {
    let (text, encoding, bad) = decode_inner(body, content_type, tld);
    let total = text.chars().count().max(1);
    if bad * 10 > total {
        return Err(FetchError::BadEncoding(format!(
            "{bad} of {total} characters undecodable or binary as {encoding}"
        )));
    }
    Ok((text, encoding))
}

/// Returns the text, the encoding, and how many characters are U+FFFD or binary controls.
fn decode_inner(
    body: &[u8],
    content_type: Option<&str>,
    tld: Option<&[u8]>,
) -> (String, &'static str, usize) {
    if let Some((enc, bom_len)) = Encoding::for_bom(body) {
        let (text, _) = enc.decode_without_bom_handling(&body[bom_len..]);
        let text = text.into_owned();
        let bad = count_bad(&text);
        return (text, enc.name(), bad);
    }
    let declared = content_type
        .and_then(header_charset)
        .or_else(|| meta_charset(body));
    // A body that is valid UTF-8 with non-ASCII text is UTF-8 whatever it declares: legacy
    // text (Latin-1, Shift_JIS, GBK ...) is valid UTF-8 only by rare accident, while pages
    // saved as UTF-8 under a stale legacy declaration are common (and read as mojibake).
    let declared = declared.map(|enc| {
        if enc != encoding_rs::UTF_8 && !body.is_ascii() && std::str::from_utf8(body).is_ok() {
            encoding_rs::UTF_8
        } else {
            enc
        }
    });
    let first = declared.unwrap_or_else(|| detect(body, tld));
    let (text, had_errors) = first.decode_without_bom_handling(body);
    let text = text.into_owned();
    if had_errors && declared.is_some() {
        // The declaration is wrong: let the detector have a go, keep what decodes better.
        let guess = detect(body, tld);
        if guess != first {
            let (other, _) = guess.decode_without_bom_handling(body);
            let (bad_first, bad_other) = (count_bad(&text), count_bad(&other));
            if bad_other < bad_first {
                return (other.into_owned(), guess.name(), bad_other);
            }
            return (text, first.name(), bad_first);
        }
    }
    let bad = count_bad(&text);
    (text, first.name(), bad)
}

fn detect(body: &[u8], tld: Option<&[u8]>) -> &'static Encoding {
    // chardetng allowed UTF-8 answers UTF-8 for any valid UTF-8 with a non-ASCII byte (its
    // UTF-8 candidate is never disqualified, and it checks that candidate first); a validity
    // check is far cheaper than running every candidate over the body.
    if !body.is_ascii() && std::str::from_utf8(body).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(body, true);
    detector.guess(tld, Utf8Detection::Allow)
}

/// How many characters are U+FFFD or control characters (Cc: U+0000-U+001F, U+007F-U+009F)
/// other than tab, line feed, carriage return and form feed. Counted on the UTF-8 bytes:
/// U+FFFD is `EF BF BD`, C1 controls are `C2 80`-`C2 9F`.
fn count_bad(text: &str) -> usize {
    let b = text.as_bytes();
    // A plain filter-count over bytes vectorises; the multi-byte forms are rare enough to find.
    let c0 = b
        .iter()
        .filter(|&&c| (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0c)) || c == 0x7f)
        .count();
    let c1 = memchr::memchr_iter(0xc2, b)
        .filter(|&i| matches!(b.get(i + 1), Some(0x80..=0x9f)))
        .count();
    let replacement = memchr::memmem::find_iter(b, "\u{fffd}".as_bytes()).count();
    c0 + c1 + replacement
}

/// The `charset` parameter of a Content-Type header.
pub fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| Encoding::for_label(v.trim().trim_matches(['"', '\'']).as_bytes()))
            .flatten()
            .map(html_override)
    })
}

/// The charset a `<meta charset>` or `<meta http-equiv=content-type content=...>` in the first
/// 1024 bytes declares.
pub fn meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(1024)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos + 5;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|b| {
                        !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
                    })
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    return Some(html_override(enc));
                }
            }
        }
        from = end;
    }
    None
}

/// WHATWG: a UTF-16 declaration inside an ASCII-compatible document means UTF-8, and
/// x-user-defined means windows-1252.
fn html_override(enc: &'static Encoding) -> &'static Encoding {
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else if enc == encoding_rs::X_USER_DEFINED {
        encoding_rs::WINDOWS_1252
    } else {
        enc
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_http_equiv_and_charset_are_found() {
        let a = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">";
        assert_eq!(meta_charset(a), Some(encoding_rs::SHIFT_JIS));
        let b = b"<meta name=x><meta charset = 'windows-1252'>";
        assert_eq!(meta_charset(b), Some(encoding_rs::WINDOWS_1252));
        assert_eq!(
            meta_charset(b"<meta charset=utf-16>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(meta_charset(b"<p>charset=koi8-r</p>"), None);
    }

    #[test]
    fn bom_beats_the_header_and_binary_is_bad() {
        let body = "\u{feff}<p>5 €</p>".as_bytes();
        let (text, enc) = decode(body, Some("text/html; charset=iso-8859-1"));
        assert_eq!((text.as_str(), enc), ("<p>5 €</p>", "UTF-8"));
        let junk: Vec<u8> = (0u8..=255).cycle().take(4096).map(|b| b % 9).collect();
        let err = decode_checked(&junk, None, None).map(|_| ());
        assert_eq!(err.map_err(|e| e.status()), Err("bad_encoding"));
    }

    #[test]
    fn valid_utf8_under_a_legacy_declaration_is_read_as_utf8() {
        let body = "<meta http-equiv=\"content-type\" content=\"text/html; charset=iso-8859-1\">\
                    <p>Don\u{2019}t pay 5 \u{20ac} for caf\u{e9}</p>"
            .as_bytes();
        let (text, enc) = decode(body, None);
        assert_eq!(enc, "UTF-8");
        assert!(
            text.contains("Don\u{2019}t pay 5 \u{20ac} for caf\u{e9}"),
            "{text}"
        );
        // Real Latin-1 bytes (not valid UTF-8) keep their declaration.
        let (text, enc) = decode(
            b"<p>caf\xe9 cr\xe8me</p>",
            Some("text/html; charset=iso-8859-1"),
        );
        assert_eq!(
            (text.as_str(), enc),
            ("<p>caf\u{e9} cr\u{e8}me</p>", "windows-1252")
        );
    }

    #[test]
    fn byte_count_of_bad_characters_matches_the_char_definition() {
        let slow = |t: &str| {
            t.chars()
                .filter(|&c| {
                    c == '\u{fffd}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
                })
                .count()
        };
        for t in [
            "plain\ttext\r\n\x0c",
            "\u{0}\u{1f}\u{7f}\u{80}\u{9f}\u{a0}\u{fffd}\u{fffe}\u{ffbd}é€😀",
            "Ā ¿ \u{85} ﾽ \u{2028}",
        ] {
            assert_eq!(count_bad(t), slow(t), "{t:?}");
        }
    }

    #[test]
    fn valid_utf8_detects_as_chardetng_does() {
        let full = |b: &[u8]| {
            let mut d = EncodingDetector::new(Iso2022JpDetection::Deny);
            d.feed(b, true);
            d.guess(None, Utf8Detection::Allow)
        };
        for b in [
            "<p>café</p>".as_bytes(),
            "é".as_bytes(),
            "ab\u{1b}$Bé".as_bytes(),
            "<p>ascii only</p>".as_bytes(),
            b"<p>caf\xe9</p>",
        ] {
            assert_eq!(detect(b, None), full(b), "{b:?}");
        }
    }
}
