//! A byte-level pass before parsing that empties what extraction never reads and bounds what
//! the parser would do. The bodies of `<script>` (except JSON-LD), `<style>` and `<svg>`
//! elements, and comments, are dropped: on news pages over half the bytes, and html5ever
//! tokenises every one of them; a `memchr`-speed scan that copies the rest is much cheaper.
//!
//! It also keeps html5ever's work linear on hostile markup. html5ever checks each attribute
//! against the element's earlier ones (quadratic in one element's attributes) and walks the
//! stack of open elements for scope checks (quadratic in the nesting depth). So attributes
//! past [`MAX_ATTRS`] in one tag are cut, and tags nested deeper than [`MAX_DEPTH`] (as
//! counted here: elements that need an end tag) are dropped, their content kept at that
//! depth. What was cut is counted in [`Trimmed`], for the article's warnings.

use std::borrow::Cow;

/// Raw-text elements whose bodies are dropped (JSON-LD scripts are kept for metadata).
const RAW: &[&[u8]] = &[b"script", b"style", b"svg"];

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn find_byte(hay: &[u8], from: usize, c: u8) -> Option<usize> {
    memchr::memchr(c, hay.get(from..)?).map(|p| p + from)
}

fn find_from(hay: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, pat).map(|p| p + from)
}

/// Start of the closing tag `</name` (any case) at or after `from`.
fn close_tag(html: &str, from: usize, name: &[u8]) -> Option<usize> {
    let b = html.as_bytes();
    let mut at = from;
    loop {
        let p = find_from(b, at, b"</")?;
        if starts_with_ci(&b[p + 2..], name) {
            let after = b.get(p + 2 + name.len()).copied().unwrap_or(b'>');
            if after == b'>' || after == b'/' || after.is_ascii_whitespace() {
                return Some(p);
            }
        }
        at = p + 2;
    }
}

/// Most attributes kept on one tag; the rest are cut.
pub const MAX_ATTRS: usize = 128;
/// Deepest nesting kept (Chromium's parser stops nesting at 512 too).
pub const MAX_DEPTH: usize = 512;

/// What the pass cut to keep the parse bounded.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Trimmed {
    /// Tags that had more than [`MAX_ATTRS`] attributes.
    pub crowded_tags: usize,
    /// Attributes cut from them.
    pub attrs_cut: usize,
    /// Start and end tags dropped for nesting deeper than [`MAX_DEPTH`].
    pub tags_flattened: usize,
}

/// Elements without an end tag.
const VOID: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"keygen",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"frame",
    b"basefont",
    b"bgsound",
];
/// Elements whose end tag may be left out (a sibling closes them), or that the parser never
/// nests: not counted as depth.
const OPTIONAL_END: &[&[u8]] = &[
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"option",
    b"optgroup",
    b"tr",
    b"td",
    b"th",
    b"tbody",
    b"thead",
    b"tfoot",
    b"rb",
    b"rt",
    b"rtc",
    b"rp",
    b"colgroup",
    b"caption",
    b"html",
    b"head",
    b"body",
];
/// Elements whose content is text up to their end tag: skipped whole, never counted.
const TEXT_ONLY: &[&[u8]] = &[
    b"title",
    b"textarea",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
];

fn is_one_of(name: &[u8], set: &[&[u8]]) -> bool {
    set.iter().any(|s| name.eq_ignore_ascii_case(s))
}

/// A scanned tag: where it ends (just past `>`), how many attributes it has and where the
/// first attribute past [`MAX_ATTRS`] starts.
struct TagScan {
    end: usize,
    attrs: usize,
    cut: Option<usize>,
}

/// Scans a tag's attributes from `k` (just past its name) as the HTML tokenizer does;
/// `None` when the page ends inside the tag.
fn scan_tag(b: &[u8], mut k: usize) -> Option<TagScan> {
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut attrs = 0;
    let mut cut = None;
    loop {
        while k < b.len() && (ws(b[k]) || b[k] == b'/') {
            k += 1;
        }
        match b.get(k)? {
            b'>' => {
                return Some(TagScan {
                    end: k + 1,
                    attrs,
                    cut,
                })
            }
            _ => {
                attrs += 1;
                if attrs == MAX_ATTRS + 1 {
                    cut = Some(k);
                }
                k += 1;
            }
        }
        while k < b.len() && !(ws(b[k]) || matches!(b[k], b'/' | b'>' | b'=')) {
            k += 1;
        }
        while k < b.len() && ws(b[k]) {
            k += 1;
        }
        if b.get(k) == Some(&b'=') {
            k += 1;
            while k < b.len() && ws(b[k]) {
                k += 1;
            }
            match *b.get(k)? {
                q @ (b'"' | b'\'') => k = find_byte(b, k + 1, q)? + 1,
                b'>' => {}
                _ => {
                    while k < b.len() && !ws(b[k]) && b[k] != b'>' {
                        k += 1;
                    }
                }
            }
        }
    }
}

/// End of a tag name starting at `from`.
fn name_end(b: &[u8], from: usize) -> usize {
    let mut k = from;
    while k < b.len() && !matches!(b[k], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
        k += 1;
    }
    k
}

/// The page with raw-text bodies and comments removed and its tags bounded (see the module
/// doc); borrowed when there is nothing to change.
pub fn strip(html: &str) -> (Cow<'_, str>, Trimmed) {
    let b = html.as_bytes();
    let mut out = String::new();
    let mut trimmed = Trimmed::default();
    let mut depth = 0usize;
    let mut last = 0;
    let mut i = 0;
    while let Some(p) = find_byte(b, i, b'<') {
        let rest = &b[p + 1..];
        if rest.starts_with(b"!--") {
            // `<!-->` and `<!--->` are complete (empty) comments.
            let end = if rest[3..].starts_with(b">") {
                Some(p + 5)
            } else if rest[3..].starts_with(b"->") {
                Some(p + 6)
            } else {
                find_from(b, p + 4, b"-->").map(|e| e + 3)
            };
            let Some(end) = end else { break };
            out.push_str(&html[last..p]);
            last = end;
            i = end;
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = p + 1 + usize::from(closing);
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = p + 1;
            continue;
        }
        let ne = name_end(b, name_start);
        let name = &b[name_start..ne];
        let Some(tag) = scan_tag(b, ne) else {
            // The page ends inside this tag: the parser would drop it, after scanning every
            // attribute it holds.
            out.push_str(&html[last..p]);
            last = html.len();
            break;
        };
        let counted = !is_one_of(name, VOID)
            && !is_one_of(name, OPTIONAL_END)
            && !is_one_of(name, TEXT_ONLY)
            && !is_one_of(name, RAW);
        // Drop a tag nested too deep; cut a crowded tag to its first attributes.
        let cut = |from: usize, keep_close: bool, out: &mut String, last: &mut usize| {
            out.push_str(&html[*last..from]);
            if keep_close {
                out.push('>');
            }
            *last = tag.end;
        };
        if closing {
            if counted {
                if depth > MAX_DEPTH {
                    cut(p, false, &mut out, &mut last);
                    trimmed.tags_flattened += 1;
                } else if let Some(c) = tag.cut {
                    cut(c, true, &mut out, &mut last);
                }
                depth = depth.saturating_sub(1);
            } else if let Some(c) = tag.cut {
                cut(c, true, &mut out, &mut last);
            }
            i = tag.end;
            continue;
        }
        if counted {
            depth += 1;
            if depth > MAX_DEPTH {
                cut(p, false, &mut out, &mut last);
                trimmed.tags_flattened += 1;
                i = tag.end;
                continue;
            }
        }
        if let Some(c) = tag.cut {
            cut(c, true, &mut out, &mut last);
            trimmed.crowded_tags += 1;
            trimmed.attrs_cut += tag.attrs - MAX_ATTRS;
        }
        let open_end = tag.end;
        if let Some(text_only) = TEXT_ONLY.iter().find(|t| name.eq_ignore_ascii_case(t)) {
            // Its content is text, not tags: resume after its end tag.
            let Some(close) = close_tag(html, open_end, text_only) else {
                break;
            };
            i = close + 2;
            continue;
        }
        let Some(raw) = RAW.iter().find(|r| name.eq_ignore_ascii_case(r)) else {
            i = open_end;
            continue;
        };
        let Some(close) = close_tag(html, open_end, raw) else {
            break;
        };
        let open = &b[p..open_end];
        let keep = *raw == b"script" && open.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"));
        if !keep && close > open_end {
            out.push_str(&html[last..open_end]);
            last = close;
        }
        i = close + 2;
    }
    if last == 0 {
        return (Cow::Borrowed(html), trimmed);
    }
    out.push_str(html.get(last..).unwrap_or(""));
    (Cow::Owned(out), trimmed)
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn drops_script_style_svg_bodies_and_comments() {
        let html = "<p>a<!-- x <p>no</p> --></p><script>var s = '<p>no</p>';</script>\
                    <STYLE type=\"text/css\">p{}</STYLE><svg><title>no</title></svg><p>b</p>";
        assert_eq!(
            strip(html).0,
            "<p>a</p><script></script><STYLE type=\"text/css\"></STYLE><svg></svg><p>b</p>"
        );
    }

    #[test]
    fn keeps_json_ld_and_quoted_brackets() {
        let html = r#"<script type="application/ld+json">{"a":"<b>"}</script><script data-x="a>b">x</script>"#;
        assert_eq!(
            strip(html).0,
            r#"<script type="application/ld+json">{"a":"<b>"}</script><script data-x="a>b"></script>"#
        );
    }

    #[test]
    fn unterminated_constructs_leave_the_rest() {
        assert_eq!(strip("<p>a</p><script>var x").0, "<p>a</p><script>var x");
        assert_eq!(strip("<p>a<!-- open").0, "<p>a<!-- open");
        assert_eq!(strip("<p>a<!--> b").0, "<p>a b");
        assert_eq!(strip("<scripts>x</scripts>").0, "<scripts>x</scripts>");
        assert_eq!(strip("<p>a</p><div class=\"x").0, "<p>a</p>");
        assert_eq!(strip("ü<style>é</style>ö").0, "ü<style></style>ö");
    }
}
