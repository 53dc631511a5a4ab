//! What every tool needs: the workspace, commands, files and the machine.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Result;

/// The workspace's root folder (the xtask's parent).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the xtask lives in a folder of the workspace")
        .to_path_buf()
}

/// `program`'s path, when it is on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The trimmed standard output of `command`, which must succeed.
pub fn stdout(command: &mut Command) -> Result<String> {
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    if !output.status.success() {
        return Err(format!("{command:?} failed ({})", output.status).into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// A shell command line, run by bash as the scripts ran it.
pub fn shell(line: &str) -> Command {
    let mut command = Command::new("bash");
    command.arg("-c").arg(line);
    command
}

/// A cargo command (cargo on PATH, as a person would run it).
pub fn cargo() -> Command {
    Command::new("cargo")
}

/// Runs `command` with its output (both streams) written to `log`
/// (appended to it with `append`); whether it succeeded.
pub fn logged(command: &mut Command, log: &Path, append: bool) -> Result<bool> {
    let file = File::options()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(log)
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let status = command
        .stdout(file.try_clone()?)
        .stderr(file)
        .status()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    Ok(status.success())
}

/// Runs `command`, which must succeed.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})").into())
    }
}

/// Runs `command` with its output thrown away; it must succeed.
pub fn quiet(command: &mut Command) -> Result<()> {
    run(command.stdout(Stdio::null()).stderr(Stdio::null()))
}

/// The workspace's target folder, as cargo resolves it (CARGO_TARGET_DIR,
/// configuration or `target/`).
pub fn target_dir() -> Result<PathBuf> {
    let metadata = stdout(
        cargo()
            .args([
                "metadata",
                "--format-version",
                "1",
                "--no-deps",
                "--manifest-path",
            ])
            .arg(root().join("Cargo.toml")),
    )?;
    let value: serde_json::Value = serde_json::from_str(&metadata)?;
    value["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata gave no target_directory".into())
}

/// Builds the generator's `regenerate` in release mode; its path.
pub fn build_regenerate() -> Result<PathBuf> {
    run(cargo().current_dir(root()).args([
        "build",
        "-q",
        "--release",
        "-p",
        "twilio-codegen",
        "--bin",
        "regenerate",
    ]))?;
    Ok(target_dir()?.join("release/regenerate"))
}

/// Writes `text` to `path`, naming the file in an error.
pub fn write(path: &Path, text: impl AsRef<[u8]>) -> Result<()> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()).into())
}

/// Reads `path` as text, naming the file in an error.
pub fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

/// Reads `path` as text, or nothing when it cannot be read.
pub fn read_or_empty(path: &Path) -> String {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// The files under `dir` (recursively) whose names end in `suffix`, in
/// name order; none when `dir` does not exist.
pub fn files_under(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The lines of `.rs` files under `dir` that are not blank.
pub fn nonblank_rust_lines(dir: &Path) -> usize {
    files_under(dir, ".rs")
        .iter()
        .map(|file| nonblank_lines(&read_or_empty(file)))
        .sum()
}

/// The lines of `text` that hold more than white space.
pub fn nonblank_lines(text: &str) -> usize {
    text.lines().filter(|line| !line.trim().is_empty()).count()
}

/// Copies the folder `from` to `to` (which must not exist), recursively.
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Sets the modification time of `path` to now, as `touch` does.
pub fn touch(path: &Path) -> Result<()> {
    File::options()
        .append(true)
        .open(path)
        .and_then(|f| f.set_modified(std::time::SystemTime::now()))
        .map_err(|e| format!("{}: {e}", path.display()).into())
}

/// A fresh temporary folder whose name starts with `prefix`.
pub fn temp_dir(prefix: &str) -> Result<PathBuf> {
    Ok(PathBuf::from(stdout(
        Command::new("mktemp")
            .arg("-d")
            .arg(std::env::temp_dir().join(format!("{prefix}.XXXXXX"))),
    )?))
}

/// The first `n` characters of `text`.
pub fn cut(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

/// The first line of `text` that starts with `prefix`.
pub fn first_line_starting<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.lines().find(|line| line.starts_with(prefix))
}

/// The machine, the toolchain and the commit, as the tools report them.
pub mod machine {
    use std::process::Command;

    use super::{read_or_empty, stdout};

    /// `date -u '+%Y-%m-%d %H:%M UTC'`.
    pub fn date() -> String {
        stdout(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])).unwrap_or_default()
    }

    /// The cores this process may use (`nproc`).
    pub fn cores() -> String {
        stdout(&mut Command::new("nproc")).unwrap_or_else(|_| "?".into())
    }

    /// The CPU's model name.
    pub fn cpu() -> String {
        cpu_model(&read_or_empty("/proc/cpuinfo".as_ref()))
    }

    /// The first `model name` of `/proc/cpuinfo`'s text.
    pub fn cpu_model(cpuinfo: &str) -> String {
        cpuinfo
            .lines()
            .find(|line| line.starts_with("model name"))
            .and_then(|line| line.split_once(':'))
            .map(|(_, model)| model.trim().to_owned())
            .unwrap_or_default()
    }

    /// Total and available memory, from `free -h`.
    pub fn memory() -> String {
        memory_of(&stdout(Command::new("free").arg("-h")).unwrap_or_default())
    }

    /// "TOTAL total, AVAILABLE available" from `free -h`'s text.
    pub fn memory_of(free: &str) -> String {
        free.lines()
            .find(|line| line.starts_with("Mem:"))
            .map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                format!(
                    "{} total, {} available",
                    fields.get(1).unwrap_or(&"?"),
                    fields.get(6).unwrap_or(&"?")
                )
            })
            .unwrap_or_default()
    }

    /// The load averages over 1, 5 and 15 minutes, as `/proc/loadavg`
    /// gives them.
    pub fn loadavg() -> String {
        let text = read_or_empty("/proc/loadavg".as_ref());
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The load average over one minute, as given.
    pub fn load1_text() -> String {
        loadavg().split(' ').next().unwrap_or("?").to_owned()
    }

    /// The load average over one minute.
    pub fn load1() -> f64 {
        loadavg()
            .split(' ')
            .next()
            .and_then(|l| l.parse().ok())
            .unwrap_or(0.0)
    }

    /// `program --version`.
    pub fn version(program: &str) -> String {
        stdout(Command::new(program).arg("--version")).unwrap_or_else(|_| "?".into())
    }

    /// The short hash of HEAD.
    pub fn commit() -> String {
        stdout(Command::new("git").args(["rev-parse", "--short", "HEAD"]))
            .unwrap_or_else(|_| "?".into())
    }

    /// The short hash of HEAD, and whether the tree has changes.
    pub fn commit_and_changes() -> String {
        let clean = Command::new("git")
            .args(["diff", "--quiet", "HEAD"])
            .status()
            .is_ok_and(|s| s.success());
        format!(
            "{}{}",
            commit(),
            if clean { "" } else { " + uncommitted changes" }
        )
    }
    /// Whether a process named exactly `name` runs (`pgrep -x`).
    pub fn running(name: &str) -> bool {
        Command::new("pgrep")
            .args(["-x", name])
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_that_are_not_blank() {
        assert_eq!(nonblank_lines("a\n\n  \n\tb\n}\n"), 3);
        assert_eq!(nonblank_lines(""), 0);
    }

    #[test]
    fn reads_the_cpu_and_the_memory() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: X\nmodel name\t: Example CPU @ 2.0GHz\n";
        assert_eq!(machine::cpu_model(cpuinfo), "Example CPU @ 2.0GHz");
        let free = "               total        used        free      shared  buff/cache   available\n\
                    Mem:            23Gi       5.1Gi       9.0Gi       1.0Mi       9.3Gi        18Gi\n\
                    Swap:             0B          0B          0B\n";
        assert_eq!(machine::memory_of(free), "23Gi total, 18Gi available");
    }

    #[test]
    fn cuts_by_characters() {
        assert_eq!(cut("é…abc", 3), "é…a");
        assert_eq!(cut("ab", 80), "ab");
    }
}
