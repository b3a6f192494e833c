//! Which files `plan-lint check PATH...` checks.
//!
//! - A file named on the command line is always checked, whatever its name.
//! - In a folder (walked recursively, honouring `.gitignore`), by default the plans are the
//!   `*.yaml` and `*.yml` files whose top level has a `document:` or `body:` key (looked for in
//!   their first 64 KiB): a `docker-compose.yml` or a CI workflow in the same folder is passed
//!   over. Word and Markdown documents are checked when asked, with `--include '*.docx'`.
//! - `include` (in `plan-lint.toml`, or `--include`, which replaces it) names the files that are
//!   plans instead, by glob: every file that matches is checked, with no look inside.
//! - `exclude` (in `plan-lint.toml`, and `--exclude`, which adds to it) names files and folders
//!   that are not plans.
//!
//! The configuration is the nearest `plan-lint.toml` of each file's folder (or `--config`), so
//! its globs are relative to the folder it is in; the command line's are relative to the current
//! folder. See [`Globs`] for how a glob matches.

use crate::config::{ConfigError, Discovery, Globs};
use crate::import::DocumentKind;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How much of a YAML file is read to tell whether it is a plan.
pub const SNIFF_BYTES: u64 = 64 * 1024;

/// The `--include` and `--exclude` of a run, compiled.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub include: Option<Globs>,
    pub exclude: Option<Globs>,
}

impl Selection {
    /// Compile the command line's globs, relative to the current folder.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Selection, String> {
        let globs = |list: &[String]| -> Result<Option<Globs>, String> {
            if list.is_empty() {
                return Ok(None);
            }
            let patterns: Vec<&str> = list.iter().map(String::as_str).collect();
            Globs::new(Path::new("."), &patterns).map(Some).map_err(|(_, message)| message)
        };
        Ok(Selection { include: globs(include)?, exclude: globs(exclude)? })
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// The files to check, sorted, without repeats.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read or walked, said in words.
    pub trouble: Vec<String>,
    /// YAML files of the walked folders that were passed over as not plans.
    pub other_yaml: usize,
    /// Word and Markdown documents of the walked folders, which are checked only when asked.
    pub documents: Vec<(DocumentKind, PathBuf)>,
    /// Entries of the walked folders named like plans that are not files (FIFOs, devices,
    /// broken links), each with the reason: passed over, and said.
    pub skipped: Vec<String>,
}

impl Found {
    /// Why nothing was found, and how to check what is there: for the error when a run found no
    /// plan at all.
    pub fn nothing_found(&self, paths: &[PathBuf], selection_given: bool) -> String {
        let list = paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        if selection_given {
            return format!("no file in {list} matches the include globs");
        }
        let mut message = format!("no plan files (*.yaml, *.yml with a top-level `document:`) found in {list}");
        if self.other_yaml > 0 {
            let s = if self.other_yaml == 1 { "" } else { "s" };
            message += &format!(
                "; {} YAML file{s} there {} (name a file to check it anyway)",
                self.other_yaml,
                if self.other_yaml == 1 { "is not a plan" } else { "are not plans" }
            );
        }
        let count = |kind| self.documents.iter().filter(|(k, _)| *k == kind).count();
        let (word, markdown) = (count(DocumentKind::Docx), count(DocumentKind::Markdown));
        let mut hints = Vec::new();
        if word > 0 {
            hints.push(format!(
                "{word} Word document{} (.docx): check {} with --include '*.docx'",
                if word == 1 { "" } else { "s" },
                if word == 1 { "it" } else { "them" }
            ));
        }
        if markdown > 0 {
            let exts: BTreeSet<String> = self
                .documents
                .iter()
                .filter(|(k, _)| *k == DocumentKind::Markdown)
                .filter_map(|(_, p)| p.extension().map(|e| e.to_string_lossy().to_lowercase()))
                .collect();
            let globs: Vec<String> = exts.iter().map(|e| format!("--include '*.{e}'")).collect();
            hints.push(format!(
                "{markdown} Markdown or text document{}: check {} with {}",
                if markdown == 1 { "" } else { "s" },
                if markdown == 1 { "it" } else { "them" },
                globs.join(" ")
            ));
        }
        if !hints.is_empty() {
            message += &format!("\n  hint: the folder has {}", hints.join("; and "));
        }
        message
    }
}

/// Whether a YAML file reads like a plan: a line of its first [`SNIFF_BYTES`] starts with
/// `document:` or `body:`, the plan's top-level keys. A file that cannot be read is taken as a
/// plan, so that checking it says why.
pub fn looks_like_plan(path: &Path) -> bool {
    let mut head = Vec::new();
    match std::fs::File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head)) {
        Ok(_) => head.split(|&b| b == b'\n').any(|line| {
            let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
            line.starts_with(b"document:") || line.starts_with(b"body:")
        }),
        Err(_) => true,
    }
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Expand `paths` into the files to check (see the module documentation).
pub fn discover(paths: &[PathBuf], selection: &Selection, configs: &mut Discovery) -> Result<Found, ConfigError> {
    let mut files = BTreeSet::new();
    let mut found = Found::default();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => found.trouble.push(format!("cannot read {}: {}", path.display(), io_reason(&e))),
            Ok(meta) if meta.is_dir() => {
                for entry in ignore::WalkBuilder::new(path).sort_by_file_name(|a, b| a.cmp(b)).build() {
                    let entry = match entry {
                        Ok(entry) => entry,
                        Err(e) => {
                            found.trouble.push(format!("cannot walk {}: {e}", path.display()));
                            continue;
                        }
                    };
                    let p = entry.path();
                    let Some(kind) = entry.file_type() else { continue };
                    if kind.is_dir() {
                        continue;
                    }
                    if !kind.is_file() {
                        // A link to a plan is checked; a FIFO or a device is never opened (reading
                        // it could block or never end).
                        let named_like_a_plan = is_yaml(p) || DocumentKind::of(&p.to_string_lossy()).is_some();
                        let name = p.strip_prefix(".").unwrap_or(p).display();
                        match std::fs::metadata(p).map(|m| crate::source::non_regular_kind(&m)) {
                            Ok(None) => {}
                            Ok(Some(what)) if named_like_a_plan => {
                                found.skipped.push(format!("{name}: it is {what}"));
                                continue;
                            }
                            Err(e) if named_like_a_plan => {
                                found.skipped.push(format!("{name}: {}", io_reason(&e)));
                                continue;
                            }
                            _ => continue,
                        }
                    }
                    let dir = p.parent().unwrap_or(Path::new("."));
                    let config = configs.config_for_dir(dir)?;
                    let include = selection.include.as_ref().or(config.as_ref().and_then(|c| c.include.as_ref()));
                    let excluded = |globs: Option<&Globs>| globs.is_some_and(|g| g.is_match(p));
                    if excluded(selection.exclude.as_ref())
                        || excluded(config.as_ref().and_then(|c| c.exclude.as_ref()))
                    {
                        continue;
                    }
                    match include {
                        Some(globs) => {
                            if globs.is_match(p) {
                                files.insert(p.to_path_buf());
                            }
                        }
                        None if is_yaml(p) => {
                            if looks_like_plan(p) {
                                files.insert(p.to_path_buf());
                            } else {
                                found.other_yaml += 1;
                            }
                        }
                        None => {
                            if let Some(kind) = DocumentKind::of(&p.to_string_lossy()) {
                                found.documents.push((kind, p.to_path_buf()));
                            }
                        }
                    }
                }
            }
            Ok(_) => {
                files.insert(path.clone());
            }
        }
    }
    found.files = files.into_iter().collect();
    Ok(found)
}

/// An I/O error in words.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn names(dir: &Path, found: &Found) -> Vec<String> {
        found.files.iter().map(|f| f.strip_prefix(dir).unwrap().display().to_string()).collect()
    }

    const PLAN: &str = "document:\n  symbol: A/1\n  title: t\nbody: []\n";

    #[test]
    fn by_default_yaml_plans_and_not_other_yaml() {
        let dir = tree(&[
            ("plans/a.yaml", PLAN),
            ("plans/b.yml", "# a comment first\n\u{feff}body:\n  - prose: x\n"),
            ("docker-compose.yml", "services:\n  web:\n    image: x\n"),
            (".github/workflows/ci.yml", "on: push\njobs: {}\n"),
            ("plans/empty.yaml", ""),
            ("corpus/A_80_6.docx", "zip"),
            ("notes.md", "# notes"),
        ]);
        let found = discover(&[dir.path().to_path_buf()], &Selection::default(), &mut Discovery::default()).unwrap();
        assert_eq!(names(dir.path(), &found), ["plans/a.yaml", "plans/b.yml"]);
        assert_eq!(found.other_yaml, 2, "docker-compose.yml and the empty file (.github is hidden)");
        assert_eq!(found.documents.len(), 2);
    }

    #[test]
    fn include_and_exclude_from_flags_and_configuration() {
        let dir = tree(&[
            ("plan-lint.toml", "exclude = [\"archive\"]\n"),
            ("plans/a.yaml", PLAN),
            ("plans/archive/old.yaml", PLAN),
            ("corpus/A_80_6.docx", "zip"),
            ("drafts/d.md", "# draft"),
        ]);
        let root = dir.path().to_path_buf();
        let run = |include: &[&str], exclude: &[&str]| {
            let own = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            // The command line's globs are relative to the current folder: use absolute ones.
            let selection = Selection::new(&own(include), &own(exclude)).unwrap();
            let found = discover(std::slice::from_ref(&root), &selection, &mut Discovery::default()).unwrap();
            names(&root, &found)
        };
        assert_eq!(run(&[], &[]), ["plans/a.yaml"]);
        assert_eq!(run(&["*.docx"], &[]), ["corpus/A_80_6.docx"]);
        assert_eq!(run(&["*.docx", "*.md", "*.yaml"], &["drafts"]), ["corpus/A_80_6.docx", "plans/a.yaml"]);
        // Named files are checked whatever the globs say.
        let named = root.join("plans/archive/old.yaml");
        let found = discover(std::slice::from_ref(&named), &Selection::default(), &mut Discovery::default()).unwrap();
        assert_eq!(found.files, [named]);
    }

    #[test]
    fn nothing_found_says_how_to_check_documents() {
        let dir =
            tree(&[("corpus/a.docx", "zip"), ("corpus/b.docx", "zip"), ("corpus/c.md", "#"), ("x.yml", "a: 1\n")]);
        let paths = [dir.path().to_path_buf()];
        let found = discover(&paths, &Selection::default(), &mut Discovery::default()).unwrap();
        assert!(found.files.is_empty());
        let message = found.nothing_found(&[PathBuf::from("corpus")], false);
        assert_eq!(
            message,
            "no plan files (*.yaml, *.yml with a top-level `document:`) found in corpus; 1 YAML file there is not \
             a plan (name a file to check it anyway)\n  hint: the folder has 2 Word documents (.docx): check them with \
             --include '*.docx'; and 1 Markdown or text document: check it with --include '*.md'"
        );
    }
}
