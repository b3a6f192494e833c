//! Word packages built here, for the tests of `plan-lint annotate`.

/// A Word package built here: `word/document.xml` with this body, the content types and the
/// document's relationships that Word writes, and any other parts. Parts are deflated, as Word
/// stores them.
pub fn word_package(body: &str, rels: &str, parts: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let package_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>{body}</w:body></w:document>"#
    );
    let document_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut all = vec![
        ("[Content_Types].xml", types.to_owned()),
        ("_rels/.rels", package_rels.to_owned()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", document_rels),
    ];
    all.extend(parts.iter().map(|(n, x)| (*n, (*x).to_owned())));
    for (name, content) in all {
        z.start_file(name, opts).unwrap();
        z.write_all(content.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

/// A paragraph of one run, with a paragraph style (or none).
pub fn word_para(style: &str, text: &str) -> String {
    let style = if style.is_empty() { String::new() } else { format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#) };
    format!(r#"<w:p>{style}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A table row, a cell per text, each cell one run (bold or not).
pub fn word_row(cells: &[&str], bold: bool) -> String {
    let b = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<w:tc><w:p><w:r>{b}<w:t xml:space="preserve">{c}</w:t></w:r></w:p></w:tc>"#))
        .collect();
    format!("<w:tr>{cells}</w:tr>")
}
