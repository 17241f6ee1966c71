//! Body decoding: content-type sniffing and charset detection (BOM, HTTP header, `<meta>`).

use encoding_rs::Encoding;

use super::{DocKind, FetchError};

/// Classifies a body by its declared content type (or, for local files, its extension), and
/// refuses what is not an article page.
pub fn doc_kind(content_type: Option<&str>, body: &[u8]) -> Result<DocKind, FetchError> {
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    match mime.as_deref() {
        Some("text/html") | Some("application/xhtml+xml") => Ok(DocKind::Html),
        Some("text/plain") => {
            if looks_like_html(body) {
                Ok(DocKind::Html)
            } else {
                Ok(DocKind::Text)
            }
        }
        None | Some("") | Some("application/octet-stream") => {
            if body.starts_with(b"%PDF") {
                Err(FetchError::UnsupportedContentType("application/pdf".into()))
            } else if looks_like_html(body) {
                Ok(DocKind::Html)
            } else {
                Ok(DocKind::Text)
            }
        }
        Some(other) => Err(FetchError::UnsupportedContentType(other.to_string())),
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = &body[..body.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || head.contains("<body")
}

/// Decodes a body to UTF-8: a byte-order mark first, then the charset of the HTTP header,
/// then a `<meta charset>` in the first 1024 bytes, else UTF-8. Returns the text and the
/// name of the encoding used.
pub fn decode(body: &[u8], content_type: Option<&str>) -> (String, &'static str) {
    let encoding = Encoding::for_bom(body)
        .map(|(e, _)| e)
        .or_else(|| content_type.and_then(header_charset))
        .or_else(|| meta_charset(body))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, used, _) = encoding.decode(body);
    (text.into_owned(), used.name())
}

fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| Encoding::for_label(v.trim().trim_matches('"').as_bytes()))
            .flatten()
    })
}

fn meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let pos = head.find("charset=")?;
    let rest = head[pos + 8..].trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}
