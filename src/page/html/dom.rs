//! A compact, index-based copy of the parsed page for extraction: one pre-order pass over
//! scraper's tree builds it, dropping non-content elements (scripts, styles, forms controls,
//! hidden nodes), and collecting what metadata needs on the way (meta tags, JSON-LD, links,
//! `<time>`, bylines). Subtree aggregates (text, link text, paragraph text) are then summed
//! bottom-up in one reverse sweep, so later stages never walk the DOM quadratically.

use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};

use std::collections::HashMap;

use super::patterns::{self, Attrs, ClassFlags};
pub use super::tags::is_block;
use super::tags::is_skipped;

/// One node of the compact tree: an element (`el` set) or a text run (`text` set).
#[derive(Debug)]
pub struct DNode<'a> {
    pub tag: &'a str,
    pub el: Option<&'a Element>,
    pub text: Option<&'a str>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Lower-cased `class` and `id`, for pattern tests.
    pub ci: String,
    /// Boilerplate by its own tag, role or class/id (not yet checked for protection).
    pub junk: bool,
    /// `junk` only by a weak class word (a layout or meta word, not a furniture purpose, tag
    /// or role): prose inside outweighs it.
    pub soft_junk: bool,
    /// A dialog ([`patterns::is_dialog`]): junk that no amount of text protects.
    pub dialog: bool,
    /// Readability-style class/id weight ([`patterns::class_weight`]).
    pub weight: f64,
    /// Characters of text in the subtree (whitespace collapsed).
    pub text_len: usize,
    /// Characters of text inside links in the subtree.
    pub link_len: usize,
    /// Characters of text not inside a nested block element (the element's own runs).
    pub inline_len: usize,
    /// Commas in the element's own runs.
    pub inline_commas: usize,
    /// Commas in the subtree.
    pub commas: usize,
    /// Characters of text inside `<p>`-like elements in the subtree.
    pub p_len: usize,
    pub has_block_child: bool,
}

/// What the build pass collected for metadata.
#[derive(Debug, Default)]
pub struct Collected<'a> {
    pub metas: Vec<&'a Element>,
    pub ld_json: Vec<String>,
    pub links: Vec<&'a Element>,
    pub times: Vec<(&'a Element, String)>,
    pub title_tag: Option<String>,
    pub lang: Option<String>,
    /// Index of elements that look like a byline or author element.
    pub bylines: Vec<usize>,
    /// Bytes of text left out past [`TEXT_BUDGET`].
    pub text_cut: usize,
    /// Buttons, submit inputs and form actions, as text and attribute words (for page kind),
    /// at most [`MAX_CONTROLS`].
    pub controls: Vec<String>,
}

/// Most controls collected.
const MAX_CONTROLS: usize = 200;

/// Most bytes of text nodes the tree keeps: twice the main text kept, so that the later
/// stages' work is bounded whatever the page holds.
pub const TEXT_BUDGET: usize = 2 * crate::page::MAX_TEXT_BYTES;

pub struct Dom<'a> {
    pub nodes: Vec<DNode<'a>>,
    pub body: usize,
}

fn is_hidden(a: &Attrs) -> bool {
    if a.hidden {
        return true;
    }
    if let Some(style) = a.style {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

fn text_chars(t: &str) -> (usize, usize) {
    let mut n = 0;
    let mut commas = 0;
    for w in t.split_whitespace() {
        n += w.chars().count() + 1;
        commas += w.matches([',', '，', '、']).count();
    }
    (n, commas)
}

/// Builds the compact tree and collects metadata sources.
pub fn build(doc: &Html) -> (Dom<'_>, Collected<'_>) {
    let mut nodes: Vec<DNode> = Vec::new();
    let mut col = Collected::default();
    // Stack of (arena index or None for skipped, nearest block ancestor, inside link).
    let mut stack: Vec<(Option<usize>, usize, bool)> = Vec::new();
    let mut skip_depth = 0usize;
    let mut in_title = false;
    let mut body = None;
    let mut flag_memo: HashMap<String, ClassFlags> = HashMap::new();
    let mut budget = TEXT_BUDGET;
    nodes.push(DNode {
        tag: "#root",
        el: None,
        text: None,
        parent: None,
        children: Vec::new(),
        ci: String::new(),
        junk: false,
        soft_junk: false,
        dialog: false,
        weight: 0.0,
        text_len: 0,
        link_len: 0,
        inline_len: 0,
        inline_commas: 0,
        commas: 0,
        p_len: 0,
        has_block_child: false,
    });
    stack.push((Some(0), 0, false));
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let tag = el.name();
                    collect_meta(el, tag, node, &mut col);
                    if tag == "title" && col.title_tag.is_none() {
                        in_title = true;
                    }
                    let (parent, anchor, in_link) =
                        stack.last().copied().unwrap_or((None, 0, false));
                    if skip_depth > 0 || is_skipped(tag) {
                        skip_depth += 1;
                        stack.push((None, anchor, in_link));
                        continue;
                    }
                    let attrs = Attrs::of(el);
                    if is_hidden(&attrs) {
                        skip_depth += 1;
                        stack.push((None, anchor, in_link));
                        continue;
                    }
                    let Some(parent) = parent else {
                        skip_depth += 1;
                        stack.push((None, anchor, in_link));
                        continue;
                    };
                    let idx = nodes.len();
                    let mut ci = String::new();
                    if let Some(c) = attrs.class {
                        ci.push_str(c);
                    }
                    if let Some(i) = attrs.id {
                        ci.push(' ');
                        ci.push_str(i);
                    }
                    ci.make_ascii_lowercase();
                    let flags = match flag_memo.get(ci.as_str()) {
                        Some(f) => *f,
                        None => {
                            let f = ClassFlags::of(&ci);
                            flag_memo.insert(ci.clone(), f);
                            f
                        }
                    };
                    let junk = patterns::is_junk_element(tag, &attrs, &ci, flags);
                    let soft_junk = junk && patterns::is_soft_junk(tag, &attrs, flags);
                    let dialog = patterns::is_dialog(tag, &attrs);
                    let weight = if ci.is_empty() {
                        0.0
                    } else {
                        patterns::class_weight(flags, &attrs)
                    };
                    if patterns::is_byline_element(&attrs, &ci) {
                        col.bylines.push(idx);
                    }
                    if tag == "body" {
                        body = Some(idx);
                    }
                    let block = is_block(tag);
                    if block {
                        nodes[parent].has_block_child = true;
                    }
                    nodes[parent].children.push(idx);
                    nodes.push(DNode {
                        tag,
                        el: Some(el),
                        text: None,
                        parent: Some(parent),
                        children: Vec::new(),
                        ci,
                        junk,
                        soft_junk,
                        dialog,
                        weight,
                        text_len: 0,
                        link_len: 0,
                        inline_len: 0,
                        inline_commas: 0,
                        commas: 0,
                        p_len: 0,
                        has_block_child: false,
                    });
                    let anchor = if block { idx } else { anchor };
                    stack.push((Some(idx), anchor, in_link || tag == "a"));
                }
                Node::Text(t) => {
                    if in_title {
                        col.title_tag = Some(t.trim().to_string());
                    }
                    let (parent, anchor, in_link) =
                        stack.last().copied().unwrap_or((None, 0, false));
                    if skip_depth > 0 {
                        continue;
                    }
                    let Some(parent) = parent else { continue };
                    let t: &str = t;
                    let kept = crate::page::limits::prefix(t, budget);
                    col.text_cut += t.len() - kept.len();
                    budget -= kept.len();
                    let t = kept;
                    if t.is_empty() {
                        continue;
                    }
                    let (n, commas) = text_chars(t);
                    if n == 0 {
                        // Keep a single separator so that words across elements do not fuse.
                        if !t.is_empty() {
                            let idx = nodes.len();
                            nodes[parent].children.push(idx);
                            nodes.push(text_node(t, parent));
                        }
                        continue;
                    }
                    let idx = nodes.len();
                    nodes[parent].children.push(idx);
                    let mut tn = text_node(t, parent);
                    tn.text_len = n;
                    if in_link {
                        tn.link_len = n;
                    }
                    nodes.push(tn);
                    nodes[anchor].inline_len += n;
                    nodes[anchor].inline_commas += commas;
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if el.name() == "title" {
                        in_title = false;
                    }
                    if let Some((idx, _, _)) = stack.pop() {
                        if idx.is_none() {
                            skip_depth = skip_depth.saturating_sub(1);
                        }
                    }
                }
            }
        }
    }
    // Bottom-up sums: children always have larger indices than their parent.
    for i in (1..nodes.len()).rev() {
        let (t, l, p) = (nodes[i].text_len, nodes[i].link_len, nodes[i].p_len);
        nodes[i].commas += nodes[i].inline_commas;
        let commas = nodes[i].commas;
        let own_p = if patterns::is_paragraph_tag(nodes[i].tag) {
            t
        } else {
            p
        };
        if let Some(parent) = nodes[i].parent {
            nodes[parent].text_len += t;
            nodes[parent].link_len += l;
            nodes[parent].p_len += own_p;
            nodes[parent].commas += commas;
        }
        nodes[i].p_len = own_p;
    }
    let body = body.unwrap_or(0);
    (Dom { nodes, body }, col)
}

fn text_node<'a>(t: &'a str, parent: usize) -> DNode<'a> {
    DNode {
        tag: "",
        el: None,
        text: Some(t),
        parent: Some(parent),
        children: Vec::new(),
        ci: String::new(),
        junk: false,
        soft_junk: false,
        dialog: false,
        weight: 0.0,
        text_len: 0,
        link_len: 0,
        inline_len: 0,
        inline_commas: 0,
        commas: 0,
        p_len: 0,
        has_block_child: false,
    }
}

fn collect_meta<'a>(
    el: &'a Element,
    tag: &str,
    node: ego_tree::NodeRef<'a, Node>,
    col: &mut Collected<'a>,
) {
    match tag {
        "meta" => col.metas.push(el),
        "link" => col.links.push(el),
        "html" if col.lang.is_none() => {
            col.lang = el.attr("lang").map(|l| l.trim().to_string());
        }
        "script"
            if el
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
        {
            let s: String = node
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect();
            col.ld_json.push(s);
        }
        "button" | "input" | "form" if col.controls.len() < MAX_CONTROLS => {
            let mut c = String::new();
            for k in ["action", "value", "name", "class", "aria-label"] {
                if let Some(v) = el.attr(k) {
                    c.push_str(crate::page::limits::prefix(v, 200));
                    c.push(' ');
                }
            }
            if tag == "button" {
                for t in node
                    .descendants()
                    .filter_map(|d| d.value().as_text())
                    .take(8)
                {
                    c.push_str(crate::page::limits::prefix(t, 100));
                    c.push(' ');
                }
            }
            col.controls.push(c);
        }
        "time" => {
            let text: String = node
                .descendants()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect();
            col.times.push((el, text));
        }
        _ => {}
    }
}

impl Dom<'_> {
    /// The subtree's text, whitespace collapsed, ignoring nothing (for short elements).
    pub fn plain_text(&self, i: usize) -> String {
        let mut out = String::new();
        let mut stack = vec![i];
        while let Some(j) = stack.pop() {
            let n = &self.nodes[j];
            if let Some(t) = n.text {
                for w in t.split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(w);
                }
            }
            stack.extend(n.children.iter().rev());
        }
        out
    }
}
