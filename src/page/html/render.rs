//! Rendering of the chosen containers to plain text: block elements become paragraphs,
//! headings, list items and table rows become their own lines, inline whitespace is
//! collapsed. Furniture inside the container is cleaned on the way: dead subtrees, link
//! lists, link-heavy boxes and blocks whose whole text is a furniture label.

use super::dom::{is_block, Dom};
use super::main_text::Live;
use super::patterns;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Para,
    Heading,
    Line,
}

struct Out {
    blocks: Vec<(Kind, String)>,
    cur: String,
    space: bool,
    kind: Kind,
}

impl Out {
    fn push_text(&mut self, t: &str) {
        if t.starts_with(char::is_whitespace) {
            self.space = true;
        }
        let mut any = false;
        for w in t.split_whitespace() {
            if (any || self.space) && !self.cur.is_empty() {
                self.cur.push(' ');
            }
            self.cur.push_str(w);
            any = true;
        }
        if any {
            self.space = t.ends_with(char::is_whitespace);
        }
    }

    fn flush(&mut self) {
        let t = self.cur.trim();
        if !t.is_empty() && !patterns::is_furniture_text(t) {
            self.blocks.push((self.kind, t.to_string()));
        }
        self.cur.clear();
        self.space = false;
        self.kind = Kind::Para;
    }
}

/// Whether a container inside the main text is furniture by its content shape.
pub fn drop_container(dom: &Dom, live: &Live, i: usize) -> bool {
    let n = &dom.nodes[i];
    let text = live.text[i];
    if text == 0 {
        return false;
    }
    let ld = live.link_density(i);
    let weight = n.weight;
    if n.commas >= 10 && ld < 0.5 && n.tag != "ul" && n.tag != "ol" {
        return false;
    }
    match n.tag {
        "ul" | "ol" | "dl" => {
            let items = n
                .children
                .iter()
                .filter(|&&c| matches!(dom.nodes[c].tag, "li" | "dt" | "dd"))
                .count()
                .max(1);
            let own = live.text[i].saturating_sub(live.link[i]);
            ld > 0.6 || (ld > 0.4 && own / items < 40)
        }
        "p" => text < 200 && ld > 0.7,
        "li" => false,
        "div" | "section" | "table" | "figure" | "span" | "center" | "article" => {
            if weight < 0.0 && ld > 0.2 {
                return true;
            }
            (ld > 0.33 && weight < 25.0) || ld > 0.6
        }
        _ => false,
    }
}

/// A rendered block: paragraph, heading or line (list item, table row).
pub type Blocks = Vec<(Kind, String)>;

/// Renders the given roots (in document order) to blocks.
pub fn render(dom: &Dom, live: &Live, roots: &[usize]) -> Blocks {
    let mut out = Out {
        blocks: Vec::new(),
        cur: String::new(),
        space: false,
        kind: Kind::Para,
    };
    // Stack of (node, entering?).
    let mut stack: Vec<(usize, bool)> = Vec::new();
    for &r in roots {
        stack.push((r, true));
        while let Some((i, enter)) = stack.pop() {
            let n = &dom.nodes[i];
            if let Some(t) = n.text {
                out.push_text(t);
                continue;
            }
            if !enter {
                match n.tag {
                    "td" | "th" => out.space = true,
                    t if is_block(t) => out.flush(),
                    _ => {}
                }
                continue;
            }
            if live.dead[i] || (i != r && drop_container(dom, live, i)) {
                continue;
            }
            match n.tag {
                "br" => {
                    out.flush();
                    continue;
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    out.flush();
                    out.kind = Kind::Heading;
                }
                "li" | "tr" | "dt" | "dd" => {
                    out.flush();
                    out.kind = Kind::Line;
                }
                "td" | "th" => out.space = true,
                t if is_block(t) => out.flush(),
                _ => {}
            }
            stack.push((i, false));
            for &c in n.children.iter().rev() {
                stack.push((c, true));
            }
        }
        out.flush();
    }
    out.blocks
}

fn join(blocks: &[(Kind, String)]) -> String {
    let mut s = String::new();
    let mut prev: Option<Kind> = None;
    for (k, t) in blocks {
        if let Some(p) = prev {
            if p == Kind::Line && *k == Kind::Line {
                s.push('\n');
            } else {
                s.push_str("\n\n");
            }
        }
        s.push_str(t);
        prev = Some(*k);
    }
    s
}

/// What the page's metadata says, for tidying the rendered text.
#[derive(Default)]
pub struct Context<'a> {
    /// Title candidates: repeated at the top of the text, they are dropped.
    pub titles: Vec<&'a str>,
    /// Subtitle candidates: dropped at the top when rendered as a heading.
    pub subtitles: Vec<&'a str>,
    pub authors: &'a [String],
}

impl<'a> Context<'a> {
    /// The context of an article whose metadata has been read: its title and subtitle
    /// candidates (the chosen title too) and its authors.
    pub fn of(article: &'a crate::page::Article) -> Self {
        let pick = |field: &str| -> Vec<&'a str> {
            article
                .candidates
                .iter()
                .filter(|c| c.field == field)
                .map(|c| c.value.as_str())
                .collect()
        };
        let mut titles = pick("title");
        titles.extend(article.title.as_deref());
        Context {
            titles,
            subtitles: pick("subtitle"),
            authors: &article.authors,
        }
    }
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes leading paragraphs that repeat the title or subtitle, teaser, sign-up and date
/// lines, an author box at the end, and trailing headings with nothing under them.
pub fn tidy(blocks: Blocks, ctx: &Context) -> String {
    let prep =
        |v: &[&str]| -> Vec<String> { v.iter().map(|h| norm(h)).filter(|h| h.len() > 3).collect() };
    let (titles, subs) = (prep(&ctx.titles), prep(&ctx.subtitles));
    let mut blocks: Vec<(Kind, String)> = blocks
        .into_iter()
        .filter(|(_, p)| !patterns::is_teaser_text(p))
        .collect();
    let mut k = 0;
    while k < blocks.len().min(6) {
        let f = norm(&blocks[k].1);
        let is_header = f.is_empty()
            || titles.contains(&f)
            || (blocks[k].0 == Kind::Heading && subs.contains(&f));
        if is_header {
            blocks.remove(k);
        } else {
            k += 1;
        }
    }
    // An author box: the author's name alone near the end, then a bio.
    let n = blocks.len();
    if n > 3 {
        let names: Vec<String> = ctx.authors.iter().map(|a| norm(a)).collect();
        if let Some(p) = (n.saturating_sub(3)..n).find(|&i| names.contains(&norm(&blocks[i].1))) {
            blocks.truncate(p);
        }
    }
    while let Some((kind, last)) = blocks.last() {
        let l = last.trim();
        let dangling = *kind == Kind::Heading && blocks.len() > 3;
        if l.is_empty() || patterns::is_furniture_text(l) || dangling {
            blocks.pop();
        } else {
            break;
        }
    }
    join(&blocks)
}
