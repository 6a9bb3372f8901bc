"""The runner's fast_mode follows org.dlnotes.core.FastMode's rule: the cases of src/test/resources/fast-mode.tsv,
which FastModeTest checks in Java, and Java's message for a value that is neither true nor false."""
import ast
import os
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "environment" / "run_notebooks.py"
CASES = REPO / "src" / "test" / "resources" / "fast-mode.tsv"


def runner_fast_mode():
    """The runner's fast_mode, compiled on its own (the runner's Jupyter imports are not needed for it)."""
    tree = ast.parse(RUNNER.read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "fast_mode")
    scope = {"os": os}
    exec(compile(ast.Module(body=[node], type_ignores=[]), str(RUNNER), "exec"), scope)
    return scope["fast_mode"]


class FastMode(unittest.TestCase):

    def test_the_shared_cases_hold(self):
        fast_mode = runner_fast_mode()
        cases = 0
        for line in CASES.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            value, ci, expected = line.split("\t")
            env = {k: v for k, v in (("DLNOTES_FAST", value), ("CI", ci)) if v != "-"}
            with self.subTest(line=line):
                if expected == "error":
                    with self.assertRaises(ValueError) as e:
                        fast_mode(env)
                    self.assertEqual(f"DLNOTES_FAST must be 1 or 0 (true/false), but is '{value}'. Unset it for "
                                     f"full-size runs, or set DLNOTES_FAST=1 for fast mode.", str(e.exception))
                else:
                    self.assertEqual(expected == "true", fast_mode(env))
            cases += 1
        self.assertEqual(15, cases)


if __name__ == "__main__":
    unittest.main()
