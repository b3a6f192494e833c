//! Writing comments into a .docx package: the comment ranges in `word/document.xml`, the comments
//! part, and (for a document that had no comments) its relationship and content type.

use super::{AUTHOR, comment_text, target};
use crate::diagnostic::Diagnostic;
use crate::import::docx::{Layout, Zip, budget, resolve_target};
use crate::import::xml;
use std::collections::BTreeMap;
use std::io::{Cursor, Write};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const COMMENTS_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const DOCUMENT: &str = "word/document.xml";
const RELS: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES: &str = "[Content_Types].xml";
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The annotated copy of the package `original`: a comment for each finding, placed by `layout`.
pub fn write(original: &[u8], findings: &[Diagnostic], layout: &Layout) -> Result<Vec<u8>, String> {
    let mut zip = Zip::open(original.to_vec())?;
    let document =
        zip.read_bytes(DOCUMENT, budget::DOCUMENT_BYTES)?.ok_or("not a Word document: it has no word/document.xml")?;
    let (bom, document) = split_bom(document)?;
    // The root's namespace declarations are at the start.
    let mut n = document.len().min(64 * 1024);
    while !document.is_char_boundary(n) {
        n -= 1;
    }
    let head = &document[..n];
    if !head.contains(&format!("xmlns:w=\"{W_NS}\"")) && !head.contains(&format!("xmlns:w='{W_NS}'")) {
        return Err("word/document.xml does not use the usual `w:` prefix for WordprocessingML".into());
    }
    // Where the comments part is, or will be.
    let rels = zip.read(RELS, budget::PART_BYTES)?;
    let rel_target = match &rels {
        Some(x) => xml::parse(x)?
            .elements()
            .filter(|e| e.local() == "Relationship" && e.attr("Type") == Some(COMMENTS_TYPE))
            .find_map(|e| e.attr("Target").map(resolve_target)),
        None => None,
    };
    let names: Vec<String> = zip.archive.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
    let comments_name = match &rel_target {
        Some(t) => t.clone(),
        None if names.iter().any(|n| n == "word/comments.xml") => "word/plan-lint-comments.xml".to_owned(),
        None => "word/comments.xml".to_owned(),
    };
    let existing = match zip.read_bytes(&comments_name, budget::PART_BYTES)? {
        Some(b) => Some(split_bom(b)?),
        None => None,
    };
    // Ids above every id in use, whatever it belongs to.
    let mut next_id = 1 + max_id(&document);
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(x) = zip.read(part, budget::PART_BYTES)? {
            next_id = next_id.max(1 + max_id(&x));
        }
    }
    if let Some((_, x)) = &existing {
        next_id = next_id.max(1 + max_id(x));
    }

    // The comments, and where their marks go in the document.
    let mut marks: Vec<(usize, u8, usize, String)> = Vec::new();
    let mut comments = String::new();
    for (i, d) in findings.iter().enumerate() {
        let Some((start, end)) = target(layout, d.place.as_ref().and_then(|p| p.anchor.as_ref())) else {
            return Err("the document has no paragraph to put a comment on".into());
        };
        let id = next_id + i as u64;
        // At one offset, ranges that end come before ranges that start.
        marks.push((start, 1, i, format!(r#"<w:commentRangeStart w:id="{id}"/>"#)));
        marks.push((
            end,
            0,
            i,
            format!(r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#),
        ));
        comments.push_str(&comment_xml(id, &comment_text(d)));
    }
    marks.sort_by_key(|m| (m.0, m.1, m.2));
    let mut out_doc = String::with_capacity(document.len() + marks.iter().map(|m| m.3.len()).sum::<usize>());
    let mut at = 0;
    for (pos, _, _, text) in &marks {
        let pos = (*pos).min(document.len());
        out_doc.push_str(&document[at..pos]);
        out_doc.push_str(text);
        at = pos;
    }
    out_doc.push_str(&document[at..]);

    let mut replaced: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    replaced.insert(DOCUMENT.to_owned(), [bom.as_slice(), out_doc.as_bytes()].concat());
    let comments_part = match existing {
        Some((bom, x)) => {
            let new = match x.rfind("</w:comments>") {
                Some(i) => format!("{}{comments}{}", &x[..i], &x[i..]),
                None => match x.rfind("/>") {
                    // `<w:comments …/>`: no comments yet.
                    Some(i) if x[i..].trim() == "/>" => format!("{}>{comments}</w:comments>", &x[..i]),
                    _ => return Err(format!("{comments_name} is not a comments part")),
                },
            };
            [bom.as_slice(), new.as_bytes()].concat()
        }
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:comments xmlns:w=\"{W_NS}\">{comments}</w:comments>"
        )
        .into_bytes(),
    };
    replaced.insert(comments_name.clone(), comments_part);
    if rel_target.is_none() {
        let rels = rels.unwrap_or_else(|| {
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".to_owned()
        });
        let target = comments_name.strip_prefix("word/").unwrap_or(&comments_name);
        let mut n = 1;
        while rels.contains(&format!("Id=\"rIdPlanLint{n}\"")) {
            n += 1;
        }
        let rel = format!(r#"<Relationship Id="rIdPlanLint{n}" Type="{COMMENTS_TYPE}" Target="{target}"/>"#);
        replaced.insert(RELS.to_owned(), insert_before(&rels, "</Relationships>", &rel)?.into_bytes());
    }
    let types =
        zip.read(CONTENT_TYPES, budget::PART_BYTES)?.ok_or("not a Word document: it has no [Content_Types].xml")?;
    let part_name = format!("/{comments_name}");
    if !types.contains(&format!("PartName=\"{part_name}\"")) {
        let o = format!(r#"<Override PartName="{part_name}" ContentType="{COMMENTS_CONTENT_TYPE}"/>"#);
        replaced.insert(CONTENT_TYPES.to_owned(), insert_before(&types, "</Types>", &o)?.into_bytes());
    }
    repack(&mut zip, replaced)
}

/// Split off a byte order mark; the rest must be UTF-8.
fn split_bom(bytes: Vec<u8>) -> Result<(Vec<u8>, String), String> {
    let n = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let text = std::str::from_utf8(&bytes[n..]).map_err(|_| "a part of the document is not UTF-8".to_owned())?;
    Ok((bytes[..n].to_vec(), text.to_owned()))
}

fn insert_before(x: &str, close: &str, what: &str) -> Result<String, String> {
    let i = x.rfind(close).ok_or_else(|| format!("the package's XML has no {close}"))?;
    Ok(format!("{}{what}{}", &x[..i], &x[i..]))
}

/// The largest `w:id` number in a part (0 if none).
fn max_id(x: &str) -> u64 {
    let mut max = 0;
    let mut rest = x;
    while let Some(i) = rest.find("w:id=\"") {
        rest = &rest[i + 6..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(n) = rest[..digits].parse::<u64>() {
            max = max.max(n);
        }
    }
    max
}

/// One `<w:comment>` with a paragraph per line of text.
fn comment_xml(id: u64, paras: &[String]) -> String {
    let mut x = format!(r#"<w:comment w:id="{id}" w:author="{AUTHOR}" w:initials="PL">"#);
    for (i, p) in paras.iter().enumerate() {
        x.push_str("<w:p>");
        if i == 0 {
            x.push_str("<w:r><w:annotationRef/></w:r>");
        }
        x.push_str(r#"<w:r><w:t xml:space="preserve">"#);
        x.push_str(&escape(p));
        x.push_str("</w:t></w:r></w:p>");
    }
    x.push_str("</w:comment>");
    x
}

/// Text as XML character data: markup escaped, characters XML 1.0 forbids (and line breaks,
/// which a comment's paragraph cannot hold) as spaces.
fn escape(s: &str) -> String {
    crate::import::xml::escape(&s.replace(['\t', '\n', '\r'], " "), ' ')
}

/// The package again, in its order: the replaced parts written anew (compressed as they were,
/// with their dates), new parts at the end, every other entry copied as it is stored.
fn repack(zip: &mut Zip, mut replaced: BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>, String> {
    let fail = |e: zip::result::ZipError| format!("cannot write the annotated package: {e}");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let base = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.archive.len() {
        let file = zip.archive.by_index_raw(i).map_err(fail)?;
        let name = file.name().map_err(fail)?.into_owned();
        match replaced.remove(&name) {
            Some(bytes) => {
                let mut options = base.compression_method(match file.compression() {
                    zip::CompressionMethod::Stored => zip::CompressionMethod::Stored,
                    _ => zip::CompressionMethod::Deflated,
                });
                if let Some(t) = file.last_modified() {
                    options = options.last_modified_time(t);
                }
                drop(file);
                out.start_file(name.as_str(), options).map_err(fail)?;
                out.write_all(&bytes).map_err(|e| fail(e.into()))?;
            }
            None => out.raw_copy_file(file).map_err(fail)?,
        }
    }
    for (name, bytes) in replaced {
        out.start_file(name.as_str(), base).map_err(fail)?;
        out.write_all(&bytes).map_err(|e| fail(e.into()))?;
    }
    Ok(out.finish().map_err(fail)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_escaping() {
        assert_eq!(max_id(r#"<w:ins w:id="7"/><w:bookmarkStart w:id="12" w:name="x"/><w:x w:id="-1"/>"#), 12);
        assert_eq!(max_id("<w:p/>"), 0);
        assert_eq!(escape("a < b & c\u{1}\td"), "a &lt; b &amp; c  d");
        assert_eq!(escape("\"x\"\u{fffe}"), "&quot;x&quot; ");
        let x = comment_xml(5, &["one".into(), "two".into()]);
        assert!(
            x.starts_with(r#"<w:comment w:id="5" w:author="plan-lint" w:initials="PL"><w:p><w:r><w:annotationRef/>"#)
        );
        assert!(x.ends_with(r#"<w:t xml:space="preserve">two</w:t></w:r></w:p></w:comment>"#));
    }
}
