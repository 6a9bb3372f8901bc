"""`environment/dlnotes lab` and `jupyter` (JupyterLab 4 from pip, Debian's classic Notebook 6): the
server's token stays out of every process's command line (which any local user can read, e.g. with ps), out of the
server's own log and out of the kernels' environment; the printed URL carries it for the user; the server answers only
with the token and only on 127.0.0.1. Where pip cannot install JupyterLab, `lab` says why and serves the classic
notebook. The first `lab` installs JupyterLab 4 and Notebook 7 into environment/kernel/lab-venv/ (pip, once)."""
import json
import os
import queue
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DLNOTES = REPO / "environment" / "dlnotes"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(url, method="GET", body=None):
    request = urllib.request.Request(url, method=method, data=body)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


def command_lines():
    """{pid: command line} of every process, as any local user can read them."""
    lines = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    lines[int(entry)] = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                pass
    return lines


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except OSError:
                pass
    return found


class JupyterCommand(unittest.TestCase):

    def test_lab_token_is_in_no_command_line_log_or_kernel_environment(self):
        output = self.serve(["lab"], "/lab", "jupyterlab.labapp:LabApp")
        self.assertNotIn("falling back", output)

    def test_classic_token_is_in_no_command_line_log_or_kernel_environment(self):
        self.serve(["jupyter"], "/tree", "notebook.notebookapp:NotebookApp")

    def test_lab_falls_back_to_the_classic_notebook_when_pip_cannot_install(self):
        with tempfile.TemporaryDirectory() as tmp:
            venv = Path(tmp) / "lab-venv"
            # no pip configuration, and an index that refuses connections
            env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
            env.update(DLNOTES_LAB_VENV=str(venv), PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL="http://127.0.0.1:9/simple",
                       PIP_NO_CACHE_DIR="1")
            output = self.serve(["lab"], "/tree", "notebook.notebookapp:NotebookApp", env)
            self.assertIn("[lab] WARNING: no JupyterLab: pip could not install jupyterlab>=4,<5 notebook>=7,<8", output)
            self.assertIn("falling back to Debian's classic Jupyter Notebook 6", output)
            self.assertFalse(venv.exists(), "the half-made venv is removed, so that the next run tries again")
            self.assertTrue(Path(f"{venv}.pip.log").is_file())

    def serve(self, args, page, app, env=None):
        """Starts `dlnotes ARGS`, checks the token and the loopback address, and returns what it printed."""
        port = free_port()
        with tempfile.TemporaryDirectory() as notebooks:
            server = subprocess.Popen([str(DLNOTES), *args, "--port", str(port), "--notebook-dir", notebooks],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                      start_new_session=True, env=env)
            lines, printed = queue.Queue(), []

            def read():
                for line in server.stdout:
                    printed.append(line)
                    lines.put(line)
            reader = threading.Thread(target=read, daemon=True)
            reader.start()
            base = f"http://127.0.0.1:{port}"
            token = None
            try:
                end = time.monotonic() + 1800  # set-up and the first pip install run first; seconds when all is there
                while token is None and time.monotonic() < end and server.poll() is None:
                    try:
                        line = lines.get(timeout=1)
                    except queue.Empty:
                        continue
                    if line.startswith("Open "):
                        self.assertIn(f"http://127.0.0.1:{port}{page}?token=", line)
                        token = line.split("token=", 1)[1].split()[0]
                self.assertIsNotNone(token, "no 'Open http://...?token=...' line:\n" + "".join(printed))
                self.assertRegex(token, r"^[0-9a-f]{48}$")
                end = time.monotonic() + 120
                while time.monotonic() < end:
                    try:
                        if status(f"{base}/api/status?token={token}")[0] == 200:
                            break
                    except OSError:
                        pass
                    time.sleep(0.5)
                self.assertEqual(200, status(f"{base}/api/status?token={token}")[0])

                holding = {pid: line for pid, line in command_lines().items() if token in line}
                self.assertEqual({}, holding, "the token is readable in these processes' command lines")
                self.assertIn(app, command_lines().get(server.pid, ""), "the server runs as the launched pid")
                self.assertEqual(200, status(f"{base}{page}?token={token}")[0])
                self.assertEqual(403, status(f"{base}/api/contents")[0])
                self.assertEqual(403, status(f"{base}/api/contents?token={'0' * 48}")[0])
                self.assertEqual(200, status(f"{base}/api/contents?token={token}")[0])

                # a kernel started by the server does not inherit the token (notebook code could print it)
                before = set(children(server.pid))
                code, body = status(f"{base}/api/kernels?token={token}", "POST", json.dumps({"name": "python3"}).encode())
                self.assertEqual(201, code)
                kernel_id = json.loads(body)["id"]
                new = []
                end = time.monotonic() + 30
                while not new and time.monotonic() < end:
                    new = [p for p in children(server.pid) if p not in before]
                    time.sleep(0.2)
                self.assertTrue(new, "the server started no kernel process")
                with open(f"/proc/{new[0]}/environ", "rb") as f:
                    environ = f.read()
                self.assertNotIn(b"JUPYTER_TOKEN", environ)
                self.assertNotIn(token.encode(), environ)
                status(f"{base}/api/kernels/{kernel_id}?token={token}", "DELETE")
            finally:
                if token:
                    try:
                        status(f"{base}/api/shutdown?token={token}", "POST", b"")
                    except OSError:
                        pass
                try:
                    server.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGTERM)
                    try:
                        server.wait(10)
                    except subprocess.TimeoutExpired:
                        os.killpg(server.pid, signal.SIGKILL)
                        server.wait()
                reader.join(10)
                server.stdout.close()
            output = "".join(printed)
            # the URL for the user is the one place it appears; the server's own log shows '?token=...'
            self.assertEqual(1, output.count(token), output)
            return output


if __name__ == "__main__":
    unittest.main()
