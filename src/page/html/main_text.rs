//! Main-text selection: drops furniture subtrees (unless they hold most of the page's
//! paragraph text), scores block containers readability-style (text runs, commas, link
//! density, class words), picks the best container, widens it to a common ancestor when
//! several strong candidates share one, and adds qualifying siblings. Rendering is in
//! [`super::render`].

use super::dom::Dom;
use super::patterns;

/// Per-node state derived from the DOM for selection and rendering.
pub struct Live {
    /// Removed with its subtree.
    pub dead: Vec<bool>,
    /// Text characters not inside a dead subtree.
    pub text: Vec<usize>,
    /// Link text characters not inside a dead subtree.
    pub link: Vec<usize>,
    pub content: Content,
}

impl Live {
    /// Share of link text; for a listing's items (teasers are links) it counts half.
    pub fn link_density(&self, i: usize) -> f64 {
        if self.text[i] == 0 {
            0.0
        } else {
            let d = self.link[i] as f64 / self.text[i] as f64;
            match self.content {
                Content::Prose | Content::Items => d,
                Content::Links => d * 0.5,
            }
        }
    }
}

/// What the page's main content is made of: an article's prose, or the items of a page that
/// is not an article (a listing's teasers, a thread's posts, a product's sections), which are
/// its content rather than furniture around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Prose,
    Items,
    /// Items that are mostly links (a listing's teasers): link text counts half.
    Links,
}

/// Marks furniture subtrees dead and sums live text bottom-up.
pub fn liveness(dom: &Dom, content: Content) -> Live {
    let n = dom.nodes.len();
    let total_p = dom.nodes[dom.body].p_len.max(1);
    let own = |i: usize| dom.nodes[i].text_len.saturating_sub(dom.nodes[i].link_len);
    let total_own = own(dom.body).max(1);
    let mut dead = vec![false; n];
    for i in 1..n {
        let node = &dom.nodes[i];
        let parent_dead = node.parent.is_some_and(|p| dead[p]);
        let protected = (node.p_len * 2 > total_p
            || own(i) * 2 > total_own
            || (node.tag == "form" && own(i) > 400)
            || (node.soft_junk && holds_prose(node)))
            && (content != Content::Prose || !patterns::names_comments(&node.ci))
            && !node.dialog;
        let listing = content == Content::Prose && i != dom.body && is_listing(dom, i);
        dead[i] = parent_dead || (node.junk && !protected) || listing;
    }
    let mut text = vec![0usize; n];
    let mut link = vec![0usize; n];
    for i in (1..n).rev() {
        let node = &dom.nodes[i];
        if node.text.is_some() && !dead[i] {
            text[i] = node.text_len;
            link[i] = node.link_len;
        }
        if let Some(p) = node.parent {
            if !dead[i] {
                text[p] += text[i];
                link[p] += link[i];
            }
        }
    }
    Live {
        dead,
        text,
        link,
        content,
    }
}

/// Paragraph text of an article's size with few links: what a layout part must hold for its
/// weak furniture class word to be overruled (a builder's "widget" around the body's sections).
fn holds_prose(node: &super::dom::DNode) -> bool {
    node.p_len >= 400 && node.link_len * 4 < node.text_len
}

/// A box of other articles: several `<article>` children that are mostly teasers (short, or
/// mostly link text), or a first heading that says (by its class) that what follows is related
/// or recommended reading. Several `<article>` children of prose are posts of one thread.
fn is_listing(dom: &Dom, i: usize) -> bool {
    let node = &dom.nodes[i];
    if node.el.is_none() || node.text_len == 0 {
        return false;
    }
    let (mut articles, mut teasers) = (0, 0);
    let mut first = true;
    for &c in &node.children {
        let cn = &dom.nodes[c];
        if cn.el.is_none() {
            continue;
        }
        let heading = matches!(cn.tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if first && heading && cn.junk && patterns::is_related_class(&cn.ci) {
            return true;
        }
        first = false;
        if cn.tag == "article" {
            articles += 1;
            if cn.text_len < 80 || cn.link_len * 2 > cn.text_len {
                teasers += 1;
            }
        }
    }
    articles >= 3 && teasers * 2 >= articles
}

fn is_p_like(dom: &Dom, i: usize) -> bool {
    let n = &dom.nodes[i];
    match n.tag {
        "p" | "pre" | "td" | "blockquote" | "li" | "dd" => true,
        "div" | "section" | "article" | "main" | "center" | "font" | "span" => !n.has_block_child,
        _ => false,
    }
}

fn base_score(tag: &str) -> f64 {
    match tag {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Chooses the nodes whose rendering is the main text, in document order.
pub fn select(dom: &Dom, live: &Live) -> Vec<usize> {
    let n = dom.nodes.len();
    let mut score = vec![0.0f64; n];
    let mut scored = vec![false; n];
    for i in 1..n {
        let node = &dom.nodes[i];
        if node.el.is_none() || live.dead[i] || node.inline_len < 25 {
            continue;
        }
        let content = 1.0 + node.inline_commas as f64 + (node.inline_len as f64 / 100.0).min(3.0);
        let start = if is_p_like(dom, i) {
            node.parent
        } else {
            Some(i)
        };
        let mut cur = start;
        let mut level = 0;
        while let Some(c) = cur {
            if c == 0 || level > 4 {
                break;
            }
            if !scored[c] {
                scored[c] = true;
                score[c] = base_score(dom.nodes[c].tag) + dom.nodes[c].weight;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            score[c] += content / div;
            cur = dom.nodes[c].parent;
            level += 1;
        }
    }
    let mut cands: Vec<(usize, f64)> = (0..n)
        .filter(|&i| scored[i] && !live.dead[i])
        .map(|i| (i, score[i] * (1.0 - live.link_density(i))))
        .collect();
    if cands.is_empty() {
        return vec![dom.body];
    }
    cands.sort_by(|a, b| b.1.total_cmp(&a.1));
    if *super::debug::ON {
        for &(c, sc) in cands.iter().take(8) {
            let n = &dom.nodes[c];
            eprintln!(
                "cand {c} <{} {:?}> score={sc:.1} raw={:.1}",
                n.tag, n.ci, score[c]
            );
        }
    }
    let final_score = |i: usize| score[i] * (1.0 - live.link_density(i));
    let (mut top, top_score) = cands[0];

    // Several strong candidates under one ancestor: take the ancestor.
    let alts: Vec<usize> = cands
        .iter()
        .skip(1)
        .take(4)
        .filter(|c| c.1 >= 0.75 * top_score)
        .map(|c| c.0)
        .collect();
    if alts.len() >= 2 {
        let mut anc = dom.nodes[top].parent;
        while let Some(a) = anc {
            if a == dom.body || a == 0 {
                break;
            }
            let inside = alts.iter().filter(|&&x| is_ancestor(dom, a, x)).count();
            if inside >= 2 {
                top = a;
                break;
            }
            anc = dom.nodes[a].parent;
        }
    }
    // Climb while the parent scores higher (but not to an ancestor that only collects
    // a little score from far-away text, such as a page wrapper over a footer).
    let mut last = final_score(top);
    let floor = last / 3.0;
    let mut anc = dom.nodes[top].parent;
    while let Some(a) = anc {
        if a == dom.body || a == 0 {
            break;
        }
        if scored[a] {
            let s = final_score(a);
            if s < last / 3.0 {
                break;
            }
            if s > last && s >= floor {
                top = a;
                break;
            }
            last = s;
        }
        anc = dom.nodes[a].parent;
    }
    // Only child: its parent holds the same content plus nothing else.
    while let Some(p) = dom.nodes[top].parent {
        if p == dom.body || p == 0 || live.dead[p] {
            break;
        }
        if live.text[p] != live.text[top] {
            break;
        }
        top = p;
    }

    let top_final = final_score(top);
    let Some(parent) = dom.nodes[top].parent else {
        return vec![top];
    };
    let best = cands[0].0;
    let threshold = (top_final * 0.2).max(10.0);
    let mut out = Vec::new();
    for &s in &dom.nodes[parent].children {
        if s == top {
            out.push(s);
            continue;
        }
        let sn = &dom.nodes[s];
        if sn.el.is_none() || live.dead[s] || live.text[s] == 0 {
            continue;
        }
        let mut bonus = 0.0;
        if !sn.ci.is_empty() && sn.ci == dom.nodes[top].ci {
            bonus = top_final * 0.2;
        }
        if scored[s] && final_score(s) + bonus >= threshold {
            out.push(s);
            continue;
        }
        if sn.tag == "p" {
            let len = live.text[s];
            let ld = live.link_density(s);
            if len > 80 && ld < 0.25 {
                out.push(s);
            } else if len > 0 && len <= 80 && ld == 0.0 {
                let t = dom.plain_text(s);
                if t.ends_with('.') || t.contains(". ") {
                    out.push(s);
                }
            }
        }
    }
    add_split_parts(dom, &cands, best, &mut out);
    out
}

/// An article split into parts (around an inline promo, a video, a paywall teaser): other
/// strong candidates with the best candidate's own class, outside what is already chosen,
/// are added in document order.
fn add_split_parts(dom: &Dom, cands: &[(usize, f64)], best: usize, out: &mut Vec<usize>) {
    let ci = &dom.nodes[best].ci;
    let Some(&(_, best_score)) = cands.first() else {
        return;
    };
    if ci.is_empty() {
        return;
    }
    let before = out.len();
    for &(c, sc) in cands.iter().skip(1) {
        if sc < 0.3 * best_score {
            break;
        }
        if dom.nodes[c].ci != *ci {
            continue;
        }
        let overlaps = out
            .iter()
            .any(|&o| o == c || is_ancestor(dom, o, c) || is_ancestor(dom, c, o));
        if !overlaps {
            out.push(c);
        }
    }
    if out.len() > before {
        out.sort_unstable();
    }
}

fn is_ancestor(dom: &Dom, a: usize, mut x: usize) -> bool {
    while let Some(p) = dom.nodes[x].parent {
        if p == a {
            return true;
        }
        x = p;
    }
    false
}
