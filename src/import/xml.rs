//! A small element tree for the small parts of a Word document (relationships, footnotes,
//! numbering, charts), built with `quick-xml`. The large `word/document.xml` is streamed instead
//! (see [`super::docx`]).

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

#[derive(Clone, Debug, Default)]
pub struct Element {
    /// The qualified name as written, e.g. `w:p`.
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Clone, Debug)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// The local part of a qualified name: `p` for `w:p`.
pub fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The attributes of a start tag, unescaped.
pub fn attributes(e: &BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let key = a.key.as_ref().to_owned();
            let value =
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_default();
            (key, value)
        })
        .collect()
}

/// A predefined entity (`&amp;`) or character reference (`&#x2013;`) as the character it
/// stands for; `None` for anything else (Word writes no other entities).
pub fn resolve_ref(r: &BytesRef<'_>) -> Option<char> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        Ok(None) => quick_xml::escape::resolve_predefined_entity(r)?.chars().next(),
        Err(_) => None,
    }
}

/// Text for XML character data or an attribute value: quick-xml escapes the markup characters,
/// and each character XML 1.0 cannot hold at all (controls other than tab and line breaks,
/// U+FFFE, U+FFFF) becomes `instead`.
pub fn escape(s: &str, instead: char) -> String {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'));
    let text: std::borrow::Cow<'_, str> = if s.chars().all(allowed) {
        s.into()
    } else {
        s.chars().map(|c| if allowed(c) { c } else { instead }).collect::<String>().into()
    };
    quick_xml::escape::escape(text).into_owned()
}

impl Element {
    pub fn local(&self) -> &str {
        local(&self.name)
    }

    /// An attribute by its local name (`val` finds `w:val`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| local(k) == name).map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.local() == name)
    }

    /// Every descendant element with this local name, in document order.
    pub fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.local() == name {
                out.push(e);
            }
            e.descendants(name, out);
        }
    }

    pub fn find_all(&self, name: &str) -> Vec<&Element> {
        let mut out = Vec::new();
        self.descendants(name, &mut out);
        out
    }

    /// The first descendant with this local name.
    pub fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.local() == name {
                return Some(e);
            }
            if let Some(f) = e.find(name) {
                return Some(f);
            }
        }
        None
    }

    /// All the text inside, concatenated.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// Parse a whole XML part into a tree (the root element), within the budgets of
/// [`super::docx::budget`]: elements nested at most `DEPTH` deep, at most `PART_ELEMENTS` of
/// them, and every element closed (a truncated part is an error, not a shorter tree).
pub fn parse(xml: &str) -> Result<Element, String> {
    use super::docx::budget;
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut elements = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| format!("{e} at byte {}", reader.buffer_position()))?;
        if matches!(event, Event::Start(_) | Event::Empty(_)) {
            elements += 1;
            if elements > budget::PART_ELEMENTS {
                return Err(format!("more than {} elements; not a plan document", budget::PART_ELEMENTS));
            }
        }
        match event {
            Event::Start(e) => {
                if stack.len() > budget::DEPTH {
                    return Err(format!("XML nested deeper than {}", budget::DEPTH));
                }
                stack.push(Element { name: e.name().as_ref().to_owned(), attrs: attributes(&e), children: Vec::new() });
            }
            Event::Empty(e) => {
                let el = Element { name: e.name().as_ref().to_owned(), attrs: attributes(&e), children: Vec::new() };
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Element(el));
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else { return Err("unbalanced XML".into()) };
                match stack.last_mut() {
                    Some(top) => top.children.push(Node::Element(el)),
                    None => return Err("unbalanced XML".into()),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Text(t.xml10_content().into_owned()));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Text(AsRef::<str>::as_ref(&t).to_owned()));
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(top), Some(c)) = (stack.last_mut(), resolve_ref(&r)) {
                    top.children.push(Node::Text(c.to_string()));
                }
            }
            Event::Eof if stack.len() > 1 => {
                let open = stack.len() - 1;
                return Err(format!(
                    "it ends with {open} element{} never closed (is it truncated?)",
                    if open == 1 { "" } else { "s" }
                ));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let root = stack.pop().ok_or("empty XML")?;
    root.children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "no root element".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_text_and_references() {
        let root =
            parse(r#"<?xml version="1.0"?><a:x xmlns:a="u"><a:y v="1">A &amp; B&#x2013;<a:z/></a:y></a:x>"#).unwrap();
        assert_eq!(root.local(), "x");
        let y = root.child("y").unwrap();
        assert_eq!(y.attr("v"), Some("1"));
        assert_eq!(y.text(), "A & B–");
        assert!(root.find("z").is_some());
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a><b>text").unwrap_err().contains("2 elements never closed"));
        let deep = format!("{}{}", "<a>".repeat(600), "</a>".repeat(600));
        assert!(parse(&deep).unwrap_err().contains("nested deeper than 512"));
        let wide = format!("<a>{}</a>", "<b/>".repeat(1_000_001));
        assert!(parse(&wide).unwrap_err().contains("more than 1000000 elements"));
    }
}
