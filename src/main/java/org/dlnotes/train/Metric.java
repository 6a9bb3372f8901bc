package org.dlnotes.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A named quality measure the trainer records each epoch, e.g. accuracy. Static methods of this shape (such as
 * those in {@code org.dlnotes.metrics}) plug in as method references.
 */
@FunctionalInterface
public interface Metric {

    /**
     * Computes the metric over a whole data set.
     *
     * @param labels the labels, one-hot or class index per example
     * @param output the network output for the same examples
     */
    double compute(INDArray labels, INDArray output);
}
