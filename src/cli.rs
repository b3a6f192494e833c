//! Command-line interface: argument parsing, file discovery, parallel checking, output, exit code.

use crate::check::{CheckOptions, FileReport, check_file};
use crate::diagnostic::Severity;
use crate::render::{self, Format};
use crate::rules::{self, REGISTRY, Rule};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit status: no finding at or above the fail-on level.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: plan-lint could not run (bad arguments, unreadable paths).
pub const EXIT_TROUBLE: u8 = 2;

#[derive(Parser, Debug)]
#[command(name = "plan-lint", version, about = "Lint programme plans written as YAML.", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check plan files, or directories searched for *.yaml and *.yml (gitignore-aware).
    Check(CheckArgs),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Convert a Word (.docx) or Markdown (.md, .txt) plan document into the YAML plan format.
    Import {
        /// The document to convert.
        file: PathBuf,
        /// Where to write the YAML [default: standard output].
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print a rule's documentation.
    Rule {
        /// A rule code (P001) or name (total-mismatch).
        code: String,
    },
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files and directories to check [default: .]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Report only these rules (codes, code prefixes such as `P`, or names), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not report these rules (codes, code prefixes or names), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The least severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

/// Run the command line; returns the exit status.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_TROUBLE } else { EXIT_CLEAN });
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Check(args) => check(&args, &mut out),
        Command::Rules { format } => list_rules(format, &mut out),
        Command::Import { file, output } => crate::import::import_command(&file, output.as_deref()),
        Command::Rule { code } => match rules::find(&code) {
            Some(rule) => write_or_quiet(&mut out, rule.docs),
            None => {
                eprintln!("plan-lint: no rule `{code}`; `plan-lint rules` lists them");
                EXIT_TROUBLE
            }
        },
    };
    if out.flush().is_err() {
        // The reader went away (`plan-lint check | head`): nothing more to say.
    }
    ExitCode::from(code)
}

fn write_or_quiet(out: &mut dyn Write, text: &str) -> u8 {
    let _ = out.write_all(text.as_bytes());
    EXIT_CLEAN
}

fn list_rules(format: ListFormat, out: &mut dyn Write) -> u8 {
    let result = match format {
        ListFormat::Text => REGISTRY
            .iter()
            .try_for_each(|r| writeln!(out, "{:<5} {:<20} {:<8} {}", r.code, r.name, r.severity.as_str(), r.summary)),
        ListFormat::Json => {
            let rules: Vec<_> = REGISTRY
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code, "name": r.name, "severity": r.severity.as_str(),
                        "summary": r.summary, "docs": r.docs,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rules).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
    };
    let _ = result;
    EXIT_CLEAN
}

/// Whether `selector` (a code, a code prefix or a name) picks `rule`.
pub fn selects(selector: &str, rule: &Rule) -> bool {
    let s = selector.trim();
    !s.is_empty()
        && (rule.name.eq_ignore_ascii_case(s) || rule.code.to_ascii_uppercase().starts_with(&s.to_ascii_uppercase()))
}

fn check(args: &CheckArgs, out: &mut dyn Write) -> u8 {
    for s in args.select.iter().chain(&args.ignore) {
        if !REGISTRY.iter().any(|r| selects(s, r)) {
            eprintln!("plan-lint: `{s}` names no rule; `plan-lint rules` lists them");
            return EXIT_TROUBLE;
        }
    }
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (files, mut trouble) = discover(&paths);
    if files.is_empty() && trouble.is_empty() {
        eprintln!("plan-lint: no plan files (*.yaml, *.yml) found in {}", display_list(&paths));
        return EXIT_TROUBLE;
    }
    let options = CheckOptions::default();
    let results: Vec<Result<FileReport, String>> = files.par_iter().map(|path| check_path(path, &options)).collect();
    let mut reports = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(report) => reports.push(report),
            Err(e) => trouble.push(e),
        }
    }
    // A file that could not be read is never clean: Y001 and Y003 cannot be deselected.
    let keep = |rule: &Rule| {
        !rule.selectable()
            || ((args.select.is_empty() || args.select.iter().any(|s| selects(s, rule)))
                && !args.ignore.iter().any(|s| selects(s, rule)))
    };
    for r in &mut reports {
        r.diagnostics.retain(|d| keep(d.rule));
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    if render::render(args.format, &reports, color, out).is_err() {
        return EXIT_TROUBLE;
    }
    for t in &trouble {
        eprintln!("plan-lint: {t}");
    }
    if !trouble.is_empty() {
        return EXIT_TROUBLE;
    }
    let fail_on = args.fail_on.severity();
    if reports.iter().flat_map(|r| &r.diagnostics).any(|d| d.severity >= fail_on) { EXIT_FINDINGS } else { EXIT_CLEAN }
}

fn display_list(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// Expand the paths into plan files, sorted, without repeats. Named files are taken whatever
/// their extension; directories are walked for `*.yaml` and `*.yml`, honouring .gitignore.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = BTreeSet::new();
    let mut trouble = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => trouble.push(format!("cannot read {}: {}", path.display(), io_reason(&e))),
            Ok(meta) if meta.is_dir() => {
                for entry in ignore::WalkBuilder::new(path).sort_by_file_name(|a, b| a.cmp(b)).build() {
                    match entry {
                        Ok(entry) => {
                            let p = entry.path();
                            if entry.file_type().is_some_and(|t| t.is_file()) && is_plan_file(p) {
                                files.insert(p.to_path_buf());
                            }
                        }
                        Err(e) => trouble.push(format!("cannot walk {}: {e}", path.display())),
                    }
                }
            }
            Ok(_) => {
                files.insert(path.clone());
            }
        }
    }
    (files.into_iter().collect(), trouble)
}

fn is_plan_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn check_path(path: &Path, options: &CheckOptions) -> Result<FileReport, String> {
    let name = path.display().to_string();
    let name = name.strip_prefix("./").unwrap_or(&name).to_owned();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {name}: {}", io_reason(&e)))?;
    // A bug in a parser or a rule must cost one file, never the run, and must be said.
    std::panic::catch_unwind(|| check_file(&name, bytes, options))
        .map_err(|_| format!("internal error while checking {name}; please report it with the file"))
}
