//! Model loading and inference (cargo feature `model`): the all-MiniLM-L6-v2 encoder on
//! rust-bert / tch ([`Encoder`]), sentence embeddings for the stories stage
//! ([`SentenceEmbedder`]), the fine-tuned sentence direction classifier ([`DirectionModel`])
//! and its training ([`train`], [`soup`]). Where the files are: [`ModelPaths`].

mod direction;
mod encoder;
pub mod inference;
mod paths;
pub mod soup;
pub mod train;

pub use direction::{DirectionModel, DIRECTION_MODEL_NAME};
pub use encoder::{inference_kind, kind_name, Encoder, SentenceEmbedder};
pub use paths::ModelPaths;
