"""The library as a dependency (README: Using the library in your own project): `mvn install` puts the jar, its POM, a
sources jar and a Javadoc jar into a local repository, and the example project in tests/consumer/ builds offline
against it (`mvn -o`), resolves fastutil 8 and nd4j-native's linux-x86_64 natives, and trains a network that
classifies the iris test flowers (the datasets are not in the jar: DLNOTES_DATA points at the checkout's data/). Its
classpath is the kernel's, jar for jar.

The install goes to a temporary local repository, so that the user's ~/.m2 does not get a snapshot of whatever this
checkout holds. That repository is a tree of symbolic links into ~/.m2/repository for everything but org/dlnotes:
the build reads the user's downloaded dependencies and plugins there (Maven 3.8 has no read-only 'tail' repository)
and writes dlnotes into the temporary folder only."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONSUMER = Path(__file__).resolve().parent / "consumer"
M2 = Path(os.environ.get("DLNOTES_M2_REPOSITORY", Path.home() / ".m2" / "repository"))
VERSION = re.search(r"<artifactId>dlnotes</artifactId>\s*<version>([^<]+)</version>", (REPO / "pom.xml").read_text()).group(1)


def linked_repository(target: Path):
    """target/ mirrors M2 by symbolic links, except org/dlnotes, which stays a real (empty) folder of its own."""
    target.mkdir()
    for entry in M2.iterdir():
        if entry.name != "org":
            (target / entry.name).symlink_to(entry)
    (target / "org").mkdir()
    for entry in (M2 / "org").iterdir():
        if entry.name != "dlnotes":
            (target / "org" / entry.name).symlink_to(entry)


def mvn(cwd, local, *args, timeout=1500):
    result = subprocess.run(["mvn", "-B", "-o", "-q", "-Dstyle.color=never", f"-Dmaven.repo.local={local}", *args],
                            cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"mvn {' '.join(args)} in {cwd} failed:\n{result.stdout[-4000:]}{result.stderr[-2000:]}")
    return result


def snapshot(folder: Path):
    return sorted((str(p.relative_to(folder)), p.stat().st_mtime_ns) for p in folder.rglob("*")) if folder.exists() else []


@unittest.skipUnless(shutil.which("mvn"), "no Maven (mvn) on PATH")
class LibraryAsDependency(unittest.TestCase):

    def test_installed_library_builds_and_runs_in_an_offline_consumer_project(self):
        self.assertTrue((M2 / "org").is_dir(), f"{M2} holds no dependencies: run environment/dlnotes setup first")
        users_dlnotes = snapshot(M2 / "org" / "dlnotes")
        with tempfile.TemporaryDirectory() as tmp:
            local = Path(tmp) / "repository"
            linked_repository(local)
            mvn(REPO, local, "-DskipTests", "install")
            installed = local / "org" / "dlnotes" / "dlnotes" / VERSION
            for suffix in (".pom", ".jar", "-sources.jar", "-javadoc.jar"):
                self.assertTrue((installed / f"dlnotes-{VERSION}{suffix}").is_file(), f"mvn install made no *{suffix}")

            consumer = Path(tmp) / "consumer"
            shutil.copytree(CONSUMER, consumer)
            mvn(consumer, local, f"-Ddlnotes.version={VERSION}", "compile", "dependency:build-classpath",
                "-Dmdep.outputFile=classpath.txt")
            classpath = (consumer / "classpath.txt").read_text().strip().split(os.pathsep)
            jars = [Path(j).name for j in classpath]
            self.assertIn(f"dlnotes-{VERSION}.jar", jars)
            self.assertEqual(["fastutil-8.5.12.jar"], [j for j in jars if j.startswith("fastutil-")])
            self.assertIn("nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar", jars)
            self.assertTrue(all(str(local) in j for j in classpath if "dlnotes-" in j), "dlnotes from the temporary repository")
            # the project gets the jars the kernel runs with (set-up's environment/kernel/lib/), no more, no fewer;
            # the kernel's nd4j-native may be the -avx2 build of the same artifact
            kernel_lib = REPO / "environment" / "kernel" / "lib"
            if kernel_lib.is_dir():
                def same(names):
                    return sorted(n.replace(f"dlnotes-{VERSION}.jar", "dlnotes.jar").replace("-onednn-avx2.jar", "-onednn.jar")
                                  for n in names)
                self.assertEqual(same(p.name for p in kernel_lib.glob("*.jar")), same(jars))

            run = subprocess.run(["java", "-Xmx2g", "-Djava.awt.headless=true", "-cp",
                                  os.pathsep.join([str(consumer / "target" / "classes"), *classpath]),
                                  "example.IrisExample"], capture_output=True, text=True, timeout=600,
                                 env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "DLNOTES_DATA": str(REPO / "data"),
                                      "DLNOTES_FAST": "0"})   # CI=true turns fast mode on: 2 epochs, not the example's
            self.assertEqual(0, run.returncode, run.stdout + run.stderr)
            self.assertIn("sepal_length_cm", run.stdout)
            found = re.search(r"test accuracy (\d\.\d+) on (\d+) flowers", run.stdout)
            self.assertIsNotNone(found, run.stdout + run.stderr)
            self.assertEqual("30", found.group(2))
            # notebook 00 trains the same network on the same split to at least 0.9 (its checks cell)
            self.assertGreaterEqual(float(found.group(1)), 0.9, run.stdout)
        self.assertEqual(users_dlnotes, snapshot(M2 / "org" / "dlnotes"), "the user's ~/.m2 org/dlnotes was changed")


if __name__ == "__main__":
    unittest.main()
