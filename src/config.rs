//! Configuration: `plan-lint.toml`, found by walking up from each checked file (the nearest wins),
//! or named with `--config`; command-line options apply on top.
//!
//! ```toml
//! include = ["plans/**/*.yaml"]   # which files of a folder are plans (default: see crate::discover)
//! exclude = ["archive"]           # files and folders that are not
//! select = ["P", "S001"]          # rules to report: codes, code prefixes or names (default: all)
//! ignore = ["P002"]               # rules not to report
//! plan-year = 2023                # for documents that do not say it
//!
//! [severity]                      # override default severities
//! placeholder-text = "error"
//!
//! [placeholders]                  # more placeholder phrases and patterns (rule P002)
//! extend = ["draft only", "re:\\bFIXME\\b"]
//!
//! [[overrides]]                   # settings for some files, by glob relative to this file
//! files = ["drafts/**"]
//! ignore = ["P002"]
//!
//! [previous]                      # the previous edition of each plan (rules P016–P020)
//! "plans/sect16.yaml" = "archive/2026/sect16.yaml"
//! "A_81_6 (SECT. {n}).docx" = "../ppb2026/A_80_6_Sect.{n}.docx"
//! ```

use crate::diagnostic::Severity;
use crate::rules::{REGISTRY, Rule, placeholder_text};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The name plan-lint looks for.
pub const FILE_NAME: &str = "plan-lint.toml";

/// A configuration file that cannot be used, with the place of the problem.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}:{}: {}", self.path.display(), self.line, self.column, self.message)
        }
    }
}

/// Which rules a file is checked with, at which severities, and the other per-file settings.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Rule selectors to report (codes, prefixes, names); `None` means all.
    pub select: Option<Vec<String>>,
    /// Rule selectors not to report.
    pub ignore: Vec<String>,
    /// Severity overrides by rule code.
    pub severity: HashMap<&'static str, Severity>,
    /// The plan year for documents that do not give one.
    pub plan_year: Option<i32>,
    /// The placeholder matcher when the configuration extends the bundled list.
    pub placeholders: Option<Arc<Regex>>,
    /// The previous edition to compare the file with (`[previous]`, or `--previous`).
    pub previous: Option<PreviousEdition>,
}

/// Where a file's previous edition is, and how it was named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviousEdition {
    pub path: PathBuf,
    /// Named by a pattern with `{n}` (one entry for many files): a file whose previous edition
    /// does not exist (a new section) is checked alone. Named for the file itself: it must exist.
    pub by_pattern: bool,
}

impl Settings {
    /// Whether findings of `rule` are reported. Y001 and Y003 always are: a file that could not
    /// be read was not checked.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if !rule.selectable() {
            return true;
        }
        let selected = self.select.as_ref().is_none_or(|s| s.iter().any(|x| selects(x, rule)));
        selected && !self.ignore.iter().any(|x| selects(x, rule))
    }

    /// The severity findings of `rule` are reported at.
    pub fn severity(&self, rule: &Rule) -> Severity {
        self.severity.get(rule.code).copied().unwrap_or(rule.severity)
    }

    /// The severity of one finding: the configured one for its rule, else the finding's own (a
    /// rule may report a weaker case below its default, as P003 does).
    pub fn finding_severity(&self, rule: &Rule, own: Severity) -> Severity {
        self.severity.get(rule.code).copied().unwrap_or(own)
    }

    /// The placeholder matcher: the configured one, or the bundled list.
    pub fn placeholder_matcher(&self) -> &Regex {
        self.placeholders.as_deref().unwrap_or_else(|| placeholder_text::bundled())
    }
}

/// Whether `selector` (a code, a code prefix or a name) picks `rule`.
pub fn selects(selector: &str, rule: &Rule) -> bool {
    let s = selector.trim();
    !s.is_empty()
        && (rule.name.eq_ignore_ascii_case(s) || rule.code.to_ascii_uppercase().starts_with(&s.to_ascii_uppercase()))
}

/// Whether a selector names at least one rule.
pub fn valid_selector(selector: &str) -> bool {
    REGISTRY.iter().any(|r| selects(selector, r))
}

/// The settings a file's top level and each override can hold.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLayer {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<String, Spanned<String>>>,
    plan_year: Option<Spanned<i64>>,
}

// serde's `flatten` does not work with `deny_unknown_fields`, so the keys are listed again.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<String, Spanned<String>>>,
    plan_year: Option<Spanned<i64>>,
    placeholders: Option<RawPlaceholders>,
    overrides: Option<Vec<RawOverride>>,
    previous: Option<BTreeMap<String, Spanned<String>>>,
}

/// One entry of `[previous]`: the files it is for (a path or name, `{n}` standing for a section
/// number such as `16` or `29A`) and where their previous edition is.
#[derive(Debug)]
struct PreviousEntry {
    /// Matches the file's path relative to the configuration's folder (a key with `/`) or its
    /// name (a key without); the section number is group 1 when the key has `{n}`.
    files: Regex,
    by_path: bool,
    target: String,
    by_pattern: bool,
}

impl PreviousEntry {
    fn new(key: &str, target: &str) -> Result<PreviousEntry, String> {
        let by_pattern = key.contains("{n}");
        if target.contains("{n}") && !by_pattern {
            return Err(format!("`{target}` has {{n}} but `{key}` has none to take it from"));
        }
        let parts: Vec<String> = key.trim_start_matches("./").split("{n}").map(regex::escape).collect();
        if parts.len() > 2 {
            return Err(format!("`{key}` has {{n}} more than once"));
        }
        let files = Regex::new(&format!("^{}$", parts.join("([0-9]+[A-Za-z]?)"))).map_err(|e| e.to_string())?;
        Ok(PreviousEntry { files, by_path: key.contains('/'), target: target.to_owned(), by_pattern })
    }

    /// The previous edition's path (relative to the configuration's folder) for a file.
    fn target_for(&self, relative: &Path) -> Option<String> {
        let subject =
            if self.by_path { relative.to_str()?.to_owned() } else { relative.file_name()?.to_str()?.to_owned() };
        let c = self.files.captures(&subject)?;
        Some(match c.get(1) {
            Some(n) => self.target.replace("{n}", n.as_str()),
            None => self.target.clone(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaceholders {
    extend: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Vec<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<String, Spanned<String>>>,
    plan_year: Option<Spanned<i64>>,
}

/// One level of settings: the file's top level, or one override.
#[derive(Clone, Debug, Default)]
struct Layer {
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    severity: HashMap<&'static str, Severity>,
    plan_year: Option<i32>,
}

impl Layer {
    fn apply(&self, s: &mut Settings) {
        if let Some(select) = &self.select {
            s.select = Some(select.clone());
        }
        s.ignore.extend(self.ignore.iter().cloned());
        s.severity.extend(self.severity.iter().map(|(k, v)| (*k, *v)));
        if self.plan_year.is_some() {
            s.plan_year = self.plan_year;
        }
    }
}

/// File globs, as `include`, `exclude` and `--include`, `--exclude` give them: a glob without a
/// `/` matches a file's name, or the name of a folder it is in (`drafts`, `*.docx`); a glob with
/// one matches the path relative to `base` (`plans/**/*.yaml`), as in `.gitignore`.
#[derive(Clone, Debug)]
pub struct Globs {
    base: PathBuf,
    by_name: GlobSet,
    by_path: GlobSet,
}

impl Globs {
    /// Compile `patterns`, relative to `base`; a bad one is returned with its index and why.
    pub fn new(base: &Path, patterns: &[&str]) -> Result<Globs, (usize, String)> {
        let (mut by_name, mut by_path) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        for (i, p) in patterns.iter().enumerate() {
            let glob =
                Glob::new(p.trim_start_matches("./")).map_err(|e| (i, format!("bad glob `{p}`: {}", e.kind())))?;
            if p.contains('/') {
                by_path.add(glob)
            } else {
                by_name.add(glob)
            };
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| (0, e.to_string()));
        let base = std::path::absolute(base).unwrap_or_else(|_| base.to_owned());
        Ok(Globs { base, by_name: build(by_name)?, by_path: build(by_path)? })
    }

    /// Whether `path` matches.
    pub fn is_match(&self, path: &Path) -> bool {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let relative = absolute.strip_prefix(&self.base).unwrap_or(&absolute);
        self.by_path.is_match(relative) || relative.iter().any(|name| self.by_name.is_match(Path::new(name)))
    }
}

/// A parsed, validated configuration file.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// Which files of a folder are plans (`include`), replacing the default rule, and which are
    /// not (`exclude`). Relative to the configuration's folder.
    pub include: Option<Globs>,
    pub exclude: Option<Globs>,
    dir: PathBuf,
    base: Layer,
    overrides: Vec<(GlobSet, Layer)>,
    placeholders: Option<Arc<Regex>>,
    previous: Vec<PreviousEntry>,
}

impl Config {
    /// Read and validate a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_owned(),
            line: 0,
            column: 0,
            message: format!("cannot read it: {e}"),
        })?;
        Config::parse(path, &text)
    }

    /// Parse configuration text; `path` names it in errors and anchors override globs.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let err = |span: Option<std::ops::Range<usize>>, message: String| {
            let (line, column) = span.map_or((0, 0), |s| line_col(text, s.start));
            ConfigError { path: path.to_owned(), line, column, message }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| err(e.span(), e.message().trim().to_owned()))?;
        let base = layer(
            &RawLayer { select: raw.select, ignore: raw.ignore, severity: raw.severity, plan_year: raw.plan_year },
            &err,
        )?;
        let mut overrides = Vec::new();
        for o in raw.overrides.unwrap_or_default() {
            let mut set = GlobSetBuilder::new();
            for g in &o.files {
                let glob = Glob::new(g.get_ref())
                    .map_err(|e| err(Some(g.span()), format!("bad glob `{}`: {}", g.get_ref(), e.kind())))?;
                set.add(glob);
            }
            let set = set.build().map_err(|e| err(None, e.to_string()))?;
            let raw = RawLayer { select: o.select, ignore: o.ignore, severity: o.severity, plan_year: o.plan_year };
            overrides.push((set, layer(&raw, &err)?));
        }
        let placeholders = match raw.placeholders {
            None => None,
            Some(p) => {
                let mut list = placeholder_text::PHRASES.to_owned();
                for entry in &p.extend {
                    placeholder_text::compile(entry.get_ref())
                        .map_err(|e| err(Some(entry.span()), format!("bad placeholder pattern: {e}")))?;
                    list.push('\n');
                    list.push_str(entry.get_ref());
                }
                Some(Arc::new(
                    placeholder_text::compile(&list).map_err(|e| err(None, format!("bad placeholder list: {e}")))?,
                ))
            }
        };
        let dir = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let dir = dir.parent().map(Path::to_path_buf).unwrap_or_default();
        let globs = |list: &Option<Vec<Spanned<String>>>| -> Result<Option<Globs>, ConfigError> {
            let Some(list) = list else { return Ok(None) };
            let patterns: Vec<&str> = list.iter().map(|g| g.get_ref().as_str()).collect();
            Globs::new(&dir, &patterns).map(Some).map_err(|(i, message)| err(list.get(i).map(|g| g.span()), message))
        };
        let (include, exclude) = (globs(&raw.include)?, globs(&raw.exclude)?);
        let mut previous = Vec::new();
        for (key, target) in raw.previous.iter().flatten() {
            previous.push(PreviousEntry::new(key, target.get_ref()).map_err(|m| err(Some(target.span()), m))?);
        }
        Ok(Config { path: path.to_owned(), include, exclude, dir, base, overrides, placeholders, previous })
    }

    /// The settings for one file (before command-line options).
    pub fn settings_for(&self, file: &Path) -> Settings {
        let mut s = Settings { placeholders: self.placeholders.clone(), ..Settings::default() };
        self.base.apply(&mut s);
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_owned());
        let relative = absolute.strip_prefix(&self.dir).or_else(|_| file.strip_prefix(&self.dir)).unwrap_or(file);
        let relative = relative.strip_prefix(".").unwrap_or(relative);
        for (set, layer) in &self.overrides {
            if set.is_match(relative) {
                layer.apply(&mut s);
            }
        }
        // The first entry of `[previous]` that names the file: one for the file itself before
        // the patterns.
        let mut entries: Vec<&PreviousEntry> = self.previous.iter().collect();
        entries.sort_by_key(|e| e.by_pattern);
        s.previous = entries.iter().find_map(|e| {
            let target = e.target_for(relative)?;
            Some(PreviousEdition { path: self.dir.join(target), by_pattern: e.by_pattern })
        });
        s
    }
}

fn layer(
    raw: &RawLayer,
    err: &dyn Fn(Option<std::ops::Range<usize>>, String) -> ConfigError,
) -> Result<Layer, ConfigError> {
    let selectors = |list: &Option<Vec<Spanned<String>>>, key: &str| -> Result<Option<Vec<String>>, ConfigError> {
        let Some(list) = list else { return Ok(None) };
        for s in list {
            if !valid_selector(s.get_ref()) {
                return Err(err(Some(s.span()), format!("`{}` in `{key}` names no rule", s.get_ref())));
            }
        }
        Ok(Some(list.iter().map(|s| s.get_ref().clone()).collect()))
    };
    let mut severity = HashMap::new();
    for (key, value) in raw.severity.iter().flatten() {
        let rule = crate::rules::find(key)
            .ok_or_else(|| err(Some(value.span()), format!("`{key}` in `severity` names no rule")))?;
        let level = Severity::parse(value.get_ref()).ok_or_else(|| {
            err(Some(value.span()), format!("severity `{}` is not one of error, warning, info", value.get_ref()))
        })?;
        severity.insert(rule.code, level);
    }
    let plan_year = match &raw.plan_year {
        None => None,
        Some(y) => Some(
            i32::try_from(*y.get_ref())
                .ok()
                .filter(|y| (1900..=2200).contains(y))
                .ok_or_else(|| err(Some(y.span()), format!("`plan-year` {} is not a year", y.get_ref())))?,
        ),
    };
    Ok(Layer {
        select: selectors(&raw.select, "select")?,
        ignore: selectors(&raw.ignore, "ignore")?.unwrap_or_default(),
        severity,
        plan_year,
    })
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Finds the configuration for each file: `--config` if given, else the nearest
/// `plan-lint.toml` in the file's directory or above. Each directory is looked at once.
#[derive(Default)]
pub struct Discovery {
    explicit: Option<Arc<Config>>,
    by_dir: HashMap<PathBuf, Option<Arc<Config>>>,
    /// Parsed files, with the modification time they were read at.
    loaded: HashMap<PathBuf, (Option<std::time::SystemTime>, Arc<Config>)>,
}

impl Discovery {
    pub fn new(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let explicit = explicit.map(Config::load).transpose()?.map(Arc::new);
        Ok(Discovery { explicit, by_dir: HashMap::new(), loaded: HashMap::new() })
    }

    /// Forget which folder has which configuration, so that files added, changed or removed
    /// since are seen (a long-running server calls this before each round of checks). Files
    /// that did not change are not parsed again.
    pub fn refresh(&mut self) {
        self.by_dir.clear();
    }

    fn load_cached(&mut self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        if let Some((at, config)) = self.loaded.get(path)
            && *at == modified
            && modified.is_some()
        {
            return Ok(Arc::clone(config));
        }
        let config = Arc::new(Config::load(path)?);
        self.loaded.insert(path.to_owned(), (modified, Arc::clone(&config)));
        Ok(config)
    }

    /// The configuration that applies to the files of folder `dir`, if any.
    pub fn config_for_dir(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        if let Some(c) = &self.explicit {
            return Ok(Some(Arc::clone(c)));
        }
        let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
        self.lookup(&absolute)
    }

    /// The configuration that applies to `file`, if any.
    pub fn config_for(&mut self, file: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        if let Some(c) = &self.explicit {
            return Ok(Some(Arc::clone(c)));
        }
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_owned());
        let start = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        self.lookup(&start)
    }

    fn lookup(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        if let Some(found) = self.by_dir.get(dir) {
            return Ok(found.clone());
        }
        let candidate = dir.join(FILE_NAME);
        let found = if candidate.is_file() {
            Some(self.load_cached(&candidate)?)
        } else {
            match dir.parent() {
                Some(parent) => self.lookup(parent)?,
                None => None,
            }
        };
        self.by_dir.insert(dir.to_owned(), found.clone());
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("plans/plan-lint.toml"), text)
    }

    #[test]
    fn a_full_configuration() {
        let c = parse(
            "select = [\"P\"]\nignore = [\"placeholder-text\"]\nplan-year = 2023\n[severity]\nP001 = \"warning\"\n\
             [placeholders]\nextend = [\"draft only\"]\n[[overrides]]\nfiles = [\"drafts/**\"]\nignore = [\"P001\"]\n",
        )
        .unwrap();
        let s = c.settings_for(Path::new("plans/final/a.yaml"));
        let p001 = crate::rules::find("P001").unwrap();
        let p002 = crate::rules::find("P002").unwrap();
        let s001 = crate::rules::find("S001").unwrap();
        assert!(s.enabled(p001) && !s.enabled(p002) && !s.enabled(s001));
        assert_eq!(s.severity(p001), Severity::Warning);
        assert_eq!(s.plan_year, Some(2023));
        assert!(s.placeholder_matcher().is_match("this is a draft only text"));
        let d = c.settings_for(Path::new("plans/drafts/x/a.yaml"));
        assert!(!d.enabled(p001));
        // Y001 cannot be deselected.
        assert!(d.enabled(crate::rules::find("Y001").unwrap()));
    }

    #[test]
    fn previous_editions_by_file_and_by_section_pattern() {
        let c = parse(
            "[previous]\n\"A_81_6 (SECT. {n}).docx\" = \"../ppb2026/A_80_6_Sect.{n}.docx\"\n\
             \"final/sect16.yaml\" = \"archive/sect16-2026.yaml\"\n",
        )
        .unwrap();
        let dir = std::path::absolute("plans").unwrap();
        let p = c.settings_for(Path::new("plans/corpus/A_81_6 (SECT. 29A).docx")).previous.unwrap();
        assert_eq!(p, PreviousEdition { path: dir.join("../ppb2026/A_80_6_Sect.29A.docx"), by_pattern: true });
        let p = c.settings_for(Path::new("plans/final/sect16.yaml")).previous.unwrap();
        assert_eq!(p, PreviousEdition { path: dir.join("archive/sect16-2026.yaml"), by_pattern: false });
        assert_eq!(c.settings_for(Path::new("plans/A_81_6 (SECT. ).docx")).previous, None);
        assert_eq!(c.settings_for(Path::new("plans/other/sect16.yaml")).previous, None, "a key with / is a path");
        let e = parse("[previous]\n\"a.yaml\" = \"old-{n}.yaml\"\n").unwrap_err();
        assert!(e.to_string().contains("has {n} but `a.yaml` has none"), "{e}");
    }

    #[test]
    fn include_and_exclude_globs() {
        let c = parse("include = [\"*.docx\", \"final/**/*.yaml\"]\nexclude = [\"archive\"]\n").unwrap();
        let (include, exclude) = (c.include.unwrap(), c.exclude.unwrap());
        assert!(include.is_match(Path::new("plans/corpus/A_80_6 (Sect. 3).docx")));
        assert!(include.is_match(Path::new("plans/final/2026/plan.yaml")));
        assert!(!include.is_match(Path::new("plans/drafts/plan.yaml")));
        assert!(!include.is_match(Path::new("final/plan.yaml")), "relative to the configuration's folder");
        assert!(exclude.is_match(Path::new("plans/archive/2020/plan.yaml")));
        assert!(exclude.is_match(Path::new("plans/archive")));
        assert!(!exclude.is_match(Path::new("plans/archived.yaml")));
        let e = parse("exclude = [\"ok\", \"a[\"]\n").unwrap_err();
        assert!(e.to_string().starts_with("plans/plan-lint.toml:1:18: bad glob `a[`"), "{e}");
    }

    #[test]
    fn errors_name_the_place() {
        let e = parse("select = [\"P\"]\nignore = [\"P999\"]\n").unwrap_err();
        assert_eq!(e.to_string(), "plans/plan-lint.toml:2:11: `P999` in `ignore` names no rule");
        let e = parse("[severity]\nP001 = \"fatal\"\n").unwrap_err();
        assert_eq!(e.to_string(), "plans/plan-lint.toml:2:8: severity `fatal` is not one of error, warning, info");
        let e = parse("selct = [\"P\"]\n").unwrap_err();
        assert!(e.to_string().starts_with("plans/plan-lint.toml:1:1: unknown field `selct`"), "{e}");
        let e = parse("[placeholders]\nextend = [\"re:(\"]\n").unwrap_err();
        assert!(e.to_string().starts_with("plans/plan-lint.toml:2:11: bad placeholder pattern"), "{e}");
        let e = parse("plan-year = 23\n").unwrap_err();
        assert_eq!(e.to_string(), "plans/plan-lint.toml:1:13: `plan-year` 23 is not a year");
    }
}
