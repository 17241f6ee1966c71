//! How `ingest --stage-times` shows the batch's CPU time per stage: a table after the summary
//! (on standard error in `--json` mode, where standard output gets one closing
//! `{"stage_times": ...}` record instead).

use claimwire::stage_times::StageTimes;

/// The table: each stage's calls, CPU and wall time and share of the process's CPU, then
/// the CPU no stage covered and the process total.
pub fn table(t: &StageTimes, sources: usize) -> comfy_table::Table {
    let share = |ms: f64| {
        if t.process_cpu_ms > 0.0 {
            format!("{:.1}%", 100.0 * ms / t.process_cpu_ms)
        } else {
            "-".to_string()
        }
    };
    let per_source = |ms: f64| format!("{:.2}", ms / sources.max(1) as f64);
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_header([
            "stage",
            "calls",
            "CPU s",
            "CPU ms / source",
            "share of CPU",
            "wall s",
        ]);
    for s in &t.stages {
        table.add_row([
            s.stage.to_string(),
            s.calls.to_string(),
            format!("{:.3}", s.cpu_ms / 1e3),
            per_source(s.cpu_ms),
            share(s.cpu_ms),
            format!("{:.3}", s.wall_ms / 1e3),
        ]);
    }
    table.add_row([
        "unattributed".to_string(),
        "-".to_string(),
        format!("{:.3}", t.unattributed_ms / 1e3),
        per_source(t.unattributed_ms),
        share(t.unattributed_ms),
        "-".to_string(),
    ]);
    table.add_row([
        "process".to_string(),
        "-".to_string(),
        format!("{:.3}", t.process_cpu_ms / 1e3),
        per_source(t.process_cpu_ms),
        share(t.process_cpu_ms),
        format!("{:.3}", t.wall_ms / 1e3),
    ]);
    table
}

/// Prints the stage times of a batch of `sources` sources.
pub fn print(t: &StageTimes, sources: usize, json: bool) {
    let note = "fetch: CPU of the fetch tasks' polls; rating and embed: with the model \
                runtime's worker threads; unattributed: HTTP connection tasks, the ingest \
                loop, thread start-up, idle workers";
    if json {
        println!("{}", serde_json::json!({ "stage_times": t }));
        eprintln!("{}\n{note}", table(t, sources));
    } else {
        println!("{}\n{note}", table(t, sources));
    }
}
