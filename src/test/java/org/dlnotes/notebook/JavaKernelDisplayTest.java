package org.dlnotes.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@link JavaKernelDisplay} against stand-ins of IJava 1.3 and JJava 1.0 in {@code src/test/java} (same package and
 * class names as the real kernels, only the methods used by reflection): a table renders as HTML plus text and a chart
 * as a PNG through each kernel's renderer; without a running kernel the call does nothing.
 */
class JavaKernelDisplayTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @AfterEach
    void noKernel() {
        io.github.spencerpark.ijava.IJava.kernel = null;
        org.dflib.jjava.kernel.JavaNotebookStatics.kernel = null;
        org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel = null;
    }

    private static Table table() {
        return Table.create("pairs", StringColumn.create("name", "a<b", "c"), IntColumn.create("n", 1, 2));
    }

    private static XYChart xyChart() {
        XYChart chart = new XYChartBuilder().width(200).height(120).title("line").build();
        chart.addSeries("y", new double[] {0, 1, 2}, new double[] {1, 3, 2});
        return chart;
    }

    private static CategoryChart barChart() {
        CategoryChart chart = new CategoryChartBuilder().width(160).height(100).build();
        chart.addSeries("n", List.of("a", "b"), List.of(1, 2));
        return chart;
    }

    private static void assertHtmlAndText(Map<String, Object> data) {
        String html = (String) data.get("text/html");
        assertNotNull(html, data.keySet().toString());
        assertTrue(html.startsWith("<table") && html.contains("<td>a&lt;b</td><td>1</td>"), html);
        assertEquals(HtmlTable.of(table()), html);
        assertEquals(table().print(), data.get("text/plain"));
    }

    private static void assertPng(Map<String, Object> data, int width, int height) throws Exception {
        byte[] png = Base64.getDecoder().decode((String) data.get("image/png"));
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8), "PNG signature");
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
    }

    @Test
    void ijavaShowsTablesAsHtmlAndChartsAsPng() throws Exception {
        var kernel = new io.github.spencerpark.ijava.JavaKernel();
        io.github.spencerpark.ijava.IJava.kernel = kernel;
        assertTrue(JavaKernelDisplay.registerIfPresent());
        var renderer = kernel.getRenderer();

        assertHtmlAndText(renderer.render(table()).data());
        // IJava 1.3 looks up the value's own class: each concrete chart class is registered
        assertPng(renderer.render(xyChart()).data(), 200, 120);
        assertPng(renderer.render(barChart()).data(), 160, 100);
        assertEquals(Map.of("text/plain", "x"), renderer.render("x").data(), "other values keep the kernel's text");
    }

    @ParameterizedTest(name = "kernel found through {0}")
    @ValueSource(strings = {"BaseKernel.notebookKernel()", "JavaNotebookStatics.kernel()"})
    void jjavaShowsTablesAsHtmlAndChartsAsPng(String holder) throws Exception {
        var kernel = new org.dflib.jjava.kernel.JavaKernel();
        if (holder.startsWith("BaseKernel")) {
            org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel = kernel;
        } else {
            org.dflib.jjava.kernel.JavaNotebookStatics.kernel = kernel;
        }
        assertTrue(JavaKernelDisplay.registerIfPresent());
        var renderer = kernel.getRenderer();

        assertHtmlAndText(renderer.render(table()).data());
        assertPng(renderer.render(xyChart()).data(), 200, 120);
        // a chart class of our own reaches the Chart registration through JJava's walk up the hierarchy
        XYChart sub = new XYChart(90, 60) {
        };
        sub.addSeries("y", new double[] {0, 1}, new double[] {0, 1});
        assertPng(renderer.render(sub).data(), 90, 60);
    }

    @Test
    void registeringTwiceAddsTheRenderersOnce() {
        var kernel = new io.github.spencerpark.ijava.JavaKernel();
        io.github.spencerpark.ijava.IJava.kernel = kernel;
        assertTrue(JavaKernelDisplay.registerIfPresent());
        assertTrue(JavaKernelDisplay.registerIfPresent());
        assertEquals(2, kernel.getRenderer().registrations, "one for tables, one for charts");
        assertEquals(1, kernel.getRenderer().render(table()).data().size() - 1, "html once, beside text");
    }

    @Test
    void withoutARunningKernelItIsANoOp() {
        // the stand-in classes are there but no kernel runs: IJava's holder returns null, JJava's throws
        assertFalse(JavaKernelDisplay.registerIfPresent());
    }

    @Test
    void withoutEitherKernelOnTheClasspathItIsANoOp() {
        var absent = List.of(new JavaKernelDisplay.KernelApi("IJava", "no.such.IJava", "getKernelInstance", "no.such"),
                new JavaKernelDisplay.KernelApi("JJava", "no.such.JJava", "kernel", "no.such"));
        assertFalse(JavaKernelDisplay.registerIfPresent(absent));
    }

    @Test
    void aKernelWhoseDisplayApiDiffersIsLeftAlone() {
        io.github.spencerpark.ijava.IJava.kernel = new io.github.spencerpark.ijava.JavaKernel();
        var other = List.of(new JavaKernelDisplay.KernelApi("IJava", "io.github.spencerpark.ijava.IJava",
                "getKernelInstance", "no.such.display"));
        assertFalse(JavaKernelDisplay.registerIfPresent(other), "no RenderFunction there: nothing registered, no throw");
        assertEquals(0, io.github.spencerpark.ijava.IJava.kernel.getRenderer().registrations);
    }

    @Test
    void theRealKernelNamesAreLookedFor() {
        assertEquals(List.of("io.github.spencerpark.ijava.IJava", "org.dflib.jjava.jupyter.kernel.BaseKernel",
                "org.dflib.jjava.kernel.JavaNotebookStatics", "org.dflib.jjava.JJava"),
                JavaKernelDisplay.KERNELS.stream().map(JavaKernelDisplay.KernelApi::holderClass).toList());
    }
}
