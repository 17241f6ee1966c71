//! Load test of `claimwire serve` (run by scripts/bench-serve.sh): N concurrent clients read
//! story pages while the server ingests P loopback pages, posted as one job. Everything is on
//! loopback and bounded: each client stops after `--max-requests` or when the time limit
//! passes, and the run ends when the job is done and the clients have stopped.
//!
//!   bench_serve --base http://127.0.0.1:PORT --stories 1,2 [--clients 50] [--pages 200]
//!               [--max-seconds 300] [--max-requests 5000]
//!
//! Prints the latency of the story pages (p50, p90, p99, max), the errors (any status other
//! than 200, or a failed request), how many reads were made while the ingest ran, and the
//! ingest job's outcome.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::Path;
use axum::response::Html;

fn arg(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| default.to_string())
}

const SUBJECTS: [&str; 8] = [
    "pension fund",
    "mining firm",
    "payments startup",
    "custody bank",
    "market maker",
    "exchange",
    "asset manager",
    "treasury desk",
];
const VERBS: [&str; 6] = ["adds", "sells", "lends", "stakes", "moves", "hedges"];

/// A page of our own sentences; `n` makes its text, title and figures its own.
fn page(n: usize) -> String {
    let who = SUBJECTS[n % SUBJECTS.len()];
    let verb = VERBS[(n / SUBJECTS.len()) % VERBS.len()];
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Load test {n}: a {who} {verb} {n} bitcoin</title>
<meta property="og:site_name" content="Bench Wire"></head><body><article>
<h1>Load test {n}: a {who} {verb} {n} bitcoin</h1>
<p>A {who} known in this test as number {n} said on Monday that it {verb} {n} bitcoin over the
past week, its largest weekly move since the autumn, as client activity picked up.</p>
<p>Bitcoin traded near ${p},{c:03} during the morning session, while ether slipped {e}.{f}% to
${g},{h:03}. Analysts said demand from clients of the {who} had steadied after a volatile month.</p>
<p>"We see holders adding on weakness," an officer of the {who} told reporters, adding that the
firm expected clearer rules in the second half of the year to support further inflows.</p>
</article></body></html>"#,
        p = 60 + n % 40,
        c = (n * 37) % 1000,
        e = 1 + n % 5,
        f = n % 10,
        g = 2 + n % 3,
        h = (n * 91) % 1000,
    )
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let base = arg(&args, "--base", "http://127.0.0.1:8080");
    let clients: usize = arg(&args, "--clients", "50").parse()?;
    let pages: usize = arg(&args, "--pages", "200").parse()?;
    let max_seconds: u64 = arg(&args, "--max-seconds", "300").parse()?;
    let max_requests: usize = arg(&args, "--max-requests", "5000").parse()?;
    let stories: Vec<i64> = arg(&args, "--stories", "1,2")
        .split(',')
        .map(|s| s.trim().parse())
        .collect::<Result<_, _>>()?;

    // The pages to ingest, on a loopback server of our own.
    let site = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let site_addr = site.local_addr()?;
    let app = axum::Router::new().route(
        "/p/{n}",
        axum::routing::get(|Path(n): Path<usize>| async move { Html(page(n)) }),
    );
    tokio::spawn(async move { axum::serve(site, app).await });

    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(clients)
        .build()?;
    let urls: Vec<String> = (0..pages)
        .map(|n| format!("http://{site_addr}/p/{n}"))
        .collect();
    let res = http
        .post(format!("{base}/api/ingest"))
        .header("Content-Type", "application/json")
        .body(serde_json::to_string(&urls)?)
        .send()
        .await?;
    anyhow::ensure!(
        res.status().as_u16() == 202,
        "POST /api/ingest: {}",
        res.status()
    );
    let job: serde_json::Value = serde_json::from_slice(&res.bytes().await?)?;
    let job_id = job["id"].as_u64().unwrap_or_default();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(max_seconds);
    let ingesting = Arc::new(AtomicBool::new(true));

    let mut tasks = Vec::new();
    for client in 0..clients {
        let (http, base, stories, ingesting) = (
            http.clone(),
            base.clone(),
            stories.clone(),
            ingesting.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut errors, mut during) = (Vec::new(), 0usize, 0usize);
            for i in 0..max_requests {
                if Instant::now() > deadline || !ingesting.load(Ordering::Relaxed) {
                    break;
                }
                let id = stories[(client + i) % stories.len()];
                let t = Instant::now();
                let ok = match http.get(format!("{base}/stories/{id}")).send().await {
                    Ok(r) => r.status().as_u16() == 200 && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
                during += 1;
                if !ok {
                    errors += 1;
                }
            }
            (lat, errors, during)
        }));
    }

    // Follow the job until it is done (or the time is up).
    let job = loop {
        let j: serde_json::Value = match http.get(format!("{base}/api/jobs/{job_id}")).send().await
        {
            Ok(r) => serde_json::from_slice(&r.bytes().await?)?,
            Err(e) => anyhow::bail!("GET job: {e}"),
        };
        if matches!(j["state"].as_str(), Some("done" | "failed")) || Instant::now() > deadline {
            break j;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let ingest_secs = started.elapsed().as_secs_f64();
    ingesting.store(false, Ordering::Relaxed);

    let (mut lat, mut errors, mut reads) = (Vec::new(), 0, 0);
    for t in tasks {
        let (l, e, d) = t.await?;
        lat.extend(l);
        errors += e;
        reads += d;
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    println!("clients {clients}, pages ingested {pages}, story ids {stories:?}");
    println!(
        "ingest job {job_id}: state {}, {} of {} done, {} stored, {} failed, {:.1} s",
        job["state"].as_str().unwrap_or("?"),
        job["done"],
        job["total"],
        job["stored"],
        job["failed"],
        ingest_secs
    );
    println!(
        "story page reads during the ingest: {reads} ({:.0}/s), errors {errors}",
        reads as f64 / ingest_secs
    );
    println!(
        "latency ms: p50 {:.1}, p90 {:.1}, p99 {:.1}, max {:.1}",
        percentile(&lat, 0.50),
        percentile(&lat, 0.90),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or(f64::NAN)
    );
    anyhow::ensure!(errors == 0, "{errors} errors");
    Ok(())
}
