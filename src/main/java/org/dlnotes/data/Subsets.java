package org.dlnotes.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Parts of a labelled dataset that keep everything else about it (feature names, image shape): chosen rows, or the
 * rows of some classes relabelled as a smaller problem (digits 0–4 as a 5-class task, say).
 *
 * <pre>{@code
 * LabelledData firstFive = Subsets.classes(Datasets.mnistTrain(), "0", "1", "2", "3", "4");
 * LabelledData some = Subsets.rows(data, new int[] {0, 5, 7});
 * }</pre>
 */
public final class Subsets {

    private Subsets() {
    }

    /**
     * The rows with these indices, in this order (an index may repeat).
     *
     * @throws IllegalArgumentException for no indices or an index outside [0, size)
     */
    public static LabelledData rows(LabelledData data, int[] indices) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("indices must not be empty");
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= data.size()) {
                throw new IllegalArgumentException("indices[" + i + "] is " + indices[i] + ", outside [0, "
                        + data.size() + ")");
            }
        }
        return data.rows(indices, "rows");
    }

    /**
     * The rows of the named classes, relabelled 0..k−1 in the order given; class names are kept.
     *
     * @throws IllegalArgumentException for an unknown or repeated class, or fewer than two classes
     */
    public static LabelledData classes(LabelledData data, String... names) {
        Objects.requireNonNull(data, "data");
        if (names.length < 2) {
            throw new IllegalArgumentException("names must list at least 2 classes, but is " + Arrays.toString(names));
        }
        int[] newIndex = new int[data.classes().size()];
        Arrays.fill(newIndex, -1);
        for (int k = 0; k < names.length; k++) {
            int old = data.classes().indexOf(names[k]);
            if (old < 0) {
                throw new IllegalArgumentException("class '" + names[k] + "' is not one of " + data.classes());
            }
            if (newIndex[old] >= 0) {
                throw new IllegalArgumentException("class '" + names[k] + "' is listed twice");
            }
            newIndex[old] = k;
        }
        int[] labels = data.labelIndices();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (newIndex[labels[i]] >= 0) {
                keep.add(i);
            }
        }
        if (keep.isEmpty()) {
            throw new DataException("Dataset '" + data.name() + "' has no rows of classes " + Arrays.toString(names));
        }
        int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
        int[] relabelled = Arrays.stream(rows).map(i -> newIndex[labels[i]]).toArray();
        LabelledData picked = data.rows(rows, "classes" + Arrays.toString(names).replace(" ", ""));
        return LabelledData.of(picked.name(), picked.features(), relabelled, List.of(names), picked.featureNames(),
                picked.imageShape().length == 0 ? null : picked.imageShape());
    }
}
