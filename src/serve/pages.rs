//! The HTML pages (maud, every value escaped): the ratings table with its filters, the claim
//! search, the sources with their failures and reasons, and the ingest form; the layout they
//! share; and our own script and style sheet. Links are made only to http and https URLs.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use maud::{html, Markup, DOCTYPE};

use crate::export::{display_title, money, number};
use crate::store::RatingRow;

use super::api::{query, ClaimsQuery, SourcesQuery, StoriesQuery};
use super::error::PageError;
use super::AppState;

const SCRIPT: &str = include_str!("app.js");
const STYLE: &str = include_str!("app.css");

/// `url` as a link target if it is an http or https URL; anything else (`javascript:`,
/// `data:`, a local path) gets no link.
pub fn safe_href(url: &str) -> Option<String> {
    let u = url::Url::parse(url.trim()).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// A source shown as a link when it may be one, as text otherwise.
pub fn source_link(source: &str) -> Markup {
    match safe_href(source) {
        Some(href) => {
            html! { a.source href=(href) rel="noopener noreferrer nofollow" { (source) } }
        }
        None => html! { span.source { (source) } },
    }
}

pub fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — claimwire" }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body {
                nav {
                    a href="/" { "Ratings" }
                    a href="/claims" { "Claims" }
                    a href="/sources" { "Sources" }
                    a href="/ingest" { "Ingest" }
                }
                main { (body) }
            }
        }
    }
}

fn direction_class(d: &str) -> &'static str {
    match d.to_ascii_lowercase().as_str() {
        "bullish" => "bullish",
        "bearish" => "bearish",
        _ => "neutral",
    }
}

fn ratings_table(rows: &[RatingRow]) -> Markup {
    html! {
        table #ratings.sortable {
            thead { tr {
                th data-sort="num" { "Story" }
                th data-sort="text" { "Title" }
                th data-sort="text" { "Publisher" }
                th data-sort="text" { "Published" }
                th data-sort="num" { "Copies" }
                th data-sort="text" { "Direction" }
                th data-sort="num" { "Score" }
                th data-sort="text" { "Impact" }
                th data-sort="text" { "Trust" }
                th data-sort="text" { "Time effect" }
                th data-sort="num" { "Price" }
                th { "Tags" }
            } }
            tbody {
                @for r in rows {
                    tr.story data-story=(r.story_id) {
                        td data-value=(r.story_id) { (r.story_id) }
                        td.title { a href={ "/stories/" (r.story_id) } {
                            (display_title(r.title.as_deref(), r.opening.as_deref()))
                        } }
                        td.publisher { (r.publisher.as_deref().unwrap_or("")) }
                        td { (r.published.as_deref().unwrap_or("")) }
                        td.copies data-value=(r.copies) { (r.copies) }
                        td.direction { span class=(direction_class(&r.direction)) { (r.direction) } }
                        td data-value=(r.direction_score) { (format!("{:+.2}", r.direction_score)) }
                        td { (r.impact) }
                        td { (r.trust) }
                        td { (r.time_effect) }
                        td data-value=(r.price_value.unwrap_or(0.0)) {
                            @if let (Some(a), Some(v)) = (&r.price_asset, r.price_value) {
                                a href={ "/assets/" (a) } { (a) } " " (money(v))
                            }
                        }
                        td.tags { @for t in &r.tags { span.tag { "#" (t) } " " } }
                    }
                }
            }
        }
    }
}

fn field(name: &str, label: &str, value: &Option<String>, kind: &str) -> Markup {
    html! {
        label { (label) " "
            input type=(kind) name=(name) value=(value.as_deref().unwrap_or(""));
        }
    }
}

pub async fn ratings(
    State(state): State<AppState>,
    q: Result<Query<StoriesQuery>, QueryRejection>,
) -> Result<Markup, PageError> {
    let q = query(q)?;
    let f = q.filter()?;
    let page = state.read(move |s| Ok(s.ratings_page(&f)?)).await?;
    let chosen = q.direction.clone().unwrap_or_default().to_ascii_lowercase();
    Ok(layout(
        "Ratings",
        html! {
            h1 { "Stories and their ratings" }
            form #filters method="get" action="/" {
                (field("asset", "Asset", &q.asset, "text"))
                label { "Direction "
                    select name="direction" {
                        @for d in ["", "bullish", "bearish", "neutral"] {
                            option value=(d) selected[chosen == d] {
                                (if d.is_empty() { "any" } else { d })
                            }
                        }
                    }
                }
                (field("publisher", "Publisher", &q.publisher, "text"))
                (field("from", "From", &q.from, "date"))
                (field("to", "To", &q.to, "date"))
                button type="submit" { "Filter" }
                " " a href="/" { "clear" }
            }
            p { label { "Quick filter " input #quick type="search" placeholder="words in any column"; } }
            p.count { (page.items.len()) " of " (page.total) " stories" }
            (ratings_table(&page.items))
            @if page.offset + page.items.len() < page.total {
                p { "More: add offset=" (page.offset + page.items.len()) " to the address." }
            }
        },
    ))
}

pub async fn claims(
    State(state): State<AppState>,
    q: Result<Query<ClaimsQuery>, QueryRejection>,
) -> Result<Markup, PageError> {
    let q = query(q)?;
    let (f, text, limit, offset) = q.filter()?;
    let page = state
        .read(move |s| Ok(s.search_claims(&f, text.as_deref(), limit, offset)?))
        .await?;
    Ok(layout(
        "Claims",
        html! {
            h1 { "Claims" }
            form #claim-search method="get" action="/claims" {
                (field("q", "Sentence contains", &q.q, "search"))
                (field("asset", "Asset", &q.asset, "text"))
                (field("kind", "Kind", &q.kind, "text"))
                (field("source", "Cited source", &q.source, "text"))
                (field("story", "Story", &q.story, "text"))
                button type="submit" { "Search" }
            }
            p.count { (page.items.len()) " of " (page.total) " claims" }
            table #claims.sortable {
                thead { tr {
                    th data-sort="num" { "Story" } th data-sort="text" { "Kind" }
                    th data-sort="num" { "Value" } th data-sort="text" { "Asset" }
                    th data-sort="text" { "Role" } th data-sort="text" { "Cited source" }
                    th data-sort="text" { "Publisher" } th { "Sentence" }
                } }
                tbody {
                    @for c in &page.items {
                        tr.claim {
                            td data-value=(c.story_id.unwrap_or(0)) {
                                @if let Some(s) = c.story_id { a href={ "/stories/" (s) } { (s) } }
                            }
                            td { (c.kind) }
                            td data-value=(c.value) {
                                (number(c.value))
                                @if let Some(h) = c.value_high { "–" (number(h)) }
                                @if let Some(cur) = &c.currency { " " (cur) }
                            }
                            td { @if let Some(a) = &c.asset { a href={ "/assets/" (a) } { (a) } } }
                            td { (c.role.as_deref().unwrap_or("")) }
                            td { (c.source.as_deref().unwrap_or("")) }
                            td { (c.publisher.as_deref().unwrap_or("")) }
                            td.sentence { (c.sentence) }
                        }
                    }
                }
            }
        },
    ))
}

pub async fn sources(
    State(state): State<AppState>,
    q: Result<Query<SourcesQuery>, QueryRejection>,
) -> Result<Markup, PageError> {
    let failed_only = matches!(
        query(q)?.failed.as_deref(),
        Some("1" | "true" | "yes" | "on")
    );
    let rows = state.read(move |s| Ok(s.sources(failed_only)?)).await?;
    let failures = rows
        .iter()
        .filter(|r| crate::ingest::is_failure(&r.status))
        .count();
    Ok(layout(
        "Sources",
        html! {
            h1 { "Sources" }
            p.count {
                (rows.len()) " sources, " (failures) " failed. "
                @if failed_only { a href="/sources" { "show all" } }
                @else { a href="/sources?failed=1" { "only the failures" } }
            }
            table #sources.sortable {
                thead { tr {
                    th data-sort="text" { "Status" } th data-sort="text" { "Source" }
                    th data-sort="text" { "Reason" } th data-sort="num" { "Attempts" }
                    th data-sort="text" { "Updated" }
                } }
                tbody {
                    @for r in &rows {
                        @let bad = crate::ingest::is_failure(&r.status);
                        tr.source-row.failed[bad] {
                            td.status { (r.status) }
                            td { (source_link(&r.source)) }
                            td.detail { (r.detail.as_deref().unwrap_or("")) }
                            td data-value=(r.attempts) { (r.attempts) }
                            td { (r.updated_at) }
                        }
                    }
                }
            }
        },
    ))
}

pub async fn ingest() -> Markup {
    layout(
        "Ingest",
        html! {
            h1 { "Ingest pages" }
            form #ingest-form {
                label for="urls" { "URLs, one a line (http or https, at most " (super::MAX_URLS) ")" }
                textarea #urls name="urls" rows="8" cols="80" required {}
                label { "Token (if the server has one) " input #token type="password" autocomplete="off"; }
                button #start type="submit" { "Ingest" }
            }
            section #job hidden {
                h2 { "Job " span #job-id {} }
                progress #progress max="1" value="0" {}
                p { span #job-state { "queued" } ": " span #job-done { "0" } " of " span #job-total { "0" }
                    " done, " span #job-failed { "0" } " failed" }
                ul #job-sources {}
            }
            p #ingest-error.error hidden {}
        },
    )
}

pub async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
}

pub async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE)
}

#[cfg(test)]
mod tests {
    use super::{safe_href, source_link};

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(
            safe_href("https://a.test/x?y=1").as_deref(),
            Some("https://a.test/x?y=1")
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href(" JavaScript:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,<script>x</script>"), None);
        assert_eq!(safe_href("/etc/passwd"), None);
        let shown = source_link("javascript:alert('<b>')").into_string();
        assert!(!shown.contains("href"), "{shown}");
        assert!(shown.contains("&lt;b&gt;"), "{shown}");
    }
}
