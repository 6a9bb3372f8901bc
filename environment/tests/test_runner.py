"""The headless runner against the real kernel: a failing cell is reported by notebook, cell and Java exception, and
the run goes on to build the whole book (or stops with --fail-fast);
the 00 notebook's executed copy holds an HTML table and a PNG chart."""
import csv
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from test_book import broken_local, non_local

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "environment" / "run_notebooks.py"
KERNELSPEC = {"name": "java", "display_name": "Java (dlnotes)", "language": "java"}


def run(*args):
    return subprocess.run([sys.executable, str(RUNNER), *args], capture_output=True, text=True, timeout=600)


class Runner(unittest.TestCase):

    def write_broken_and_after(self, tmp):
        cells = [new_markdown_cell("# broken"),
                 new_code_cell("int answer = 6 * 7;"),
                 new_code_cell('if (answer == 42) throw new IllegalStateException("checked " + answer);'),
                 new_code_cell("answer")]
        nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC}), tmp / "01-broken.ipynb")
        nbformat.write(new_notebook(cells=[new_markdown_cell("# after"), new_code_cell("1 + 1")],
                                    metadata={"kernelspec": KERNELSPEC}), tmp / "02-after.ipynb")

    def test_book_is_built_past_a_failing_notebook_and_names_the_failure(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            self.write_broken_and_after(tmp)
            result = run("--notebooks-dir", str(tmp), "--out", str(tmp / "out"))
            self.assertEqual(1, result.returncode, result.stdout + result.stderr)
            self.assertIn("1 of 2 notebooks failed:", result.stderr)
            self.assertIn("FAILED 01-broken.ipynb: cell 3 (code cell 2) failed with "
                          "java.lang.IllegalStateException: checked 42", result.stderr)
            with open(tmp / "out" / "summary.csv") as f:
                rows = {row["notebook"]: row for row in csv.DictReader(f)}
            self.assertEqual({"01-broken": "failed", "02-after": "ok"}, {k: r["status"] for k, r in rows.items()})
            self.assertEqual("cell 3 (code cell 2) failed with java.lang.IllegalStateException: checked 42",
                             rows["01-broken"]["error"])
            self.assertEqual({"1"}, {r["kernel_starts"] for r in rows.values()})
            executed = nbformat.read(tmp / "out" / "01-broken.ipynb", as_version=4)
            self.assertEqual("error", executed.cells[2].outputs[-1].output_type)
            # the failed page says where and why; the notebook after it ran and is linked from it
            page = (tmp / "out" / "01-broken.html").read_text()
            self.assertIn('status <span class="status failed">failed</span>', page)
            self.assertIn("This notebook failed: 01-broken.ipynb: cell 3 (code cell 2) failed with "
                          "java.lang.IllegalStateException: checked 42", page)
            self.assertIn('rel="next" href="02-after.html"', page)
            self.assertIn("2", str(nbformat.read(tmp / "out" / "02-after.ipynb", as_version=4).cells[1].outputs))
            index = (tmp / "out" / "index.html").read_text()
            self.assertIn("1 of 2 notebooks failed.", index)
            self.assertIn('<a href="01-broken.html">broken</a>', index)
            self.assertIn('<a href="02-after.html">after</a>', index)
            self.assertIn('<td class="failed">failed<br><span class="error">cell 3 (code cell 2)', index)

    def test_fail_fast_stops_at_the_first_failing_notebook(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            self.write_broken_and_after(tmp)
            result = run("--fail-fast", "--notebooks-dir", str(tmp), "--out", str(tmp / "out"))
            self.assertEqual(1, result.returncode, result.stdout + result.stderr)
            with open(tmp / "out" / "summary.csv") as f:
                status = {row["notebook"]: row["status"] for row in csv.DictReader(f)}
            self.assertEqual({"01-broken": "failed", "02-after": "not run"}, status)
            self.assertFalse((tmp / "out" / "02-after.html").exists())
            index = (tmp / "out" / "index.html").read_text()
            self.assertIn('<td>02-after</td>', index)
            self.assertNotIn('href="02-after.html"', index)
            self.assertIn('<td class="not-run">not run</td>', index)

    def test_unknown_notebook_name_is_a_clear_error(self):
        result = run("99-no-such-notebook")
        self.assertNotEqual(0, result.returncode)
        self.assertIn("no notebook '99-no-such-notebook'", result.stderr)
        self.assertIn("00-environment", result.stderr)

    def test_environment_notebook_shows_an_html_table_and_a_png_chart(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = run("--fast", "--out", tmp, "00-environment")
            self.assertEqual(0, result.returncode, result.stdout + result.stderr)
            nb = nbformat.read(Path(tmp) / "00-environment.ipynb", as_version=4)
            mimes = [mime for cell in nb.cells if cell.cell_type == "code"
                     for out in cell.outputs for mime in out.get("data", {})]
            self.assertIn("text/html", mimes)
            self.assertIn("image/png", mimes)
            html = (Path(tmp) / "00-environment.html").read_text()
            self.assertIn("<table", html)
            self.assertIn("data:image/png;base64,", html)
            self.assertIn("00-environment.html", (Path(tmp) / "index.html").read_text())
            # the book's page: both charts embedded, nothing fetched from the network, navigation in place
            self.assertGreaterEqual(html.count('src="data:image/png;base64,'), 2, "history and confusion charts")
            self.assertEqual([], non_local(html))
            self.assertEqual([], broken_local(Path(tmp) / "00-environment.html"))
            self.assertIn('<a class="index" href="index.html">', html)
            self.assertIn('<td lang="zh">环境</td>', (Path(tmp) / "index.html").read_text())


class Setup(unittest.TestCase):

    def test_old_java_is_refused_with_a_clear_message(self):
        with tempfile.TemporaryDirectory() as jdk:
            java = Path(jdk) / "bin" / "java"
            java.parent.mkdir()
            java.write_text("#!/bin/sh\necho '    java.specification.version = 11' >&2\n")
            java.chmod(0o755)
            result = subprocess.run([str(REPO / "environment" / "setup.sh")], capture_output=True, text=True,
                                    timeout=60, env=dict(os.environ, JAVA_HOME=jdk))
        self.assertEqual(1, result.returncode)
        self.assertIn("Java 17 or newer is needed", result.stderr)
        self.assertIn("Set JAVA_HOME to a JDK 17+", result.stderr)

    def test_a_thread_count_that_is_not_a_number_is_refused_before_anything_is_built(self):
        result = subprocess.run([str(REPO / "environment" / "setup.sh")], capture_output=True, text=True,
                                timeout=60, env=dict(os.environ, DLNOTES_THREADS_PER_OP="two"))
        self.assertEqual(1, result.returncode)
        self.assertIn("DLNOTES_THREADS_PER_OP must be a whole number", result.stderr)
        self.assertIn("not 'two'", result.stderr)
        self.assertNotIn("library", result.stdout, "nothing is built first")

    def test_second_run_finds_everything_up_to_date(self):
        result = subprocess.run([str(REPO / "environment" / "setup.sh")], capture_output=True, text=True,
                                timeout=600, env=dict(os.environ))
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        self.assertIn("library up to date", result.stdout)
        self.assertIn(f"kernelspec '{os.environ.get('DLNOTES_KERNEL', 'java')}' up to date", result.stdout)


if __name__ == "__main__":
    unittest.main()
