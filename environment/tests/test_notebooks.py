"""Notebook hygiene: committed without outputs, kernel-agnostic, titled as CONVENTIONS.md asks."""
import re
import unittest
from pathlib import Path

import nbformat

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
MAGIC = re.compile(r"^\s*(%|!)", re.MULTILINE)
CODE_SPAN = re.compile(r"`[^`]*`")
MONEY = re.compile(r"(?<!\\)\$\d")   # "$2.49" that is not written "\$2.49"


class CommittedNotebooks(unittest.TestCase):

    def test_there_are_notebooks(self):
        self.assertTrue(NOTEBOOKS, "notebooks/ holds no .ipynb files")

    def test_names_follow_the_reading_order_convention(self):
        for path in NOTEBOOKS:
            self.assertRegex(path.name, r"^\d\d[a-z]?-[a-z0-9-]+\.ipynb$", path.name)

    def test_committed_without_outputs(self):
        for path in NOTEBOOKS:
            nb = nbformat.read(path, as_version=4)
            for i, cell in enumerate(nb.cells, 1):
                if cell.cell_type == "code":
                    with self.subTest(notebook=path.name, cell=i):
                        self.assertEqual([], cell.outputs, f"{path.name} cell {i} has outputs: clear them")
                        self.assertIsNone(cell.execution_count, f"{path.name} cell {i} has an execution count")

    def test_no_kernel_magics(self):
        for path in NOTEBOOKS:
            nb = nbformat.read(path, as_version=4)
            for i, cell in enumerate(nb.cells, 1):
                if cell.cell_type == "code":
                    self.assertIsNone(MAGIC.search(cell.source),
                                      f"{path.name} cell {i} uses a kernel magic; put the code in the library")

    def test_amounts_of_money_are_not_typeset_as_maths(self):
        # Jupyter and the book's MathJax read "$2.49 ... $12.29" as one formula and set the words between in italics
        for path in NOTEBOOKS:
            nb = nbformat.read(path, as_version=4)
            for i, cell in enumerate(nb.cells, 1):
                if cell.cell_type == "markdown":
                    found = MONEY.findall(CODE_SPAN.sub("", cell.source))
                    self.assertEqual([], found, f"{path.name} cell {i}: write amounts as \\$2.49, not $2.49")

    def test_java_kernel_and_bilingual_title(self):
        for path in NOTEBOOKS:
            nb = nbformat.read(path, as_version=4)
            self.assertEqual("java", nb.metadata.kernelspec.name, path.name)
            first = nb.cells[0]
            self.assertEqual("markdown", first.cell_type, f"{path.name}: the first cell must be the title")
            title = first.source.splitlines()[0]
            self.assertRegex(title, r"^# \d+[a-z]? · .+ · .*[\u4e00-\u9fff]", f"{path.name}: title '{title}'")


if __name__ == "__main__":
    unittest.main()
