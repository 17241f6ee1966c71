//! With the `model` feature, binaries, tests and examples get an rpath to the real libtorch
//! directory (symlinks resolved), so they run without `LD_LIBRARY_PATH`; libtorch's own rpath
//! then finds the CUDA runtime stubs beside it.
fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_MODEL").is_none() {
        return;
    }
    let Some(libtorch) = std::env::var_os("LIBTORCH") else {
        return;
    };
    let lib = std::path::Path::new(&libtorch)
        .join("lib")
        .join("libtorch_cpu.so");
    if let Some(dir) = std::fs::canonicalize(&lib)
        .ok()
        .and_then(|p| p.parent().map(|d| d.to_path_buf()))
    {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
    }
}
