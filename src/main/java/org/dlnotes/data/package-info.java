/**
 * Core package: datasets shipped offline in the repository's {@code data/} folder, and the steps every notebook takes with them.
 *
 * <pre>{@code
 * LabelledData iris = Datasets.iris();                  // checksum-verified, Table + DL4J arrays
 * Split split = iris.split(0.7, 0.15, 42);              // stratified train / validation / test
 * Scaler scaler = Scaler.standardize(split.train());    // fitted on train only
 * Split scaled = scaler.transform(split);
 * DataSetIterator train = scaled.train().batches(16, 42);
 * }</pre>
 *
 * <p>Text: {@link org.dlnotes.data.Datasets#sentiment()}, {@link org.dlnotes.data.Vocabulary},
 * {@link org.dlnotes.data.LanguageModelBatches}. Images: {@link org.dlnotes.data.Datasets#mnistTrain()},
 * {@link org.dlnotes.data.Idx}. Wrong labels on purpose: {@link org.dlnotes.data.LabelNoise}. Files are found and verified by {@link org.dlnotes.data.DataFolder}.
 */
package org.dlnotes.data;
