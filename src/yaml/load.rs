//! Build the spanned tree from `saphyr-parser` events, within limits.

use super::{AliasUse, Entry, Node, NodeKind, Scalar, Style};
use crate::diagnostic::{Capped, Diagnostic};
use crate::rules::{duplicate_key, invalid_yaml, yaml_limit};
use crate::source::{SourceFile, Span};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span as YSpan, Tag};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Bounds that keep hostile input (alias bombs, deep nesting, huge files) cheap to refuse.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Deepest nesting of lists and mappings accepted (a plan needs about 8).
    pub max_depth: usize,
    /// Most nodes that aliases may copy into one document.
    pub max_alias_nodes: usize,
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Most findings listed per rule and file; the rest are counted in one line ("and 1,999,990
    /// more Y002"), so that millions of findings cost neither memory nor output.
    pub max_findings: usize,
    /// Set by whoever no longer wants the result (the language server, when a newer edit comes
    /// in): loading and checking stop soon after, and the findings are incomplete.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Limits {
    /// Whether [`Limits::cancel`] has been raised.
    pub fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// The default of [`Limits::max_findings`].
pub const MAX_FINDINGS: usize = 100;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_alias_nodes: 100_000,
            max_bytes: 64 * 1024 * 1024,
            max_findings: MAX_FINDINGS,
            cancel: None,
        }
    }
}

/// What loading a file gave: one entry per YAML document (`None` where the document could not be
/// read), and the findings made on the way.
#[derive(Debug, Default)]
pub struct LoadOutcome {
    pub documents: Vec<Option<Node>>,
    pub diagnostics: Vec<Diagnostic>,
}

enum Frame {
    Seq { start: Span, anchor: usize, items: Vec<Node> },
    Map { start: Span, anchor: usize, entries: Vec<Entry>, key: Option<Node>, index: Option<HashMap<String, usize>> },
}

/// Mappings with more entries than this look keys up in a hash table instead of a scan.
const SCAN_KEYS: usize = 16;

struct Builder<'a> {
    src: &'a SourceFile,
    limits: &'a Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    alias_nodes: usize,
    document: usize,
    out: LoadOutcome,
    found: Capped,
}

/// The Y003 finding for a file over [`Limits::max_bytes`] (`None`: of unknown size, such as
/// standard input read up to the limit).
pub fn too_large(size: Option<u64>, limits: &Limits) -> Diagnostic {
    const MIB: u64 = 1024 * 1024;
    let limit = limits.max_bytes as u64 / MIB;
    let message = match size {
        Some(n) => format!("file is too large to check: {} MiB, the limit is {limit} MiB", n.div_ceil(MIB)),
        None => format!("file is too large to check: more than {limit} MiB"),
    };
    Diagnostic::new(&yaml_limit::RULE, Span::empty(0), message).with_help("split the plan into one file per section")
}

/// Parse `src` into spanned documents. Never panics on any input; syntax errors, duplicate keys
/// and exceeded limits are returned as diagnostics.
pub fn load(src: &SourceFile, limits: &Limits) -> LoadOutcome {
    if src.text.len() > limits.max_bytes {
        let mut out = LoadOutcome::default();
        out.diagnostics.push(too_large(Some(src.text.len() as u64), limits));
        return out;
    }
    let mut b = Builder {
        src,
        limits,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        alias_nodes: 0,
        document: 0,
        out: LoadOutcome::default(),
        found: Capped::new(limits.max_findings),
    };
    let mut parser = Parser::new_from_str(&src.text);
    let mut in_document = false;
    let mut events = 0u32;
    while let Some(next) = parser.next_event() {
        events = events.wrapping_add(1);
        if events.is_multiple_of(4096) && limits.cancelled() {
            break;
        }
        match next {
            Err(e) => {
                let at = b.offset(e.marker());
                let mut d = if e.info().contains("recursion limit") {
                    // The scanner looks ahead and meets its own nesting limit before we see it.
                    Diagnostic::new(
                        &yaml_limit::RULE,
                        Span::empty(at),
                        format!("nesting is deeper than {} levels; the document is not checked", limits.max_depth),
                    )
                    .with_help("a plan needs only a few levels of lists and mappings")
                } else {
                    Diagnostic::new(&invalid_yaml::RULE, Span::empty(at), syntax_message(e.info()))
                };
                if let Some(help) = syntax_help(src, at, e.info()) {
                    d = d.with_help(help);
                }
                b.emit(d);
                if in_document || b.out.documents.is_empty() {
                    b.out.documents.push(None);
                }
                break;
            }
            Ok((event, span)) => match event {
                Event::DocumentStart(_) => {
                    in_document = true;
                    b.stack.clear();
                    b.anchors.clear();
                    b.root = None;
                    b.alias_nodes = 0;
                }
                Event::DocumentEnd => {
                    in_document = false;
                    let root = b.root.take();
                    b.out.documents.push(root);
                    b.document += 1;
                }
                Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
                other => {
                    if let Err(d) = b.event(other, span) {
                        b.emit(*d);
                        b.out.documents.push(None);
                        break;
                    }
                }
            },
        }
    }
    b.out.diagnostics = b.found.into_diagnostics();
    b.out
}

impl Builder<'_> {
    fn offset(&self, m: &Marker) -> usize {
        self.src.offset_of(m.line(), m.col())
    }

    fn span(&self, s: &YSpan) -> Span {
        let start = self.offset(&s.start);
        let end = self.offset(&s.end).max(start);
        Span::new(start, end)
    }

    fn emit(&mut self, mut d: Diagnostic) {
        d.document = self.document;
        self.found.push(d);
    }

    fn event(&mut self, event: Event<'_>, yspan: YSpan) -> Result<(), Box<Diagnostic>> {
        let span = self.span(&yspan);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                // Block scalars' spans run on over the line break and indentation that follow.
                let text = &self.src.text[span.start..span.end];
                let span = Span::new(span.start, span.start + text.trim_end().len());
                let node = Node {
                    kind: NodeKind::Scalar(Scalar {
                        value: value.into_owned(),
                        style: convert_style(style),
                        tag: core_tag(tag.as_deref()),
                    }),
                    span,
                    alias: None,
                };
                self.register(anchor, &node);
                self.push(node);
            }
            Event::Alias(id) => {
                let Some(anchored) = self.anchors.get(&id) else {
                    return Err(Box::new(Diagnostic::new(
                        &invalid_yaml::RULE,
                        span,
                        "this alias names no anchor defined before it",
                    )));
                };
                let size = anchored.size();
                if self.alias_nodes + size > self.limits.max_alias_nodes {
                    return Err(Box::new(
                        Diagnostic::new(
                            &yaml_limit::RULE,
                            span,
                            format!(
                                "aliases expand to more than {} nodes; the document is not checked",
                                self.limits.max_alias_nodes
                            ),
                        )
                        .with_label(anchored.span, "the anchor this alias copies")
                        .with_help("an alias bomb or a very large reused block: write the content out, or reuse less"),
                    ));
                }
                self.alias_nodes += size;
                let use_ = Arc::new(AliasUse { use_span: span, anchor_span: anchored.span });
                let mut copy = anchored.clone();
                mark_alias(&mut copy, &use_);
                self.push(copy);
            }
            Event::SequenceStart(anchor, _) => {
                self.check_depth(span)?;
                self.stack.push(Frame::Seq { start: span, anchor, items: Vec::new() });
            }
            Event::MappingStart(anchor, _) => {
                self.check_depth(span)?;
                self.stack.push(Frame::Map { start: span, anchor, entries: Vec::new(), key: None, index: None });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq { start, anchor, items }) = self.stack.pop() {
                    let end = collection_end(span, &start, items.last().map(|n| n.span));
                    let node = Node { kind: NodeKind::Sequence(items), span: Span::new(start.start, end), alias: None };
                    self.register(anchor, &node);
                    self.push(node);
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map { start, anchor, entries, .. }) = self.stack.pop() {
                    let end = collection_end(span, &start, entries.last().map(|e| e.value.span));
                    let entries = self.finish_mapping(entries);
                    let node =
                        Node { kind: NodeKind::Mapping(entries), span: Span::new(start.start, end), alias: None };
                    self.register(anchor, &node);
                    self.push(node);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn check_depth(&self, span: Span) -> Result<(), Box<Diagnostic>> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(Box::new(
                Diagnostic::new(
                    &yaml_limit::RULE,
                    span,
                    format!("nesting is deeper than {} levels; the document is not checked", self.limits.max_depth),
                )
                .with_help("a plan needs only a few levels of lists and mappings"),
            ));
        }
        Ok(())
    }

    fn register(&mut self, anchor: usize, node: &Node) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, index, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    // A duplicate key is reported here and its entry dropped (YAML keeps one value,
                    // and the plan reads the first): two million of them cost no memory.
                    let first = k.as_str().filter(|_| !is_merge_key(&k)).and_then(|name| {
                        if entries.len() < SCAN_KEYS {
                            return entries.iter().find(|e| e.key.as_str() == Some(name)).map(|e| e.key.report_span());
                        }
                        let index = index.get_or_insert_with(|| {
                            let mut map = HashMap::with_capacity(entries.len() * 2);
                            for (i, e) in entries.iter().enumerate() {
                                if let Some(name) = e.key.as_str().filter(|_| !is_merge_key(&e.key)) {
                                    map.entry(name.to_owned()).or_insert(i);
                                }
                            }
                            map
                        });
                        match index.get(name) {
                            Some(&i) => Some(entries[i].key.report_span()),
                            None => {
                                index.insert(name.to_owned(), entries.len());
                                None
                            }
                        }
                    });
                    match first {
                        Some(first) => self.duplicate(&k, first),
                        None => entries.push(Entry { key: k, value: node }),
                    }
                }
            },
        }
    }

    fn duplicate(&mut self, key: &Node, first: Span) {
        let document = self.document;
        self.found.push_with(&duplicate_key::RULE, || {
            let mut d = Diagnostic::new(
                &duplicate_key::RULE,
                key.report_span(),
                format!("duplicate key `{}`: this mapping already has it", key.as_str().unwrap_or_default()),
            )
            .with_label(first, "first written here")
            .with_help("YAML keeps only one of the two values; remove or rename one");
            d.document = document;
            d
        });
    }

    /// Apply merge keys (`<<`) and report duplicate keys.
    fn finish_mapping(&mut self, entries: Vec<Entry>) -> Vec<Entry> {
        let (merges, mut entries): (Vec<Entry>, Vec<Entry>) = entries.into_iter().partition(|e| is_merge_key(&e.key));
        for merge in merges {
            let sources: Vec<Node> = match merge.value.kind {
                NodeKind::Mapping(_) => vec![merge.value],
                NodeKind::Sequence(items) => items,
                NodeKind::Scalar(_) => vec![merge.value],
            };
            for source in sources {
                match source.kind {
                    NodeKind::Mapping(merged) => {
                        // Keys present so far, looked up by hash: merging is linear in the keys.
                        let mut present: HashSet<String> =
                            entries.iter().filter_map(|x| x.key.as_str().map(str::to_owned)).collect();
                        for e in merged {
                            let is_new = e.key.as_str().is_none_or(|k| present.insert(k.to_owned()));
                            if is_new {
                                entries.push(e);
                            }
                        }
                    }
                    _ => {
                        let d = Diagnostic::new(
                            &invalid_yaml::RULE,
                            source.report_span(),
                            "a merge key `<<` takes a mapping or a list of mappings",
                        )
                        .with_help("write `<<: *anchor` where `&anchor` marks a mapping");
                        self.emit(d);
                    }
                }
            }
        }
        entries
    }
}

/// `<<`, the merge key (plain, untagged).
fn is_merge_key(key: &Node) -> bool {
    matches!(&key.kind, NodeKind::Scalar(s) if s.value == "<<" && s.style == Style::Plain && s.tag.is_none())
}

fn collection_end(end_event: Span, start: &Span, last_child: Option<Span>) -> usize {
    if !end_event.is_empty() {
        return end_event.end;
    }
    last_child.map_or(start.end, |s| s.end.max(start.end))
}

fn mark_alias(node: &mut Node, use_: &Arc<AliasUse>) {
    node.alias = Some(Arc::clone(use_));
    match &mut node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Sequence(items) => items.iter_mut().for_each(|n| mark_alias(n, use_)),
        NodeKind::Mapping(entries) => entries.iter_mut().for_each(|e| {
            mark_alias(&mut e.key, use_);
            mark_alias(&mut e.value, use_);
        }),
    }
}

fn convert_style(style: ScalarStyle) -> Style {
    match style {
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
        _ => Style::Plain,
    }
}

fn core_tag(tag: Option<&Tag>) -> Option<String> {
    let tag = tag?;
    if tag.is_yaml_core_schema() { Some(tag.suffix.clone()) } else { None }
}

fn syntax_message(info: &str) -> String {
    format!("invalid YAML: {info}")
}

/// A hint for the mistakes planners make most.
fn syntax_help(src: &SourceFile, at: usize, info: &str) -> Option<String> {
    // Parsers often stop at the end of the line before the culprit: look at both.
    let n = src.line_col(at).line;
    let line = format!("{}\n{}", src.line_text(n), src.line_text(n + 1));
    if line.contains("[-,") || line.contains(", -,") || line.contains(", -]") || line.contains("[-]") {
        return Some("a lone `-` inside [ ] must be quoted: write \"-\", or use the en dash –".into());
    }
    if line.contains('\t') {
        return Some("YAML does not allow tabs for indentation; use spaces".into());
    }
    if info.contains("mapping values are not allowed") {
        return Some("text that contains `: ` must be quoted, or written as a block (`>-`)".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> (SourceFile, LoadOutcome) {
        let src = SourceFile::new("t.yaml", text);
        let out = load(&src, &Limits::default());
        (src, out)
    }

    fn codes(out: &LoadOutcome) -> Vec<&'static str> {
        out.diagnostics.iter().map(|d| d.rule.code).collect()
    }

    #[test]
    fn keys_and_values_have_exact_spans() {
        let (src, out) = load_str("a:\n  bé: \"x y\"\n  c: [1, –]\n");
        let root = out.documents[0].as_ref().unwrap();
        let a = root.get("a").unwrap();
        let e = a.entry("bé").unwrap();
        assert_eq!(src.slice(e.key.span), "bé");
        assert_eq!(src.slice(e.value.span), "\"x y\"");
        let c = a.get("c").unwrap();
        assert_eq!(src.slice(c.span), "[1, –]");
        assert_eq!(src.slice(c.as_seq().unwrap()[1].span), "–");
    }

    #[test]
    fn every_duplicate_key_is_reported_with_the_first() {
        let (src, out) = load_str("a: 1\nb: 2\na: 3\na: 4\n");
        assert_eq!(codes(&out), ["Y002", "Y002"]);
        let d = &out.diagnostics[1];
        assert_eq!(src.line_col(d.span.start).line, 4);
        assert_eq!(src.line_col(d.labels[0].span.start).line, 1);
        // The first value is the one the plan keeps.
        assert_eq!(out.documents[0].as_ref().unwrap().get("a").unwrap().as_str(), Some("1"));
    }

    #[test]
    fn merge_keys_fill_in_without_overriding_or_duplicating() {
        let (_, out) = load_str("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n");
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let used = out.documents[0].as_ref().unwrap().get("use").unwrap();
        assert_eq!(used.get("x").and_then(Node::as_str), Some("1"));
        assert_eq!(used.get("y").and_then(Node::as_str), Some("3"));
        assert!(used.get("x").unwrap().alias.is_some());
    }

    #[test]
    fn aliased_nodes_know_their_use_site_and_anchor() {
        let (src, out) = load_str("a: &anchor [1, 2]\nb: *anchor\n");
        let b = out.documents[0].as_ref().unwrap().get("b").unwrap();
        let alias = b.alias.as_ref().unwrap();
        assert_eq!(src.slice(alias.use_span), "*anchor");
        assert_eq!(src.slice(b.as_seq().unwrap()[0].span), "1");
        assert_eq!(src.slice(b.report_span()), "*anchor");
    }

    #[test]
    fn limits_refuse_bombs_and_depth_quickly() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            bomb += &format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", "));
        }
        let (_, out) = load_str(&bomb);
        assert_eq!(codes(&out), ["Y003"]);
        assert_eq!(out.documents, vec![None]);
        let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let (_, out) = load_str(&deep);
        assert_eq!(codes(&out), ["Y003"]);
    }

    #[test]
    fn documents_are_separate_and_syntax_errors_located() {
        let (_, out) = load_str("a: 1\n---\nb: 2\n---\nc: [\n");
        assert_eq!(out.documents.len(), 3);
        assert!(out.documents[0].is_some() && out.documents[1].is_some() && out.documents[2].is_none());
        assert_eq!(codes(&out), ["Y001"]);
        assert_eq!(out.diagnostics[0].document, 2);
    }
}
