// claimwire serve: sortable tables, the ratings quick filter, and the ingest form's progress.
"use strict";

function sortTable(table, col, kind, th) {
  const body = table.tBodies[0];
  const asc = th.dataset.dir !== "asc";
  table.querySelectorAll("th").forEach((h) => delete h.dataset.dir);
  th.dataset.dir = asc ? "asc" : "desc";
  const key = (row) => {
    const cell = row.cells[col];
    const raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    return kind === "num" ? parseFloat(raw) || 0 : raw.toLowerCase();
  };
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
  });
  rows.forEach((r) => body.appendChild(r));
}

function setUpTables() {
  document.querySelectorAll("table.sortable").forEach((table) => {
    table.querySelectorAll("th[data-sort]").forEach((th) => {
      th.tabIndex = 0;
      th.addEventListener("click", () => sortTable(table, th.cellIndex, th.dataset.sort, th));
    });
  });
  const quick = document.getElementById("quick");
  const ratings = document.getElementById("ratings");
  if (quick && ratings) {
    quick.addEventListener("input", () => {
      const words = quick.value.toLowerCase().split(/\s+/).filter((w) => w);
      Array.from(ratings.tBodies[0].rows).forEach((row) => {
        const text = row.textContent.toLowerCase();
        row.hidden = !words.every((w) => text.includes(w));
      });
    });
  }
}

function text(id, value) {
  document.getElementById(id).textContent = String(value);
}

function showJob(job) {
  const bar = document.getElementById("progress");
  bar.max = Math.max(job.total, 1);
  bar.value = job.done;
  text("job-id", job.id);
  text("job-state", job.state);
  text("job-done", job.done);
  text("job-total", job.total);
  text("job-failed", job.failed);
  const list = document.getElementById("job-sources");
  list.replaceChildren(
    ...job.sources.map((s) => {
      const li = document.createElement("li");
      li.textContent = s.status + " " + s.source + (s.detail ? ": " + s.detail : "");
      return li;
    })
  );
}

function fail(message) {
  const p = document.getElementById("ingest-error");
  p.textContent = message;
  p.hidden = false;
}

async function poll(id) {
  for (;;) {
    const res = await fetch("/api/jobs/" + encodeURIComponent(id));
    const job = await res.json();
    if (!res.ok) return fail(job.error || "job " + id + ": " + res.status);
    showJob(job);
    if (job.state === "done" || job.state === "failed") return;
    await new Promise((r) => setTimeout(r, 300));
  }
}

function setUpIngest() {
  const form = document.getElementById("ingest-form");
  if (!form) return;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    document.getElementById("ingest-error").hidden = true;
    const urls = document.getElementById("urls").value.split("\n").map((l) => l.trim()).filter((l) => l);
    const headers = { "Content-Type": "application/json" };
    const token = document.getElementById("token").value;
    if (token) headers["Authorization"] = "Bearer " + token;
    const res = await fetch("/api/ingest", { method: "POST", headers, body: JSON.stringify({ urls }) });
    const body = await res.json();
    if (!res.ok) return fail(body.error || "ingest: " + res.status);
    document.getElementById("job").hidden = false;
    showJob(body);
    await poll(body.id);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpTables();
  setUpIngest();
});
