//! The house rules of docs/ARCHITECTURE.md, read from the source: layers only look down, and
//! no module below the views knows egui. Each failure names the file and line of the import.

use std::path::{Path, PathBuf};

/// The top-level module a source file belongs to (`src/data/geo.rs` → `data`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let first = rel
        .components()
        .next()
        .map_or_else(String::new, |c| c.as_os_str().to_string_lossy().to_string());
    first.trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        panic!("{}: cannot list the folder", dir.display());
    };
    let mut entries: Vec<PathBuf> = listing.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules a line of code names through `crate::` (comments are not code).
fn crate_paths(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a::b, c};`: every top-level name in the braces (nested braces skipped).
            let mut depth = 0;
            let mut word = String::new();
            let mut at_start = true;
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => at_start = true,
                    c if depth == 0 && at_start && (c.is_alphanumeric() || c == '_') => {
                        word.push(c);
                    }
                    _ if depth == 0 && at_start && !word.is_empty() => {
                        names.push(std::mem::take(&mut word));
                        at_start = false;
                    }
                    _ => {}
                }
            }
            if !word.is_empty() {
                names.push(word);
            }
        } else {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(word);
        }
    }
    names
}

/// Which top-level modules `module` may not import.
fn forbidden_for(module: &str) -> &'static [&'static str] {
    const VIEWS_AND_ABOVE: &[&str] = &["ui", "map", "plots", "app", "export", "cli"];
    match module {
        "data" | "analysis" | "state" | "model" | "fetch" | "loader" | "style" | "files"
        | "startup" | "fonts" => VIEWS_AND_ABOVE,
        "map" | "plots" => &["ui", "app", "cli"],
        "ui" | "export" => &["app", "cli"],
        _ => &[],
    }
}

fn violations(rule: impl Fn(&str, &str) -> Option<String>) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 50,
        "found the sources ({} files)",
        files.len()
    );
    let mut out = Vec::new();
    for file in files {
        let module = module_of(&src, &file);
        let Ok(text) = std::fs::read_to_string(&file) else {
            panic!("{}: cannot read the source file", file.display());
        };
        for (n, line) in text.lines().enumerate() {
            if let Some(problem) = rule(&module, line) {
                let rel = file
                    .strip_prefix(&src)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                out.push(format!("src/{rel}:{}: {problem}", n + 1));
            }
        }
    }
    out
}

#[test]
fn layers_only_import_the_layers_below_them() {
    let found = violations(|module, line| {
        let bad: Vec<String> = crate_paths(line)
            .into_iter()
            .filter(|name| forbidden_for(module).contains(&name.as_str()))
            .collect();
        (!bad.is_empty()).then(|| format!("`{module}` imports crate::{}", bad.join(", crate::")))
    });
    assert!(found.is_empty(), "upward imports:\n{}", found.join("\n"));
}

#[test]
fn data_analysis_files_and_fetch_do_not_know_egui() {
    let found = violations(|module, line| {
        let code = line.split("//").next().unwrap_or("");
        let knows = code.contains("egui::") || code.contains("use egui");
        (knows && ["data", "analysis", "files", "fetch"].contains(&module))
            .then(|| format!("`{module}` names egui"))
    });
    assert!(
        found.is_empty(),
        "egui below the views:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_import_reader_sees_grouped_and_nested_paths() {
    assert_eq!(crate_paths("use crate::ui::theme::Theme;"), ["ui"]);
    assert_eq!(
        crate_paths("use crate::{map::layer, state::{Command, State}};"),
        ["map", "state"]
    );
    assert_eq!(
        crate_paths("let x = crate::app::App::new(); // crate::ui"),
        ["app"]
    );
    assert!(crate_paths("//! see [`crate::ui`]").is_empty());
}
