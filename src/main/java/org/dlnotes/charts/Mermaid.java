package org.dlnotes.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parser for the subset of Mermaid flowcharts the articles use: {@code graph LR} (or {@code flowchart TD} …),
 * nodes {@code A[box]}, {@code A(round)}, {@code A{diamond}}, {@code A((circle))}, edges {@code -->}, {@code ---},
 * {@code -.->}, {@code ==>} with optional labels ({@code A -- text --> B} or {@code A -->|text| B}), chains
 * {@code A --> B --> C}, {@code subgraph title … end}, and {@code %%} comments.
 *
 * <pre>{@code
 * Flowchart chart = Mermaid.parse("graph LR\n  A[大模型] --> B[迁移学习]");
 * BufferedImage image = Graphviz.render(chart.toDot());
 * }</pre>
 */
public final class Mermaid {

    private static final Pattern HEADER = Pattern.compile("^(graph|flowchart)\\s+(LR|RL|TB|TD|BT)\\s*;?$");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\u4e00-\\u9fff]+");

    private Mermaid() {
    }

    /**
     * Extracts the text of every {@code ```mermaid} block from a document (e.g. an article in Markdown).
     *
     * @return the blocks' contents in order; empty if there are none
     */
    public static List<String> blocks(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```mermaid\\s*\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /**
     * Parses one flowchart.
     *
     * @throws IllegalArgumentException naming the line and what was expected, for syntax outside the subset
     */
    public static Flowchart parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] lines = text.split("\\R");
        int i = 0;
        while (i < lines.length && clean(lines[i]).isEmpty()) {
            i++;
        }
        if (i == lines.length) {
            throw new IllegalArgumentException("text must hold a Mermaid flowchart, but is empty");
        }
        Matcher header = HEADER.matcher(clean(lines[i]));
        if (!header.matches()) {
            throw new IllegalArgumentException("line " + (i + 1) + ": expected 'graph LR' (or flowchart with TB, TD, "
                    + "RL, BT), but found '" + lines[i].strip() + "'");
        }
        String direction = header.group(2);
        Map<String, Flowchart.Node> nodes = new LinkedHashMap<>();
        List<Flowchart.Edge> edges = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<List<String>> members = new ArrayList<>();
        int open = -1;
        for (int n = i + 1; n < lines.length; n++) {
            String line = clean(lines[n]);
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("subgraph")) {
                if (open >= 0) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": nested subgraphs are not supported");
                }
                titles.add(line.substring("subgraph".length()).strip().replaceAll("^\"|\"$", ""));
                members.add(new ArrayList<>());
                open = titles.size() - 1;
                continue;
            }
            if (line.equals("end")) {
                if (open < 0) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": 'end' without a subgraph");
                }
                open = -1;
                continue;
            }
            if (line.startsWith("style ") || line.startsWith("classDef ") || line.startsWith("class ")
                    || line.startsWith("linkStyle ") || line.startsWith("click ")) {
                continue;   // presentation only
            }
            new LineParser(line, n + 1, nodes, edges, open >= 0 ? members.get(open) : null).parse();
        }
        if (open >= 0) {
            throw new IllegalArgumentException("subgraph '" + titles.get(open) + "' is not closed with 'end'");
        }
        List<Flowchart.Subgraph> subgraphs = new ArrayList<>();
        for (int s = 0; s < titles.size(); s++) {
            subgraphs.add(new Flowchart.Subgraph(titles.get(s), members.get(s)));
        }
        return new Flowchart(direction, List.copyOf(nodes.values()), edges, subgraphs);
    }

    private static String clean(String line) {
        int comment = line.indexOf("%%");
        return (comment >= 0 ? line.substring(0, comment) : line).strip();
    }

    /** Parses one statement: a node, or a chain of nodes joined by edges. */
    private static final class LineParser {
        private final String s;
        private final int lineNo;
        private final Map<String, Flowchart.Node> nodes;
        private final List<Flowchart.Edge> edges;
        private final List<String> subgraph;
        private int pos;

        LineParser(String s, int lineNo, Map<String, Flowchart.Node> nodes, List<Flowchart.Edge> edges,
                List<String> subgraph) {
            this.s = s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
            this.lineNo = lineNo;
            this.nodes = nodes;
            this.edges = edges;
            this.subgraph = subgraph;
        }

        void parse() {
            String from = node();
            while (true) {
                skipSpace();
                if (pos >= s.length()) {
                    return;
                }
                String[] edge = edge();
                String to = node();
                edges.add(new Flowchart.Edge(from, to, edge[1], edge[0]));
                from = to;
            }
        }

        private String node() {
            skipSpace();
            Matcher m = ID.matcher(s).region(pos, s.length());
            if (!m.lookingAt()) {
                throw fail("a node id");
            }
            String id = m.group();
            pos = m.end();
            String label = null;
            String shape = "box";
            if (s.startsWith("((", pos)) {
                label = until("))");
                shape = "circle";
            } else if (s.startsWith("[", pos)) {
                label = until("]");
            } else if (s.startsWith("(", pos)) {
                label = until(")");
                shape = "round";
            } else if (s.startsWith("{", pos)) {
                label = until("}");
                shape = "diamond";
            }
            Flowchart.Node existing = nodes.get(id);
            if (existing == null) {
                nodes.put(id, new Flowchart.Node(id, label == null ? id : label, shape));
                if (subgraph != null) {
                    subgraph.add(id);
                }
            } else if (label != null) {
                nodes.put(id, new Flowchart.Node(id, label, shape));
            }
            return id;
        }

        /** Reads from after the opening bracket to {@code close}; returns the label without quotes. */
        private String until(String close) {
            int start = pos + (close.length() == 2 ? 2 : 1);
            int end = s.indexOf(close, start);
            if (end < 0) {
                throw fail("'" + close + "' to close the label");
            }
            pos = end + close.length();
            return s.substring(start, end).strip().replaceAll("^\"|\"$", "");
        }

        /** Returns {style, label}. */
        private String[] edge() {
            String label = "";
            String style;
            if (s.startsWith("-->", pos)) {
                pos += 3;
                style = "arrow";
            } else if (s.startsWith("---", pos)) {
                pos += 3;
                style = "line";
            } else if (s.startsWith("-.->", pos)) {
                pos += 4;
                style = "dotted";
            } else if (s.startsWith("==>", pos)) {
                pos += 3;
                style = "thick";
            } else if (s.startsWith("--", pos)) {
                int end = s.indexOf("-->", pos + 2);
                if (end < 0) {
                    throw fail("'-->' after the edge text");
                }
                label = s.substring(pos + 2, end).strip();
                pos = end + 3;
                style = "arrow";
            } else {
                throw fail("an edge (-->, ---, -.->, ==> or -- text -->)");
            }
            skipSpace();
            if (s.startsWith("|", pos)) {
                int end = s.indexOf('|', pos + 1);
                if (end < 0) {
                    throw fail("'|' to close the edge text");
                }
                label = s.substring(pos + 1, end).strip();
                pos = end + 1;
            }
            return new String[] {style, label};
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException fail(String expected) {
            return new IllegalArgumentException("line " + lineNo + ", column " + (pos + 1) + ": expected " + expected
                    + " in '" + s + "'");
        }
    }
}
