package org.dlnotes.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;

class MermaidTest {

    /** Article 002's concept graph, verbatim. */
    static final String ARTICLE_002 = """
            graph LR
                subgraph 数据与计算
                    D[数据成本] --> C[计算成本]
                    C --> S[软件成本]
                end
                subgraph 价格策略
                    P[价格调整] --> M[大模型应用]
                end
                D -- 降低 --> P
                C -- 降低 --> P
                S -- 降低 --> P
                P --> M
            """;

    @Test
    void parsesArticle002WithSubgraphsAndEdgeLabels() {
        Flowchart chart = Mermaid.parse(ARTICLE_002);
        assertEquals("LR", chart.direction());
        assertEquals(List.of("D", "C", "S", "P", "M"), chart.nodes().stream().map(Flowchart.Node::id).toList());
        assertEquals("数据成本", chart.node("D").label());
        assertEquals(7, chart.edges().size());
        assertEquals(3, chart.edges().stream().filter(e -> e.label().equals("降低")).count());
        assertEquals(2, chart.subgraphs().size());
        assertEquals(List.of("D", "C", "S"), chart.subgraphs().get(0).nodeIds());
        assertEquals("价格策略", chart.subgraphs().get(1).title());
        String dot = chart.toDot();
        assertTrue(dot.contains("subgraph cluster_0") && dot.contains("\"D\" -> \"P\" [label=\" 降低 \"]"), dot);
    }

    @Test
    void parsesChainsPipesAndShapesAndFindsBlocksInMarkdown() {
        Flowchart chain = Mermaid.parse("flowchart TD\n A[大模型] --> B(迁移学习) -->|then| C{微调} -.-> D((问题)) %% c");
        assertEquals(3, chain.edges().size());
        assertEquals("then", chain.edges().get(1).label());
        assertEquals("dotted", chain.edges().get(2).style());
        assertEquals("diamond", chain.node("C").shape());
        assertEquals("circle", chain.node("D").shape());
        List<String> blocks = Mermaid.blocks("text\n```mermaid\ngraph LR\n A --> B\n```\nmore\n```python\nx\n```\n");
        assertEquals(List.of("graph LR\n A --> B\n"), blocks);
    }

    @Test
    void syntaxOutsideTheSubsetNamesTheLine() {
        IllegalArgumentException header = assertThrows(IllegalArgumentException.class,
                () -> Mermaid.parse("sequenceDiagram\n A->>B: hi"));
        assertTrue(header.getMessage().startsWith("line 1"), header.getMessage());
        IllegalArgumentException edge = assertThrows(IllegalArgumentException.class,
                () -> Mermaid.parse("graph LR\n A[x] ~~> B"));
        assertTrue(edge.getMessage().contains("line 2") && edge.getMessage().contains("edge"), edge.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mermaid.parse("graph LR\n subgraph a\n A --> B"));
        assertThrows(IllegalArgumentException.class, () -> Mermaid.parse("graph LR\n A[open --> B"));
    }

    @Test
    void graphvizDrawsTheChart() {
        assumeTrue(Graphviz.available(), "Graphviz dot is not installed here");
        BufferedImage image = Graphviz.render(Mermaid.parse(ARTICLE_002).toDot());
        assertTrue(image.getWidth() > 300 && image.getHeight() > 80, image.getWidth() + "x" + image.getHeight());
        IllegalStateException bad = assertThrows(IllegalStateException.class, () -> Graphviz.render("digraph {"));
        assertTrue(bad.getMessage().contains("dot failed"), bad.getMessage());
    }
}
