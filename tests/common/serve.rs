//! Support for the `claimwire serve` tests: a database built by ingesting the sample corpus,
//! a real `claimwire serve` process on a free loopback port (stopped when dropped), and a
//! hostile article page written for these tests.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::shared;

/// The `claimwire` binary cargo built for these tests.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_claimwire"))
}

/// Builds the sample corpus into `dir/pages` and ingests it into `dir/claimwire.db`.
pub fn corpus_db(dir: &Path) -> PathBuf {
    let pages = dir.join("pages");
    let out = Command::new(binary())
        .args(["corpus", "--seeds"])
        .arg(shared().join("seeds"))
        .arg("--out")
        .arg(&pages)
        .output()
        .expect("run claimwire corpus");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(&pages)
        .expect("corpus pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "the corpus has four pages");
    let db = dir.join("claimwire.db");
    let out = Command::new(binary())
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .args(&files)
        .output()
        .expect("run claimwire ingest");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// A running `claimwire serve`; killed when dropped.
pub struct ServeProcess {
    child: Child,
    pub base: String,
    pub db: PathBuf,
}

impl ServeProcess {
    /// Starts `claimwire --db DB serve --addr 127.0.0.1:0 [extra...]` and waits for the
    /// address it prints.
    pub fn start(db: &Path, extra: &[&str]) -> ServeProcess {
        let mut child = Command::new(binary())
            .arg("--db")
            .arg(db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env_remove("CLAIMWIRE_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start claimwire serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("listening on ") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(b) => b,
            Err(_) => {
                let _ = child.kill();
                panic!("claimwire serve did not print its address within 120 s");
            }
        };
        ServeProcess {
            child,
            base,
            db: db.to_path_buf(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `GET url`: the status and the body as JSON.
pub async fn get(client: &reqwest::Client, url: String) -> (u16, Value) {
    let res = client.get(&url).send().await.expect("GET");
    let status = res.status().as_u16();
    (
        status,
        serde_json::from_slice(&res.bytes().await.expect("body")).expect("JSON body"),
    )
}

/// `POST url` with a JSON body (and a bearer token): the status and the body as JSON.
pub async fn post(
    client: &reqwest::Client,
    url: String,
    token: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let mut req = client
        .post(&url)
        .header("Content-Type", "application/json")
        .body(body.to_string());
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("POST");
    let status = res.status().as_u16();
    (
        status,
        serde_json::from_slice(&res.bytes().await.expect("body")).expect("JSON body"),
    )
}

/// Polls `GET /api/jobs/{id}` until the job is done or failed (at most `limit`).
pub async fn wait_for_job(
    client: &reqwest::Client,
    server: &ServeProcess,
    id: u64,
    limit: Duration,
) -> serde_json::Value {
    let start = Instant::now();
    loop {
        let job: serde_json::Value = client
            .get(server.url(&format!("/api/jobs/{id}")))
            .send()
            .await
            .expect("GET job")
            .bytes()
            .await
            .map(|b| serde_json::from_slice(&b).expect("job JSON"))
            .expect("job body");
        if matches!(job["state"].as_str(), Some("done" | "failed")) {
            return job;
        }
        assert!(start.elapsed() < limit, "job {id} not finished: {job}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What the hostile page's title would do if it ran: set a window variable and the title.
pub const HOSTILE_SCRIPT: &str = "<script>window.__pwned=1;document.title='pwned'</script>";

/// The title of the hostile page as the reader should store it.
pub fn hostile_title() -> String {
    format!("{HOSTILE_SCRIPT} Quarry Lane exchange lists a staking token")
}

/// An article page (our own sentences) whose title holds a script, and whose links try a
/// `javascript:` URL.
pub fn hostile_article() -> String {
    let escaped = hostile_title().replace('<', "&lt;").replace('>', "&gt;");
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escaped}</title>
<meta property="og:site_name" content="Quarry Lane Post">
<link rel="canonical" href="javascript:alert(1)">
</head><body>
<article>
<h1>{escaped}</h1>
<p>The Quarry Lane exchange said on Tuesday that it would list a staking token for its
customers in three countries, after a review of the token's governance that took most of the
winter and involved two outside auditors.</p>
<p>The token rose 4.5% to $3.20 after the announcement, while trading volume on the venue
doubled to $41 million within the first hour, according to figures the exchange published on
its status page.</p>
<p>A spokesperson said the listing would not change the venue's fee schedule, and that
withdrawals of the token would open a week after deposits, to give the operations team time to
test the new wallet software under real load.</p>
</article>
</body></html>"#
    )
}
