//! plan-lint: a linter for programme plans (UN proposed programme budget fascicles) written as
//! YAML, or as Word or Markdown documents imported into the same model.
//!
//! # The library
//!
//! The supported surface is three things and the types they share:
//!
//! - **Check a plan**: [`check::check_file`] checks a file's bytes — YAML, or a Word or Markdown
//!   document by its extension — and [`check::check_source`] a YAML text, with
//!   [`check::CheckOptions`] (its settings from [`config`]); each returns a [`check::FileReport`]:
//!   the [`source::SourceFile`] and its [`diagnostic::Diagnostic`]s, each naming its
//!   [`rules::Rule`] (all of them are in [`rules::REGISTRY`]).
//! - **Import a document**: [`import::import`] turns a Word or Markdown document into the YAML
//!   plan format, with the map back to the document.
//! - **Render findings**: [`render::render`] writes reports in a [`render::Format`] (human,
//!   concise, JSON, SARIF, GitHub, JUnit, Markdown).
//!
//! The other public modules are public for the binary (`cli`), the language server, the tests,
//! benchmarks and fuzz targets; they are hidden from the documentation and may change in any
//! release. The rest is private to the crate.
//!
//! Data flows one way: read → `yaml::load` (spanned tree) → `model::Plan` → `schema::check`
//! → [`rules`] → [`diagnostic::Diagnostic`]s → `suppress` → [`render`]. The binary only parses
//! arguments, finds files and prints.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod import;
pub mod render;
pub mod rules;
pub mod source;

#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod edition;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod schema;
#[doc(hidden)]
pub mod server;
#[doc(hidden)]
pub mod yaml;

mod annotate;
mod baseline;
mod discover;
mod fix;
mod init;
mod suppress;

/// Exit status: no finding at or above the fail-on level.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: plan-lint could not run (bad arguments, unreadable paths).
pub const EXIT_TROUBLE: u8 = 2;

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The modules of the crate (outside their tests) that `module` names with `crate::…`.
    fn uses(module: &str) -> std::collections::BTreeSet<String> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.join(format!("{module}.rs"))];
        if let Ok(dir) = std::fs::read_dir(src.join(module)) {
            files.extend(dir.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "rs")));
        }
        let mut found = std::collections::BTreeSet::new();
        for file in files.iter().filter(|f| f.is_file()) {
            let text = std::fs::read_to_string(file).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (i, _) in line.match_indices("crate::") {
                    let name: String = line[i + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    found.insert(name);
                }
            }
        }
        found
    }

    /// Dependencies run one way: what the model or a finding needs lives there, exit statuses
    /// in the library, not in a rule or in `cli`.
    #[test]
    fn no_import_cycles_between_the_layers() {
        for (module, not) in [("model", "rules"), ("diagnostic", "rules"), ("import", "cli"), ("source", "rules")] {
            assert!(!uses(module).contains(not), "`{module}` uses `crate::{not}`: {:?}", uses(module));
        }
        assert!(uses("import").contains("model"), "the scan sees `crate::` paths");
        // The importer names rules (its findings' identities) but borrows none of their code.
        let import = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/import");
        for file in std::fs::read_dir(import).unwrap().map(|e| e.unwrap().path()) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (i, _) in text.match_indices("crate::rules::") {
                let path: String =
                    text[i + 14..].chars().take_while(|c| c.is_alphanumeric() || "_:".contains(*c)).collect();
                assert!(
                    !path.contains("::") || path.ends_with("::RULE"),
                    "{} uses a rule's code: crate::rules::{path}",
                    file.display()
                );
            }
        }
    }
}
