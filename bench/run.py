"""DL4J beside PyTorch on this machine: one table, same workloads, same load.

Run it as `environment/dlnotes bench` (which sets the machine up first). It starts two long-lived workers, the JVM
(bench/java/org/dlnotes/bench/Dl4jWorker.java, on the kernel's classpath environment/kernel/lib/ with the kernel's
JVM flags and environment) and Python (bench/torch_worker.py, the Python that bench/bench.sh picked), prepares the same workload on
both (model, pre-built in-memory batches, warm-up: none of it timed), then alternates timed repeats, DL4J first on
even repeats and PyTorch first on odd ones, so that both sides see the same machine load. Both get the same thread
count (--threads: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and torch.set_num_threads).

Prints one table (median and min-max per side, ratio = DL4J / PyTorch throughput, > 1 means DL4J is faster), the
load average, and the machine's peak float32 FLOP/s (CPU flags × measured clock, at least the best GEMM rate); writes target/bench/bench.csv, bench.png,
summary.md; --record copies the summary to bench/results/DATE-MACHINE.md (kept in the repository).
"""
import argparse
import csv
import datetime
import glob
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIB = REPO / "environment" / "kernel" / "lib"
RUNTIME = REPO / "environment" / "kernel" / "runtime.json"  # the kernel's JVM flags and environment (setup.sh)
OUT = REPO / "target" / "bench"
M2 = Path.home() / ".m2" / "repository" / "org" / "nd4j" / "nd4j-native" / "1.0.0-M2.1"

# name, unit, work per iteration (FLOP for GEMM, samples otherwise), what it is
WORKLOADS = [
    ("gemm-256", "GFLOP/s", 2 * 256 ** 3, "C = A·B into a preallocated C (Nd4j.gemm / torch.mm out=), float32 256×256"),
    ("gemm-512", "GFLOP/s", 2 * 512 ** 3, "C = A·B, float32 512×512"),
    ("gemm-1024", "GFLOP/s", 2 * 1024 ** 3, "C = A·B, float32 1024×1024"),
    ("gemm-2048", "GFLOP/s", 2 * 2048 ** 3, "C = A·B, float32 2048×2048"),
    ("mmul-1024", "GFLOP/s", 2 * 1024 ** 3, "a.mmul(b) / a @ b: a new result array, float32 1024×1024"),
    ("mlp-train", "samples/s", 128, "MLP 784-512-256-10 ReLU, Adam(1e-3), batch 128"),
    ("mlp-tiny-train", "samples/s", 16, "MLP 4-16-3 (iris size, as in the notebooks), Adam, batch 16"),
    ("cnn-train", "samples/s", 64, "CNN 28×28: conv3×3·16, pool, conv3×3·32, pool, dense 64, 10; Adam, batch 64"),
    ("lstm-train", "samples/s", 32, "LSTM LM: vocab 1000, embedding 128, 2×LSTM 128, seq 64; Adam, batch 32"),
    ("mlp-infer1", "µs", 1, "MLP 784-512-256-10, one example per call (latency)"),
    ("cnn-infer1", "µs", 1, "CNN 28×28, one example per call (latency)"),
    ("op-bias-add", "µs", 1, "one tiny op: z += b in place, z 16×16, b a 16-vector (the tiny MLP's bias add)"),
]
UNITS = {name: unit for name, unit, _, _ in WORKLOADS}
WORK = {name: work for name, _, work, _ in WORKLOADS}
DESCRIPTION = {name: d for name, _, _, d in WORKLOADS}


# --- machine ------------------------------------------------------------------------------------------------------
def cpu_info(text):
    """Model, flags, and the physical cores among the logical CPUs of /proc/cpuinfo text."""
    blocks = [b for b in text.strip().split("\n\n") if b.strip()]
    cpus = []
    for b in blocks:
        fields = {}
        for line in b.splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                fields[k.strip()] = v.strip()
        cpus.append(fields)
    if not cpus:
        raise ValueError("no processor entries in the cpuinfo text")
    return cpus


def peak_gflops(cpuinfo_text, allowed=None, max_mhz=None):
    """Peak float32 GFLOP/s = physical cores × clock × FLOP per cycle from the CPU flags.

    FLOP per cycle and core for float32 assumes two vector FMA units (x86 cores since Haswell/Zen 2): avx512f 64,
    avx2 + fma 32, avx 16 (separate add and multiply), else sse 8. `allowed` is the set of logical CPU numbers this
    process may use (default: all); `max_mhz` the maximum clock (default: the `cpu MHz` of cpuinfo).
    Returns a dict with the parts of the computation.
    """
    cpus = cpu_info(cpuinfo_text)
    if allowed is not None:
        cpus = [c for c in cpus if int(c.get("processor", -1)) in allowed]
    if not cpus:
        raise ValueError(f"none of the allowed CPUs {sorted(allowed)} is in the cpuinfo text")
    flags = set(cpus[0].get("flags", "").split())
    if "avx512f" in flags:
        per_cycle, isa = 64, "AVX-512F (2 FMA units assumed)"
    elif "avx2" in flags and "fma" in flags:
        per_cycle, isa = 32, "AVX2 + FMA (2 FMA units)"
    elif "avx" in flags:
        per_cycle, isa = 16, "AVX"
    else:
        per_cycle, isa = 8, "SSE"
    cores = {(c.get("physical id", "0"), c.get("core id", c.get("processor"))) for c in cpus}
    mhz = max_mhz if max_mhz else max(float(c.get("cpu MHz", 0)) for c in cpus)
    if mhz <= 0:
        raise ValueError("no clock rate: cpuinfo has no 'cpu MHz' and no max_mhz was given")
    return {"model": cpus[0].get("model name", "?"), "cores": len(cores), "logical": len(cpus), "mhz": mhz,
            "isa": isa, "flop_per_cycle": per_cycle, "gflops": len(cores) * mhz * 1e-3 * per_cycle,
            "flags": sorted(f for f in flags if re.match(r"(avx|fma|sse4|f16c|amx)", f))}


def machine():
    text = Path("/proc/cpuinfo").read_text()
    allowed = os.sched_getaffinity(0)
    max_mhz = None
    f = Path("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
    if f.is_file():
        max_mhz = int(f.read_text()) / 1000
    peak = peak_gflops(text, allowed, max_mhz)
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    hypervisor = "hypervisor" in Path("/proc/cpuinfo").read_text().split("flags", 1)[1].split("\n", 1)[0]
    peak.update({"memory_gib": round(mem / 2 ** 20, 1), "kernel": platform.release(), "virtual": hypervisor,
                 "clock_source": "cpuinfo_max_freq" if max_mhz else "cpu MHz (nominal, no cpufreq)"})
    return peak


def calibrate_peak(m, measured_mhz):
    """Peak from the measured clock (the DL4J worker's dependent-integer-chain loop) when it is above the clock that
    cpuinfo names: a virtual machine's cpuinfo shows the nominal clock, and its cores run at their boost clock."""
    m["nominal_mhz"] = m["mhz"]
    m["measured_mhz"] = measured_mhz
    if measured_mhz > m["mhz"]:
        m["mhz"] = measured_mhz
        m["clock_source"] = (f"measured (dependent-integer-chain loop, best of 12; cpuinfo says "
                             f"{m['nominal_mhz']:.0f} MHz)")
    else:
        m["clock_source"] = m.get("clock_source", "cpu MHz") + f"; the measured {measured_mhz:.0f} MHz is not above it"
    m["gflops"] = m["cores"] * m["mhz"] * 1e-3 * m["flop_per_cycle"]
    m["peak_source"] = "cores × clock × FLOP/cycle"
    return m


def raise_peak(m, best_gflops, workload):
    """Raises the peak to a measured GEMM rate above it (the estimate's clock or FLOP/cycle was too low), so that no
    '% of peak' exceeds 100 %; says so in m['peak_source']."""
    if best_gflops > m["gflops"]:
        m["gflops"] = best_gflops
        m["peak_source"] = f"the best median GEMM rate measured ({workload}), above cores × clock × FLOP/cycle"
        print(f"note: {workload} ran at {best_gflops:.0f} GFLOP/s, above the estimated peak: the peak is now that "
              f"rate", flush=True)
    return m


def machine_slug(m):
    model = re.sub(r"[^a-z0-9]+", "-", m["model"].lower()).strip("-")
    model = re.sub(r"-(processor|cpu|\d+-core)\b", "", model)
    return f"{model}-{m['cores']}c"


# --- statistics ---------------------------------------------------------------------------------------------------
def summarize(values):
    if not values:
        raise ValueError("no values to summarize")
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def ratio(name, dl4j_median, torch_median):
    """DL4J / PyTorch throughput (> 1: DL4J faster); for a latency the inverse, so it means the same."""
    if dl4j_median <= 0 or torch_median <= 0:
        raise ValueError(f"{name}: medians must be positive, but are {dl4j_median} and {torch_median}")
    return torch_median / dl4j_median if UNITS.get(name) == "µs" else dl4j_median / torch_median


def value(name, iterations, seconds):
    """The table's number for one repeat: GFLOP/s, samples/s, or µs per call for the latency workloads."""
    if seconds <= 0:
        raise ValueError(f"{name}: seconds must be > 0, but is {seconds}")
    if UNITS[name] == "µs":
        return seconds * 1e6 / iterations
    per_second = WORK[name] * iterations / seconds
    return per_second / 1e9 if UNITS[name] == "GFLOP/s" else per_second


def fmt(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


# --- workers ------------------------------------------------------------------------------------------------------
class Worker:
    def __init__(self, name, argv, env, log):
        self.name = name
        self.log = open(log, "w")
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                     env=env, text=True, bufsize=1, cwd=REPO)

    def ask(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"the {self.name} worker exited (status {self.proc.wait()}) on '{command}'; "
                                   f"see {self.log.name}")
            if line.startswith("@@ "):
                answer = line[3:].strip()
                if answer.startswith("error "):
                    raise RuntimeError(f"{self.name} worker, '{command}': {answer[6:]} (log: {self.log.name})")
                return answer

    def run(self, workload, iterations):
        return json.loads(self.ask(f"run {workload} {iterations}"))

    def close(self):
        try:
            self.ask("quit")
        except (RuntimeError, BrokenPipeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def runtime_settings():
    """The kernel's JVM flags and environment as setup.sh wrote them, so the bench measures what notebooks get."""
    if RUNTIME.is_file():
        r = json.loads(RUNTIME.read_text())
        return list(r.get("jvm_args", [])), dict(r.get("env", {}))
    return ["-Xmx6g"], {}


def classpath(nd4j_build):
    jars = sorted(glob.glob(str(LIB / "*.jar")))
    if not jars:
        raise SystemExit(f"no jars in {LIB}: run environment/dlnotes setup first")
    if nd4j_build:
        jar = M2 / f"nd4j-native-1.0.0-M2.1-{nd4j_build}.jar"
        if not jar.is_file():
            raise SystemExit(f"nd4j build {nd4j_build}: {jar} is missing; fetch it with\n  mvn dependency:get "
                             f"-Dartifact=org.nd4j:nd4j-native:1.0.0-M2.1:jar:{nd4j_build}")
        jars = [j for j in jars if not re.search(r"/nd4j-native-[^/]*-linux-x86_64[^/]*\.jar$", j)] + [str(jar)]
    return jars


def compile_java(jars):
    classes = OUT / "classes"
    sources = sorted(glob.glob(str(REPO / "bench" / "java" / "**" / "*.java"), recursive=True))
    newest = max(os.path.getmtime(s) for s in sources + [str(LIB / "dlnotes.jar")])
    stamp = classes / ".built"
    if not stamp.is_file() or stamp.stat().st_mtime < newest:
        shutil.rmtree(classes, ignore_errors=True)
        javac = shutil.which("javac") or str(Path(os.environ.get("JAVA_HOME", "/usr")) / "bin" / "javac")
        subprocess.run([javac, "--release", "17", "-nowarn", "-d", str(classes), "-cp", ":".join(jars)] + sources,
                       check=True)
        stamp.touch()
    return classes


def parse_variant(text):
    """'LABEL;jvm=-XX:+UseSerialGC;env=OMP_NUM_THREADS=1;build=linux-x86_64-avx2;plain' (parts optional, jvm and env
    repeatable; 'plain' starts from bare JVM flags and environment instead of the kernel's)."""
    label, *parts = text.split(";")
    if not label or not re.fullmatch(r"[A-Za-z0-9_.+=-]+", label):
        raise ValueError(f"variant label must be a short word, but is '{label}' in '{text}'")
    v = {"label": label, "jvm": [], "env": {}, "build": None, "plain": False, "cp": []}
    for part in parts:
        key, _, val = part.partition("=")
        if part == "plain":
            v["plain"] = True
        elif key == "jvm":
            v["jvm"].append(val)
        elif key == "env":
            k, _, x = val.partition("=")
            v["env"][k] = x
        elif key == "build":
            v["build"] = val
        elif key == "cp":
            v["cp"].append(val)
        else:
            raise ValueError(f"variant part must be jvm=, env=, build=, cp= or plain, but is '{part}' in '{text}'")
    return v


def load():
    return os.getloadavg()


def start_spinners(n):
    """n processes that keep a CPU busy beside the run (--load N): a loaded machine, the same load every time."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


# --- the benchmark ------------------------------------------------------------------------------------------------
def calibrate(workers, name, target_s):
    """Iterations per repeat so that the slowest side takes about target_s (growing from 1; also warms up)."""
    iterations = 1
    while True:
        slowest = max(w.run(name, iterations)["seconds"] for w in workers)
        if slowest >= target_s / 4 or iterations >= 1 << 20:
            return max(1, round(iterations * target_s / slowest))
        iterations *= 2 if slowest >= target_s / 40 else 8


# Threads per operation: OpenMP's and the BLAS libraries' counts, and ND4J's pool and master threads (the kernel sets
# ND4J's master threads below its pool on small machines; --threads replaces all of them).
THREAD_KEYS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "SD_MASTER_THREADS", "SD_MAX_THREADS")


def start_workers(args):
    jvm_args, kernel_env = runtime_settings()
    env = dict(os.environ)
    env.update(kernel_env)
    threads = str(args.threads)
    for k in THREAD_KEYS:
        env[k] = threads  # the same on both sides: a thread setting is part of the comparison, not of one side
    for kv in args.env:
        k, _, v = kv.partition("=")
        env[k] = v
    java = shutil.which("java") or "java"
    variants = [{"label": "DL4J", "jvm": list(args.jvm_opt), "env": dict(kv.partition("=")[::2] for kv in
                                                                        args.dl4j_env), "build": args.nd4j_build,
                 "plain": False, "cp": []}]
    variants += [parse_variant(v) for v in args.variant]
    workers = []
    for v in variants:
        jars = classpath(v["build"])
        classes = compile_java(jars)
        java_env = dict(env)
        if v["plain"]:
            for k in kernel_env:
                if k in os.environ:
                    java_env[k] = os.environ[k]
                elif k not in THREAD_KEYS:
                    java_env.pop(k, None)
        java_env.update(v["env"])
        name = v["label"] if v["label"] == "DL4J" else f"DL4J:{v['label']}"
        w = Worker(name, [java, *(["-Djava.awt.headless=true", "-Xmx6g"] if v["plain"] else jvm_args), *v["jvm"], "-cp",
                          ":".join([str(classes)] + v["cp"] + jars), "org.dlnotes.bench.Dl4jWorker"],
                   java_env, OUT / f"{name.replace(':', '-')}-worker.log")
        w.variant = v
        workers.append(w)
    torch = None
    if not args.dl4j_only:
        torch = Worker("PyTorch", [args.python, str(REPO / "bench" / "torch_worker.py"), "--threads", threads],
                       env, OUT / "torch-worker.log")
    return workers, torch


def bench(args):
    OUT.mkdir(parents=True, exist_ok=True)
    dl4j, torch = start_workers(args)
    sides = dl4j + ([torch] if torch else [])
    spinners = start_spinners(args.load)
    try:
        m = machine()
        info = {w.name: json.loads(w.ask("info")) for w in dl4j}
        calibrate_peak(m, max(float(d.get("clock_mhz", 0) or 0) for d in info.values()))
        if torch:
            info["PyTorch"] = json.loads(torch.ask("info"))
        print_header(m, info, args)
        rows = []
        profiles = []  # (DL4J side, JFR report)
        for name in args.workloads:
            l0 = load()
            for w in sides:
                w.ask(f"prepare {name}")
            iterations = calibrate(sides, name, args.seconds)
            for _ in range(args.warmup):  # untimed: JIT compilation and workspace growth settle
                for w in sides:
                    w.run(name, iterations)
            values = {w.name: [] for w in sides}
            cpu = {w.name: [] for w in sides}
            thread_cpu = {w.name: [] for w in sides}
            gc_ms = {w.name: [] for w in sides}
            checks = {}
            for r in range(args.repeats):
                # rotate the order every repeat: each side runs first, last and in between equally often
                k = r % len(sides)
                for w in sides[k:] + sides[:k]:
                    res = w.run(name, iterations)
                    values[w.name].append(value(name, iterations, res["seconds"]))
                    cpu[w.name].append(res["cpu_seconds"] / iterations)
                    thread_cpu[w.name].append(res["thread_cpu_seconds"] / iterations)
                    gc_ms[w.name].append(res["gc_ms"])
                    checks[w.name] = res["check"]
            if args.profile:
                for w in dl4j:
                    w.ask(f"profile {name} {iterations}")
            if args.jfr:
                for w in dl4j:
                    rec = OUT / "jfr" / f"{name}-{re.sub(r'[^A-Za-z0-9]+', '-', w.name).strip('-')}.jfr"
                    rec.parent.mkdir(parents=True, exist_ok=True)
                    w.ask(f"jfr {name} {args.jfr * iterations} {rec}")
                    profiles.append((w.name, Path(f"{rec}.txt").read_text()))
                    print(profiles[-1][1], flush=True)
            l1 = load()
            if UNITS[name] == "GFLOP/s":  # no product can beat the peak: a faster one shows the estimate was low
                raise_peak(m, max(statistics.median(v) for v in values.values()), name)
            for w in dl4j:
                d = summarize(values[w.name])
                row = {"workload": name, "dl4j": w.name, "unit": UNITS[name], "iterations": iterations,
                       "repeats": args.repeats, "dl4j_median": d["median"], "dl4j_min": d["min"],
                       "dl4j_max": d["max"], "dl4j_cpu_ms": 1e3 * statistics.median(cpu[w.name]),
                       "dl4j_thread_ms": 1e3 * statistics.median(thread_cpu[w.name]),
                       "dl4j_gc_ms": statistics.median(gc_ms[w.name]), "dl4j_check": checks[w.name],
                       "load1_start": round(l0[0], 2), "load1_end": round(l1[0], 2)}
                if torch:
                    t = summarize(values["PyTorch"])
                    row.update({"torch_median": t["median"], "torch_min": t["min"], "torch_max": t["max"],
                                "torch_cpu_ms": 1e3 * statistics.median(cpu["PyTorch"]),
                                "torch_thread_ms": 1e3 * statistics.median(thread_cpu["PyTorch"]),
                                "torch_check": checks["PyTorch"], "ratio": ratio(name, d["median"], t["median"])})
                rows.append(row)
                print_row(row, m)
        print_footer(rows, m)
        write_csv(rows)
        if torch:
            dl4j[0].ask(f"chart {OUT / 'bench.csv'} {OUT / 'bench.png'}")
        summary = write_summary(rows, m, info, args, profiles)
        if args.record:
            stem = f"{datetime.date.today()}-{machine_slug(m)}"
            dest = REPO / "bench" / "results" / f"{stem}.md"
            k = 2
            while dest.exists():  # a second run on the same day keeps the first
                dest, k = REPO / "bench" / "results" / f"{stem}-{k}.md", k + 1
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(summary, dest)
            print(f"recorded {dest.relative_to(REPO)}")
    finally:
        for p in spinners:
            p.kill()
            p.wait()
        for w in sides:
            w.close()


def print_header(m, info, args):
    print(f"machine: {m['model']}, {m['cores']} cores ({m['logical']} logical), {m['mhz']:.0f} MHz "
          f"[{m['clock_source']}], {m['isa']}: peak float32 {m['gflops']:.0f} GFLOP/s"
          f" = {m['cores']} × {m['mhz'] / 1000:.2f} GHz × {m['flop_per_cycle']} FLOP/cycle")
    for name, d in info.items():
        if name == "PyTorch":
            print(f"PyTorch {d['torch']}: {d['threads']} threads, CPU capability {d['capability']}")
        else:
            print(f"{name}: {d['nd4j_build']}, {d['blas']}, OMP threads {d['omp_threads']}, {d['java']}, "
                  f"JVM {d['jvm_args']}")
    print(f"threads {args.threads} on both sides; {args.repeats} repeats of ~{args.seconds} s each, interleaved; "
          f"{load_note(args)}; load average at start {' '.join(f'{x:.2f}' for x in load())}\n")
    print(f"{'workload':<15} {'DL4J':<12} {'unit':<10} {'DL4J median [min–max]':>26} "
          f"{'PyTorch median [min–max]':>26} {'ratio':>6}  load")


def load_note(args):
    return (f"under load: {args.load} busy-loop process{'es' if args.load > 1 else ''} beside the run (--load)"
            if args.load else "no load added")


def print_row(r, m):
    dl4j = f"{fmt(r['dl4j_median'])} [{fmt(r['dl4j_min'])}–{fmt(r['dl4j_max'])}]"
    torch = f"{fmt(r['torch_median'])} [{fmt(r['torch_min'])}–{fmt(r['torch_max'])}]" if "ratio" in r else "-"
    extra = ""
    if r["unit"] == "GFLOP/s":
        extra = f"  ({100 * r['dl4j_median'] / m['gflops']:.0f}% / " + (
            f"{100 * r['torch_median'] / m['gflops']:.0f}% of peak)" if "ratio" in r else "- of peak)")
    ratio_s = f"{r['ratio']:.2f}" if "ratio" in r else "-"
    print(f"{r['workload']:<15} {r['dl4j']:<12} {r['unit']:<10} {dl4j:>26} {torch:>26} {ratio_s:>6}  "
          f"{r['load1_start']:.1f}→{r['load1_end']:.1f}  cpu/it {r['dl4j_cpu_ms']:.3g}/"
          f"{r.get('torch_cpu_ms', float('nan')):.3g} ms  main thread {r['dl4j_thread_ms']:.3g}/"
          f"{r.get('torch_thread_ms', float('nan')):.3g} ms  gc {r['dl4j_gc_ms']:.0f} ms{extra}", flush=True)


def print_footer(rows, m):
    print(f"\nratio = DL4J / PyTorch throughput (for µs rows PyTorch µs / DL4J µs): > 1 means DL4J is faster. "
          f"load = 1-minute load average before → after the workload; cpu/it = process CPU ms per iteration "
          f"(DL4J/PyTorch), main thread = the same for the "
          f"thread that runs the steps (all of the work when threads = 1); gc = DL4J's GC pause ms per repeat. Load average now "
          f"{' '.join(f'{x:.2f}' for x in load())}")


FIELDS = ["workload", "dl4j", "unit", "dl4j_median", "dl4j_min", "dl4j_max", "torch_median", "torch_min",
          "torch_max", "ratio", "iterations", "repeats", "dl4j_cpu_ms", "torch_cpu_ms", "dl4j_thread_ms",
          "torch_thread_ms", "dl4j_gc_ms", "dl4j_check", "torch_check", "load1_start", "load1_end"]


def write_csv(rows):
    with open(OUT / "bench.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()})


def notebook_table(path):
    if not path.is_file():
        return None
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_summary(rows, m, info, args, profiles=()):
    d = info["DL4J"]
    t = info.get("PyTorch", {})
    lines = [f"# Benchmark {datetime.date.today()} · {m['model']} · {m['cores']} cores", "",
             "`environment/dlnotes bench` (bench/run.py): DL4J beside PyTorch, same workloads, interleaved repeats.",
             "", "## Machine", "",
             f"- CPU: {m['model']}, {m['cores']} physical cores ({m['logical']} logical), {m['mhz']:.0f} MHz "
             f"({m['clock_source']}), {'virtual machine' if m['virtual'] else 'bare metal'}, "
             f"flags {' '.join(m['flags'])}",
             f"- peak float32: {m['gflops']:.0f} GFLOP/s from {m.get('peak_source', 'cores × clock × FLOP/cycle')}"
             f" ({m['cores']} cores × {m['mhz'] / 1000:.2f} GHz × {m['flop_per_cycle']} FLOP/cycle, {m['isa']}, "
             f"= {m['cores'] * m['mhz'] * 1e-3 * m['flop_per_cycle']:.0f} GFLOP/s)",
             f"- memory {m['memory_gib']} GiB, Linux {m['kernel']}",
             f"- DL4J 1.0.0-M2.1, native build `{d['nd4j_build']}`, {d['blas']}, OMP threads {d['omp_threads']}, "
             f"{d['java']}, JVM flags `{d['jvm_args']}`",
             *[f"- variant {name}: `{info[name]['nd4j_build']}`, JVM flags `{info[name]['jvm_args']}`, "
               f"OMP threads {info[name]['omp_threads']}" for name in info if name.startswith("DL4J:")],
             f"- PyTorch {t.get('torch', '-')} (`{args.python}`), {t.get('threads', '-')} threads, "
             f"CPU capability {t.get('capability', '-')}",
             f"- threads {args.threads} on both sides"
             f"{'' if all(str(info[n]['omp_threads']) == str(args.threads) for n in info if n != 'PyTorch') else ' (variants: their own, above)'}"
             f", {args.repeats} repeats of about {args.seconds} s, "
             f"{load_note(args)}, load average at the end {' '.join(f'{x:.2f}' for x in load())}", "",
             "## Results", "",
             "ratio = DL4J / PyTorch throughput (for latencies in µs: PyTorch / DL4J), > 1 means DL4J is faster; "
             "median [min–max] of the repeats; load = 1-minute load average before → after.", "",
             "| workload | what | unit | DL4J | DL4J median [min–max] | PyTorch median [min–max] | ratio | load |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        torch = f"{fmt(r['torch_median'])} [{fmt(r['torch_min'])}–{fmt(r['torch_max'])}]" if "ratio" in r else "-"
        ratio_s = f"{r['ratio']:.2f}" if "ratio" in r else "-"
        lines.append(f"| {r['workload']} | {DESCRIPTION[r['workload']]} | {r['unit']} | {r['dl4j']} | "
                     f"{fmt(r['dl4j_median'])} "
                     f"[{fmt(r['dl4j_min'])}–{fmt(r['dl4j_max'])}] | {torch} | {ratio_s} | "
                     f"{r['load1_start']:.1f}→{r['load1_end']:.1f} |")
    for mode in ("fast", "full"):
        nb = notebook_table(OUT / f"notebooks-{mode}" / "summary.csv")
        if nb:
            lines += ["", f"## Notebooks, {mode} mode", "",
                      "seconds per notebook and kernel start to first result (target/bench/notebooks-"
                      f"{mode}/summary.csv)", "", "| notebook | seconds | first result (s) | status |",
                      "|---|---|---|---|"]
            lines += [f"| {r['notebook']} | {r['seconds']} | {r['first_result_s']} | {r['status']} |" for r in nb]
    if profiles:
        lines += ["", "## Where the DL4J step's time goes (JDK Flight Recorder)", "",
                  "Samples every 2 ms of the thread that runs the steps (bench/java/org/dlnotes/bench/JfrProfile.java)."
                  " native = inside ND4J's C++ ops or BLAS (waiting for their OpenMP threads included); "
                  "Java = DL4J's layers, ND4J's op set-up and workspaces."]
        for side, text in profiles:
            lines += ["", f"{side}:", "", "```", text.rstrip(), "```"]
    path = OUT / "summary.md"
    path.write_text("\n".join(lines) + "\n")
    return path


def run_notebooks(mode):
    """The notebook suite through the headless runner, into target/bench/notebooks-MODE/ (its summary.csv)."""
    python = (REPO / "environment" / "kernel" / "python").read_text().strip()
    argv = [python, "-Xfrozen_modules=off", str(REPO / "environment" / "run_notebooks.py"), "--out",
            str(OUT / f"notebooks-{mode}")] + (["--fast"] if mode == "fast" else [])
    subprocess.run(argv, check=True, cwd=REPO)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    names = [w[0] for w in WORKLOADS]
    p.add_argument("workloads", nargs="*", default=names, help=f"workloads (default all): {' '.join(names)}")
    p.add_argument("--repeats", type=int, default=5, help="timed repeats per side (default 5)")
    p.add_argument("--seconds", type=float, default=1.0, help="target seconds of one repeat (default 1)")
    p.add_argument("--warmup", type=int, default=3, help="untimed repeats per side before timing (default 3)")
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                   help="threads on both sides (default: the CPUs this process may use)")
    p.add_argument("--nd4j-build", default=None,
                   help="nd4j-native classifier to use instead of the kernel's, e.g. linux-x86_64-avx2")

    p.add_argument("--jvm-opt", action="append", default=[], help="extra JVM option for the DL4J worker")
    p.add_argument("--env", action="append", default=[], help="KEY=VALUE for both workers")
    p.add_argument("--dl4j-env", action="append", default=[], help="KEY=VALUE for the DL4J worker only")
    p.add_argument("--variant", action="append", default=[],
                   help="another DL4J worker to compare, e.g. 'serialgc;jvm=-XX:+UseSerialGC;env=KEY=VALUE;"
                        "build=linux-x86_64-avx2' (repeatable; all sides alternate)")
    p.add_argument("--load", type=int, default=0, metavar="N",
                   help="run N busy-loop processes beside the benchmark, to measure under load (default 0)")
    p.add_argument("--python", default="/usr/bin/python3", help="the Python with torch (default /usr/bin/python3)")
    p.add_argument("--dl4j-only", action="store_true", help="skip PyTorch (profiling runs)")
    p.add_argument("--profile", action="store_true", help="also print ND4J's op profile per workload to the log")
    p.add_argument("--jfr", type=int, default=0, metavar="K",
                   help="also record K repeats' worth of steps per workload with JDK Flight Recorder and report where "
                        "the DL4J thread's time goes (target/bench/jfr/, printed and in the summary)")
    p.add_argument("--notebooks", action="store_true",
                   help="first run the notebook suite in fast and full mode and add their times to the summary")
    p.add_argument("--record", action="store_true",
                   help="copy the summary to bench/results/DATE-MACHINE.md (DATE-MACHINE-2.md, ... if it exists)")
    args = p.parse_args(argv)
    unknown = [w for w in args.workloads if w not in names]
    if unknown:
        p.error(f"unknown workloads {unknown}; choose from {names}")
    if args.repeats < 1:
        p.error(f"--repeats must be >= 1, but is {args.repeats}")
    if args.load < 0:
        p.error(f"--load must be >= 0 (0: no added load), but is {args.load}")
    if args.jfr < 0:
        p.error(f"--jfr must be >= 0 (0: no recording), but is {args.jfr}")
    if args.notebooks:
        for mode in ("fast", "full"):
            run_notebooks(mode)
    bench(args)


if __name__ == "__main__":
    main()
