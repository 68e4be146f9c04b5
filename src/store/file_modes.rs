//! The file's modes: who may write a database and its folder (worked out from the
//! mode bits, so nothing is created to find out), and making new files owner-only.

use std::fs;
use std::path::Path;

use super::open::cannot;
use super::{Result, StoreError};

/// Make an existing file readable and writable by its owner only (0600).
pub(super) fn owner_only(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .map_err(|e| cannot(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Create an empty file (0600) for a new database; with `make_folders`, its missing
/// folders too (0700). Without it a missing folder is refused (a mistyped path makes
/// nothing), and so is a folder this user cannot write.
pub(super) fn create_private(path: &Path, make_folders: bool) -> Result<()> {
    let dir = folder(path);
    if !dir.exists() {
        if !make_folders {
            return Err(StoreError::NoFolder {
                path: path.to_path_buf(),
                folder: dir.to_path_buf(),
            });
        }
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(dir)?;
    }
    if !can_write(dir) {
        return Err(StoreError::FolderReadOnly {
            path: path.to_path_buf(),
            folder: dir.to_path_buf(),
        });
    }
    let mut o = fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::FolderReadOnly {
                path: path.to_path_buf(),
                folder: dir.to_path_buf(),
            }
        }
        _ => cannot(path, e),
    })?;
    Ok(())
}

/// Refuse, from the mode bits alone (nothing is opened or made), an existing file
/// that this process cannot write, or whose folder it cannot write:
/// [`StoreError::ReadOnly`]. A missing file passes (opening it says what is wrong).
pub fn refuse_read_only(path: &Path) -> Result<()> {
    if path.is_file() && (!can_write(path) || !can_write(folder(path))) {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// The folder holding `path` ("." for a bare file name).
pub(super) fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Can this process write `path` (a file or a folder)? Worked out from the mode bits
/// and this process's user and groups, so that nothing is created to find out.
#[cfg(target_os = "linux")]
pub(super) fn can_write(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let ids = |key: &str| -> Vec<u32> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| {
                v.split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (uid, gid, groups) = (ids("Uid:"), ids("Gid:"), ids("Groups:"));
    let euid = uid.get(1).copied().unwrap_or(u32::MAX);
    let egid = gid.get(1).copied().unwrap_or(u32::MAX);
    let mode = meta.mode();
    if euid == 0 {
        // Root may write anything, but a file (or folder) with no write bit for anyone
        // was made read-only on purpose: root is refused it too (QA fault 14).
        return mode & 0o222 != 0;
    }
    if meta.uid() == euid {
        mode & 0o200 != 0
    } else if meta.gid() == egid || groups.contains(&meta.gid()) {
        mode & 0o020 != 0
    } else {
        mode & 0o002 != 0
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn can_write(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}
