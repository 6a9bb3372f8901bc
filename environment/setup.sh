#!/usr/bin/env bash
# Sets this machine up for the dlnotes notebooks. Idempotent: safe to run again, and fast when nothing changed.
#   1. checks Java 17+ and Maven;
#   2. installs Jupyter from Debian packages if missing (as root; otherwise prints the exact command), and Graphviz
#      with a CJK font for the concept graphs;
#   3. builds the library and copies it with its runtime classpath into environment/kernel/lib/;
#   4. resolves the kernel jar (io.github.padreati:rapaio-jupyter-kernel, version from pom.xml) from Maven Central;
#   5. installs the Jupyter kernelspec "java" ("Java (dlnotes)") whose RJK_CLASSPATH is environment/kernel/lib/*.jar.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KERNEL_DIR="$REPO/environment/kernel"
LIB_DIR="$KERNEL_DIR/lib"
KERNEL_NAME="${DLNOTES_KERNEL:-java}"   # another name lets a second checkout keep its own kernel
APT_PACKAGES="jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel libjs-mathjax libjs-requirejs"

# Maven's output goes to a log, shown only when it fails.
mvn_() {
  mkdir -p "$KERNEL_DIR"
  if ! mvn -B -q -Dstyle.color=never "$@" > "$KERNEL_DIR/maven.log" 2>&1; then
    tail -n 40 "$KERNEL_DIR/maven.log" >&2
    return 1
  fi
}
say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

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
stamp="$LIB_DIR/.built"
if [[ -f "$stamp" && -z "$(find "$REPO/pom.xml" "$REPO/src/main" -newer "$stamp" -print -quit)" ]]; then
  say "library up to date in ${LIB_DIR#$REPO/}"
else
  say "building the library and copying its runtime classpath to ${LIB_DIR#$REPO/}"
  rm -rf "$LIB_DIR"
  (cd "$REPO" && mvn_ -DskipTests package dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$LIB_DIR") || die "the Maven build failed (see above)."
  cp "$REPO"/target/dlnotes-*.jar "$LIB_DIR/dlnotes.jar"
  touch "$stamp"
fi

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
spec="$(mktemp -d)"
trap 'rm -rf "$spec"' EXIT
"$PYTHON" - "$spec/kernel.json" "$JAVA" "$KERNEL_JAR:$LAUNCHER_DIR" "$LIB_DIR" "$KERNEL_NAME" <<'PY'
import json, sys
path, java, classpath, lib, name = sys.argv[1:]
json.dump({
    "argv": [java, "-Xmx6g", "-Djava.awt.headless=true", "-cp", classpath, "KernelLauncher", "{connection_file}"],
    "display_name": "Java (dlnotes)" if name == "java" else f"Java (dlnotes, {name})",
    "language": "java",
    "interrupt_mode": "signal",  # SIGINT, handled by KernelLauncher: rapaio's own interrupt breaks the kernel
    "env": {
        # rapaio splits RJK_CLASSPATH on ';' and expands globs; a ':'-joined list hangs the kernel at start.
        "RJK_CLASSPATH": lib + "/*.jar",
        "RJK_COMPILER_OPTIONS": "",
        "RJK_INIT_SCRIPT": "",
        "RJK_TIMEOUT_MILLIS": "-1",
    },
}, open(path, "w"), indent=2)
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
