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
        report = check_source(SourceFile::new(name.clone(), text), options);
    }
    (report, total)
}

/// A unified diff between two versions of a file, empty when they are equal.
pub fn diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let (a, b) = if name.starts_with('/') {
        (name.to_owned(), name.to_owned())
    } else {
        (format!("a/{name}"), format!("b/{name}"))
    };
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(&a, &b).to_string()
}

/// Replace a file's contents atomically: write a temporary file beside it, keep the original's
/// permissions, then rename it over the original. Readers see the old or the new file, never half.
pub fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("plan");
    let tmp = dir.join(format!(".{name}.plan-lint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
        write_atomically(&path, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
    }
}
