#!/usr/bin/env python3
"""Write the hostile and size-scaling inputs of issues 11 and 14 into a folder.

usage: hostile.py DIR [CASE...]      (no CASE: every case)

Each case is a function of a scale factor; the files are named CASE-SCALE.ext. The scaling
benchmark (bench/scaling.sh) checks each at 1x and 10x and fails when the time grows faster than
the input; bench/hostile.sh runs the refusals (zip bomb, FIFO, devices, huge stdin).
"""
import io
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "fixtures", "seed", "unodc-2023.yaml")

HEAD = ("document:\n  symbol: A/77/6 (Sect. 16)\n  title: Proposed programme budget for 2023\n"
        "  section: {number: 16, title: t}\n  plan_year: 2023\n")


def seed_json(times):
    """The seed plan as JSON (YAML's superset), its body repeated `times` times."""
    import yaml  # PyYAML, only for this case
    with open(SEED, encoding="utf-8") as f:
        plan = yaml.safe_load(f)
    plan["body"] = plan["body"] * times
    return plan


def oneline(scale):
    return json.dumps(seed_json(scale), ensure_ascii=False)


def pretty(scale):
    return json.dumps(seed_json(scale), ensure_ascii=False, indent=1)


def placeholders(scale):
    """One paragraph whose text is `scale` x 10 KB of placeholders."""
    n = scale * 10 * 1024 // len("to be updated xxx ")
    text = "to be updated xxx " * n
    return HEAD + f"body:\n  - paragraph: \"16.1\"\n    text: {text}\n"


def keys(scale):
    """`scale` x 10,000 unexpected top-level keys."""
    return HEAD + "body: []\n" + "".join(f"k{i}: 1\n" for i in range(scale * 10_000))


def dupkeys(scale):
    """`scale` x 200,000 duplicate keys in one mapping (1 MB at scale 1)."""
    return HEAD + "body: []\nextra:\n" + "  a: 1\n" * (scale * 200_000)


def figrefs(scale):
    """`scale` x 5,000 paragraphs that refer to figures (P003)."""
    out = [HEAD, "body:\n"]
    for i in range(scale * 5000):
        out.append(f"  - paragraph: \"16.{i + 1}\"\n    text: Progress is shown below (see figure 16.{i + 1}).\n")
        out.append(f"  - figure: \"16.{i + 1}\"\n    title: Performance measure\n    data: []\n")
    return "".join(out)


def longscalar(scale):
    """One plain scalar of `scale` x 5 MB on one line, with a non-ASCII character."""
    return HEAD + "body:\n  - prose: Côte " + "word " * (scale * 1024 * 1024) + "\n"


def markdown(scale):
    """The Markdown fixture's plan with its body repeated `scale` x 40 times (about 200 KB each)."""
    with open(os.path.join(HERE, "..", "fixtures", "import", "plan.md"), encoding="utf-8") as f:
        text = f.read()
    at = text.index("## Subprogramme")
    return text[:at] + text[at:] * (scale * 40)


def word(scale):
    """A Word plan of `scale` x 2,000 numbered paragraphs and 100 deliverables tables."""
    cell = lambda t: f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>"
    parts = []
    for i in range(scale * 2000):
        parts.append(f"<w:p><w:r><w:t>16.{i + 1} The subprogramme's work contributed to the capacity of "
                     f"Member States, which met the planned target (see table 16.{i // 20 + 1}).</w:t></w:r></w:p>")
        if i % 20 == 19:
            parts.append(f"<w:p><w:r><w:t>Table 16.{i // 20 + 1}</w:t></w:r></w:p>")
            rows = [["Category", "2021 planned", "2021 actual", "2022 planned", "2023 planned"],
                    ["A. Publications (number of publications)", "3", "3", "3", "3"],
                    ["1. On crime", "3", "3", "3", "3"]]
            parts.append("<w:tbl>" + "".join("<w:tr>" + "".join(cell(c) for c in r) + "</w:tr>" for r in rows)
                         + "</w:tbl>")
    return docx({"word/document.xml": f"<w:document {W}><w:body>" + "".join(parts) + "</w:body></w:document>"})


CASES = {
    "oneline": (oneline, "json"),
    "pretty": (pretty, "json"),
    "placeholders": (placeholders, "yaml"),
    "keys": (keys, "yaml"),
    "dupkeys": (dupkeys, "yaml"),
    "figrefs": (figrefs, "yaml"),
    "longscalar": (longscalar, "yaml"),
    "markdown": (markdown, "md"),
    "word": (word, "docx"),
}


def docx(parts):
    """A .docx (zip, deflated) with the given parts."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def zipbomb(mib=250):
    """word/document.xml inflates to `mib` MiB of spaces inside a paragraph."""
    body = f'<w:document {W}><w:body><w:p><w:r><w:t>' + " " * (mib * 1024 * 1024) + "</w:t></w:r></w:p></w:body></w:document>"
    return docx({"word/document.xml": body})


def truncated():
    """word/document.xml whose tags are never closed."""
    return docx({"word/document.xml": f'<w:document {W}><w:body><w:p><w:r><w:t>16.1 The subprogramme'})


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    wanted = sys.argv[2:] or list(CASES) + ["zipbomb", "truncated"]
    for case in wanted:
        if case == "zipbomb":
            open(os.path.join(out, "zipbomb.docx"), "wb").write(zipbomb())
        elif case == "truncated":
            open(os.path.join(out, "truncated.docx"), "wb").write(truncated())
        else:
            fn, ext = CASES[case]
            for scale in (1, 2, 4, 10):
                if case in ("oneline", "pretty") and scale > 4:
                    continue
                data = fn(scale)
                mode = "wb" if isinstance(data, bytes) else "w"
                with open(os.path.join(out, f"{case}-{scale}.{ext}"), mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
                    f.write(data)


if __name__ == "__main__":
    main()
