use super::*;

#[test]
fn word_f1_is_a_bag_of_lowercase_words() {
    assert_eq!(word_f1("The cat sat.", "the CAT sat"), 1.0);
    // truth 4 words, prediction 2 of them plus 2 others: P = R = 0.5.
    assert!((word_f1("a b c d", "a b x y") - 0.5).abs() < 1e-9);
    // Repeats count: "a a" against "a" is P 1, R 0.5.
    assert!((word_f1("a a", "a") - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(word_f1("", ""), 1.0);
    assert_eq!(word_f1("", "menu"), 0.0);
    assert_eq!(word_f1("body", ""), 0.0);
}

#[test]
fn names_compare_as_sets_after_normalising() {
    assert_eq!(
        author_set(&["Jane Roe and John Doe"]),
        author_set(&["john doe", "Jane  Roe"])
    );
    assert_eq!(
        author_set(&["A. Smith, B. Jones"]),
        vec!["a smith", "b jones"]
    );
    assert_ne!(
        author_set(&["Jane Roe"]),
        author_set(&["Jane Roe", "Staff"])
    );
}

#[test]
fn held_out_is_about_a_quarter_and_stable() {
    let ids: Vec<String> = (0..1000).map(|i| format!("{i:04}")).collect();
    let n = ids.iter().filter(|i| held_out(i)).count();
    assert!((200..300).contains(&n), "{n}");
    assert_eq!(held_out("0001"), held_out("0001"));
}

fn truth(json: &str) -> TruthFile {
    serde_json::from_str(json).expect("test truth")
}

#[test]
fn a_page_is_scored_on_every_field() {
    let t = truth(
        r#"{"file_id":"x1","url":"https://example.org/a",
            "_internal":{"page_type":{"primary":"article"}},
            "ground_truth":{"title":"Rates Rise Again","author":"Ann Lee","publish_date":"2026-03-02",
              "main_content":"Rates rose again on Monday.","with":["rose again"],"without":["Subscribe now"]}}"#,
    );
    let pred = Prediction {
        text: "Rates rose again on Monday. Subscribe now!".into(),
        title: Some("Rates rise again".into()),
        authors: vec!["Ann Lee".into()],
        published: Some("2026-03-02T08:00:00+00:00".into()),
    };
    let r = score_page("x1", &t, pred, None);
    assert_eq!(r.title_ok, Some(true));
    assert_eq!(r.author_ok, Some(true));
    assert_eq!(r.date_ok, Some(true));
    assert_eq!(r.with_found, (1, 1));
    assert_eq!(r.without_leaked, (1, 1));
    assert!(r.word_f1 < 1.0 && r.word_f1 > 0.7);

    let wrong = Prediction {
        text: String::new(),
        title: Some("Rates Rise Again | The Daily Ledger".into()),
        authors: vec![],
        published: Some("2026-03-03".into()),
    };
    let r = score_page("x1", &t, wrong, None);
    assert_eq!(r.title_ok, Some(false));
    assert_eq!(r.author_ok, Some(false));
    assert_eq!(r.date_ok, Some(false));
    assert_eq!(r.word_f1, 0.0);
}

#[test]
fn fields_without_truth_are_not_scored_but_inventions_are_counted() {
    let t = truth(r#"{"ground_truth":{"title":"Shop","main_content":"Shop shoes"}}"#);
    let pred = Prediction {
        text: "Shop shoes".into(),
        title: Some("Shop".into()),
        authors: vec!["Admin".into()],
        published: None,
    };
    let r = score_page("p", &t, pred, None);
    assert_eq!((r.author_ok, r.date_ok), (None, None));
    assert!(r.invented_author && !r.invented_date);
    let g = GroupScore::of("all", &[&r]);
    assert_eq!(g.author, (0, 0));
    assert_eq!(g.invented_authors, 1);
    assert_eq!(g.word_f1, 1.0);
}
