"""The runner's HTML output as an offline book: index with English and Chinese titles, run time and status; pages
linked previous/next/index; images embedded; MathJax copied locally; no script, stylesheet or image from the
network (or from file:// paths that exist only on this machine)."""
import re
import subprocess
import sys
import tempfile
import unittest
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "environment" / "run_notebooks.py"
KERNELSPEC = {"name": "java", "display_name": "Java (dlnotes)", "language": "java"}

# Attributes that make a browser fetch something; <a href> is a link the reader may follow, not a fetch.
FETCHING = {"script": ["src"], "link": ["href"], "img": ["src", "srcset"], "iframe": ["src"], "frame": ["src"],
            "source": ["src", "srcset"], "video": ["src", "poster"], "audio": ["src"], "embed": ["src"],
            "object": ["data"], "track": ["src"], "input": ["src"], "image": ["href", "xlink:href"],
            "use": ["href", "xlink:href"]}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)


class References(HTMLParser):
    """Every address an HTML page makes a browser fetch: tag attributes, inline CSS url() and @import."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._in_style = [], False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in FETCHING.get(tag, []):
                for part in value.split(",") if name == "srcset" else [value]:
                    self.found.append((tag, name, part.strip().split(" ")[0]))
            if name == "style" and value:
                self.found += [(tag, "style", url) for url in CSS_URL.findall(value)]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [("style", "css", url) for url in CSS_URL.findall(data)]


def references(text):
    parser = References()
    parser.feed(text)
    return parser.found


def non_local(text):
    """The fetched addresses that are not inside the book: any scheme but data:, or protocol-relative."""
    bad = []
    for tag, attr, url in references(text):
        scheme = urlsplit(url).scheme.lower()
        if url.startswith("//") or (scheme and scheme != "data"):
            bad.append(f"<{tag} {attr}={url[:100]}>")
    return bad


def broken_local(page):
    """Local script/stylesheet/image addresses of a page that do not exist in the book."""
    missing = []
    for tag, attr, url in references(page.read_text(encoding="utf-8")):
        parts = urlsplit(url)
        if not parts.scheme and not url.startswith(("//", "#")) and parts.path:
            if not (page.parent / parts.path).is_file():
                missing.append(url)
    return missing


def run(*args):
    return subprocess.run([sys.executable, str(RUNNER), *args], capture_output=True, text=True, timeout=600)


class Scanner(unittest.TestCase):
    """The scanner itself finds what it must find (a scan that cannot fail would prove nothing)."""

    def test_finds_cdn_scripts_stylesheets_images_and_css_urls(self):
        page = """<html><head><script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js"></script>
        <link rel="stylesheet" href="http://example.org/a.css"><style>@import "https://fonts.example/f.css";
        body{background:url('//cdn.example/b.png')}</style></head><body><img src="file:///usr/share/x.png">
        <img src="data:image/png;base64,AAAA"><a href="https://deeplearning4j.konduit.ai/">a link</a>
        <script src="_static/mathjax/MathJax.js?config=TeX"></script></body></html>"""
        bad = non_local(page)
        self.assertEqual(5, len(bad), bad)
        self.assertTrue(any("cdnjs" in b for b in bad))
        self.assertTrue(any("file:///usr/share/x.png" in b for b in bad))
        self.assertFalse(any("konduit" in b for b in bad), "an <a href> is a link, not a fetch")


class Book(unittest.TestCase):
    """Two small notebooks through the runner, as a book."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tmp = Path(cls.tmp.name)
        first = [new_markdown_cell("# 1 · Mathematics · 数学模型和公式\n\nThe softmax "
                                   "$\\sigma(z)_i = e^{z_i} / \\sum_j e^{z_j}$ and a display\n\n"
                                   "$$L = -\\sum_i y_i \\log \\hat y_i$$"),
                 new_code_cell("var image = new java.awt.image.BufferedImage(40, 20, "
                               "java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
                               "image.getGraphics().fillRect(5, 5, 10, 10);\nimage")]
        second = [new_markdown_cell("# 2 · Background · 背景"), new_code_cell("6 * 7")]
        for name, cells in [("01-maths", first), ("02-background", second)]:
            nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC}), tmp / f"{name}.ipynb")
        cls.out = tmp / "out"
        cls.result = run("--fast", "--notebooks-dir", str(tmp), "--out", str(cls.out))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.assertEqual(0, self.result.returncode, self.result.stdout + self.result.stderr)

    def page(self, name):
        return (self.out / name).read_text(encoding="utf-8")

    def test_index_lists_chapters_with_english_and_chinese_titles_time_kernel_starts_and_status(self):
        index = self.page("index.html")
        self.assertRegex(index, r'<td>1</td><td><a href="01-maths.html">Mathematics</a></td><td lang="zh">数学模型和公式'
                                r'</td><td>1</td><td>[0-9.]+ s</td><td>1</td><td class="ok">ok</td>')
        self.assertIn("All 2 notebooks ran without an error.", index)
        self.assertRegex(index, r'<td>2</td><td><a href="02-background.html">Background</a></td><td lang="zh">背景</td>')

    def test_pages_link_previous_next_and_index_with_time_and_status(self):
        first, second = self.page("01-maths.html"), self.page("02-background.html")
        self.assertNotIn('rel="prev"', first)
        self.assertIn('rel="next" href="02-background.html">Background →</a>', first)
        self.assertIn('rel="prev" href="01-maths.html">← Mathematics</a>', second)
        self.assertNotIn('rel="next"', second)
        for page in (first, second):
            self.assertEqual(2, page.count('<a class="index" href="index.html">'), "index link at top and bottom")
            self.assertRegex(page, r'run time [0-9.]+ s · status <span class="status ok">ok</span>')

    def test_images_are_embedded(self):
        page = self.page("01-maths.html")
        self.assertIn('src="data:image/png;base64,', page)
        images = [url for tag, attr, url in references(page) if tag == "img"]
        self.assertTrue(images)
        self.assertTrue(all(url.startswith("data:image/") for url in images), images)

    def test_mathjax_is_a_local_copy_that_the_page_loads(self):
        page = self.page("01-maths.html")
        scripts = [url for tag, attr, url in references(page) if tag == "script"]
        self.assertIn("_static/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe", scripts)
        for part in ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions/Safe.js",
                     "jax/output/CommonHTML/jax.js", "jax/input/TeX/config.js",
                     "fonts/HTML-CSS/TeX/woff/MathJax_Main-Regular.woff"]:
            self.assertTrue((self.out / "_static" / "mathjax" / part).is_file(), part)
        self.assertIn("\\sum_i y_i", page, "the TeX source is in the page for MathJax to render")

    def test_no_page_fetches_anything_from_the_network(self):
        for page in sorted(self.out.glob("*.html")):
            with self.subTest(page=page.name):
                self.assertEqual([], non_local(page.read_text(encoding="utf-8")))
                self.assertEqual([], broken_local(page))


if __name__ == "__main__":
    unittest.main()
