"""Unit tests of the answer key's reader on hand-made minimal Word documents.

Run from the repository root: python3 -m unittest discover -s answer-key/reader
"""

import io
import os
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(__file__))

import docx_reader as d  # noqa: E402
import candidates as c  # noqa: E402

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def run(text, sup=False):
    rpr = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>' if sup else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs, style=None):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def cell(content, span=1, vmerge=None):
    tcpr = ""
    if span > 1 or vmerge:
        tcpr = "<w:tcPr>" + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
            f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else ("<w:vMerge/>" if vmerge else "")) + "</w:tcPr>"
    if not content.startswith("<w:p>"):
        content = para(run(content)) if content else para()
    return f"<w:tc>{tcpr}{content}</w:tc>"


def table(rows):
    return "<w:tbl>" + "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows) + "</w:tbl>"


def docx(body, footnotes=None, parts=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        if footnotes is not None:
            notes = "".join(f'<w:footnote w:id="{i}">{para(run(t))}</w:footnote>' for i, t in footnotes.items())
            z.writestr("word/footnotes.xml", f"<w:footnotes {NS}>{notes}</w:footnotes>")
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    f = tempfile.NamedTemporaryFile(suffix=".docx", delete=False)
    f.write(buf.getvalue())
    f.close()
    return f.name


HEADER = [cell("Category and subcategory"), cell("2024 planned"), cell("2024 actual"), cell("2025 planned"),
          cell("2026 planned")]


def row(label, *values):
    return [cell(label)] + [cell(v) for v in values]


class Values(unittest.TestCase):
    def v(self, *segments):
        return d.read_value(list(segments))

    def test_thousands_separators_and_decimals(self):
        self.assertEqual(self.v(("116 000", False)).value, 116000)
        self.assertEqual(self.v(("32,106", False)).value, 32106)
        self.assertEqual(self.v(("8.5", False)).value, 8.5)

    def test_superscript_marker_is_not_part_of_the_number(self):
        v = self.v(("116 000", False), ("a", True))
        self.assertEqual((v.value, v.marker), (116000, "a"))

    def test_bracketed_alternative_the_value_outside_counts(self):
        v = self.v(("21 [25]", False))
        self.assertEqual((v.value, v.alternative), (21, "25"))

    def test_dashes_are_zero(self):
        for dash in "–-—_":
            self.assertEqual(self.v((dash, False)).kind, "dash")

    def test_a_letter_is_unreadable(self):
        self.assertEqual(self.v(("l", False)).kind, "unreadable")
        self.assertEqual(self.v(("", False)).kind, "blank")


class Tables(unittest.TestCase):
    def candidates(self, body):
        path = docx(body)
        try:
            return c.find_candidates(d.Reader(path))
        finally:
            os.unlink(path)

    def test_a_group_subtotal_is_not_an_item(self):
        # Substantive services = New York (3) + Geneva (2); each group has its items.
        body = para(run("Proposed programme budget for 2026")) + para(run("Table 6.2")) + para(
            run("Deliverables for the period 2024–2026, by category and subcategory")) + table([
                HEADER,
                row("A. Facilitation of the intergovernmental process", "", "", "", ""),
                row("Substantive services for meetings (number of three-hour meetings)", "5", "5", "5", "5"),
                row("New York", "3", "3", "3", "3"),
                row("1. Meetings of the General Assembly", "2", "2", "2", "2"),
                row("2. Meetings of the Fifth Committee", "1", "1", "1", "1"),
                row("Geneva", "2", "2", "2", "3"),
                row("3. Meetings of the Human Rights Council", "2", "2", "2", "2"),
            ])
        found = [x for x in self.candidates(body) if x["rule"] == "P001"]
        # Only Geneva's 2026 value is wrong: 3 printed over its item's 2.
        self.assertEqual(len(found), 2, found)
        geneva = next(x for x in found if x["row"] == "Geneva")
        self.assertEqual((geneva["column"], geneva["stated"], geneva["expected"]), ("2026 planned", "3", "2"))
        sub = next(x for x in found if x["row"].startswith("Substantive"))
        self.assertEqual((sub["stated"], sub["expected"]), ("5", "6"))

    def test_a_parent_without_values_stands_for_the_sum_of_its_children(self):
        body = para(run("Table 1.2")) + para(run("Deliverables for the period 2024–2026")) + table([
            HEADER,
            row("Parliamentary documentation (number of documents)", "4", "4", "4", "4"),
            row("1. Documentation for the Committee", "", "", "", ""),
            row("(a) Committee and Bureau", "3", "3", "3", "3"),
            row("(b) Working Party", "1", "1", "1", "1"),
        ])
        found = self.candidates(body)
        self.assertFalse([x for x in found if x["rule"] in ("P001", "P010")], found)

    def test_wrong_total_and_blank_total(self):
        body = para(run("Table 6.2")) + para(run("Deliverables for the period 2024–2026")) + table([
            HEADER,
            row("Seminars, workshops and training events (number of days)", "72", "72", "72", "74"),
            row("7. Workshops", "10", "10", "10", "10"),
            row("8. Training", "62", "62", "62", "62"),
            row("Publications (number of publications)", "", "", "2", "2"),
            row("9. On statistics", "1", "1", "2", "2"),
        ])
        found = self.candidates(body)
        p001 = [x for x in found if x["rule"] == "P001"]
        self.assertEqual([(x["column"], x["stated"], x["expected"]) for x in p001], [("2026 planned", "74", "72")])
        self.assertIn("item 7 (10) + item 8 (62) = 72", p001[0]["evidence"])
        p010 = [x for x in found if x["rule"] == "P010"]
        self.assertEqual([x["column"] for x in p010], ["2024 planned", "2024 actual"])

    def test_merged_cells_give_one_value_per_column(self):
        hdr = [cell("Category and subcategory"), cell("2024 planned", span=2), cell("2024 actual"),
               cell("2025 planned"), cell("2026 planned")]
        body = para(run("Table 3.1")) + para(run("Deliverables for the period 2024–2026")) + table([
            hdr,
            [cell("Publications (number of publications)"), cell("2", span=2), cell("2"), cell("2"), cell("3")],
            [cell("1. On trade"), cell("2", span=2), cell("2"), cell("2"), cell("2")],
        ])
        p001 = [x for x in self.candidates(body) if x["rule"] == "P001"]
        self.assertEqual([(x["column"], x["stated"]) for x in p001], [("2026 planned", "3")])

    def test_period_title_against_its_own_columns(self):
        body = para(run("Proposed programme budget for 2026")) + para(run("Table 16.10")) + para(
            run("Subprogramme 6: deliverables for the period of 2023-2026, by category and subcategory")) + table([
                HEADER, row("Publications (number of publications)", "1", "1", "1", "1"), row("1. On crime", "1", "1", "1", "1")])
        p006 = [x for x in self.candidates(body) if x["rule"] == "P006"]
        self.assertEqual([(x["kind"], x["stated"], x["expected"]) for x in p006],
                         [("title-vs-columns", "2023–2026", "2024–2026")])


class References(unittest.TestCase):
    def test_see_figure_that_is_not_the_next_one(self):
        body = (para(run("Proposed programme budget for 2026")) + para(run("Figure 16.III")) + para(run("Performance measure")) +
                para(run("16.48\tProgress is presented below (see figure 16.III).")) + para(run("Figure 16.IV")) +
                para(run("16.49\tSee figure 4.1 and table 16.B.3.")) + para(run("Table 16B.3")))
        path = docx(body)
        try:
            found = [x for x in c.find_candidates(d.Reader(path)) if x["rule"] == "P003"]
        finally:
            os.unlink(path)
        kinds = sorted((x["kind"], x["stated"]) for x in found)
        self.assertIn(("next-mismatch", "figure 16.III"), kinds)
        self.assertIn(("form", "table 16.B.3"), kinds)
        self.assertIn(("missing", "figure 4.1"), kinds)


class Footnotes(unittest.TestCase):
    def test_a_note_marked_in_the_page_header_is_referenced(self):
        rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" '
                'Target="header1.xml"/></Relationships>')
        header = f"<w:hdr {NS}>{para(run('A/81/6 (Sect. 16)/Part A*'))}</w:hdr>"
        body = para(run("* The present document will be replaced.")) + para(run("16.1\tText."))
        path = docx(body, parts={"word/_rels/document.xml.rels": rels, "word/header1.xml": header})
        try:
            r = d.Reader(path)
            found = [x for x in c.find_candidates(r) if x["rule"] == "P007"]
        finally:
            os.unlink(path)
        self.assertEqual(found, [])
        self.assertTrue(any("Part A*" in p.text for p in r.headers))

    def test_word_footnotes_and_table_notes(self):
        body = (para(run("Text"), '<w:r><w:footnoteReference w:id="1"/></w:r>') + para(run("Table 2")) +
                table([[cell("Posts"), cell(para(run("P-4"), run("b", sup=True)))], [cell("Total"), cell("3")]]) +
                para(run("a", sup=True), run(" Other level.")))
        path = docx(body, footnotes={1: "See resolution 77/267.", 2: "Never referenced."})
        try:
            found = sorted((x["kind"], x["footnote"]) for x in c.find_candidates(d.Reader(path)) if x["rule"] == "P007")
        finally:
            os.unlink(path)
        self.assertEqual(found, [("note-unreferenced", "2"), ("table-marker-without-note", "b"),
                                 ("table-note-unreferenced", "a")])


class Charts(unittest.TestCase):
    def test_cumulative_series_of_a_chart_with_two_measures(self):
        def ser(name, cats, vals):
            pts = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(cats))
            nums = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(vals))
            return (f'<c:ser><c:tx><c:strRef><c:strCache><c:pt idx="0"><c:v>{name}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
                    f'<c:cat><c:strRef><c:strCache>{pts}</c:strCache></c:strRef></c:cat>'
                    f'<c:val><c:numRef><c:numCache>{nums}</c:numCache></c:numRef></c:val></c:ser>')
        years = ["2023", "2024", "2025", "2026", "2027"]
        chart = ('<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea><c:barChart>'
                 + ser("Total (planned)", years, [0, 0, 36, 38, 41]) + ser("Total (actual)", years, [30, 33, 37, 0, 0])
                 + ser("Subset (planned)", years, [0, 0, 27, 29, 33]) + ser("Subset (actual)", years, [21, 24, 30, 0, 0])
                 + "</c:barChart></c:plotArea></c:chart></c:chartSpace>")
        rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" '
                'Target="charts/chart1.xml"/></Relationships>')
        drawing = ('<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
                   '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData>'
                   '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId5"/>'
                   '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
        body = (para(run("Proposed programme budget for 2027")) + para(run("Figure 16.XVI")) +
                para(run("Performance measure: number of data points (cumulative)")) + para(drawing))
        path = docx(body, parts={"word/_rels/document.xml.rels": rels, "word/charts/chart1.xml": chart})
        try:
            found = [x for x in c.find_candidates(d.Reader(path)) if x["rule"] == "P005"]
        finally:
            os.unlink(path)
        # Only the subset falls: 30 actual in 2025, then a 2026 target of 29. Future zeros are "no value".
        self.assertEqual([(x["figure"], x["series"], x["column"], x["stated"]) for x in found],
                         [("16.XVI", "subset", "2026 planned", "29")])


if __name__ == "__main__":
    unittest.main()
