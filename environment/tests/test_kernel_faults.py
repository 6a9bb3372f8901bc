"""The kernel (environment/KernelLauncher.java) against faults from outside, with the real kernel and jupyter_client:
a kernel whose parent process dies exits instead of living on as an orphan."""
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

import zmq
from jupyter_client.manager import start_new_kernel

KERNEL = os.environ.get("DLNOTES_KERNEL", "java")
START_ATTEMPTS = 3   # the launcher exits a kernel whose shell stays silent; then another is started


def start_kernel(**kwargs):
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return start_new_kernel(kernel_name=KERNEL, startup_timeout=120, **kwargs)
        except RuntimeError as e:
            if attempt == START_ATTEMPTS:
                raise
            print(f"kernel start {attempt} failed ({e}); starting another")


def gone(pid):
    """Whether the process has exited (a zombie that nobody reaped counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def wait_gone(pid, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if gone(pid):
            return True
        time.sleep(0.2)
    return gone(pid)


PARENT = textwrap.dedent("""
    import subprocess, sys, time
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name=sys.argv[1], startup_timeout=120, stdout=subprocess.DEVNULL)
    print("kernel", km.provisioner.pid, flush=True)
    time.sleep(600)
""")


class ParentDies(unittest.TestCase):

    def test_kernel_exits_when_the_process_that_started_it_dies(self):
        parent = subprocess.Popen([sys.executable, "-Xfrozen_modules=off", "-c", PARENT, KERNEL],
                                  stdout=subprocess.PIPE, text=True)
        kernel = None
        try:
            line = parent.stdout.readline()
            self.assertRegex(line, r"^kernel \d+$", "the parent did not start a kernel")
            kernel = int(line.split()[1])
            with open(f"/proc/{kernel}/cmdline", "rb") as f:
                self.assertIn(b"KernelLauncher", f.read())
            time.sleep(1)
            self.assertFalse(gone(kernel), "the kernel runs while its parent does")
            parent.send_signal(signal.SIGKILL)
            parent.wait(10)
            self.assertTrue(wait_gone(kernel, 15), f"kernel {kernel} still runs 15 s after its parent was killed")
        finally:
            parent.kill()
            parent.wait()
            if kernel is not None and not gone(kernel):
                os.kill(kernel, signal.SIGKILL)


if __name__ == "__main__":
    unittest.main()
