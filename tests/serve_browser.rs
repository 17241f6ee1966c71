//! The pages of `claimwire serve` in a real headless Chromium, driven through WebDriver
//! (chromedriver, fantoccini): the ratings table, its filters and sorting, a story card with
//! its copies, the claim search, sources and an asset chart, the ingest form's live progress,
//! and a hostile title that must stay text. Screenshots of each page go to
//! `target/screenshots/`. Needs Debian's `chromium` and `chromium-driver` (scripts/test.sh
//! installs them); without them this test fails.

mod common;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::serve::{corpus_db, hostile_article, hostile_title, ServeProcess};
use common::{pages, Response, Server};
use fantoccini::{Client, ClientBuilder, Locator};

/// A chromedriver on a free loopback port; killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| PathBuf::from(d).join(name))
        .find(|p| p.is_file())
}

fn start_driver() -> Driver {
    let exe = which("chromedriver").unwrap_or_else(|| {
        panic!("chromedriver is not installed: apt-get install -y chromium chromium-driver (scripts/test.sh does)")
    });
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(exe)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "chromedriver did not listen"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let binary =
        which("chromium").expect("chromium is not installed (apt-get install -y chromium)");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": binary,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    // Plain HTTP: chromedriver listens on loopback.
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session in Chromium")
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).expect("write screenshot");
}

async fn rows(c: &Client, css: &str) -> Vec<fantoccini::elements::Element> {
    c.find_all(Locator::Css(css)).await.expect("find rows")
}

async fn visible_rows(c: &Client) -> usize {
    let mut n = 0;
    for r in rows(c, "#ratings tbody tr").await {
        if r.is_displayed().await.expect("displayed") {
            n += 1;
        }
    }
    n
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("text")
}

/// What the hostile script would have changed, had it run.
async fn script_did_not_run(c: &Client) {
    let v = c
        .execute("return [typeof window.__pwned, document.title];", vec![])
        .await
        .expect("execute");
    assert_eq!(v[0], "undefined", "the injected script ran");
    assert_ne!(v[1], "pwned", "the injected script ran");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_work_in_a_real_browser() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = corpus_db(tmp.path());
    let site = Server::start(|r| match r.path.as_str() {
        "/a" => Response::html(pages::article(31)),
        "/hostile" => Response::html(hostile_article()),
        _ => Response::status(404),
    });
    let server = ServeProcess::start(&db, &[]);
    let driver = start_driver();
    let c = browser(&driver, &tmp.path().join("chromium-profile")).await;

    // The ratings table: the corpus's two stories, one with three copies.
    c.goto(&server.url("/")).await.expect("open ratings");
    let table = rows(&c, "#ratings tbody tr").await;
    assert_eq!(table.len(), 2);
    let copies: Vec<String> = {
        let mut v = Vec::new();
        for r in &table {
            v.push(
                r.find(Locator::Css("td.copies"))
                    .await
                    .expect("copies")
                    .text()
                    .await
                    .expect("text"),
            );
        }
        v
    };
    let mut sorted = copies.clone();
    sorted.sort();
    assert_eq!(sorted, ["1", "3"]);
    shot(&c, "ratings").await;
    // The page's content alone (the README's picture: titles and ratings, no article text).
    let main = c.find(Locator::Css("main")).await.expect("main");
    let png = main.screenshot().await.expect("element screenshot");
    std::fs::write(screenshot_dir().join("ratings-table.png"), png).expect("write screenshot");

    // Sorting by copies, both ways.
    let header = c
        .find(Locator::XPath(
            "//table[@id='ratings']//th[normalize-space()='Copies']",
        ))
        .await
        .expect("Copies header");
    header.click().await.expect("sort");
    assert_eq!(
        text_of(&c, "#ratings tbody tr:first-child td.copies").await,
        "1"
    );
    header.click().await.expect("sort again");
    assert_eq!(
        text_of(&c, "#ratings tbody tr:first-child td.copies").await,
        "3"
    );
    let publisher = text_of(&c, "#ratings tbody tr:first-child td.publisher").await;
    assert!(!publisher.is_empty());

    // Filtering in the page (quick filter) and on the server (the form).
    c.find(Locator::Id("quick"))
        .await
        .expect("quick filter")
        .send_keys(&publisher)
        .await
        .expect("type");
    assert_eq!(visible_rows(&c).await, 1);
    let form_field = c
        .find(Locator::Css("#filters input[name=publisher]"))
        .await
        .expect("publisher field");
    form_field
        .send_keys(&publisher.to_lowercase())
        .await
        .expect("type");
    c.find(Locator::Css("#filters button[type=submit]"))
        .await
        .expect("filter")
        .click()
        .await
        .expect("submit");
    wait_for_url(&c, "publisher=").await;
    assert_eq!(rows(&c, "#ratings tbody tr").await.len(), 1);
    assert_eq!(text_of(&c, "#ratings tbody tr td.copies").await, "3");
    shot(&c, "ratings-filtered").await;
    c.find(Locator::Css("#filters select[name=direction]"))
        .await
        .expect("direction")
        .select_by_value("neutral")
        .await
        .expect("select");
    c.find(Locator::Css("#filters button[type=submit]"))
        .await
        .expect("filter")
        .click()
        .await
        .expect("submit");
    wait_for_url(&c, "direction=neutral").await;
    let neutral = rows(&c, "#ratings tbody tr").await.len();
    let count = text_of(&c, "p.count").await;
    assert!(
        count.starts_with(&format!("{neutral} of {neutral} ")),
        "{count}"
    );

    // The story card: three copies, on the time line too.
    c.goto(&server.url("/")).await.expect("open ratings");
    c.find(Locator::XPath(
        "//tr[td[@class='copies' and text()='3']]//td[@class='title']/a",
    ))
    .await
    .expect("title link")
    .click()
    .await
    .expect("open card");
    c.wait()
        .for_element(Locator::Id("card"))
        .await
        .expect("story card");
    assert_eq!(rows(&c, "#copies tbody tr").await.len(), 3);
    assert_eq!(rows(&c, "#copies tbody tr.original").await.len(), 1);
    let dated = rows(&c, "svg.timeline circle.copy").await.len();
    assert!(dated >= 1, "the original is dated");
    assert_eq!(dated + rows(&c, "span.undated-copy").await.len(), 3);
    assert_eq!(rows(&c, "section.judgement").await.len(), 4);
    assert_eq!(text_of(&c, "#story-publisher").await, publisher);
    shot(&c, "story").await;

    // Claim search, sources, an asset's chart.
    c.goto(&server.url("/claims?q=bitcoin"))
        .await
        .expect("claims");
    let found = rows(&c, "#claims tbody tr").await;
    assert!(!found.is_empty());
    for r in &found {
        let s = r
            .find(Locator::Css("td.sentence"))
            .await
            .expect("sentence")
            .text()
            .await
            .expect("text");
        assert!(s.to_lowercase().contains("bitcoin"), "{s}");
    }
    shot(&c, "claims").await;
    c.goto(&server.url("/assets/BTC")).await.expect("asset");
    assert!(!rows(&c, "svg.chart circle.price").await.is_empty());
    assert_eq!(
        rows(&c, "svg.chart circle.price").await.len(),
        rows(&c, "#prices tbody tr.dated").await.len()
    );
    shot(&c, "asset-btc").await;

    // The ingest form: its progress reaches done.
    c.goto(&server.url("/ingest")).await.expect("ingest form");
    let urls = [site.url("/a"), site.url("/hostile"), site.url("/gone")].join("\n");
    c.find(Locator::Id("urls"))
        .await
        .expect("urls")
        .send_keys(&urls)
        .await
        .expect("type");
    c.find(Locator::Id("start"))
        .await
        .expect("start")
        .click()
        .await
        .expect("start");
    let start = Instant::now();
    while text_of(&c, "#job-state").await != "done" {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the job did not finish: {}",
            text_of(&c, "#job-state").await
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(text_of(&c, "#job-done").await, "3");
    assert_eq!(text_of(&c, "#job-failed").await, "1");
    let bar = c
        .execute(
            "const b = document.getElementById('progress'); return [b.value, b.max];",
            vec![],
        )
        .await
        .expect("progress bar");
    assert_eq!(
        (bar[0].as_f64(), bar[1].as_f64()),
        (Some(3.0), Some(3.0)),
        "{bar}"
    );
    shot(&c, "ingest").await;
    c.goto(&server.url("/sources")).await.expect("sources");
    assert_eq!(rows(&c, "#sources tbody tr.failed").await.len(), 1);
    assert!(text_of(&c, "#sources tbody tr.failed td.detail")
        .await
        .contains("404"));
    shot(&c, "sources").await;

    // The hostile title: shown as text in the table and on its card, its script never run.
    c.goto(&server.url("/")).await.expect("open ratings");
    assert_eq!(rows(&c, "#ratings tbody tr").await.len(), 4);
    script_did_not_run(&c).await;
    let link = c
        .find(Locator::XPath(&format!(
            "//td[@class='title']/a[text()={}]",
            xpath_literal(&hostile_title())
        )))
        .await
        .expect("the hostile title, as text, in the ratings table");
    shot(&c, "ratings-after-ingest").await;
    link.click().await.expect("open card");
    c.wait()
        .for_element(Locator::Id("card"))
        .await
        .expect("story card");
    assert_eq!(text_of(&c, "#story-title").await, hostile_title());
    script_did_not_run(&c).await;
    shot(&c, "story-hostile").await;

    c.close().await.expect("close browser");
}

async fn wait_for_url(c: &Client, part: &str) {
    let start = Instant::now();
    loop {
        let url = c.current_url().await.expect("current URL");
        if url.as_str().contains(part) {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "still at {url}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A string as an XPath literal (concat() when it holds both kinds of quote).
fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        return format!("'{s}'");
    }
    if !s.contains('"') {
        return format!("\"{s}\"");
    }
    let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
    format!("concat({})", parts.join(", \"'\", "))
}
