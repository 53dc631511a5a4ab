//! Running hyperfine and reading what it exports.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use crate::Result;

/// One command's result in hyperfine's JSON export (seconds).
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Run {
    pub command: String,
    pub mean: f64,
    /// Absent (`null`) for a single run.
    pub stddev: Option<f64>,
    pub median: f64,
    /// CPU time of the command's processes, user and system, mean per run.
    pub user: f64,
    pub system: f64,
    pub min: f64,
    pub max: f64,
    pub times: Vec<f64>,
}

#[derive(Deserialize)]
struct Export {
    results: Vec<Run>,
}

/// The results of hyperfine's `--export-json` text.
pub fn parse(json: &str) -> Result<Vec<Run>> {
    Ok(serde_json::from_str::<Export>(json)?.results)
}

/// The results in the file `path`, written by `--export-json`.
pub fn read(path: &Path) -> Result<Vec<Run>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()).into())
}

/// hyperfine, found on PATH or given.
#[derive(Debug, Clone)]
pub struct Hyperfine {
    pub program: PathBuf,
}

impl Hyperfine {
    /// hyperfine on PATH, if there is one.
    pub fn on_path() -> Option<Self> {
        crate::util::which("hyperfine").map(|program| Hyperfine { program })
    }

    /// Its `--version` line.
    pub fn version(&self) -> Result<String> {
        crate::util::stdout(Command::new(&self.program).arg("--version"))
    }

    /// Runs hyperfine with `args`, exporting its results to `json`, which
    /// it then reads. Its terminal output goes to `log` (appended) if
    /// given, and is dropped otherwise. `prefix` (such as `taskset -c 0`)
    /// runs hyperfine itself.
    pub fn run(
        &self,
        prefix: &[&str],
        args: &[String],
        json: &Path,
        log: Option<&Path>,
    ) -> Result<Vec<Run>> {
        let mut command = match prefix.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(&self.program);
                c
            }
            None => Command::new(&self.program),
        };
        command.args(args).arg("--export-json").arg(json);
        let status = match log {
            Some(log) => {
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(log)?;
                command.stdout(file.try_clone()?).stderr(file).status()?
            }
            None => command.stdout(Stdio::null()).status()?,
        };
        if !status.success() {
            return Err(format!("hyperfine failed ({status})").into());
        }
        read(json)
    }

    /// Times `command` (a shell command line) once, after `prepare`
    /// (untimed): its wall time and CPU time (user + system), in seconds.
    pub fn once(&self, prepare: &str, command: &str, json: &Path) -> Result<(f64, f64)> {
        let args = [
            "--style",
            "none",
            "--runs",
            "1",
            "--prepare",
            prepare,
            command,
        ]
        .map(String::from);
        let runs = self.run(&[], &args, json, None)?;
        let run = runs.first().ok_or("hyperfine exported no result")?;
        Ok((run.mean, run.user + run.system))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// hyperfine 1.18's export of two commands, one run each and three.
    const SAMPLE: &str = r#"{
  "results": [
    {
      "command": "bare-parse",
      "mean": 0.0121,
      "stddev": null,
      "median": 0.0121,
      "user": 0.009,
      "system": 0.002,
      "min": 0.0121,
      "max": 0.0121,
      "times": [0.0121],
      "exit_codes": [0]
    },
    {
      "command": "regenerate",
      "mean": 0.05,
      "stddev": 0.01,
      "median": 0.049,
      "user": 0.04,
      "system": 0.008,
      "min": 0.041,
      "max": 0.06,
      "times": [0.041, 0.049, 0.06],
      "exit_codes": [0, 0, 0],
      "parameters": {}
    }
  ]
}"#;

    #[test]
    fn reads_the_json_export() {
        let runs = parse(SAMPLE).unwrap();
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].command, "bare-parse");
        assert_eq!(runs[0].stddev, None);
        assert_eq!(runs[1].times, vec![0.041, 0.049, 0.06]);
        assert_eq!(runs[1].stddev, Some(0.01));
        assert!((runs[1].user + runs[1].system - 0.048).abs() < 1e-12);
    }

    #[test]
    fn a_wrong_export_is_an_error() {
        assert!(parse(r#"{"results": [{"command": "x"}]}"#).is_err());
        assert!(parse("not json").is_err());
    }
}
