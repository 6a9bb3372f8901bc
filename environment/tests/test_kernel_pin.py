"""The kernel jar is pinned: environment/kernel.sha256 has the SHA-256 of pom.xml's rapaio-jupyter-kernel version,
setup.sh refuses (and removes) a jar with another hash, and setup.sh's Maven runs with --strict-checksums."""
import hashlib
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SETUP = (REPO / "environment" / "setup.sh").read_text()
VERSION = re.search(r"<rapaio.kernel.version>(.+?)</rapaio.kernel.version>", (REPO / "pom.xml").read_text()).group(1)
JAR = f"rapaio-jupyter-kernel-{VERSION}.jar"
M2_JAR = Path.home() / ".m2/repository/io/github/padreati/rapaio-jupyter-kernel" / VERSION / JAR
# setup.sh's check, from its comment line to the end of its if block
CHECK = re.search(r"^# The jar runs every notebook.*?^fi$", SETUP, re.MULTILINE | re.DOTALL).group(0)


def pins():
    lines = (REPO / "environment" / "kernel.sha256").read_text().splitlines()
    return {name: sha for sha, name in (line.split() for line in lines if line.strip())}


class KernelPin(unittest.TestCase):

    def test_the_pin_covers_the_version_in_pom_xml(self):
        self.assertIn(JAR, pins(), "add the SHA-256 of the new kernel version to environment/kernel.sha256")

    @unittest.skipUnless(M2_JAR.is_file(), f"{M2_JAR} not resolved yet")
    def test_the_pin_is_the_resolved_jar_hash(self):
        self.assertEqual(pins()[JAR], hashlib.sha256(M2_JAR.read_bytes()).hexdigest())

    def test_maven_runs_with_strict_checksums(self):
        self.assertRegex(re.search(r"^mvn_\(\) \{.*?^\}", SETUP, re.MULTILINE | re.DOTALL).group(0),
                         r"\bmvn -B -q --strict-checksums ")

    def test_setup_refuses_and_removes_a_jar_with_another_hash(self):
        with tempfile.TemporaryDirectory() as tmp:
            repo = Path(tmp)
            (repo / "environment" / "kernel").mkdir(parents=True)
            shutil.copy(REPO / "pom.xml", repo)
            shutil.copy(REPO / "environment" / "kernel.sha256", repo / "environment")
            jar = repo / "environment" / "kernel" / "rapaio-jupyter-kernel.jar"
            jar.write_bytes(b"not the published jar")
            script = (f'set -euo pipefail; REPO="{repo}"; KERNEL_DIR="$REPO/environment/kernel"; '
                      'KERNEL_JAR="$KERNEL_DIR/rapaio-jupyter-kernel.jar"; '
                      'die() { printf "[setup] ERROR: %s\\n" "$*" >&2; exit 1; }\n' + CHECK)
            done = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
            self.assertEqual(1, done.returncode, done.stderr)
            self.assertIn(f"environment/kernel.sha256 pins {pins()[JAR]} for\n  {JAR}", done.stderr)
            self.assertFalse(jar.exists(), "the unverified jar must be removed")


if __name__ == "__main__":
    unittest.main()
