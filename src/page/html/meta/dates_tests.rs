//! Tests of the date finder and parser.

use super::*;
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0)
        .single()
        .expect("valid")
}

#[test]
fn a_date_needs_a_year_in_ascii_digits() {
    let found = |t: &str| {
        find_all(t, now())
            .into_iter()
            .map(|f| f.value)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        found("Posted “4 December 2026” by the desk"),
        ["2026-12-04"]
    );
    assert!(found("Posted 4 December ٢٠٢٦ by the desk").is_empty());
    assert!(found("Posted in December by the desk, 3 hours later").is_empty());
}

#[test]
fn dates_normalise_to_iso() {
    assert_eq!(
        date("2025-12-12T10:50:00Z").as_deref(),
        Some("2025-12-12T10:50:00+00:00")
    );
    assert_eq!(
        date("2025-12-12 10:50").as_deref(),
        Some("2025-12-12T10:50:00")
    );
    assert_eq!(
        date("Dec 12, 2025, 10:50 a.m.").as_deref(),
        Some("2025-12-12T10:50:00")
    );
    assert_eq!(
        date("Dec 12, 2025, 3:05 p.m.").as_deref(),
        Some("2025-12-12T15:05:00")
    );
    assert_eq!(date("31 October 2023").as_deref(), Some("2023-10-31"));
    assert_eq!(
        date("Tue, 31 Oct 2023 12:00:00 GMT").as_deref(),
        Some("2023-10-31T12:00:00+00:00")
    );
    assert_eq!(date("no date here"), None);
}

#[test]
fn common_written_forms_and_languages_parse() {
    let d = |s: &str| date_at(s, now());
    assert_eq!(d("Dec. 4th, 2026").as_deref(), Some("2026-12-04"));
    assert_eq!(d("4th of December 2026").as_deref(), Some("2026-12-04"));
    assert_eq!(d("04.12.2026").as_deref(), Some("2026-12-04"));
    assert_eq!(d("12/04/2026").as_deref(), Some("2026-12-04"));
    assert_eq!(d("25/11/2026").as_deref(), Some("2026-11-25"));
    assert_eq!(d("4. Dezember 2026").as_deref(), Some("2026-12-04"));
    assert_eq!(d("4 décembre 2026").as_deref(), Some("2026-12-04"));
    assert_eq!(d("4 de diciembre de 2026").as_deref(), Some("2026-12-04"));
    assert_eq!(
        d("3 hours ago").as_deref(),
        Some("2026-12-04T09:00:00+00:00")
    );
    assert_eq!(d("yesterday").as_deref(), Some("2026-12-03"));
    assert_eq!(d("2 days ago").as_deref(), Some("2026-12-02"));
    assert_eq!(d("Mayday 4, 2026"), None);
    assert_eq!(
        d("1764849600").as_deref(),
        Some("2025-12-04T12:00:00+00:00")
    );
    assert_eq!(d("March 4, 1890"), None);
}

#[test]
fn header_dates_carry_their_labels() {
    let f = find_all(
        "Staff writer Aug 16, 2024 - Updated Sep 9, 2025 Posted on 1 July 2024",
        now(),
    );
    let v: Vec<(&str, bool, bool)> = f
        .iter()
        .map(|f| (f.value.as_str(), f.modified, f.published))
        .collect();
    assert_eq!(
        v,
        vec![
            ("2024-08-16", false, false),
            ("2025-09-09", true, false),
            ("2024-07-01", false, true)
        ]
    );
}

#[test]
fn url_paths_give_a_day() {
    assert_eq!(
        from_url("https://x.example/2025/09/04/some-story/").as_deref(),
        Some("2025-09-04")
    );
    assert_eq!(
        from_url("https://x.example/blog/2025-12-17-slug").as_deref(),
        Some("2025-12-17")
    );
    assert_eq!(
        from_url("https://x.example/news/20251217/slug").as_deref(),
        Some("2025-12-17")
    );
    assert_eq!(from_url("https://x.example/2025/12/slug"), None);
    assert_eq!(from_url("https://x.example/item/2025123456"), None);
}
