"""Candidate defects computed by the answer key's own reader (docx_reader.py).

Each candidate is a dict: file, rule, kind, a place (table / figure / paragraph / footnote, row,
column), stated / expected where they apply, and evidence from the document. They are
hypotheses to review by hand, not verdicts.
"""

from __future__ import annotations

import os
import re

from docx_reader import (Chart, Para, Table, caption_of, fmt_num, from_roman, norm, read_value,
                         short, to_roman)

# ---------------------------------------------------------------------------------------------
# Document-level facts
# ---------------------------------------------------------------------------------------------


def plan_year(reader) -> int | None:
    """The plan year, from "Proposed programme budget for 20xx" or the symbol A/80/6 (2026)."""
    for b in reader.blocks[:80]:
        if isinstance(b, Para):
            m = re.search(r"[Pp]roposed programme budget for (20\d\d)", b.text)
            if m:
                return int(m.group(1))
    for p in reader.headers:
        m = re.search(r"A/(\d\d)/6", p.text)
        if m:
            return 1946 + int(m.group(1))
    m = re.search(r"A_(\d\d)_6", os.path.basename(reader.path))
    if m:
        return 1946 + int(m.group(1))
    return None


def place_caption(blocks, i, kind_wanted, lookback=4):
    """The caption (number, title) of the table or chart at blocks[i]: the nearest preceding
    "Table N" / "Figure N" paragraph, within `lookback` non-empty paragraphs."""
    seen = 0
    title_parts = []
    j = i - 1
    while j >= 0 and seen < lookback:
        b = blocks[j]
        if isinstance(b, (Table, Chart)):
            break
        if isinstance(b, Para) and b.full_text.strip():
            cap = caption_of(b)
            if cap and cap[0] == kind_wanted:
                rest = cap[2]
                title = " ".join([rest] + list(reversed(title_parts))).strip()
                return cap[1], title, j
            if cap:
                break
            title_parts.append(norm(b.full_text))
            seen += 1
        j -= 1
    return None, " ".join(reversed(title_parts)), None


def captions(reader):
    """Every caption in document order: (kind, number, block index)."""
    out = []
    for i, b in enumerate(reader.blocks):
        if isinstance(b, Para):
            for p in [b] + b.textboxes:
                cap = caption_of(p)
                if cap:
                    out.append((cap[0], cap[1], i))
        elif isinstance(b, Table):
            # a caption typed in a table's first cell
            for row in b.rows[:1]:
                for c in row[:1]:
                    for p in c.paras[:2]:
                        cap = caption_of(p)
                        if cap:
                            out.append((cap[0], cap[1], i))
    return out


def para_number(p: Para):
    """The printed paragraph number ("16.12", "3.I.64", "29.E.38") of a body paragraph."""
    t = p.full_text.lstrip()
    m = re.match(r"^(\d+[A-Z]?(?:\.[A-Z]{1,4})?(?:\.[IVXL]+)?\.\d+|[A-Z]\.\d+|\d+\.[A-Z]\.\d+)[ \t]", t)
    if not m:
        return None
    return m.group(1)


# ---------------------------------------------------------------------------------------------
# Deliverables tables
# ---------------------------------------------------------------------------------------------

SUBCAT_NAMES = [
    "parliamentary documentation", "substantive services for meetings",
    "conference and secretariat services for meetings", "field and technical cooperation projects",
    "seminars, workshops and training events", "publications", "technical materials",
    "fact-finding, monitoring and investigation missions", "documentation services",
    "meetings services", "conference and secretariat services",
]
UNIT = re.compile(r"\((?:number of|three-hour|two-hour|days|weeks|meetings|hours|missions|events|"
                  r"projects|documents|publications|materials|pages|training)[^)]*\)\s*$", re.I)
CATEGORY = re.compile(r"^([A-H])\.\s")
ITEM = re.compile(r"^(\d{1,3})(\.?)(?:\s|\t)+(\S.*)$", re.S)
SUBITEM = re.compile(r"^(?:\(([a-z]{1,2}|[ivxl]+)\)|([a-z])\.|([ivx]+)\.)\s+(\S.*)$", re.S)
YEAR_COL = re.compile(r"\b(20\d\d)\b")


class Row:
    def __init__(self, index, label, values, kind, number=None, stop=True):
        self.index = index
        self.label = label
        self.values = values  # list of Value, one per value column (None where no cell)
        self.kind = kind  # category, subcategory, group, item, subitem, text, total
        self.number = number
        self.stop = stop
        self.children = []
        self.parent = None

    def has_values(self):
        return any(v is not None and v.kind != "blank" for v in self.values)


def grid_cells(row):
    """(grid position, span, cell) for each cell of a row."""
    pos = 0
    out = []
    for c in row:
        out.append((pos, c.span, c))
        pos += c.span
    return out


def deliverables_table(table: Table):
    """(columns, rows) when `table` is a deliverables table, else None."""
    if not table.rows or not table.rows[0]:
        return None
    first = norm(table.rows[0][0].text).lower()
    if not first.startswith("category and subcategory"):
        return None
    # header rows: until a row whose label is a category or that has a number in a value cell
    header_rows = [table.rows[0]]
    k = 1
    while k < len(table.rows):
        row = table.rows[k]
        label = norm(row[0].text) if row else ""
        if label or any(read_value(c.segments).kind == "number" for c in row[1:]):
            break
        if any(YEAR_COL.search(c.text) or re.search(r"planned|actual", c.text, re.I) for c in row[1:]):
            header_rows.append(row)
        k += 1
    # column boundaries: the cells of the last header row; names: every header text above
    spans = [(pos, pos + span) for pos, span, c in grid_cells(header_rows[-1])]
    columns = []
    for start, end in spans:
        if start == 0:
            continue
        parts = []
        for row in header_rows:
            for pos, span, c in grid_cells(row):
                if pos <= start < pos + span:
                    t = norm("".join(s for p_ in c.paras for s, sup in p_.segments if not sup))
                    if t and t not in parts:
                        parts.append(t)
        name = " ".join(parts)
        if YEAR_COL.search(name):
            columns.append((start, end, name))
    rows = []
    for idx in range(k, len(table.rows)):
        row = table.rows[idx]
        cells = grid_cells(row)
        if not cells:
            continue
        label_cell = cells[0][2]
        label = norm(label_cell.text)
        if cells[0][1] > 1 and len(cells) == 1:
            rows.append(Row(idx, label, [], "text"))
            continue
        values = []
        for start, end, _ in columns:
            hit = next(((pos, span, c) for pos, span, c in cells if pos <= start < pos + span), None)
            cell = None
            if hit is not None:
                pos, span, cell = hit
                covered = sum(1 for s_, _, _ in columns if pos <= s_ < pos + span)
                if covered > 1:
                    cell = None  # a cell across several columns is text, not a value
            values.append(read_value(cell.segments) if cell is not None else None)
        rows.append(classify(idx, label, values))
    return [name for _, _, name in columns], rows


def classify(idx, label, values):
    if CATEGORY.match(label):
        return Row(idx, label, values, "category")
    m = ITEM.match(label)
    if m:
        return Row(idx, label, values, "item", int(m.group(1)), m.group(2) == ".")
    m = SUBITEM.match(label)
    if m:
        return Row(idx, label, values, "subitem", m.group(1) or m.group(2) or m.group(3))
    if re.match(r"^(sub-?)?total\b", label, re.I):
        return Row(idx, label, values, "total")
    # a subcategory says its unit, or is one of the standard names as such: "Publications on
    # economic statistics" under "Publications (number of publications)" is a group
    low = label.lower().rstrip(" :")
    if UNIT.search(label) or low in SUBCAT_NAMES or any(low == n + " related to" for n in SUBCAT_NAMES):
        return Row(idx, label, values, "subcategory")
    return Row(idx, label, values, "unnumbered")


def build_tree(rows):
    """Links rows into category › subcategory › group › item › sub-item."""
    sub = group = item = None
    for r in rows:
        if r.kind in ("category", "text"):
            sub = group = item = None
        elif r.kind == "subcategory":
            sub, group, item = r, None, None
        elif r.kind == "unnumbered":
            if not r.label and not r.has_values():
                continue
            if sub is None:
                # an unnumbered row with values straight under a category is a subcategory
                r.kind = "subcategory" if r.has_values() else "heading"
                if r.kind == "subcategory":
                    sub, group, item = r, None, None
                continue
            r.kind = "group"
            r.parent = sub
            sub.children.append(r)
            group, item = r, None
        elif r.kind == "item":
            parent = group or sub
            r.parent = parent
            if parent is not None:
                parent.children.append(r)
            item = r
        elif r.kind == "subitem":
            parent = item or group or sub
            r.parent = parent
            if parent is not None:
                parent.children.append(r)
    return rows


def effective(row, col):
    """The value of `row` in column `col`: its own, or the sum of its children when blank.
    Returns (value or None, blank?, unreadable child or None)."""
    v = row.values[col] if col < len(row.values) else None
    if v is not None and v.kind in ("number", "dash"):
        return v.value, False, None
    if v is not None and v.kind == "unreadable":
        return None, False, row
    if row.children:
        total, filled, bad = children_sum(row, col)
        return (total if filled else None), not filled, bad
    return None, True, None


def children_sum(row, col):
    """(sum, how many children have a value, first unreadable row) of a row's children."""
    total, filled, bad = 0.0, 0, None
    for c in row.children:
        cv, _, cbad = effective(c, col)
        bad = bad or cbad
        if cv is not None:
            total += cv
            filled += 1
    return total, filled, bad


def check_totals(file, table_no, title, columns, rows):
    out = []
    for r in rows:
        if not r.children or r.kind not in ("subcategory", "group", "item", "subitem"):
            continue
        for col, cname in enumerate(columns):
            own = r.values[col] if col < len(r.values) else None
            total, filled, unread = children_sum(r, col)
            parts = []
            for c in r.children:
                cv = effective(c, col)[0]
                own_c = c.values[col] if col < len(c.values) else None
                shown = own_c.raw if own_c is not None and own_c.kind != "blank" else (
                    f"({fmt_num(cv)})" if cv is not None else "blank")
                parts.append(f"{child_name(c)} ({shown})")
            evidence = f"{' + '.join(parts)} = {fmt_num(total)}"
            place = {"file": file, "table": table_no, "row": r.label[:90], "column": cname,
                     "level": r.kind}
            if own is None:
                continue
            if own.kind == "unreadable":
                out.append(dict(place, rule="P001", kind="unreadable-total", stated=own.raw,
                                evidence=f"the {r.kind} cell reads {own.raw!r}; {evidence}"))
                continue
            if own.kind == "blank":
                if filled and total != 0 and r.kind == "subcategory":
                    out.append(dict(place, rule="P010", kind="blank-total", stated="",
                                    expected=fmt_num(total), evidence=evidence))
                elif filled and r.kind == "subcategory":
                    out.append(dict(place, rule="P010", kind="blank-total-over-zeros", stated="",
                                    expected=fmt_num(total), evidence=evidence))
                continue
            if unread is not None:
                bad = unread.values[col]
                out.append(dict(place, rule="P001", kind="unreadable-item", stated=own.raw,
                                evidence=f"row {unread.label[:60]!r} reads {bad.raw if bad else '?'!r}; {evidence}"))
                continue
            if filled == 0:
                continue
            if abs(own.value - total) > 1e-6:
                c = dict(place, rule="P001", kind="total", stated=fmt_num(own.value),
                         expected=fmt_num(total), evidence=evidence)
                if own.alternative:
                    c["note"] = f"printed {own.raw!r}: the value outside the brackets counts"
                leaves = sum_leaves(r, col)
                if leaves is not None and abs(leaves - own.value) < 1e-6:
                    c["note"] = (c.get("note", "") + " the sum of all numbered items equals the total,"
                                 " so a group row may be an item").strip()
                out.append(c)
    return out


def sum_leaves(r, col):
    total, any_ = 0.0, False
    stack = list(r.children)
    while stack:
        c = stack.pop()
        if c.children:
            stack.extend(c.children)
            continue
        v = c.values[col] if col < len(c.values) else None
        if v is not None and v.kind in ("number", "dash"):
            total += v.value
            any_ = True
    return total if any_ else None


def child_name(c):
    if c.kind == "item":
        return f"item {c.number}"
    if c.kind == "subitem":
        return f"({c.number})"
    return short(c.label, 30)


def check_items(file, table_no, rows):
    """P008 candidates in a deliverables table: item numbers that do not follow."""
    out = []
    prev = None
    sub_prev = {}
    for r in rows:
        if r.kind == "item":
            if prev is not None and r.number != prev + 1:
                out.append({"file": file, "rule": "P008", "kind": "item-sequence", "table": table_no,
                            "row": r.label[:90], "stated": str(r.number), "expected": str(prev + 1),
                            "evidence": f"item {r.number} follows item {prev}"})
            if prev is None and r.number != 1:
                out.append({"file": file, "rule": "P008", "kind": "item-first", "table": table_no,
                            "row": r.label[:90], "stated": str(r.number), "expected": "1",
                            "evidence": f"the first item is numbered {r.number}"})
            if not r.stop:
                out.append({"file": file, "rule": "P008", "kind": "item-no-stop", "table": table_no,
                            "row": r.label[:90], "stated": str(r.number),
                            "evidence": f"item {r.number} is printed without its full stop"})
            prev = r.number
            sub_prev = {}
        elif r.kind == "subitem":
            key = id(r.parent)
            options = sub_ordinals(r.number)
            last = sub_prev.get(key)
            n = (last + 1) if last is not None and (last + 1) in options else (min(options) if options else None)
            if n is not None and ((last is None and n != 1) or (last is not None and n != last + 1)):
                out.append({"file": file, "rule": "P008", "kind": "subitem-sequence", "table": table_no,
                            "row": r.label[:90], "stated": r.number,
                            "evidence": f"sub-item ({r.number}) after {last}"})
            sub_prev[key] = n
        elif r.kind in ("unnumbered",) and r.has_values() and prev is not None:
            out.append({"file": file, "rule": "P008", "kind": "unnumbered-row", "table": table_no,
                        "row": r.label[:90], "evidence": f"an unnumbered row with values after item {prev}"})
    return out


def sub_ordinals(s):
    """The ordinals a sub-item label can stand for: "i" is the ninth letter or Roman one."""
    out = set()
    if s is None:
        return out
    if len(s) == 1:
        out.add(ord(s) - 96)
    elif len(s) == 2 and s[0] == s[1] and s.isalpha():
        out.add(26 + ord(s[0]) - 96)
    r = from_roman(s)
    if r is not None:
        out.add(r)
    return out


# ---------------------------------------------------------------------------------------------
# Period titles and year labels
# ---------------------------------------------------------------------------------------------

RANGE = re.compile(r"(20\d\d)\s*[-–—]\s*(20\d\d)")


def check_period(file, table_no, title, columns, year):
    out = []
    years = sorted({int(m) for c in columns for m in YEAR_COL.findall(c)})
    m = RANGE.search(title or "")
    if m and years:
        a, b = int(m.group(1)), int(m.group(2))
        if (a, b) != (years[0], years[-1]):
            out.append({"file": file, "rule": "P006", "kind": "title-vs-columns", "table": table_no,
                        "stated": f"{a}–{b}", "expected": f"{years[0]}–{years[-1]}",
                        "evidence": f"title {short(title, 120)!r}; columns {columns}"})
        elif year and (a, b) != (year - 2, year):
            out.append({"file": file, "rule": "P006", "kind": "title-vs-plan-year", "table": table_no,
                        "stated": f"{a}–{b}", "expected": f"{year - 2}–{year}",
                        "evidence": f"title {short(title, 120)!r}; plan year {year}; columns {columns}"})
    if year and columns:
        want = [f"{year - 2} planned", f"{year - 2} actual", f"{year - 1} planned", f"{year} planned"]
        got = [norm(c).lower() for c in columns]
        if got != want:
            out.append({"file": file, "rule": "P006", "kind": "columns-vs-plan-year", "table": table_no,
                        "stated": " | ".join(columns), "expected": " | ".join(want),
                        "evidence": f"plan year {year}"})
    return out


HEADING_YEAR = [
    (re.compile(r"^programme performance in (20\d\d)\b", re.I), -2),
    (re.compile(r"^planned results? for (20\d\d)\b", re.I), 0),
    (re.compile(r"^(?:proposed )?programme plan for (20\d\d)\b", re.I), 0),
    (re.compile(r"\band target for (20\d\d)\b", re.I), 0),
    (re.compile(r"^deliverables for (20\d\d)\b", re.I), 0),
]


def check_headings(reader, file, year):
    out = []
    if not year:
        return out
    for b in reader.blocks:
        if not isinstance(b, Para):
            continue
        t = norm(b.text)
        if not t or len(t) > 110 or para_number(b):
            continue
        for pat, delta in HEADING_YEAR:
            for m in pat.finditer(t):
                y = int(m.group(1))
                if y != year + delta:
                    out.append({"file": file, "rule": "P006", "kind": "heading-year", "paragraph": t[:90],
                                "stated": str(y), "expected": str(year + delta),
                                "evidence": f"heading {t!r} in a plan for {year}"})
    return out


# ---------------------------------------------------------------------------------------------
# Cross references and caption numbering
# ---------------------------------------------------------------------------------------------

# The number is case-sensitive ("table 1.6. The" is table 1.6); "1. XV" (a stray space before a
# Roman numeral) is read whole, to be reported as a form no caption uses.
NUM = r"(?-i:(?:[A-Z]\.)?[0-9IVXLCA]+[A-Z]?(?:\.(?: (?=[IVXLC]+\b))?[A-Z0-9]+)*)"
REF = re.compile(r"\b(see |in |of |and |to |from )?(tables?|figures?)\s+(" + NUM + r")"
                 r"(?:\s*(?:and|,|to|–|-)\s*(" + NUM + r"))?", re.I)
EXTERNAL = re.compile(r"\b(?:annex|document|report|A/\d+|E/\d+|resolution|of the (?:proposed|report))", re.I)


def canon(num: str) -> str:
    return num.upper().rstrip(".")


def canon_ref(num: str) -> str:
    """A reference as a caption would print it: a stray space after a stop is a typo of form."""
    return canon(num).replace(". ", ".")


def variants(num: str):
    """Spellings a reader could mistake for the same caption: 16.B.3 / 16B.3, 4.1 / 4.I."""
    out = {num.replace(".", ""), re.sub(r"^(\d+)\.([A-Z])\.", r"\1\2.", num),
           re.sub(r"^(\d+)([A-Z])\.", r"\1.\2.", num)}
    m = re.match(r"^(.*\.)(\d+)$", num)
    if m:
        out.add(m.group(1) + to_roman(int(m.group(2))).upper())
    m = re.match(r"^(.*\.)([IVXLC]+)$", num)
    if m and from_roman(m.group(2)) is not None:
        out.add(m.group(1) + str(from_roman(m.group(2))))
    out.discard(num)
    return out


def check_refs(reader, file):
    caps = captions(reader)
    by_kind = {"table": [], "figure": []}
    for kind, num, i in caps:
        by_kind[kind].append((canon(num), i))
    out = []
    for i, b in enumerate(reader.blocks):
        if not isinstance(b, Para):
            continue
        if caption_of(b):
            continue
        text = norm(b.text)
        pn = para_number(b)
        where = f"paragraph {pn}" if pn else short(text, 60)
        for m in REF.finditer(text):
            kind = m.group(2).lower().rstrip("s")
            raw = m.group(3)
            if not re.search(r"\d|^[IVXLC]+$|\.", raw):
                continue
            nums = [raw] + ([m.group(4)] if m.group(4) else [])
            after = text[m.end(): m.end() + 60]
            before = text[max(0, m.start() - 40): m.start()]
            external = bool(EXTERNAL.search(after[:40]) or re.search(r"annex [IVX]+ (?:to|of)", after))
            known = {n for n, _ in by_kind[kind]}
            for n in nums:
                num = canon(n)
                if num in known:
                    continue
                alt = [v for v in variants(num) | {canon_ref(n)} if v in known and v != num]
                out.append({"file": file, "rule": "P003",
                            "kind": "form" if alt else ("external?" if external else "missing"),
                            "paragraph": pn or text[:60], "stated": f"{kind} {n}",
                            "expected": f"{kind} {alt[0]}" if alt else "",
                            "evidence": f"{where}: …{before}{m.group(0)}{after}…; "
                                        f"{kind} captions: {len(known)}"
                                        + (f"; caption {alt[0]} exists" if alt else "")})
            see = (m.group(1) or "").strip().lower() == "see" or re.match(r"\s*(lists|shows|presents|below)", after)
            if see and len(nums) == 1 and not external:
                num = canon(raw)
                nxt = next(((n, j) for n, j in by_kind[kind] if j > i), None)
                if nxt and nxt[0] != num and num in known:
                    later = any(n == num for n, j in by_kind[kind] if j > nxt[1])
                    out.append({"file": file, "rule": "P003", "kind": "next-mismatch" + ("-later" if later else ""),
                                "paragraph": pn or text[:60], "stated": f"{kind} {raw}",
                                "expected": f"{kind} {nxt[0]}",
                                "evidence": f"{where}: …{before}{m.group(0)}{after}…; the next {kind} caption is {nxt[0]}"
                                            + ("; the referenced caption comes later" if later else "")})
    return out


def split_number(num):
    """(prefix, ordinal, style) of a caption number: 16.IV -> ("16.", 4, roman)."""
    m = re.match(r"^(.*?)([0-9]+|[IVXLCDM]+)$", num)
    if not m:
        return None
    prefix, last = m.group(1), m.group(2)
    if last.isdigit():
        return prefix, int(last), "arabic"
    r = from_roman(last)
    return prefix, r, "roman"


def check_captions(reader, file):
    out = []
    caps = captions(reader)
    for kind in ("table", "figure"):
        seen = {}
        last = {}
        for k, num, i in caps:
            if k != kind:
                continue
            num = canon(num)
            sp = split_number(num)
            if sp is None:
                continue
            prefix, n, style = sp
            if n is None:
                out.append({"file": file, "rule": "P004", "kind": "bad-numeral", kind: num,
                            "evidence": f"{kind} {num}: {num.split('.')[-1]} is not a Roman numeral"})
                continue
            if num in seen:
                out.append({"file": file, "rule": "P004", "kind": "repeat", kind: num,
                            "evidence": f"{kind} {num} is captioned twice"})
            seen[num] = i
            key = (prefix, style)
            if key in last and n != last[key] + 1:
                out.append({"file": file, "rule": "P004", "kind": "gap", kind: num,
                            "stated": num, "expected": f"{prefix}{n_str(last[key] + 1, style)}",
                            "evidence": f"{kind} {num} follows {prefix}{n_str(last[key], style)}"})
            elif key not in last and n != 1:
                out.append({"file": file, "rule": "P004", "kind": "first", kind: num,
                            "evidence": f"the first {kind} with prefix {prefix!r} is {num}"})
            last[key] = n
    return out


def n_str(n, style):
    return str(n) if style == "arabic" else to_roman(n).upper()


# ---------------------------------------------------------------------------------------------
# Paragraph numbering
# ---------------------------------------------------------------------------------------------


def check_paragraphs(reader, file):
    out = []
    last = {}
    for b in reader.blocks:
        if not isinstance(b, Para):
            continue
        pn = para_number(b)
        if not pn:
            continue
        prefix, _, n = pn.rpartition(".")
        n = int(n)
        if prefix in last:
            if n != last[prefix] + 1:
                out.append({"file": file, "rule": "P008", "kind": "paragraph-sequence", "paragraph": pn,
                            "stated": pn, "expected": f"{prefix}.{last[prefix] + 1}",
                            "evidence": f"paragraph {pn} follows {prefix}.{last[prefix]}: {short(b.text, 70)!r}"})
        elif n != 1:
            out.append({"file": file, "rule": "P008", "kind": "paragraph-first", "paragraph": pn,
                        "evidence": f"the first paragraph numbered {prefix}.n is {pn}"})
        last[prefix] = n
    return out


# ---------------------------------------------------------------------------------------------
# Cumulative series in charts
# ---------------------------------------------------------------------------------------------


def chart_year(cat):
    if cat is None:
        return None, None
    c = norm(str(cat)).lower()
    m = YEAR_COL.search(c)
    if not m:
        return None, None
    kind = "actual" if "actual" in c else "planned" if ("planned" in c or "target" in c) else None
    return int(m.group(1)), kind


def check_charts(reader, file, year):
    out = []
    for i, b in enumerate(reader.blocks):
        if not isinstance(b, Chart):
            continue
        num, title, _ = place_caption(reader.blocks, i, "figure", lookback=3)
        full = f"{title} {b.title}"
        annual = re.search(r"\(annual\)", full, re.I)
        cum_title = re.search(r"cumulative", full, re.I) and not annual
        measures = []
        for mname, planned, actual in group_measures(b.series):
            cum_series = bool(re.search(r"cumulative", mname, re.I)) and not re.search(r"annual", mname, re.I)
            cum = bool(cum_title) or cum_series
            if planned is None and actual is None:
                continue
            if planned is not None and actual is not None:
                cats = actual["categories"] or planned["categories"]
                seq, actuals, planneds = [], [], []
                for k, cat in enumerate(cats):
                    y, _ = chart_year(cat)
                    if y is None:
                        continue
                    av = actual["values"][k] if k < len(actual["values"]) else None
                    pv = planned["values"][k] if k < len(planned["values"]) else None
                    if year and y <= year - 2 and av is not None:
                        seq.append((f"{y} actual", av))
                    elif year and y > year - 2 and pv is not None and pv != 0:
                        seq.append((f"{y} planned", pv))
                    if av is not None and not (av == 0 and year and y > year - 2):
                        actuals.append((f"{y} actual", av))
                    if pv:
                        planneds.append((f"{y} planned", pv))
                measures.append((mname, seq, cum))
                measures.append((mname, actuals, cum))
                measures.append((mname, planneds, cum))
                continue
            s = planned or actual
            is_actual = actual is not None
            seq = []
            for cat, v in zip(s["categories"], s["values"]):
                y, kind = chart_year(cat)
                if y is None or v is None:
                    continue
                # a zero is "no value yet": an actual after the performance year, or a
                # year that the category does not say is actual or planned
                if v == 0 and year and y > year - 2 and (is_actual or kind != "planned"):
                    continue
                seq.append((f"{y} {kind or ''}".strip(), v))
            measures.append((mname, seq, cum))
        reported = set()
        for name, seq, cum in measures:
            if not cum:
                continue
            for (la, a), (lb, bv) in zip(seq, seq[1:]):
                if bv < a and (name, la, lb) not in reported:
                    reported.add((name, la, lb))
                    out.append({"file": file, "rule": "P005", "kind": "decrease", "figure": num or "?",
                                "series": name, "column": lb, "stated": fmt_num(bv), "expected": f">= {fmt_num(a)}",
                                "evidence": f"figure {num} {short(full, 100)!r} series {name!r}: {lb} {fmt_num(bv)} after {la} {fmt_num(a)}; "
                                            + ", ".join(f"{lab}={fmt_num(v)}" for lab, v in seq)})
    return out


PA = re.compile(r"^\s*(planned|actual|target)s?\b\s*(?:number of\s+)?|\s*\((planned|actual|target)\)\s*$", re.I)


def group_measures(series):
    """(measure name, planned series, actual series) of a chart: series named "Planned" and
    "Actual" (or "Planned number of X" / "X (actual)") are one measure; any other series is a
    measure of its own (its categories then say "2024 (actual)")."""
    groups = {}
    order = []
    for s in series:
        name = s["name"] or ""
        m = PA.search(name)
        if m:
            which = (m.group(1) or m.group(2)).lower()
            key = norm(PA.sub("", name)).lower()
            which = "actual" if which == "actual" else "planned"
        else:
            key, which = norm(name).lower() or f"#{len(order)}", "single"
        if key not in groups:
            groups[key] = {"planned": None, "actual": None, "single": None, "name": name}
            order.append(key)
        if groups[key][which] is None:
            groups[key][which] = s
    out = []
    for key in order:
        g = groups[key]
        if g["single"] is not None:
            out.append((g["name"], g["single"], None))
        elif g["planned"] is not None and g["actual"] is not None:
            out.append((key, g["planned"], g["actual"]))
        else:
            out.append((key, g["planned"], g["actual"]))
    return out


# ---------------------------------------------------------------------------------------------
# Placeholders and footnotes
# ---------------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"to be updated|to be confirmed|to be determined|to be provided|to be inserted|"
                         r"(?-i:(?<![.(\w])(?:x{2,}|X{2,})(?![)\w]))|"
                         r"\[to come\]|\bto come\]|\bTBD\b|\bTBC\b|will require updating|not yet finali[sz]ed|"
                         r"exact number will be available|\[insert|\[placeholder|\?\?\?|\[date\]|\[number\]",
                         re.I)  # the x-runs are case-sensitive: "(XXX)" and "16.XX" are Roman numerals


def all_paras(reader):
    """(where, Para) for every paragraph: body, table cells, text boxes, headers, footnotes."""
    for i, b in enumerate(reader.blocks):
        if isinstance(b, Para):
            yield ("body", b)
            for t in b.textboxes:
                yield ("textbox", t)
        elif isinstance(b, Table):
            for row in b.rows:
                for c in row:
                    for p in c.paras:
                        yield (f"table #{b.index}", p)
    for p in reader.headers:
        yield (p.source, p)
    for fid, p in reader.footnotes.items():
        yield (f"footnote {fid}", p)


def check_placeholders(reader, file):
    out = []
    for where, p in all_paras(reader):
        for m in PLACEHOLDER.finditer(p.text):
            out.append({"file": file, "rule": "P002", "kind": "placeholder", "where": where,
                        "stated": m.group(0), "evidence": f"{where}: {short(p.text, 120)!r}"})
    for part, ch in reader.charts.items():
        for m in PLACEHOLDER.finditer(ch.title + " " + " ".join(s["name"] for s in ch.series)):
            out.append({"file": file, "rule": "P002", "kind": "placeholder", "where": part,
                        "stated": m.group(0), "evidence": f"chart {part}"})
    return out


def check_footnotes(reader, file):
    out = []
    refs = set()
    for where, p in all_paras(reader):
        refs.update(p.footnote_refs)
    for fid in reader.footnotes:
        if fid not in refs:
            out.append({"file": file, "rule": "P007", "kind": "note-unreferenced", "footnote": fid,
                        "evidence": f"footnote {fid} {short(reader.footnotes[fid].text, 80)!r} has no reference"})
    for r in refs:
        if r not in reader.footnotes:
            out.append({"file": file, "rule": "P007", "kind": "reference-without-note", "footnote": r,
                        "evidence": f"a reference to footnote id {r} with no note"})
    # typed star notes of the front matter ("* The present document ...")
    star_notes = []
    markers = []
    for where, p in all_paras(reader):
        t = p.text.strip()
        m = re.match(r"^(\*+)\s", t)
        if m and where in ("body", "textbox"):
            star_notes.append((m.group(1), t))
        else:
            for mm in re.finditer(r"(?<=[^\s*])(\*+)(?![*\w])", p.text):
                markers.append((mm.group(1), where))
    for star, t in star_notes:
        if not any(s == star for s, _ in markers):
            out.append({"file": file, "rule": "P007", "kind": "star-note-unreferenced", "footnote": star,
                        "evidence": f"note {short(t, 80)!r}; markers seen: {sorted(set(markers))[:6]}"})
    # table notes: superscript letters in a table vs note paragraphs below it
    blocks = reader.blocks
    for i, b in enumerate(blocks):
        if not isinstance(b, Table):
            continue
        num, title, cap_i = place_caption(blocks, i, "table", lookback=3)
        used = set()
        for row in b.rows:
            for c in row:
                for s in c.superscripts:
                    used.update(note_letters(s))
        if cap_i is not None:
            for j in range(cap_i, i):
                if isinstance(blocks[j], Para):
                    for s in blocks[j].superscripts:
                        used.update(note_letters(s))
        notes = []
        j = i + 1
        while j < len(blocks) and isinstance(blocks[j], Para) and len(notes) < 30:
            p = blocks[j]
            t = p.text.strip()
            if not t:
                j += 1
                continue
            if re.match(r"^(Abbreviations?|Notes?|Sources?)\b\s*:", t):
                j += 1
                continue  # the legend and source lines between a table and its notes
            segs = [(s, sup) for s, sup in p.segments if s.strip()]
            if segs and segs[0][1] and re.fullmatch(r"[a-z]{1,2}|\*+", segs[0][0].strip()):
                notes.append(segs[0][0].strip())
                j += 1
                continue
            m = re.match(r"^([a-z])\s{1,3}[A-Z]", t)
            if m and len(t) < 400:
                notes.append(m.group(1))
                j += 1
                continue
            break
        for n in notes:
            if n not in used:
                out.append({"file": file, "rule": "P007", "kind": "table-note-unreferenced",
                            "table": num or f"#{b.index}", "footnote": n,
                            "evidence": f"note {n} under table {num} ({short(title, 60)!r}); markers used: {sorted(used)}"})
        for u in sorted(used):
            if u not in notes and u not in ("*",):
                out.append({"file": file, "rule": "P007", "kind": "table-marker-without-note",
                            "table": num or f"#{b.index}", "footnote": u,
                            "evidence": f"marker {u} in table {num} ({short(title, 60)!r}); notes below: {notes}"})
    return out


def note_letters(s):
    s = s.strip().strip(",; ")
    if re.fullmatch(r"\[\^[^\]]+\]", s):
        return []
    parts = [x for x in re.split(r"[,\s]+", s) if x]
    return [x for x in parts if re.fullmatch(r"[a-z]{1,2}|\*+", x)]


# ---------------------------------------------------------------------------------------------


def find_candidates(reader):
    file = os.path.basename(reader.path)
    year = plan_year(reader)
    out = []
    blocks = reader.blocks
    for i, b in enumerate(blocks):
        if not isinstance(b, Table):
            continue
        parsed = deliverables_table(b)
        if not parsed:
            continue
        columns, rows = parsed
        num, title, _ = place_caption(blocks, i, "table")
        table_no = num or f"#{b.index}"
        build_tree(rows)
        out += check_totals(file, table_no, title, columns, rows)
        out += check_period(file, table_no, title, columns, year)
        out += check_items(file, table_no, rows)
    out += check_headings(reader, file, year)
    out += check_refs(reader, file)
    out += check_captions(reader, file)
    out += check_paragraphs(reader, file)
    out += check_charts(reader, file, year)
    out += check_placeholders(reader, file)
    out += check_footnotes(reader, file)
    return out
