#!/usr/bin/python3
"""Execute the dlnotes notebooks headlessly with Jupyter's nbclient.

Runs every notebook in notebooks/ in name order (or the ones named), each in a fresh kernel, with a per-cell
timeout. Writes the executed notebooks, their HTML, an index.html and summary.csv to the output folder
(default target/notebooks/). A failing cell ends its notebook; the run goes on with the next one (with --fail-fast
it stops there) and ends with exit status 1 and a message per failure naming the notebook, the cell and the Java
exception. The failed notebook's page, index.html and summary.csv show the failure. A kernel that does not come up
is started again (up to 5 times); summary.csv and the book count the starts of each notebook's kernel. A kernelspec
that cannot start (no such kernelspec, its JDK gone) fails each notebook with a message that says what to run.

SIGTERM or SIGINT (Ctrl-C) stops the run: the running notebook's kernel is shut down, the notebook is marked failed
("stopped by SIGTERM"), the rest "not run", the book is written, and the exit status is 128 + the signal number.

The book (the HTML pages, index.html, summary.csv; offline, written atomically) is made by book.py.

Usage: run_notebooks.py [--fast] [--fail-fast] [--timeout SECONDS] [--kernel NAME] [--out DIR] [NOTEBOOK ...]
  NOTEBOOK is a file name with or without .ipynb (e.g. 00-environment) or a path to a notebook.
"""
import argparse
import atexit
import os
import re
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbconvert.preprocessors.coalescestreams import coalesce_streams

from book import copy_static, export_html, write_file, write_index, write_navigation, write_summary

REPO = Path(__file__).resolve().parent.parent
# The book's scripts: Debian's libjs-mathjax and libjs-requirejs (both come with jupyter-notebook), copied next to
# the pages so that the book works from file:// and as a CI artifact, with no network.
ANSI = re.compile(r"\x1b\[[0-9;]*m")
JAVA_EXCEPTION = re.compile(r"\b((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable))\b(?::\s*(.*))?")


class NotebookFailure(Exception):
    """A cell failed; args: the message naming the notebook, the cell and the exception, and the summary row."""


class Stopped(Exception):
    """Raised in the runner's thread once a signal has stopped the run."""


class Stop:
    """The signal that stopped the run (None while it runs) and the notebook clients whose kernels may be running.

    The notebooks run on a worker thread, so that nbclient installs no signal handlers of its own (it does only on the
    main thread, and its handlers shut the kernel down but let the run go on with the next notebook). The main thread
    handles SIGTERM and SIGINT: it stops the running kernel, and the worker, finding its kernel dead, marks the
    notebook stopped and writes the book."""
    signum = None
    clients = set()

    @classmethod
    def name(cls):
        return signal.Signals(cls.signum).name

    @classmethod
    def check(cls):
        if cls.signum is not None:
            raise Stopped(f"stopped by {cls.name()}")


KERNEL_STOP_GRACE_S = 5


def stop_kernels(grace=KERNEL_STOP_GRACE_S):
    """Stops the kernel of every running client: SIGTERM to its process group, SIGKILL after grace seconds."""
    for client in list(Stop.clients):
        provisioner = getattr(getattr(client, "km", None), "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is None or process.poll() is not None:
            continue
        pgid = getattr(provisioner, "pgid", None)
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
            try:
                if pgid:
                    os.killpg(pgid, sig)
                else:
                    process.send_signal(sig)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                process.wait(wait)
                break
            except Exception:  # subprocess.TimeoutExpired: on to SIGKILL
                continue


def on_signal(signum, frame):
    if Stop.signum is not None:  # a second signal: stop at once
        stop_kernels(grace=0)
        os._exit(128 + signum)
    Stop.signum = signum
    print(f"\n[run_notebooks] {Stop.name()}: stopping the run and shutting the kernel down", file=sys.stderr,
          flush=True)
    stop_kernels()


def write_notebook(nb, path):
    text = nbformat.writes(nb)
    write_file(path, text if text.endswith("\n") else text + "\n")


def kernel_start_problem(kernel, error):
    """Why the kernelspec could not start a kernel, and what to run: for a missing kernelspec or program (a JDK that
    was removed or moved since set-up) instead of a traceback."""
    setup = "environment/dlnotes setup" if kernel == "java" else f"DLNOTES_KERNEL={kernel} environment/dlnotes setup"
    try:
        spec = KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        return (f"there is no kernelspec '{kernel}' ('jupyter kernelspec list' shows those installed); run {setup} "
                f"to install it, or pick another with --kernel or DLNOTES_KERNEL")
    where = f"the kernelspec '{kernel}' ({Path(spec.resource_dir) / 'kernel.json'})"
    program = spec.argv[0] if spec.argv else ""
    found = os.path.isfile(program) if os.sep in program else shutil.which(program)
    if not found:
        return (f"{where} starts {program}, which does not exist (a JDK removed or moved since set-up?); run {setup} "
                f"to write the kernelspec for this machine's Java")
    return f"{where} could not start {program}: {error}; run {setup}"


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


START_ATTEMPTS = 5


def execute(path, out_dir, kernel, timeout):
    """Runs one notebook; returns its summary row. Raises NotebookFailure (with the row) on a failing cell."""
    out_dir.mkdir(parents=True, exist_ok=True)
    log_path = out_dir / f"{path.stem}.kernel.log"
    start = time.monotonic()
    with open(log_path, "w") as kernel_log:
        for attempt in range(1, START_ATTEMPTS + 1):
            nb = nbformat.read(path, as_version=4)
            state = {"cell": None, "first_result": None, "started": False}

            def on_notebook_start(notebook):
                state["started"] = True
                Stop.check()  # a signal came while the kernel started: do not run the notebook

            def on_cell_execute(cell, cell_index):
                state["cell"] = cell_index
                Stop.check()

            def on_cell_executed(cell, cell_index, execute_reply):
                if state["first_result"] is None:
                    state["first_result"] = time.monotonic() - start

            client = NotebookClient(
                nb, timeout=timeout, kernel_name=kernel, allow_errors=False, startup_timeout=30,
                resources={"metadata": {"path": str(path.parent)}}, on_notebook_start=on_notebook_start,
                on_cell_execute=on_cell_execute, on_cell_executed=on_cell_executed)
            failure = None
            Stop.clients.add(client)
            try:
                Stop.check()
                client.execute(stdout=kernel_log, stderr=kernel_log)
            except Stopped as e:
                atexit.unregister(client._cleanup_kernel)
                failure = describe_failure(path, nb, state["cell"], f"{e} before it finished")
            except CellExecutionError as e:
                failure = describe_failure(path, nb, state["cell"], java_exception(e.ename, e.evalue, e.traceback))
            except CellTimeoutError:
                failure = describe_failure(path, nb, state["cell"],
                                           f"no result within {timeout} s (raise it with --timeout)")
            except DeadKernelError as e:
                failure = describe_failure(path, nb, state["cell"],
                                           f"stopped by {Stop.name()} before it finished" if Stop.signum else
                                           f"the kernel died ({e}); see {log_path}")
            except (OSError, NoSuchKernel) as e:  # the kernelspec's program is missing, or the kernelspec is
                if state["started"]:
                    raise
                atexit.unregister(client._cleanup_kernel)
                problem = kernel_start_problem(kernel, e)
                kernel_log.write(f"\n[run_notebooks] {problem}\n")
                raise NotebookFailure(f"{path.name}: {problem}",
                                      row_for(path, nb, start, None, "failed", attempt, problem))
            except RuntimeError as e:
                if state["started"]:
                    raise
                if Stop.signum is not None:
                    atexit.unregister(client._cleanup_kernel)
                    failure = describe_failure(path, nb, None, f"stopped by {Stop.name()} before it finished")
                    break
                # The kernel did not come up (see environment/KernelLauncher.java): start a fresh one. nbclient
                # leaves its exit-time clean-up registered for a kernel that never started; it would fail at exit.
                atexit.unregister(client._cleanup_kernel)
                kernel_log.write(f"\n[run_notebooks] kernel start {attempt} failed: {e}\n")
                kernel_log.flush()
                if attempt == START_ATTEMPTS:
                    raise NotebookFailure(
                        f"{path.name}: the '{kernel}' kernel did not start in {START_ATTEMPTS} attempts ({e}); "
                        f"see {log_path} and run environment/dlnotes setup",
                        row_for(path, nb, start, None, "failed", attempt, f"kernel did not start: {e}"))
                print(f"  kernel start failed ({e}); retrying", flush=True)
                continue
            finally:
                Stop.clients.discard(client)
            break
    coalesce_streams(nb, {})  # one stream output per cell instead of one per flush
    write_notebook(nb, out_dir / path.name)
    write_file(out_dir / f"{path.stem}.html", export_html(nb))
    row = row_for(path, nb, start, state["first_result"], "failed" if failure else "ok", attempt,
                  failure.splitlines()[0].split(": ", 1)[1] if failure else "")
    if failure:
        raise NotebookFailure(failure, row)
    return row


def row_for(path, nb, start, first_result, status, kernel_starts, error=""):
    return {"notebook": path.stem, "title": title_of(nb, path.stem),
            "cells": sum(1 for c in nb.cells if c.cell_type == "code"),
            "seconds": round(time.monotonic() - start, 1),
            "first_result_s": round(first_result, 1) if first_result else "", "kernel_starts": kernel_starts,
            "status": status, "error": error}


def describe_failure(path, nb, cell_index, exception):
    """'NAME: cell N (code cell M) failed with EXCEPTION' and the cell's first lines."""
    cell = nb.cells[cell_index] if cell_index is not None else None
    where = "a cell"
    if cell is not None:
        code_number = sum(1 for c in nb.cells[:cell_index + 1] if c.cell_type == "code")
        where = f"cell {cell_index + 1} (code cell {code_number})"
        source = "\n".join("    | " + line for line in cell.source.splitlines()[:8])
        return f"{path.name}: {where} failed with {exception}\n{source}"
    return f"{path.name}: {where} failed with {exception}"


def fast_mode(env=None):
    """The rule of org.dlnotes.core.FastMode: DLNOTES_FAST decides (1/true/yes/on or 0/false/no/off, any case);
    unset or blank, CI=true means fast. Any other value is a ValueError with Java's message. Both are tested against
    src/test/resources/fast-mode.tsv."""
    env = os.environ if env is None else env
    raw = env.get("DLNOTES_FAST")
    if raw is None or not raw.strip():
        return env.get("CI", "").strip().lower() == "true"
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"DLNOTES_FAST must be 1 or 0 (true/false), but is '{raw}'. Unset it for full-size runs, or set "
                     f"DLNOTES_FAST=1 for fast mode.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: all, in name order)")
    parser.add_argument("--fast", action="store_true", help="fast mode: sets DLNOTES_FAST=1 for the kernels")
    parser.add_argument("--fail-fast", action="store_true",
                        help="stop at the first failing notebook (the rest are listed as 'not run')")
    parser.add_argument("--timeout", type=int, default=None,
                        help="seconds a cell may run, 1 or more (default 900, or DLNOTES_CELL_TIMEOUT)")
    parser.add_argument("--kernel", default=os.environ.get("DLNOTES_KERNEL", "java"),
                        help="kernelspec name (default: java, or DLNOTES_KERNEL)")
    parser.add_argument("--notebooks-dir", type=Path, default=REPO / "notebooks")
    parser.add_argument("--out", type=Path, default=REPO / "target" / "notebooks")
    args = parser.parse_args(argv)
    # nbclient takes a timeout of 0 or less as no limit at all: a run could then hang for ever on one cell
    if args.timeout is None:
        value = os.environ.get("DLNOTES_CELL_TIMEOUT", "900")
        try:
            args.timeout = int(value)
        except ValueError:
            args.timeout = 0
        if args.timeout < 1:
            parser.error(f"DLNOTES_CELL_TIMEOUT={value} is not a cell's time limit in seconds, 1 or more "
                         f"(unset it for the default of 900 s)")
    elif args.timeout < 1:
        parser.error(f"--timeout {args.timeout} is not a cell's time limit in seconds, 1 or more "
                     f"(a cell may run that long; the default is 900)")
    if args.fast:
        os.environ["DLNOTES_FAST"] = "1"
    try:
        fast_mode()
    except ValueError as e:  # as the kernels would fail in every notebook that asks FastMode
        parser.error(str(e))
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    paths = resolve(args.notebooks, args.notebooks_dir.resolve())
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    outcome = {}

    def work():
        try:
            outcome["status"] = run(args, paths)
        except BaseException as e:  # handed to the main thread
            outcome["error"] = e

    worker = threading.Thread(target=work, name="notebooks", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.5)
        if Stop.signum is not None:
            # the worker finds its kernel dead within a few seconds and writes the book; do not wait for ever
            worker.join(60)
            if worker.is_alive():
                print(f"[run_notebooks] stopped by {Stop.name()}; the book was not written in 60 s",
                      file=sys.stderr, flush=True)
                stop_kernels(grace=0)
                os._exit(128 + Stop.signum)
    if "error" in outcome:
        raise outcome["error"]
    if Stop.signum is not None:
        print(f"\nstopped by {Stop.name()}: the running notebook's kernel was shut down and the notebooks after it "
              f"were not run", file=sys.stderr)
        return 128 + Stop.signum
    return outcome["status"]


def run(args, paths):
    """Runs the notebooks and writes the book; returns the exit status. Runs on the worker thread (see Stop)."""
    rows, failures, pages = [], [], set()
    for path in paths:
        if (failures and args.fail_fast) or Stop.signum is not None:
            rows.append({"notebook": path.stem, "title": path.stem, "cells": "", "seconds": "",
                         "first_result_s": "", "kernel_starts": "", "status": "not run", "error": ""})
            continue
        print(f"running {path.name} ...", flush=True)
        page = args.out / f"{path.stem}.html"
        page.unlink(missing_ok=True)  # a page from an older run must not pass for this run's
        try:
            rows.append(execute(path, args.out, args.kernel, args.timeout))
        except NotebookFailure as e:
            failure, row = e.args
            row["failure"] = failure
            failures.append(failure)
            rows.append(row)
            print(f"  FAILED {failure.splitlines()[0]}", flush=True)
        if page.is_file():
            pages.add(path.stem)
    args.out.mkdir(parents=True, exist_ok=True)
    write_summary(rows, args.out)
    write_navigation(rows, args.out, pages)
    write_index(rows, args.out, pages, fast=fast_mode())
    problems = copy_static(args.out)
    print(f"\nexecuted notebooks and HTML (an offline book): {args.out}/index.html")
    for problem in problems:
        print(f"WARNING {problem}", file=sys.stderr)
    if failures:
        print(f"\n{len(failures)} of {len(paths)} notebooks failed:", file=sys.stderr)
        for failure in failures:
            print(f"FAILED {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
