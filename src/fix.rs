//! Applying fixes: edit the text in place, byte for byte, and write it back atomically.

use crate::check::{CheckOptions, FileReport, check_source};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::source::SourceFile;
use std::io::{self, Write};
use std::path::Path;

/// Which fixes to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixMode {
    /// Only fixes that cannot be wrong.
    Safe,
    /// Also fixes that could be wrong (`--unsafe-fixes`).
    Unsafe,
}

impl FixMode {
    pub fn allows(self, a: Applicability) -> bool {
        a == Applicability::Safe || self == FixMode::Unsafe
    }
}

/// Apply fixes to `text`: each fix whole or not at all, skipping any that overlaps one already
/// taken. Everything outside the edits is kept byte for byte. Returns the new text and how many
/// fixes were applied.
pub fn apply<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let clashes = fix.edits.iter().any(|e| {
            e.span.end > text.len()
                || !text.is_char_boundary(e.span.start)
                || !text.is_char_boundary(e.span.end)
                || taken.iter().any(|t| e.span.start < t.span.end && t.span.start < e.span.end)
        });
        if clashes || fix.edits.is_empty() {
            continue;
        }
        taken.extend(&fix.edits);
        applied += 1;
    }
    taken.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in taken {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// Check, fix, and check again until nothing more can be fixed (at most a few rounds).
/// Returns the fixed text, the findings that remain, and the number of fixes applied.
pub fn fix_source(source: SourceFile, options: &CheckOptions, mode: FixMode) -> (FileReport, usize) {
    let name = source.name.clone();
    let mut report = check_source(source, options);
    let mut total = 0;
    for _ in 0..4 {
        let fixes = report.diagnostics.iter().filter_map(|d| d.fix.as_ref()).filter(|f| mode.allows(f.applicability));
        let (text, applied) = apply(&report.source.text, fixes);
        if applied == 0 {
            break;
        }
        total += applied;
        let mut source = SourceFile::new(name.clone(), text);
        source.bom = report.source.bom;
        report = check_source(source, options);
    }
    (report, total)
}

/// A unified diff between two versions of a file, empty when they are equal. With `bom`, the
/// file's byte order mark is shown on its first line, as `--fix` keeps it: the diff is an exact
/// patch of the file's bytes.
pub fn diff(name: &str, old: &str, new: &str, bom: bool) -> String {
    if old == new {
        return String::new();
    }
    let (a, b) = if name.starts_with('/') {
        (name.to_owned(), name.to_owned())
    } else {
        (format!("a/{name}"), format!("b/{name}"))
    };
    let (old, new) = if bom { (format!("\u{FEFF}{old}"), format!("\u{FEFF}{new}")) } else { (old.into(), new.into()) };
    similar::TextDiff::from_lines(&old, &new).unified_diff().context_radius(3).header(&a, &b).to_string()
}

/// Replace a file's contents atomically, and say how many other hard links now keep the old text.
///
/// - A symbolic link is followed: its target is written, and the link stays a link.
/// - The new text goes to a temporary file in the target's folder (a unique name, so concurrent
///   runs cannot clash), is flushed to disk, takes the original's permissions and, where the
///   writer may, its owner and group; then it is renamed over the original. Readers see the old
///   file or the new one, never half; on any failure the original is untouched and the temporary
///   file is removed.
/// - With `bom`, the UTF-8 byte order mark the file began with is written back.
/// - A file with several hard links: the rename gives this name the fixed text; the other names
///   keep the old text (they are separate files from then on). The count of those other names is
///   returned, so the caller can say so.
pub fn write_atomically(path: &Path, contents: &str, bom: bool) -> io::Result<u64> {
    use std::os::unix::fs::MetadataExt;
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    let dir = target.parent().unwrap_or(Path::new("/"));
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(target.file_name().unwrap_or_else(|| "plan".as_ref()));
    prefix.push(".");
    let mut tmp = tempfile::Builder::new().prefix(&prefix).suffix(".plan-lint.tmp").tempfile_in(dir)?;
    if bom {
        tmp.write_all(b"\xEF\xBB\xBF")?;
    }
    tmp.write_all(contents.as_bytes())?;
    tmp.as_file().set_permissions(meta.permissions())?;
    // Keep the owner and group where permitted (root, or a group the writer is in); otherwise the
    // file belongs to the writer, as any editor would leave it.
    let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(meta.nlink().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            description: String::new(),
            applicability: Applicability::Safe,
            edits: edits.iter().map(|&(s, e, r)| Edit { span: Span::new(s, e), replacement: r.into() }).collect(),
        }
    }

    #[test]
    fn edits_apply_whole_and_never_overlap() {
        let text = "period 2020–2022 and 16.3";
        let fixes = [fix(&[(7, 18, "2021–2023")]), fix(&[(10, 12, "xx")]), fix(&[(23, 27, "16.4")])];
        let (out, n) = apply(text, &fixes);
        assert_eq!((out.as_str(), n), ("period 2021–2023 and 16.4", 2));
    }

    #[test]
    fn atomic_write_replaces_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.yaml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, "new", false).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
    }

    #[test]
    fn atomic_write_follows_links_keeps_the_bom_and_counts_hard_links() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        // A name that is not UTF-8, behind a symbolic link.
        let target = dir.path().join(std::ffi::OsStr::from_bytes(b"plan-\xff.yaml"));
        std::fs::write(&target, "\u{FEFF}old").unwrap();
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(write_atomically(&link, "new", true).unwrap(), 0);
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read(&target).unwrap(), "\u{FEFF}new".as_bytes());
        let hard = dir.path().join("hard.yaml");
        std::fs::hard_link(&target, &hard).unwrap();
        assert_eq!(write_atomically(&target, "newer", false).unwrap(), 1, "one other name keeps the old text");
        assert_eq!(std::fs::read(&hard).unwrap(), "\u{FEFF}new".as_bytes());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3, "no temporary file is left");
    }

    #[test]
    fn the_diff_shows_the_bom_it_keeps() {
        let d = diff("t.yaml", "a: 1\n", "a: 2\n", true);
        assert!(d.contains("-\u{FEFF}a: 1\n+\u{FEFF}a: 2\n"), "{d}");
        assert!(!diff("t.yaml", "a: 1\n", "a: 2\n", false).contains('\u{FEFF}'));
    }

    #[test]
    fn a_failed_write_leaves_the_file_and_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("ro");
        std::fs::create_dir(&sub).unwrap();
        let path = sub.join("plan.yaml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root may write anywhere: then there is nothing to test here.
        if std::fs::File::create(sub.join("probe")).is_err() {
            assert!(write_atomically(&path, "new", false).is_err());
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
            assert_eq!(std::fs::read_dir(&sub).unwrap().count(), 1);
        }
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}
