package org.dlnotes.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One wrongly classified example: its row, true and predicted class, and the probability the model gave its
 * (wrong) prediction. {@link #of} lists a test set's mistakes, most confident first: the ones worth looking at.
 *
 * <pre>{@code
 * List<Misclassified> mistakes = Misclassified.of(test.labels(), net.output(test.features()));
 * int[] rows = mistakes.stream().mapToInt(Misclassified::index).toArray();
 * }</pre>
 *
 * @param index      row in the evaluated data
 * @param truth      true class
 * @param predicted  predicted class (arg-max of the output)
 * @param confidence output of the predicted class
 */
public record Misclassified(int index, int truth, int predicted, double confidence) {

    /**
     * The rows whose arg-max output differs from the label, sorted by confidence, highest first (ties: lower row).
     * {@code labels} one-hot {@code [n, classes]} or class indices; {@code output} {@code [n, classes]}.
     *
     * @throws IllegalArgumentException on shape mismatch, a non-finite output or labels that are not classes
     */
    public static List<Misclassified> of(INDArray labels, INDArray output) {
        INDArray matrix = Inputs.asMatrix(output, "output");
        int classes = Math.toIntExact(matrix.columns());
        if (classes < 2) {
            throw new IllegalArgumentException("output must have one column per class (at least 2), but has "
                    + classes);
        }
        int[] truth = Inputs.classIndices(labels, classes);
        int[] predicted = Inputs.predictedClasses(matrix);
        Inputs.requireSameLength(truth.length, "labels", predicted.length, "output");
        List<Misclassified> mistakes = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != predicted[i]) {
                mistakes.add(new Misclassified(i, truth[i], predicted[i], matrix.getDouble(i, predicted[i])));
            }
        }
        mistakes.sort(Comparator.comparingDouble(Misclassified::confidence).reversed()
                .thenComparingInt(Misclassified::index));
        return List.copyOf(mistakes);
    }

    /** A short caption "true→predicted", e.g. "4→9", with class names. */
    public String caption(List<String> classNames) {
        return classNames.get(truth) + "→" + classNames.get(predicted);
    }
}
