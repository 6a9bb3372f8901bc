package org.dlnotes.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

import org.dlnotes.charts.BarCharts;
import org.dlnotes.charts.Charts;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;

import tech.tablesaw.api.Table;

/** The benchmark's chart: DL4J / PyTorch throughput ratio per workload and DL4J variant, with a parity line at 1. */
final class BenchChart {

    private BenchChart() {
    }

    /** Reads {@code bench.csv} (columns workload, dl4j, ratio, ...) and writes the ratio chart as PNG. */
    static void write(Path csv, Path png) {
        Table t = Table.read().csv(csv.toFile());
        // in the order of the run (Tablesaw's unique() does not keep it)
        List<String> workloads = new ArrayList<>(new LinkedHashSet<>(t.stringColumn("workload").asList()));
        List<String> variants = new ArrayList<>(new LinkedHashSet<>(t.stringColumn("dl4j").asList()));
        CategoryChart chart = null;
        double highest = 1;
        for (String variant : variants) {
            Table v = t.where(t.stringColumn("dl4j").isEqualTo(variant));
            double[] ratio = workloads.stream().mapToDouble(w -> {
                Table row = v.where(v.stringColumn("workload").isEqualTo(w));
                return row.rowCount() == 0 ? 0 : row.numberColumn("ratio").getDouble(0);
            }).toArray();
            highest = Math.max(highest, Arrays.stream(ratio).max().orElse(0));
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
        chart.addAnnotation(new AnnotationLine(1.0, false, false)); // parity, across the whole plot
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.1 * highest);
        Charts.savePng(chart, png, 900, 450);
    }
}
