"""environment/browser/run.sh when the browser test cannot run: outside CI it skips (exit 0) and says how to fix it;
in CI (CI=true) the same message fails the build, so a CI run can never pass without its browser test."""
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

RUN_SH = Path(__file__).resolve().parents[2] / "environment" / "browser" / "run.sh"


def run_sh(**env):
    # DLNOTES_CHROMIUM set: the only Chromium tried, and nothing is installed (no apt-get, no npm)
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    environment.update(env)
    return subprocess.run([str(RUN_SH)], capture_output=True, text=True, timeout=60, env=environment)


class CannotRun(unittest.TestCase):

    def test_a_missing_browser_skips_outside_ci_and_fails_in_ci(self):
        with tempfile.TemporaryDirectory() as tmp:
            chromium = f"{tmp}/no-chromium"
            message = f"DLNOTES_CHROMIUM={chromium} is not a Chromium"
            result = run_sh(DLNOTES_CHROMIUM=chromium)
            self.assertEqual(0, result.returncode, result.stdout + result.stderr)
            self.assertIn("SKIPPED the browser test", result.stdout)
            self.assertIn(message, result.stdout)
            self.assertIn("Point it at a Chromium binary", result.stdout)
            for ci in ("true", "TRUE"):
                with self.subTest(CI=ci):
                    result = run_sh(DLNOTES_CHROMIUM=chromium, CI=ci)
                    self.assertEqual(1, result.returncode, result.stdout + result.stderr)
                    self.assertNotIn("SKIPPED", result.stdout)
                    self.assertIn("FAILED: the browser test cannot run, and in CI (CI=true)", result.stdout)
                    self.assertIn(message, result.stdout)
                    self.assertIn("Point it at a Chromium binary", result.stdout)


if __name__ == "__main__":
    unittest.main()
