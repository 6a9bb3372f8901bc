"""The kernel (environment/KernelLauncher.java) against faults from outside, with the real kernel and jupyter_client:
a malformed or wrongly signed message on the shell or control port is dropped and logged while the kernel keeps
answering, and a kernel whose parent process dies exits instead of living on as an orphan."""
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


class BadMessages(unittest.TestCase):

    def test_malformed_and_unsigned_messages_are_dropped_and_the_kernel_keeps_answering(self):
        with tempfile.TemporaryFile("w+") as log:
            km, kc = start_kernel(stderr=log)
            try:
                session = kc.session
                signed = session.serialize(session.msg("kernel_info_request"))  # [delimiter, hmac, 4 parts]
                # would end the kernel if it ran: a request that is not signed with the key must never run
                fatal = session.serialize(session.msg("execute_request", content={
                    "code": "System.exit(3);", "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}))

                def with_signature(frames, signature):
                    return [frames[0], signature, *frames[2:]]

                def signed_parts(header, parent=b"{}", metadata=b"{}", content=b"{}"):
                    return [b"<IDS|MSG>", session.sign([header, parent, metadata, content]), header,
                            parent, metadata, content]

                bad = [
                    [b"garbage"],                                           # no delimiter at all
                    [b"garbage", b"more garbage", b"\xff\x00"],
                    [b"<IDS|MSG>", b"0" * 64],                              # cut short after the delimiter
                    with_signature(fatal, b"0" * 64),                       # a wrong HMAC signature
                    with_signature(fatal, b""),                             # no signature
                    with_signature(signed, signed[1][:-1]),                 # a truncated signature
                    signed_parts(b"{not json"),                             # signed, but not JSON
                    signed_parts(b'{"msg_id": "x", "session": "s"}'),      # signed, no msg_type
                    signed_parts(b"[1, 2]"),                                # signed, a header that is no object
                ]
                context = zmq.Context.instance()
                for port in (km.shell_port, km.control_port):
                    sock = context.socket(zmq.DEALER)
                    sock.linger = 0
                    sock.connect(f"tcp://{km.ip}:{port}")
                    for frames in bad:
                        sock.send_multipart(frames)
                    time.sleep(1)
                    sock.close()

                reply = kc.execute_interactive('"still " + (6 * 7)', timeout=60)
                self.assertEqual("ok", reply["content"]["status"], reply)
                self.assertTrue(km.is_alive(), "the kernel process is still running")
                info = kc.kernel_info(reply=True, timeout=30)
                self.assertIn("language_info", info["content"], info)
                # a well-formed request after the bad ones is answered on the control channel too
                kc.control_channel.send(session.msg("kernel_info_request"))
                self.assertEqual("kernel_info_reply", kc.get_control_msg(timeout=30)["msg_type"])
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
            log.seek(0)
            text = log.read()
        dropped = [line for line in text.splitlines() if "dropped a message" in line]
        self.assertGreaterEqual(len(dropped), 2 * len(bad), text[-4000:])
        self.assertTrue(any("signature" in line for line in dropped), dropped)
        self.assertNotIn("shell loop died", text)


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
