"""The headless runner (environment/run_notebooks.py) when things go wrong around it: SIGTERM or SIGINT stops the run
and shuts its kernel down; a per-cell timeout of 0 or less is refused; a kernelspec whose JDK is gone gives a clear
message and a book with the notebook marked failed; the files of the book are replaced whole, never rewritten in
place."""
import csv
import html
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "environment" / "run_notebooks.py"
KERNELSPEC = {"name": "java", "display_name": "Java (dlnotes)", "language": "java"}
sys.path.insert(0, str(REPO / "environment"))
import book  # noqa: E402
import run_notebooks  # noqa: E402
from test_kernel_faults import gone  # noqa: E402


def run(*args, env=None):
    return subprocess.run([sys.executable, "-Xfrozen_modules=off", str(RUNNER), *args], capture_output=True,
                          text=True, timeout=300, env=env)


def write_notebook(folder, name, *sources):
    cells = [new_markdown_cell(f"# {name}")] + [new_code_cell(s) for s in sources]
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC}), folder / f"{name}.ipynb")


def descendants(pid):
    """The processes below pid, from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return ""


class Signals(unittest.TestCase):

    def test_sigterm_and_sigint_shut_the_kernel_down_and_stop_the_run(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            with self.subTest(signal=sig.name), tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                write_notebook(tmp, "01-sleeps", 'System.out.println("sleeping"); Thread.sleep(300_000);')
                write_notebook(tmp, "02-after", "1 + 1")
                out = tmp / "out"
                with open(tmp / "runner.log", "w+") as log:
                    runner = subprocess.Popen(
                        [sys.executable, "-Xfrozen_modules=off", str(RUNNER), "--notebooks-dir", str(tmp),
                         "--out", str(out)], stdout=log, stderr=subprocess.STDOUT, text=True)
                    kernels = []
                    try:
                        # the kernel runs the sleeping cell: its log says so
                        kernel_log = out / "01-sleeps.kernel.log"
                        end = time.monotonic() + 180
                        while time.monotonic() < end and runner.poll() is None:
                            kernels = [p for p in descendants(runner.pid) if "KernelLauncher" in cmdline(p)]
                            if kernels and kernel_log.is_file() and "execute_request" in kernel_log.read_text():
                                break
                            time.sleep(0.5)
                        self.assertTrue(kernels, "the runner started no kernel in 180 s")
                        time.sleep(1)
                        runner.send_signal(sig)
                        code = runner.wait(60)
                        left = [p for p in kernels if not gone(p)]  # checked at once: the runner ended its kernel
                    finally:
                        runner.kill()
                        runner.wait()
                        for pid in kernels:
                            if not gone(pid):
                                os.kill(pid, signal.SIGKILL)
                    log.seek(0)
                    printed = log.read()
                self.assertEqual(128 + sig, code, printed)
                self.assertEqual([], left, f"kernel JVM(s) left running after the runner exited:\n{printed}")
                self.assertIn(f"stopped by {sig.name}", printed)
                self.assertNotIn("Traceback", printed)
                self.assertFalse((out / "02-after.ipynb").exists(), "the run stopped: the next notebook did not run")
                with open(out / "summary.csv") as f:
                    rows = {row["notebook"]: row for row in csv.DictReader(f)}
                self.assertEqual({"01-sleeps": "failed", "02-after": "not run"},
                                 {k: r["status"] for k, r in rows.items()})
                self.assertIn(f"stopped by {sig.name}", rows["01-sleeps"]["error"])


class Arguments(unittest.TestCase):

    def test_a_timeout_of_zero_or_less_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            for value in ("0", "-5"):
                with self.subTest(timeout=value):
                    result = run("--timeout", value, "00-environment", "--out", str(out))
                    self.assertEqual(2, result.returncode, result.stdout + result.stderr)
                    self.assertIn(f"--timeout {value}", result.stderr)
                    self.assertIn("a cell's time limit in seconds, 1 or more", result.stderr)
            result = run("00-environment", "--out", str(out), env=dict(os.environ, DLNOTES_CELL_TIMEOUT="0"))
            self.assertEqual(2, result.returncode, result.stdout + result.stderr)
            self.assertIn("DLNOTES_CELL_TIMEOUT=0", result.stderr)
            self.assertFalse(out.exists(), "nothing ran")


class MissingKernel(unittest.TestCase):

    def test_a_kernelspec_whose_jdk_is_gone_fails_the_notebook_clearly_and_the_book_is_written(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            spec = tmp / "jupyter" / "kernels" / "dlnotes-gone"
            spec.mkdir(parents=True)
            java = "/nonexistent/jdk-17/bin/java"
            (spec / "kernel.json").write_text(json.dumps({
                "argv": [java, "-cp", "x", "KernelLauncher", "{connection_file}"],
                "display_name": "gone", "language": "java"}))
            write_notebook(tmp, "01-first", "1 + 1")
            write_notebook(tmp, "02-second", "2 + 2")
            env = dict(os.environ, JUPYTER_PATH=str(tmp / "jupyter"))
            for kernel, expected in (("dlnotes-gone", [f"starts {java}, which does not exist",
                                                       f"{spec}/kernel.json", "environment/dlnotes setup"]),
                                     ("dlnotes-no-such-kernel", ["no kernelspec 'dlnotes-no-such-kernel'",
                                                                 "environment/dlnotes setup"])):
                with self.subTest(kernel=kernel):
                    out = tmp / f"out-{kernel}"
                    result = run("--kernel", kernel, "--notebooks-dir", str(tmp), "--out", str(out), env=env)
                    printed = result.stdout + result.stderr
                    self.assertEqual(1, result.returncode, printed)
                    self.assertNotIn("Traceback", printed)
                    self.assertIn("2 of 2 notebooks failed", result.stderr)
                    for text in expected:
                        self.assertIn(text, result.stderr)
                    with open(out / "summary.csv") as f:
                        rows = {row["notebook"]: row for row in csv.DictReader(f)}
                    self.assertEqual({"failed"}, {r["status"] for r in rows.values()}, rows)
                    self.assertIn(expected[0], rows["01-first"]["error"])
                    index = html.unescape((out / "index.html").read_text())
                    self.assertIn("2 of 2 notebooks failed.", index)
                    self.assertIn(expected[0], index)


class WholeFiles(unittest.TestCase):
    """A reader of the book (a browser, the upload of the CI artifact) sees the old file or the new one, never a part:
    each file is written to a temporary file in its folder and renamed over the old one."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def keep_old(self, name):
        """Writes an old version of out/name and a second link to it, which an in-place write would change too."""
        (self.out / name).write_text("old")
        os.link(self.out / name, self.out / f"kept-{name}")

    def assert_replaced(self, name):
        self.assertEqual("old", (self.out / f"kept-{name}").read_text(), f"{name} was rewritten in place")
        self.assertNotEqual("old", (self.out / name).read_text())
        self.assertEqual([], [p.name for p in self.out.iterdir() if p.name.endswith(".tmp")], "temporary files left")

    def row(self, **changes):
        return {"notebook": "01-a", "title": "1 · A · 甲", "cells": 1, "seconds": 1.0, "first_result_s": 0.5,
                "kernel_starts": 1, "status": "ok", "error": "", **changes}

    def test_executed_notebook_and_its_page_are_replaced_whole(self):
        notebooks = self.out / "notebooks"
        notebooks.mkdir()
        write_notebook(notebooks, "01-a", "1 + 1")

        class Client:  # executes nothing: what the runner writes afterwards is under test
            def __init__(self, nb, on_notebook_start, **kwargs):
                self.on_notebook_start = on_notebook_start

            def execute(self, **kwargs):
                self.on_notebook_start(notebook=None)

        self.keep_old("01-a.ipynb")
        self.keep_old("01-a.html")
        real = run_notebooks.NotebookClient
        run_notebooks.NotebookClient = Client
        try:
            row = run_notebooks.execute(notebooks / "01-a.ipynb", self.out, "java", 10)
        finally:
            run_notebooks.NotebookClient = real
        self.assertEqual("ok", row["status"])
        self.assert_replaced("01-a.ipynb")
        self.assert_replaced("01-a.html")
        self.assertEqual("1 + 1", nbformat.read(self.out / "01-a.ipynb", as_version=4).cells[1].source)
        self.keep_old("index.html")
        book.write_navigation([row], self.out, {"01-a"})
        book.write_index([row], self.out)
        self.assert_replaced("index.html")
        self.assertIn('<nav class="dlnotes-nav top">', (self.out / "01-a.html").read_text())

    def test_a_summary_that_fails_half_way_leaves_the_old_one(self):
        class Unprintable:
            def __str__(self):
                raise ValueError("cannot format this value")

        self.keep_old("summary.csv")
        with self.assertRaises(ValueError):
            book.write_summary([self.row(), self.row(notebook="02-b", seconds=Unprintable())], self.out)
        self.assertEqual("old", (self.out / "summary.csv").read_text(), "a half-written summary.csv replaced the old")
        self.assertEqual([], [p.name for p in self.out.iterdir() if p.name.endswith(".tmp")])
        book.write_summary([self.row()], self.out)
        self.assert_replaced("summary.csv")
        with open(self.out / "summary.csv") as f:
            self.assertEqual(["01-a"], [r["notebook"] for r in csv.DictReader(f)])


if __name__ == "__main__":
    unittest.main()
