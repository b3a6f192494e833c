#!/usr/bin/env python3
"""Fail when checking grows faster than the input (issues 11 and 14).

usage: scaling.py PLAN_LINT_BINARY [CASE...]

Each case of hostile.py is checked at 1x and 10x its size (best of 3 runs each); the run fails
when the 10x input takes more than 20 times as long as the 1x one (linear growth is 10x; a
quadratic path is 100x). The one-line JSON seed must also cost no more than 1.5x its pretty form.
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile  # noqa: E402

# case: (base scale, what it exercises)
CASES = {
    "placeholders": (20, "P002 on placeholders in one long scalar (200 KB)"),
    "figrefs": (1, "P003: 5,000 paragraphs that refer to figures"),
    "keys": (1, "10,000 unexpected top-level keys"),
    "dupkeys": (1, "200,000 duplicate keys"),
    "longscalar": (1, "a 5 MB one-line scalar"),
    "oneline": (1, "the seed as one-line JSON (157 KB)"),
    "markdown": (1, "Markdown import (90 KB)"),
    "word": (1, "Word import (2,000 paragraphs)"),
}
LIMIT = 20.0


def best(binary, path, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run([binary, "check", "--format", "concise", path], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t)
        if r.returncode not in (0, 1):
            sys.exit(f"{path}: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
    return min(times)


def write(folder, case, scale):
    fn, ext = hostile.CASES[case]
    data = fn(scale)
    path = os.path.join(folder, f"{case}-{scale}.{ext}")
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def main():
    binary = sys.argv[1]
    wanted = sys.argv[2:] or list(CASES)
    failed = []
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'case':<13} {'1x':>9} {'10x':>9} {'growth':>7}  what")
        for case in wanted:
            base, what = CASES[case]
            small, large = write(folder, case, base), write(folder, case, base * 10)
            t1, t10 = best(binary, small), best(binary, large)
            growth = t10 / t1
            mark = "" if growth <= LIMIT else "  <- above linear"
            print(f"{case:<13} {t1 * 1000:>7.0f}ms {t10 * 1000:>7.0f}ms {growth:>6.1f}x  {what}{mark}")
            if growth > LIMIT:
                failed.append(case)
            os.remove(large)
        if not sys.argv[2:] or "oneline" in wanted:
            one, pretty = write(folder, "oneline", 4), write(folder, "pretty", 4)
            t_one, t_pretty = best(binary, one), best(binary, pretty)
            ratio = t_one / t_pretty
            print(f"one-line JSON (620 KB) {t_one * 1000:.0f}ms vs pretty {t_pretty * 1000:.0f}ms: {ratio:.2f}x")
            if ratio > 1.5:
                failed.append("oneline vs pretty")
    if failed:
        sys.exit(f"grows faster than the input: {', '.join(failed)}")


if __name__ == "__main__":
    main()
