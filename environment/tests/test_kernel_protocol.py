"""The kernel (environment/KernelLauncher.java) speaks the Jupyter messaging protocol as JupyterLab 4 needs it, checked
with the real kernel and jupyter_client, message by message:
- every shell request JupyterLab sends when it connects to a kernel (kernel_info_request, history_request,
  comm_info_request) is answered, with busy before and idle after it on iopub, both with the request as parent;
- so a client that, as JupyterLab 4 does, takes the kernel's status only from status messages whose parent is not one
  of jupyter_server's untracked message types sees the kernel idle before any cell runs (rapaio 3.0.1 left
  history_request unanswered, and JupyterLab showed the kernel as "Unknown");
- every message the kernel writes carries one session of its own, and replies carry the request's header as parent
  (rapaio 3.0.1 wrote the client's session into its replies)."""
import os
import queue
import unittest

from jupyter_client.manager import start_new_kernel

KERNEL = os.environ.get("DLNOTES_KERNEL", "java")
START_ATTEMPTS = 3   # the launcher exits a kernel whose shell stays silent; then another is started

# jupyter_server 2.x MappingKernelManager.untracked_message_types (default): JupyterLab 4 gets this list in its page
# config and ignores a status message whose parent has one of these types (@jupyterlab/services,
# KernelConnection._handleMessage). Debian's python3 has no jupyter_server, so the list is written out here.
UNTRACKED = {
    "comm_info_request", "comm_info_reply", "kernel_info_request", "kernel_info_reply", "shutdown_request",
    "shutdown_reply", "interrupt_request", "interrupt_reply", "debug_request", "debug_reply", "stream", "display_data",
    "update_display_data", "execute_input", "execute_result", "error", "status", "clear_output", "debug_event",
    "input_request", "input_reply",
}


def start_kernel():
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
        except RuntimeError as e:
            if attempt == START_ATTEMPTS:
                raise
            print(f"kernel start {attempt} failed ({e}); starting another")


class JupyterLabProtocol(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_kernel()

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def request(self, msg_type, content):
        """Sends a shell request; returns its reply and the iopub messages up to its idle status."""
        kc = self.kc
        while True:                              # what earlier requests left on iopub
            try:
                kc.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                break
        msg = kc.session.msg(msg_type, content)
        kc.shell_channel.send(msg)
        reply = None
        while reply is None:    # start_new_kernel's own kernel_info_requests may have left replies
            try:
                m = kc.get_shell_msg(timeout=30)
            except queue.Empty:
                self.fail(f"no reply to {msg_type} in 30 s")
            if m["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                reply = m
        statuses = []
        while True:
            try:
                m = kc.get_iopub_msg(timeout=30)
            except queue.Empty:
                self.fail(f"no idle status for {msg_type} in 30 s (statuses: {statuses})")
            if m["msg_type"] == "status" and m["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                statuses.append(m)
                if m["content"]["execution_state"] == "idle":
                    return msg, reply, statuses

    def test_the_requests_jupyterlab_sends_on_connecting_are_answered_with_busy_and_idle(self):
        requests = [
            ("kernel_info_request", {}, "kernel_info_reply"),
            ("history_request", {"output": False, "raw": True, "hist_access_type": "tail", "n": 10},
             "history_reply"),
            ("comm_info_request", {}, "comm_info_reply"),
        ]
        for msg_type, content, reply_type in requests:
            with self.subTest(msg_type):
                _, reply, statuses = self.request(msg_type, content)
                self.assertEqual(reply_type, reply["msg_type"])
                self.assertEqual(["busy", "idle"], [s["content"]["execution_state"] for s in statuses])
                if msg_type == "history_request":
                    self.assertEqual("ok", reply["content"]["status"], reply)
                    self.assertIsInstance(reply["content"]["history"], list)

    def test_a_jupyterlab_client_sees_the_kernel_idle_before_any_cell_runs(self):
        # JupyterLab's connect sequence; its status is the last execution_state of a status message whose parent is
        # tracked, "unknown" until there is one
        status = "unknown"
        for msg_type, content in [
            ("kernel_info_request", {}),
            ("history_request", {"output": False, "raw": True, "hist_access_type": "tail", "n": 10}),
        ]:
            _, _, statuses = self.request(msg_type, content)
            for s in statuses:
                if s["parent_header"]["msg_type"] not in UNTRACKED:
                    status = s["content"]["execution_state"]
        self.assertEqual("idle", status, "JupyterLab 4 would show the kernel as Unknown")

    def test_the_kernel_writes_every_message_under_one_session_of_its_own(self):
        sent, reply, statuses = self.request("kernel_info_request", {})
        _, history, history_statuses = self.request("history_request", {
            "output": False, "raw": True, "hist_access_type": "tail", "n": 10})
        sessions = {m["header"]["session"] for m in [reply, history, *statuses, *history_statuses]}
        self.assertEqual(1, len(sessions), sessions)
        self.assertNotEqual(sent["header"]["session"], sessions.pop(), "the kernel's session is not the client's")
        # the parent header is the request's, unchanged: the client matches the reply by it
        self.assertEqual(sent["header"]["session"], reply["parent_header"]["session"])
        self.assertEqual("kernel_info_request", reply["parent_header"]["msg_type"])


if __name__ == "__main__":
    unittest.main()
