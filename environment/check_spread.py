#!/usr/bin/python3
"""The spread of every notebook check over several executed books, to set full-mode bounds from more than one run.

Reads the lines that org.dlnotes.core.Checks prints ("✓ WHAT VALUE ≥ BOUND", "✓ WHAT VALUE ≤ BOUND",
"✓ WHAT VALUE ≈ EXPECTED (± TOL)") from the executed notebooks of each book folder (target/notebooks/ of separate
runs) and prints, per notebook and check, the lowest and highest value, the bound, and the margin: how far the
worst run stayed from the bound, relative to the bound's size.

Usage: check_spread.py BOOK_DIR BOOK_DIR [...] [--tsv FILE]
"""
import argparse
import json
import re
import sys
from pathlib import Path

CHECK = re.compile(r"^[✓✗] (?P<what>.+?) (?P<value>-?[0-9.]+(?:e[-+]?\d+)?) (?P<rel>[≥≤]) (?P<bound>-?[0-9.]+(?:e[-+]?\d+)?)$")


def checks(notebook):
    """{what: (value, relation, bound)} for the ≥/≤ checks printed in an executed notebook."""
    found = {}
    for cell in json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            text = output.get("text", "")
            for line in ("".join(text) if isinstance(text, list) else text).splitlines():
                m = CHECK.match(line.strip())
                if m:
                    found[m["what"]] = (float(m["value"]), m["rel"], float(m["bound"]))
    return found


def spread(books):
    """Rows (notebook, check, runs, lowest, highest, relation, bound, margin) over the books' executed notebooks."""
    per = {}
    for book in books:
        for notebook in sorted(Path(book).glob("*.ipynb")):
            for what, (value, rel, bound) in checks(notebook).items():
                per.setdefault((notebook.stem, what), []).append((value, rel, bound))
    rows = []
    for (notebook, what), seen in sorted(per.items()):
        values = [v for v, _, _ in seen]
        rel, bound = seen[-1][1], seen[-1][2]
        worst = min(values) if rel == "≥" else max(values)
        margin = (worst - bound if rel == "≥" else bound - worst) / max(abs(bound), 1e-12)
        rows.append((notebook, what, len(values), min(values), max(values), rel, bound, margin))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("books", nargs="+", type=Path)
    parser.add_argument("--tsv", type=Path, help="also write the rows as tab-separated values")
    args = parser.parse_args(argv)
    missing = [b for b in args.books if not any(b.glob("*.ipynb"))]
    if missing:
        parser.error(f"no executed notebooks in {', '.join(map(str, missing))}; run environment/dlnotes notebooks")
    rows = spread(args.books)
    print(f"{'notebook':<28} {'runs':>4} {'lowest':>10} {'highest':>10}   {'bound':>10} {'margin':>7}  check")
    for notebook, what, runs, low, high, rel, bound, margin in rows:
        flag = "  <-- within 5 % of its bound" if margin < 0.05 else ""
        print(f"{notebook:<28} {runs:>4} {low:>10.4g} {high:>10.4g} {rel} {bound:>10.4g} {margin:>7.1%}  {what}{flag}")
    if args.tsv:
        with open(args.tsv, "w", encoding="utf-8") as f:
            f.write("notebook\tcheck\truns\tlowest\thighest\trelation\tbound\tmargin\n")
            for row in rows:
                f.write("\t".join(map(str, row)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
