//! HTML character references left in metadata values: JSON-LD strings and attributes that a
//! publisher escaped twice (`&amp;#8217;`) reach us with the reference still in them.
//! Numeric references and the common named ones are decoded; anything else is left as is.

const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("quot", "\""),
    ("apos", "'"),
    ("lt", "<"),
    ("gt", ">"),
    ("nbsp", " "),
    ("ndash", "–"),
    ("mdash", "—"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("hellip", "…"),
    ("bull", "•"),
    ("middot", "·"),
    ("reg", "®"),
    ("copy", "©"),
    ("trade", "™"),
];

/// Decodes character references; runs twice so that `&amp;#8217;` becomes `’`.
pub fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let once = decode_once(s);
    if once.contains('&') {
        decode_once(&once)
    } else {
        once
    }
}

fn decode_once(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after
            .char_indices()
            .take(10)
            .find(|(_, c)| *c == ';')
            .map(|(j, _)| j);
        let decoded = end.and_then(|j| reference(&after[..j]).map(|d| (d, j)));
        match decoded {
            Some((d, j)) => {
                out.push_str(&d);
                rest = &after[j + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        let c = char::from_u32(code)?;
        return Some(if c == '\u{a0}' { ' ' } else { c }.to_string());
    }
    NAMED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn numeric_named_and_double_escaped_references_decode() {
        assert_eq!(decode("Rock &#8211; Roll"), "Rock – Roll");
        assert_eq!(decode("It&#x27;s here"), "It's here");
        assert_eq!(decode("Fish &amp;amp; Chips"), "Fish & Chips");
        assert_eq!(decode("Wait&amp;#8230;"), "Wait…");
        assert_eq!(decode("A &bull; B &reg;"), "A • B ®");
        assert_eq!(decode("AT&T & more &unknown;"), "AT&T & more &unknown;");
    }
}
