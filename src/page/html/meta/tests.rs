//! End-to-end tests of the metadata reader on small invented pages: sites with no
//! structured data, where title, authors and dates come from the visible page and the URL.

use crate::page::read_html;

const PARA: &str = "The council approved the new budget after a long debate, with spending on roads and schools rising and the reserve kept at last year's level.";

fn page(head: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
}

#[test]
fn an_unmarked_page_gives_title_authors_and_dates_from_what_the_reader_sees() {
    let body = format!(
        "<nav><a href='/'>Pinecrest Courier</a> <a href='/city'>City</a></nav>\
         <main><h1>Council passes budget</h1>\
         <p class='meta'><span>By</span> <a href='/staff/ana'>Ana Ruiz</a> and <a href='/staff/tom'>Tom Lee</a></p>\
         <p class='dates'>Published March 3, 2026 · Updated March 4, 2026</p>\
         <p>{PARA}</p><p>{PARA} Again.</p></main>"
    );
    let a = read_html(
        &page(
            "<title>Council passes budget - Pinecrest Courier</title>",
            &body,
        ),
        Some("https://www.pinecrest-courier.example/2026/03/03/council-budget/"),
    );
    assert_eq!(a.title.as_deref(), Some("Council passes budget"));
    assert_eq!(a.authors, vec!["Ana Ruiz", "Tom Lee"]);
    assert_eq!(a.published.as_deref(), Some("2026-03-03"));
    assert_eq!(a.modified.as_deref(), Some("2026-03-04"));
}

#[test]
fn an_update_stamp_is_never_the_publication_date() {
    let body = format!(
        "<article><h1>Bridge reopens</h1><div>Last updated: 12 May 2026</div><p>{PARA}</p></article>"
    );
    let a = read_html(&page("<title>Bridge reopens</title>", &body), None);
    assert_eq!(a.published, None);
    assert_eq!(a.modified.as_deref(), Some("2026-05-12"));
    // The URL's day is the fallback.
    let a = read_html(
        &page("<title>Bridge reopens</title>", &body),
        Some("https://news.example/2026/05/10/bridge"),
    );
    assert_eq!(a.published.as_deref(), Some("2026-05-10"));
}

#[test]
fn comment_and_teaser_bylines_are_not_the_articles() {
    let body = format!(
        "<article><h1>Ferry timetable changes</h1>\
         <div class='byline'>By Mia Chen</div><p>{PARA}</p><p>{PARA} More.</p></article>\
         <section class='comments'><div class='comment-author'>Rob Hale says</div><p>Nice.</p>\
         <div class='comment-author'>Lena Voss</div><p>Agreed.</p></section>"
    );
    let a = read_html(&page("<title>Ferry timetable changes</title>", &body), None);
    assert_eq!(a.authors, vec!["Mia Chen"]);
}

#[test]
fn the_site_named_as_author_is_not_a_person() {
    let head = "<title>Ten tips for spring | Greenleaf Gardens</title>\
        <meta property='og:site_name' content='Greenleaf Gardens'>\
        <meta name='author' content='Greenleaf Gardens'>";
    let body = format!("<h1>Ten tips for spring</h1><p>{PARA}</p>");
    let a = read_html(
        &page(head, &body),
        Some("https://greenleafgardens.example/tips"),
    );
    assert_eq!(a.title.as_deref(), Some("Ten tips for spring"));
    assert!(a.authors.is_empty(), "{:?}", a.authors);
    // A blogger's visible byline naming the site stays.
    let head = "<title>Notes | Jo March</title><meta property='og:site_name' content='Jo March'>";
    let body = format!("<h1>Notes</h1><div class='byline'>By Jo March</div><p>{PARA}</p>");
    let a = read_html(&page(head, &body), Some("https://jomarch.example/notes"));
    assert_eq!(a.authors, vec!["Jo March"]);
}

#[test]
fn the_only_headline_sized_h1_beats_a_search_title() {
    let head = "<title>Cheap flights: 7 tips (2026) | Wayfarer</title>\
        <meta property='og:title' content='Cheap flights: 7 tips (2026)'>";
    let body = format!("<h1>How we cut our airfare in half this year</h1><p>{PARA}</p>");
    let a = read_html(&page(head, &body), Some("https://wayfarer.example/flights"));
    assert_eq!(
        a.title.as_deref(),
        Some("How we cut our airfare in half this year")
    );
    // A one-word section h1 does not.
    let body = format!("<h1>Travel</h1><p>{PARA}</p>");
    let a = read_html(&page(head, &body), Some("https://wayfarer.example/flights"));
    assert_eq!(a.title.as_deref(), Some("Cheap flights: 7 tips (2026)"));
}

#[test]
fn a_permalink_marker_is_not_part_of_the_heading() {
    let body = format!("<h1>Reading files<a class='headerlink' href='#x'>¶</a></h1><p>{PARA}</p>");
    let a = read_html(
        &page("<title>Reading files — Toolkit 2.1 docs</title>", &body),
        None,
    );
    assert_eq!(a.title.as_deref(), Some("Reading files"));
}

#[test]
fn a_time_element_after_an_update_label_is_the_modified_date() {
    let body = format!(
        "<article><h1>Parsing dates in practice</h1><p>{PARA}</p>\
         <p class='page-footer'>This page was last changed, well, last modified on \
         <time datetime='2026-02-01T10:00:00Z'>Feb 1, 2026</time></p></article>"
    );
    let a = read_html(
        &page("<title>Parsing dates in practice</title>", &body),
        None,
    );
    assert_eq!(a.published, None);
    assert_eq!(a.modified.as_deref(), Some("2026-02-01T10:00:00+00:00"));
}

#[test]
fn thousands_of_reader_bylines_leave_the_article_byline() {
    let mut body = format!(
        "<article><h1>Harbour dredging starts</h1><div class='byline'>By Mia Chen</div><p>{PARA}</p></article><section class='comments'>"
    );
    for i in 0..3000 {
        body.push_str(&format!(
            "<div class='author'>Reader Number{i}</div><p>Comment {i}.</p>"
        ));
    }
    body.push_str("</section>");
    let a = read_html(&page("<title>Harbour dredging starts</title>", &body), None);
    assert_eq!(a.authors, vec!["Mia Chen"]);
}

#[test]
fn relative_dates_count_back_from_the_fetch() {
    use chrono::TimeZone;
    let fetched = chrono::Utc
        .with_ymd_and_hms(2026, 6, 10, 18, 0, 0)
        .single()
        .expect("valid");
    let body =
        format!("<article><h1>Storm closes the pass</h1><p>5 hours ago</p><p>{PARA}</p></article>");
    let a = crate::page::read_html_at(
        &page("<title>Storm closes the pass</title>", &body),
        None,
        fetched,
    );
    assert_eq!(a.published.as_deref(), Some("2026-06-10T13:00:00+00:00"));
    // A date after the fetch (plus a day) is not believed.
    let head = "<meta property='article:published_time' content='2026-07-01T00:00:00Z'>";
    let body = format!("<h1>Storm closes the pass</h1><p>{PARA}</p>");
    let a = crate::page::read_html_at(&page(head, &body), None, fetched);
    assert_eq!(a.published, None);
}

#[test]
fn a_meta_tag_of_any_name_that_says_published_date_is_a_publication_date() {
    let body =
        format!("<article><h1>Water rates rise</h1><p>{PARA}</p><p>{PARA} Two.</p></article>");
    let a = read_html(
        &page(
            "<meta name='x-published-date' content='2026-02-11T08:00:00Z'>\
             <meta name='content-updated-time' content='2026-02-12T08:00:00Z'>\
             <meta name='publisher' content='The Valley Ledger'>",
            &body,
        ),
        None,
    );
    assert_eq!(
        a.published.as_deref().and_then(|d| d.get(..10)),
        Some("2026-02-11")
    );
}
