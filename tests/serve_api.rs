//! `claimwire serve` as a process over loopback, on a real SQLite file built by ingesting the
//! sample corpus: the JSON API's content against the CLI's, its filters and errors, an ingest
//! job over loopback pages, the token on writes, and escaping in the pages.

mod common;

use std::time::Duration;

use common::serve::{
    corpus_db, get, hostile_article, hostile_title, post, wait_for_job, ServeProcess,
};
use common::{pages, Response, Server};
use serde_json::Value;

fn cli_json(db: &std::path::Path, args: &[&str]) -> Value {
    let mut cmd = assert_cmd::Command::cargo_bin("claimwire").expect("binary");
    cmd.arg("--db").arg(db).args(args);
    common::json(&mut cmd)
}

fn page_names(story: &Value) -> Vec<String> {
    let mut names: Vec<String> = story["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| {
            let s = m["source"].as_str().expect("source");
            s.rsplit('/').next().unwrap_or(s).to_string()
        })
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_serves_the_corpus_as_the_cli_shows_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = corpus_db(tmp.path());
    let server = ServeProcess::start(&db, &[]);
    let c = reqwest::Client::new();

    let (status, stories) = get(&c, server.url("/api/stories")).await;
    assert_eq!(status, 200);
    assert_eq!(stories["total"], 2);
    let items = stories["items"].as_array().expect("items");
    let mut copies: Vec<i64> = items
        .iter()
        .map(|s| s["copies"].as_i64().unwrap_or(0))
        .collect();
    copies.sort();
    assert_eq!(copies, [1, 3]);
    // The same rows as `claimwire export --format jsonl`, newest first.
    let out = assert_cmd::Command::cargo_bin("claimwire")
        .expect("binary")
        .arg("--db")
        .arg(&db)
        .args(["export", "--format", "jsonl"])
        .output()
        .expect("export");
    let mut exported: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let mut listed = items.clone();
    let by_id = |a: &Value, b: &Value| a["story_id"].as_i64().cmp(&b["story_id"].as_i64());
    exported.sort_by(by_id);
    listed.sort_by(by_id);
    assert_eq!(listed, exported);

    // One story in full, equal to `claimwire show ID --json`.
    let big = items
        .iter()
        .find(|s| s["copies"] == 3)
        .expect("the story with three copies");
    let id = big["story_id"].as_i64().expect("id");
    let (status, detail) = get(&c, server.url(&format!("/api/stories/{id}"))).await;
    assert_eq!(status, 200);
    // The CLI adds its market checks (none without price data); the rest is the same.
    let mut shown = cli_json(&db, &["show", &id.to_string(), "--json"]);
    if let Some(o) = shown.as_object_mut() {
        o.remove("market");
    }
    assert_eq!(detail, shown);
    assert_eq!(
        page_names(&detail),
        ["000-skn.html", "001-wordupnews.html", "002-coindesk.html"]
    );
    assert!(detail["rating"]["direction"]["justification"]
        .as_str()
        .is_some_and(|j| !j.is_empty()));

    // Filters and paging.
    let count = |v: &Value| v["total"].as_i64().expect("total");
    let direction = big["direction"]
        .as_str()
        .expect("direction")
        .to_ascii_lowercase();
    let (_, v) = get(
        &c,
        server.url(&format!("/api/stories?direction={direction}")),
    )
    .await;
    assert!(v["items"].as_array().unwrap().iter().all(|s| s["direction"]
        .as_str()
        .unwrap()
        .eq_ignore_ascii_case(&direction)));
    let other = if direction == "bearish" {
        "bullish"
    } else {
        "bearish"
    };
    let (_, w) = get(&c, server.url(&format!("/api/stories?direction={other}"))).await;
    assert_eq!(
        count(&v)
            + count(&w)
            + count(
                &get(&c, server.url("/api/stories?direction=neutral"))
                    .await
                    .1
            ),
        2
    );
    let publisher = big["publisher"].as_str().expect("publisher");
    let (_, v) = get(
        &c,
        server.url(&format!(
            "/api/stories?publisher={}",
            publisher.to_uppercase()
        )),
    )
    .await;
    assert_eq!(count(&v), 1);
    assert_eq!(v["items"][0]["story_id"], id);
    let (_, v) = get(&c, server.url("/api/stories?asset=btc")).await;
    assert_eq!(count(&v), 2);
    let (_, v) = get(&c, server.url("/api/stories?asset=DOGE")).await;
    assert_eq!(count(&v), 0);
    let day = &big["published"].as_str().expect("published")[..10];
    let (_, v) = get(&c, server.url(&format!("/api/stories?from={day}&to={day}"))).await;
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["story_id"] == id));
    let (_, v) = get(&c, server.url("/api/stories?from=2099-01-01")).await;
    assert_eq!(count(&v), 0);
    let (_, p1) = get(&c, server.url("/api/stories?limit=1")).await;
    let (_, p2) = get(&c, server.url("/api/stories?limit=1&offset=1")).await;
    assert_eq!((count(&p1), p1["items"].as_array().unwrap().len()), (2, 1));
    assert_ne!(p1["items"][0]["story_id"], p2["items"][0]["story_id"]);

    // Claims: the CLI's filters give the CLI's rows; the text search finds sentences.
    let cli = cli_json(
        &db,
        &[
            "claims", "--asset", "BTC", "--kind", "price", "--format", "json",
        ],
    );
    let (status, api) = get(&c, server.url("/api/claims?asset=BTC&kind=price&limit=500")).await;
    assert_eq!(status, 200);
    assert_eq!(api["items"], cli);
    assert!(!cli.as_array().unwrap().is_empty());
    let all = cli_json(&db, &["claims", "--format", "json"]);
    let word = "Bitcoin";
    let expected = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["sentence"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("bitcoin")
        })
        .count();
    let (_, found) = get(
        &c,
        server.url(&format!("/api/claims?q={}&limit=500", word.to_lowercase())),
    )
    .await;
    assert!(expected > 0);
    assert_eq!(count(&found) as usize, expected);
    let (_, none) = get(&c, server.url("/api/claims?q=%25%25zz%25")).await;
    assert_eq!(
        count(&none),
        0,
        "LIKE wildcards in a search match themselves"
    );

    // Sources.
    let (_, sources) = get(&c, server.url("/api/sources")).await;
    let statuses: Vec<&str> = sources
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["stored"; 4]);

    // Errors: status and a message naming the input.
    for (path, code, needle) in [
        ("/api/stories/999", 404, "no story 999"),
        ("/api/stories/abc", 400, "\"abc\" is not a story id"),
        ("/api/stories?from=12/01/2025", 400, "from=\"12/01/2025\""),
        ("/api/stories?direction=up", 400, "direction=\"up\""),
        ("/api/stories?limit=100000", 400, "limit 100000"),
        ("/api/stories?offset=-1", 400, "offset"),
        ("/api/claims?kind=weight", 400, "kind=\"weight\""),
        ("/api/jobs/77", 404, "no job 77"),
        ("/api/nothing", 404, "no route /api/nothing"),
    ] {
        let (status, body) = get(&c, server.url(path)).await;
        assert_eq!(status, code, "{path}: {body}");
        assert_eq!(body["status"], code);
        assert!(
            body["error"].as_str().unwrap().contains(needle),
            "{path}: {body}"
        );
    }
    let ingest = server.url("/api/ingest");
    for (body, code, needle) in [
        ("[\"http://a.test/\"", 400, "not a list of URLs"),
        ("{\"links\": []}", 422, "JSON list of URLs"),
        ("[]", 422, "empty"),
        (
            "[\"http://a.test/\", \"javascript:alert(1)\"]",
            422,
            "URL 2",
        ),
        ("[\"/etc/passwd\"]", 422, "not an http or https URL"),
    ] {
        let (status, v) = post(&c, ingest.clone(), None, body).await;
        assert_eq!(status, code, "{body}: {v}");
        assert!(v["error"].as_str().unwrap().contains(needle), "{body}: {v}");
    }
    let many = serde_json::to_string(&vec!["http://127.0.0.1:9/x"; 501]).unwrap();
    assert_eq!(post(&c, ingest.clone(), None, &many).await.0, 413);
    let huge = serde_json::to_string(&vec![
        "http://127.0.0.1:9/".to_string() + &"x".repeat(2000);
        40
    ])
    .unwrap();
    let (status, v) = post(&c, ingest.clone(), None, &huge).await;
    assert_eq!(status, 413, "{v}");
    assert!(v["error"].as_str().unwrap().contains("larger than"), "{v}");
    let res = c
        .post(&ingest)
        .body("[\"http://a.test/\"]")
        .send()
        .await
        .expect("POST");
    assert_eq!(
        res.status().as_u16(),
        415,
        "a write needs a JSON content type"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ingest_job_runs_in_the_background_and_titles_are_escaped() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = corpus_db(tmp.path());
    let site = Server::start(|r| match r.path.as_str() {
        "/a" => Response::html(pages::article(11)),
        "/hostile" => Response::html(hostile_article()),
        _ => Response::status(404),
    });
    let server = ServeProcess::start(&db, &[]);
    let c = reqwest::Client::new();
    let urls =
        serde_json::json!({"urls": [site.url("/a"), site.url("/hostile"), site.url("/gone")]});
    let (status, job) = post(&c, server.url("/api/ingest"), None, &urls.to_string()).await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_u64().expect("job id");
    let job = wait_for_job(&c, &server, id, Duration::from_secs(120)).await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(
        (
            job["total"].as_i64(),
            job["done"].as_i64(),
            job["failed"].as_i64(),
            job["stored"].as_i64()
        ),
        (Some(3), Some(3), Some(1), Some(2)),
        "{job}"
    );
    // The same job as server-sent events: it is done, so one last event and the end.
    let events = c
        .get(server.url(&format!("/api/jobs/{id}/events")))
        .send()
        .await
        .expect("GET events");
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let stream = events.text().await.expect("event stream");
    let data = stream
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .expect("an event");
    assert!(stream.starts_with("event: progress"), "{stream}");
    assert_eq!(
        serde_json::from_str::<Value>(data).expect("event JSON"),
        job
    );
    let gone = job["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"].as_str().unwrap().ends_with("/gone"))
        .expect("the 404 source");
    assert_eq!(gone["status"], "http_status");
    let (_, stories) = get(&c, server.url("/api/stories")).await;
    assert_eq!(stories["total"], 4);
    let hostile = stories["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == hostile_title().as_str())
        .expect("the hostile page is a story, its title kept as text");
    let hid = hostile["story_id"].as_i64().unwrap();
    let (_, failed) = get(&c, server.url("/api/sources?failed=1")).await;
    assert_eq!(failed.as_array().unwrap().len(), 1);

    // The pages show the title as text: no script element, no javascript: link.
    for path in [
        "/".to_string(),
        format!("/stories/{hid}"),
        "/sources".to_string(),
    ] {
        let res = c.get(server.url(&path)).send().await.expect("GET page");
        assert_eq!(res.status().as_u16(), 200);
        let csp = res
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        let html = res.text().await.expect("page");
        assert!(
            !html.contains("<script>window.__pwned"),
            "{path} holds the title unescaped"
        );
        assert!(
            !html.contains("href=\"javascript:"),
            "{path} links a javascript: URL"
        );
        if path != "/sources" {
            assert!(
                html.contains(
                    "&lt;script&gt;window.__pwned=1;document.title='pwned'&lt;/script&gt;"
                ) || html.contains(
                    "&lt;script&gt;window.__pwned=1;document.title=&#39;pwned&#39;&lt;/script&gt;"
                ),
                "{path} does not show the title as text"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_need_the_token_and_public_addresses_need_one() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = corpus_db(tmp.path());
    let server = ServeProcess::start(&db, &["--token", "s3cret-token"]);
    let c = reqwest::Client::new();
    let body = "[\"http://127.0.0.1:9/nothing-listens-here\"]";
    let (status, v) = post(&c, server.url("/api/ingest"), None, body).await;
    assert_eq!(status, 401, "{v}");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("Authorization: Bearer"),
        "{v}"
    );
    let (status, v) = post(&c, server.url("/api/ingest"), Some("s3cret-tokeN"), body).await;
    assert_eq!(
        (status, v["error"].as_str()),
        (401, Some("the bearer token is wrong"))
    );
    let (status, job) = post(&c, server.url("/api/ingest"), Some("s3cret-token"), body).await;
    assert_eq!(status, 202, "{job}");
    let job = wait_for_job(
        &c,
        &server,
        job["id"].as_u64().unwrap(),
        Duration::from_secs(60),
    )
    .await;
    assert_eq!(
        (job["done"].as_i64(), job["failed"].as_i64()),
        (Some(1), Some(1)),
        "{job}"
    );
    // Reads need no token.
    assert_eq!(get(&c, server.url("/api/stories")).await.0, 200);

    // Jobs wait their turn, at most 16 at once: a slow site keeps them waiting.
    let slow = Server::start(|_| {
        let mut r = Response::status(404);
        r.delay = Duration::from_secs(3);
        r
    });
    let body = serde_json::to_string(&[slow.url("/slow")]).unwrap();
    let mut codes = Vec::new();
    for _ in 0..17 {
        let (status, v) = post(&c, server.url("/api/ingest"), Some("s3cret-token"), &body).await;
        codes.push(status);
        if status == 429 {
            assert!(
                v["error"].as_str().unwrap().contains("16 ingest jobs"),
                "{v}"
            );
        }
    }
    assert_eq!(codes, [[202; 16].as_slice(), &[429]].concat());

    // Off loopback without a token: refused before binding, with the reason.
    let out = std::process::Command::new(common::serve::binary())
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "0.0.0.0:0"])
        .env_remove("CLAIMWIRE_TOKEN")
        .output()
        .expect("run serve");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to listen on 0.0.0.0:0 without a token"),
        "{err}"
    );
}
