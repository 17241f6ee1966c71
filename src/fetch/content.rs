//! What a body holds before it is decoded as text: a compressed page (gzip, known by its
//! magic bytes whatever the name; brotli, which has none, by a `.br` name) is unpacked,
//! never past the byte cap (a small bomb cannot fill memory); a binary format given as a page
//! (image, archive, PDF, executable, media, database) or a body of binary bytes is refused by
//! name, so that no binary text reaches an article or the store.

use std::io::Read;

use super::FetchError;

/// Magic bytes at offset 0 of binary formats, with what each is.
const SIGNATURES: &[(&[u8], &str, &str)] = &[
    (b"%PDF", "application/pdf", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "a PNG image"),
    (b"\xff\xd8\xff", "image/jpeg", "a JPEG image"),
    (b"GIF87a", "image/gif", "a GIF image"),
    (b"GIF89a", "image/gif", "a GIF image"),
    (b"BM", "image/bmp", "a BMP image"),
    (b"\x00\x00\x01\x00", "image/x-icon", "an icon"),
    (
        b"PK\x03\x04",
        "application/zip",
        "a zip archive (or an office document)",
    ),
    (b"PK\x05\x06", "application/zip", "an empty zip archive"),
    (
        b"7z\xbc\xaf\x27\x1c",
        "application/x-7z-compressed",
        "a 7-Zip archive",
    ),
    (b"Rar!\x1a\x07", "application/vnd.rar", "a RAR archive"),
    (b"\xfd7zXZ\x00", "application/x-xz", "an xz-compressed file"),
    (b"BZh", "application/x-bzip2", "a bzip2-compressed file"),
    (
        b"\x28\xb5\x2f\xfd",
        "application/zstd",
        "a zstd-compressed file (not supported)",
    ),
    (b"\x7fELF", "application/x-executable", "an executable"),
    (b"MZ", "application/x-msdownload", "a Windows executable"),
    (b"\x00asm", "application/wasm", "a WebAssembly module"),
    (
        b"SQLite format 3\x00",
        "application/vnd.sqlite3",
        "an SQLite database",
    ),
    (b"OggS", "audio/ogg", "an Ogg media file"),
    (b"ID3", "audio/mpeg", "an MP3 file"),
    (b"fLaC", "audio/flac", "a FLAC file"),
    (b"wOFF", "font/woff", "a web font"),
    (b"wOF2", "font/woff2", "a web font"),
];

const GZIP: &[u8] = b"\x1f\x8b";

/// What a binary body is, by its magic bytes, as (MIME type, description).
pub fn binary_kind(body: &[u8]) -> Option<(&'static str, &'static str)> {
    if let Some(&(_, mime, what)) = SIGNATURES.iter().find(|(m, _, _)| body.starts_with(m)) {
        return Some((mime, what));
    }
    if body.len() >= 12 && &body[..4] == b"RIFF" && &body[8..12] == b"WEBP" {
        return Some(("image/webp", "a WebP image"));
    }
    if body.len() >= 12 && &body[4..8] == b"ftyp" {
        return Some(("video/mp4", "an MP4/QuickTime media file"));
    }
    if body.starts_with(b"\xff\xfe") || body.starts_with(b"\xfe\xff") {
        return None; // UTF-16 text: its NULs are half of each character
    }
    let head = &body[..body.len().min(1024)];
    // WHATWG "binary data bytes": never in a text or HTML page (NUL aside, which pages do
    // carry by accident, so NULs count only in a head without markup).
    let binary = |b: &u8| matches!(b, 0x01..=0x08 | 0x0b | 0x0e..=0x1a | 0x1c..=0x1f);
    let controls = head.iter().filter(|b| binary(b)).count();
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if controls * 20 > head.len() || (nuls > 0 && !has_markup(head)) {
        return Some(("application/octet-stream", "binary data"));
    }
    None
}

fn has_markup(head: &[u8]) -> bool {
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    [
        "<!doctype",
        "<html",
        "<head",
        "<body",
        "<p",
        "<div",
        "<?xml",
        "<title",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

/// Refuses a binary body, naming `name` (the file or URL) and what the body is.
pub fn refuse_binary(body: &[u8], name: &str) -> Result<(), FetchError> {
    match binary_kind(body) {
        Some((mime, what)) => Err(FetchError::UnsupportedContentType(format!(
            "{mime}: {name} is {what}, not a page"
        ))),
        None => Ok(()),
    }
}

/// Unpacks a compressed body (gzip by magic, brotli by a `.br` name), at most `max` bytes;
/// returns the body and the compression it was unpacked from. Anything else is returned as
/// it is.
pub fn unpack(
    raw: Vec<u8>,
    name: &str,
    max: u64,
) -> Result<(Vec<u8>, Option<&'static str>), FetchError> {
    let lower = name.to_ascii_lowercase();
    let (reader, kind): (Box<dyn Read + '_>, &'static str) = if raw.starts_with(GZIP) {
        (
            Box::new(flate2::read::MultiGzDecoder::new(&raw[..])),
            "gzip",
        )
    } else if lower.ends_with(".br") {
        (
            Box::new(brotli::Decompressor::new(&raw[..], 4096)),
            "brotli",
        )
    } else {
        return Ok((raw, None));
    };
    let mut out = Vec::new();
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| FetchError::BadEncoding(format!("{name}: broken {kind} data: {e}")))?;
    if out.len() as u64 > max {
        return Err(FetchError::TooLarge(max));
    }
    Ok((out, Some(kind)))
}

/// The name without a compression suffix (`page.html.gz` -> `page.html`).
pub fn without_compression_suffix(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    for suffix in [".gz", ".gzip", ".br"] {
        if lower.ends_with(suffix) {
            return &name[..name.len() - suffix.len()];
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn names_binary_formats_and_binary_bytes() {
        assert_eq!(
            binary_kind(b"\x89PNG\r\n\x1a\n....").map(|k| k.0),
            Some("image/png")
        );
        assert_eq!(
            binary_kind(b"PK\x03\x04rest").map(|k| k.0),
            Some("application/zip")
        );
        assert_eq!(
            binary_kind(b"%PDF-1.7").map(|k| k.0),
            Some("application/pdf")
        );
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(
            binary_kind(&noise).map(|k| k.0),
            Some("application/octet-stream")
        );
        assert_eq!(binary_kind(b"<!doctype html><p>a\0b</p>"), None);
        assert_eq!(binary_kind("Title\n\nPlain text, é ü.".as_bytes()), None);
        let err = refuse_binary(b"GIF89a...", "cat.html").unwrap_err();
        assert_eq!(err.status(), "unsupported_content_type");
        assert!(err.to_string().contains("cat.html is a GIF image"), "{err}");
    }

    #[test]
    fn unpacks_gzip_by_magic_within_the_cap() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&b"<p>hello</p>".repeat(1000)).unwrap();
        let packed = gz.finish().unwrap();
        let (out, kind) = unpack(packed.clone(), "page.bin", 1 << 20).unwrap();
        assert_eq!(kind, Some("gzip"));
        assert_eq!(out, b"<p>hello</p>".repeat(1000));
        assert_eq!(
            unpack(packed, "page.html.gz", 100).unwrap_err().status(),
            "too_large"
        );
        let broken = unpack(b"\x1f\x8b\x08garbage".to_vec(), "x.gz", 100).unwrap_err();
        assert_eq!(broken.status(), "bad_encoding");
        assert_eq!(without_compression_suffix("a/page.HTML.gz"), "a/page.HTML");
    }
}
