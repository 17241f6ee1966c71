//! Evaluation commands: measure each stage on labelled data (extraction against hand-annotated
//! bodies, claims against a gold file, the dedup's copies against a generated test set and its
//! events against labelled pairs). Users run them on their own data; so do we.

pub mod claims;
pub mod copyset;
pub mod direction;
pub mod events;
pub mod extraction;
pub mod focus;
pub mod stories;
pub mod wcxb;
mod wcxb_display;
pub mod wcxb_kind;
mod wcxb_metrics;
