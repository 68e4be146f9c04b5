//! Writing the minutes: one owner-only file per page, each replaced whole.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::case_page::case_page;
use super::pages::{general_page, has_mappa_page, mappa_page};
use super::Minutes;
use crate::lookup::doc::{self, PrintedPage};
use crate::lookup::{fmt_date, LookupError, Result};

/// Which files `write` makes: Markdown, standalone HTML, both, or Word (one
/// `.docx` per page: the general page, each case, the MAPPA item).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formats {
    Markdown,
    Html,
    #[default]
    Both,
    Docx,
}

/// One file written, for the summary printed after.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// `general`, `case`, `mappa` or `all-cases`.
    pub kind: &'static str,
    pub case_id: Option<i64>,
    pub path: PathBuf,
}

/// Write the minutes of `m` into `dir` (created owner-only if needed). Files are
/// owner-only and named by date and case id, never by a person's name.
pub fn write(m: &Minutes, dir: &Path, formats: Formats, force: bool) -> Result<Vec<Written>> {
    create_private_dir(dir, force)?;
    let date = fmt_date(m.meeting.date);
    let md = matches!(formats, Formats::Markdown | Formats::Both);
    let html = matches!(formats, Formats::Html | Formats::Both);
    let word = formats == Formats::Docx;
    let mut out = vec![];
    let title = |p: &PrintedPage| format!("{} ({})", p.title, p.subtitle);
    let mut emit =
        |kind: &'static str, case_id: Option<i64>, stem: String, p: &PrintedPage| -> Result<()> {
            if md {
                let path = dir.join(format!("{stem}.md"));
                write_private(&path, &doc::markdown(p))?;
                out.push(Written {
                    kind,
                    case_id,
                    path,
                });
            }
            if word {
                let path = dir.join(format!("{stem}.docx"));
                write_private_bytes(&path, &crate::lookup::docx::docx(p)?)?;
                out.push(Written {
                    kind,
                    case_id,
                    path,
                });
            }
            if html {
                let path = dir.join(format!("{stem}.html"));
                write_private(
                    &path,
                    &doc::html_document(&title(p), std::slice::from_ref(p)),
                )?;
                out.push(Written {
                    kind,
                    case_id,
                    path,
                });
            }
            Ok(())
        };
    let general = general_page(m);
    emit("general", None, format!("{date}-general"), &general)?;
    let mut all = vec![general];
    for c in &m.cases {
        let p = case_page(m, c);
        emit(
            "case",
            Some(c.case_id),
            format!("{date}-case-{}", c.case_id),
            &p,
        )?;
        all.push(p);
    }
    if has_mappa_page(m) {
        emit("mappa", None, format!("{date}-mappa"), &mappa_page(m))?;
    }
    if html {
        let path = dir.join(format!("{date}-all-cases.html"));
        let t = format!("{}: minutes of the meeting on {date}", m.panel.name);
        write_private(&path, &doc::html_document(&t, &all))?;
        out.push(Written {
            kind: "all-cases",
            case_id: None,
            path,
        });
    }
    Ok(out)
}

fn io_err(path: &Path, e: std::io::Error) -> LookupError {
    LookupError::Io(format!("{}: {e}", path.display()))
}

/// Make `dir` (0700) if it is missing. An existing folder that others may read
/// (group or world) is refused unless `force`: the minutes are restricted.
pub(super) fn create_private_dir(dir: &Path, force: bool) -> Result<()> {
    if dir.is_dir() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir)
                .map_err(|e| io_err(dir, e))?
                .permissions()
                .mode()
                & 0o777;
            if mode & 0o044 != 0 && !force {
                return Err(LookupError::Invalid(format!(
                    "{} can be read by others (mode {mode:o}) and the minutes are restricted: use a folder only you can open (`chmod 700 {}`, or a new one), or --force to write there anyway; nothing written",
                    dir.display(),
                    dir.display()
                )));
            }
        }
        let _ = force;
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| io_err(dir, e))
}

/// Write a file readable by its owner only (restricted data), replacing any
/// file of that name. The text goes to a temporary file in the same folder that
/// is then renamed, so a reader never sees half a file. Exports are not synced
/// to disk one by one: they can be made again from the database. A file that
/// already holds exactly `body` is left as it is (made owner-only if it was not):
/// writing the minutes again is then quick, where replacing hundreds of files
/// makes the filesystem flush each one.
pub fn write_private(path: &Path, body: &str) -> Result<()> {
    write_private_bytes(path, body.as_bytes())
}

/// [`write_private`] for bytes (a spreadsheet or Word file): owner-only, written
/// beside the target and renamed into place. Errors: the file system's, naming `path`.
pub fn write_private_bytes(path: &Path, body: &[u8]) -> Result<()> {
    use std::io::Write;
    if unchanged(path, body) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)
                .map_err(|e| io_err(path, e))?
                .permissions();
            if mode.mode() & 0o777 != 0o600 {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| io_err(path, e))?;
            }
        }
        return Ok(());
    }
    let file_name = path
        .file_name()
        .ok_or_else(|| LookupError::Io(format!("{}: not a file name", path.display())))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let result = (|| {
        let mut f = o.open(&tmp)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        f.write_all(body)?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_err(path, e)
    })
}

/// Whether the regular file at `path` holds exactly `body`.
fn unchanged(path: &Path, body: &[u8]) -> bool {
    let same_size =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == body.len() as u64);
    same_size && std::fs::read(path).is_ok_and(|old| old == body)
}
