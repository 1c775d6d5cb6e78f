//! The settings file eframe keeps the saved view in (`app.ron` in eframe's storage folder):
//! when it cannot be read, or only in part, a copy is kept before the window replaces it on
//! closing, so that nothing the user saved is lost, and one notice says so.

use std::path::{Path, PathBuf};

use super::persist::Saved;

/// The settings file of the window titled `app_name` (eframe's storage folder + `app.ron`).
pub fn path(app_name: &str) -> Option<PathBuf> {
    eframe::storage_dir(app_name).map(|d| d.join("app.ron"))
}

/// Keeps a copy of the settings file at `file` when the saved view in it could not be read
/// whole: `saved` is what eframe found under the view's key (`None` when eframe could not
/// parse the file, or the key is missing). Returns the notice to show, naming the file and its
/// copy (or why no copy could be made). Nothing when the file is absent or empty (first run)
/// or the view was read whole.
pub fn keep_unreadable(file: &Path, saved: Option<&str>) -> Option<String> {
    let read_whole = saved.is_some_and(|t| serde_json::from_str::<Saved>(t).is_ok());
    if read_whole {
        return None;
    }
    let size = std::fs::metadata(file).ok()?.len();
    if size == 0 {
        return None;
    }
    let dir = file.parent().unwrap_or(Path::new("."));
    let copy = crate::files::unique_path(dir, "app-unreadable.ron");
    let what = if saved.is_some() {
        "was saved by another version or is damaged"
    } else {
        "could not be read"
    };
    Some(match std::fs::copy(file, &copy) {
        Ok(_) => format!(
            "The settings file {} {what}; a copy was kept as {} (the file is replaced when the \
             window closes).",
            file.display(),
            copy.display()
        ),
        Err(e) => format!(
            "The settings file {} {what}, and no copy could be kept ({e}); it is replaced when \
             the window closes.",
            file.display()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary folder standing for eframe's storage folder.
    fn storage() -> tempfile::TempDir {
        tempfile::tempdir().expect("temp dir")
    }

    #[test]
    fn a_garbage_settings_file_is_copied_before_it_is_replaced() {
        let dir = storage();
        let file = dir.path().join("app.ron");
        std::fs::write(&file, b"\x00\x01 not ron at all {{{").expect("write");
        let notice = keep_unreadable(&file, None).expect("a notice");
        let copy = dir.path().join("app-unreadable.ron");
        assert!(notice.contains("could not be read"), "{notice}");
        assert!(notice.contains(&copy.display().to_string()), "{notice}");
        assert_eq!(
            std::fs::read(&copy).expect("copy"),
            b"\x00\x01 not ron at all {{{"
        );
        // A second bad start keeps the first copy and makes another.
        assert!(keep_unreadable(&file, None).is_some());
        assert!(dir.path().join("app-unreadable-2.ron").exists());
    }

    #[test]
    fn a_view_from_another_version_is_copied_and_a_good_one_is_not() {
        let dir = storage();
        let file = dir.path().join("app.ron");
        std::fs::write(&file, b"(some: \"ron\")").expect("write");
        let future = r#"{"state":{"metric":"carbon_intensity"}}"#;
        let notice = keep_unreadable(&file, Some(future)).expect("a notice");
        assert!(notice.contains("another version"), "{notice}");
        assert!(dir.path().join("app-unreadable.ron").exists());
        let good = r#"{"state":{"year":2018},"centre":null,"zoom":null}"#;
        assert_eq!(keep_unreadable(&file, Some(good)), None);
        assert_eq!(keep_unreadable(&dir.path().join("absent.ron"), None), None);
    }
}
