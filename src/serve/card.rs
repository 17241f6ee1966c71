//! The story card page (what `claimwire show` prints, as a page: source, published, price at
//! publication, tags, each judgement with its justification, the copies with the signals that
//! joined them on a time line, and the claims) and an asset's page (its price claims over
//! time beside the direction ratings of their stories).

use axum::extract::{Path, State};
use maud::{html, Markup};

use crate::export::{display_title, joined_by, money, number};
use crate::rating::Justified;

use super::api::story_id;
use super::charts::{copies_timeline, parse_time, price_chart};
use super::error::PageError;
use super::pages::{layout, source_link};
use super::{ApiError, AppState};

fn judgement<T: std::fmt::Display>(name: &str, j: &Justified<T>) -> Markup {
    html! {
        section.judgement {
            h2 { (name) }
            p.value { (j.value.to_string()) }
            @if !j.justification.is_empty() { p.justification { (j.justification) } }
        }
    }
}

/// Why a copy belongs to the story, in words.
pub async fn story(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Markup, PageError> {
    let id = story_id(&raw)?;
    let d = state
        .read(move |s| Ok(s.story(id)?))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no story {id}")))?;
    let title = display_title(d.story.title.as_deref(), d.story.opening.as_deref());
    Ok(layout(
        &title,
        html! {
            article #card {
                h1 #story-title { (title) }
                dl.facts {
                    dt { "Source" } dd #story-publisher { (d.story.publisher.as_deref().unwrap_or("unknown")) }
                    dt { "Published" } dd { (d.story.published.as_deref().unwrap_or("unknown")) }
                    @if let Some(p) = d.rating.as_ref().and_then(|r| r.price_at_publication.as_ref()) {
                        dt { (p.asset) " Price" }
                        dd { a href={ "/assets/" (p.asset) } { (money(p.value)) } }
                    }
                    @if let Some(e) = d.story.event_id {
                        dt { "Coverage" }
                        dd { "event " (e) ", " (d.story.event_stories) " independent "
                            (if d.story.event_stories == 1 { "story" } else { "stories" }) }
                    }
                }
                @if let Some(r) = &d.rating {
                    p.tags { @for t in &r.tags { span.tag { "#" (t) } " " } }
                    div.judgements {
                        (judgement("Price Impact", &r.impact))
                        (judgement("Trustworthiness", &r.trust))
                        (judgement("Price Direction", &r.direction))
                        (judgement("Time Effect", &r.time_effect))
                    }
                    p.scorer { "Direction score " (format!("{:+.2}", r.direction_score)) " by " (r.scorer) }
                } @else {
                    p { "(not rated)" }
                }
                h2 { "Copies (" (d.members.len()) ")" }
                (copies_timeline(&d.members))
                table #copies {
                    thead { tr { th { "Article" } th { "Publisher" } th { "Published" } th { "Source" } th { "Joined by" } } }
                    tbody {
                        @for m in &d.members {
                            tr.copy.original[m.is_original] {
                                td { (m.article_id) }
                                td { (m.publisher.as_deref().unwrap_or("unknown publisher")) }
                                td { (m.published.as_deref().unwrap_or("")) }
                                td { (source_link(&m.source)) }
                                td.reason { (joined_by(m)) }
                            }
                        }
                    }
                }
                h2 { "Claims (" (d.claims.len()) ")" }
                table #story-claims {
                    thead { tr { th { "#" } th { "Kind" } th { "Value" } th { "Asset" } th { "Role" } th { "Cited source" } th { "Surface" } } }
                    tbody {
                        @for (i, c) in d.claims.iter().enumerate() {
                            tr.claim {
                                td { "c" (i) }
                                td { (c.kind) }
                                td { (number(c.value)) }
                                td { (c.asset.as_deref().unwrap_or("")) }
                                td { (c.role.as_deref().unwrap_or("")) }
                                td { (c.source.as_deref().unwrap_or("")) }
                                td { (c.surface) }
                            }
                        }
                    }
                }
                p { a href={ "/api/stories/" (id) } { "This story as JSON" } }
            }
        },
    ))
}

pub async fn asset(
    State(state): State<AppState>,
    Path(asset): Path<String>,
) -> Result<Markup, PageError> {
    let a = asset.clone();
    let (points, assets) = state
        .read(move |s| Ok((s.price_points(&a)?, s.claimed_assets()?)))
        .await?;
    Ok(layout(
        &asset,
        html! {
            h1 { (asset) ": price claims and direction ratings" }
            p.assets { "Assets: "
                @for (a, n) in assets.iter().take(20) {
                    a href={ "/assets/" (a) } { (a) } " (" (n) ") "
                }
            }
            (price_chart(&asset, &points))
            table #prices {
                thead { tr { th { "Published" } th { "Value" } th { "Role" } th { "Story" } th { "Direction" } } }
                tbody {
                    @for p in &points {
                        tr.price.dated[p.published.as_deref().and_then(parse_time).is_some()] {
                            td { (p.published.as_deref().unwrap_or("")) }
                            td { (money(p.value)) }
                            td { (p.role.as_deref().unwrap_or("")) }
                            td { @if let Some(s) = p.story_id {
                                a href={ "/stories/" (s) } { (p.title.as_deref().unwrap_or("(untitled)")) }
                            } }
                            td { (p.direction.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        },
    ))
}
