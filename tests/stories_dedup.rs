//! The dedup: the seeds form the same stories and events in every ingest order (through the
//! CLI, against a temporary database), the copies test set groups alike in shuffled orders
//! and reaches its precision and recall, `dedup explain` works on two files without a
//! database, embeddings are stored and used when an embedder is given, and a database of an
//! older schema upgrades in place and keeps grouping.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use claimwire::store::stories::grouping::{group, Level};
use claimwire::store::stories::original::choose_original;
use claimwire::store::stories::{
    features_from, same_event, DedupIndex, EmbedScope, Features, Meta, Signals, TextEmbedder,
};
use common::{json, shared};

fn claimwire() -> Command {
    Command::cargo_bin("claimwire").expect("binary")
}

/// Stories as sets of page names, each with its original's page name; and events as sets of
/// stories (by their originals).
type Grouping = (
    BTreeSet<(String, BTreeSet<String>)>,
    BTreeSet<BTreeSet<String>>,
);

fn page_name(source: &str) -> String {
    Path::new(source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn ingest_in_order(pages: &[String], db: &Path) -> Grouping {
    let out = claimwire()
        .arg("--db")
        .arg(db)
        .arg("ingest")
        .args(pages)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stories = json(
        claimwire()
            .arg("--db")
            .arg(db)
            .args(["stories", "--format", "json"]),
    );
    let mut grouped = BTreeSet::new();
    let mut events: std::collections::BTreeMap<i64, BTreeSet<String>> = Default::default();
    for s in stories.as_array().expect("array") {
        let id = s["id"].as_i64().expect("id").to_string();
        let card = json(
            claimwire()
                .arg("--db")
                .arg(db)
                .args(["show", &id, "--json"]),
        );
        let members = card["members"].as_array().expect("members");
        let names: BTreeSet<String> = members
            .iter()
            .filter_map(|m| m["source"].as_str())
            .map(page_name)
            .collect();
        let original = members
            .iter()
            .find(|m| m["is_original"] == true)
            .and_then(|m| m["source"].as_str())
            .map(page_name)
            .expect("an original");
        let event = s["event_id"].as_i64().expect("every story has an event");
        events.entry(event).or_default().insert(original.clone());
        grouped.insert((original, names));
    }
    (grouped, events.into_values().collect())
}

/// The seed pages (built by `claimwire corpus` into `tmp`), sorted by name.
fn seed_pages(tmp: &Path) -> Vec<String> {
    let dir = tmp.join("pages");
    let out = claimwire()
        .args(["corpus", "--seeds"])
        .arg(shared().join("seeds"))
        .arg("--out")
        .arg(&dir)
        .output()
        .expect("run corpus");
    assert!(out.status.success());
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .expect("pages")
        .filter_map(|e| e.ok())
        .map(|e| e.path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".html"))
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 4);
    pages
}

/// The seeds' stories: 000, 001 and 002 with 002 (CoinDesk) the original; 003 alone.
fn seed_stories() -> BTreeSet<(String, BTreeSet<String>)> {
    [
        (
            "002-coindesk.html".to_string(),
            ["000-skn.html", "001-wordupnews.html", "002-coindesk.html"]
                .map(String::from)
                .into(),
        ),
        (
            "003-blog.html".to_string(),
            ["003-blog.html".to_string()].into(),
        ),
    ]
    .into()
}

#[test]
fn seeds_form_the_same_stories_and_events_in_every_order() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pages = seed_pages(tmp.path());
    let orders: [[usize; 4]; 6] = [
        [0, 1, 2, 3],
        [3, 2, 1, 0],
        [1, 3, 0, 2],
        [2, 0, 3, 1],
        [0, 3, 2, 1],
        [1, 2, 0, 3],
    ];
    let mut first: Option<Grouping> = None;
    for (k, order) in orders.iter().enumerate() {
        let shuffled: Vec<String> = order.iter().map(|&i| pages[i].clone()).collect();
        let got = ingest_in_order(&shuffled, &tmp.path().join(format!("o{k}.db")));
        assert_eq!(got.0, seed_stories(), "order {order:?}");
        match &first {
            None => first = Some(got),
            Some(f) => assert_eq!(&got, f, "events differ in order {order:?}"),
        }
    }
}

#[test]
fn a_database_of_schema_2_upgrades_and_keeps_grouping() {
    // Articles stored before the names and whole-text embedding columns existed: ingest two
    // seeds, take the columns away and mark the file as schema 2, then ingest the other two
    // with this build, which migrates the file and compares with the old rows.
    let tmp = tempfile::tempdir().expect("tempdir");
    let pages = seed_pages(tmp.path());
    let db = tmp.path().join("old.db");
    let old = [pages[1].clone(), pages[3].clone()];
    ingest_in_order(&old, &db);
    {
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.execute_batch(
            "ALTER TABLE dedup_features DROP COLUMN names;
             ALTER TABLE dedup_features DROP COLUMN emb_whole;
             ALTER TABLE claims DROP COLUMN precision;
             ALTER TABLE claims DROP COLUMN measures;
             DROP TABLE price_bars;
             DROP TABLE price_imports;
             ALTER TABLE articles DROP COLUMN page_kind;
             ALTER TABLE articles DROP COLUMN page_kind_detail;
             ALTER TABLE articles DROP COLUMN analysis_skipped;
             PRAGMA user_version = 2;",
        )
        .expect("downgrade");
    }
    let got = ingest_in_order(&pages, &db);
    assert_eq!(got.0, seed_stories());
    let conn = rusqlite::Connection::open(&db).expect("open");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, claimwire::store::SCHEMA_VERSION);
    let old_rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM dedup_features WHERE names IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(
        old_rows, 2,
        "the two old articles keep their stored sketches"
    );
}

fn sketches() -> (Vec<String>, Vec<Features>) {
    let docs = claimwire::eval::stories::load_copies(&shared()).expect("copies set");
    let features = docs
        .iter()
        .map(|d| {
            let a = claimwire::page::Article {
                text: d.text.clone(),
                ..Default::default()
            };
            features_from(&a, &claimwire::claims::extract(&a), None).expect("features")
        })
        .collect();
    (docs.iter().map(|d| d.name.clone()).collect(), features)
}

#[test]
fn the_copies_set_reaches_its_targets_and_groups_alike_in_shuffled_orders() {
    let docs = claimwire::eval::stories::load_copies(&shared()).expect("copies set");
    let report = claimwire::eval::stories::copies(&docs, None).expect("eval");
    assert!(report.pairs.precision >= 0.98, "{report}");
    assert!(report.pairs.recall >= 0.95, "{report}");

    let (names, features) = sketches();
    let partition = |order: &[usize], level| -> BTreeSet<(String, BTreeSet<String>)> {
        let f: Vec<Features> = order.iter().map(|&i| features[i].clone()).collect();
        let g = group(&f, level).expect("group");
        let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (pos, root) in g.iter().enumerate() {
            groups.entry(*root).or_default().push(order[pos]);
        }
        groups
            .values()
            .map(|members| {
                let refs: Vec<(i64, &Features)> =
                    members.iter().map(|&i| (i as i64, &features[i])).collect();
                let original = choose_original(&refs).expect("original") as usize;
                (
                    names[original].clone(),
                    members.iter().map(|&i| names[i].clone()).collect(),
                )
            })
            .collect()
    };
    let n = features.len();
    let forward: Vec<usize> = (0..n).collect();
    let backward: Vec<usize> = (0..n).rev().collect();
    let mixed: Vec<usize> = (0..n).map(|i| (i * 7919) % n).collect();
    assert_eq!(
        mixed.iter().collect::<BTreeSet<_>>().len(),
        n,
        "a permutation"
    );
    for level in [Level::Story, Level::Event] {
        let base = partition(&forward, level);
        assert_eq!(partition(&backward, level), base);
        assert_eq!(partition(&mixed, level), base);
    }
}

#[test]
fn explain_works_on_two_files_without_a_database() {
    let seeds = shared().join("seeds");
    let file = |prefix: &str| {
        std::fs::read_dir(&seeds)
            .expect("seeds")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| page_name(&p.to_string_lossy()).starts_with(prefix))
            .expect("seed file")
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("none.db");
    let run = |a: &Path, b: &Path| {
        json(
            claimwire()
                .arg("--db")
                .arg(&db)
                .args(["dedup", "explain"])
                .arg(a)
                .arg(b)
                .arg("--json"),
        )
    };
    let copy = run(&file("002"), &file("001"));
    assert_eq!(copy["same_story"], true, "{copy}");
    assert_eq!(copy["same_event"], true);
    assert!(copy["signals"]
        .as_array()
        .expect("rows")
        .iter()
        .all(|r| r["signal"].is_string()));
    let other = run(&file("002"), &file("003"));
    assert_eq!(other["same_story"], false, "{other}");
    assert!(!db.exists(), "explain on files needs no database");
}

/// A stand-in for the sentence-embedding model: hashed word counts.
struct Bag;

impl TextEmbedder for Bag {
    fn embed(&self, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>> {
        Ok(texts
            .iter()
            .map(|t| {
                let mut v = vec![0f32; 64];
                for w in t.split_whitespace() {
                    let h = claimwire::store::stories::minhash::fnv(w.to_lowercase().as_bytes());
                    v[(h % 64) as usize] += 1.0;
                }
                v
            })
            .collect())
    }
}

#[test]
fn embeddings_are_stored_and_used_when_given() {
    let text = "Bitcoin rose 4% to $92,400 on Thursday as the Russell 2000 printed a record. \
                Analysts expect the largest cryptocurrency to catch up with small caps soon.";
    let f = Features::new(
        Meta::default(),
        text,
        BTreeSet::new(),
        BTreeSet::new(),
        Some(&Bag),
        EmbedScope::All,
    )
    .expect("features");
    assert_eq!(f.emb_text.as_ref().map(Vec::len), Some(64));
    assert_eq!(f.emb_whole.as_ref().map(Vec::len), Some(64));
    // Ingest's sketch takes only the embedding the decisions read.
    let only = Features::new(
        Meta::default(),
        text,
        BTreeSet::new(),
        BTreeSet::new(),
        Some(&Bag),
        EmbedScope::Decisions,
    )
    .expect("features");
    assert_eq!(only.emb_text, f.emb_text);
    assert_eq!((only.emb_lede, only.emb_whole), (None, None));
    // Names: Thursday, Russell, 2000, 92,400 ("Bitcoin" and "Analysts" only open sentences).
    assert_eq!(f.names.len(), 4, "{:?}", f.names);
    let conn = rusqlite::Connection::open_in_memory().expect("db");
    conn.execute_batch(
        "CREATE TABLE dedup_features (article_id INTEGER PRIMARY KEY, text_hash TEXT NOT NULL,
            text_len INTEGER NOT NULL, meta TEXT NOT NULL, shingles BLOB NOT NULL,
            minhash BLOB NOT NULL, lede_minhash BLOB NOT NULL, terms BLOB NOT NULL,
            figures TEXT NOT NULL, entities TEXT NOT NULL, emb_lede BLOB, emb_text BLOB,
            names BLOB, emb_whole BLOB);
         CREATE TABLE dedup_bands (bucket INTEGER, article_id INTEGER, PRIMARY KEY (bucket, article_id));
         CREATE TABLE dedup_keys (key TEXT, article_id INTEGER, PRIMARY KEY (key, article_id));
         CREATE TABLE dedup_key_df (key TEXT PRIMARY KEY, df INTEGER NOT NULL);",
    )
    .expect("schema");
    let index = DedupIndex::new(&conn);
    index.insert(1, &f).expect("insert");
    let back = index.load(1).expect("load").expect("stored");
    assert_eq!(
        back, f,
        "features (embeddings included) round-trip through their blobs"
    );
    let s = Signals::between(&f, &back);
    assert!(s.embedding_text.is_some_and(|c| c > 0.999));
    assert!(same_event(&s).same);
}

#[test]
fn eval_stories_reports_same_event_scores_on_the_semeval_pairs() {
    let data = shared().join("eval/stories/semeval2022-en-dev.jsonl");
    let r = json(
        claimwire()
            .args(["eval", "stories", "--json", "--data"])
            .arg(&data),
    );
    assert_eq!(r["pairs"], 161);
    assert_eq!(r["left_out"], 24);
    assert_eq!(r["same"], 36);
    let f1 = r["scores"]["f1"].as_f64().expect("f1");
    let cv = r["cross_validated_f1"].as_f64().expect("cv");
    if r["embeddings"] == true {
        // With the documented weight and threshold: 0.933 in fp32, 0.919 in bf16 (one pair
        // at 0.4773 / 0.4766 against the threshold 0.477 fitted on these pairs in fp32); the
        // cross-validated F1 is 0.919 either way.
        assert!(f1 >= 0.91, "same-event F1 with embeddings {f1}");
        assert!(cv > 0.9, "{r}");
    } else {
        assert!(f1 > 0.8, "lexical same-event F1 {f1}");
        assert!(cv > 0.75, "{r}");
    }
}
