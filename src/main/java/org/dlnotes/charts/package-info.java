/**
 * Core package: charts and table display in the house style, for every notebook. XChart line, bar, scatter,
 * histogram, heat-map and surface charts ({@link org.dlnotes.charts.LineCharts}, {@link org.dlnotes.charts.BarCharts},
 * …), metric charts (confusion matrix, ROC, precision-recall), diagrams (Mermaid, Graphviz, flowcharts), image grids,
 * and {@link org.dlnotes.charts.Charts#image} to show any chart inline; {@link org.dlnotes.charts.Tables} sets how a
 * Tablesaw table prints.
 */
package org.dlnotes.charts;
