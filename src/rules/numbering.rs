//! P004 numbering: tables and figures are numbered in sequence, without gaps or repeats.
//!
//! The sequence check, [`check_sequence`], is shared with P007 (footnotes) and P008 (paragraphs).
//! It reads the numbering schemes of the proposed programme budget:
//!
//! - `16.4`: the section's prefix and a position;
//! - `8.I.12`: a fascicle made of parts I, II…, each numbering from 1 under its own prefix;
//! - `16.XIV`: a position in Roman numerals (figures are numbered I, II, III…);
//! - `4`: no prefix at all, in a document that numbers that way (the addenda of section 3) or in an
//!   annex;
//! - `A.1`, `A.I`: an annex numbering under its own letter.

use crate::diagnostic::Severity;
use crate::model::{Element, ElementKind, Number, Plan};
use crate::model::{parse_roman as roman, to_roman};
use crate::rules::{Context, Rule};
use crate::yaml::Node;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P004",
    name: "numbering",
    severity: Severity::Error,
    summary: "Tables or figures are not numbered 1, 2, 3… in document order, or a number is used twice.",
    docs: include_str!("../../rules/numbering.md"),
};

pub(super) const CHECK: super::Check = check;

/// A numbered element, a range of numbers an excerpt leaves out, or the start of an annex.
pub(crate) enum Entry<'e, 'a> {
    Numbered(&'e Number<'a>),
    /// Numbers left out up to `last`, with the prefix written in the range (empty: the part
    /// then running).
    Omitted {
        prefix: &'e str,
        last: u32,
    },
    /// An annex begins: its numbers may go without the section's prefix and start again at 1.
    Annex,
}

/// How a sequence of numbers is checked (shared with P007 and P008).
pub(crate) struct Sequence<'s> {
    pub rule: &'static Rule,
    /// "table", "figure", "paragraph", "footnote".
    pub kind: &'s str,
    /// The prefix every number must have; without it, the prefix of the first number.
    pub section: Option<&'s str>,
    /// Whether the first number must be 1, or may be any (an excerpt's paragraphs and footnotes).
    pub from_one: bool,
}

/// How the last part of a number is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Numeral {
    /// 1, 2, 3
    Arabic,
    /// I, II, III
    Roman,
}

impl Numeral {
    fn name(self) -> &'static str {
        match self {
            Numeral::Arabic => "Arabic",
            Numeral::Roman => "Roman",
        }
    }
}

/// Split a number at its last dot into a prefix and a position: `8.I.12` is prefix `8.I`,
/// position 12; `16.XIV` is prefix `16`, position 14 in Roman numerals; `4` has no prefix. A
/// number whose last part is neither (`16.A`) has no position.
pub(crate) fn split(raw: &str) -> Option<(&str, u32, Numeral)> {
    let raw = raw.trim();
    let (prefix, last) = raw.rsplit_once('.').unwrap_or(("", raw));
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return Some((prefix, last.parse().ok()?, Numeral::Arabic));
    }
    roman(last).map(|n| (prefix, n, Numeral::Roman))
}

/// Whether `s` is written with the letters of Roman numerals, rightly or not (`XXLIII`).
fn is_roman_letters(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M'))
}

/// Whether the last part of a prefix names a part of a fascicle: a Roman numeral (`8.I`, `8.II`)
/// or a capital letter (`8.A`).
fn is_part(s: &str) -> bool {
    roman(s).is_some() || (s.len() == 1 && s.bytes().all(|b| b.is_ascii_uppercase()))
}

/// The section a prefix belongs to: `8` for the part `8.I`, `16` for `16`.
fn section_of(prefix: &str) -> &str {
    match prefix.rsplit_once('.') {
        Some((section, part)) if !section.is_empty() && is_part(part) => section,
        _ => prefix,
    }
}

/// The numbers an `omitted:` item leaves out, from its key (`tables: 16.2–16.8`,
/// `figures: 8.I.III–8.I.V`, `footnotes: 3–6`), for the sequence check.
pub(crate) fn omission<'a>(element: &'a Node, key: &str) -> Option<Entry<'a, 'a>> {
    let raw = element.get(key)?.as_str()?;
    let (first, last) = match raw.split_once(['–', '—', '-']) {
        Some((first, last)) => (split(first)?, split(last)?),
        None => (split(raw)?, split(raw)?),
    };
    let prefix = if first.0.is_empty() { last.0 } else { first.0 };
    Some(Entry::Omitted { prefix, last: last.1 })
}

/// The start of an annex, from a heading "Annex", "Annex II", "Annexes".
pub(crate) fn annex(element: &Element<'_>) -> Option<Entry<'static, 'static>> {
    static ANNEX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*annex(es)?\b").unwrap());
    match &element.kind {
        ElementKind::Heading(h) if h.text.is_some_and(|t| ANNEX.is_match(t.value)) => Some(Entry::Annex),
        _ => None,
    }
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    // "16", also when written "Section 16".
    let section = plan.meta.section.map(|s| s.as_str().rsplit(' ').next().unwrap_or_default());
    for kind in ["table", "figure"] {
        let entries: Vec<Entry> = plan
            .body
            .iter()
            .filter_map(|e| match (&e.kind, kind) {
                (ElementKind::Table(t), "table") => t.number.as_ref().map(Entry::Numbered),
                (ElementKind::Figure(f), "figure") => f.number.as_ref().map(Entry::Numbered),
                (ElementKind::Omitted(_), _) => omission(e.node, &format!("{kind}s")),
                (ElementKind::Heading(_), _) => annex(e),
                _ => None,
            })
            .collect();
        check_sequence(cx, &Sequence { rule: &RULE, kind, section, from_one: true }, &entries);
    }
}

/// The numbering scheme of a sequence, read from its numbers.
struct Scheme<'s> {
    /// The section every prefix belongs to ("16", also for the parts "16.I", "16.II").
    section: &'s str,
    /// Whether the document numbers without a prefix ("1", "2", "3").
    unprefixed: bool,
    /// How positions are written.
    numeral: Numeral,
}

impl<'s> Scheme<'s> {
    fn of(section: Option<&'s str>, entries: &[Entry<'_, 's>]) -> Self {
        let numbers = |in_body: bool| {
            entries.iter().take_while(move |e| !in_body || !matches!(e, Entry::Annex)).filter_map(|e| match e {
                Entry::Numbered(n) => split(n.as_str()),
                _ => None,
            })
        };
        // Annexes may number their own way; the body says how the document numbers.
        let (bare, prefixed) =
            numbers(true).fold((0, 0), |(b, p), (prefix, ..)| if prefix.is_empty() { (b + 1, p) } else { (b, p + 1) });
        let first_prefix = numbers(true).chain(numbers(false)).map(|(p, ..)| p).find(|p| !p.is_empty());
        // Most numbers are written the right way; on a tie, the first is.
        let roman = numbers(false).fold(0i32, |r, (.., n)| if n == Numeral::Roman { r + 1 } else { r - 1 });
        let numeral = match roman.cmp(&0) {
            std::cmp::Ordering::Greater => Numeral::Roman,
            std::cmp::Ordering::Less => Numeral::Arabic,
            std::cmp::Ordering::Equal => numbers(false).next().map_or(Numeral::Arabic, |(.., n)| n),
        };
        Scheme {
            section: section.or(first_prefix.map(section_of)).unwrap_or_default(),
            unprefixed: bare > prefixed,
            numeral,
        }
    }

    /// "16.4", "8.I.12", "16.XIV", or "4" for numbers without a prefix.
    fn show(&self, prefix: &str, seq: u32) -> String {
        let seq = match self.numeral {
            Numeral::Arabic => seq.to_string(),
            Numeral::Roman => to_roman(seq),
        };
        if prefix.is_empty() { seq } else { format!("{prefix}.{seq}") }
    }
}

pub(crate) fn check_sequence(cx: &mut Context<'_>, sequence: &Sequence<'_>, entries: &[Entry<'_, '_>]) {
    let Sequence { rule, kind, section, from_one } = *sequence;
    let scheme = Scheme::of(section, entries);
    // The last number of each part ("8.I", "8.II"; "16" for plain numbering; "" without prefix),
    // and how to name it.
    let mut parts: HashMap<String, (u32, String)> = HashMap::new();
    // The part running, and the parts the numbering has moved on from.
    let mut current: Option<String> = None;
    let mut left: HashSet<String> = HashSet::new();
    let mut seen: HashMap<(String, u32), &Number> = HashMap::new();
    let mut in_annex = false;
    // An annex just began: its first number without a prefix may start again at 1.
    let mut restart = false;
    let mut started = false;
    for entry in entries {
        let n = match entry {
            Entry::Annex => {
                (in_annex, restart) = (true, true);
                continue;
            }
            Entry::Omitted { prefix, last } => {
                let part = match *prefix {
                    "" => current.clone().unwrap_or_else(|| default_part(&scheme)),
                    p if scheme.section.is_empty() || section_of(p) == scheme.section => p.to_owned(),
                    p => renamed(p, scheme.section),
                };
                if let Some(c) = current.replace(part.clone())
                    && c != part
                {
                    left.insert(c);
                }
                parts.insert(part.clone(), (*last, format!("{kind}s omitted up to {}", scheme.show(&part, *last))));
                started = true;
                continue;
            }
            Entry::Numbered(n) => *n,
        };
        let shown = n.as_str();
        // A position written with Roman letters that is no Roman numeral ("18.XXLIII") is
        // checked, in a sequence of Roman numerals, as the number it stands for.
        let (prefix, seq, numeral) = match split(shown) {
            Some((prefix, seq, numeral)) => (prefix, Some(seq), numeral),
            None => match shown.rsplit_once('.').unwrap_or(("", shown)) {
                (prefix, last) if scheme.numeral == Numeral::Roman && is_roman_letters(last) => {
                    (prefix, None, Numeral::Roman)
                }
                _ => continue,
            },
        };

        // The number with another prefix, its position as written.
        let last = shown.rsplit_once('.').map_or(shown, |(_, last)| last);
        let under = |part: &str| if part.is_empty() { last.to_owned() } else { format!("{part}.{last}") };

        // The part the number belongs to, after reporting a prefix that is not the section's.
        let part = if prefix.is_empty() {
            if scheme.unprefixed || in_annex {
                String::new()
            } else {
                let part = current.clone().unwrap_or_else(|| default_part(&scheme));
                let d = cx
                    .at_node(
                        rule,
                        n.text.node,
                        format!("{kind} {shown} has no prefix, but this is section {}", scheme.section),
                    )
                    .with_help(format!("write “{}”", under(&part)));
                cx.push(d);
                part
            }
        } else if scheme.unprefixed && !in_annex {
            let d = cx
                .at_node(
                    rule,
                    n.text.node,
                    format!(
                        "{kind} {shown} has a prefix, but the other {kind}s of this document are numbered without one"
                    ),
                )
                .with_help(format!("write “{}”", under("")));
            cx.push(d);
            String::new()
        } else if scheme.section.is_empty()
            || section_of(prefix) == scheme.section
            || (in_annex && prefix.len() == 1 && prefix.bytes().all(|b| b.is_ascii_uppercase()))
        {
            // An annex may number under its own letter: paragraph A.1, table A.1, figure A.I.
            prefix.to_owned()
        } else {
            let part = renamed(prefix, scheme.section);
            let d = cx
                .at_node(
                    rule,
                    n.text.node,
                    format!(
                        "{kind} {shown} is numbered for section {}, but this is section {}",
                        section_of(prefix),
                        scheme.section
                    ),
                )
                .with_help(format!("write “{}”", under(&part)));
            cx.push(d);
            part
        };

        // A number written in the other numerals, or in Roman letters that are no numeral, is
        // reported once and stands for the number that comes here, so that it is not also
        // reported as a gap or a repeat.
        let here = parts.get(&part).map(|(s, _)| s + 1).or((from_one || started).then_some(1));
        let message = match seq {
            Some(_) if numeral == scheme.numeral => None,
            Some(_) => Some(format!(
                "{kind} {shown} is numbered in {} numerals, but the other {kind}s are numbered in {} numerals",
                numeral.name(),
                scheme.numeral.name()
            )),
            None => Some(format!("{kind} {shown} is not a Roman numeral")),
        };
        let seq = match (seq, message) {
            (Some(seq), None) => seq,
            (None, None) => continue,
            (seq, Some(message)) => {
                let position = here.or(seq);
                let help = match position {
                    Some(p) => format!("write “{}”, the number that comes here", scheme.show(&part, p)),
                    None => format!("write the number in {} numerals", scheme.numeral.name()),
                };
                let d = cx.at_node(rule, n.text.node, message).with_help(help);
                cx.push(d);
                let Some(position) = position else { continue };
                position
            }
        };

        // An annex numbering its own tables from 1 starts a new sequence.
        if restart && part.is_empty() && seq == 1 {
            parts.remove("");
            left.remove("");
            seen.retain(|(p, _), _| !p.is_empty());
            if current.as_deref() == Some("") {
                current = None;
            }
        }
        restart = false;

        if let Some(first) = seen.get(&(part.clone(), seq)) {
            let d = cx
                .at_node(rule, n.text.node, format!("{kind} {shown} is numbered twice"))
                .with_label(first.text.node.report_span(), format!("{kind} {} first", first.as_str()))
                .with_help(format!("renumber the {kind}s in document order"));
            cx.push(d);
            continue;
        }
        seen.insert((part.clone(), seq), n);

        // An annex under its own letter may come in the middle of a document (a subprogramme's
        // performance annex): it neither ends the part running nor is ended by it.
        let annex_part = in_annex && part.len() == 1 && part.bytes().all(|b| b.is_ascii_uppercase());
        // A number of a part the numbering has already moved on from.
        if !annex_part && left.contains(&part) {
            let after = current.as_ref().and_then(|c| parts.get(c)).map_or_else(String::new, |(_, name)| name.clone());
            let d = cx
                .at_node(rule, n.text.node, format!("{kind} {shown} is out of order: it comes after {after}"))
                .with_help(format!("number the {kind}s of each part in the order they appear"));
            cx.push(d);
            continue;
        }
        if !annex_part
            && current.as_ref() != Some(&part)
            && let Some(c) = current.replace(part.clone())
        {
            left.insert(c);
        }

        let previous = parts.get(&part).cloned();
        let first = if from_one || started { 1 } else { seq };
        let expected = previous.as_ref().map_or(first, |(s, _)| s + 1);
        if seq > expected {
            let (from, to) = (scheme.show(&part, expected), scheme.show(&part, seq - 1));
            let missing = if seq == expected + 1 {
                format!("{kind} {from} is missing")
            } else if seq == expected + 2 {
                format!("{kind}s {from} and {to} are missing")
            } else {
                format!("{kind}s {from} to {to} are missing")
            };
            let message = match &previous {
                Some((_, p)) => format!("{kind} {shown} follows {p}: {missing}"),
                None if section_of(&part) != part => {
                    format!("the first {kind} of part {part} is numbered {shown}: {missing}")
                }
                None => format!("the first {kind} is numbered {shown}: {missing}"),
            };
            let d = cx.at_node(rule, n.text.node, message).with_help(format!(
                "number {kind}s in sequence; to leave some out of an excerpt, add an `omitted:` item with `{kind}s:`"
            ));
            cx.push(d);
        } else if seq < expected {
            let message = match &previous {
                Some((_, p)) => format!("{kind} {shown} is out of order: it comes after {p}"),
                None => format!("the first {kind} is numbered {shown}, not {}", scheme.show(&part, expected)),
            };
            let d =
                cx.at_node(rule, n.text.node, message).with_help(format!("number {kind}s in the order they appear"));
            cx.push(d);
        }
        parts.insert(part, (seq, format!("{kind} {shown}")));
        started = true;
    }
}

/// The part numbers belong to when nothing says otherwise: none, or the section itself.
fn default_part(scheme: &Scheme<'_>) -> String {
    if scheme.unprefixed { String::new() } else { scheme.section.to_owned() }
}

/// A prefix moved to `section`: `17` becomes `16`, the part `25.II` becomes `16.II`.
fn renamed(prefix: &str, section: &str) -> String {
    format!("{section}{}", &prefix[section_of(prefix).len()..])
}

#[cfg(test)]
mod tests {
    use super::{RULE, roman, split, to_roman};
    use crate::rules::testing::{findings, plan};

    fn tables(numbers: &[&str]) -> String {
        plan(
            &numbers.iter().map(|n| format!("  - table: \"{n}\"\n    title: t\n    kind: other\n")).collect::<String>(),
        )
    }

    fn figures(numbers: &[&str]) -> String {
        plan(&numbers.iter().map(|n| format!("  - figure: \"{n}\"\n    title: t\n")).collect::<String>())
    }

    #[test]
    fn a_clean_sequence() {
        assert_eq!(findings(&RULE, &tables(&["16.1", "16.2", "16.3"])), Vec::<String>::new());
    }

    #[test]
    fn gaps_repeats_order_and_section() {
        assert_eq!(
            findings(&RULE, &tables(&["16.1", "16.4", "16.4", "16.3", "17.5"])),
            [
                "10:12 table 16.4 follows table 16.1: tables 16.2 and 16.3 are missing",
                "13:12 table 16.4 is numbered twice",
                "16:12 table 16.3 is out of order: it comes after table 16.4",
                "19:12 table 17.5 is numbered for section 17, but this is section 16",
                "19:12 table 17.5 follows table 16.3: table 16.4 is missing",
            ]
        );
    }

    #[test]
    fn omitted_ranges_fill_the_gap() {
        let yaml = plan(
            "  - table: \"16.1\"\n    title: t\n    kind: other\n  - omitted: part\n    tables: 16.2–16.5\n  \
             - table: \"16.6\"\n    title: t\n    kind: other\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(split("16.XIV").map(|(p, n, _)| (p, n)), Some(("16", 14)));
        assert_eq!(split("8.I.XXX").map(|(p, n, _)| (p, n)), Some(("8.I", 30)));
        assert_eq!(split("8.I.12").map(|(p, n, _)| (p, n)), Some(("8.I", 12)));
        assert_eq!(split("4").map(|(p, n, _)| (p, n)), Some(("", 4)));
        for n in 1..90 {
            assert_eq!(roman(&to_roman(n)), Some(n), "{n}");
        }
        assert_eq!(to_roman(45), "XLV");
        for not in ["IIII", "VX", "IL", "C", "D", "A", "xiv", "", "+4"] {
            assert_eq!(roman(not), None, "{not}");
        }
        assert_eq!(split("16.A"), None);
    }

    #[test]
    fn figures_numbered_in_roman_numerals() {
        assert_eq!(findings(&RULE, &figures(&["16.I", "16.II", "16.III", "16.IV"])), Vec::<String>::new());
        assert_eq!(
            findings(&RULE, &figures(&["16.I", "16.II", "16.V", "16.V", "16.VI", "16.7", "17.VIII"])),
            [
                "11:13 figure 16.V follows figure 16.II: figures 16.III and 16.IV are missing",
                "13:13 figure 16.V is numbered twice",
                "17:13 figure 16.7 is numbered in Arabic numerals, but the other figures are numbered in Roman numerals",
                "19:13 figure 17.VIII is numbered for section 17, but this is section 16",
            ]
        );
    }

    #[test]
    fn a_malformed_roman_numeral_takes_its_place() {
        // Section 18 prints "Figure 18.XXLIII" between figures 18.XLII and 18.XLIV.
        assert_eq!(
            findings(&RULE, &figures(&["16.I", "16.II", "16.IIII", "16.IV"])),
            ["11:13 figure 16.IIII is not a Roman numeral"]
        );
    }

    #[test]
    fn an_arabic_number_among_roman_ones_takes_its_place() {
        // Addendum 4 of section 3 prints "Figure I", then "Figure 1" for its second figure.
        assert_eq!(
            findings(&RULE, &figures(&["I", "1", "III"])),
            ["9:13 figure 1 is numbered in Arabic numerals, but the other figures are numbered in Roman numerals"]
        );
        // The numbers most often written one way set the way, even when the first is the odd one.
        assert_eq!(
            findings(&RULE, &figures(&["1", "II", "III"])),
            ["7:13 figure 1 is numbered in Arabic numerals, but the other figures are numbered in Roman numerals"]
        );
    }

    #[test]
    fn parts_number_from_one_each() {
        // Sections 3, 5, 8, 27 and 31 of the proposed programme budget for 2026.
        let clean = tables(&["16.I.1", "16.I.2", "16.II.1", "16.II.2", "16.III.1"]);
        assert_eq!(findings(&RULE, &clean), Vec::<String>::new());
        let clean = figures(&["16.I.I", "16.I.II", "16.II.I"]);
        assert_eq!(findings(&RULE, &clean), Vec::<String>::new());
        assert_eq!(
            findings(&RULE, &tables(&["16.I.1", "16.I.3", "16.II.2", "16.II.3", "16.I.4", "25.II.4"])),
            [
                "10:12 table 16.I.3 follows table 16.I.1: table 16.I.2 is missing",
                "13:12 the first table of part 16.II is numbered 16.II.2: table 16.II.1 is missing",
                "19:12 table 16.I.4 is out of order: it comes after table 16.II.3",
                "22:12 table 25.II.4 is numbered for section 25, but this is section 16",
            ]
        );
    }

    #[test]
    fn omitted_ranges_in_parts_and_roman_numerals() {
        let yaml = plan(
            "  - figure: \"16.I.I\"\n    title: t\n  - omitted: part\n    figures: 16.I.II–16.I.V\n  \
             - figure: \"16.I.VI\"\n    title: t\n  - omitted: part\n    figures: 16.II.I–16.II.III\n  \
             - figure: \"16.II.IV\"\n    title: t\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn unprefixed_numbering() {
        // The addenda of section 3 number their tables "Table 1", "Table 2"…
        assert_eq!(findings(&RULE, &tables(&["1", "2", "3"])), Vec::<String>::new());
        assert_eq!(
            findings(&RULE, &tables(&["1", "2", "4", "16.5"])),
            [
                "13:12 table 4 follows table 2: table 3 is missing",
                "16:12 table 16.5 has a prefix, but the other tables of this document are numbered without one",
            ]
        );
        // …but a number without the prefix among the section's numbers is a slip.
        assert_eq!(
            findings(&RULE, &tables(&["16.1", "16.2", "3"])),
            ["13:12 table 3 has no prefix, but this is section 16"]
        );
    }

    #[test]
    fn an_annex_may_number_under_its_letter() {
        // The annex of A/80/6 (Sect. 18): table A.1, figure A.I, after tables 18.1 and 18.2.
        let yaml = plan(
            "  - table: \"16.1\"\n    title: t\n    kind: other\n  - table: \"16.2\"\n    title: t\n    kind: other\n  \
             - heading: Annex\n  - table: A.1\n    title: t\n    kind: other\n  - table: A.2\n    title: t\n    kind: other\n  \
             - table: A.4\n    title: t\n    kind: other\n  - table: \"16.3\"\n    title: t\n    kind: other\n",
        );
        // The section's own numbering goes on after the annex.
        assert_eq!(findings(&RULE, &yaml), ["20:12 table A.4 follows table A.2: table A.3 is missing"]);
    }

    #[test]
    fn annexes_may_number_on_their_own() {
        // Annex III of section 31: tables 1 and 2 after tables 31.III.1 to 31.III.11.
        let yaml = plan(
            "  - table: \"16.1\"\n    title: t\n    kind: other\n  - heading: Annex III\n  \
             - table: \"1\"\n    title: t\n    kind: other\n  - table: \"2\"\n    title: t\n    kind: other\n  \
             - heading: Annex IV\n  - table: \"1\"\n    title: t\n    kind: other\n  \
             - table: \"3\"\n    title: t\n    kind: other\n",
        );
        assert_eq!(findings(&RULE, &yaml), ["21:12 table 3 follows table 1: table 2 is missing"]);
    }
}
