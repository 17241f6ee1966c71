//! The article's title: chosen among the headline sources (JSON-LD `headline`, `og:title`,
//! other meta titles, `<title>`) and checked against the visible `<h1>`.
//!
//! Each source first loses the separator-delimited segments (" | ", " - ", " — ", ...) that
//! name the site: a segment equal to the publisher or `og:site_name`, made of the domain's
//! words, or repeated at the same end of several sources that otherwise differ. Then:
//! 1. a visible `<h1>` that agrees with a source (the source is the h1, the h1 plus a tagline,
//!    or they share most words) wins: it is the headline as the reader sees it, less a date
//!    written before or after it in the same element;
//! 2. otherwise the page's only h1, when it is headline-sized (four words or more), wins:
//!    meta titles are often written for search results rather than readers;
//! 3. otherwise the most trusted cleaned source wins;
//! 4. a lone `<h1>` is used when there is no other source.

/// Separators between a headline and the site name or a tagline, in `<title>`s.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ", " / ", " ~ ",
];

/// Lower-cased letters and digits only: how two titles are compared.
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The segments of a title between separators, in order.
fn segments(t: &str) -> Vec<&str> {
    let mut parts = vec![t];
    for sep in SEPARATORS {
        parts = parts
            .into_iter()
            .flat_map(|p| p.split(sep))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
    }
    parts
}

/// The words a site is known by: its names and the labels of its host name
/// (`www.talk-news.co.uk` gives "talknews", "talk", "news").
pub fn site_words(sites: &[String], url: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = sites.iter().map(|s| norm(s)).collect();
    if let Some(host) = url
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    {
        let labels: Vec<&str> = host.split('.').collect();
        // Drop "www" and the public suffix (the last label, and a short second-level one).
        let mut keep: Vec<&str> = labels
            .iter()
            .copied()
            .filter(|l| *l != "www" && !l.is_empty())
            .collect();
        if keep.len() > 1 {
            keep.pop();
        }
        if keep.len() > 1 && keep.last().is_some_and(|l| l.len() <= 3) {
            keep.pop();
        }
        out.push(norm(&host));
        if let Some(main) = keep.last() {
            out.push(norm(main));
            out.push(norm(&format!("{main}.{}", labels.last().unwrap_or(&""))));
            out.extend(main.split('-').filter(|w| w.len() > 2).map(norm));
        }
    }
    out.retain(|w| w.len() > 1);
    out.sort();
    out.dedup();
    out
}

/// Whether a title segment is the site's name rather than part of the headline.
fn is_site_segment(seg: &str, site: &[String]) -> bool {
    let n = norm(seg);
    !n.is_empty()
        && site.iter().any(|w| {
            n == *w
                || (w.len() >= 4 && n.starts_with(w.as_str()) && n.len() <= w.len() + 6)
                || (n.len() >= 4
                    && w.starts_with(n.as_str())
                    && seg.split_whitespace().count() <= 3)
        })
}

/// Whether a whole value is exactly one of the site's names.
pub fn is_site_name(s: &str, site: &[String]) -> bool {
    let n = norm(s);
    !n.is_empty() && site.contains(&n)
}

/// Removes site-name segments from the ends of a title; keeps the title whole when every
/// segment looks like the site.
pub fn strip_site(title: &str, site: &[String], repeated: &[String]) -> String {
    let title = strip_domain_token(title, site);
    let title = title.as_str();
    let segs = segments(title);
    if segs.len() < 2 {
        return title.trim().to_string();
    }
    let drop = |s: &str| is_site_segment(s, site) || repeated.iter().any(|r| *r == norm(s));
    let mut lo = 0;
    let mut hi = segs.len();
    while hi - lo > 1 && drop(segs[hi - 1]) {
        hi -= 1;
    }
    while hi - lo > 1 && drop(segs[lo]) {
        lo += 1;
    }
    if lo == 0 && hi == segs.len() {
        return title.trim().to_string();
    }
    // Cut the original string so that separators inside the kept part stay as written.
    let first = segs[lo];
    let last = segs[hi - 1];
    let start = title.find(first).unwrap_or(0);
    let end = title[start..]
        .rfind(last)
        .map(|i| start + i + last.len())
        .unwrap_or(title.len());
    title[start..end].trim().to_string()
}

/// The heading without a date at its start or end ("Dec 18 2025 Headline").
fn without_date(h: &str) -> String {
    let now = chrono::Utc::now();
    let found = super::dates::find_all(h, now);
    let trim = |s: &str| {
        s.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | ':' | '·' | ',')
        })
        .to_string()
    };
    for f in &found {
        let (before, after) = (&h[..f.at], &h[f.at + f.len..]);
        if trim(before).is_empty() && !trim(after).is_empty() {
            return trim(after);
        }
        if trim(after).is_empty() && !trim(before).is_empty() {
            return trim(before);
        }
    }
    h.to_string()
}

/// Drops a first or last word that is the site's domain name ("example.com Headline").
fn strip_domain_token(title: &str, site: &[String]) -> String {
    let words: Vec<&str> = title.split_whitespace().collect();
    let domainish = |w: &str| w.contains('.') && w.len() > 4 && site.contains(&norm(w));
    let mut w = &words[..];
    if w.len() > 2 && w.first().is_some_and(|x| domainish(x)) {
        w = &w[1..];
    }
    if w.len() > 2 && w.last().is_some_and(|x| domainish(x)) {
        w = &w[..w.len() - 1];
    }
    if w.len() == words.len() {
        title.to_string()
    } else {
        w.join(" ")
    }
}

/// Last segments that several differing sources share: the site's tail.
fn repeated_ends(sources: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in sources.iter().enumerate() {
        for b in &sources[i + 1..] {
            let (sa, sb) = (segments(a), segments(b));
            if sa.len() < 2 || sb.len() < 2 || norm(a) == norm(b) {
                continue;
            }
            if let (Some(x), Some(y)) = (sa.last(), sb.last()) {
                if norm(x) == norm(y) {
                    out.push(norm(x));
                }
            }
        }
    }
    out
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether the visible heading and a source name the same article.
fn agrees(h1: &str, source: &str) -> bool {
    let (nh, ns) = (norm(h1), norm(source));
    if nh.is_empty() || ns.is_empty() {
        return false;
    }
    if nh == ns || segments(source).iter().any(|s| norm(s) == nh) {
        return true;
    }
    // The source is the h1 plus a tagline ("Headline: the tagline"), or the reverse.
    if nh.len() >= 12 && (ns.starts_with(&nh) || nh.starts_with(&ns)) {
        return true;
    }
    let (wh, ws) = (words(h1), words(source));
    if wh.len() < 3 || ws.len() < 3 {
        return false;
    }
    let shared = wh.iter().filter(|w| ws.contains(w)).count();
    shared * 10 >= wh.len() * 6 && shared * 10 >= ws.len() * 4
}

/// Chooses the title. `sources` are the headline candidates, most trusted first; `h1s` the
/// page's visible first-level headings in order; `site` the site's words ([`site_words`]).
pub fn choose(sources: &[String], h1s: &[String], site: &[String]) -> Option<String> {
    let only_h1 = h1s.len() == 1;
    let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
    let repeated = repeated_ends(&refs);
    let cleaned: Vec<String> = sources
        .iter()
        .map(|s| strip_site(s, site, &repeated))
        .filter(|s| !norm(s).is_empty() && !is_site_name(s, site))
        .collect();
    let h1s: Vec<String> = h1s
        .iter()
        .map(|h| strip_site(&without_date(h), site, &repeated))
        .filter(|h| !norm(h).is_empty() && !is_site_name(h, site))
        .collect();
    // An h1 that is a cleaned source outright, or its first segment (headline first is the
    // common order), comes first: a page's other h1s may be the site's or a section's name
    // that the `<title>` also carries. Then one that agrees with a source.
    let first_segment = |c: &String| segments(c).first().map(|f| norm(f));
    if let Some(h) = h1s.iter().find(|h| {
        cleaned
            .iter()
            .any(|c| norm(c) == norm(h) || first_segment(c) == Some(norm(h)))
    }) {
        return Some(h.clone());
    }
    for h in &h1s {
        if sources.iter().chain(&cleaned).any(|s| agrees(h, s)) {
            return Some(h.clone());
        }
    }
    // A lone headline-sized h1 is the headline even when the meta titles say otherwise
    // (they are often written for search results).
    if let (true, [h]) = (only_h1, h1s.as_slice()) {
        if h.split_whitespace().count() >= 4 && h.chars().count() <= 200 {
            return Some(h.clone());
        }
    }
    cleaned
        .into_iter()
        .next()
        .or_else(|| h1s.first().cloned())
        .or_else(|| sources.first().cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(names: &[&str], url: &str) -> Vec<String> {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        site_words(&names, Some(url))
    }

    #[test]
    fn site_segments_leave_the_title_whatever_the_separator() {
        let s = site(&["The Daily Ledger"], "https://www.dailyledger.example/x");
        assert_eq!(
            strip_site("Rates fall again | The Daily Ledger", &s, &[]),
            "Rates fall again"
        );
        assert_eq!(
            strip_site("Daily Ledger – Rates fall again", &s, &[]),
            "Rates fall again"
        );
        // Domain words alone mark the site, with no og:site_name.
        let s = site(&[], "https://news.pinecrest-times.example/a/1");
        assert_eq!(
            strip_site("Mayor resigns - Pinecrest Times", &s, &[]),
            "Mayor resigns"
        );
        // A dash inside the headline stays.
        assert_eq!(
            strip_site("Mayor resigns - then returns - Pinecrest Times", &s, &[]),
            "Mayor resigns - then returns"
        );
    }

    #[test]
    fn a_tail_repeated_across_sources_is_the_site() {
        let sources = vec![
            "Ten ways to save | Blog | Harbor Homes".to_string(),
            "Saving at home | Harbor Homes".to_string(),
        ];
        let t = choose(&sources, &[], &site(&[], "https://hh.example/"));
        assert_eq!(t.as_deref(), Some("Ten ways to save | Blog"));
    }

    #[test]
    fn the_visible_heading_wins_over_a_title_with_a_tagline() {
        let s = site(&[], "https://shop.example/");
        let sources = vec!["How to fix a bike: a beginner's guide".to_string()];
        let h1 = vec!["How to fix a bike (without tears)".to_string()];
        assert_eq!(
            choose(&sources, &h1, &s).as_deref(),
            Some("How to fix a bike (without tears)")
        );
        // Of two h1s, the one the cleaned title names.
        let sources = vec!["Borrowing - The Crab Book".to_string()];
        let h1 = vec!["The Crab Book".to_string(), "Borrowing".to_string()];
        assert_eq!(choose(&sources, &h1, &s).as_deref(), Some("Borrowing"));
        // An h1 that is only the logo does not.
        let sources = vec!["How to fix a bike: a beginner's guide".to_string()];
        let h1 = vec!["Shop".to_string(), "Nothing in common here".to_string()];
        assert_eq!(
            choose(&sources, &h1, &s).as_deref(),
            Some("How to fix a bike: a beginner's guide")
        );
    }

    #[test]
    fn a_date_written_in_the_heading_is_not_part_of_the_title() {
        let s = site(&[], "https://notes.example/");
        let sources = vec!["Moving the build to a new runner".to_string()];
        let h1 = vec!["Mar 3 2026 Moving the build to a new runner".to_string()];
        assert_eq!(
            choose(&sources, &h1, &s).as_deref(),
            Some("Moving the build to a new runner")
        );
        let s = site(&[], "https://jo.example/");
        let sources = vec!["jo.example Notes on tea".to_string()];
        assert_eq!(choose(&sources, &[], &s).as_deref(), Some("Notes on tea"));
    }

    #[test]
    fn a_title_that_is_only_the_site_name_gives_way() {
        let s = site(&["Corner Press"], "https://cornerpress.example/");
        let sources = vec!["Corner Press".to_string()];
        let h1 = vec!["Bridge opens after ten years".to_string()];
        assert_eq!(
            choose(&sources, &h1, &s).as_deref(),
            Some("Bridge opens after ten years")
        );
    }
}
