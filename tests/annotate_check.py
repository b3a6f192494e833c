"""Read `plan-lint annotate` copies with python-docx, as a reviewer's tools would.

For each Word document given: annotate it; the original must be unchanged; python-docx must open
the copy and find one comment by "plan-lint" per finding of `plan-lint check --format json`, in
order, each saying the rule and the message, each with its range and reference in the body; the
document's own comments kept as they were; every other part of the package identical. A
subtotal's comment must cover the printed total. Run by tests/annotate_e2e.sh.
"""

import argparse
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

CHANGED = {"word/document.xml", "word/comments.xml"}
NEW_COMMENTS_PART = {"[Content_Types].xml", "word/_rels/document.xml.rels"}


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def covered_text(document):
    """The text each comment range of the body covers, by id, and the ids referenced."""
    covered, open_ids, referenced = {}, set(), set()
    for el in document.element.body.iter():
        if el.tag == qn("w:commentRangeStart"):
            i = el.get(qn("w:id"))
            covered[i] = ""
            open_ids.add(i)
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(el.get(qn("w:id")))
        elif el.tag == qn("w:commentReference"):
            referenced.add(el.get(qn("w:id")))
        elif el.tag == qn("w:t"):
            for i in open_ids:
                covered[i] += el.text or ""
    return covered, referenced


def check_one(binary, path, out_dir):
    out = out_dir / (path.stem + ".annotated.docx")
    before = sha(path)
    run = subprocess.run([binary, "check", "--format", "json", str(path)], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise AssertionError(f"{path}: check failed: {run.stderr}")
    findings = json.loads(run.stdout)
    run = subprocess.run([binary, "annotate", str(path), "-o", str(out)], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise AssertionError(f"{path}: annotate failed: {run.stderr}")
    assert sha(path) == before, f"{path}: the original changed"

    original, annotated = docx.Document(str(path)), docx.Document(str(out))
    own = {c.comment_id: (c.author, c.text) for c in original.comments}
    after = {c.comment_id: c for c in annotated.comments}
    for cid, (author, text) in own.items():
        assert cid in after and (after[cid].author, after[cid].text) == (author, text), f"{path}: comment {cid} lost"
    ours = sorted((c for c in annotated.comments if c.author == "plan-lint"), key=lambda c: c.comment_id)
    assert len(ours) == len(findings), f"{path}: {len(ours)} comments for {len(findings)} findings"
    assert not own or not ours or min(c.comment_id for c in ours) > max(own), f"{path}: ids collide"
    covered, referenced = covered_text(annotated)
    for c, f in zip(ours, findings):
        first = c.text.split("\n")[0]
        expected = f"{f['rule']} {f['name']} ({f['severity']}): {f['message']}"
        assert " ".join(first.split()) == " ".join(expected.split()), f"{path}: comment {c.comment_id} says {first!r}, not {expected!r}"
        assert str(c.comment_id) in covered and str(c.comment_id) in referenced, f"{path}: comment {c.comment_id} has no range"
        total = re.search(r"the total is (\S+) but", f["message"])
        if f["rule"] == "P001" and total:
            text = covered[str(c.comment_id)].replace("\u00a0", " ")
            # A total printed as a dash is 0.
            on_total = total.group(1) in text or (total.group(1) == "0" and text.strip() in "–—-")
            assert on_total, f"{path}: P001 comment on {text!r}, not the total"

    a, b = zipfile.ZipFile(path), zipfile.ZipFile(out)
    assert a.namelist() == b.namelist()[: len(a.namelist())], f"{path}: the parts were reordered"
    new = set(b.namelist()) - set(a.namelist())
    assert new <= {"word/comments.xml"}, f"{path}: unexpected new parts {new}"
    allowed = CHANGED | (NEW_COMMENTS_PART if new else set())
    for name in a.namelist():
        if name not in allowed:
            assert a.read(name) == b.read(name), f"{path}: {name} changed"
            ia, ib = a.getinfo(name), b.getinfo(name)
            assert (ia.compress_type, ia.CRC, ia.compress_size) == (ib.compress_type, ib.CRC, ib.compress_size)
    return len(findings), len(own)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("documents", nargs="+")
    args = parser.parse_args()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    comments = own = 0
    for d in args.documents:
        n, o = check_one(args.bin, Path(d), out_dir)
        comments += n
        own += o
    print(f"python-docx {docx.__version__}: {len(args.documents)} annotated documents, {comments} plan-lint comments, {own} of the documents' own comments kept")


if __name__ == "__main__":
    sys.exit(main())
