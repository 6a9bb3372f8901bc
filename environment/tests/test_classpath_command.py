"""`environment/dlnotes classpath`: prints the kernel classpath of the checkout it belongs to and the lines to export
for IJava, JJava and rapaio-jupyter-kernel, without running set-up. The command runs from a copy in a temporary
checkout (a path with a space and a quote), so the test is fast and needs no built kernel folder."""
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DLNOTES = REPO / "environment" / "dlnotes"
HOOK = "org.dlnotes.notebook.JavaKernelDisplay.registerIfPresent();"


class ClasspathCommandTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.repo = Path(self.tmp.name) / "a checkout's copy"
        (self.repo / "environment").mkdir(parents=True)
        shutil.copy2(DLNOTES, self.repo / "environment" / "dlnotes")
        # a set-up script that leaves a mark: the command must not call it
        self.mark = self.repo / "setup-ran"
        setup = self.repo / "environment" / "setup.sh"
        setup.write_text(f"#!/bin/sh\ntouch '{self.mark}'\n")
        setup.chmod(0o755)
        self.lib = self.repo / "environment" / "kernel" / "lib"

    def tearDown(self):
        self.tmp.cleanup()

    def run_command(self, *shell_after):
        script = '"$1" classpath' if not shell_after else 'eval "$("$1" classpath)" && ' + shell_after[0]
        return subprocess.run(["bash", "-c", script, "bash", str(self.repo / "environment" / "dlnotes")],
                              capture_output=True, text=True, timeout=30)

    def test_prints_the_exports_for_each_kernel(self):
        self.lib.mkdir(parents=True)
        for name in ("dlnotes-1.0.jar", "tablesaw-core-0.44.1.jar"):
            (self.lib / name).touch()
        result = self.run_command()
        self.assertEqual(0, result.returncode, result.stderr)
        out = result.stdout.splitlines()
        self.assertIn(f"# kernel classpath: 2 jars in {self.lib}", out)
        for line in out:
            self.assertTrue(line.startswith(("# ", "export ")), line)   # eval-safe
        exports = {line.split("=", 1)[0][len("export "):] for line in out if line.startswith("export ")}
        self.assertEqual({"IJAVA_CLASSPATH", "IJAVA_STARTUP_SCRIPT", "JJAVA_CLASSPATH", "JJAVA_STARTUP_SCRIPT",
                          "RJK_CLASSPATH"}, exports)
        self.assertFalse(self.mark.exists(), "the command ran set-up")

        # what the shell gets when it evaluates the lines: the checkout's own folder, quotes and all
        values = self.run_command('printf "%s\\n" "$IJAVA_CLASSPATH" "$JJAVA_CLASSPATH" "$RJK_CLASSPATH" '
                                  '"$IJAVA_STARTUP_SCRIPT" "$JJAVA_STARTUP_SCRIPT"')
        self.assertEqual(0, values.returncode, values.stderr)
        self.assertEqual([f"{self.lib}/*", f"{self.lib}/*", f"{self.lib}/*.jar", HOOK, HOOK],
                         values.stdout.splitlines())

    def test_without_a_kernel_folder_it_says_to_run_setup(self):
        result = self.run_command()
        self.assertEqual(1, result.returncode)
        self.assertEqual("", result.stdout)
        self.assertIn("run environment/dlnotes setup first", result.stderr)
        self.assertFalse(self.mark.exists(), "the command ran set-up")

    def test_usage_lists_the_command(self):
        result = subprocess.run([str(DLNOTES), "--help"], capture_output=True, text=True, timeout=30)
        self.assertIn("  classpath ", result.stdout)


if __name__ == "__main__":
    unittest.main()
