//! claimwire: news pages in, structured claims and rated summaries out.
//!
//! The pipeline, one module a stage: [`fetch`] -> [`page`] -> [`claims`] -> [`rating`] ->
//! [`store`]; [`export`] renders what the store holds.

pub mod claims;
pub mod corpus;
pub mod eval;
pub mod fetch;
pub mod page;
pub mod rating;
