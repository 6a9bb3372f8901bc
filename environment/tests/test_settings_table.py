"""environment/README.md's settings table lists every DLNOTES_* variable the code reads, and nothing else."""
import re
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VARIABLE = re.compile(r"\bDLNOTES_[A-Z0-9_]*[A-Z0-9]\b")
SOURCES = [REPO / "src" / "main", REPO / "environment", REPO / "bench", REPO / ".ci"]
SKIP = {"tests", "node_modules", "kernel", "lab-venv", "bench-venv", "__pycache__"}
SUFFIXES = {".java", ".py", ".sh", ".mjs", ".js", ""}


def read_by_code():
    found = {}
    for root in SOURCES:
        for path in root.rglob("*"):
            if any(part in SKIP for part in path.relative_to(REPO).parts) or not path.is_file():
                continue
            if path.suffix not in SUFFIXES or path.name.endswith(".md"):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            for name in VARIABLE.findall(text):
                found.setdefault(name, path.relative_to(REPO))
    return found


def listed():
    text = (REPO / "environment" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Settings: every `DLNOTES_*` variable", 1)[1].split("\n## ", 1)[0]
    return {m.group(1) for m in re.finditer(r"^\| `(DLNOTES_[A-Z0-9_]+)` \|", section, re.M)}


class SettingsTableTest(unittest.TestCase):
    def test_every_variable_the_code_reads_is_listed(self):
        missing = {name: str(path) for name, path in read_by_code().items() if name not in listed()}
        self.assertEqual({}, missing, "add these to the settings table in environment/README.md")

    def test_every_listed_variable_is_read_somewhere(self):
        stale = listed() - set(read_by_code())
        self.assertEqual(set(), stale, "listed in environment/README.md but read by no code")

    def test_the_table_is_found(self):
        self.assertGreaterEqual(len(listed()), 10)


if __name__ == "__main__":
    unittest.main()
