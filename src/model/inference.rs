//! The encoder's forward pass for inference, on the same variables as rust-bert's BERT (shared
//! storage, so trained weights loaded into the `VarStore` later are seen here too), written
//! with libtorch's fused kernels: `scaled_dot_product_attention` and the exact `gelu`, where
//! rust-bert computes attention and GELU step by step. Training keeps rust-bert's module
//! (dropout, autograd); this path runs only without gradients.

use std::collections::HashMap;

use anyhow::{anyhow, Result};
use tch::{Kind, Tensor};

/// LayerNorm epsilon of BERT.
const EPS: f64 = 1e-12;

struct Linear {
    w: Tensor,
    b: Tensor,
}

impl Linear {
    fn apply(&self, x: &Tensor) -> Tensor {
        x.linear(&self.w, Some(&self.b))
    }

    fn to_kind(&self, kind: Kind) -> Linear {
        Linear {
            w: self.w.to_kind(kind),
            b: self.b.to_kind(kind),
        }
    }
}

struct Norm {
    w: Tensor,
    b: Tensor,
}

impl Norm {
    fn apply(&self, x: &Tensor) -> Tensor {
        x.layer_norm([x.size()[2]], Some(&self.w), Some(&self.b), EPS, false)
    }

    fn to_kind(&self, kind: Kind) -> Norm {
        Norm {
            w: self.w.to_kind(kind),
            b: self.b.to_kind(kind),
        }
    }
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: Norm,
    intermediate: Linear,
    out: Linear,
    out_norm: Norm,
}

/// BERT without dropout or gradients.
pub struct InferenceBert {
    words: Tensor,
    positions: Tensor,
    types: Tensor,
    embeddings_norm: Norm,
    layers: Vec<Layer>,
    heads: i64,
}

impl InferenceBert {
    /// Takes shallow handles on the variables of a rust-bert BERT (Hugging Face names).
    pub fn new(vars: &HashMap<String, Tensor>, heads: i64) -> Result<Self> {
        let get = |name: &str| {
            vars.get(name)
                .map(Tensor::shallow_clone)
                .ok_or_else(|| anyhow!("the encoder has no variable {name}"))
        };
        let linear = |p: &str| -> Result<Linear> {
            Ok(Linear {
                w: get(&format!("{p}.weight"))?,
                b: get(&format!("{p}.bias"))?,
            })
        };
        let norm = |p: &str| -> Result<Norm> {
            Ok(Norm {
                w: get(&format!("{p}.weight"))?,
                b: get(&format!("{p}.bias"))?,
            })
        };
        let mut layers = Vec::new();
        while vars.contains_key(&format!(
            "encoder.layer.{}.output.dense.weight",
            layers.len()
        )) {
            let p = format!("encoder.layer.{}", layers.len());
            layers.push(Layer {
                query: linear(&format!("{p}.attention.self.query"))?,
                key: linear(&format!("{p}.attention.self.key"))?,
                value: linear(&format!("{p}.attention.self.value"))?,
                attention_out: linear(&format!("{p}.attention.output.dense"))?,
                attention_norm: norm(&format!("{p}.attention.output.LayerNorm"))?,
                intermediate: linear(&format!("{p}.intermediate.dense"))?,
                out: linear(&format!("{p}.output.dense"))?,
                out_norm: norm(&format!("{p}.output.LayerNorm"))?,
            });
        }
        if layers.is_empty() {
            return Err(anyhow!("the encoder has no layers"));
        }
        Ok(Self {
            words: get("embeddings.word_embeddings.weight")?,
            positions: get("embeddings.position_embeddings.weight")?,
            types: get("embeddings.token_type_embeddings.weight")?,
            embeddings_norm: norm("embeddings.LayerNorm")?,
            layers,
            heads,
        })
    }

    /// A copy of the weights in `kind` (e.g. `BFloat16`): the forward pass then computes in
    /// it and returns fp32. Copies, so later changes to the variables are not seen.
    pub fn to_kind(&self, kind: Kind) -> Self {
        let layers = self
            .layers
            .iter()
            .map(|l| Layer {
                query: l.query.to_kind(kind),
                key: l.key.to_kind(kind),
                value: l.value.to_kind(kind),
                attention_out: l.attention_out.to_kind(kind),
                attention_norm: l.attention_norm.to_kind(kind),
                intermediate: l.intermediate.to_kind(kind),
                out: l.out.to_kind(kind),
                out_norm: l.out_norm.to_kind(kind),
            })
            .collect();
        Self {
            words: self.words.to_kind(kind),
            positions: self.positions.to_kind(kind),
            types: self.types.to_kind(kind),
            embeddings_norm: self.embeddings_norm.to_kind(kind),
            layers,
            heads: self.heads,
        }
    }

    /// Last hidden states `[batch, tokens, hidden]` for token ids and an attention mask (1 for
    /// tokens, 0 for padding), both `[batch, tokens]`.
    pub fn forward(&self, ids: &Tensor, mask: &Tensor) -> Tensor {
        let _guard = tch::no_grad_guard();
        let (batch, len) = (ids.size()[0], ids.size()[1]);
        let hidden = self.words.size()[1];
        let head = hidden / self.heads;
        let positions = self.positions.narrow(0, 0, len);
        let x = Tensor::embedding(&self.words, ids, -1, false, false)
            + positions.unsqueeze(0)
            + self.types.get(0);
        let mut x = self.embeddings_norm.apply(&x);
        // Boolean mask `[batch, 1, 1, tokens]`: true where a key may be attended to.
        let attend = mask.gt(0).view([batch, 1, 1, len]);
        let split = |t: Tensor| t.view([batch, len, self.heads, head]).transpose(1, 2);
        for l in &self.layers {
            let q = split(l.query.apply(&x));
            let k = split(l.key.apply(&x));
            let v = split(l.value.apply(&x));
            let a =
                Tensor::scaled_dot_product_attention(&q, &k, &v, Some(&attend), 0.0, false, None)
                    .transpose(1, 2)
                    .reshape([batch, len, hidden]);
            x = l.attention_norm.apply(&(l.attention_out.apply(&a) + &x));
            let h = l.intermediate.apply(&x).gelu("none");
            x = l.out_norm.apply(&(l.out.apply(&h) + &x));
        }
        x.to_kind(Kind::Float)
    }
}
