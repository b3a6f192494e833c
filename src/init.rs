//! Getting started: `plan-lint init` (a starter plan and configuration), `plan-lint completions
//! SHELL` and `plan-lint man`, the last two generated from the clap definition of the arguments.

use std::io::Write;
use std::path::Path;

/// The starter plan, after its `yaml-language-server` line.
const PLAN: &str = include_str!("init/plan.yaml");
/// The starter configuration: every setting, commented out.
const CONFIG: &str = include_str!("init/plan-lint.toml");

/// Where editors find the plan schema of this version: the file in the repository at its tag.
pub fn schema_url() -> String {
    let repo = env!("CARGO_PKG_REPOSITORY").replacen("https://github.com/", "https://raw.githubusercontent.com/", 1);
    format!("{repo}/v{}/schemas/plan.schema.json", env!("CARGO_PKG_VERSION"))
}

/// The starter plan as `init` writes it.
pub fn starter_plan() -> String {
    format!("# yaml-language-server: $schema={}\n{PLAN}", schema_url())
}

/// Write `plan.yaml` and `plan-lint.toml` into `dir`, and say so on `out`. Neither is written
/// when either exists; the error says why nothing (or not everything) was written.
pub fn command(dir: &Path, out: &mut dyn Write) -> Result<(), String> {
    let files = [(dir.join("plan.yaml"), starter_plan()), (dir.join("plan-lint.toml"), CONFIG.to_owned())];
    if let Some((path, _)) = files.iter().find(|(p, _)| p.symlink_metadata().is_ok()) {
        return Err(format!(
            "{} exists; init writes over no file (move it, or run init in another folder)",
            path.display()
        ));
    }
    for (path, text) in &files {
        // `create_new`: a file that appeared since the check above is still not overwritten.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| format!("cannot write {}: {}", path.display(), crate::discover::io_reason(&e)))?;
        let _ = writeln!(out, "wrote {}", path.display());
    }
    let _ = writeln!(out, "next: edit the plan, then run `plan-lint check {}`", dir.join("plan.yaml").display());
    Ok(())
}

/// Print the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut cmd, "plan-lint", out);
}

/// Print the manual page (roff) of `plan-lint`, for `man -l -`; or, with `dir`, write a page for
/// it and one for each subcommand (`plan-lint.1`, `plan-lint-check.1`, …) into that folder, to
/// install under `man1/`.
pub fn man(dir: Option<&Path>, out: &mut dyn Write) -> Result<(), String> {
    let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    match dir {
        None => clap_mangen::Man::new(cmd).render(out).map_err(|e| format!("cannot write the manual page: {e}")),
        Some(dir) => {
            std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(cmd, dir)).map_err(|e| {
                format!("cannot write the manual pages into {}: {}", dir.display(), crate::discover::io_reason(&e))
            })?;
            let _ = writeln!(out, "wrote the manual pages into {}", dir.display());
            Ok(())
        }
    }
}
