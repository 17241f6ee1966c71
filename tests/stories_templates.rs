//! Shared page templates are not copies: two articles of one site whose main text is mostly
//! the same registration form stay two stories (and two events), while a retitled repost of
//! one of them, which keeps its figures, still joins it. Through the CLI, on a real database.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::json;

const FORM: &str = "<div class=\"box\"><p>TAKE A FREE TRIAL. Registered users can read up to \
three reports. Enter your details below for immediate access. If you would like to request a \
full trial of our services, please fill in the trial request form instead. Note our system \
only accepts work email addresses. The password for your account must be at least eight \
characters long and contain one capital letter and one special character.</p><p>Email \
address First Name Last Name Organisation Job Title Telephone City State Alabama Alaska \
Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho \
Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan \
Minnesota Mississippi Missouri Montana Nebraska Nevada</p></div>";

const BITCOIN: &str = "<p>Bitcoin rose 8% to $95,000 on Tuesday after regulators approved the \
first spot fund, and traders said inflows of $1.2 billion in the first week would test the \
rally. Analysts at the desk expect the price to hold above the old peak while the new fund \
keeps buying, although some warned that the move came fast and on thin weekend volume.</p>";

const ETHER: &str = "<p>Ether fell 5% to $3,100 on Wednesday as network fees dropped to a \
two-year low, and staking yields slipped below 3%. Developers said the next upgrade would \
cut costs further, while several funds trimmed their positions ahead of the quarterly \
expiry of options on the exchange that lists most of the contracts.</p>";

fn page(title: &str, site: &str, body: &str) -> String {
    format!(
        "<html><head><title>{title}</title><meta property=\"og:site_name\" content=\"{site}\">\
         </head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )
}

fn claimwire(db: &Path) -> Command {
    let mut c = Command::cargo_bin("claimwire").expect("binary");
    c.arg("--db").arg(db).arg("--no-model");
    c
}

#[test]
fn a_shared_registration_form_is_no_copy_but_a_retitled_repost_is() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, html: String| {
        let p = tmp.path().join(name);
        std::fs::write(&p, html).expect("write page");
        p
    };
    let bitcoin = write(
        "bitcoin.html",
        page(
            "Bitcoin jumps after ETF approval",
            "Example Research",
            &format!("{BITCOIN}{FORM}"),
        ),
    );
    let ether = write(
        "ether.html",
        page(
            "Ether slides as fees fall",
            "Example Research",
            &format!("{ETHER}{FORM}"),
        ),
    );
    let repost = write(
        "repost.html",
        page(
            "Regulators clear fund, crypto climbs",
            "Other Wire",
            BITCOIN,
        ),
    );
    let db = tmp.path().join("t.db");

    let explain = json(
        claimwire(&db)
            .args(["dedup", "explain", "--json"])
            .arg(&bitcoin)
            .arg(&ether),
    );
    assert_eq!(explain["raw"]["title_overlap"], 0.0, "{explain}");
    assert!(
        explain["raw"]["containment"].as_f64().expect("containment") >= 0.5,
        "the form alone makes the texts overlap like copies: {explain}"
    );
    assert_eq!(explain["same_story"], false, "{explain}");
    assert_eq!(explain["same_event"], false, "{explain}");
    assert_eq!(explain["story_verdict"]["reason"], "shared_template");

    let copy = json(
        claimwire(&db)
            .args(["dedup", "explain", "--json"])
            .arg(&bitcoin)
            .arg(&repost),
    );
    assert_eq!(copy["raw"]["title_overlap"], 0.0, "{copy}");
    assert!(copy["raw"]["shared_figures"].as_u64().expect("figures") >= 2);
    assert_eq!(copy["same_story"], true, "{copy}");

    claimwire(&db)
        .arg("ingest")
        .arg(&bitcoin)
        .arg(&ether)
        .arg(&repost)
        .assert()
        .success();
    let stories = json(claimwire(&db).args(["stories", "--format", "json"]));
    let mut shape: Vec<(i64, String)> = stories
        .as_array()
        .expect("array")
        .iter()
        .map(|s| {
            (
                s["copies"].as_i64().expect("copies"),
                s["title"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    shape.sort();
    assert_eq!(shape.len(), 2, "{stories}");
    assert_eq!(shape[0], (1, "Ether slides as fees fall".to_string()));
    assert_eq!(
        shape[1].0, 2,
        "the Bitcoin article and its repost: {stories}"
    );
}
