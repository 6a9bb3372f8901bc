#!/usr/bin/python3
"""The offline book: the executed notebooks as HTML pages, index.html and summary.csv.

The HTML pages and index.html form an offline book: the index lists the chapters (English and Chinese titles from
each notebook's first heading "# N · English · 中文"), run time and status; each page links to the previous and
next chapter and the index, images are embedded, and maths is rendered by a local copy of Debian's MathJax
(libjs-mathjax) in _static/. No page refers to a CDN or any other network address. Every file is written to a
temporary file in its folder and renamed over the old one, so a reader (a browser, the upload of a CI artifact) never
sees a half-written file. run_notebooks.py executes the notebooks and calls this module.
"""
import csv
import html
import io
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from nbconvert import HTMLExporter


MATHJAX_DIR = Path(os.environ.get("DLNOTES_MATHJAX_DIR", "/usr/share/javascript/mathjax"))
REQUIREJS = Path(os.environ.get("DLNOTES_REQUIREJS", "/usr/share/javascript/requirejs/require.min.js"))
# The parts of MathJax 2.7 that the "TeX-AMS_CHTML-full,Safe" configuration loads (about 2 MB of its 54 MB).
MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions", "jax/element",
                 "jax/input/TeX", "jax/output/CommonHTML", "fonts/HTML-CSS/TeX/woff", "fonts/HTML-CSS/TeX/otf",
                 "localization/en"]
STATIC = "_static"
MATHJAX_URL = f"{STATIC}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
REQUIREJS_URL = f"{STATIC}/require.min.js"


UMASK = os.umask(0)
os.umask(UMASK)


def write_file(path, text):
    """Writes text to a temporary file in path's folder and renames it over path (os.replace): a reader sees the old
    file or the new one, never a part of it, also if the runner is stopped or fails while writing."""
    path = Path(path)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(temporary, 0o666 & ~UMASK)  # mkstemp's file is owner-only; the book's files are as before
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def export_html(nb):
    """The notebook as one HTML page with embedded images and local scripts only (see copy_static)."""
    exporter = HTMLExporter(mathjax_url=MATHJAX_URL, require_js_url=REQUIREJS_URL, embed_images=True)
    return exporter.from_notebook_node(nb)[0]


def copy_static(out_dir):
    """Copies MathJax and require.js next to the pages. Returns the problems (empty when all is there)."""
    static = out_dir / STATIC
    problems = []
    if not (MATHJAX_DIR / "MathJax.js").is_file():
        problems.append(f"no MathJax in {MATHJAX_DIR}: the book's maths will show as TeX source. Install it "
                        f"(apt-get install libjs-mathjax) or set DLNOTES_MATHJAX_DIR to a MathJax 2.7 folder")
    else:
        for part in MATHJAX_PARTS:
            source, target = MATHJAX_DIR / part, static / "mathjax" / part
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            elif source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            else:
                problems.append(f"MathJax in {MATHJAX_DIR} lacks {part}")
    if REQUIREJS.is_file():
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REQUIREJS, static / "require.min.js")
    else:
        problems.append(f"no {REQUIREJS}: install it (apt-get install libjs-requirejs) or set DLNOTES_REQUIREJS")
    return problems


TITLE = re.compile(r"^\s*(\d+[a-z]?)\s*·\s*(.+)\s*·\s*(.+?)\s*$")  # the Chinese title is the last part


def split_title(title):
    """'0 · Environment · 环境' -> ('0', 'Environment', '环境'); a title of another form is all English."""
    m = TITLE.match(title)
    return tuple(g.strip() for g in m.groups()) if m else ("", title, "")


BOOK_CSS = """body.dlnotes-index{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}
table.chapters{border-collapse:collapse}table.chapters td,table.chapters th{border-bottom:1px solid #ddd;
padding:.3em .8em;text-align:left}.ok{color:#080}.failed{color:#c00}.not-run{color:#888}
nav.dlnotes-nav{font-family:sans-serif;font-size:14px;display:flex;gap:1.5em;align-items:baseline;flex-wrap:wrap;
padding:.6em 1em;margin:0 0 1em;background:#f5f5f5;border-bottom:1px solid #ddd}
nav.dlnotes-nav.bottom{margin:1em 0 0;border-top:1px solid #ddd;border-bottom:none}
nav.dlnotes-nav .meta{margin-left:auto;color:#555}
div.dlnotes-failure{font-family:sans-serif;font-size:14px;margin:0 0 1em;padding:.6em 1em;background:#fdecea;
border:1px solid #c00;color:#600;white-space:pre-wrap}"""


def status_class(status):
    return status.replace(" ", "-")


def write_index(rows, out_dir, pages=None, fast=False):
    """index.html: one row per chapter with its number, English and Chinese title, cells, run time and status.
    pages: the notebooks whose HTML this run wrote (linked); default all rows that ran."""
    if pages is None:
        pages = {r["notebook"] for r in rows if r["status"] != "not run"}
    lines = []
    for r in rows:
        number, english, chinese = split_title(r["title"])
        name = html.escape(english)
        if r["notebook"] in pages:
            name = f'<a href="{html.escape(r["notebook"])}.html">{name}</a>'
        seconds = f'{r["seconds"]} s' if r["seconds"] != "" else ""
        status = html.escape(r["status"])
        if r.get("error"):
            status += f'<br><span class="error">{html.escape(r["error"])}</span>'
        lines.append(f'<tr><td>{html.escape(number)}</td><td>{name}</td><td lang="zh">{html.escape(chinese)}</td>'
                     f'<td>{r["cells"]}</td><td>{seconds}</td><td>{r.get("kernel_starts", "")}</td>'
                     f'<td class="{status_class(r["status"])}">{status}</td></tr>')
    failed = sum(1 for r in rows if r["status"] == "failed")
    verdict = (f'<p class="failed">{failed} of {len(rows)} notebooks failed.</p>' if failed
               else f'<p class="ok">All {len(rows)} notebooks ran without an error.</p>')
    mode = "fast" if fast else "full"
    write_file(out_dir / "index.html", f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>dlnotes notebooks</title>
<style>{BOOK_CSS}</style>
</head><body class="dlnotes-index"><h1>dlnotes notebooks</h1>
<p>Deep learning in Java, from Jupyter: the executed notebooks. Executed {time.strftime("%Y-%m-%d %H:%M UTC",
        time.gmtime())} in {mode} mode.</p>
{verdict}
<table class="chapters"><tr><th>#</th><th>chapter</th><th>章节</th><th>code cells</th><th>run time</th>
<th>kernel starts</th><th>status</th></tr>
{chr(10).join(lines)}
</table></body></html>
""")


def nav_html(row, previous, following, where):
    """The navigation bar of one page: previous, index, next, and the chapter's run time and status."""
    def link(r, rel, arrow_left):
        if r is None:
            return f'<span class="{rel}"></span>'
        title = html.escape(split_title(r["title"])[1])
        text = f"← {title}" if arrow_left else f"{title} →"
        return f'<a class="{rel}" rel="{rel}" href="{html.escape(r["notebook"])}.html">{text}</a>'
    starts = row.get("kernel_starts")
    restarts = f" · kernel started {starts} times" if starts not in (None, "", 1) else ""
    bar = (f'<nav class="dlnotes-nav {where}">{link(previous, "prev", True)}'
           f'<a class="index" href="index.html">Index · 目录</a>{link(following, "next", False)}'
           f'<span class="meta">run time {row["seconds"]} s{restarts} · status '
           f'<span class="status {status_class(row["status"])}">{html.escape(row["status"])}</span></span></nav>')
    if where == "top" and row.get("failure"):
        bar += f'<div class="dlnotes-failure" role="alert">This notebook failed: {html.escape(row["failure"])}</div>'
    return bar


BODY_OPEN = re.compile(r"<body[^>]*>")


def write_navigation(rows, out_dir, pages):
    """Adds previous/next/index links, run time and status to each page this run wrote."""
    chain = [r for r in rows if r["notebook"] in pages]
    for i, row in enumerate(chain):
        page = out_dir / f"{row['notebook']}.html"
        text = page.read_text(encoding="utf-8")
        previous = chain[i - 1] if i > 0 else None
        following = chain[i + 1] if i + 1 < len(chain) else None
        text = text.replace("</head>", f"<style>{BOOK_CSS}</style>\n</head>", 1)
        opening = BODY_OPEN.search(text)
        if opening is None or "</body>" not in text:
            raise RuntimeError(f"{page}: no <body> in nbconvert's output; cannot add the navigation")
        text = (text[:opening.end()] + nav_html(row, previous, following, "top") + text[opening.end():])
        cut = text.rindex("</body>")
        text = text[:cut] + nav_html(row, previous, following, "bottom") + text[cut:]
        write_file(page, text)


def write_summary(rows, out_dir):
    fields = ["notebook", "title", "cells", "seconds", "first_result_s", "kernel_starts", "status", "error"]
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    write_file(out_dir / "summary.csv", text.getvalue())
    width = max(len(r["notebook"]) for r in rows)
    print(f"\n{'notebook':<{width}}  cells  seconds  first result (s)  kernel starts  status")
    for r in rows:
        print(f"{r['notebook']:<{width}}  {r['cells']:>5}  {r['seconds']:>7}  {r['first_result_s']:>16}  "
              f"{r.get('kernel_starts', ''):>13}  {r['status']}")
