"""The benchmark's own logic (bench/run.py), without running it: the peak FLOP/s computed from /proc/cpuinfo,
the table's values and ratios, variant parsing, and the settings it takes from the kernel's set-up."""
import contextlib
import io
import json
import sys
import time
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import run  # noqa: E402  (bench/run.py)


def cpuinfo(cpus, flags, mhz="2445.402", model="AMD EPYC"):
    """/proc/cpuinfo text for (processor, physical id, core id) triples."""
    return "\n\n".join(
        f"processor\t: {p}\nmodel name\t: {model}\ncpu MHz\t\t: {mhz}\nphysical id\t: {s}\ncore id\t\t: {c}\n"
        f"flags\t\t: fpu sse sse2 {flags}" for p, s, c in cpus) + "\n"


class PeakTest(unittest.TestCase):
    def test_avx2_fma_two_cores(self):
        peak = run.peak_gflops(cpuinfo([(0, 0, 0), (1, 0, 1)], "avx fma avx2"))
        self.assertEqual(peak["cores"], 2)
        self.assertEqual(peak["flop_per_cycle"], 32)
        self.assertAlmostEqual(peak["gflops"], 2 * 2.445402 * 32, places=6)

    def test_avx512_counts_64_flop_per_cycle(self):
        peak = run.peak_gflops(cpuinfo([(0, 0, 0)], "avx fma avx2 avx512f"), max_mhz=3000)
        self.assertEqual(peak["flop_per_cycle"], 64)
        self.assertAlmostEqual(peak["gflops"], 192.0)

    def test_a_measured_clock_above_cpuinfos_raises_the_peak_and_a_lower_one_does_not(self):
        m = run.peak_gflops(cpuinfo([(0, 0, 0), (1, 0, 1)], "avx fma avx2 avx512f", mhz="2095.988"))
        m["clock_source"] = "cpu MHz (nominal, no cpufreq)"
        run.calibrate_peak(m, 3300.0)
        self.assertAlmostEqual(m["gflops"], 2 * 3.3 * 64)
        self.assertIn("measured", m["clock_source"])
        low = run.peak_gflops(cpuinfo([(0, 0, 0)], "avx fma avx2", mhz="3000"))
        low["clock_source"] = "cpu MHz (nominal, no cpufreq)"
        run.calibrate_peak(low, 1500.0)
        self.assertAlmostEqual(low["gflops"], 96.0)
        self.assertIn("not above", low["clock_source"])

    def test_a_gemm_faster_than_the_estimate_becomes_the_peak_so_no_row_exceeds_100_percent(self):
        m = run.calibrate_peak(run.peak_gflops(cpuinfo([(0, 0, 0), (1, 0, 1)], "avx fma avx2 avx512f",
                                                       mhz="2095.988")), 0.0)
        with contextlib.redirect_stdout(io.StringIO()) as out:
            run.raise_peak(m, 420.0, "gemm-2048")
        self.assertEqual(m["gflops"], 420.0)
        self.assertIn("gemm-2048", m["peak_source"])
        self.assertIn("above the estimated peak", out.getvalue())
        run.raise_peak(m, 300.0, "gemm-256")  # a slower one changes nothing
        self.assertEqual(m["gflops"], 420.0)

    def test_avx_without_fma_and_plain_sse(self):
        self.assertEqual(run.peak_gflops(cpuinfo([(0, 0, 0)], "avx"))["flop_per_cycle"], 16)
        self.assertEqual(run.peak_gflops(cpuinfo([(0, 0, 0)], "sse4_2"))["flop_per_cycle"], 8)

    def test_hyperthreads_share_a_core(self):
        # four logical CPUs on two physical cores: the FMA units belong to the cores
        text = cpuinfo([(0, 0, 0), (1, 0, 1), (2, 0, 0), (3, 0, 1)], "avx fma avx2")
        peak = run.peak_gflops(text)
        self.assertEqual((peak["cores"], peak["logical"]), (2, 4))

    def test_only_the_allowed_cpus_count(self):
        text = cpuinfo([(0, 0, 0), (1, 0, 1), (2, 0, 2), (3, 0, 3)], "avx fma avx2")
        self.assertEqual(run.peak_gflops(text, allowed={1, 3})["cores"], 2)

    def test_bad_input_fails_clearly(self):
        with self.assertRaisesRegex(ValueError, "no processor entries"):
            run.peak_gflops("")
        with self.assertRaisesRegex(ValueError, "none of the allowed CPUs"):
            run.peak_gflops(cpuinfo([(0, 0, 0)], "avx2 fma"), allowed={7})
        with self.assertRaisesRegex(ValueError, "no clock rate"):
            run.peak_gflops(cpuinfo([(0, 0, 0)], "avx2 fma", mhz="0"))

    def test_this_machine(self):
        m = run.machine()
        self.assertGreater(m["gflops"], 0)
        self.assertGreaterEqual(m["logical"], m["cores"])
        self.assertRegex(run.machine_slug(m), r"^[a-z0-9-]+-\d+c$")


class TableTest(unittest.TestCase):
    def test_values_per_unit(self):
        self.assertAlmostEqual(run.value("gemm-1024", 10, 2.0), 10 * 2 * 1024 ** 3 / 2.0 / 1e9)
        self.assertAlmostEqual(run.value("mlp-train", 20, 0.5), 20 * 128 / 0.5)
        self.assertAlmostEqual(run.value("mlp-infer1", 500, 0.25), 500.0)  # µs per call

    def test_ratio_means_dl4j_faster_above_one_for_every_unit(self):
        self.assertAlmostEqual(run.ratio("mlp-train", 300, 200), 1.5)     # samples/s: DL4J / PyTorch
        self.assertAlmostEqual(run.ratio("mlp-infer1", 200, 300), 1.5)    # µs: PyTorch / DL4J
        with self.assertRaisesRegex(ValueError, "must be positive"):
            run.ratio("mlp-train", 0, 1)

    def test_summary_and_bad_seconds(self):
        self.assertEqual(run.summarize([3, 1, 2]), {"median": 2, "min": 1, "max": 3})
        with self.assertRaisesRegex(ValueError, "no values"):
            run.summarize([])
        with self.assertRaisesRegex(ValueError, "seconds must be > 0"):
            run.value("mlp-train", 1, 0)

    def test_every_workload_has_a_known_unit(self):
        for name, unit, work, description in run.WORKLOADS:
            self.assertIn(unit, {"GFLOP/s", "samples/s", "µs"}, name)
            self.assertGreater(work, 0, name)
            self.assertTrue(description, name)

    def test_torch_worker_knows_the_same_workloads(self):
        # the PyTorch worker dispatches on the same names (it is not imported: torch may be missing here)
        text = (REPO / "bench" / "torch_worker.py").read_text()
        java = (REPO / "bench" / "java" / "org" / "dlnotes" / "bench" / "Workloads.java").read_text()
        for name, *_ in run.WORKLOADS:
            if not name.startswith(("gemm-", "mmul-")):
                self.assertIn(f'"{name}"', text, name)
                self.assertIn(f'"{name}"', java, name)


class VariantTest(unittest.TestCase):
    def test_parse(self):
        v = run.parse_variant("serial;jvm=-XX:+UseSerialGC;env=OMP_NUM_THREADS=1;build=linux-x86_64-avx2")
        self.assertEqual(v, {"label": "serial", "jvm": ["-XX:+UseSerialGC"], "env": {"OMP_NUM_THREADS": "1"},
                             "build": "linux-x86_64-avx2", "plain": False, "cp": []})
        self.assertTrue(run.parse_variant("before;plain")["plain"])

    def test_bad_variants(self):
        with self.assertRaisesRegex(ValueError, "label must be a short word"):
            run.parse_variant(";jvm=-Xmx1g")
        with self.assertRaisesRegex(ValueError, "must be jvm=, env=, build=, cp= or plain"):
            run.parse_variant("x;heap=1g")

    def assert_refused_before_anything_runs(self, option, value, message):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), self.assertRaises(SystemExit) as e:
            run.main(["mlp-train", option, value])
        self.assertEqual(2, e.exception.code)
        self.assertIn(message, err.getvalue())

    def test_negative_jfr_is_refused_before_anything_runs(self):
        self.assert_refused_before_anything_runs("--jfr", "-1", "--jfr must be >= 0")

    def test_negative_load_is_refused_before_anything_runs(self):
        self.assert_refused_before_anything_runs("--load", "-1", "--load must be >= 0")

    def test_missing_build_names_the_fix(self):
        with self.assertRaises(SystemExit) as e:
            run.classpath("linux-x86_64-no-such-build")
        self.assertIn("mvn dependency:get", str(e.exception))


class LoadTest(unittest.TestCase):
    def test_spinners_burn_cpu_until_killed(self):
        spinners = run.start_spinners(2)
        try:
            time.sleep(0.5)
            for p in spinners:
                self.assertIsNone(p.poll(), "a spinner ended by itself")
                ticks = sum(int(x) for x in Path(f"/proc/{p.pid}/stat").read_text().rsplit(")", 1)[1].split()[11:13])
                self.assertGreater(ticks, 2, "a spinner used under 0.03 s of CPU in 0.5 s")  # 100 ticks/s
        finally:
            for p in spinners:
                p.kill()
                p.wait()
        self.assertTrue(all(p.returncode is not None for p in spinners))
        self.assertEqual([], run.start_spinners(0))


class RuntimeSettingsTest(unittest.TestCase):
    def test_bench_uses_the_kernels_flags(self):
        # setup.sh writes kernel/runtime.json beside the kernelspec; the bench starts its JVM with those flags
        runtime = REPO / "environment" / "kernel" / "runtime.json"
        if not runtime.is_file():
            self.skipTest("environment/dlnotes setup has not run")
        flags, env = run.runtime_settings()
        self.assertEqual(flags, json.loads(runtime.read_text())["jvm_args"])
        self.assertIn("-Xmx6g", flags)


FAKE_PYTHON = """#!/bin/sh
# a Python whose torch is version V: answers bench.sh's checks, and prints what it was asked to run
V=VERSION
if [ "$1" = "-c" ]; then
  case "$2" in
    *sys.exit*) case "$V" in 0.*|1.*) exit 1 ;; *) exit 0 ;; esac ;;
    *print*) echo "$V" ;;
  esac
  exit 0
fi
echo "RUN $0 $*"
"""


class PythonChoiceTest(unittest.TestCase):
    """bench/bench.sh: DLNOTES_BENCH_PYTHON first, then the bench's venv with PyTorch 2.x (without setting it up
    again), then setting one up with pip; fake Pythons stand in for the real ones, so nothing is installed."""

    def fake(self, folder, version):
        python = Path(folder) / "bin" / "python"
        python.parent.mkdir(parents=True)
        python.write_text(FAKE_PYTHON.replace("VERSION", version))
        python.chmod(0o755)
        return python

    def bench(self, **env):
        import os
        import subprocess
        return subprocess.run([str(REPO / "bench" / "bench.sh"), "--help"], capture_output=True, text=True,
                              env={**{k: v for k, v in os.environ.items() if not k.startswith("DLNOTES_BENCH")},
                                   **env}, timeout=60)

    def test_override_and_venv(self):
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            chosen = self.fake(Path(tmp) / "own", "2.13.0")
            venv = self.fake(Path(tmp) / "venv", "2.13.0")
            run_py = str(REPO / "bench" / "run.py")
            result = self.bench(DLNOTES_BENCH_PYTHON=str(chosen), DLNOTES_BENCH_VENV=str(venv.parent.parent))
            self.assertIn(f"RUN {chosen} {run_py} --python {chosen} --help", result.stdout)
            result = self.bench(DLNOTES_BENCH_VENV=str(venv.parent.parent))
            self.assertEqual(0, result.returncode, result.stderr)
            self.assertIn(f"RUN {venv} {run_py} --python {venv} --help", result.stdout)
            self.assertIn("torch 2.13.0", result.stdout)
            self.assertNotIn("setting up", result.stdout)

    def test_override_without_torch_is_refused(self):
        result = self.bench(DLNOTES_BENCH_PYTHON="/bin/false")
        self.assertEqual(1, result.returncode)
        self.assertIn("/bin/false cannot import torch", result.stderr)


if __name__ == "__main__":
    unittest.main()
