//! Evaluation commands: measure each stage on labelled data (extraction against hand-annotated
//! bodies, claims against a gold file). Users run them on their own data; so do we.

pub mod claims;
pub mod copyset;
pub mod extraction;
pub mod stories;
