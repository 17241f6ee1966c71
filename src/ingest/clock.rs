//! The stage clock of an ingest batch ([`crate::stage_times`]): started with the batch when
//! its stage times are wanted, closed into its summary, and read around each source.

use std::collections::BTreeMap;

use super::IngestSummary;
use crate::stage_times::{self, Stage};

/// The stage clock of one batch: started with it when its stage times are wanted.
pub(super) struct Clock(Option<stage_times::Snapshot>);

impl Clock {
    pub(super) fn start(on: bool) -> Clock {
        if on {
            stage_times::enable();
        }
        Clock(on.then(stage_times::snapshot))
    }

    pub(super) fn close(self, mut summary: IngestSummary) -> IngestSummary {
        summary.stage_times = self.0.map(|start| stage_times::snapshot().since(&start));
        summary
    }
}

/// The CPU time of one source's stages since `before` (they run one source at a time).
pub(super) fn per_source(before: &stage_times::Snapshot) -> BTreeMap<&'static str, f64> {
    const SEQUENTIAL: [Stage; 6] = [
        Stage::Read,
        Stage::Claims,
        Stage::Rating,
        Stage::Embed,
        Stage::Dedup,
        Stage::Store,
    ];
    stage_times::snapshot()
        .cpu_ms_since(before, &SEQUENTIAL)
        .into_iter()
        .collect()
}
