#!/usr/bin/env bash
# `plan-lint annotate` read by real Word readers. Run by .ci/run.
#  1. python-docx reads the annotated copy of every fascicle of ../shared (2026 corpus and 2027
#     sample): one comment per finding, at its place; the documents' own comments kept; the other
#     parts identical (tests/annotate_check.py).
#  2. LibreOffice converts an annotated fascicle to PDF with the comments in the margin, and
#     pdftoppm renders the page of a subtotal's comment to PNG (kept in target/e2e/annotate/).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared="$here/../shared"

# python-docx reads comments from 1.2 on.
if ! python3 -c 'import docx, sys; sys.exit(tuple(map(int, docx.__version__.split(".")[:2])) < (1, 2))' 2>/dev/null; then
  python3 -m pip install -q 'python-docx>=1.2'
fi
# Comments in the margin of a PDF need LibreOffice 7.5 or later with its full (not -nogui) core;
# on Debian 12 that is in bookworm-backports.
lo_ok() {
  dpkg -s libreoffice-writer >/dev/null 2>&1 && command -v pdftoppm >/dev/null &&
    soffice --version 2>/dev/null | grep -qE 'LibreOffice (7\.[5-9]|[89]\.|[1-9][0-9]\.)'
}
if ! lo_ok; then
  release=()
  if grep -qs 'VERSION_CODENAME=bookworm' /etc/os-release; then
    if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
      printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        > /etc/apt/sources.list.d/bookworm-backports.sources
    fi
    release=(-t bookworm-backports)
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${release[@]}" \
    libreoffice-writer poppler-utils fonts-dejavu-core >/dev/null
fi

cargo build --quiet --manifest-path "$here/Cargo.toml"
# The binary cargo just built, wherever the target directory is (CARGO_TARGET_DIR too).
target_dir=$(bash "$here/tests/metadata.sh" target_directory)
bin="$target_dir/debug/plan-lint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$here/tests/annotate_check.py" --bin "$bin" --out "$work/annotated" \
  "$shared"/corpus/ppb2026/*.docx "$shared"/corpus/ppb2027-sample/*.docx

# LibreOffice: table 11.6 of A/80/6 (Sect. 11) says 5 publications for 2026 where its items sum to 6.
copy="$work/annotated/A_80_6_Sect.11.annotated.docx"
timeout 300 soffice --headless --norestore "-env:UserInstallation=file://$work/lo-profile" \
  --convert-to 'pdf:writer_pdf_Export:{"ExportNotesInMargin":{"type":"boolean","value":"true"}}' \
  --outdir "$work" "$copy" >/dev/null 2>&1
pdf="$work/A_80_6_Sect.11.annotated.pdf"
[ -s "$pdf" ] || { echo "LibreOffice wrote no PDF for $copy" >&2; exit 1; }
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
page=""
for p in $(seq 1 "$pages"); do
  if pdftotext -f "$p" -l "$p" "$pdf" - 2>/dev/null | tr '\n' ' ' | grep -q 'P001 total-mismatch (error)'; then
    page=$p
    break
  fi
done
[ -n "$page" ] || { echo "no page of $pdf shows the P001 comment in its margin" >&2; exit 1; }
text=$(pdftotext -f "$page" -l "$page" -layout "$pdf" - 2>/dev/null)
for want in 'plan-lint' 'should be 6: items summed' 'Publications'; do
  grep -q "$want" <<<"$text" || { echo "page $page of $pdf lacks “$want”" >&2; exit 1; }
done
mkdir -p "$target_dir/e2e/annotate"
png="$target_dir/e2e/annotate/sect11-page$page"
pdftoppm -f "$page" -l "$page" -r 80 -png -singlefile "$pdf" "$png" 2>/dev/null
[ -s "$png.png" ] || { echo "pdftoppm rendered nothing" >&2; exit 1; }
echo "LibreOffice $(soffice --version | awk '{print $2}'): page $page of the annotated A/80/6 (Sect. 11) shows the P001 comment in the margin: $png.png"
