//! P009 contents-heading: each table-of-contents entry says what the heading it points to says.

use crate::diagnostic::Severity;
use crate::model::{ElementKind, Heading, Plan, Text, strip_refs};
use crate::rules::{Context, Rule};
use crate::yaml::shorten;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P009",
    name: "contents-heading",
    severity: Severity::Warning,
    summary: "A table-of-contents entry does not say what the heading it points to says.",
    docs: include_str!("../../rules/contents-heading.md"),
    check: Some(check),
};

/// Words: letters and digits. Punctuation, spacing and letter case are not compared.
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}]+").unwrap());
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[\^[^\]\s]+\]").unwrap());
/// "Subprogramme 9. Component 1; …" → (9, Some(1)).
static SUBPROGRAMME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*subprogramme\s+(\d+)\s*[.:;,–-]?\s*(?:component\s+(\d+))?").unwrap());

fn subprogramme(text: &str) -> Option<(u32, Option<u32>)> {
    let c = SUBPROGRAMME.captures(text)?;
    Some((c[1].parse().ok()?, c.get(2).and_then(|m| m.as_str().parse().ok())))
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let headings: Vec<&Heading> = plan
        .body
        .iter()
        .filter_map(|e| match &e.kind {
            ElementKind::Heading(h) => Some(h),
            _ => None,
        })
        .collect();
    let excerpt = plan.body.iter().any(|e| matches!(e.kind, ElementKind::Omitted(_)));
    for (index, entry) in plan.contents.iter().enumerate() {
        let Some(text) = entry.text else { continue };
        let heading = match entry.target {
            Some(target) => {
                let id = target.value.trim();
                match headings.iter().find(|h| h.id.is_some_and(|i| i.value.trim() == id)) {
                    Some(h) => h,
                    // The heading may be in the part an excerpt leaves out.
                    None if excerpt => continue,
                    None => {
                        let d = cx
                            .at_node(
                                &RULE,
                                target.node,
                                format!("contents entry {} points to `{id}`, but no heading has that id", name(&text)),
                            )
                            .with_help(format!("give the heading `id: {id}`, or correct the target"));
                        cx.push(d);
                        continue;
                    }
                }
            }
            None => {
                let Some(key) = subprogramme(&strip_refs(text.value)) else { continue };
                match headings.iter().find(|h| h.text.is_some_and(|t| subprogramme(&strip_refs(t.value)) == Some(key)))
                {
                    Some(h) => h,
                    None => continue,
                }
            }
        };
        if let Some(heading_text) = heading.text {
            compare(cx, index, &text, &heading_text);
        }
    }
}

/// “Subprogramme 1. Countering transitional organized crime”, shortened.
fn name(text: &Text<'_>) -> String {
    format!("“{}”", shorten(strip_refs(text.value).trim(), 60))
}

/// The words of a text with their byte ranges, leaving out footnote references.
fn words(text: &str) -> Vec<(String, Range<usize>)> {
    let refs: Vec<Range<usize>> = REFERENCE.find_iter(text).map(|m| m.range()).collect();
    WORD.find_iter(text)
        .filter(|m| !refs.iter().any(|r| r.start <= m.start() && m.end() <= r.end))
        .map(|m| (m.as_str().to_lowercase(), m.range()))
        .collect()
}

/// The most word pairs aligned for one entry: 500 words by 500.
const MAX_ALIGN: usize = 250_000;

/// A run of words that differ: indices into the entry's words and into the heading's.
struct Hunk {
    entry: Range<usize>,
    heading: Range<usize>,
}

/// The runs of words that differ between `a` and `b`, by longest common subsequence.
fn diff(a: &[(String, Range<usize>)], b: &[(String, Range<usize>)]) -> (usize, Vec<Hunk>) {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i].0 == b[j].0 { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut hunks = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open: Option<(usize, usize)> = None;
    while i < n || j < m {
        if i < n && j < m && a[i].0 == b[j].0 {
            if let Some((si, sj)) = open.take() {
                hunks.push(Hunk { entry: si..i, heading: sj..j });
            }
            i += 1;
            j += 1;
            continue;
        }
        open.get_or_insert((i, j));
        if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            j += 1;
        } else {
            i += 1;
        }
    }
    if let Some((si, sj)) = open {
        hunks.push(Hunk { entry: si..n, heading: sj..m });
    }
    (lcs[0][0], hunks)
}

/// The text of words `range`, as written (with the punctuation between them).
fn slice<'t>(text: &'t str, words: &[(String, Range<usize>)], range: &Range<usize>) -> (&'t str, Range<usize>) {
    let bytes = words[range.start].1.start..words[range.end - 1].1.end;
    (&text[bytes.clone()], bytes)
}

/// Where to point for a run of words that is missing on one side: the word before it, or after.
fn beside(words: &[(String, Range<usize>)], at: usize, len: usize) -> Option<Range<usize>> {
    if at > 0 {
        words.get(at - 1).map(|w| w.1.clone())
    } else if at < len {
        words.get(at).map(|w| w.1.clone())
    } else {
        None
    }
}

fn compare(cx: &mut Context<'_>, index: usize, text: &Text<'_>, heading: &Text<'_>) {
    let pointer = format!("/contents/{index}/text");
    let (a, b) = (words(text.value), words(heading.value));
    // Texts too long to align word by word (no real contents entry is) are compared whole.
    let (common, hunks) = if a.len().saturating_mul(b.len()) > MAX_ALIGN {
        let same = a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x.0 == y.0);
        (
            if same { a.len() } else { 0 },
            if same { Vec::new() } else { vec![Hunk { entry: 0..a.len(), heading: 0..b.len() }] },
        )
    } else {
        diff(&a, &b)
    };
    if hunks.is_empty() {
        return;
    }
    let heading_name = name(heading);
    // Mostly different: one finding for the whole entry.
    if common * 2 < a.len().max(b.len()) {
        let d = cx
            .at_node(
                &RULE,
                text.node,
                format!("contents entry {} does not match its heading {heading_name}", name(text)),
            )
            .with_label(heading.node.report_span(), "the heading")
            .with_help("the contents should repeat the heading word for word; correct one or the other")
            .with_pointer(pointer.clone());
        cx.push(d);
        return;
    }
    for hunk in hunks {
        let (message, primary, label) = match (hunk.entry.is_empty(), hunk.heading.is_empty()) {
            (false, false) => {
                let (said, at) = slice(text.value, &a, &hunk.entry);
                let (meant, hat) = slice(heading.value, &b, &hunk.heading);
                (
                    format!("contents entry {} says “{said}” where its heading says “{meant}”", name(text)),
                    Some(at),
                    Some((hat, format!("the heading says “{meant}”"))),
                )
            }
            (false, true) => {
                let (said, at) = slice(text.value, &a, &hunk.entry);
                (
                    format!("contents entry {} has “{said}”, which its heading {heading_name} does not", name(text)),
                    Some(at),
                    beside(&b, hunk.heading.start, b.len()).map(|r| (r, "not in the heading".to_owned())),
                )
            }
            (true, false) => {
                let (meant, hat) = slice(heading.value, &b, &hunk.heading);
                (
                    format!("contents entry {} lacks “{meant}”, which its heading has", name(text)),
                    beside(&a, hunk.entry.start, a.len()),
                    Some((hat, format!("the heading says “{meant}”"))),
                )
            }
            (true, true) => continue,
        };
        let mut d = match primary {
            Some(range) => cx.at_text(&RULE, text, range, message),
            None => cx.at_node(&RULE, text.node, message),
        };
        if let Some((range, note)) = label {
            d = d.with_label(cx.text_span(heading, range), note);
        }
        d = d
            .with_help("the contents should repeat the heading word for word; correct one or the other")
            .with_pointer(pointer.clone());
        cx.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{findings, plan};

    fn with_contents(contents: &str, body: &str) -> String {
        plan(body).replace("body:\n", &format!("contents:\n{contents}body:\n"))
    }

    #[test]
    fn formatting_differences_pass() {
        let yaml = with_contents(
            "  - text: Subprogramme 9. Component 1; Provision of secretariat services[^*]\n    target: c1\n",
            "  - heading: \"Subprogramme 9 Component 1: Provision of Secretariat services\"\n    id: c1\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn a_different_word_is_reported_at_the_word() {
        // The seed's contents say "transitional" where the heading says "transnational".
        let yaml = with_contents(
            "  - text: Subprogramme 1. Countering transitional organized crime\n    target: sp1\n",
            "  - heading: Subprogramme 1 Countering transnational organized crime\n    id: sp1\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "7:38 contents entry “Subprogramme 1. Countering transitional organized crime” says “transitional” where its heading says “transnational”"
            ]
        );
    }

    #[test]
    fn entries_are_matched_by_subprogramme_number_without_a_target() {
        let yaml = with_contents(
            "  - text: Subprogramme 2. Countering corruption\n  - text: Subprogramme 3. Justice\n",
            "  - heading: Subprogramme 2 Countering corruption and fraud\n  - heading: Subprogramme 4 Justice\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            ["7:38 contents entry “Subprogramme 2. Countering corruption” lacks “and fraud”, which its heading has"]
        );
    }

    #[test]
    fn missing_targets_are_reported_unless_the_plan_is_an_excerpt() {
        let contents = "  - text: Subprogramme 4. Terrorism prevention\n    target: sp4\n";
        let yaml = with_contents(contents, "  - heading: Foreword\n");
        assert_eq!(
            findings(&RULE, &yaml),
            ["8:13 contents entry “Subprogramme 4. Terrorism prevention” points to `sp4`, but no heading has that id"]
        );
        let yaml = with_contents(contents, "  - omitted: Subprogrammes 4 to 8\n");
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }
}
