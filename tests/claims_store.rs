//! Role, precision and what an amount measures, as `extract` prints them and as `ingest`
//! stores them for `claims` (JSON and the table), and the migration that adds the columns
//! to a database written before them. The article is written for this test.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const ARTICLE: &str = "Bitcoin slips back toward support as fees spike\n\n\
Bitcoin traded in the low-$26,000s on Monday as sellers pressed the market lower for a \
third session. Analysts see support around the $25,500-$26,000 area for the coin. \
Average transaction fees on the network rose to $12, the highest since spring. \
Separately, the exchange was fined $4.3 billion by regulators last year.\n";

fn claimwire(db: &Path) -> Command {
    let mut c = Command::cargo_bin("claimwire").expect("binary");
    c.arg("--db").arg(db);
    c
}

fn find(claims: &[Value], value: f64) -> &Value {
    claims
        .iter()
        .find(|c| c["value"].as_f64() == Some(value))
        .unwrap_or_else(|| panic!("no claim {value} in {claims:#?}"))
}

fn check(claims: &[Value]) {
    let zone = find(claims, 26000.0);
    assert_eq!(zone["kind"], "price");
    assert_eq!(zone["asset"], "BTC");
    assert_eq!(zone["value_high"].as_f64(), Some(27000.0));
    assert_eq!(zone["precision"], "zone_low");
    assert_eq!(zone["role"], "current");
    let range = find(claims, 25500.0);
    assert_eq!(range["value_high"].as_f64(), Some(26000.0));
    assert_eq!(range["precision"], "range");
    assert_eq!(range["role"], "support");
    let fee = find(claims, 12.0);
    assert_eq!(fee["kind"], "amount");
    assert_eq!(fee["measures"], "fee");
    let fine = find(claims, 4.3e9);
    assert_eq!(fine["kind"], "amount");
    assert_eq!(fine["measures"], "fine");
}

#[test]
fn extract_and_stored_claims_show_role_precision_and_measures() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = tmp.path().join("fees.txt");
    std::fs::write(&text, ARTICLE).expect("write");
    let db = tmp.path().join("c.db");

    let extracted = common::json(claimwire(&db).arg("extract").arg(&text));
    check(extracted["claims"].as_array().expect("claims"));

    claimwire(&db).arg("ingest").arg(&text).assert().success();
    let stored = common::json(claimwire(&db).args(["claims", "--format", "json"]));
    check(stored.as_array().expect("rows"));

    let table = claimwire(&db)
        .args(["claims", "--format", "csv"])
        .output()
        .expect("run");
    let csv = String::from_utf8_lossy(&table.stdout);
    let header = csv.lines().next().unwrap_or("");
    assert!(header.contains("role,precision,measures"), "{header}");
    assert!(csv.contains("zone_low") && csv.contains(",fine,"), "{csv}");
}

#[test]
fn a_database_from_before_the_columns_is_migrated_and_keeps_its_rows() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = tmp.path().join("fees.txt");
    std::fs::write(&text, ARTICLE).expect("write");
    let db = tmp.path().join("old.db");
    claimwire(&db).arg("ingest").arg(&text).assert().success();
    {
        let conn = rusqlite::Connection::open(&db).expect("open");
        // Back to schema 3, before the claims' precision (4), market data (5) and page
        // kinds (6).
        conn.execute_batch(
            "ALTER TABLE claims DROP COLUMN precision;
             ALTER TABLE claims DROP COLUMN measures;
             DROP TABLE price_bars;
             DROP TABLE price_imports;
             ALTER TABLE articles DROP COLUMN page_kind;
             ALTER TABLE articles DROP COLUMN page_kind_detail;
             ALTER TABLE articles DROP COLUMN analysis_skipped;
             PRAGMA user_version = 3;",
        )
        .expect("downgrade");
    }
    let rows = common::json(claimwire(&db).args(["claims", "--format", "json"]));
    let rows = rows.as_array().expect("rows");
    let old = find(rows, 26000.0);
    assert_eq!(old["kind"], "price", "old rows keep their meaning");
    assert_eq!(old["role"], "current");
    assert_eq!(
        old["precision"],
        Value::Null,
        "unknown for rows stored before"
    );
    let conn = rusqlite::Connection::open(&db).expect("open");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, claimwire::store::SCHEMA_VERSION);
}
