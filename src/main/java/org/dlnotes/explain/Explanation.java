package org.dlnotes.explain;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A local surrogate's explanation of one prediction ({@link LocalSurrogate#explain}).
 *
 * @param instance the explained instance
 * @param modelValue the model's output at the instance
 * @param intercept the surrogate's value at the instance
 * @param coefficients the surrogate's slope per unit of each feature
 * @param fidelity weighted R² of the surrogate on the perturbed samples (1 = the model is linear there)
 * @param samples number of perturbed samples
 * @param kernelWidth the kernel width used
 */
public record Explanation(double[] instance, double modelValue, double intercept, double[] coefficients,
                          double fidelity, int samples, double kernelWidth) {

    /** Copies the arrays. */
    public Explanation {
        instance = instance.clone();
        coefficients = coefficients.clone();
    }

    /** The instance's feature values (a copy). */
    @Override
    public double[] instance() {
        return instance.clone();
    }

    /** The coefficients (a copy). */
    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /**
     * One row per feature, largest |coefficient| first: feature, its value at the instance, its coefficient.
     *
     * @throws IllegalArgumentException if the names do not match the features
     */
    public Table table(List<String> featureNames) {
        if (featureNames.size() != coefficients.length) {
            throw new IllegalArgumentException("featureNames has " + featureNames.size() + " names but the explanation"
                    + " has " + coefficients.length + " features");
        }
        StringColumn name = StringColumn.create("feature");
        DoubleColumn value = DoubleColumn.create("value");
        DoubleColumn coefficient = DoubleColumn.create("coefficient");
        IntStream.range(0, coefficients.length).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -Math.abs(coefficients[j])).thenComparing(j -> j))
                .forEach(j -> {
                    name.append(featureNames.get(j));
                    value.append(instance[j]);
                    coefficient.append(coefficients[j]);
                });
        return Table.create(String.format(java.util.Locale.ROOT, "local surrogate: model %.4f, surrogate %.4f, R² %.3f",
                modelValue, intercept, fidelity)).addColumns(name, value, coefficient);
    }
}
