//! Local sources: paths and `file://` URLs.

use std::path::PathBuf;

use crate::stage_times::{self, Stage};

use super::{content, decode, now_rfc3339, DocKind, Document, FetchError, Outcome, Validators};

/// Reads a local file: a compressed page is unpacked (within `max_bytes`), a binary file is
/// refused by name, the rest is decoded by its extension or, without one, by sniffing.
pub async fn fetch(source: &str, max_bytes: u64) -> Result<Outcome, FetchError> {
    let path = to_path(source)?;
    let shown = path.display().to_string();
    let raw = match tokio::fs::read(&path).await {
        Ok(raw) => raw,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(FetchError::FileNotFound(shown))
        }
        Err(e) => {
            return Err(FetchError::Io {
                path: shown,
                reason: e.to_string(),
            })
        }
    };
    let _decode = stage_times::span(Stage::Decode);
    let (raw, _) = content::unpack(raw, &shown, max_bytes)?;
    content::refuse_binary(&raw, &shown)?;
    let ext = std::path::Path::new(content::without_compression_suffix(&shown))
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let kind = match ext.as_deref() {
        Some("html") | Some("htm") | Some("xhtml") => DocKind::Html,
        Some("txt") | Some("text") => DocKind::Text,
        _ => decode::doc_kind(None, &raw)?,
    };
    let (text, charset) = decode::decode(&raw, None);
    let url = std::fs::canonicalize(&path)
        .ok()
        .and_then(|p| url::Url::from_file_path(p).ok())
        .map(|u| u.to_string())
        .unwrap_or_else(|| source.to_string());
    Ok(Outcome::Fetched(Box::new(Document {
        source: source.to_string(),
        url,
        kind,
        text,
        raw,
        content_type: None,
        charset: charset.to_string(),
        validators: Validators::default(),
        http_status: None,
        fetched_at: now_rfc3339(),
    })))
}

fn to_path(source: &str) -> Result<PathBuf, FetchError> {
    let s = source.trim();
    if s.starts_with("file:") {
        let url = url::Url::parse(s).map_err(|e| FetchError::InvalidSource(format!("{s}: {e}")))?;
        url.to_file_path()
            .map_err(|_| FetchError::InvalidSource(format!("{s}: not a local file URL")))
    } else if s.contains("://") {
        Err(FetchError::InvalidSource(format!(
            "{s}: unsupported scheme (use http, https, file or a path)"
        )))
    } else if s.is_empty() {
        Err(FetchError::InvalidSource("empty source".into()))
    } else {
        Ok(PathBuf::from(s))
    }
}
