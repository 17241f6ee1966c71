//! Unit tests of the HTML reader on small hand-written pages.

use super::read_html;
use crate::page::MetaOrigin;

const PARA: &str = "The committee raised its forecast for growth, citing strong demand, lower costs and a steady labour market across the region.";

fn page(head: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"en-GB\"><head>{head}</head><body>{body}</body></html>")
}

#[test]
fn furniture_is_removed_and_structure_kept() {
    let body = format!(
        "<nav><a href='/'>Home</a><a href='/m'>Markets</a></nav>\
         <div class='layout'><article><h1>Growth Forecast Raised</h1>\
         <div class='share-bar'><a>Share</a><a>Tweet</a></div>\
         <div class='article-body'><p>{PARA}</p><h2>What changed</h2><p>{PARA} Second.</p>\
         <ul><li>Exports up 4%</li><li>Imports down 2%</li></ul>\
         <div class='ad-slot'>Advertisement</div><p>{PARA} Third.</p>\
         <table><tr><td>Q1</td><td>1.2%</td></tr><tr><td>Q2</td><td>1.5%</td></tr></table></div>\
         <div class='related-articles'><h3>Related Articles</h3><ul><li><a href='/x'>Shares fall 9% in a day</a></li></ul></div>\
         </article><aside class='sidebar'><p>{PARA} Sidebar 77%.</p></aside></div>\
         <footer><p>Copyright 2025 Example</p></footer>"
    );
    let a = read_html(
        &page("<title>Growth Forecast Raised | Example</title>", &body),
        None,
    );
    let paras: Vec<&str> = a.paragraphs().collect();
    assert_eq!(paras[0], PARA, "{:?}", a.text);
    assert!(a.text.contains("\n\nWhat changed\n\n"));
    assert!(a.text.contains("Exports up 4%\nImports down 2%"));
    assert!(a.text.contains("Q1 1.2%\nQ2 1.5%"), "{:?}", a.text);
    assert!(a.text.contains("Third."));
    for junk in [
        "Home",
        "Share",
        "Advertisement",
        "9%",
        "77%",
        "Copyright",
        "Related Articles",
    ] {
        assert!(!a.text.contains(junk), "{junk} in {:?}", a.text);
    }
    assert_eq!(a.language.as_deref(), Some("en-GB"));
}

#[test]
fn json_ld_graph_and_meta_candidates() {
    let head = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"Example Wire"},
        {"@type":["NewsArticle"],"headline":"Rates Cut Again","datePublished":"2025-12-10T14:00:00Z",
         "dateModified":"2025-12-11T09:00:00Z","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"Senior Reporter"}],
         "publisher":{"@type":"Organization","name":"Example Wire"},"isBasedOn":"https://orig.example/story",
         "isAccessibleForFree":"False","keywords":"Fed, Rates"}]}</script>
        <meta property="og:title" content="Rates Cut Again (OG)">
        <meta name="parsely-author" content="John Roe">
        <meta property="article:published_time" content="2025-12-09">
        <link rel="canonical" href="/news/rates-cut">"#;
    let a = read_html(
        &page(head, &format!("<p>{PARA}</p>")),
        Some("https://example.com/x?y=1"),
    );
    assert_eq!(a.title.as_deref(), Some("Rates Cut Again"));
    assert_eq!(a.authors, vec!["Jane Doe"]);
    assert_eq!(a.publisher.as_deref(), Some("Example Wire"));
    assert_eq!(a.published.as_deref(), Some("2025-12-10T14:00:00+00:00"));
    assert_eq!(a.modified.as_deref(), Some("2025-12-11T09:00:00+00:00"));
    assert_eq!(a.based_on.as_deref(), Some("https://orig.example/story"));
    assert_eq!(a.accessible_for_free, Some(false));
    assert_eq!(a.tags, vec!["Fed", "Rates"]);
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://example.com/news/rates-cut")
    );
    let og = a
        .candidates
        .iter()
        .find(|c| c.field == "title" && c.origin == MetaOrigin::OpenGraph);
    assert_eq!(og.map(|c| c.value.as_str()), Some("Rates Cut Again (OG)"));
    assert!(a
        .candidates
        .iter()
        .any(|c| c.field == "author" && c.value == "John Roe" && c.origin == MetaOrigin::MetaTag));
}

#[test]
fn visible_byline_and_time_element() {
    let body = format!(
        "<h1>Miners Sell Coins</h1><div class='byline'>By Ann Lee | Edited by Bo Chan</div>\
         <div class='author-meta'>3 min read</div>\
         <time datetime='2024-03-05T08:30:00+01:00'>March 5</time><div class='story'><p>{PARA}</p><p>{PARA}</p></div>"
    );
    let a = read_html(&page("", &body), None);
    assert_eq!(a.authors, vec!["Ann Lee"]);
    assert_eq!(a.published.as_deref(), Some("2024-03-05T08:30:00+01:00"));
    assert_eq!(a.title.as_deref(), Some("Miners Sell Coins"));
    assert!(!a.text.contains("Ann Lee"));
}

#[test]
fn div_soup_with_br_paragraphs() {
    let body = format!(
        "<div id='wrap'><div class='menu'><a>One</a> <a>Two</a></div>\
         <div class='txt'>{PARA}<br><br>{PARA} Again.<br><br><span>{PARA} Last.</span></div></div>"
    );
    let a = read_html(&page("", &body), None);
    assert_eq!(a.paragraphs().count(), 3, "{:?}", a.text);
    assert!(!a.text.contains("One"));
}

#[test]
fn split_article_parts_and_embedded_posts_are_kept_boxes_of_other_articles_dropped() {
    let part = |n: &str, extra: &str| {
        format!(
            "<div class='story-text'><p>{PARA} Part {n}.</p>{extra}<p>{PARA} Part {n} again.</p></div>"
        )
    };
    let embed = "<div class='social-media-embed'><blockquote class='twitter-tweet'>\
                 <p>Quoted post text here, with a view.</p><a href='https://x.test/1'>x.test/1</a>\
                 </blockquote></div>";
    let teaser = |n: u32| format!("<article class='card'><p>{PARA} Teaser {n}.</p></article>");
    let body = format!(
        "<main><section class='a'>{}</section><div class='promo'><a href='/p'>Get the app</a></div>\
         <section class='b'><div class='wrap'>{}</div></section></main>\
         <div class='more'><h3 class='related-title'>You may like</h3>{}{}{}</div>",
        part("one", ""),
        part("two", embed),
        teaser(1),
        teaser(2),
        teaser(3)
    );
    let a = read_html(&page("<title>T</title>", &body), None);
    assert!(a.text.contains("Part one."), "{:?}", a.text);
    assert!(a.text.contains("Part two again."), "{:?}", a.text);
    assert!(a.text.find("Part one.") < a.text.find("Part two."));
    assert!(a.text.contains("Quoted post text here"), "{:?}", a.text);
    assert!(!a.text.contains("Teaser"), "{:?}", a.text);
    assert!(!a.text.contains("Get the app"), "{:?}", a.text);
}

#[test]
fn text_between_line_breaks_beats_a_footer_under_a_page_wrapper() {
    let body = format!(
        "<div class='page'><div class='row'><div class='col'><ul><li><a href='/a'>Archive one</a></li>\
         <li><a href='/b'>Archive two</a></li></ul></div>\
         <div class='col-main'><p class='title'>Headline</p><br>{PARA} More words, more commas, here.<br><br></div></div>\
         <div class='bottom'><div><div><div>Company Ltd - Street 1, Town - Phone 555 0100, Box 42</div></div></div></div></div>"
    );
    let a = read_html(&page("<title>Headline</title>", &body), None);
    assert!(a.text.contains(PARA), "{:?}", a.text);
    assert!(!a.text.contains("Phone 555"), "{:?}", a.text);
}

/// A page builder wraps each section of one article in its own "widget" layout box; none of
/// them holds half the page, but each is prose. A sidebar widget of links stays out.
#[test]
fn an_article_split_into_builder_widgets_is_read_whole() {
    let section = |n: usize| {
        format!(
            "<section class='pb-section'><div class='pb-column'><div class='pb-widget-wrap pb-element-{n}'>\
             <div class='pb-widget-container'><h2>Part {n}</h2><p>{PARA} Section {n} adds detail.</p>\
             <p>{PARA} More on part {n}.</p><p>{PARA} Closing part {n}.</p></div></div></div></section>"
        )
    };
    let body = format!(
        "<div class='pb-page'>{}{}{}{}</div>\
         <div class='pb-widget-wrap links'><ul><li><a href='/a'>Older post about rates</a></li>\
         <li><a href='/b'>Another older post</a></li><li><a href='/c'>Archive</a></li></ul></div>",
        section(1),
        section(2),
        section(3),
        section(4)
    );
    let a = read_html(&page("<title>Four Parts</title>", &body), None);
    for n in 1..=4 {
        assert!(
            a.text.contains(&format!("Section {n} adds detail.")),
            "{:?}",
            a.text
        );
        assert!(
            a.text.contains(&format!("Closing part {n}.")),
            "{:?}",
            a.text
        );
    }
    assert!(!a.text.contains("Older post"), "{:?}", a.text);
}

/// An app shell: an empty body for the script, the thread itself inside `<noscript>`.
#[test]
fn a_page_served_inside_noscript_is_read_from_it() {
    let posts: String = (1..=12)
        .map(|n| {
            format!(
                "<div class='topic-post'><span class='creator'>user{n}</span>\
                 <div class='post'><p>Reply {n}: {PARA}</p></div></div>"
            )
        })
        .collect();
    let html = page(
        "<title>Node keeps crashing after update - Help</title>",
        &format!(
            "<noscript><img src='/pixel.gif'></noscript><div id='app'></div>\
             <noscript data-path='/t/1'><div id='main' role='main'><h1>Node keeps crashing after update</h1>\
             {posts}</div></noscript>"
        ),
    );
    let a = read_html(&html, None);
    for n in 1..=12 {
        assert!(a.text.contains(&format!("Reply {n}:")), "{:?}", a.text);
    }
    // A page with real body text keeps it, and a small noscript is not read as content.
    let plain = page(
        "<title>T</title>",
        &format!("<noscript>Please enable JavaScript.</noscript><article><p>{PARA}</p><p>{PARA} Two.</p><p>{PARA} Three.</p></article>"),
    );
    let a = read_html(&plain, None);
    assert!(!a.text.contains("enable JavaScript"), "{:?}", a.text);
    assert!(a.text.contains("Three."), "{:?}", a.text);
}

/// Posts of one thread are `<article>` siblings of prose; a box of `<article>` teasers is not.
#[test]
fn a_thread_of_article_posts_is_kept_and_a_box_of_article_teasers_is_not() {
    let posts: String = (1..=5)
        .map(|n| {
            format!(
                "<article class='message'><div class='user'><a href='/u/{n}'>member{n}</a></div>\
                 <div class='message-content'><p>Post {n}: {PARA}</p></div></article>"
            )
        })
        .collect();
    let teasers: String = (1..=4)
        .map(|n| format!("<article><a href='/s/{n}'>Other headline number {n}</a></article>"))
        .collect();
    let html = page(
        "<title>Which lens for low light?</title>",
        &format!("<div class='thread'><h1>Which lens for low light?</h1>{posts}</div><div class='more'>{teasers}</div>"),
    );
    let a = read_html(&html, None);
    for n in 1..=5 {
        assert!(a.text.contains(&format!("Post {n}:")), "{:?}", a.text);
    }
    assert!(!a.text.contains("Other headline"), "{:?}", a.text);
}

/// A closed dialog holding the site's terms outweighs the article in text; it stays out.
#[test]
fn a_dialog_is_never_the_main_text_however_long() {
    let terms = format!("<p>{PARA} Terms clause.</p>").repeat(30);
    let html = page(
        "<title>Rates Hold</title>",
        &format!(
            "<article><h1>Rates Hold</h1><p>{PARA} Lead.</p><p>{PARA} Body.</p></article>\
             <div id='terms' aria-modal='true'><div class='prose'>{terms}</div></div>\
             <dialog><div>{terms}</div></dialog>"
        ),
    );
    let a = read_html(&html, None);
    assert!(
        a.text.contains("Lead.") && a.text.contains("Body."),
        "{:?}",
        a.text
    );
    assert!(!a.text.contains("Terms clause"), "{:?}", a.text);
}

/// State classes say what an article has ("has-comments"), not what it is: the article is
/// read, and its comment section still is not.
#[test]
fn an_article_that_has_comments_is_not_a_comment_box() {
    let html = page(
        "<title>Slow Travel</title>",
        &format!(
            "<main><article class='entry has-comments has-tags tag-travel-tips'><h1>Slow Travel</h1>\
             <p>{PARA} One.</p><p>{PARA} Two.</p><p>{PARA} Three.</p></article>\
             <section class='comments'><p>{PARA} Reader reply.</p><p>{PARA} Another reply.</p></section></main>"
        ),
    );
    let a = read_html(&html, None);
    assert!(a.text.contains("Three."), "{:?}", a.text);
    assert!(!a.text.contains("Reader reply"), "{:?}", a.text);
}

/// A listing's items are its content: read as a listing, its teasers are its text (and a
/// news reader's prose pass, which drops boxes of teasers, is not what it gets).
#[test]
fn a_listing_page_is_read_as_its_items() {
    let cards: String = (1..=8)
        .map(|n| {
            format!(
                "<article class='card'><h2><a href='/p/{n}'>Harbour report number {n}</a></h2>\
                 <p>Short summary of report {n} for readers.</p></article>"
            )
        })
        .collect();
    let html = page(
        "<title>Reports</title><script type='application/ld+json'>{\"@type\":\"CollectionPage\",\"name\":\"Reports\"}</script>",
        &format!("<main><h1>Reports</h1><div class='grid'>{cards}</div></main><footer><a href='/'>Home</a></footer>"),
    );
    let a = read_html(&html, None);
    assert_eq!(
        a.kind.kind,
        crate::page::kind::Kind::Listing,
        "{:?}",
        a.kind
    );
    for n in [1, 4, 8] {
        assert!(
            a.text.contains(&format!("Harbour report number {n}")),
            "{:?}",
            a.text
        );
        assert!(
            a.text.contains(&format!("summary of report {n}")),
            "{:?}",
            a.text
        );
    }
    assert!(!a.text.contains("Home"), "{:?}", a.text);
}
