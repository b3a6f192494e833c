//! JUnit XML: a test suite per file, a failing test case per finding, one passing case for a
//! clean file (so CI dashboards count checked files).

use crate::check::FileReport;
use std::io::{self, Write};

/// Text for an XML attribute or element; a character XML cannot hold becomes U+FFFD.
fn xml(s: &str) -> String {
    crate::import::xml::escape(s, '\u{fffd}')
}

pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let total: usize = reports.iter().map(|r| r.diagnostics.len().max(1)).sum();
    let failures: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="plan-lint" tests="{total}" failures="{failures}">"#)?;
    for r in reports {
        let file = xml(&r.source.name);
        let n = r.diagnostics.len();
        writeln!(out, r#"  <testsuite name="{file}" tests="{}" failures="{n}">"#, n.max(1))?;
        if n == 0 {
            writeln!(out, r#"    <testcase name="plan-lint" classname="{file}" file="{file}"/>"#)?;
        }
        for d in &r.diagnostics {
            let (at, line) = match &d.place {
                Some(p) => (p.description.clone(), String::new()),
                None => {
                    let lc = r.source.line_col(d.span.start);
                    (format!("{}:{}", lc.line, lc.column), format!(r#" line="{}""#, lc.line))
                }
            };
            let mut body = format!("{}:{at}: {}[{}] {}", r.source.name, d.severity, d.rule.code, d.message);
            for l in &d.labels {
                if let Some(elsewhere) = l.elsewhere() {
                    body = format!("{body}\nsee {elsewhere}: {}", l.message);
                }
            }
            if let Some(help) = &d.help {
                body = format!("{body}\nhelp: {help}");
            }
            writeln!(
                out,
                r#"    <testcase name="{} {} at {}" classname="{file}" file="{file}"{line}>"#,
                d.rule.code,
                d.rule.name,
                xml(&at)
            )?;
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                xml(&d.message),
                d.rule.code,
                xml(&body)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(xml(r#"a < b & "c" 'd' > e"#), "a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e");
        assert_eq!(xml("bell\u{7} tab\t"), "bell\u{fffd} tab\t");
        assert_eq!(xml("line\r\nnext"), "line&#13;\nnext");
        assert_eq!(xml("not a character: \u{ffff}"), "not a character: \u{fffd}");
    }
}
