//! Stage 5: put files on disk.
//!
//! Files are written only when their content changed (so build systems and
//! editors see no change), and atomically: to a temporary file in the same
//! folder, then renamed over the old one, so an interrupted run leaves the
//! old file intact. Temporary files are named `.{file}.{pid}.twilio-codegen.tmp`;
//! the next run that writes to the folder removes any left behind.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, ErrorKind, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::format::{HEADER, TOML_HEADER};

mod lock;
mod union;

/// Whether file content starts with one of the generator's headers.
fn has_header(bytes: &[u8]) -> bool {
    bytes.starts_with(HEADER.as_bytes()) || bytes.starts_with(TOML_HEADER.as_bytes())
}

/// How every temporary file's name ends: `.{file}.{pid}` comes before it.
pub const TEMP_SUFFIX: &str = ".twilio-codegen.tmp";

/// What happened to one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FileStatus {
    /// Content differs from disk (or the file is missing) and was written.
    Written,
    /// Content differs from disk (or the file is missing); check mode, not written.
    Stale,
    /// On disk with other content, and not generated (does not start with
    /// [`HEADER`]): hand-written, or edited beyond the first line. Reported
    /// in check mode; a write refuses to replace it unless forced.
    NotGenerated,
    /// Already up to date.
    Unchanged,
    /// On disk, but no longer generated; removed.
    Removed,
    /// On disk, but no longer generated; check mode, not removed.
    Orphaned,
    /// A temporary file left behind by an interrupted run; removed. Check
    /// mode neither removes nor reports these.
    Leftover,
}

/// What [`sync`] may do to the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Compare only: write nothing, remove nothing.
    Check,
    /// Write changed files and remove orphans. A file to be replaced that
    /// was not generated (does not start with [`HEADER`]) stops the run
    /// before anything is written.
    Write,
    /// Like [`Mode::Write`], but files that were not generated are
    /// overwritten too.
    Force,
}

/// How [`sync`] goes about it beyond its [`Mode`].
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// What it may do.
    pub mode: Mode,
    /// How long to wait for another run that holds the output folder's
    /// lock (see [`LOCK_FILE`]).
    pub lock_wait: Duration,
    /// For tests: stop, as a kill would, before the change after this many
    /// (a rename or a removal), leaving the temporary file of the next
    /// write behind.
    pub stop_after: Option<usize>,
}

/// The lock file a run holds in the output folder while it reads and
/// writes there (an exclusive lock to write, a shared one to compare), so
/// that two runs never write one folder at once and no run removes a
/// temporary file another is writing. It is empty, and stays.
#[cfg(feature = "lock")]
pub const LOCK_FILE: &str = ".twilio-codegen.lock";

/// How long a run waits for another run to release the output folder,
/// unless told otherwise.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(60);

/// Brings `dir` in line with `files` (relative name → content); with
/// [`Mode::Check`], only compares (see [`Settings`]). Returns each file's
/// status, sorted by path.
///
/// Every file is compared before any is written, and nothing is written when
/// something is in the way: `dir` or a module folder being a file, a folder
/// where a file goes, a symbolic link to a folder inside `dir` (nothing is
/// written or removed through one), or (unless [`Mode::Force`]) a file that
/// differs and was not generated, which is not overwritten.
///
/// Generated `*.rs` files (starting with [`HEADER`]) that are not in
/// `files` are removed, or only reported in check mode: in the folders
/// `files` go to, and in module folders that are no longer generated (the
/// subfolders with a generated `mod.rs`, when `dir` has a generated `mod.rs`
/// too), which are then removed if nothing else is left in them. Outside
/// check mode, temporary files left by an interrupted run in those folders
/// are removed first.
///
/// The run holds [`LOCK_FILE`] in `dir` throughout, and waits for another
/// run that holds it as long as the settings say. The changes are made in
/// an order that keeps the folder compiling whenever a run is interrupted
/// (see [`plan`]).
pub fn sync_with(
    dir: &Path,
    files: &BTreeMap<PathBuf, String>,
    settings: Settings,
) -> Result<Vec<(PathBuf, FileStatus)>> {
    let mode = settings.mode;
    if dir.is_file() {
        return Err(in_the_way(dir, "is a file; expected a folder"));
    }
    let folders = folders(files);
    no_links(dir, &folders)?;
    for folder in &folders {
        let path = dir.join(folder);
        if path.is_file() {
            return Err(in_the_way(&path, "is a file; expected a folder"));
        }
    }
    let _lock = lock::hold(dir, mode != Mode::Check, settings.lock_wait)?;
    let mut report = Vec::new();
    let mut not_generated = Vec::new();
    // What is on disk now, for the files that will change.
    let mut old: BTreeMap<PathBuf, Option<Vec<u8>>> = BTreeMap::new();
    for (name, content) in files {
        let path = dir.join(name);
        let status = match fs::read(&path) {
            Ok(bytes) if bytes == content.as_bytes() => FileStatus::Unchanged,
            Ok(bytes) if !has_header(&bytes) => {
                not_generated.push(path);
                old.insert(name.clone(), None);
                FileStatus::NotGenerated
            }
            Ok(bytes) => {
                old.insert(name.clone(), Some(bytes));
                FileStatus::Stale
            }
            Err(e) if e.kind() == ErrorKind::NotFound => FileStatus::Stale,
            Err(_) if path.is_dir() => {
                return Err(in_the_way(&path, "is a folder; expected a file"));
            }
            Err(source) => return Err(Error::Write { path, source }),
        };
        report.push((name.clone(), status));
    }
    let orphan_folders = orphan_folders(dir, &folders);
    let orphans = orphans(dir, files, folders.iter().chain(&orphan_folders));
    if mode == Mode::Check {
        report.extend(orphans.into_iter().map(|o| (o, FileStatus::Orphaned)));
        report.sort();
        return Ok(report);
    }
    if mode == Mode::Write && !not_generated.is_empty() {
        return Err(refuse(&not_generated));
    }

    for leftover in leftovers(dir, folders.iter().chain(&orphan_folders)) {
        remove(&dir.join(&leftover))?;
        report.push((leftover, FileStatus::Leftover));
    }
    let changed: Vec<&PathBuf> = report
        .iter()
        .filter(|(_, status)| matches!(status, FileStatus::Stale | FileStatus::NotGenerated))
        .map(|(name, _)| name)
        .collect();
    let steps = plan(files, &changed, &old, &orphans, &orphan_folders);
    let mut changes = 0;
    for step in &steps {
        let stop = settings.stop_after.is_some_and(|n| changes >= n);
        match step {
            Step::Write(name, content) => {
                let stop = stop.then(|| stopped(changes));
                write_atomic(&dir.join(name), content.as_bytes(), stop)?;
                changes += 1;
            }
            Step::Remove(name) => {
                if stop {
                    return Err(Error::Write {
                        path: dir.to_path_buf(),
                        source: stopped(changes),
                    });
                }
                remove(&dir.join(name))?;
                changes += 1;
            }
            Step::RemoveFolder(folder) => {
                let path = dir.join(folder);
                let empty = fs::read_dir(&path).is_ok_and(|mut entries| entries.next().is_none());
                if empty {
                    fs::remove_dir(&path).map_err(|source| Error::Write { path, source })?;
                }
            }
        }
    }
    for (_, status) in &mut report {
        if matches!(status, FileStatus::Stale | FileStatus::NotGenerated) {
            *status = FileStatus::Written;
        }
    }
    report.extend(orphans.into_iter().map(|o| (o, FileStatus::Removed)));
    report.sort();
    Ok(report)
}

fn stopped(changes: usize) -> io::Error {
    io::Error::other(format!("stopped after {changes} changes, as asked"))
}

/// One change to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Write this content to this file (through a temporary file and a
    /// rename).
    Write(PathBuf, String),
    /// Remove this file.
    Remove(PathBuf),
    /// Remove this folder if it is empty.
    RemoveFolder(PathBuf),
}

/// Where a file stands in the order of [`plan`]: a crate's `Cargo.toml`
/// and the shared SID types first, then the files that include others (the
/// top-level `mod.rs` or a crate's `src/lib.rs`, then each version's
/// `mod.rs`), then the rest (the resource files).
fn rank(name: &Path) -> u8 {
    let top = name
        .parent()
        .is_none_or(|p| p.as_os_str().is_empty() || p == Path::new("src"));
    match name.file_name().and_then(|n| n.to_str()) {
        Some("Cargo.toml" | "sids.rs") if top => 0,
        Some("mod.rs" | "lib.rs") if top => 1,
        Some("mod.rs") => 2,
        _ => 3,
    }
}

/// The changes that bring the folder from `old` to `files`, in an order
/// that keeps it compiling at every point an interrupted run can leave it:
///
/// 1. files that do not exist yet (nothing names them until step 2);
/// 2. the changed files, SID types first, then the files that include
///    others, then the rest; a changed file whose new version drops what its
///    old version declared (a module, a SID type, a struct) is written first
///    as the union of both (see `union`), so that the files not yet
///    written, which may still name what it dropped, keep compiling;
/// 3. those files again, in the final version, in the reverse order: the
///    files that might name what was dropped go first;
/// 4. the files no longer generated, and then their folders.
///
/// So a module added, renamed or removed, and SID types added or removed,
/// leave every state compiling. What this order cannot keep whole is a
/// type that moves from one file to another (both files declare it, or
/// neither, while one is replaced) and a file that names something new in
/// a changed file not yet written; the next run completes the folder.
pub fn plan(
    files: &BTreeMap<PathBuf, String>,
    changed: &[&PathBuf],
    old: &BTreeMap<PathBuf, Option<Vec<u8>>>,
    orphans: &[PathBuf],
    orphan_folders: &[PathBuf],
) -> Vec<Step> {
    let mut steps = Vec::new();
    let (mut existing, mut fresh): (Vec<&PathBuf>, Vec<&PathBuf>) =
        changed.iter().partition(|name| old.contains_key(**name));
    fresh.sort_by_key(|name| (std::cmp::Reverse(rank(name)), (*name).clone()));
    for name in fresh {
        steps.push(Step::Write(name.clone(), files[name].clone()));
    }
    existing.sort_by_key(|name| (rank(name), (*name).clone()));
    let mut again = Vec::new();
    for name in existing {
        let new = &files[name];
        let before = old
            .get(name)
            .and_then(Option::as_ref)
            .and_then(|bytes| std::str::from_utf8(bytes).ok());
        let grown = before
            .filter(|_| name.extension().is_some_and(|e| e == "rs"))
            .and_then(|before| union::union(before, new));
        match grown {
            Some(grown) => {
                steps.push(Step::Write(name.clone(), grown));
                again.push(name);
            }
            None => steps.push(Step::Write(name.clone(), new.clone())),
        }
    }
    for name in again.into_iter().rev() {
        steps.push(Step::Write(name.clone(), files[name].clone()));
    }
    // Deepest first, so that a version's `mod.rs` goes last of its folder.
    let mut orphans: Vec<&PathBuf> = orphans.iter().collect();
    orphans.sort_by_key(|name| (std::cmp::Reverse(rank(name)), (*name).clone()));
    steps.extend(orphans.into_iter().map(|o| Step::Remove(o.clone())));
    steps.extend(orphan_folders.iter().map(|f| Step::RemoveFolder(f.clone())));
    steps
}

/// Refuses to work through a symbolic link inside `dir`: every folder on
/// the way from `dir` to each of `folders` must be a real folder (or not
/// exist yet). `dir` itself may be a link; that is the user's choice.
fn no_links(dir: &Path, folders: &BTreeSet<PathBuf>) -> Result<()> {
    for folder in folders {
        let mut path = dir.to_path_buf();
        for part in folder.components() {
            path.push(part);
            let Ok(meta) = fs::symlink_metadata(&path) else {
                break;
            };
            if meta.file_type().is_symlink() {
                return Err(Error::Write {
                    path,
                    source: io::Error::other(
                        "is a symbolic link; nothing is written or removed through a link \
                         inside the output folder: make it a folder, or remove it",
                    ),
                });
            }
        }
    }
    Ok(())
}

fn remove(path: &Path) -> Result<()> {
    fs::remove_file(path).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Something at `path` keeps the output from being written.
fn in_the_way(path: &Path, what: &str) -> Error {
    let kind = if path.is_dir() {
        ErrorKind::IsADirectory
    } else {
        ErrorKind::NotADirectory
    };
    Error::Write {
        path: path.to_path_buf(),
        source: io::Error::new(kind, what),
    }
}

/// The error for files at generated paths that were not generated: names
/// the first, lists the others.
fn refuse(paths: &[PathBuf]) -> Error {
    let others: Vec<String> = paths[1..].iter().map(|p| p.display().to_string()).collect();
    let nor = if others.is_empty() {
        String::new()
    } else {
        format!(", nor {}", others.join(", "))
    };
    Error::Write {
        path: paths[0].clone(),
        source: io::Error::new(
            ErrorKind::AlreadyExists,
            format!(
                "not overwriting a file that was not generated (its first line is not \
                 `{HEADER}`){nor}; nothing was written"
            ),
        ),
    }
}

/// Generated files in `folders` under `dir` that are not in `files`.
fn orphans<'a>(
    dir: &Path,
    files: &BTreeMap<PathBuf, String>,
    folders: impl IntoIterator<Item = &'a PathBuf>,
) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for folder in folders {
        let Ok(entries) = fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = folder.join(entry.file_name());
            let is_rs = name.extension().is_some_and(|e| e == "rs");
            // A link is not removed, even to a generated file.
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_rs && is_file && !files.contains_key(&name) && is_generated(&entry.path()) {
                found.push(name);
            }
        }
    }
    found.sort();
    found
}

/// Module folders of an earlier run that `folders` no longer include: the
/// subfolders of `dir` with a generated `mod.rs`, provided `dir` has a
/// generated `mod.rs` itself (so a folder that merely contains an output
/// folder, such as a repository root, has none).
fn orphan_folders(dir: &Path, folders: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    if !is_generated(&dir.join("mod.rs")) {
        return Vec::new();
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = PathBuf::from(entry.file_name());
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden
            && !folders.contains(&name)
            && entry.file_type().is_ok_and(|t| t.is_dir())
            && is_generated(&entry.path().join("mod.rs"))
        {
            found.push(name);
        }
    }
    found.sort();
    found
}

/// The folders (relative to the output folder, `""` for itself) that `files`
/// go to.
fn folders(files: &BTreeMap<PathBuf, String>) -> BTreeSet<PathBuf> {
    files
        .keys()
        .map(|p| p.parent().map(Path::to_path_buf).unwrap_or_default())
        .collect()
}

/// Temporary files of [`write_atomic`] in `folders` under `dir`, left behind
/// by a run that was interrupted.
fn leftovers<'a>(dir: &Path, folders: impl IntoIterator<Item = &'a PathBuf>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for folder in folders {
        let Ok(entries) = fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            if is_temp_name(&entry.file_name().to_string_lossy())
                && entry.file_type().is_ok_and(|t| t.is_file())
            {
                found.push(folder.join(entry.file_name()));
            }
        }
    }
    found.sort();
    found
}

/// Whether `name` has the form of [`write_atomic`]'s temporary files.
fn is_temp_name(name: &str) -> bool {
    name.len() > 1 + TEMP_SUFFIX.len() && name.starts_with('.') && name.ends_with(TEMP_SUFFIX)
}

/// Whether the file at `path` was written by this generator; other files in
/// the output folder are never touched.
fn is_generated(path: &Path) -> bool {
    fs::read(path).is_ok_and(|bytes| has_header(&bytes))
}

/// Writes `content` to `path` through a temporary file in the same folder
/// (`.{file}.{pid}.twilio-codegen.tmp`) and a rename, so that a reader, or
/// a run that is interrupted, sees the old file or the new one, never a
/// part. The file is not flushed to the disk (`fsync`) before the rename:
/// that would protect generated code, which can always be generated again,
/// against a power cut, at the cost of a quarter of a run's time.
///
/// With `stop` (for tests), the temporary file is written and left there,
/// as a kill before the rename would, and the error is `stop`.
fn write_atomic(path: &Path, content: &[u8], stop: Option<io::Error>) -> Result<()> {
    let fail = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(fail)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.{}{TEMP_SUFFIX}", std::process::id()));
    let written = fs::File::create(&tmp).and_then(|mut file| file.write_all(content));
    if let Some(stop) = stop {
        return Err(fail(stop));
    }
    let result = written.and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sync(
        dir: &Path,
        files: &BTreeMap<PathBuf, String>,
        mode: Mode,
    ) -> Result<Vec<(PathBuf, FileStatus)>> {
        let settings = Settings {
            mode,
            lock_wait: DEFAULT_LOCK_WAIT,
            stop_after: None,
        };
        sync_with(dir, files, settings)
    }

    fn files(entries: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
        entries
            .iter()
            .map(|(k, v)| (PathBuf::from(k), v.to_string()))
            .collect()
    }

    #[test]
    fn sync_writes_changed_files_only_and_removes_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let b = format!("{HEADER} b");
        let first = files(&[("v2/a.rs", "a"), ("v2/b.rs", b.as_str())]);
        let report = sync(dir.path(), &first, Mode::Write).unwrap();
        assert!(report.iter().all(|(_, s)| *s == FileStatus::Written));

        let second = files(&[("v2/a.rs", "a"), ("v2/c.rs", "c")]);
        let check = sync(dir.path(), &second, Mode::Check).unwrap();
        assert_eq!(
            check,
            vec![
                (PathBuf::from("v2/a.rs"), FileStatus::Unchanged),
                (PathBuf::from("v2/b.rs"), FileStatus::Orphaned),
                (PathBuf::from("v2/c.rs"), FileStatus::Stale),
            ]
        );
        assert!(
            !dir.path().join("v2/c.rs").exists(),
            "check mode wrote a file"
        );
        assert!(
            dir.path().join("v2/b.rs").exists(),
            "check mode removed a file"
        );

        let report = sync(dir.path(), &second, Mode::Write).unwrap();
        assert_eq!(report[1], (PathBuf::from("v2/b.rs"), FileStatus::Removed));
        assert!(!dir.path().join("v2/b.rs").exists());
        assert_eq!(fs::read_to_string(dir.path().join("v2/c.rs")).unwrap(), "c");
    }

    #[test]
    fn module_folders_no_longer_generated_are_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let g = |s: &str| format!("{HEADER} {s}");
        let (root, v1, v2) = (g("root"), g("v1"), g("v2"));
        let both = files(&[
            ("mod.rs", root.as_str()),
            ("v1/mod.rs", v1.as_str()),
            ("v1/user.rs", v1.as_str()),
            ("v2/mod.rs", v2.as_str()),
        ]);
        sync(dir.path(), &both, Mode::Write).unwrap();
        let v2_only = files(&[("mod.rs", root.as_str()), ("v2/mod.rs", v2.as_str())]);

        let check = sync(dir.path(), &v2_only, Mode::Check).unwrap();
        assert_eq!(
            check,
            vec![
                (PathBuf::from("mod.rs"), FileStatus::Unchanged),
                (PathBuf::from("v1/mod.rs"), FileStatus::Orphaned),
                (PathBuf::from("v1/user.rs"), FileStatus::Orphaned),
                (PathBuf::from("v2/mod.rs"), FileStatus::Unchanged),
            ]
        );
        assert!(
            dir.path().join("v1/user.rs").exists(),
            "check mode removed a file"
        );

        let report = sync(dir.path(), &v2_only, Mode::Write).unwrap();
        assert_eq!(report[1], (PathBuf::from("v1/mod.rs"), FileStatus::Removed));
        assert_eq!(
            report[2],
            (PathBuf::from("v1/user.rs"), FileStatus::Removed)
        );
        assert!(!dir.path().join("v1").exists(), "the empty folder is left");
    }

    #[test]
    fn an_orphan_module_folder_keeps_what_was_not_generated() {
        let dir = tempfile::tempdir().unwrap();
        let g = |s: &str| format!("{HEADER} {s}");
        let (root, v1) = (g("root"), g("v1"));
        let old = files(&[("mod.rs", root.as_str()), ("v1/mod.rs", v1.as_str())]);
        sync(dir.path(), &old, Mode::Write).unwrap();
        fs::write(dir.path().join("v1/notes.md"), "mine").unwrap();
        fs::write(dir.path().join("v1/.mod.rs.1.twilio-codegen.tmp"), "").unwrap();
        // A folder of the user's, without a generated mod.rs.
        fs::create_dir_all(dir.path().join("other")).unwrap();
        fs::write(dir.path().join("other/lib.rs"), &v1).unwrap();

        let report = sync(
            dir.path(),
            &files(&[("mod.rs", root.as_str())]),
            Mode::Write,
        )
        .unwrap();
        assert_eq!(
            report,
            vec![
                (PathBuf::from("mod.rs"), FileStatus::Unchanged),
                (
                    PathBuf::from("v1/.mod.rs.1.twilio-codegen.tmp"),
                    FileStatus::Leftover
                ),
                (PathBuf::from("v1/mod.rs"), FileStatus::Removed),
            ]
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("v1/notes.md")).unwrap(),
            "mine"
        );
        assert!(dir.path().join("other/lib.rs").exists());
    }

    #[test]
    fn folders_next_to_an_output_folder_are_not_its_modules() {
        // Writing into a folder without a generated mod.rs (a repository
        // root, say) leaves the generated folders beside it alone.
        let dir = tempfile::tempdir().unwrap();
        let g = format!("{HEADER} elsewhere");
        fs::create_dir_all(dir.path().join("generated")).unwrap();
        fs::write(dir.path().join("generated/mod.rs"), &g).unwrap();
        let report = sync(dir.path(), &files(&[("x/mod.rs", g.as_str())]), Mode::Write).unwrap();
        assert_eq!(
            report,
            vec![(PathBuf::from("x/mod.rs"), FileStatus::Written)]
        );
        assert!(dir.path().join("generated/mod.rs").exists());
    }

    #[test]
    fn files_not_written_by_the_generator_are_never_removed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("mine.rs"), "fn main() {}").unwrap();
        let report = sync(dir.path(), &files(&[("a.rs", "a")]), Mode::Write).unwrap();
        assert_eq!(report, vec![(PathBuf::from("a.rs"), FileStatus::Written)]);
        assert!(dir.path().join("mine.rs").exists());
    }

    #[test]
    fn files_that_were_not_generated_are_not_overwritten_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("v2")).unwrap();
        fs::write(dir.path().join("v2/user.rs"), "// mine\n").unwrap();
        fs::write(dir.path().join("mod.rs"), "// mine too\n").unwrap();
        let set = files(&[
            ("mod.rs", HEADER),
            ("v2/a.rs", HEADER),
            ("v2/user.rs", HEADER),
        ]);

        let check = sync(dir.path(), &set, Mode::Check).unwrap();
        assert_eq!(
            check[0],
            (PathBuf::from("mod.rs"), FileStatus::NotGenerated)
        );
        assert_eq!(check[1], (PathBuf::from("v2/a.rs"), FileStatus::Stale));

        let err = sync(dir.path(), &set, Mode::Write).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "{}: cannot write: not overwriting",
                dir.path().join("mod.rs").display()
            )),
            "{message}"
        );
        assert!(
            message.contains(&format!("nor {}", dir.path().join("v2/user.rs").display())),
            "{message}"
        );
        assert!(message.ends_with("nothing was written"), "{message}");
        assert!(!dir.path().join("v2/a.rs").exists(), "a file was written");
        assert_eq!(
            fs::read_to_string(dir.path().join("v2/user.rs")).unwrap(),
            "// mine\n"
        );

        let report = sync(dir.path(), &set, Mode::Force).unwrap();
        assert!(
            report.iter().all(|(_, s)| *s == FileStatus::Written),
            "{report:?}"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("v2/user.rs")).unwrap(),
            HEADER
        );
    }

    #[test]
    fn nothing_is_written_when_something_is_in_the_way() {
        let dir = tempfile::tempdir().unwrap();
        let set = files(&[("mod.rs", HEADER), ("v2/a.rs", HEADER)]);
        fs::write(dir.path().join("v2"), "a file where a folder goes").unwrap();
        let err = sync(dir.path(), &set, Mode::Write).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: cannot write: is a file; expected a folder",
                dir.path().join("v2").display()
            )
        );
        assert!(!dir.path().join("mod.rs").exists());

        fs::remove_file(dir.path().join("v2")).unwrap();
        fs::create_dir_all(dir.path().join("mod.rs")).unwrap();
        let err = sync(dir.path(), &set, Mode::Check).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("mod.rs: cannot write: is a folder; expected a file"),
            "{err}"
        );
        assert!(!dir.path().join("v2").exists());

        let file = dir.path().join("out.rs");
        fs::write(&file, "").unwrap();
        let err = sync(&file, &set, Mode::Write).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("out.rs: cannot write: is a file; expected a folder"),
            "{err}"
        );
    }

    #[test]
    fn unchanged_files_keep_their_modification_time() {
        let dir = tempfile::tempdir().unwrap();
        let set = files(&[("a.rs", "same")]);
        sync(dir.path(), &set, Mode::Write).unwrap();
        let before = fs::metadata(dir.path().join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let report = sync(dir.path(), &set, Mode::Write).unwrap();
        assert_eq!(report[0].1, FileStatus::Unchanged);
        let after = fs::metadata(dir.path().join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
    }

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(&dir.path().join("x.rs"), b"new", None).unwrap();
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x.rs")]);
    }

    #[test]
    fn temporary_files_left_behind_are_removed_by_the_next_write_only() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("v2")).unwrap();
        let leftover = dir.path().join("v2/.a.rs.4242.twilio-codegen.tmp");
        fs::write(&leftover, "half a fi").unwrap();
        // Look-alikes that are not ours stay.
        fs::write(dir.path().join("v2/.a.rs.4242.tmp"), "").unwrap();
        fs::write(dir.path().join("v2/a.twilio-codegen.tmp"), "").unwrap();
        let set = files(&[("v2/a.rs", "a")]);

        sync(dir.path(), &set, Mode::Check).unwrap();
        assert!(leftover.exists(), "check mode removed a file");

        let report = sync(dir.path(), &set, Mode::Write).unwrap();
        assert_eq!(
            report,
            vec![
                (
                    PathBuf::from("v2/.a.rs.4242.twilio-codegen.tmp"),
                    FileStatus::Leftover
                ),
                (PathBuf::from("v2/a.rs"), FileStatus::Written),
            ]
        );
        assert!(!leftover.exists());
        assert!(dir.path().join("v2/.a.rs.4242.tmp").exists());
        assert!(dir.path().join("v2/a.twilio-codegen.tmp").exists());
    }

    #[test]
    fn temporary_names_are_recognized() {
        assert!(is_temp_name(".user.rs.17.twilio-codegen.tmp"));
        assert!(!is_temp_name(".twilio-codegen.tmp"));
        assert!(!is_temp_name("user.rs.17.twilio-codegen.tmp"));
        assert!(!is_temp_name(".user.rs.17.tmp"));
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
        entries
            .iter()
            .map(|(k, v)| (PathBuf::from(k), format!("{HEADER}\n{v}")))
            .collect()
    }

    fn settings(mode: Mode) -> Settings {
        Settings {
            mode,
            lock_wait: Duration::from_millis(200),
            stop_after: None,
        }
    }

    fn names(steps: &[Step], files: &BTreeMap<PathBuf, String>) -> Vec<String> {
        steps
            .iter()
            .map(|step| match step {
                Step::Write(name, content) => {
                    let union = if *content == files[name] {
                        ""
                    } else {
                        " (union)"
                    };
                    format!("write {}{union}", name.display())
                }
                Step::Remove(name) => format!("remove {}", name.display()),
                Step::RemoveFolder(name) => format!("remove folder {}", name.display()),
            })
            .collect()
    }

    #[test]
    fn new_files_go_first_then_unions_then_final_versions_then_removals() {
        let new = files(&[
            ("mod.rs", "pub mod v1 { include!(\"v1/mod.rs\"); }"),
            ("sids.rs", "pub struct NEW_SID;"),
            (
                "v1/mod.rs",
                "pub mod b2 { include!(\"b2.rs\"); } pub use self::b2::*;",
            ),
            ("v1/a.rs", "pub struct A(super::NEW_B);"),
            ("v1/b2.rs", "pub struct NEW_B;"),
        ]);
        let old: BTreeMap<PathBuf, Option<Vec<u8>>> = [
            (
                "mod.rs",
                "pub mod v1 { include!(\"v1/mod.rs\"); } pub mod v0 { include!(\"v0/mod.rs\"); }",
            ),
            ("sids.rs", "pub struct OLD_SID;"),
            (
                "v1/mod.rs",
                "pub mod b { include!(\"b.rs\"); } pub use self::b::*;",
            ),
            ("v1/a.rs", "pub struct A(super::OLD_B);"),
        ]
        .iter()
        .map(|(k, v)| {
            (
                PathBuf::from(k),
                Some(format!("{HEADER}\n{v}").into_bytes()),
            )
        })
        .collect();
        let changed: Vec<&PathBuf> = new.keys().filter(|k| k.as_os_str() != "mod.rs").collect();
        let mut changed = changed;
        changed.push(new.keys().next().unwrap());
        let orphans = [
            PathBuf::from("v1/b.rs"),
            PathBuf::from("v0/mod.rs"),
            PathBuf::from("v0/x.rs"),
        ];
        let steps = plan(&new, &changed, &old, &orphans, &[PathBuf::from("v0")]);
        // a.rs keeps its one item, changed: no union is needed. Without
        // syn's full parser (the `pretty` feature) there are no unions, and
        // the order is the same.
        let expected: &[&str] = if cfg!(feature = "pretty") {
            &[
                "write v1/b2.rs",
                "write sids.rs (union)",
                "write mod.rs (union)",
                "write v1/mod.rs (union)",
                "write v1/a.rs",
                "write v1/mod.rs",
                "write mod.rs",
                "write sids.rs",
                "remove v0/x.rs",
                "remove v1/b.rs",
                "remove v0/mod.rs",
                "remove folder v0",
            ]
        } else {
            &[
                "write v1/b2.rs",
                "write sids.rs",
                "write mod.rs",
                "write v1/mod.rs",
                "write v1/a.rs",
                "remove v0/x.rs",
                "remove v1/b.rs",
                "remove v0/mod.rs",
                "remove folder v0",
            ]
        };
        assert_eq!(names(&steps, &new), expected);
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_or_removed_through_a_linked_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir_all(&out).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        let theirs = format!("{HEADER} a generated file that is not ours to remove");
        fs::write(elsewhere.join("old.rs"), &theirs).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("v1")).unwrap();
        let set = files(&[
            ("mod.rs", "root"),
            ("v1/mod.rs", "v1"),
            ("v1/user.rs", "user"),
        ]);
        for mode in [Mode::Write, Mode::Force, Mode::Check] {
            let err = sync_with(&out, &set, settings(mode)).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "{}: cannot write: is a symbolic link; nothing is written or removed through \
                     a link inside the output folder: make it a folder, or remove it",
                    out.join("v1").display()
                )
            );
        }
        let mut outside: Vec<_> = fs::read_dir(&elsewhere)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        outside.sort();
        assert_eq!(outside, ["old.rs"]);
        assert_eq!(
            fs::read_to_string(elsewhere.join("old.rs")).unwrap(),
            theirs
        );
        assert!(!out.join("mod.rs").exists(), "something was written");

        // A linked file among the modules is left alone, not removed as an
        // orphan, even when it leads to a generated file.
        fs::remove_file(out.join("v1")).unwrap();
        sync_with(&out, &set, settings(Mode::Write)).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("old.rs"), out.join("v1/old.rs")).unwrap();
        let report = sync_with(&out, &set, settings(Mode::Write)).unwrap();
        assert!(
            report.iter().all(|(_, s)| *s == FileStatus::Unchanged),
            "{report:?}"
        );
        assert!(out.join("v1/old.rs").exists());
        assert_eq!(
            fs::read_to_string(elsewhere.join("old.rs")).unwrap(),
            theirs
        );
    }

    #[cfg(feature = "lock")]
    #[test]
    fn a_second_run_waits_for_the_lock_then_says_who_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let set = files(&[("a.rs", "a")]);
        let held = lock::hold(dir.path(), true, Duration::ZERO).unwrap();
        let start = std::time::Instant::now();
        let err = sync_with(dir.path(), &set, settings(Mode::Write)).unwrap_err();
        let waited = start.elapsed();
        assert!(waited >= Duration::from_millis(200), "{waited:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "{}: cannot write: another twilio-codegen run holds this lock on the folder; \
                 waited 0.2 s for it to finish",
                dir.path().join(LOCK_FILE).display()
            )
        );
        assert!(!dir.path().join("a.rs").exists());
        // Checking waits too: a run that is writing leaves half a folder.
        assert!(sync_with(dir.path(), &set, settings(Mode::Check)).is_err());
        drop(held);
        sync_with(dir.path(), &set, settings(Mode::Write)).unwrap();
        assert!(dir.path().join("a.rs").exists());
        // Two runs that only compare do not wait for each other.
        let shared = lock::hold(dir.path(), false, Duration::ZERO).unwrap();
        let report = sync_with(dir.path(), &set, settings(Mode::Check)).unwrap();
        assert_eq!(report, [(PathBuf::from("a.rs"), FileStatus::Unchanged)]);
        drop(shared);
    }

    #[test]
    fn a_stopped_run_leaves_its_temporary_file_for_the_next_to_remove() {
        let dir = tempfile::tempdir().unwrap();
        let set = files(&[("a.rs", "a"), ("b.rs", "b")]);
        let stop = Settings {
            stop_after: Some(1),
            ..settings(Mode::Write)
        };
        let err = sync_with(dir.path(), &set, stop).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("stopped after 1 changes, as asked"),
            "{err}"
        );
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let temp = format!(".b.rs.{}{TEMP_SUFFIX}", std::process::id());
        names.retain(|name| !name.ends_with(".lock"));
        assert_eq!(names, [temp.clone(), "a.rs".to_string()]);
        let report = sync_with(dir.path(), &set, settings(Mode::Write)).unwrap();
        assert_eq!(
            report,
            [
                (PathBuf::from(temp), FileStatus::Leftover),
                (PathBuf::from("a.rs"), FileStatus::Unchanged),
                (PathBuf::from("b.rs"), FileStatus::Written),
            ]
        );
    }
}
