#!/usr/bin/python3
"""Execute the dlnotes notebooks headlessly with Jupyter's nbclient.

Runs every notebook in notebooks/ in name order (or the ones named), each in a fresh kernel, with a per-cell
timeout. Writes the executed notebooks, their HTML, an index.html and summary.csv to the output folder
(default target/notebooks/). The first failing cell stops the run with exit status 1 and a message naming the
notebook, the cell and the Java exception.

Usage: run_notebooks.py [--fast] [--timeout SECONDS] [--kernel NAME] [--out DIR] [NOTEBOOK ...]
  NOTEBOOK is a file name with or without .ipynb (e.g. 00-environment) or a path to a notebook.
"""
import argparse
import csv
import html
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbconvert.preprocessors.coalescestreams import coalesce_streams

REPO = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")
JAVA_EXCEPTION = re.compile(r"\b((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable))\b(?::\s*(.*))?")


class NotebookFailure(Exception):
    """A cell failed; the message names the notebook, the cell and the exception."""


def resolve(names, notebooks_dir):
    """The notebooks to run, in name order when none are named."""
    if not names:
        found = sorted(notebooks_dir.glob("*.ipynb"))
        if not found:
            raise SystemExit(f"no notebooks in {notebooks_dir}")
        return found
    paths = []
    for name in names:
        candidates = [Path(name), notebooks_dir / name, notebooks_dir / f"{name}.ipynb"]
        path = next((p for p in candidates if p.is_file() and p.suffix == ".ipynb"), None)
        if path is None:
            known = ", ".join(p.stem for p in sorted(notebooks_dir.glob("*.ipynb")))
            raise SystemExit(f"no notebook '{name}' (looked in {notebooks_dir}); known: {known}")
        paths.append(path.resolve())
    return paths


def title_of(nb, fallback):
    """The first markdown heading of the notebook."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def java_exception(ename, evalue, traceback):
    """The Java exception as 'class: message', read from the kernel's traceback where it has one."""
    text = ANSI.sub("", "\n".join(traceback) if isinstance(traceback, list) else str(traceback or ""))
    for line in text.splitlines():
        m = JAVA_EXCEPTION.search(line)
        if m:
            return line.strip()
    return f"{ename}: {evalue}"


START_ATTEMPTS = 3


def execute(path, out_dir, kernel, timeout):
    """Runs one notebook; returns its summary row. Raises NotebookFailure on the first failing cell."""
    out_dir.mkdir(parents=True, exist_ok=True)
    log_path = out_dir / f"{path.stem}.kernel.log"
    start = time.monotonic()
    with open(log_path, "w") as kernel_log:
        for attempt in range(1, START_ATTEMPTS + 1):
            nb = nbformat.read(path, as_version=4)
            state = {"cell": None, "first_result": None, "started": False}

            def on_notebook_start(notebook):
                state["started"] = True

            def on_cell_execute(cell, cell_index):
                state["cell"] = cell_index

            def on_cell_executed(cell, cell_index, execute_reply):
                if state["first_result"] is None:
                    state["first_result"] = time.monotonic() - start

            client = NotebookClient(
                nb, timeout=timeout, kernel_name=kernel, allow_errors=False, startup_timeout=30,
                resources={"metadata": {"path": str(path.parent)}}, on_notebook_start=on_notebook_start,
                on_cell_execute=on_cell_execute, on_cell_executed=on_cell_executed)
            failure = None
            try:
                client.execute(stdout=kernel_log, stderr=kernel_log)
            except CellExecutionError as e:
                failure = describe_failure(path, nb, state["cell"], java_exception(e.ename, e.evalue, e.traceback))
            except CellTimeoutError:
                failure = describe_failure(path, nb, state["cell"],
                                           f"no result within {timeout} s (raise it with --timeout)")
            except DeadKernelError as e:
                failure = describe_failure(path, nb, state["cell"],
                                           f"the kernel died ({e}); see {log_path}")
            except RuntimeError as e:
                if state["started"]:
                    raise
                # The kernel did not come up (see environment/KernelLauncher.java): start a fresh one.
                kernel_log.write(f"\n[run_notebooks] kernel start {attempt} failed: {e}\n")
                kernel_log.flush()
                if attempt == START_ATTEMPTS:
                    raise NotebookFailure(
                        f"{path.name}: the '{kernel}' kernel did not start in {START_ATTEMPTS} attempts ({e}); "
                        f"see {log_path} and run environment/dlnotes setup",
                        row_for(path, nb, start, None, "failed"))
                print(f"  kernel start failed ({e}); retrying", flush=True)
                continue
            break
    coalesce_streams(nb, {})  # one stream output per cell instead of one per flush
    nbformat.write(nb, out_dir / path.name)
    (out_dir / f"{path.stem}.html").write_text(HTMLExporter().from_notebook_node(nb)[0], encoding="utf-8")
    row = row_for(path, nb, start, state["first_result"], "failed" if failure else "ok")
    if failure:
        raise NotebookFailure(failure, row)
    return row


def row_for(path, nb, start, first_result, status):
    return {"notebook": path.stem, "title": title_of(nb, path.stem),
            "cells": sum(1 for c in nb.cells if c.cell_type == "code"),
            "seconds": round(time.monotonic() - start, 1),
            "first_result_s": round(first_result, 1) if first_result else "", "status": status}


def describe_failure(path, nb, cell_index, exception):
    cell = nb.cells[cell_index] if cell_index is not None else None
    where = "a cell"
    if cell is not None:
        code_number = sum(1 for c in nb.cells[:cell_index + 1] if c.cell_type == "code")
        where = f"cell {cell_index + 1} (code cell {code_number})"
        source = "\n".join("    | " + line for line in cell.source.splitlines()[:8])
        return f"{path.name}: {where} failed with {exception}\n{source}"
    return f"{path.name}: {where} failed with {exception}"


def fast_mode():
    """Mirrors org.dlnotes.notebook.FastMode: DLNOTES_FAST decides; unset, CI=true means fast."""
    value = os.environ.get("DLNOTES_FAST", "").strip().lower()
    if not value:
        return os.environ.get("CI", "").strip().lower() == "true"
    return value in ("1", "true", "yes", "on")


def write_index(rows, out_dir):
    body = "\n".join(
        f'<tr><td><a href="{html.escape(r["notebook"])}.html">{html.escape(r["title"])}</a></td>'
        f'<td>{r["cells"]}</td><td>{r["seconds"]}</td><td class="{r["status"]}">{r["status"]}</td></tr>'
        for r in rows)
    mode = "fast" if fast_mode() else "full"
    (out_dir / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>dlnotes notebooks</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #ddd;padding:.3em .8em;text-align:left}}.ok{{color:#080}}.failed{{color:#c00}}</style>
</head><body><h1>dlnotes notebooks</h1>
<p>Executed {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())} in {mode} mode.</p>
<table><tr><th>notebook</th><th>code cells</th><th>seconds</th><th>status</th></tr>
{body}
</table></body></html>
""", encoding="utf-8")


def write_summary(rows, out_dir):
    fields = ["notebook", "title", "cells", "seconds", "first_result_s", "status"]
    with open(out_dir / "summary.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    width = max(len(r["notebook"]) for r in rows)
    print(f"\n{'notebook':<{width}}  cells  seconds  first result (s)  status")
    for r in rows:
        print(f"{r['notebook']:<{width}}  {r['cells']:>5}  {r['seconds']:>7}  {r['first_result_s']:>16}  {r['status']}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: all, in name order)")
    parser.add_argument("--fast", action="store_true", help="fast mode: sets DLNOTES_FAST=1 for the kernels")
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("DLNOTES_CELL_TIMEOUT", 900)),
                        help="seconds a cell may run (default 900, or DLNOTES_CELL_TIMEOUT)")
    parser.add_argument("--kernel", default=os.environ.get("DLNOTES_KERNEL", "java"),
                        help="kernelspec name (default: java, or DLNOTES_KERNEL)")
    parser.add_argument("--notebooks-dir", type=Path, default=REPO / "notebooks")
    parser.add_argument("--out", type=Path, default=REPO / "target" / "notebooks")
    args = parser.parse_args(argv)
    if args.fast:
        os.environ["DLNOTES_FAST"] = "1"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    paths = resolve(args.notebooks, args.notebooks_dir.resolve())
    rows, failure = [], None
    for path in paths:
        if failure:
            rows.append({"notebook": path.stem, "title": path.stem, "cells": "", "seconds": "",
                         "first_result_s": "", "status": "not run"})
            continue
        print(f"running {path.name} ...", flush=True)
        try:
            rows.append(execute(path, args.out, args.kernel, args.timeout))
        except NotebookFailure as e:
            failure, row = e.args
            rows.append(row)
    write_summary(rows, args.out)
    write_index(rows, args.out)
    print(f"\nexecuted notebooks and HTML: {args.out}/index.html")
    if failure:
        print(f"\nFAILED {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
