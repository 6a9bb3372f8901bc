package org.dlnotes.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ServiceLoader;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DisplayTest {

    @Test
    void shortTableShowsEveryRowWithEscapedCells() {
        Table t = Table.create("pairs", StringColumn.create("name", "a<b", "x&y"), IntColumn.create("n", 1, 2));
        String html = HtmlTable.of(t);
        assertTrue(html.contains("<caption>pairs <small>(2 rows × 2 columns)</small></caption>"), html);
        assertTrue(html.contains("<th>name</th><th>n</th>"), html);
        assertTrue(html.contains("<td>a&lt;b</td><td>1</td>"), html);
        assertTrue(html.contains("<td>x&amp;y</td><td>2</td>"), html);
        assertFalse(html.contains("…"), html);
    }

    @Test
    void longTableShowsHeadEllipsisAndTail() {
        Table t = Table.create("long", IntColumn.create("i", IntStream.range(0, 100).toArray()));
        String html = HtmlTable.of(t);
        assertEquals(HtmlTable.MAX_ROWS + 1, html.split("<tr><td").length - 1, "20 data rows + 1 ellipsis row");
        assertTrue(html.contains("<td>9</td>") && html.contains("<td colspan=\"1\">…</td>") && html.contains("<td>90</td>"));
        assertFalse(html.contains("<td>10</td>") || html.contains("<td>89</td>"), html);
    }

    @Test
    void rapaioProviderIsRegisteredAndRendersTablesAndCharts() {
        DisplayProvider provider = ServiceLoader.load(DisplayProvider.class).findFirst().orElseThrow();
        assertInstanceOf(RapaioDisplayProvider.class, provider);

        var tableRenderer = provider.getDisplayRenderers().get(0);
        assertTrue(tableRenderer.rendererClass().isInstance(Table.create("t")));
        DisplayData data = tableRenderer.render(null, Table.create("t", IntColumn.create("n", new int[] {7})));
        assertTrue(data.data().get("text/html").toString().contains("<td>7</td>"));
        assertTrue(data.data().get("text/plain").toString().contains("7"));

        XYChart chart = new XYChartBuilder().width(320).height(200).build();
        chart.addSeries("s", new double[] {1, 2}, new double[] {3, 4});
        var toImage = provider.getDisplayTransformers().get(0);
        assertTrue(toImage.canTransform(chart));
        assertFalse(toImage.canTransform("not a chart"));
        BufferedImage image = (BufferedImage) toImage.transform(chart);
        assertEquals(320, image.getWidth());
        assertEquals(200, image.getHeight());
    }
}
