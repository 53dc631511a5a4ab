//! The advisory lock on an output folder (see [`LOCK_FILE`]): held by a
//! run for as long as it reads and writes there, exclusively to write,
//! shared to compare. Another run waits for it, a bounded time.

#[cfg(feature = "lock")]
use std::fs::File;
use std::path::Path;
use std::time::Duration;
#[cfg(feature = "lock")]
use std::{
    fs::{self, OpenOptions},
    io::{self, ErrorKind},
    time::Instant,
};

#[cfg(feature = "lock")]
use fs4::TryLockError;

#[cfg(feature = "lock")]
use super::LOCK_FILE;
#[cfg(feature = "lock")]
use crate::error::Error;
use crate::error::Result;

/// How often a waiting run tries the lock again.
#[cfg(feature = "lock")]
const POLL: Duration = Duration::from_millis(50);

/// A held lock; released when dropped (or when the process ends, however
/// it ends).
#[cfg(feature = "lock")]
#[derive(Debug)]
pub(super) struct Held(Option<File>);

#[cfg(feature = "lock")]
impl Drop for Held {
    fn drop(&mut self) {
        if let Some(file) = &self.0 {
            let _ = fs4::FileExt::unlock(file);
        }
    }
}

/// Without the `lock` feature (as a build script builds the generator), no
/// lock is taken: Cargo runs one build script per `OUT_DIR` at a time.
#[cfg(not(feature = "lock"))]
#[derive(Debug)]
pub(super) struct Held;

#[cfg(not(feature = "lock"))]
pub(super) fn hold(_dir: &Path, _write: bool, _wait: Duration) -> Result<Held> {
    Ok(Held)
}

/// Takes the lock on `dir`: exclusive to write (creating `dir` and the lock
/// file as needed), shared to only read (when there is no lock file, no run
/// is writing, and none is created). Waits up to `wait` for a run that
/// holds it.
#[cfg(feature = "lock")]
pub(super) fn hold(dir: &Path, write: bool, wait: Duration) -> Result<Held> {
    let path = dir.join(LOCK_FILE);
    let fail = |source| Error::Write {
        path: path.clone(),
        source,
    };
    if let Ok(meta) = fs::symlink_metadata(&path) {
        if !meta.file_type().is_file() {
            return Err(fail(io::Error::other(
                "is not a plain file; the generator keeps its lock there",
            )));
        }
    }
    let file = if write {
        fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(fail)?
    } else {
        match File::open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Held(None)),
            Err(e) => return Err(fail(e)),
        }
    };
    let start = Instant::now();
    loop {
        // Through the trait, not the method syntax: from Rust 1.89 on, `File`
        // has inherent methods of the same names that would win.
        let tried = if write {
            fs4::FileExt::try_lock(&file)
        } else {
            fs4::FileExt::try_lock_shared(&file)
        };
        match tried {
            Ok(()) => return Ok(Held(Some(file))),
            Err(TryLockError::WouldBlock) if start.elapsed() < wait => std::thread::sleep(POLL),
            Err(TryLockError::WouldBlock) => {
                return Err(fail(io::Error::new(
                    ErrorKind::WouldBlock,
                    format!(
                        "another twilio-codegen run holds this lock on the folder; waited {:.1} s \
                         for it to finish",
                        wait.as_secs_f64()
                    ),
                )));
            }
            Err(TryLockError::Error(e)) => return Err(fail(e)),
        }
    }
}
