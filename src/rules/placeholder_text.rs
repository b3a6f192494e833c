//! P002 placeholder-text: drafting notes and unknown numbers left in the text.

use crate::diagnostic::Severity;
use crate::diagnostic::{Capped, Diagnostic};
use crate::model::Plan;
use crate::rules::{Context, Rule, with_alias_label};
use crate::yaml::{Aligner, shorten};
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P002",
    name: "placeholder-text",
    severity: Severity::Warning,
    summary: "Text left unfinished: \"to be updated\", \"76/xxxx\", \"[(Unit of measurement)]\".",
    docs: include_str!("../../rules/placeholder-text.md"),
};

pub(super) const CHECK: super::Check = check;

/// The phrase and pattern list, as shipped in `rules/placeholder-phrases.txt`.
pub const PHRASES: &str = include_str!("../../rules/placeholder-phrases.txt");

static MATCHER: LazyLock<Regex> = LazyLock::new(|| compile(PHRASES).expect("the bundled placeholder list compiles"));

/// The matcher for the bundled list.
pub fn bundled() -> &'static Regex {
    &MATCHER
}

/// Compile a phrase list (see `rules/placeholder-phrases.txt` for the format) into one regex.
pub fn compile(list: &str) -> Result<Regex, regex::Error> {
    let mut alternatives = Vec::new();
    for line in list.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(re) = line.strip_prefix("re:") {
            let re = ascii_word_boundaries(re.trim());
            // Validate each pattern alone so an error names it.
            Regex::new(&re)?;
            alternatives.push(format!("(?:{re})"));
        } else {
            let words: Vec<String> = line.split_whitespace().map(regex::escape).collect();
            let mut phrase = format!("(?i:{})", words.join(r"\s+"));
            if line.starts_with(|c: char| c.is_alphanumeric()) {
                phrase = format!(r"(?-u:\b){phrase}");
            }
            if line.ends_with(|c: char| c.is_alphanumeric()) {
                phrase = format!(r"{phrase}(?-u:\b)");
            }
            alternatives.push(phrase);
        }
    }
    if alternatives.is_empty() {
        // Matches nothing.
        return Regex::new(r"[^\s\S]");
    }
    Regex::new(&alternatives.join("|"))
}

/// Make `\b` and `\B` ASCII word boundaries. Unicode ones force the regex engine onto its slow
/// path on text with accents or dashes (most plans), and the phrases are ASCII anyway.
fn ascii_word_boundaries(re: &str) -> String {
    let mut out = String::with_capacity(re.len() + 16);
    let mut chars = re.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    // Only the findings that will be listed are made; the rest are counted.
    let mut found = Capped::new(cx.cap());
    let matcher = cx.settings.placeholder_matcher();
    plan.for_each_text(&mut |text, place| {
        // One walk over the scalar for all its matches (they come in order): linear in its length
        // however many placeholders it holds.
        let mut aligner = Aligner::new(&cx.source.text, text.node);
        for m in matcher.find_iter(text.value) {
            found.push_with(&RULE, || {
                let span = aligner.span(m.range());
                let message = format!("placeholder text left in {}: “{}”", place(), shorten(m.as_str(), 60));
                with_alias_label(Diagnostic::new(&RULE, span, message), text.node)
                    .with_help("replace it with the final text or number before the plan is issued")
            });
        }
    });
    found.into_diagnostics().into_iter().for_each(|d| cx.push(d));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_list_matches_the_seed_phrases() {
        for text in [
            "To be updated once the number is provided",
            "[2021 figure is as at 15 September 2021 and will require updating to reflect actual 2021 figure]",
            "The exact number will be available towards the end of the year.",
            "Resolution 76/xxxx",
            "Items xxx and xxx of the preliminary list",
            "Decision 2021/xxx",
            "Number of States [(Unit of measurement)]",
            "The figures are not yet finalized.",
            "(see figure 16.xxx)",
            "(see figure 16.xx)",
            "(see figure 16.XXXX)",
            "table 16.Xx",
        ] {
            assert!(MATCHER.is_match(text), "{text}");
        }
    }

    #[test]
    fn ordinary_text_is_not_a_placeholder() {
        for text in [
            "The Office updated its guidance in 2021.",
            "Updated model guidelines were adopted by Member States",
            "resolution 75/198 and decision 74/568",
            "XXI Congress",
            "General Assembly resolution 3376 (XXX)",
            "will also continue to be provided through the implementation",
            "an evaluation on a topic to be determined is planned for 2026",
            // Figures numbered with Roman numerals (A/80/6 (Sect. 16), Sect. 14): figure 20, 30, 39.
            "presented in the performance measure below (see figure 16.XX).",
            "reflected in table 14.21 and figure 14.XXX.",
            "reflected in table 16.33 and figure 16.XXXIX.",
        ] {
            assert_eq!(MATCHER.find(text).map(|m| m.as_str()), None, "{text}");
        }
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"\bx{3,}\b"), r"(?-u:\b)x{3,}(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"a\\b\d"), r"a\\b\d");
    }

    #[test]
    fn custom_lists_compile_or_say_why() {
        assert!(compile("draft only\nre:\\bFIXME\\b").unwrap().is_match("a FIXME here"));
        assert!(compile("re:(").is_err());
    }
}

#[cfg(test)]
mod plan_tests {
    use super::RULE;
    use crate::rules::testing::{findings, plan};

    #[test]
    fn placeholders_are_found_where_they_are_written() {
        let yaml = plan(
            "  - footnote: 3\n    text: >-\n      The figure is\n      to be updated once provided.\n  \
             - table: \"16.1\"\n    title: t\n    kind: other\n    columns: [Resolution]\n    \
             rows:\n      - values: [\"76/xxxx\"]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "10:7 placeholder text left in footnote 3: “to be updated”",
                "16:19 placeholder text left in row 1 of table 16.1, column “Resolution”: “76/xxxx”",
            ]
        );
    }
}
