//! Page kind on invented pages: a listing, a product page, a forum thread, and two articles
//! that carry furniture of the other kinds (a comment section, a related-stories rail),
//! which must stay articles. Plain text is an article.

use claimwire::page::{read_html, read_text, Kind};

/// Paragraphs of running text, each a few sentences long.
fn story_paragraphs(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "<p>The harbour authority said on Tuesday that cargo volumes in quarter {i} rose \
                 by a modest margin, helped by grain shipments and a recovery in container \
                 traffic. Officials expect the pace to slow, citing higher fuel costs, a \
                 shortage of pilots and repairs planned for the northern quay.</p>"
            )
        })
        .collect()
}

fn page(head: &str, body: &str) -> String {
    format!("<!doctype html><html lang=\"en\"><head><title>Test page</title>{head}</head><body>{body}</body></html>")
}

fn listing_page() -> String {
    let cards: String = (0..12)
        .map(|i| {
            format!(
                "<div class=\"card\"><h3><a href=\"/news/item-{i}\">Harbour traffic report number \
                 {i} for the coastal region</a></h3><p>A short summary of report {i}.</p>\
                 <span class=\"date\">2 days ago</span></div>"
            )
        })
        .collect();
    page(
        "<meta property=\"og:type\" content=\"website\">",
        &format!(
            "<header><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav></header>\
             <main><h1>Latest news</h1><div class=\"grid\">{cards}</div>\
             <div class=\"pages\"><a href=\"?page=2\">Next page</a></div></main>\
             <footer>About us</footer>"
        ),
    )
}

#[test]
fn a_grid_of_teaser_cards_is_a_listing() {
    let a = read_html(&listing_page(), Some("https://example.test/news"));
    assert_eq!(a.kind.kind, Kind::Listing, "{:?}", a.kind);
    assert!(a.kind.confidence > 0.5);
    assert!(
        a.kind.reasons.iter().any(|r| r.contains("teaser")),
        "{:?}",
        a.kind
    );
}

#[test]
fn a_collection_page_declared_in_json_ld_is_a_listing() {
    let html = listing_page().replace(
        "<title>",
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\
         \"@type\":\"CollectionPage\",\"name\":\"Latest\"}</script><title>",
    );
    let a = read_html(&html, None);
    assert_eq!(a.kind.kind, Kind::Listing, "{:?}", a.kind);
    assert!(a.kind.reasons.iter().any(|r| r.contains("CollectionPage")));
}

#[test]
fn a_page_with_a_price_and_a_cart_button_is_a_product() {
    let html = page(
        "<meta property=\"og:type\" content=\"product\">",
        "<main><div itemscope itemtype=\"https://schema.org/Product\">\
         <h1 itemprop=\"name\">Brass ship lantern, large</h1>\
         <div class=\"product-price\"><span itemprop=\"price\" content=\"49.00\">$49.00</span></div>\
         <p itemprop=\"description\">A hand-finished lantern in solid brass with a glass \
         chimney. Suitable for indoor and covered outdoor use. Ships in recycled packaging.</p>\
         <form action=\"/cart/add\" method=\"post\"><input type=\"number\" name=\"qty\" value=\"1\">\
         <button type=\"submit\" class=\"btn\">Add to cart</button></form>\
         <ul class=\"specs\"><li>Height: 32 cm</li><li>Weight: 1.4 kg</li></ul></div></main>",
    );
    let a = read_html(&html, None);
    assert_eq!(a.kind.kind, Kind::Product, "{:?}", a.kind);
    assert!(
        a.kind.reasons.iter().any(|r| r.contains("cart")),
        "{:?}",
        a.kind
    );
}

#[test]
fn a_cart_button_without_declarations_still_makes_a_product() {
    let html = page(
        "",
        "<div class=\"item\"><h1>Wool sailing cap</h1><div class=\"price\">€24,90</div>\
         <p>Knitted from undyed wool.</p><button class=\"buy\">Add to basket</button></div>",
    );
    let a = read_html(&html, None);
    assert_eq!(a.kind.kind, Kind::Product, "{:?}", a.kind);
}

fn forum_page() -> String {
    let posts: String = (0..6)
        .map(|i| {
            format!(
                "<div class=\"post\"><div class=\"post-user\"><a href=\"/u/{i}\">sailor{i}</a></div>\
                 <div class=\"post-date\"><time datetime=\"2024-03-0{}\">Mar {}, 2024</time></div>\
                 <div class=\"post-body\"><p>I think the northern quay repairs will take longer \
                 than planned, reply number {i} in this thread about harbour works.</p></div></div>",
                i + 1,
                i + 1
            )
        })
        .collect();
    page(
        "",
        &format!(
            "<main><h1>Quay repairs: how long?</h1><div class=\"thread\">{posts}</div></main>"
        ),
    )
}

#[test]
fn a_thread_of_posts_with_users_and_dates_is_a_forum() {
    let a = read_html(&forum_page(), None);
    assert_eq!(a.kind.kind, Kind::Forum, "{:?}", a.kind);
    assert!(
        a.kind.reasons.iter().any(|r| r.contains("posts")),
        "{:?}",
        a.kind
    );
}

#[test]
fn a_declared_forum_posting_is_a_forum() {
    let html = forum_page().replace(
        "<title>",
        "<script type=\"application/ld+json\">[{\"@type\":\"DiscussionForumPosting\",\
         \"headline\":\"Quay repairs\"}]</script><title>",
    );
    let a = read_html(&html, None);
    assert_eq!(a.kind.kind, Kind::Forum, "{:?}", a.kind);
}

fn article_head() -> &'static str {
    "<meta property=\"og:type\" content=\"article\">\
     <meta property=\"article:published_time\" content=\"2024-03-05T09:00:00Z\">\
     <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Harbour \
     volumes rise\",\"author\":{\"@type\":\"Person\",\"name\":\"Ada Quill\"}}</script>"
}

#[test]
fn an_article_with_a_comment_section_stays_an_article() {
    let comments: String = (0..8)
        .map(|i| {
            format!(
                "<li class=\"comment\"><div class=\"comment-author\">reader{i}</div>\
                 <time>Mar 5, 2024</time><p>Comment number {i}: interesting figures, thanks \
                 for the report on the harbour.</p></li>"
            )
        })
        .collect();
    // Declared or not, the body decides.
    for head in [article_head(), ""] {
        let html = page(
            head,
            &format!(
            "<article><h1>Harbour volumes rise</h1><p class=\"byline\">By Ada Quill</p>{}</article>\
             <section id=\"comments\"><h2>8 comments</h2><ol>{comments}</ol></section>",
            story_paragraphs(6)
        ),
        );
        let a = read_html(&html, None);
        assert_eq!(a.kind.kind, Kind::Article, "{:?}", a.kind);
    }
}

#[test]
fn an_article_with_a_related_stories_rail_stays_an_article() {
    let rail: String = (0..10)
        .map(|i| {
            format!(
                "<div class=\"teaser\"><h4><a href=\"/news/other-{i}\">Another harbour story \
                 worth reading, number {i}</a></h4></div>"
            )
        })
        .collect();
    // Declared or not, the body decides.
    for head in [article_head(), ""] {
        let html = page(
            head,
            &format!(
                "<div class=\"layout\"><article><h1>Harbour volumes rise</h1>{}</article>\
             <aside class=\"rail\"><h3>More stories</h3>{rail}</aside></div>",
                story_paragraphs(7)
            ),
        );
        let a = read_html(&html, None);
        assert_eq!(a.kind.kind, Kind::Article, "{:?}", a.kind);
        // A declared type, a byline and a date make it sure; the bare body less so.
        let sure = if head.is_empty() { 0.3 } else { 0.8 };
        assert!(a.kind.confidence >= sure, "{:?}", a.kind);
    }
}

#[test]
fn an_undeclared_article_is_an_article() {
    let html = page(
        "",
        &format!("<div class=\"content\">{}</div>", story_paragraphs(5)),
    );
    let a = read_html(&html, None);
    assert_eq!(a.kind.kind, Kind::Article, "{:?}", a.kind);
}

#[test]
fn plain_text_is_an_article_and_old_json_reads_as_one() {
    let a = read_text(
        "Harbour volumes rise\n\nThe harbour authority said so.",
        None,
    );
    assert_eq!(a.kind.kind, Kind::Article);
    let mut v = serde_json::to_value(&a).expect("json");
    if let Some(o) = v.as_object_mut() {
        o.remove("kind");
    }
    let old: claimwire::page::Article = serde_json::from_value(v).expect("reads");
    assert_eq!(old.kind.kind, Kind::Article);
}
