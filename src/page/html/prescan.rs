//! A byte-level pass before parsing that empties what extraction never reads: the bodies of
//! `<script>` (except JSON-LD), `<style>` and `<svg>` elements, and comments. On news pages
//! these are over half the bytes, and html5ever tokenises every one of them; a `memchr`-speed
//! scan that copies the rest is much cheaper. Tags themselves are kept, so the parsed tree
//! has the same elements, only without their raw text.

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

/// The end (exclusive, just past `>`) of the tag starting at `start`, honouring quotes.
fn tag_end(b: &[u8], start: usize) -> Option<usize> {
    let mut quote = None;
    for (k, &c) in b.iter().enumerate().skip(start + 1) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some(k + 1),
            None => {}
        }
    }
    None
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

/// The page with raw-text bodies and comments removed; borrowed when there is nothing to drop.
pub fn strip(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut out = String::new();
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
        let raw = RAW.iter().find(|name| {
            starts_with_ci(rest, name)
                && rest
                    .get(name.len())
                    .is_some_and(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace())
        });
        let Some(name) = raw else {
            i = p + 1;
            continue;
        };
        let Some(open_end) = tag_end(b, p) else { break };
        let Some(close) = close_tag(html, open_end, name) else {
            break;
        };
        let open = &b[p..open_end];
        let keep =
            *name == b"script" && open.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"));
        if !keep && close > open_end {
            out.push_str(&html[last..open_end]);
            last = close;
        }
        i = close + 2;
    }
    if last == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn drops_script_style_svg_bodies_and_comments() {
        let html = "<p>a<!-- x <p>no</p> --></p><script>var s = '<p>no</p>';</script>\
                    <STYLE type=\"text/css\">p{}</STYLE><svg><title>no</title></svg><p>b</p>";
        assert_eq!(
            strip(html),
            "<p>a</p><script></script><STYLE type=\"text/css\"></STYLE><svg></svg><p>b</p>"
        );
    }

    #[test]
    fn keeps_json_ld_and_quoted_brackets() {
        let html = r#"<script type="application/ld+json">{"a":"<b>"}</script><script data-x="a>b">x</script>"#;
        assert_eq!(
            strip(html),
            r#"<script type="application/ld+json">{"a":"<b>"}</script><script data-x="a>b"></script>"#
        );
    }

    #[test]
    fn unterminated_constructs_leave_the_rest() {
        assert_eq!(strip("<p>a</p><script>var x"), "<p>a</p><script>var x");
        assert_eq!(strip("<p>a<!-- open"), "<p>a<!-- open");
        assert_eq!(strip("<p>a<!--> b"), "<p>a b");
        assert_eq!(strip("<scripts>x</scripts>"), "<scripts>x</scripts>");
        assert_eq!(strip("ü<style>é</style>ö"), "ü<style></style>ö");
    }
}
