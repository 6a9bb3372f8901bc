#!/usr/bin/env bash
# Sets this machine up for the dlnotes notebooks. Idempotent: safe to run again, and fast when nothing changed.
#   1. checks Java 17+ and Maven;
#   2. installs Jupyter from Debian packages if missing (as root; otherwise prints the exact command), and Graphviz
#      with a CJK font for the concept graphs;
#   3. builds the library and copies it with its runtime classpath into environment/kernel/lib/, and Spark with DL4J's
#      Spark modules (the provided-scope dependencies) into environment/kernel/spark/ (DLNOTES_SPARK=0 skips them);
#   4. resolves the kernel jar (io.github.padreati:rapaio-jupyter-kernel, version from pom.xml) from Maven Central
#      and checks it against the SHA-256 pinned in environment/kernel.sha256;
#   5. installs the Jupyter kernelspec "java" ("Java (dlnotes)") whose RJK_CLASSPATH is environment/kernel/lib/*.jar.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KERNEL_DIR="$REPO/environment/kernel"
LIB_DIR="$KERNEL_DIR/lib"
KERNEL_NAME="${DLNOTES_KERNEL:-java}"   # another name lets a second checkout keep its own kernel
APT_PACKAGES="jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel libjs-mathjax libjs-requirejs"

# Maven's output goes to a log, shown only when it fails. --strict-checksums: a download whose checksum does not
# match the repository's fails the build instead of a warning.
mvn_() {
  mkdir -p "$KERNEL_DIR"
  if ! mvn -B -q --strict-checksums -Dstyle.color=never "$@" > "$KERNEL_DIR/maven.log" 2>&1; then
    tail -n 40 "$KERNEL_DIR/maven.log" >&2
    return 1
  fi
}
say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# The kernel's threads per operation (section 5), checked before anything is built.
CORES="$(nproc)"
THREADS_PER_OP="${DLNOTES_THREADS_PER_OP:-$(( CORES <= 2 ? 1 : 0 ))}"
[[ "$THREADS_PER_OP" =~ ^(0|[1-9][0-9]*)$ ]] || die "DLNOTES_THREADS_PER_OP must be a whole number of threads per operation (0 for ND4J's default, one per core), not '$THREADS_PER_OP'"

# --- 1. Java 17+ and Maven ------------------------------------------------------------------------------------
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  JAVA="$(readlink -f "$(command -v java)")"
else
  die "no Java found. Install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
fi
java_version="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${java_version%%.*}" =~ ^[0-9]+$ ]] || die "cannot read the Java version of $JAVA."
(( ${java_version%%.*} >= 17 )) || die "Java 17 or newer is needed, but $JAVA is Java $java_version. Set JAVA_HOME to a JDK 17+."
command -v mvn >/dev/null 2>&1 || die "no Maven (mvn) on PATH. Install it (Debian: apt-get install maven)."
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$JAVA")")}"

# --- 2. Jupyter -------------------------------------------------------------------------------------------------
has_jupyter() { "$1" -c 'import notebook, nbclient, nbconvert, nbformat, jupyter_client, ipykernel' >/dev/null 2>&1; }
find_python() {
  local p
  for p in ${DLNOTES_PYTHON:-} /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1 && has_jupyter "$p"; then command -v "$p"; return 0; fi
  done
  return 1
}
if ! PYTHON="$(find_python)"; then
  command -v apt-get >/dev/null 2>&1 || die "Jupyter is missing and there is no apt-get. Install Jupyter Notebook,
  nbconvert, nbclient, jupyter_client and ipykernel with your package manager, then set DLNOTES_PYTHON to that python."
  if [[ "$(id -u)" != 0 ]]; then
    die "Jupyter is missing. Install it as root, then run this again:
  sudo apt-get update && sudo apt-get install -y $APT_PACKAGES"
  fi
  say "installing Jupyter from Debian packages: $APT_PACKAGES"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $APT_PACKAGES >/dev/null
  PYTHON="$(find_python)" || die "Jupyter was installed but /usr/bin/python3 cannot import it."
fi
# Graphviz draws the articles' concept graphs (notebook 02); a CJK font gives their Chinese labels glyphs.
DIAGRAM_PACKAGES="graphviz fonts-wqy-microhei"
if ! command -v dot >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing Graphviz and a CJK font from Debian packages: $DIAGRAM_PACKAGES"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $DIAGRAM_PACKAGES >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $DIAGRAM_PACKAGES >/dev/null; } \
      || say "WARNING: could not install $DIAGRAM_PACKAGES; notebook 02 will say what to install"
  else
    say "WARNING: Graphviz (dot) or a CJK font is missing; notebook 02 needs them: sudo apt-get install -y $DIAGRAM_PACKAGES"
  fi
fi
JUPYTER=("$PYTHON" -Xfrozen_modules=off -m jupyter)
mkdir -p "$KERNEL_DIR"
echo "$PYTHON" > "$KERNEL_DIR/python"   # the Python with Jupyter, for environment/dlnotes

# --- 3. Library and its runtime classpath -----------------------------------------------------------------------
# nd4j-native's oneDNN build for this CPU: -onednn-avx2 needs AVX2 and FMA (its own loops are compiled for them);
# plain -onednn runs on any x86-64 (oneDNN itself picks its kernels at run time). DLNOTES_ND4J_BUILD overrides.
cpu_flags="$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)"
if [[ -n "${DLNOTES_ND4J_BUILD:-}" ]]; then
  ND4J_BUILD="$DLNOTES_ND4J_BUILD"
elif [[ " $cpu_flags " == *" avx2 "* && " $cpu_flags " == *" fma "* ]]; then
  ND4J_BUILD="linux-x86_64-onednn-avx2"
else
  ND4J_BUILD="linux-x86_64-onednn"
fi
stamp="$LIB_DIR/.built"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$ND4J_BUILD" \
      && -z "$(find "$REPO/pom.xml" "$REPO/src/main" -newer "$stamp" -print -quit)" ]]; then
  say "library up to date in ${LIB_DIR#$REPO/} (nd4j-native $ND4J_BUILD)"
else
  say "building the library and copying its runtime classpath to ${LIB_DIR#$REPO/} (nd4j-native $ND4J_BUILD)"
  rm -rf "$LIB_DIR"
  # the kernel needs no sources or Javadoc jar (mvn verify and install make them)
  (cd "$REPO" && mvn_ -DskipTests -Dmaven.source.skip=true -Dmaven.javadoc.skip=true -Dnd4j.classifier="$ND4J_BUILD" \
      package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB_DIR") \
    || die "the Maven build failed (see above)."
  cp "$(ls "$REPO"/target/dlnotes-*.jar | grep -Ev -- '-(sources|javadoc)\.jar$')" "$LIB_DIR/dlnotes.jar"
  echo "$ND4J_BUILD" > "$stamp"
fi

# Spark is not on the kernel's classpath: notebook 09b runs its Spark jobs in a child JVM with these jars added.
SPARK_DIR="$KERNEL_DIR/spark"
if [[ "${DLNOTES_SPARK:-1}" == 0 ]]; then
  say "skipping the Spark jars (DLNOTES_SPARK=0); notebook 09b says how to get them"
elif [[ -f "$SPARK_DIR/.built" && ! "$REPO/pom.xml" -nt "$SPARK_DIR/.built" ]]; then
  say "Spark jars up to date in ${SPARK_DIR#$REPO/}"
else
  say "copying Spark and DL4J's Spark modules (provided scope in pom.xml) to ${SPARK_DIR#$REPO/}"
  rm -rf "$SPARK_DIR"
  (cd "$REPO" && mvn_ dependency:copy-dependencies -DincludeScope=provided -DexcludeArtifactIds=rapaio-jupyter-kernel \
      -DoutputDirectory="$SPARK_DIR") || die "cannot copy the Spark jars (see above); DLNOTES_SPARK=0 skips them."
  touch "$SPARK_DIR/.built"
fi
SPARK_FLAGS=()   # the kernel tells org.dlnotes.distributed.SparkTraining where the Spark jars are
[[ -f "$SPARK_DIR/.built" && "${DLNOTES_SPARK:-1}" != 0 ]] && SPARK_FLAGS=(-Ddlnotes.spark="$SPARK_DIR")

# --- 4. Kernel jar ----------------------------------------------------------------------------------------------
KERNEL_JAR="$KERNEL_DIR/rapaio-jupyter-kernel.jar"
if [[ ! -f "$KERNEL_JAR" || "$REPO/pom.xml" -nt "$KERNEL_JAR" ]]; then
  say "resolving the kernel jar io.github.padreati:rapaio-jupyter-kernel from Maven Central"
  (cd "$REPO" && mvn_ dependency:copy-dependencies -DincludeScope=provided \
      -DincludeArtifactIds=rapaio-jupyter-kernel -Dmdep.stripVersion=true -DoutputDirectory="$KERNEL_DIR") \
    || die "cannot resolve io.github.padreati:rapaio-jupyter-kernel. Check that Maven Central is reachable
  (or your ~/.m2/settings.xml mirror) and run this again."
  [[ -f "$KERNEL_JAR" ]] || die "Maven ran but $KERNEL_JAR is missing."
  touch "$KERNEL_JAR"
fi
# The jar runs every notebook: its SHA-256 must be the one pinned for pom.xml's version (sha256sum format).
KERNEL_VERSION="$(sed -n 's:.*<rapaio.kernel.version>\(.*\)</rapaio.kernel.version>.*:\1:p' "$REPO/pom.xml")"
KERNEL_M2_JAR="~/.m2/repository/io/github/padreati/rapaio-jupyter-kernel/$KERNEL_VERSION/rapaio-jupyter-kernel-$KERNEL_VERSION.jar"
kernel_pin="$(awk -v jar="rapaio-jupyter-kernel-$KERNEL_VERSION.jar" '$2 == jar { print $1 }' \
  "$REPO/environment/kernel.sha256")"
[[ -n "$kernel_pin" ]] || die "environment/kernel.sha256 pins no SHA-256 for rapaio-jupyter-kernel-$KERNEL_VERSION.jar,
  the version pom.xml asks for. Check that jar (its .sha1 beside it must match Maven Central's), then add the line
  that 'sha256sum $KERNEL_M2_JAR' prints, with the file name only."
kernel_sha="$(sha256sum "$KERNEL_JAR" | cut -d' ' -f1)"
if [[ "$kernel_sha" != "$kernel_pin" ]]; then
  rm -f "$KERNEL_JAR"
  die "the kernel jar's SHA-256 is $kernel_sha, but environment/kernel.sha256 pins $kernel_pin for
  rapaio-jupyter-kernel-$KERNEL_VERSION.jar: the copy in the local Maven repository is damaged or not the published
  one. Delete ${KERNEL_M2_JAR%/*}/ and run this again (the jar was removed from ${KERNEL_DIR#$REPO/})."
fi

# The launcher that turns rapaio's start-up race into a restart instead of a hang (see KernelLauncher.java).
LAUNCHER_DIR="$KERNEL_DIR/launcher"
if [[ ! -f "$LAUNCHER_DIR/KernelLauncher.class" || "$REPO/environment/KernelLauncher.java" -nt "$LAUNCHER_DIR/KernelLauncher.class"
      || "$KERNEL_JAR" -nt "$LAUNCHER_DIR/KernelLauncher.class" ]]; then
  # its warnings (sun.misc.Signal, Thread.stop) are expected: show javac's output only when it fails
  javac_out="$("$(dirname "$JAVA")/javac" --release 17 -cp "$KERNEL_JAR" -d "$LAUNCHER_DIR" \
    "$REPO/environment/KernelLauncher.java" 2>&1)" \
    || die "cannot compile environment/KernelLauncher.java (is $(dirname "$JAVA") a JDK, not a JRE?):
$javac_out"
fi

# --- 5. Kernelspec ----------------------------------------------------------------------------------------------
# The kernel's JVM flags and environment. bench/run.py reads the same values from kernel/runtime.json, so the
# benchmark measures what the notebooks get; bench/README.md records why each one is here.
JVM_FLAGS=(-Xmx6g -Djava.awt.headless=true
  -Dorg.bytedeco.javacpp.maxPhysicalBytes=0          # JavaCPP read /proc/self/statm on every native allocation
  -Dorg.eclipse.deeplearning4j.helpers.disable=false # DL4J's oneDNN layer helpers (org.dlnotes.models.CpuHelpers)
  "${SPARK_FLAGS[@]}"
)
# GNU OpenMP threads that wait for work sleep instead of spinning: on a busy machine (the notebooks' 2 cores shared
# with other processes) spinning ND4J threads took 2-10x longer per training step (bench/README.md).
KERNEL_ENV=(OMP_WAIT_POLICY=PASSIVE)   # KEY=VALUE entries
# Threads per operation: one on machines with at most 2 cores, where a second thread per operation waits for the
# other half at every small op and collapses under load (README, "Threads per operation"); ND4J's default (one per
# core) above that. DLNOTES_THREADS_PER_OP=N picks N, 0 ND4J's default. SD_MAX_THREADS keeps ND4J's thread pool at one
# per core, so that Nd4jThreads.limit(cores) can still raise the limit inside a notebook.
if (( THREADS_PER_OP > 0 )); then
  KERNEL_ENV+=(OMP_NUM_THREADS="$THREADS_PER_OP" OPENBLAS_NUM_THREADS="$THREADS_PER_OP"
               SD_MASTER_THREADS="$THREADS_PER_OP" SD_MAX_THREADS="$(( CORES > THREADS_PER_OP ? CORES : THREADS_PER_OP ))")
  say "kernel: $THREADS_PER_OP thread(s) per operation on $CORES core(s) (DLNOTES_THREADS_PER_OP=0 for ND4J's default)"
fi
spec="$(mktemp -d)"
trap 'rm -rf "$spec"' EXIT
SETUP_JVM_FLAGS="$(printf '%s\n' "${JVM_FLAGS[@]}")" SETUP_KERNEL_ENV="$(printf '%s\n' "${KERNEL_ENV[@]}")" \
"$PYTHON" - "$spec/kernel.json" "$JAVA" "$KERNEL_JAR:$LAUNCHER_DIR" "$LIB_DIR" "$KERNEL_NAME" "$KERNEL_DIR/runtime.json" <<'PY'
import json, os, sys
path, java, classpath, lib, name, runtime = sys.argv[1:]
flags = [f for f in os.environ["SETUP_JVM_FLAGS"].splitlines() if f]
extra_env = dict(kv.split("=", 1) for kv in os.environ["SETUP_KERNEL_ENV"].splitlines() if kv)
json.dump({
    "argv": [java, *flags, "-cp", classpath, "KernelLauncher", "{connection_file}"],
    "display_name": "Java (dlnotes)" if name == "java" else f"Java (dlnotes, {name})",
    "language": "java",
    "interrupt_mode": "signal",  # SIGINT, handled by KernelLauncher: rapaio's own interrupt breaks the kernel
    "env": {
        # rapaio splits RJK_CLASSPATH on ';' and expands globs; a ':'-joined list hangs the kernel at start.
        "RJK_CLASSPATH": lib + "/*.jar",
        "RJK_COMPILER_OPTIONS": "",
        "RJK_INIT_SCRIPT": "",
        "RJK_TIMEOUT_MILLIS": "-1",
        **extra_env,
    },
}, open(path, "w"), indent=2)
with open(runtime, "w") as f:
    json.dump({"jvm_args": flags, "env": extra_env}, f, indent=2)
PY
installed="$("${JUPYTER[@]}" kernelspec list --json 2>/dev/null | "$PYTHON" -c \
  'import json,sys; k=json.load(sys.stdin)["kernelspecs"].get("'$KERNEL_NAME'"); print(k["resource_dir"] if k else "")')"
if [[ -n "$installed" ]] && cmp -s "$spec/kernel.json" "$installed/kernel.json"; then
  say "kernelspec '$KERNEL_NAME' up to date in $installed"
else
  "${JUPYTER[@]}" kernelspec install --user --replace --name "$KERNEL_NAME" "$spec" >/dev/null 2>&1 \
    || die "jupyter kernelspec install failed."
  say "installed kernelspec '$KERNEL_NAME' for $(id -un)"
fi
say "ready: $("${JUPYTER[@]}" kernelspec list 2>/dev/null | grep -E "^ +$KERNEL_NAME " | xargs)"
