//! A crate of its own, written into a temporary folder, that includes a
//! generated folder `gen/` and depends on this workspace's runtime, with
//! this workspace's lock file so that it builds offline from what the
//! workspace has; and `cargo check` of it.

use std::path::Path;
use std::process::Command;

/// Writes the crate `name` into `dir`: its manifest (with `features`, a
/// `[features]` table's lines, when not empty) and `src/lib.rs` (`lib`
/// before the `include!` of `gen/mod.rs`).
pub fn write(dir: &Path, name: &str, features: &str, lib: &str) {
    let root = env!("CARGO_MANIFEST_DIR").replace('\\', "/");
    let features = if features.is_empty() {
        String::new()
    } else {
        format!("[features]\n{features}\n")
    };
    let manifest = format!(
        "[package]\n\
         name = \"{name}\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\n\
         {features}\
         [dependencies]\n\
         twilio-runtime = {{ path = \"{root}/runtime\" }}\n\n\
         [workspace]\n"
    );
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(Path::new(&root).join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        format!("{lib}include!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/gen/mod.rs\"));\n"),
    )
    .unwrap();
}

/// `cargo check` of the crate in `dir`, with `rustflags`: the compiler's
/// messages when it fails.
pub fn check(dir: &Path, rustflags: &str) -> Option<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(dir)
        .args(["check", "--offline", "--quiet", "--color", "never"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTFLAGS", rustflags)
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .output()
        .expect("cargo runs");
    (!output.status.success()).then(|| String::from_utf8_lossy(&output.stderr).into_owned())
}
