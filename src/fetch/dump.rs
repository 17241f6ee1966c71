//! News dumps as a source: a JSON Lines file of dated articles, one
//! `{url?, title?, published?, text | html}` object a line, read as documents without any
//! fetching (streamed: a line at a time). A bad line is an error naming the file and line;
//! the other lines go on.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::Deserialize;

use super::{now_rfc3339, DocKind, Document, Validators};

/// The longest line read (a whole article with its HTML).
const MAX_LINE_BYTES: usize = 20 * 1024 * 1024;

#[derive(Deserialize)]
struct Line {
    url: Option<String>,
    title: Option<String>,
    published: Option<String>,
    text: Option<String>,
    html: Option<String>,
}

/// One article of a dump, with the metadata the dump gives (which the page's own yields to).
#[derive(Debug, Clone)]
pub struct DumpEntry {
    pub document: Document,
    pub title: Option<String>,
    /// RFC 3339 in UTC, or a bare `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// A line that is no article: its source name (`FILE:LINE`, or its URL) and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{source_name}: {what}")]
pub struct DumpError {
    pub source_name: String,
    pub what: String,
}

/// Reads the dump at `path` line by line; the file must open, each line may fail alone.
pub fn read_dump(
    path: &Path,
) -> std::io::Result<impl Iterator<Item = Result<DumpEntry, DumpError>>> {
    let file = std::fs::File::open(path)?;
    let name = path.display().to_string();
    let mut reader = BufReader::new(file);
    let mut number = 0;
    Ok(std::iter::from_fn(move || loop {
        let mut buf = Vec::new();
        number += 1;
        let at = format!("{name}:{number}");
        let read = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf);
        match read {
            Ok(0) => return None,
            Err(e) => {
                return Some(Err(DumpError {
                    source_name: at,
                    what: format!("cannot read: {e}"),
                }))
            }
            Ok(_) => {}
        }
        if buf.len() > MAX_LINE_BYTES {
            // Skip the rest of the overlong line.
            while !buf.ends_with(b"\n") {
                buf.clear();
                match (&mut reader).take(1 << 20).read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
            return Some(Err(DumpError {
                source_name: at,
                what: format!("line longer than {MAX_LINE_BYTES} bytes"),
            }));
        }
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        return Some(entry(&at, line));
    }))
}

fn entry(at: &str, line: &str) -> Result<DumpEntry, DumpError> {
    let fail = |source: &str, what: String| DumpError {
        source_name: source.to_string(),
        what,
    };
    let l: Line =
        serde_json::from_str(line).map_err(|e| fail(at, format!("not a JSON object: {e}")))?;
    let source = l
        .url
        .clone()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| at.to_string());
    let published = match l
        .published
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(p) => Some(normalise_date(p).ok_or_else(|| {
            fail(
                &source,
                format!("published {p:?} is not a date (use RFC 3339 or YYYY-MM-DD)"),
            )
        })?),
        None => None,
    };
    let (kind, body) = match (l.html, l.text) {
        (Some(h), _) if !h.trim().is_empty() => (DocKind::Html, h),
        (_, Some(t)) if !t.trim().is_empty() => (DocKind::Text, t),
        _ => return Err(fail(&source, "has neither text nor html".into())),
    };
    let raw = body.as_bytes().to_vec();
    Ok(DumpEntry {
        document: Document {
            url: l.url.unwrap_or_else(|| source.clone()),
            source,
            kind,
            text: body,
            raw,
            content_type: Some(
                match kind {
                    DocKind::Html => "text/html",
                    DocKind::Text => "text/plain",
                }
                .into(),
            ),
            charset: "utf-8".into(),
            validators: Validators::default(),
            http_status: None,
            fetched_at: now_rfc3339(),
        },
        title: l
            .title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        published,
    })
}

/// RFC 3339 (any offset) to UTC; `YYYY-MM-DD HH:MM[:SS]` read as UTC; a bare date kept.
fn normalise_date(s: &str) -> Option<String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(
            t.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        );
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true));
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_documents_or_named_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("news.jsonl");
        std::fs::write(
            &p,
            concat!(
                "{\"url\":\"https://example.org/a\",\"title\":\"A\",\"published\":\"2020-03-01T10:00:00+02:00\",\"text\":\"Body\"}\n",
                "\n",
                "{\"title\":\"B\",\"html\":\"<p>x</p>\"}\n",
                "not json\n",
                "{\"title\":\"C\",\"published\":\"last week\",\"text\":\"t\"}\n",
                "{\"title\":\"D\"}\n",
            ),
        )
        .unwrap();
        let got: Vec<_> = read_dump(&p).unwrap().collect();
        assert_eq!(got.len(), 5);
        let a = got[0].as_ref().unwrap();
        assert_eq!(a.document.source, "https://example.org/a");
        assert_eq!(a.published.as_deref(), Some("2020-03-01T08:00:00Z"));
        assert_eq!(a.document.kind, DocKind::Text);
        let b = got[1].as_ref().unwrap();
        assert_eq!(b.document.kind, DocKind::Html);
        assert!(
            b.document.source.ends_with("news.jsonl:3"),
            "{}",
            b.document.source
        );
        let e = got[2].as_ref().unwrap_err();
        assert!(
            e.source_name.ends_with(":4") && e.what.starts_with("not a JSON object"),
            "{e}"
        );
        assert!(got[3]
            .as_ref()
            .unwrap_err()
            .what
            .contains("\"last week\" is not a date"));
        assert!(got[4]
            .as_ref()
            .unwrap_err()
            .what
            .contains("neither text nor html"));
    }
}
