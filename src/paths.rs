//! Where the database lives: `--db PATH`, else `ROUNDTABLE_DB`, else the platform
//! data folder.

use std::path::PathBuf;

pub const DB_ENV: &str = "ROUNDTABLE_DB";
/// The key for tests and CI (read once at start and removed from the environment;
/// see `cli::key`).
pub const KEY_ENV: &str = "ROUNDTABLE_KEY";

fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("org", "Roundtable", "roundtable")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The database path from the flag, the environment, or the platform default.
pub fn resolve_db(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| {
        std::env::var_os(DB_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .unwrap_or_else(|| data_dir().join("roundtable.db"))
}

/// A file of that name in the platform data folder (on Linux
/// `~/.local/share/roundtable/`), e.g. an updated bank holiday list.
pub fn data_file(name: &str) -> PathBuf {
    data_dir().join(name)
}

/// Make the platform data folder (0700) if it is missing, for a first database there.
pub fn ensure_data_dir() -> std::io::Result<()> {
    let dir = data_dir();
    if dir.exists() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// The demo database, kept apart from real data.
pub fn demo_db() -> PathBuf {
    data_dir().join("roundtable-demo.db")
}
