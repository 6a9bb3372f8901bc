package org.dlnotes.notebook;

import java.util.List;

import org.dlnotes.charts.Charts;
import org.knowm.xchart.internal.chartpart.Chart;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

import tech.tablesaw.api.Table;

/**
 * Rich output in the default kernel (rapaio-jupyter-kernel): a cell ending in a Tablesaw {@link Table} shows an HTML
 * table (with the plain-text table beside it), one ending in an XChart chart shows a PNG. Registered through
 * {@code META-INF/services}; the kernel finds it on its classpath. Other kernels ignore it: IJava and JJava get the
 * same display from {@link JavaKernelDisplay}, and {@link Charts#image} shows a chart in any Java kernel.
 */
public final class RapaioDisplayProvider implements DisplayProvider {

    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        return List.of(new TableRenderer());
    }

    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of(new ChartToImage());
    }

    /** Tablesaw table to text/html plus text/plain. */
    static final class TableRenderer implements DisplayRenderer {
        @Override
        public Class<?> rendererClass() {
            return Table.class;
        }

        @Override
        public boolean canRender(String mimeType) {
            return mimeType == null || mimeType.contains("html") || mimeType.contains("text");
        }

        @Override
        public DisplayData render(String mimeType, Object o) {
            Table table = (Table) o;
            DisplayData data = DisplayData.fromHtml(HtmlTable.of(table));
            data.putText(table.print());
            return data;
        }
    }

    /** XChart chart to the image that the kernel's own image renderer shows as a PNG. */
    static final class ChartToImage implements DisplayTransformer {
        @Override
        public boolean canTransform(Object o) {
            return o instanceof Chart;
        }

        @Override
        public Class<?> transformedClass() {
            return Chart.class;
        }

        @Override
        public Object transform(Object o) {
            return Charts.image((Chart<?, ?>) o);
        }
    }
}
