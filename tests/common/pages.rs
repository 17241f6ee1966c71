//! Small article pages written for these tests (no third-party text), in several charsets.

/// A realistic article page of well over 60 words; `n` makes each one's text distinct.
pub fn article(n: usize) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour Ledger fund adds {n} bitcoin as outflows slow</title>
<meta property="og:site_name" content="Test Wire">
</head><body>
<header><nav><a href="/">Home</a> <a href="/markets">Markets</a></nav></header>
<article>
<h1>Harbour Ledger fund adds {n} bitcoin as outflows slow</h1>
<p class="byline">By Ada Example, March 3, 2025</p>
<p>The Harbour Ledger digital asset fund said on Monday that it bought {n} bitcoin over the
past week, its largest weekly purchase since the autumn, as withdrawals from the product slowed
to their lowest level in two months.</p>
<p>Bitcoin traded near $84,{n:03} during the European morning, little changed on the day,
while ether slipped 1.2% to $2,150. Analysts at the fund said demand from pension clients had
steadied after a volatile February.</p>
<p>"We see long-term holders adding on weakness," the fund's chief investment officer told
reporters, adding that the firm expected regulatory clarity in the second half of the year to
support further inflows into exchange-traded products.</p>
<p>The fund now holds roughly {n}1,200 coins, according to its latest filing, and manages about
$9.8 billion in client assets across four strategies.</p>
</article>
<footer>Copyright Test Wire. All rights reserved.</footer>
</body></html>"#
    )
}

/// An article page whose body holds `extra` (non-ASCII) text, declaring `charset` only in a
/// `<meta>` tag, encoded in that charset.
pub fn article_in(charset: &str, extra: &str) -> Vec<u8> {
    let page = article(7).replace(
        "<meta charset=\"utf-8\">",
        &format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">"),
    );
    let page = page.replace(
        "<p>The fund now holds",
        &format!("<p>{extra}</p>\n<p>The fund now holds"),
    );
    let enc = encoding_rs::Encoding::for_label(charset.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    enc.encode(&page).0.into_owned()
}
