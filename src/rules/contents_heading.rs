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
};

pub(super) const CHECK: super::Check = check;

/// Words: letters and digits. Punctuation, spacing and letter case are not compared.
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}]+").unwrap());
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[\^[^\]\s]+\]").unwrap());
/// "Subprogramme 9. Component 1; ", "Subprogramme 1 (a). ", "Component 2 ", "(a) ": what an entry
/// or heading starts with, up to its title.
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:subprogramme\s+(?P<sp>\d+)\s*(?:\(\s*(?P<sppart>[a-z])\s*\))?\s*[.:;,–-]?\s*)?(?:component\s+(?P<component>\d+)\s*[.:;,–-]?\s*)?(?:\(\s*(?P<part>[a-z])\s*\)\s*[.:;,–-]?\s*)?",
    )
    .unwrap()
});

/// What an entry or heading that starts "Subprogramme N" names: the subprogramme, and a
/// component ("Component 1") or a part ("Subprogramme 1 (a)") of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key {
    subprogramme: u32,
    component: Option<u32>,
    part: Option<char>,
}

/// A text's key and where its title starts (after "Subprogramme 9. Component 1; ").
#[derive(Clone, Copy, Debug)]
struct Named {
    key: Key,
    title: usize,
}

/// Read the keys of a sequence of texts (the contents entries, or the headings, in order). A text
/// that names only a component or a part ("Component 2. …", "(a) Human rights mainstreaming")
/// belongs to the subprogramme named last. With `reset`, a text without a prefix ends the
/// subprogramme (in the contents, "B. Proposed post and non-post resource requirements").
fn keys<'t>(texts: impl Iterator<Item = Option<&'t str>>, reset: bool) -> Vec<Option<Named>> {
    let mut current: Option<u32> = None;
    texts
        .map(|text| {
            let c = text.and_then(|t| PREFIX.captures(t));
            let number = |name: &str| c.as_ref()?.name(name)?.as_str().parse::<u32>().ok();
            let letter = |name: &str| c.as_ref()?.name(name)?.as_str().chars().next().map(|l| l.to_ascii_lowercase());
            let (subprogramme, component, part) =
                (number("sp"), number("component"), letter("sppart").or(letter("part")));
            if subprogramme.is_some() {
                current = subprogramme;
            } else if component.is_none() && part.is_none() {
                if reset {
                    current = None;
                }
                return None;
            }
            let title = c.as_ref().and_then(|c| c.get(0)).map_or(0, |m| m.end());
            current.map(|subprogramme| Named { key: Key { subprogramme, component, part }, title })
        })
        .collect()
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let headings: Vec<(usize, &Heading)> = plan
        .body
        .iter()
        .filter_map(|e| match &e.kind {
            ElementKind::Heading(h) => Some((e.index, h)),
            _ => None,
        })
        .collect();
    let heading_keys = keys(headings.iter().map(|(_, h)| h.text.map(|t| t.value)), false);
    let entry_keys = keys(plan.contents.iter().map(|e| e.text.map(|t| t.value)), true);
    let excerpt = plan.body.iter().any(|e| matches!(e.kind, ElementKind::Omitted(_)));
    // The contents follow the document: each entry's heading comes after the previous entry's.
    let mut after: Option<usize> = None;
    for (index, entry) in plan.contents.iter().enumerate() {
        let Some(text) = entry.text else { continue };
        let named = entry_keys[index];
        let found = match entry.target {
            Some(target) => {
                let id = target.value.trim();
                match headings.iter().position(|(_, h)| h.id.is_some_and(|i| i.value.trim() == id)) {
                    Some(k) => k,
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
                let Some(named) = named else { continue };
                // "Subprogramme 9." alone heads its components, listed next: nothing to compare.
                if words(&text.value[named.title..]).is_empty() {
                    continue;
                }
                match best_heading(&headings, &heading_keys, named, &text, after) {
                    Some(k) => k,
                    None => continue,
                }
            }
        };
        after = Some(headings[found].0);
        let Some(heading_text) = headings[found].1.text else { continue };
        // Entry and heading name the same subprogramme: compare their titles, so that
        // "Subprogramme 1 (a). Human rights mainstreaming" matches "(a) Human rights mainstreaming".
        let (from, heading_from) = match (named, heading_keys[found]) {
            (Some(e), Some(h)) if e.key == h.key => (e.title, h.title),
            _ => (0, 0),
        };
        compare(cx, index, (&text, from), (&heading_text, heading_from));
    }
}

/// The heading an entry without a target stands for: of the headings with its key (the same
/// subprogramme, component and part), those after the previous entry's heading if there are any,
/// the one whose title has the most words in common with the entry's; the first of those on a
/// tie. A document can have several headings for one subprogramme (in its list of mandates, its
/// programme of work, its resources), and their titles can differ.
fn best_heading(
    headings: &[(usize, &Heading)],
    heading_keys: &[Option<Named>],
    entry: Named,
    text: &Text<'_>,
    after: Option<usize>,
) -> Option<usize> {
    let candidates: Vec<usize> =
        (0..headings.len()).filter(|&k| heading_keys[k].is_some_and(|h| h.key == entry.key)).collect();
    let later: Vec<usize> = candidates.iter().copied().filter(|&k| after.is_none_or(|a| headings[k].0 > a)).collect();
    let candidates = if later.is_empty() { candidates } else { later };
    let entry_words = words(&text.value[entry.title..]);
    let mut best: Option<(usize, usize)> = None;
    for k in candidates {
        let (Some(heading), Some(named)) = (headings[k].1.text, heading_keys[k]) else { continue };
        let heading_words = words(&heading.value[named.title..]);
        let common = if entry_words.len().saturating_mul(heading_words.len()) > MAX_ALIGN {
            0
        } else {
            diff(&entry_words, &heading_words).0
        };
        if best.is_none_or(|(_, c)| common > c) {
            best = Some((k, common));
        }
    }
    best.map(|(k, _)| k)
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

/// The words of a text from byte `from` on.
fn words_from(text: &str, from: usize) -> Vec<(String, Range<usize>)> {
    words(text).into_iter().filter(|w| w.1.start >= from).collect()
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

/// Compare an entry with its heading, each from a byte offset (the start of its title, or 0).
fn compare(
    cx: &mut Context<'_>,
    index: usize,
    (text, from): (&Text<'_>, usize),
    (heading, heading_from): (&Text<'_>, usize),
) {
    let pointer = format!("/contents/{index}/text");
    let (a, b) = (words_from(text.value, from), words_from(heading.value, heading_from));
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
    fn the_heading_of_the_programme_of_work_not_of_the_mandates_list() {
        // A/80/6 (Sect. 14): the list of mandates has a heading "Subprogramme 2 Digital
        // transformation …" before the subprogramme's own heading, "… transformations …".
        let yaml = with_contents(
            "  - text: Subprogramme 1. Climate action\n  \
             - text: Subprogramme 2. Digital transformations in supporting environmental action\n",
            "  - heading: Subprogramme 1 Climate action\n    level: 3\n  \
             - heading: Subprogramme 2 Digital transformation in supporting environmental action\n    level: 3\n  \
             - heading: Subprogramme 1 Climate action\n    level: 2\n  \
             - heading: Subprogramme 2 Digital transformations in supporting environmental action\n    level: 2\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn each_part_of_the_contents_is_matched_with_the_headings_after_the_previous_entry() {
        // A/80/6 (Sect. 21): part B of the contents says "organization" for "organizations".
        let yaml = with_contents(
            "  - text: Subprogramme 13. Support for integration processes and organizations\n  \
             - text: B. Proposed post and non-post resource requirements for 2026\n  \
             - text: Subprogramme 13. Support for integration processes and organization\n",
            "  - heading: Subprogramme 13 Support for integration processes and organizations\n  \
             - heading: B. Proposed post and non-post resource requirements for 2026\n  \
             - heading: Subprogramme 13 Support for integration processes and organizations\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "9:66 contents entry “Subprogramme 13. Support for integration processes and organ…” says “organization” where its heading says “organizations”"
            ]
        );
    }

    #[test]
    fn parts_and_components_are_matched_with_their_own_headings() {
        // A/80/6 (Sect. 24): "Subprogramme 1 (a). Human rights mainstreaming" is heading "(a) Human
        // rights mainstreaming" of subprogramme 1. A/80/6 (Sect. 16): "Subprogramme 9." alone,
        // then its components.
        let yaml = with_contents(
            "  - text: Subprogramme 1. Human rights mainstreaming and right to development\n  \
             - text: Subprogramme 1 (a). Human rights mainstreaming\n  \
             - text: Subprogramme 1 (b). Right to developments\n  \
             - text: Subprogramme 9.\n  - text: Component 1. Provision of secretariat services\n  \
             - text: Component 2. Provision of services to the Board\n",
            "  - heading: Subprogramme 1 Human rights mainstreaming and right to development\n  \
             - heading: (a) Human rights mainstreaming\n  - heading: (b) Right to development\n  \
             - heading: Subprogramme 9 Component 1 Provision of secretariat services\n  \
             - heading: Objective\n  - heading: Component 2 Provision of services to the Board\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "9:40 contents entry “Subprogramme 1 (b). Right to developments” says “developments” where its heading says “development”"
            ]
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
