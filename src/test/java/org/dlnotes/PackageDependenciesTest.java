package org.dlnotes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's packages form layers: no package cycle, the bottom package {@code core} depends on none of ours, and
 * {@code notebook} (kernel glue) on top, used by no other package. Dependencies are read from the sources under
 * {@code src/main/java}: {@code import org.dlnotes.x.…} lines and qualified names {@code org.dlnotes.x.Y} in code
 * (comments left out).
 */
class PackageDependenciesTest {

    private static final Path ROOT = Path.of("src/main/java/org/dlnotes");
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.dlnotes\\.([a-z][a-z0-9_]*)\\.");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** Package → the other packages of ours it uses. */
    static Map<String, Set<String>> graph;

    @BeforeAll
    static void read() throws IOException {
        graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = ROOT.relativize(file.getParent()).toString().replace(java.io.File.separatorChar, '.');
                Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
                String code = COMMENT.matcher(Files.readString(file)).replaceAll("");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.add(m.group(1));
                    }
                }
            }
        }
    }

    @Test
    void theSourcesAreFound() {
        assertTrue(graph.keySet().containsAll(List.of("core", "data", "models", "notebook", "train")),
                graph.keySet().toString());
        assertTrue(graph.get("train").contains("core"), "train uses core.FastMode: " + graph.get("train"));
    }

    @Test
    void noPackageCycle() {
        for (String start : graph.keySet()) {
            List<String> cycle = pathBack(start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertEquals(null, cycle, "package cycle " + cycle + " in " + graph);
        }
    }

    @Test
    void theBottomPackageUsesNoneOfOurs() {
        assertEquals(Set.of(), graph.get("core"), "core must import nothing of ours");
    }

    @Test
    void onlyKernelGlueUsesTheNotebookPackage() {
        graph.forEach((pkg, uses) -> assertTrue(!uses.contains("notebook"), pkg + " uses notebook: " + uses));
    }

    /** A path from {@code from} back to {@code target}, or null. */
    private static List<String> pathBack(String from, String target, List<String> path, Set<String> seen) {
        for (String next : graph.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(target);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = pathBack(next, target, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    @Test
    void everyPackageSaysWhichLayerItIs() throws IOException {
        Pattern layer = Pattern.compile("^/\\*\\*\\s*\\*\\s*(Core package|Chapter package \\(notebooks? [^)]+\\)|Bottom layer"
                + "|Kernel glue)[:,]");
        for (String pkg : graph.keySet()) {
            Path info = ROOT.resolve(pkg.replace('.', '/')).resolve("package-info.java");
            assertTrue(Files.exists(info), "package " + pkg + " needs a package-info.java that says its layer");
            String text = Files.readString(info);
            assertTrue(layer.matcher(text).find(), "the Javadoc of " + info + " must start with 'Core package:', "
                    + "'Chapter package (notebook NN):', 'Bottom layer:' or 'Kernel glue,', but starts "
                    + text.substring(0, Math.min(80, text.length())));
        }
    }
}
