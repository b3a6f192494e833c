#!/usr/bin/env python3
"""Write a large, realistic plan for benchmarks: N subprogrammes, each with paragraphs,
a performance-measure figure and a deliverables table. One table in ten carries a wrong
subtotal and one paragraph in ten a placeholder, so the run also renders findings.

usage: gen_large_plan.py SUBPROGRAMMES > plan.yaml   (75 subprogrammes is about 2.1 MB)
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
out = []
w = out.append
w("document:\n  symbol: A/80/6 (Sect. 99)\n  title: Proposed programme budget for 2026\n")
w("  section: {number: 99, title: Benchmark section}\n  plan_year: 2026\n  performance_year: 2024\n")
w("contents:\n")
for s in range(1, n + 1):
    w(f"  - text: Subprogramme {s}. Countering transnational organized crime, part {s}\n    target: sp{s}\n")
w("body:\n")
para = 0
table = 0
figure = 0
lorem = ("The subprogramme's work contributed to enhancing national police forces' capacity to analyse "
         "digital media for over 2,000 criminal cases per year, which met the planned target, in Côte d'Ivoire "
         "and elsewhere – with Member States, regional entities and other partners. ")
for s in range(1, n + 1):
    w(f"  - heading: Subprogramme {s} Countering transnational organized crime, part {s}\n    id: sp{s}\n")
    for _ in range(20):
        para += 1
        extra = " The exact number will be available towards the end of the year." if para % 10 == 0 else ""
        w(f"  - paragraph: \"99.{para}\"\n    text: >-\n")
        for _ in range(3):
            w(f"      {lorem}\n")
        w(f"      Progress is presented in the performance measure below (see figure 99.{figure + 1}).{extra}\n")
    figure += 1
    w(f"  - figure: \"99.{figure}\"\n    title: \"Performance measure: Number of States assisted (cumulative)\"\n")
    w("    unit: number of States\n    data:\n")
    for y, (p, a) in zip(range(2022, 2027), [(None, 10), (None, 14), (18, 19), (22, None), (25, None)]):
        fields = [f"year: {y}"] + ([f"planned: {p}"] if p else []) + ([f"actual: {a}"] if a else [])
        w("      - {" + ", ".join(fields) + "}\n")
    para += 1
    table += 1
    w(f"  - paragraph: \"99.{para}\"\n    text: Table 99.{table} lists all deliverables of the subprogramme.\n")
    w(f"  - table: \"99.{table}\"\n    title: \"Subprogramme {s}: deliverables for the period 2024–2026, by category and subcategory\"\n")
    w("    kind: deliverables\n    columns: [2024 planned, 2024 actual, 2025 planned, 2026 planned]\n    rows:\n")
    for c, cat in enumerate(["A. Facilitation of the intergovernmental process and expert bodies",
                             "B. Generation and transfer of knowledge"]):
        w(f"      - category: {cat}\n")
        for g in range(4):
            items = [[(i + g + c) % 7 + 1, (i * 3 + g) % 5 + 1, "–", (i + 1) % 4 + 1] for i in range(6)]
            total = [sum(0 if v == "–" else v for v in col) for col in zip(*items)]
            if table % 10 == 0 and g == 0:
                total[1] += 1
            w(f"      - subcategory: Parliamentary documentation {g}\n        unit: number of documents\n")
            w(f"        values: [{', '.join(str(t) for t in total)}]\n")
            for i, vals in enumerate(items):
                w(f"      - item: {c * 24 + g * 6 + i + 1}. The Conference of the Parties to the Convention against Transnational Organized Crime, session {i}\n")
                w(f"        values: [{', '.join(str(v) for v in vals)}]\n")
sys.stdout.write("".join(out))
