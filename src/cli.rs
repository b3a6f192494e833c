//! Command-line interface: argument parsing, file discovery, parallel checking, output, exit code.

use crate::check::{CheckOptions, FileReport, check_file};
use crate::config::{self, Settings};
use crate::diagnostic::Severity;
use crate::discover;
use crate::fix::{self, FixMode};
use crate::render::{self, Format};
use crate::rules::{self, REGISTRY};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The exit statuses, which belong to the library (commands such as `import` return them).
pub use crate::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};

#[derive(Parser, Debug)]
#[command(name = "plan-lint", version, about = "Lint programme plans written as YAML.", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check plans: files, or folders searched for YAML plans (gitignore-aware; see --include).
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
    /// Write a copy of a Word document with a comment on each finding, for reviewers.
    Annotate(AnnotateArgs),
    /// Run the language server (LSP over standard input and output) for editors.
    Server,
    /// Print a rule's documentation.
    Rule {
        /// A rule code (P001) or name (total-mismatch).
        code: String,
    },
    /// Write a starter plan (plan.yaml) and configuration (plan-lint.toml); never over a file.
    Init {
        /// The folder to write them in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print a shell completion script, e.g. `source <(plan-lint completions bash)`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `plan-lint man | man -l -`.
    Man {
        /// Instead, write a page for plan-lint and one for each subcommand into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files and directories to check [default: .]; `-` reads standard input.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the `--format` output to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// Also write another format to a file, e.g. `--output sarif=results.sarif` (repeatable).
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output)]
    pub outputs: Vec<(Format, PathBuf)>,
    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// In folders, check the files that match these globs instead of the YAML plans (e.g.
    /// `--include '*.docx'`); replaces the configuration's `include` (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// In folders, pass over the files and folders that match these globs; adds to the
    /// configuration's `exclude` (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Use this configuration file instead of looking for plan-lint.toml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Report only these rules (codes, code prefixes such as `P`, or names), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not report these rules (codes, code prefixes or names), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The least severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Exit 0 even when there are findings (2 still means plan-lint could not run).
    #[arg(long)]
    pub exit_zero: bool,
    /// Print how many findings each rule made, and how many are fixable, instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Check standard input as if it were this file (for editors and pipes).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Apply the fixes that cannot be wrong, editing the files in place.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply fixes that could be wrong (such as rewriting a total).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long)]
    pub diff: bool,
    /// Compare the plan with its previous edition (a YAML plan, or a Word or Markdown
    /// document): the edition rules P016–P020. For one file; `[previous]` in plan-lint.toml
    /// names the previous edition of each file of a folder.
    #[arg(long, value_name = "OLD")]
    pub previous: Option<PathBuf>,
    /// List at most this many findings of each rule in each file, and count the rest in one
    /// line ("and 1,999,990 more Y002"); 0 lists them all.
    #[arg(long, value_name = "N", default_value_t = crate::yaml::MAX_FINDINGS)]
    pub max_findings: usize,
    /// Record today's findings in this file (a baseline), so later runs with --baseline report
    /// only new ones; exits 0 once it is written.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report only the findings not recorded in this baseline, and say how many recorded ones
    /// are gone.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct AnnotateArgs {
    /// The Word document (.docx) to check; it is only read.
    pub file: PathBuf,
    /// Where to write the annotated copy.
    #[arg(short, long, value_name = "OUT.docx")]
    pub output: PathBuf,
    /// Use this configuration file instead of looking for plan-lint.toml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Comment only on these rules (codes, code prefixes such as `P`, or names), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not comment on these rules (codes, code prefixes or names), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
}

fn parse_output(spec: &str) -> Result<(Format, PathBuf), String> {
    let (format, path) = spec.split_once('=').ok_or("expected FORMAT=PATH, e.g. sarif=results.sarif")?;
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_owned())
            .collect();
        format!("unknown format `{format}`; one of {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err("the path after = is empty".into());
    }
    Ok((format, PathBuf::from(path)))
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
        Command::Annotate(args) => annotate(&args),
        Command::Server => {
            drop(out);
            return ExitCode::from(crate::server::run());
        }
        Command::Init { dir } => match crate::init::command(&dir, &mut out) {
            Ok(()) => EXIT_CLEAN,
            Err(e) => {
                eprintln!("plan-lint: {e}");
                EXIT_TROUBLE
            }
        },
        Command::Completions { shell } => {
            crate::init::completions(shell, &mut out);
            EXIT_CLEAN
        }
        Command::Man { dir } => match crate::init::man(dir.as_deref(), &mut out) {
            Ok(()) => EXIT_CLEAN,
            Err(e) => {
                eprintln!("plan-lint: {e}");
                EXIT_TROUBLE
            }
        },
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

/// One thing to check: a file, or standard input under a name (its bytes, or its size when it
/// was over the limit).
enum Input {
    File(PathBuf),
    Stdin(PathBuf, Result<Vec<u8>, Option<u64>>),
}

impl Input {
    fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Stdin(p, _) => p,
        }
    }
}

/// What checking (and perhaps fixing) one input gave.
struct Outcome {
    /// The file to write fixes to: the path as the OS names it (never a lossy string); `None`
    /// for standard input.
    path: Option<PathBuf>,
    report: FileReport,
    /// The original text and the fixed one, when fixes changed it, and the options it was
    /// checked with (to report the unfixed file, should writing the fixes fail).
    fixed: Option<(String, String, CheckOptions)>,
    applied: usize,
}

/// Check that every `--select` and `--ignore` names a rule, then find the configuration.
fn discovery(config: Option<&Path>, select: &[String], ignore: &[String]) -> Result<config::Discovery, String> {
    if let Some(s) = select.iter().chain(ignore).find(|s| !config::valid_selector(s)) {
        return Err(format!("`{s}` names no rule; `plan-lint rules` lists them"));
    }
    config::Discovery::new(config).map_err(|e| e.to_string())
}

/// A file's settings: its configuration, then the command line on top.
fn settings_for(
    discovery: &mut config::Discovery,
    path: &Path,
    select: &[String],
    ignore: &[String],
) -> Result<Settings, String> {
    let mut settings = match discovery.config_for(path) {
        Ok(Some(c)) => c.settings_for(path),
        Ok(None) => Settings::default(),
        Err(e) => return Err(e.to_string()),
    };
    if !select.is_empty() {
        settings.select = Some(select.to_vec());
    }
    settings.ignore.extend(ignore.iter().cloned());
    Ok(settings)
}

fn annotate(args: &AnnotateArgs) -> u8 {
    let settings = discovery(args.config.as_deref(), &args.select, &args.ignore)
        .and_then(|mut d| settings_for(&mut d, &args.file, &args.select, &args.ignore));
    match settings {
        Ok(settings) => {
            crate::annotate::command(&args.file, &args.output, &CheckOptions { settings, ..CheckOptions::default() })
        }
        Err(e) => {
            eprintln!("plan-lint: {e}");
            EXIT_TROUBLE
        }
    }
}

fn check(args: &CheckArgs, out: &mut dyn Write) -> u8 {
    if args.statistics
        && matches!(args.format, Format::Sarif | Format::Github | Format::Junit | Format::Markdown | Format::Html)
    {
        eprintln!(
            "plan-lint: --statistics prints a table, or JSON with --format json; not --format {}",
            format_name(args.format)
        );
        return EXIT_TROUBLE;
    }
    let mut discovery = match discovery(args.config.as_deref(), &args.select, &args.ignore) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("plan-lint: {e}");
            return EXIT_TROUBLE;
        }
    };
    let baseline = match args.baseline.as_deref().map(crate::baseline::read).transpose() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("plan-lint: {e}");
            return EXIT_TROUBLE;
        }
    };
    let stdin = args.stdin_filename.is_some() || args.paths.iter().any(|p| p.as_os_str() == "-");
    if args.previous.is_some() && !stdin && (args.paths.len() != 1 || args.paths[0].is_dir()) {
        eprintln!(
            "plan-lint: --previous compares one plan with its previous edition: name one file, or name the \
             previous edition of each file with [previous] in plan-lint.toml"
        );
        return EXIT_TROUBLE;
    }
    let (inputs, mut trouble) = if stdin {
        let bytes = match crate::source::read_stdin(crate::yaml::Limits::default().max_bytes) {
            Ok(bytes) => Ok(bytes),
            Err(crate::source::ReadError::TooLarge(size)) => Err(size),
            Err(e) => {
                eprintln!("plan-lint: cannot read standard input: {e}");
                return EXIT_TROUBLE;
            }
        };
        let name = args.stdin_filename.clone().unwrap_or_else(|| PathBuf::from("stdin.yaml"));
        (vec![Input::Stdin(name, bytes)], Vec::new())
    } else {
        let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
        let selection = match discover::Selection::new(&args.include, &args.exclude) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("plan-lint: {e}");
                return EXIT_TROUBLE;
            }
        };
        let found = match discover::discover(&paths, &selection, &mut discovery) {
            Ok(found) => found,
            Err(e) => {
                eprintln!("plan-lint: {e}");
                return EXIT_TROUBLE;
            }
        };
        for note in &found.skipped {
            eprintln!("plan-lint: skipped {note}");
        }
        if found.files.is_empty() && found.trouble.is_empty() {
            eprintln!("plan-lint: {}", found.nothing_found(&paths, selection.include.is_some()));
            return EXIT_TROUBLE;
        }
        (found.files.into_iter().map(Input::File).collect::<Vec<_>>(), found.trouble)
    };
    // Settings per file: its configuration, then the command line on top.
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let mut settings = match settings_for(&mut discovery, input.path(), &args.select, &args.ignore) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("plan-lint: {e}");
                return EXIT_TROUBLE;
            }
        };
        if let Some(previous) = &args.previous {
            settings.previous = Some(config::PreviousEdition { path: previous.clone(), by_pattern: false });
        }
        let mut options = CheckOptions { settings, ..CheckOptions::default() };
        options.limits.max_findings = if args.max_findings == 0 { usize::MAX } else { args.max_findings };
        jobs.push((input, options));
    }
    let mode = (args.fix || args.diff).then_some(if args.unsafe_fixes { FixMode::Unsafe } else { FixMode::Safe });
    let results: Vec<Result<Outcome, String>> =
        jobs.into_par_iter().map(|(input, options)| run_one(input, &options, mode)).collect();
    let mut outcomes = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(o) => outcomes.push(o),
            Err(e) => trouble.push(e),
        }
    }
    let mut fixed_files = 0;
    let mut fixes = 0;
    if args.fix && !args.diff && !stdin {
        for o in &mut outcomes {
            if let (Some((old, new, options)), Some(path)) = (&o.fixed, &o.path) {
                match fix::write_atomically(path, new, o.report.source.bom) {
                    Ok(others) => {
                        fixed_files += 1;
                        fixes += o.applied;
                        if others > 0 {
                            eprintln!(
                                "plan-lint: note: {} has {others} other hard link{}: {} the unfixed text",
                                o.report.source.name,
                                if others == 1 { "" } else { "s" },
                                if others == 1 { "it keeps" } else { "they keep" }
                            );
                        }
                    }
                    Err(e) => {
                        trouble.push(format!(
                            "cannot write the fixes to {}: {}; the file is unchanged",
                            o.report.source.name,
                            discover::io_reason(&e)
                        ));
                        // Report what the file on disk still holds, not what the fixes would leave.
                        let mut source = crate::source::SourceFile::new(o.report.source.name.clone(), old.clone());
                        source.bom = o.report.source.bom;
                        o.report = crate::check::check_source(source, options);
                        o.fixed = None;
                    }
                }
            }
        }
    }
    let mut changes = Vec::new();
    let mut reports = Vec::with_capacity(outcomes.len());
    for o in outcomes {
        if let Some((old, new, _)) = o.fixed {
            changes.push(fix::diff(&o.report.source.name, &old, &new, o.report.source.bom));
        }
        reports.push(o.report);
    }
    if reports.is_empty() && !trouble.is_empty() {
        // Nothing was checked: say why, and print no summary or empty report that could pass
        // for a clean run.
        for t in &trouble {
            eprintln!("plan-lint: {t}");
        }
        return EXIT_TROUBLE;
    }
    let mut baseline_written = false;
    if let Some(path) = &args.write_baseline {
        match crate::baseline::write(path, &reports) {
            Ok(n) => {
                baseline_written = true;
                eprintln!("plan-lint: wrote the baseline {} with {n} finding{}", path.display(), plural(n));
            }
            Err(e) => trouble.push(e),
        }
    }
    if let Some(known) = &baseline {
        let a = crate::baseline::apply(known, &mut reports);
        eprintln!(
            "plan-lint: {} finding{} of the baseline not shown; {} of the baseline gone",
            a.known,
            plural(a.known),
            a.gone
        );
    }
    let written = if args.diff {
        let any = !changes.is_empty();
        let result = changes.iter().try_for_each(|d| write!(out, "{d}"));
        if result.is_err() {
            return EXIT_TROUBLE;
        }
        for t in &trouble {
            eprintln!("plan-lint: {t}");
        }
        return if !trouble.is_empty() {
            EXIT_TROUBLE
        } else if any && !args.exit_zero {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        };
    } else if stdin && args.fix {
        // Fixed text to standard output, findings to standard error.
        let text = reports.first().map_or(String::new(), |r| {
            if r.source.bom { format!("\u{FEFF}{}", r.source.text) } else { r.source.text.clone() }
        });
        let _ = render::render(args.format, &reports, false, &mut io::stderr());
        out.write_all(text.as_bytes())
    } else {
        emit(args, &reports, out)
    };
    // A reader that went away (`plan-lint check | head`) is not trouble.
    if let Err(e) = written.as_ref()
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        trouble.push(format!("cannot write the output: {e}"));
    }
    for (format, path) in &args.outputs {
        if let Err(e) = std::fs::File::create(path).and_then(|f| {
            let mut w = io::BufWriter::new(f);
            render::render(*format, &reports, false, &mut w)?;
            w.flush()
        }) {
            trouble.push(format!("cannot write {}: {e}", path.display()));
        }
    }
    if fixed_files > 0 {
        eprintln!(
            "plan-lint: applied {fixes} fix{} in {fixed_files} file{}",
            if fixes == 1 { "" } else { "es" },
            if fixed_files == 1 { "" } else { "s" }
        );
    }
    for t in &trouble {
        eprintln!("plan-lint: {t}");
    }
    if !trouble.is_empty() {
        return EXIT_TROUBLE;
    }
    let fail_on = args.fail_on.severity();
    if !args.exit_zero
        && !baseline_written
        && reports.iter().flat_map(|r| &r.diagnostics).any(|d| d.severity >= fail_on)
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// The `--format` output (or the statistics), to `--output-file` or standard output.
fn emit(args: &CheckArgs, reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut file;
    let (target, tty): (&mut dyn Write, bool) = match &args.output_file {
        Some(path) => {
            file = io::BufWriter::new(std::fs::File::create(path)?);
            (&mut file, false)
        }
        None => (out, io::stdout().is_terminal()),
    };
    let color = use_color(args.color, tty, |name| std::env::var_os(name));
    if args.statistics {
        match args.format {
            Format::Json => render::statistics_json(reports, target)?,
            _ => render::statistics(reports, target)?,
        }
    } else {
        render::render(args.format, reports, color, target)?;
    }
    target.flush()
}

/// Whether to colour the output: `--color always|never` decide; with `auto`, `FORCE_COLOR` or
/// `CLICOLOR_FORCE` (set, and not `0`) turn colour on, `NO_COLOR` (set) turns it off, and
/// otherwise colour is used on a terminal only.
fn use_color(choice: Color, tty: bool, env: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    let forced = |name: &str| env(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") => true,
        Color::Auto => tty && !set("NO_COLOR"),
    }
}

fn run_one(input: Input, options: &CheckOptions, mode: Option<FixMode>) -> Result<Outcome, String> {
    let limits = &options.limits;
    // The previous edition, read here so that files are read in parallel.
    let with_previous;
    let options = match crate::edition::Edition::for_settings(&options.settings, limits)? {
        Some(edition) => {
            with_previous = CheckOptions { previous: Some(edition), ..options.clone() };
            &with_previous
        }
        None => options,
    };
    let (name, path, bytes) = match input {
        Input::File(path) => {
            let name = display_name(&path);
            match crate::source::read_file(&path, limits.max_bytes) {
                Ok(bytes) => (name, Some(path), bytes),
                Err(crate::source::ReadError::TooLarge(size)) => return Ok(too_large(name, size, limits)),
                Err(e) => return Err(format!("cannot read {name}: {e}")),
            }
        }
        Input::Stdin(path, Ok(bytes)) => (display_name(&path), None, bytes),
        Input::Stdin(path, Err(size)) => return Ok(too_large(display_name(&path), size, limits)),
    };
    // A bug in a parser or a rule must cost one file, never the run, and must be said.
    std::panic::catch_unwind(move || {
        let fixable = mode.filter(|_| crate::import::DocumentKind::of(&name).is_none());
        match fixable {
            Some(mode) => match crate::check::decode(&name, bytes) {
                Ok(source) => {
                    let original = source.text.clone();
                    let (report, applied) = fix::fix_source(source, options, mode);
                    let fixed = (applied > 0).then(|| (original, report.source.text.clone(), options.clone()));
                    Outcome { path, report, fixed, applied }
                }
                Err(report) => Outcome { path, report: *report, fixed: None, applied: 0 },
            },
            None => Outcome { path, report: check_file(&name, bytes, options), fixed: None, applied: 0 },
        }
    })
    .map_err(|_| "internal error while checking a file; please report it with the file".to_owned())
}

/// The report for a file over the size limit: a Y003 finding, without reading it.
fn too_large(name: String, size: Option<u64>, limits: &crate::yaml::Limits) -> Outcome {
    let report = FileReport {
        source: crate::source::SourceFile::new(name, String::new()),
        diagnostics: vec![crate::yaml::too_large(size, limits)],
        plan: None,
    };
    Outcome { path: None, report, fixed: None, applied: 0 }
}

/// "s" for a count other than one.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn format_name(format: Format) -> String {
    format.to_possible_value().map_or_else(String::new, |v| v.get_name().to_owned())
}

fn display_name(path: &Path) -> String {
    let name = path.display().to_string();
    name.strip_prefix("./").unwrap_or(&name).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<std::ffi::OsString> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.into())
    }

    #[test]
    fn colour_follows_the_flag_then_the_environment_then_the_terminal() {
        assert!(use_color(Color::Auto, true, env(&[])));
        assert!(!use_color(Color::Auto, false, env(&[])));
        assert!(!use_color(Color::Auto, true, env(&[("NO_COLOR", "1")])));
        assert!(use_color(Color::Auto, true, env(&[("NO_COLOR", "")])));
        assert!(use_color(Color::Auto, false, env(&[("FORCE_COLOR", "1")])));
        assert!(use_color(Color::Auto, false, env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])));
        assert!(!use_color(Color::Auto, false, env(&[("FORCE_COLOR", "0")])));
        assert!(!use_color(Color::Never, true, env(&[("FORCE_COLOR", "1")])));
        assert!(use_color(Color::Always, false, env(&[("NO_COLOR", "1")])));
    }
}
