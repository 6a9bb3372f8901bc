/**
 * Core package: classification, regression and language-model metrics identical to scikit-learn's
 * ({@link org.dlnotes.metrics.ConfusionMatrix} with every {@link org.dlnotes.metrics.Average},
 * {@link org.dlnotes.metrics.ClassificationReport}, ROC and precision-recall curves, log loss, perplexity), and
 * operating points (a threshold for a recall target).
 */
package org.dlnotes.metrics;
