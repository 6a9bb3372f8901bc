package org.dlnotes.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.dlnotes.charts.BarCharts;
import org.dlnotes.charts.Charts;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import tech.tablesaw.api.Table;

/** The benchmark's chart: DL4J / PyTorch throughput ratio per workload, with the parity line at 1. */
final class BenchChart {

    private BenchChart() {
    }

    /** Reads {@code bench.csv} (columns workload, dl4j, ratio, ...) and writes the ratio chart as PNG. */
    static void write(Path csv, Path png) {
        Table t = Table.read().csv(csv.toFile());
        List<String> workloads = t.stringColumn("workload").unique().asList();
        List<String> variants = t.stringColumn("dl4j").unique().asList();
        CategoryChart chart = null;
        for (String variant : variants) {
            Table v = t.where(t.stringColumn("dl4j").isEqualTo(variant));
            double[] ratio = workloads.stream().mapToDouble(w -> {
                Table row = v.where(v.stringColumn("workload").isEqualTo(w));
                return row.rowCount() == 0 ? 0 : row.numberColumn("ratio").getDouble(0);
            }).toArray();
            if (chart == null) {
                chart = BarCharts.of(variant, workloads, ratio);
                chart.setTitle("DL4J / PyTorch throughput (>1: DL4J faster)");
            } else {
                chart.addSeries(variant, workloads, Arrays.stream(ratio).boxed().toList());
            }
        }
        chart.setYAxisTitle("ratio");
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setLegendVisible(true);
        CategorySeries parity = chart.addSeries("parity", workloads, Collections.nCopies(workloads.size(), 1.0));
        parity.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        parity.setMarker(SeriesMarkers.NONE);
        chart.getStyler().setYAxisMin(0.0);
        Charts.savePng(chart, png, 900, 450);
    }
}
