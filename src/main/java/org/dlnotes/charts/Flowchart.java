package org.dlnotes.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A flowchart as Mermaid describes it ({@link Mermaid#parse}): a direction, nodes with labels, edges with optional
 * labels, and subgraphs. {@link #toDot()} writes it for Graphviz; {@link Graphviz#render} draws it.
 *
 * @param direction Mermaid direction: LR, RL, TB (= TD) or BT
 * @param nodes nodes in order of first appearance
 * @param edges edges in order of appearance
 * @param subgraphs subgraphs with the ids of the nodes first mentioned inside them
 */
public record Flowchart(String direction, List<Node> nodes, List<Edge> edges, List<Subgraph> subgraphs) {

    /** Copies the lists. */
    public Flowchart {
        Objects.requireNonNull(direction, "direction");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        subgraphs = List.copyOf(subgraphs);
    }

    /**
     * A node.
     *
     * @param id identifier in the Mermaid text
     * @param label text shown (the id when no label is given)
     * @param shape box, round, diamond or circle
     */
    public record Node(String id, String label, String shape) {
    }

    /**
     * An edge.
     *
     * @param from source id
     * @param to target id
     * @param label text on the edge, empty if none
     * @param style arrow, line, dotted or thick
     */
    public record Edge(String from, String to, String label, String style) {
    }

    /**
     * A subgraph.
     *
     * @param title its title
     * @param nodeIds ids of its nodes
     */
    public record Subgraph(String title, List<String> nodeIds) {
    }

    /** The node with {@code id}. */
    public Node node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("id must be a node of this chart " + nodes.stream()
                        .map(Node::id).toList() + ", but is '" + id + "'"));
    }

    /** Graphviz DOT text: boxes with rounded corners, clusters for subgraphs, edge labels; a font with CJK glyphs. */
    public String toDot() {
        String rank = switch (direction) {
            case "TD", "TB" -> "TB";
            default -> direction;
        };
        StringBuilder dot = new StringBuilder();
        dot.append("digraph G {\n  rankdir=").append(rank).append(";\n  bgcolor=\"white\"; pad=0.2; nodesep=0.5;\n")
                .append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#e8f0fb\", color=\"#3b6fb6\", ")
                .append("fontname=\"").append(FONT).append("\", fontsize=14];\n")
                .append("  edge [color=\"#555555\", fontname=\"").append(FONT).append("\", fontsize=12];\n");
        List<String> clustered = new ArrayList<>();
        for (int i = 0; i < subgraphs.size(); i++) {
            Subgraph s = subgraphs.get(i);
            dot.append("  subgraph cluster_").append(i).append(" {\n    label=").append(quote(s.title()))
                    .append("; style=\"rounded,dashed\"; color=\"#888888\"; fontname=\"").append(FONT)
                    .append("\";\n");
            for (String id : s.nodeIds()) {
                dot.append("    ").append(nodeLine(node(id)));
                clustered.add(id);
            }
            dot.append("  }\n");
        }
        for (Node n : nodes) {
            if (!clustered.contains(n.id())) {
                dot.append("  ").append(nodeLine(n));
            }
        }
        for (Edge e : edges) {
            dot.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to())).append(" [");
            List<String> attrs = new ArrayList<>();
            if (!e.label().isEmpty()) {
                attrs.add("label=" + quote(" " + e.label() + " "));
            }
            switch (e.style()) {
                case "line" -> attrs.add("arrowhead=none");
                case "dotted" -> attrs.add("style=dashed");
                case "thick" -> attrs.add("penwidth=2.5");
                default -> { }
            }
            dot.append(String.join(", ", attrs)).append("];\n");
        }
        return dot.append("}\n").toString();
    }

    /** Fonts tried by Graphviz (fontconfig), CJK-capable first. */
    static final String FONT = "WenQuanYi Micro Hei,Noto Sans CJK SC,Noto Sans SC,sans-serif";

    private static String nodeLine(Node n) {
        String shape = switch (n.shape()) {
            case "diamond" -> ", shape=diamond, style=filled";
            case "circle" -> ", shape=circle, style=filled";
            case "round" -> ", style=\"rounded,filled\", peripheries=1";
            default -> "";
        };
        return quote(n.id()) + " [label=" + quote(n.label()) + shape + "];\n";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
