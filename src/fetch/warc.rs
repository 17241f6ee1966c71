//! WARC archives as a source (CC-NEWS style): the `response` records of a WARC file, plain or
//! gzip (one member a record or one for the whole file), streamed a record at a time on a
//! reader thread, never the whole file in memory. Each response's HTTP message is parsed
//! (status line and headers, `httparse`), its transfer and content encodings undone, and its
//! body decoded as a fetched page's is; the record's target URI is the source and its date
//! the fetch time. Other record types (warcinfo, request, metadata, revisit) are passed over;
//! a response that is not a 200 page, or too big, fails alone, named by its URI.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::mpsc;

use chrono::SecondsFormat;
use warc::{RecordType, WarcHeader, WarcReader};

use super::decode::{decode_checked, doc_kind};
use super::dump::{DumpEntry, DumpError};
use super::{Document, Validators};

/// The largest record body read (HTTP headers and page); bigger ones fail alone.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;
/// Records read ahead of the ingest.
const READ_AHEAD: usize = 8;

/// What [`read_warc`] yields: an article source or a record that failed alone.
pub type WarcItem = Result<DumpEntry, DumpError>;

/// Opens `path` and streams its response records (at most `limit` of them) as documents.
/// The file must open; a broken record ends the stream with an error naming its place.
pub fn read_warc(path: &Path, limit: Option<usize>) -> std::io::Result<mpsc::IntoIter<WarcItem>> {
    let mut file = std::fs::File::open(path)?;
    let mut magic = [0u8; 2];
    let gzip = file.read_exact(&mut magic).is_ok() && magic == [0x1f, 0x8b];
    let file = std::fs::File::open(path)?;
    let reader: Box<dyn BufRead + Send> = if gzip {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let name = path.display().to_string();
    let (tx, rx) = mpsc::sync_channel(READ_AHEAD);
    std::thread::Builder::new()
        .name("warc".into())
        .spawn(move || stream(WarcReader::new(reader), &name, limit, &tx))?;
    Ok(rx.into_iter())
}

/// Reads records and sends the responses' documents until the file, the limit or the
/// receiver ends.
fn stream<R: BufRead>(
    mut reader: WarcReader<R>,
    name: &str,
    limit: Option<usize>,
    tx: &mpsc::SyncSender<WarcItem>,
) {
    let mut records = reader.stream_records();
    let mut number = 0usize;
    let mut responses = 0usize;
    while limit.is_none_or(|l| responses < l) {
        number += 1;
        let item = match records.next_item() {
            None => return,
            Some(Err(e)) => {
                let _ = tx.send(Err(DumpError {
                    source_name: format!("{name}: record {number}"),
                    what: format!("broken WARC record, the rest of the file is not read: {e}"),
                }));
                return;
            }
            Some(Ok(record)) => {
                if *record.warc_type() != RecordType::Response {
                    continue;
                }
                responses += 1;
                let uri = record
                    .header(WarcHeader::TargetURI)
                    .map(|u| u.trim().trim_matches(['<', '>']).to_string())
                    .filter(|u| !u.is_empty())
                    .unwrap_or_else(|| format!("{name}: record {number}"));
                let fetched_at = record.date().to_rfc3339_opts(SecondsFormat::Secs, true);
                if record.content_length() > MAX_RECORD_BYTES {
                    Err(DumpError {
                        source_name: uri,
                        what: format!(
                            "WARC record of {} bytes is larger than {MAX_RECORD_BYTES}",
                            record.content_length()
                        ),
                    })
                } else {
                    let mut body = Vec::new();
                    match record.take(MAX_RECORD_BYTES).read_to_end(&mut body) {
                        Ok(_) => response(&uri, &body, fetched_at),
                        Err(e) => Err(DumpError {
                            source_name: uri,
                            what: format!("cannot read the WARC record: {e}"),
                        }),
                    }
                }
            }
        };
        if tx.send(item).is_err() {
            return;
        }
    }
}

/// A document from the HTTP response a record holds.
fn response(uri: &str, message: &[u8], fetched_at: String) -> WarcItem {
    let fail = |what: String| DumpError {
        source_name: uri.to_string(),
        what,
    };
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut parsed = httparse::Response::new(&mut headers);
    let head_len = match parsed.parse(message) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err(fail("truncated HTTP headers".into())),
        Err(e) => return Err(fail(format!("not an HTTP response: {e}"))),
    };
    let status = parsed.code.unwrap_or(0);
    if status != 200 {
        return Err(fail(format!("HTTP status {status} in the archive")));
    }
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    let content_type = header("content-type");
    let mut body = message[head_len..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body).ok_or_else(|| fail("broken chunked body".into()))?;
    }
    if let Some(enc) = header("content-encoding").map(|e| e.to_ascii_lowercase()) {
        body = match enc.as_str() {
            "gzip" | "x-gzip" | "deflate" | "br" => {
                uncompress(&enc, &body).map_err(|e| fail(format!("broken {enc} body: {e}")))?
            }
            "identity" | "" => body,
            other => return Err(fail(format!("unknown content encoding {other}"))),
        };
    }
    let kind = doc_kind(content_type.as_deref(), &body).map_err(|e| fail(e.to_string()))?;
    let (text, charset) =
        decode_checked(&body, content_type.as_deref(), None).map_err(|e| fail(e.to_string()))?;
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    Ok(DumpEntry {
        document: Document {
            source: uri.to_string(),
            url: uri.to_string(),
            kind,
            text,
            raw: body,
            content_type,
            charset: charset.to_string(),
            validators,
            http_status: Some(status),
            fetched_at,
        },
        title: None,
        published: None,
    })
}

/// Undoes a content encoding, at most [`MAX_RECORD_BYTES`] out.
fn uncompress(encoding: &str, body: &[u8]) -> std::io::Result<Vec<u8>> {
    let reader: Box<dyn Read + '_> = match encoding {
        "deflate" => Box::new(flate2::read::ZlibDecoder::new(body)),
        "br" => Box::new(brotli::Decompressor::new(body, 4096)),
        _ => Box::new(flate2::read::MultiGzDecoder::new(body)),
    };
    let mut out = Vec::new();
    reader.take(MAX_RECORD_BYTES + 1).read_to_end(&mut out)?;
    if out.len() as u64 > MAX_RECORD_BYTES {
        return Err(std::io::Error::other(format!(
            "more than {MAX_RECORD_BYTES} bytes uncompressed"
        )));
    }
    Ok(out)
}

/// The body of a chunked transfer: each chunk's size in hex, its bytes, up to the last.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?.strip_prefix(b"\r\n")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n").as_deref(),
            Some(&b"hello, world"[..])
        );
        assert_eq!(dechunk(b"5\r\nhel"), None);
        let data: Vec<u8> = (0..=255u8).cycle().take(700).collect();
        let (a, b) = data.split_at(333);
        let mut chunked = Vec::new();
        for part in [a, b] {
            chunked.extend(format!("{:x}\r\n", part.len()).into_bytes());
            chunked.extend_from_slice(part);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        assert_eq!(dechunk(&chunked), Some(data));
    }

    #[test]
    fn a_response_becomes_a_document_and_a_404_fails_alone() {
        let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n\
                     <html><body><p>Caf\xe9 prices rose.</p></body></html>";
        let d = response(
            "https://news.example/a",
            page,
            "2026-12-04T10:00:00Z".into(),
        )
        .expect("document")
        .document;
        assert_eq!(d.source, "https://news.example/a");
        assert_eq!(d.kind, super::super::DocKind::Html);
        assert!(d.text.contains("Café prices rose."), "{}", d.text);
        assert_eq!(d.fetched_at, "2026-12-04T10:00:00Z");
        let missing = response(
            "https://news.example/b",
            b"HTTP/1.1 404 Not Found\r\n\r\n",
            "x".into(),
        )
        .expect_err("a 404");
        assert!(missing.to_string().contains("HTTP status 404"), "{missing}");
        let image = response(
            "https://news.example/c.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
            "x".into(),
        )
        .expect_err("an image");
        assert!(image.to_string().contains("image/png"), "{image}");
    }
}
