//! Where downloaded OpenStreetMap tiles are cached. The folder is tried before tiles are first
//! fetched: one that cannot be written (read-only, gone, not a folder) would make every tile
//! download fail in the HTTP cache, so tiles are then fetched without a cache and one notice
//! says why.

use std::path::{Path, PathBuf};

/// The tile cache folder: `tumen-atlas-tiles` in the system's temporary folder.
pub fn default_dir() -> PathBuf {
    std::env::temp_dir().join("tumen-atlas-tiles")
}

/// `dir`, created if missing, when a file can be written in it; otherwise the notice to show.
pub fn usable(dir: &Path) -> Result<PathBuf, String> {
    let probe = dir.join(format!(".write-test-{}", std::process::id()));
    let tried = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&probe, b"tile"));
    let _ = std::fs::remove_file(&probe);
    match tried {
        Ok(()) => Ok(dir.to_path_buf()),
        Err(e) => Err(format!(
            "Map tiles are shown but not cached: the tile cache folder {} cannot be written ({e}); \
             tiles are downloaded again each time.",
            dir.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writable_folder_is_used_and_one_that_cannot_be_written_gives_one_notice_naming_it() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temporary folder")
        };
        let cache = dir.path().join("tiles");
        assert_eq!(usable(&cache), Ok(cache.clone()), "created and used");
        assert_eq!(
            std::fs::read_dir(&cache).map(Iterator::count).ok(),
            Some(0),
            "no probe left"
        );
        // A path under a regular file cannot be a folder, even for root.
        let file = dir.path().join("plain-file");
        std::fs::write(&file, b"x").expect("write");
        let blocked = file.join("tiles");
        let notice = usable(&blocked).expect_err("not writable");
        assert!(notice.contains(&blocked.display().to_string()), "{notice}");
        assert!(notice.contains("not cached"), "{notice}");
    }
}
