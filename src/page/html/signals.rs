//! Measures the page-kind [`Signals`] of an HTML page: declared types (JSON-LD, microdata,
//! `og:type`), prices and cart controls, groups of sibling teaser cards, groups of sibling
//! posts with a user and a date, link density of the body and of the main region, and the
//! paragraphs of the main text. The decision is [`crate::page::kind::decide`].

use once_cell::sync::Lazy;
use regex::Regex;
use serde_json::Value;

use super::dom::{Collected, Dom};
use super::main_text::Live;
use crate::page::kind::Signals;
use crate::page::Article;

/// Buy / cart controls, in a few languages.
static CART: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(add(ed)? to (cart|bag|basket|trolley)|buy (it )?now|add-to-cart|addtocart|in den warenkorb|ajouter au panier|añadir al carrito|aggiungi al carrello|in winkelwagen|pre-?order now)\b|add_to_cart")
        .expect("static regex")
});

/// An amount of money as a price shows it.
static PRICE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"([$€£¥₹]\s?\d[\d.,]*|\d[\d.,]*\s?([$€£¥₹]|usd|eur|gbp|kr|zł))")
        .expect("static regex")
});

/// A date or time a post carries ("3 days ago", "Jan 4, 2024", "2024-01-04", "04/01/2024").
static DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(\d+\s+(minutes?|hours?|days?|weeks?|months?|years?)\s+ago|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b")
        .expect("static regex")
});

/// Class/id words of a post's author or user box.
static USER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"user|author|poster|member|avatar|profile|byline|nick").expect("static regex")
});

const PRODUCT_TYPES: &[&str] = &[
    "product",
    "productgroup",
    "individualproduct",
    "productmodel",
    "offer",
    "aggregateoffer",
];
const FORUM_TYPES: &[&str] = &["discussionforumposting", "qapage"];
const COLLECTION_TYPES: &[&str] = &["collectionpage", "itemlist", "searchresultspage"];

/// Measures the signals; `roots` are the main-text roots, `article` the read article.
pub fn measure(
    dom: &Dom,
    col: &Collected,
    ld: &[Value],
    live: &Live,
    roots: &[usize],
    a: &Article,
) -> Signals {
    let mut s = Signals::default();
    declared(dom, col, ld, &mut s);
    commerce(dom, col, &mut s);
    let chrome = chrome(dom);
    let cards = teasers(dom, &chrome, &mut s);
    paragraphs(dom, &chrome, &cards, &mut s);
    posts(dom, &mut s);
    let body = &dom.nodes[dom.body];
    s.body_text = body.text_len;
    s.body_link = body.link_len;
    for &r in roots {
        s.main_text += live.text[r];
        s.main_link += live.link[r];
    }
    for p in a.paragraphs() {
        s.paragraphs += 1;
        if p.chars().count() >= 150 {
            s.long_paragraphs += 1;
        }
    }
    s.words = a.text.split_whitespace().count();
    s.byline = !a.authors.is_empty();
    s.published = a.published.is_some();
    s
}

fn mark(s: &mut Signals, ty: &str, origin: &str) {
    let t = ty
        .rsplit(['/', ':'])
        .next()
        .unwrap_or(ty)
        .to_ascii_lowercase();
    let d = &mut s.declared;
    let hit = if super::meta::ARTICLE_TYPES.contains(&t.as_str()) {
        if origin == "og:type" {
            d.og_article = true;
        } else {
            d.article = true;
        }
        true
    } else if PRODUCT_TYPES.contains(&t.as_str()) {
        d.product = true;
        true
    } else if FORUM_TYPES.contains(&t.as_str()) {
        d.forum = true;
        true
    } else if COLLECTION_TYPES.contains(&t.as_str()) {
        d.collection = true;
        true
    } else {
        false
    };
    let name = format!("{origin} {ty}");
    if hit && !s.declared_names.contains(&name) && s.declared_names.len() < 6 {
        s.declared_names.push(name);
    }
}

/// Top-level JSON-LD objects (arrays, `@graph`, `mainEntity`), microdata item types outside
/// another item, `og:type`.
fn declared(dom: &Dom, col: &Collected, ld: &[Value], s: &mut Signals) {
    for v in ld {
        let mut objs = Vec::new();
        super::meta::jsonld_objects(v, &mut objs, 0);
        for o in objs {
            match o.get("@type") {
                Some(Value::String(t)) => mark(s, t, "json-ld"),
                Some(Value::Array(ts)) => {
                    for t in ts.iter().filter_map(Value::as_str) {
                        mark(s, t, "json-ld");
                    }
                }
                _ => {}
            }
        }
    }
    for m in &col.metas {
        let key = m.attr("property").or_else(|| m.attr("name")).unwrap_or("");
        if key.eq_ignore_ascii_case("og:type") {
            if let Some(c) = m.attr("content") {
                let c = c.trim().to_ascii_lowercase();
                let c = c.strip_prefix("og:").unwrap_or(&c).to_string();
                let ty = match c.as_str() {
                    "article" | "blog" => "article",
                    "product" | "product.item" | "product.group" => "product",
                    _ => continue,
                };
                mark(s, ty, "og:type");
            }
        }
    }
    let mut in_item = vec![false; dom.nodes.len()];
    for i in 1..dom.nodes.len() {
        let n = &dom.nodes[i];
        let inherited = n.parent.is_some_and(|p| in_item[p]);
        let Some(el) = n.el else { continue };
        if el.attr("itemscope").is_some() {
            if !inherited {
                if let Some(t) = el.attr("itemtype") {
                    for t in t.split_whitespace() {
                        mark(s, t, "microdata");
                    }
                }
            }
            in_item[i] = true;
        } else {
            in_item[i] = inherited;
        }
    }
}

/// Prices and cart controls. Buttons and inputs are not in the compact tree: their texts
/// and attributes were collected while it was built ([`Collected::controls`]).
fn commerce(dom: &Dom, col: &Collected, s: &mut Signals) {
    for (i, n) in dom.nodes.iter().enumerate() {
        let Some(el) = n.el else { continue };
        let itemprop = el.attr("itemprop").unwrap_or("");
        if matches!(itemprop, "price" | "priceCurrency" | "lowPrice" | "offers") {
            s.prices += 1;
            continue;
        }
        if n.ci.contains("price")
            && n.text_len > 0
            && n.text_len < 40
            && !n.has_block_child
            && PRICE.is_match(&dom.plain_text(i).to_lowercase())
        {
            s.prices += 1;
        }
    }
    s.cart_controls = col
        .controls
        .iter()
        .filter(|c| CART.is_match(c))
        .count()
        .min(50);
}

/// Nodes inside the page's chrome by tag or landmark role (navigation, header, footer,
/// aside): a menu of links there is no listing.
fn chrome(dom: &Dom) -> Vec<bool> {
    let mut chrome = vec![false; dom.nodes.len()];
    for i in 1..dom.nodes.len() {
        let n = &dom.nodes[i];
        let role = n.el.and_then(|e| e.attr("role")).unwrap_or("");
        chrome[i] = n.parent.is_some_and(|p| chrome[p])
            || matches!(n.tag, "nav" | "header" | "footer" | "aside")
            || matches!(
                role,
                "navigation" | "banner" | "contentinfo" | "complementary" | "menu"
            );
    }
    chrome
}

/// Long paragraphs anywhere on the page outside chrome and teaser cards, of few links: the
/// running text an article has even where the main-text choice missed it.
fn paragraphs(dom: &Dom, chrome: &[bool], cards: &[bool], s: &mut Signals) {
    for (i, n) in dom.nodes.iter().enumerate() {
        let leaf = match n.tag {
            "p" | "li" | "dd" | "blockquote" | "td" | "pre" => true,
            "div" | "section" | "article" | "span" => !n.has_block_child,
            _ => false,
        };
        if leaf && !chrome[i] && !cards[i] && n.text_len >= 200 && n.link_len * 5 < n.text_len {
            s.page_long_paragraphs += 1;
            s.page_paragraph_text += n.text_len;
        }
    }
}

/// Groups of four or more sibling cards of one shape (tag and first class word), each short,
/// with a headline-sized link, outside chrome. Returns the nodes inside a card.
fn teasers(dom: &Dom, chrome: &[bool], s: &mut Signals) -> Vec<bool> {
    let mut card = vec![false; dom.nodes.len()];
    for (i, n) in dom.nodes.iter().enumerate() {
        if chrome[i] {
            continue;
        }
        let kids: Vec<usize> = n
            .children
            .iter()
            .copied()
            .filter(|&c| dom.nodes[c].el.is_some() && dom.nodes[c].text_len > 0)
            .collect();
        if kids.len() < 4 {
            continue;
        }
        let mut groups: Vec<(String, Vec<usize>, usize)> = Vec::new();
        for &c in &kids {
            let k = &dom.nodes[c];
            if k.text_len > 700 || k.link_len < 20 || !has_headline_link(dom, c) {
                continue;
            }
            let shape = format!(
                "{} {}",
                k.tag,
                k.ci.split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(|ch: char| ch.is_ascii_digit() || ch == '-')
            );
            match groups.iter_mut().find(|g| g.0 == shape) {
                Some(g) => {
                    g.1.push(c);
                    g.2 += k.text_len;
                }
                None => groups.push((shape, vec![c], k.text_len)),
            }
        }
        for (_, members, text) in groups {
            if members.len() >= 4 {
                s.teaser_cards += members.len();
                s.teaser_text += text;
                for c in members {
                    card[c] = true;
                }
            }
        }
    }
    for i in 1..dom.nodes.len() {
        if let Some(p) = dom.nodes[i].parent {
            card[i] |= card[p];
        }
    }
    card
}

/// A card's headline: a link of 20 or more characters of text, or a heading with a link.
fn has_headline_link(dom: &Dom, i: usize) -> bool {
    let mut stack = vec![(i, false)];
    let mut seen = 0;
    while let Some((j, in_heading)) = stack.pop() {
        seen += 1;
        if seen > 200 {
            return false;
        }
        let n = &dom.nodes[j];
        let heading = in_heading || matches!(n.tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if n.tag == "a" && (heading || n.text_len >= 20) {
            return true;
        }
        stack.extend(n.children.iter().map(|&c| (c, heading)));
    }
    false
}

/// The largest group of sibling blocks that each hold a user box and a date.
fn posts(dom: &Dom, s: &mut Signals) {
    let len = dom.nodes.len();
    let mut user = vec![false; len];
    let mut date = vec![false; len];
    let mut comment = vec![false; len];
    for i in 1..len {
        let n = &dom.nodes[i];
        comment[i] = n.parent.is_some_and(|p| comment[p]) || n.ci.contains("comment");
    }
    for i in (1..len).rev() {
        let n = &dom.nodes[i];
        if n.tag == "time" || n.text.is_some_and(|t| t.len() < 200 && DATE.is_match(t)) {
            date[i] = true;
        }
        if !n.ci.is_empty() && USER.is_match(&n.ci) && n.text_len > 0 && n.text_len < 200 {
            user[i] = true;
        }
        if n.el.is_some_and(|e| {
            e.attr("itemprop").is_some_and(|p| p == "author") || e.attr("rel") == Some("author")
        }) {
            user[i] = true;
        }
        if let Some(p) = n.parent {
            user[p] |= user[i];
            date[p] |= date[i];
        }
    }
    for (i, n) in dom.nodes.iter().enumerate() {
        let count = n
            .children
            .iter()
            .filter(|&&c| user[c] && date[c] && dom.nodes[c].text_len >= 40)
            .count();
        if count > s.posts {
            s.posts = count;
            s.posts_are_comments = comment[i];
        }
    }
}
