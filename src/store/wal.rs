//! Does the write-ahead log beside a database belong to it? Read from the bytes of
//! both files, before SQLite is let near them: SQLite replays any `-wal` it finds
//! whose own checksums hold, so a log left by a crash beside a backup copied over the
//! database would be written into the backup (and the crashed meeting lost with it).
//!
//! The rule (see SECURITY.md, "The write-ahead log"):
//! - A log SQLite would replay nothing from (missing, empty, a bad header, no frame
//!   whose salts and running checksum hold up to a commit) is harmless: it passes.
//! - Its page size must be the database's (a plain file's header says it).
//! - Page 1 ties the two. A checkpoint copies frames into the file byte for byte, so
//!   a file whose page 1 is one of the log's committed page-1 frames has taken in
//!   part of this log: it belongs. Otherwise nothing of page 1 has been copied yet,
//!   and the file must be the state the log started from: in a plain file SQLite
//!   may or may not have moved the header's change counter (offset 24): in WAL mode
//!   it does not move with every commit, so a counter decides nothing. An encrypted file's page 1 is ciphertext but
//!   starts with its key salt in plain (16 bytes), which every page-1 frame repeats:
//!   another salt is another database (a backup made by `VACUUM INTO` keeps the
//!   salt, so this refuses only other databases).
//! - Otherwise (no page 1 in the log, a counter that fits, an encrypted file with
//!   its own salt) the bytes cannot vouch for the log: the caller reads the file
//!   with the log through SQLite, read-only, and checks every page (`quick_check`)
//!   before anything may write; a log that leaves the database damaged is refused.
//!   The bytes only ever refuse or vouch by identity; a counter never vouches.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A log's header: magic (2), format, page size, checkpoint sequence, two salts and
/// a checksum of the first 24 bytes.
const WAL_HEADER: usize = 32;
/// A frame's header: page number, database size after a commit (else 0), the log's
/// two salts and the running checksum.
const FRAME_HEADER: usize = 24;

/// What the bytes say about a database and the log beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalFit {
    /// No log, or one SQLite would replay nothing from.
    Nothing,
    /// The log continues this file.
    Belongs,
    /// The bytes cannot decide (no page 1 in the log): check through SQLite.
    Unknown,
    /// The log was written for another file; why, in a few words.
    Foreign(String),
}

/// The `-wal` file beside `db`.
pub fn wal_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

/// One committed frame: its page number and where its page starts in the log.
struct Frame {
    page: u32,
    at: usize,
}

fn be32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map(|x| u32::from_be_bytes([x[0], x[1], x[2], x[3]]))
        .unwrap_or(0)
}

/// SQLite's log checksum (`walChecksumBytes`): pairs of 32-bit words, in the byte
/// order the magic number names, summed into two running totals.
fn checksum(big_endian: bool, data: &[u8], mut s: (u32, u32)) -> (u32, u32) {
    for pair in data.chunks_exact(8) {
        let word = |b: &[u8]| {
            let w = [b[0], b[1], b[2], b[3]];
            if big_endian {
                u32::from_be_bytes(w)
            } else {
                u32::from_le_bytes(w)
            }
        };
        s.0 = s.0.wrapping_add(word(&pair[0..4])).wrapping_add(s.1);
        s.1 = s.1.wrapping_add(word(&pair[4..8])).wrapping_add(s.0);
    }
    s
}

/// The log's page size and the frames SQLite would replay (those up to the last
/// commit whose salts and checksums hold); `None` when it would replay nothing.
fn committed_frames(wal: &[u8]) -> Option<(usize, Vec<Frame>)> {
    let h = wal.get(..WAL_HEADER)?;
    let magic = be32(h, 0);
    if magic & 0xFFFF_FFFE != 0x377F_0682 {
        return None;
    }
    let big = magic & 1 == 1;
    let page = be32(h, 8) as usize;
    if !(512..=65536).contains(&page) || !page.is_power_of_two() {
        return None;
    }
    let mut sum = checksum(big, &h[..24], (0, 0));
    if sum != (be32(h, 24), be32(h, 28)) {
        return None;
    }
    let salts = &h[16..24];
    let (mut frames, mut committed) = (Vec::new(), 0);
    let mut at = WAL_HEADER;
    while let Some(f) = wal.get(at..at + FRAME_HEADER + page) {
        if &f[8..16] != salts || be32(f, 0) == 0 {
            break;
        }
        sum = checksum(big, &f[..8], sum);
        sum = checksum(big, &f[FRAME_HEADER..], sum);
        if sum != (be32(f, 16), be32(f, 20)) {
            break;
        }
        frames.push(Frame {
            page: be32(f, 0),
            at: at + FRAME_HEADER,
        });
        if be32(f, 4) != 0 {
            committed = frames.len();
        }
        at += FRAME_HEADER + page;
    }
    frames.truncate(committed);
    (!frames.is_empty()).then_some((page, frames))
}

/// Does the log beside `db` belong to it? Read from the bytes alone (see the module):
/// nothing is written. An unreadable log or file is an error for the caller.
pub fn fit(db: &Path) -> std::io::Result<WalFit> {
    let wal_file = wal_path(db);
    // The file first, then the log: a checkpoint or a fresh log started meanwhile by a
    // meeting in another terminal still reads as belonging.
    let mut page1 = Vec::new();
    fs::File::open(db)?.take(65536).read_to_end(&mut page1)?;
    let wal = match fs::read(&wal_file) {
        Ok(w) => w,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(WalFit::Nothing),
        Err(e) => return Err(e),
    };
    Ok(judge(&page1, &wal))
}

/// [`fit`] on bytes: `file` is at least the database's first page (when it has one),
/// `wal` the whole log.
fn judge(file: &[u8], wal: &[u8]) -> WalFit {
    let Some((page, frames)) = committed_frames(wal) else {
        return WalFit::Nothing;
    };
    if file.is_empty() {
        // A new database whose every page is still in the log.
        return WalFit::Belongs;
    }
    let plain = file.starts_with(b"SQLite format 3\0");
    if plain {
        let size = match u16::from_be_bytes([file[16], file[17]]) {
            1 => 65536,
            n => usize::from(n),
        };
        if size != page {
            return WalFit::Foreign(format!("its pages are {page} bytes, the database's {size}"));
        }
    }
    let Some(first) = file.get(..page) else {
        return WalFit::Unknown;
    };
    let ones: Vec<&[u8]> = frames
        .iter()
        .filter(|f| f.page == 1)
        .filter_map(|f| wal.get(f.at..f.at + page))
        .collect();
    if ones.contains(&first) {
        return WalFit::Belongs;
    }
    let Some(earliest) = ones.first() else {
        return WalFit::Unknown;
    };
    if plain {
        // In WAL mode the change counter does not move with every commit: a live log,
        // checkpointed and begun again, can hold page-1 images whose counter is the
        // file's own or older. A counter neither vouches nor refuses: SQLite's
        // reading of the pair decides (every page, the change log running on, the
        // newest changes in their rows).
        WalFit::Unknown
    } else if earliest.get(..16) != first.get(..16) {
        WalFit::Foreign("it was written under another database's key salt".into())
    } else {
        WalFit::Unknown
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A log of `pages` (page number, bytes, commit?) for page size 512, as SQLite
    /// writes one (little-endian checksums).
    fn log(pages: &[(u32, Vec<u8>, bool)]) -> Vec<u8> {
        let mut w = Vec::new();
        w.extend(0x377F_0682u32.to_be_bytes());
        w.extend(3_007_000u32.to_be_bytes());
        w.extend(512u32.to_be_bytes());
        w.extend(0u32.to_be_bytes());
        w.extend([1, 2, 3, 4, 5, 6, 7, 8]);
        let mut s = checksum(false, &w[..24], (0, 0));
        w.extend(s.0.to_be_bytes());
        w.extend(s.1.to_be_bytes());
        for (n, bytes, commit) in pages {
            let mut f = Vec::new();
            f.extend(n.to_be_bytes());
            f.extend((if *commit { 9u32 } else { 0 }).to_be_bytes());
            f.extend([1, 2, 3, 4, 5, 6, 7, 8]);
            s = checksum(false, &f[..8], s);
            s = checksum(false, bytes, s);
            f.extend(s.0.to_be_bytes());
            f.extend(s.1.to_be_bytes());
            f.extend(bytes);
            w.extend(f);
        }
        w
    }

    fn page1(counter: u32) -> Vec<u8> {
        let mut p = vec![0u8; 512];
        p[..16].copy_from_slice(b"SQLite format 3\0");
        p[16..18].copy_from_slice(&512u16.to_be_bytes());
        p[24..28].copy_from_slice(&counter.to_be_bytes());
        p
    }

    #[test]
    fn a_log_tied_by_page_one_belongs_and_another_files_does_not() {
        let other = vec![7u8; 512];
        let w = log(&[(2, other.clone(), false), (1, page1(41), true)]);
        assert_eq!(
            judge(&page1(40), &w),
            WalFit::Unknown,
            "the next change: SQLite decides"
        );
        assert_eq!(judge(&page1(41), &w), WalFit::Belongs, "checkpointed");
        // A counter decides nothing in WAL mode (a live log begun again after a
        // checkpoint holds page-1 images at the file's counter or older).
        assert_eq!(judge(&page1(12), &w), WalFit::Unknown);
        let mut bigger = page1(40);
        bigger[16..18].copy_from_slice(&1024u16.to_be_bytes());
        assert!(
            matches!(judge(&bigger, &w), WalFit::Foreign(_)),
            "another page size is another file"
        );
        let no_page1 = log(&[(2, other.clone(), true)]);
        assert_eq!(judge(&page1(12), &no_page1), WalFit::Unknown);
        let uncommitted = log(&[(1, page1(13), false)]);
        assert_eq!(judge(&page1(40), &uncommitted), WalFit::Nothing);
        let mut broken = w.clone();
        let last = broken.len() - 1;
        broken[last] ^= 1;
        assert_eq!(
            judge(&page1(12), &broken),
            WalFit::Nothing,
            "a bad checksum ends the log before its only commit"
        );
    }
}
