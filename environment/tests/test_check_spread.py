"""check_spread.py: the range of each check's value over several books, and its margin to the bound."""
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "environment"))
import check_spread  # noqa: E402


def book(folder, lines):
    folder.mkdir()
    cell = {"cell_type": "code", "source": "", "metadata": {}, "execution_count": 1,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "\n".join(lines) + "\n"}]}
    (folder / "01-x.ipynb").write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                                   "nbformat_minor": 5}), encoding="utf-8")


class Spread(unittest.TestCase):

    def test_lowest_highest_and_margin_of_the_worst_run(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            book(tmp / "a", ["✓ test accuracy 0.9700 ≥ 0.9500", "✓ latency (µs) 120.0 ≤ 200.0", "other output"])
            book(tmp / "b", ["✓ test accuracy 0.9600 ≥ 0.9500", "✓ latency (µs) 180.0 ≤ 200.0"])
            rows = {r[1]: r for r in check_spread.spread([tmp / "a", tmp / "b"])}
            self.assertEqual(("01-x", "test accuracy", 2, 0.96, 0.97, "≥", 0.95), rows["test accuracy"][:7])
            self.assertAlmostEqual(0.01 / 0.95, rows["test accuracy"][7])
            self.assertAlmostEqual(20 / 200, rows["latency (µs)"][7])

    def test_a_folder_without_executed_notebooks_is_a_clear_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run([sys.executable, str(REPO / "environment" / "check_spread.py"), tmp],
                                    capture_output=True, text=True)
            self.assertEqual(2, result.returncode)
            self.assertIn("no executed notebooks in", result.stderr)


if __name__ == "__main__":
    unittest.main()
