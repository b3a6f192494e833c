#!/usr/bin/env python3
"""An independent reader of programme-plan Word documents, for the answer key.

Standard library only (zipfile + xml.etree): it shares no code and no logic with plan-lint's
importer, so the candidate defects it lists are a second opinion, not a copy of the tool's.

    python3 docx_reader.py dump FILE             the document as readable text
    python3 docx_reader.py candidates FILE...    candidate defects, one JSON object per line

A candidate is a hypothesis of this reader: every one is reviewed by hand against the dump
before it goes into the key (see ../README.md).
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Limits applied before anything is read: a fascicle is at most ~20 MB of XML.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_PARTS = 5000


# ---------------------------------------------------------------------------------------------
# The document model of this reader
# ---------------------------------------------------------------------------------------------


@dataclass
class Para:
    """A paragraph: its text (superscript runs kept apart), where it came from."""

    text: str = ""
    # (text, superscript?) segments, in order, so "3" + sup "a" can be told from "3a".
    segments: list = field(default_factory=list)
    style: str = ""
    numbering: str = ""  # the label Word's automatic numbering prints before the text
    footnote_refs: list = field(default_factory=list)  # footnote ids referenced
    charts: list = field(default_factory=list)  # chart part names
    pictures: int = 0
    textboxes: list = field(default_factory=list)  # Paras inside text boxes
    source: str = "body"  # body, header1.xml, footnotes, textbox...

    @property
    def superscripts(self) -> list:
        return [t.strip() for t, sup in self.segments if sup and t.strip()]

    @property
    def full_text(self) -> str:
        """The text as printed, with the automatic number in front."""
        if self.numbering:
            return f"{self.numbering}\t{self.text}"
        return self.text


@dataclass
class Cell:
    paras: list
    span: int = 1
    vmerge: str = ""  # "", "restart" or "continue"

    @property
    def text(self) -> str:
        return "\n".join(p.full_text for p in self.paras).strip()

    @property
    def segments(self) -> list:
        out = []
        for i, p in enumerate(self.paras):
            if i:
                out.append(("\n", False))
            if p.numbering:
                out.append((p.numbering + "\t", False))
            out.extend(p.segments)
        return out

    @property
    def superscripts(self) -> list:
        return [s for p in self.paras for s in p.superscripts]

    @property
    def footnote_refs(self) -> list:
        return [r for p in self.paras for r in p.footnote_refs]


@dataclass
class Table:
    rows: list  # list of list of Cell, one Cell per grid column (spans repeated as None)
    index: int = 0


@dataclass
class Chart:
    part: str
    title: str = ""
    kind: str = ""
    series: list = field(default_factory=list)  # dicts: name, categories, values


class DocxError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Reading the package
# ---------------------------------------------------------------------------------------------


class Package:
    def __init__(self, path: str):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as e:
            raise DocxError(f"{path}: not a Word document: {e}") from e
        infos = self.zip.infolist()
        if len(infos) > MAX_PARTS:
            raise DocxError(f"{path}: {len(infos)} parts, over the limit of {MAX_PARTS}")
        self.sizes = {i.filename: i.file_size for i in infos}

    def has(self, name: str) -> bool:
        return name in self.sizes

    def xml(self, name: str):
        if name not in self.sizes:
            return None
        if self.sizes[name] > MAX_PART_BYTES:
            raise DocxError(f"{self.path}: {name} is {self.sizes[name]} bytes, over the limit")
        try:
            return ET.fromstring(self.zip.read(name))
        except ET.ParseError as e:
            raise DocxError(f"{self.path}: {name}: bad XML: {e}") from e

    def rels(self, part: str) -> dict:
        """Relationship id -> (type, target part name) of a part."""
        d, b = posixpath.split(part)
        root = self.xml(posixpath.join(d, "_rels", b + ".rels"))
        out = {}
        if root is None:
            return out
        for r in root.findall(f"{{{PKG_REL}}}Relationship"):
            if r.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(d, r.get("Target", "")))
            out[r.get("Id")] = (r.get("Type", "").rsplit("/", 1)[-1], target)
        return out


# ---------------------------------------------------------------------------------------------
# Automatic numbering (numbering.xml), as far as plans use it
# ---------------------------------------------------------------------------------------------

ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
         (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def to_roman(n: int) -> str:
    out = ""
    for v, s in ROMAN:
        while n >= v:
            out += s
            n -= v
    return out


def from_roman(s: str):
    s = s.lower()
    if not s or not re.fullmatch(r"[mdclxvi]+", s):
        return None
    vals = {"m": 1000, "d": 500, "c": 100, "l": 50, "x": 10, "v": 5, "i": 1}
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        if i + 1 < len(s) and vals[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total if to_roman(total) == s else None


def fmt_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman":
        return to_roman(n)
    if fmt == "upperRoman":
        return to_roman(n).upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


def letters(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz
    if n <= 0:
        return ""
    ch = chr(ord("a") + (n - 1) % 26)
    return ch * ((n - 1) // 26 + 1)


class Numbering:
    def __init__(self, root, styles_root):
        self.abstract = {}  # abstractNumId -> {ilvl: (start, fmt, text)}
        self.nums = {}  # numId -> (abstractNumId, {ilvl: start override})
        self.style_num = {}  # style id -> (numId, ilvl)
        self.counters = {}  # abstractNumId -> list of counters
        self.last_num = {}  # abstractNumId -> numId last used (for overrides)
        if root is not None:
            for an in root.findall(w("abstractNum")):
                levels = {}
                for lvl in an.findall(w("lvl")):
                    il = int(lvl.get(w("ilvl"), "0"))
                    start = lvl.find(w("start"))
                    fmt = lvl.find(w("numFmt"))
                    text = lvl.find(w("lvlText"))
                    levels[il] = (
                        int(start.get(w("val"), "1")) if start is not None else 1,
                        fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                        text.get(w("val"), "") if text is not None else "",
                    )
                self.abstract[an.get(w("abstractNumId"))] = levels
            for num in root.findall(w("num")):
                an = num.find(w("abstractNumId"))
                overrides = {}
                for ov in num.findall(w("lvlOverride")):
                    so = ov.find(w("startOverride"))
                    if so is not None:
                        overrides[int(ov.get(w("ilvl"), "0"))] = int(so.get(w("val"), "1"))
                self.nums[num.get(w("numId"))] = (an.get(w("val")) if an is not None else None, overrides)
        if styles_root is not None:
            for st in styles_root.findall(w("style")):
                np_ = st.find(f"{w('pPr')}/{w('numPr')}")
                if np_ is not None:
                    nid = np_.find(w("numId"))
                    il = np_.find(w("ilvl"))
                    self.style_num[st.get(w("styleId"))] = (
                        nid.get(w("val")) if nid is not None else None,
                        int(il.get(w("val"), "0")) if il is not None else 0,
                    )

    def label(self, num_id, ilvl: int) -> str:
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        an_id, overrides = self.nums[num_id]
        levels = self.abstract.get(an_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(an_id, [None] * 10)
        if self.last_num.get(an_id) != num_id and overrides:
            # a new num instance with a start override restarts the list
            for lv, st in overrides.items():
                counters[lv] = st - 1
                for deeper in range(lv + 1, 10):
                    counters[deeper] = None
        self.last_num[an_id] = num_id
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        fmt_text = levels[ilvl][2]

        def repl(m):
            lv = int(m.group(1)) - 1
            if lv not in levels:
                return ""
            value = counters[lv] if counters[lv] is not None else levels[lv][0]
            return fmt_number(value, levels[lv][1])

        if levels[ilvl][1] in ("bullet", "none"):
            return ""
        return re.sub(r"%(\d)", repl, fmt_text)


# ---------------------------------------------------------------------------------------------
# Paragraphs, runs, tables
# ---------------------------------------------------------------------------------------------


class Reader:
    def __init__(self, path: str):
        self.pkg = Package(path)
        self.path = path
        if not self.pkg.has("word/document.xml"):
            raise DocxError(f"{path}: no word/document.xml: not a Word document")
        self.doc_rels = self.pkg.rels("word/document.xml")
        styles = self.pkg.xml("word/styles.xml")
        self.numbering = Numbering(self.pkg.xml("word/numbering.xml"), styles)
        self.style_sup = set()
        if styles is not None:
            for st in styles.findall(w("style")):
                va = st.find(f"{w('rPr')}/{w('vertAlign')}")
                if va is not None and va.get(w("val")) == "superscript":
                    self.style_sup.add(st.get(w("styleId")))
        self.blocks = []  # Para / Table / Chart in document order
        self.headers = []  # Paras of headers and footers
        self.footnotes = {}  # id -> Para
        self.charts = {}  # part -> Chart
        self._table_count = 0
        body = self.pkg.xml("word/document.xml").find(w("body"))
        self._read_blocks(body, self.blocks, "body", self.doc_rels)
        self._read_notes()
        self._read_headers(body)

    # -- blocks -------------------------------------------------------------------------------
    def _read_blocks(self, parent, out, source, rels):
        for el in parent:
            tag = el.tag
            if tag == w("p"):
                p = self._para(el, source, rels)
                out.append(p)
                for part in p.charts:
                    out.append(self.chart(part))
            elif tag == w("tbl"):
                out.append(self._table(el, source, rels))
            elif tag == w("sdt"):
                content = el.find(w("sdtContent"))
                if content is not None:
                    self._read_blocks(content, out, source, rels)
            elif tag in (w("customXml"), w("ins"), w("moveTo")):
                self._read_blocks(el, out, source, rels)

    def _table(self, tbl, source, rels) -> Table:
        rows = []
        for tr in tbl.findall(w("tr")):
            row = []
            for tc in tr:
                if tc.tag == w("sdt"):
                    tcs = tc.findall(f"{w('sdtContent')}/{w('tc')}")
                elif tc.tag == w("tc"):
                    tcs = [tc]
                else:
                    continue
                for c in tcs:
                    tcpr = c.find(w("tcPr"))
                    span, vm = 1, ""
                    if tcpr is not None:
                        gs = tcpr.find(w("gridSpan"))
                        if gs is not None:
                            span = int(gs.get(w("val"), "1"))
                        v = tcpr.find(w("vMerge"))
                        if v is not None:
                            vm = v.get(w("val"), "continue")
                    paras = []
                    inner = []
                    self._read_blocks(c, inner, source, rels)
                    for b in inner:
                        if isinstance(b, Para):
                            paras.append(b)
                        elif isinstance(b, Table):  # a nested table: its paragraphs, in order
                            for r in b.rows:
                                for x in r:
                                    paras.extend(x.paras)
                    row.append(Cell(paras, span, vm))
            rows.append(row)
        self._table_count += 1
        return Table(rows, self._table_count)

    def _para(self, p, source, rels) -> Para:
        out = Para(source=source)
        ppr = p.find(w("pPr"))
        style = ""
        num_id, ilvl = None, 0
        if ppr is not None:
            ps = ppr.find(w("pStyle"))
            if ps is not None:
                style = ps.get(w("val"), "")
            if style in self.numbering.style_num:
                num_id, ilvl = self.numbering.style_num[style]
            np_ = ppr.find(w("numPr"))
            if np_ is not None:
                nid = np_.find(w("numId"))
                il = np_.find(w("ilvl"))
                if nid is not None:
                    num_id = nid.get(w("val"))
                if il is not None:
                    ilvl = int(il.get(w("val"), "0"))
        out.style = style
        if num_id is not None and source in ("body",):
            out.numbering = self.numbering.label(num_id, ilvl)
        self._runs(p, out, rels, in_field_instr=[False])
        out.text = "".join(t for t, _ in out.segments)
        return out

    def _runs(self, el, out: Para, rels, in_field_instr):
        for child in el:
            tag = child.tag
            if tag == w("r"):
                self._run(child, out, rels, in_field_instr)
            elif tag in (w("hyperlink"), w("smartTag"), w("ins"), w("moveTo"), w("fldSimple"),
                         w("customXml"), w("dir"), w("bdo")):
                self._runs(child, out, rels, in_field_instr)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self._runs(content, out, rels, in_field_instr)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self._runs(choice, out, rels, in_field_instr)
            elif tag == w("del") or tag == w("moveFrom"):
                continue

    def _run(self, r, out: Para, rels, in_field_instr):
        rpr = r.find(w("rPr"))
        sup = False
        if rpr is not None:
            va = rpr.find(w("vertAlign"))
            if va is not None and va.get(w("val")) == "superscript":
                sup = True
            rs = rpr.find(w("rStyle"))
            if rs is not None and rs.get(w("val")) in self.style_sup:
                sup = True
            if va is not None and va.get(w("val")) == "baseline":
                sup = False
            vanish = rpr.find(w("vanish"))
            if vanish is not None and vanish.get(w("val"), "true") not in ("0", "false"):
                return
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                t = child.get(w("fldCharType"))
                in_field_instr[0] = t == "begin"
            elif tag == w("instrText"):
                continue
            elif tag == w("t"):
                if not in_field_instr[0]:
                    self._add(out, child.text or "", sup)
            elif tag == w("tab") or tag == w("ptab"):
                self._add(out, "\t", False)
            elif tag in (w("br"), w("cr")):
                self._add(out, "\n", False)
            elif tag == w("noBreakHyphen"):
                self._add(out, "-", sup)
            elif tag == w("softHyphen"):
                continue
            elif tag == w("sym"):
                code = child.get(w("char"), "")
                try:
                    ch = chr(int(code, 16))
                    if 0xF000 <= ord(ch) <= 0xF0FF:
                        ch = chr(ord(ch) - 0xF000)
                    self._add(out, ch, sup)
                except ValueError:
                    pass
            elif tag == w("footnoteReference"):
                out.footnote_refs.append(child.get(w("id")))
                self._add(out, f"[^{child.get(w('id'))}]", True)
            elif tag == w("endnoteReference"):
                self._add(out, f"[^e{child.get(w('id'))}]", True)
            elif tag == w("footnoteRef"):
                continue
            elif tag in (w("drawing"), w("pict"), f"{{{MC}}}AlternateContent", w("object")):
                self._drawing(child, out, rels)

    def _add(self, out: Para, text: str, sup: bool):
        if not text:
            return
        if out.segments and out.segments[-1][1] == sup:
            out.segments[-1] = (out.segments[-1][0] + text, sup)
        else:
            out.segments.append((text, sup))

    def _drawing(self, el, out: Para, rels):
        # AlternateContent: the Choice only, or the same text box is read twice.
        if el.tag == f"{{{MC}}}AlternateContent":
            choice = el.find(f"{{{MC}}}Choice")
            if choice is not None:
                self._drawing(choice, out, rels)
            return
        stack = [el]
        while stack:
            e = stack.pop()
            if e.tag == f"{{{C}}}chart":
                rid = e.get(f"{{{R}}}id")
                if rid in rels and rels[rid][0] == "chart":
                    out.charts.append(rels[rid][1])
                continue
            if e.tag == w("txbxContent"):
                inner = []
                self._read_blocks(e, inner, "textbox", rels)
                out.textboxes.extend(b for b in inner if isinstance(b, Para))
                continue
            if e.tag == f"{{{A}}}blip" or e.tag.endswith("}imagedata"):
                out.pictures += 1
            if e.tag == f"{{{MC}}}AlternateContent":
                choice = e.find(f"{{{MC}}}Choice")
                if choice is not None:
                    stack.append(choice)
                continue
            stack.extend(list(e))

    # -- notes, headers -----------------------------------------------------------------------
    def _read_notes(self):
        root = self.pkg.xml("word/footnotes.xml")
        if root is None:
            return
        rels = self.pkg.rels("word/footnotes.xml")
        for fn in root.findall(w("footnote")):
            if fn.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            inner = []
            self._read_blocks(fn, inner, "footnotes", rels)
            paras = [b for b in inner if isinstance(b, Para)]
            text = " ".join(p.text.strip() for p in paras).strip()
            p = Para(text=text, segments=[(text, False)], source="footnotes")
            p.footnote_refs = [r for q in paras for r in q.footnote_refs]
            self.footnotes[fn.get(w("id"))] = p

    def _read_headers(self, body):
        seen = set()
        for rid, (typ, part) in self.doc_rels.items():
            if typ in ("header", "footer") and part not in seen:
                seen.add(part)
                root = self.pkg.xml(part)
                if root is None:
                    continue
                inner = []
                self._read_blocks(root, inner, posixpath.basename(part), self.pkg.rels(part))
                for b in inner:
                    if isinstance(b, Para):
                        self.headers.append(b)
                        self.headers.extend(b.textboxes)
                    elif isinstance(b, Table):
                        for row in b.rows:
                            for c in row:
                                self.headers.extend(c.paras)

    # -- charts -------------------------------------------------------------------------------
    def chart(self, part: str) -> Chart:
        if part in self.charts:
            return self.charts[part]
        ch = Chart(part)
        root = self.pkg.xml(part)
        self.charts[part] = ch
        if root is None:
            return ch
        chart = root.find(f"{{{C}}}chart")
        if chart is None:
            return ch
        title = chart.find(f"{{{C}}}title")
        if title is not None:
            ch.title = "".join(t.text or "" for t in title.iter(f"{{{A}}}t")).strip()
        plot = chart.find(f"{{{C}}}plotArea")
        if plot is None:
            return ch
        kinds = []
        for pc in plot:
            name = pc.tag.split("}")[-1]
            if not name.endswith("Chart"):
                continue
            kinds.append(name)
            for ser in pc.findall(f"{{{C}}}ser"):
                ch.series.append({
                    "kind": name,
                    "name": series_text(ser.find(f"{{{C}}}tx")),
                    "categories": cache_points(ser.find(f"{{{C}}}cat")),
                    "values": [to_float(v) for v in cache_points(ser.find(f"{{{C}}}val"))],
                    "labels_deleted": False,
                })
        ch.kind = "+".join(dict.fromkeys(kinds))
        return ch


def series_text(tx) -> str:
    if tx is None:
        return ""
    v = tx.find(f".//{{{C}}}v")
    if v is not None:
        return (v.text or "").strip()
    return "".join(t.text or "" for t in tx.iter(f"{{{A}}}t")).strip()


def cache_points(el) -> list:
    """The cached points of a c:cat or c:val, by index (missing points are None)."""
    if el is None:
        return []
    for cache_tag in ("strCache", "numCache", "strLit", "numLit"):
        caches = list(el.iter(f"{{{C}}}{cache_tag}"))
        if caches:
            break
    else:
        return []
    # multi-level categories: the innermost level is the first lvl
    cache = caches[0]
    mlvl = list(el.iter(f"{{{C}}}lvl"))
    if mlvl:
        cache = mlvl[0]
    count_el = cache.find(f"{{{C}}}ptCount")
    pts = cache.findall(f"{{{C}}}pt")
    n = int(count_el.get("val", "0")) if count_el is not None else 0
    n = max(n, max((int(p.get("idx", "0")) + 1 for p in pts), default=0))
    n = min(n, 100000)
    out = [None] * n
    for p in pts:
        i = int(p.get("idx", "0"))
        v = p.find(f"{{{C}}}v")
        if i < n:
            out[i] = (v.text or "").strip() if v is not None else None
    return out


def to_float(v):
    if v is None or v == "":
        return None
    try:
        return float(v)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Reading printed numbers
# ---------------------------------------------------------------------------------------------

DASHES = "–-—_‒―−"


@dataclass
class Value:
    """A number cell as printed."""

    raw: str
    value: float | None  # None: blank
    kind: str  # "number", "dash", "blank", "unreadable"
    marker: str = ""  # superscript note marker
    alternative: str = ""  # the bracketed "[25]"


def read_value(segments) -> Value:
    """Reads a number cell from its (text, superscript?) segments."""
    main = "".join(t for t, sup in segments if not sup)
    marker = "".join(t for t, sup in segments if sup).strip()
    raw = "".join(t if not sup else f"^{t}" for t, sup in segments).strip()
    s = main.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").strip()
    alt = ""
    m = re.fullmatch(r"(.*?)\s*\[([^\]]*)\]\s*", s)
    if m:
        s, alt = m.group(1).strip(), m.group(2).strip()
    # a marker typed as a trailing letter after a space ("12 a") is not part of the number
    m = re.fullmatch(r"(.*\d)\s*\(?([a-z])\)?", s)
    if m and not marker:
        s, marker = m.group(1), m.group(2)
    if s == "":
        return Value(raw, None, "blank", marker, alt)
    if all(ch in DASHES for ch in s.replace(" ", "")):
        return Value(raw, 0.0, "dash", marker, alt)
    t = s.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", t):
        t = t.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", t) and (" " not in s or re.fullmatch(r"\d{1,3}( \d{3})+(\.\d+)?", s)):
        return Value(raw, float(t), "number", marker, alt)
    return Value(raw, None, "unreadable", marker, alt)


def fmt_num(v) -> str:
    if v is None:
        return ""
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v)))
    return f"{v:.6f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------------------------------------
# Normalising text
# ---------------------------------------------------------------------------------------------


def norm(s: str) -> str:
    s = s.replace("\u00a0", " ").replace("\t", " ").replace("\n", " ")
    for d in "‐‑‒–—―−":
        s = s.replace(d, "-")
    return re.sub(r"\s+", " ", s).strip()


def short(s: str, n: int = 80) -> str:
    s = norm(s)
    return s if len(s) <= n else s[: n - 1] + "…"


CAPTION = re.compile(r"^(Table|Figure)\s+([A-Z0-9][A-Za-z0-9.]*[A-Za-z0-9]|[A-Z0-9])\b\.?\s*(.*)$", re.S)


def caption_of(p: Para):
    """(kind, number, title) when the paragraph is a table/figure caption."""
    t = norm(p.full_text)
    m = CAPTION.match(t)
    if not m:
        return None
    kind, num, rest = m.group(1).lower(), m.group(2), m.group(3)
    # "Table 16.2 lists ..." is prose: a caption is short or is styled as one, and its rest
    # does not start with a verb of a sentence.
    if len(t) > 400:
        return None
    if re.match(r"^(shows|lists|presents|provides|below|above|indicates|sets|summari[sz]es|reflects|contains|includes|is|are|and|to|in|of|on|for|with|that|which|gives|outlines|illustrates|,|;|\))", rest):
        return None
    if not re.search(r"\d|^[IVXLCDMA]+(\.[IVXLCDM]+)?$|^[A-Z]\.[IVXLCDM0-9]+$", num):
        return None
    return kind, num, rest


# ---------------------------------------------------------------------------------------------
# The dump
# ---------------------------------------------------------------------------------------------


def seg_text(segments) -> str:
    return "".join(t if not sup else f"^{{{t}}}" for t, sup in segments)


def dump(reader: Reader, out):
    out.write(f"# {reader.path}\n")
    for b in reader.blocks:
        if isinstance(b, Para):
            t = seg_text(b.segments)
            if b.numbering:
                t = f"[{b.numbering}] {t}"
            if t.strip():
                out.write(f"{'¶ ' if not b.style else '¶' + b.style + ' '}{norm_keep(t)}\n")
            for tb in b.textboxes:
                out.write(f"  [text box] {norm_keep(seg_text(tb.segments))}\n")
            if b.pictures and not b.charts:
                out.write(f"  [picture x{b.pictures}]\n")
        elif isinstance(b, Table):
            out.write(f"┌ table #{b.index} ({len(b.rows)} rows)\n")
            for i, row in enumerate(b.rows):
                cells = []
                for c in row:
                    t = norm_keep(seg_text(c.segments)).replace("\n", " / ")
                    if c.vmerge == "continue":
                        t = "⇣" + t
                    if c.span > 1:
                        t += f" ⟨span {c.span}⟩"
                    cells.append(t)
                out.write(f"│{i:3} " + " | ".join(cells) + "\n")
            out.write("└\n")
        elif isinstance(b, Chart):
            out.write(f"▦ chart {b.part} ({b.kind}) title: {norm(b.title)!r}\n")
            for s in b.series:
                pairs = ", ".join(f"{c}={fmt_num(v)}" for c, v in zip_longest_(s["categories"], s["values"]))
                out.write(f"    series {s['name']!r}: {pairs}\n")
    out.write("# headers and footers\n")
    for p in reader.headers:
        t = seg_text(p.segments)
        if t.strip():
            out.write(f"  ({p.source}) {norm_keep(t)}\n")
    out.write("# footnotes\n")
    for fid, p in reader.footnotes.items():
        out.write(f"  [^{fid}] {p.text}\n")


def zip_longest_(a, b):
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else None, b[i] if i < len(b) else None) for i in range(n)]


def norm_keep(s: str) -> str:
    return re.sub(r"[ \u00a0]+", " ", s.replace("\t", " ")).strip()


# ---------------------------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------------------------

def main(argv) -> int:
    # The candidate logic lives beside this file and imports this module by name.
    sys.modules.setdefault("docx_reader", sys.modules[__name__])
    from candidates import find_candidates

    if len(argv) < 3 or argv[1] not in ("dump", "candidates"):
        sys.stderr.write(__doc__)
        return 2
    status = 0
    for path in argv[2:]:
        try:
            reader = Reader(path)
        except DocxError as e:
            sys.stderr.write(f"docx_reader: {e}\n")
            status = 2
            continue
        except OSError as e:
            sys.stderr.write(f"docx_reader: {path}: {e}\n")
            status = 2
            continue
        if argv[1] == "dump":
            dump(reader, sys.stdout)
        else:
            for c in find_candidates(reader):
                sys.stdout.write(json.dumps(c, ensure_ascii=False) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
