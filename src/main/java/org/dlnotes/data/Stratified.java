package org.dlnotes.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Seeded, stratified index partitions shared by every labelled dataset (numeric and text). */
final class Stratified {

    private Stratified() {
    }

    /** Row indices of each class, each list shuffled with {@code random}. */
    private static List<List<Integer>> byClass(int[] labels, int numClasses, Random random) {
        List<List<Integer>> rows = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            rows.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            rows.get(labels[i]).add(i);
        }
        rows.forEach(r -> Collections.shuffle(r, random));
        return rows;
    }

    static void checkFraction(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), but is " + value);
        }
    }

    /**
     * Train, validation and test indices: per class, round(n·train) rows to train, round(n·validation) to
     * validation, the rest to test; each part shuffled.
     */
    static int[][] split(int[] labels, int numClasses, double train, double validation, long seed) {
        checkFraction("train", train);
        checkFraction("validation", validation);
        if (train + validation >= 1) {
            throw new IllegalArgumentException("train + validation must be below 1 to leave a test part, but is "
                    + train + " + " + validation + " = " + (train + validation));
        }
        Random random = new Random(seed);
        List<Integer> a = new ArrayList<>(), b = new ArrayList<>(), c = new ArrayList<>();
        for (List<Integer> rows : byClass(labels, numClasses, random)) {
            int nTrain = (int) Math.round(rows.size() * train);
            int nVal = Math.min(rows.size() - nTrain, (int) Math.round(rows.size() * validation));
            a.addAll(rows.subList(0, nTrain));
            b.addAll(rows.subList(nTrain, nTrain + nVal));
            c.addAll(rows.subList(nTrain + nVal, rows.size()));
        }
        String[] names = {"train", "validation", "test"};
        List<List<Integer>> parts = List.of(a, b, c);
        int[][] result = new int[3][];
        for (int p = 0; p < 3; p++) {
            if (parts.get(p).isEmpty()) {
                throw new DataException("Splitting " + labels.length + " rows with train=" + train + ", validation="
                        + validation + " leaves the " + names[p] + " part empty; use more rows or larger fractions.");
            }
            Collections.shuffle(parts.get(p), random);
            result[p] = parts.get(p).stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    /** For each of k folds, {train indices, validation indices}; classes are dealt round-robin over the folds. */
    static int[][][] folds(int[] labels, int numClasses, int k, long seed) {
        if (k < 2 || k > labels.length) {
            throw new IllegalArgumentException("k must be in [2, " + labels.length + "] (the number of rows), but is "
                    + k);
        }
        Random random = new Random(seed);
        int[] fold = new int[labels.length];
        int position = 0;
        for (List<Integer> rows : byClass(labels, numClasses, random)) {
            for (int row : rows) {
                fold[row] = position++ % k;
            }
        }
        int[][][] result = new int[k][2][];
        for (int f = 0; f < k; f++) {
            final int current = f;
            List<Integer> validation = new ArrayList<>(), train = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                (fold[i] == current ? validation : train).add(i);
            }
            Collections.shuffle(train, random);
            result[f][0] = train.stream().mapToInt(Integer::intValue).toArray();
            result[f][1] = validation.stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    /** {@code n} indices drawn per class in proportion to its size (at least one per present class), shuffled. */
    static int[] sample(int[] labels, int numClasses, int n, long seed) {
        if (n < 1 || n > labels.length) {
            throw new IllegalArgumentException("n must be in [1, " + labels.length + "], but is " + n);
        }
        Random random = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> rows : byClass(labels, numClasses, random)) {
            if (!rows.isEmpty()) {
                int take = Math.max(1, (int) Math.round(rows.size() * (double) n / labels.length));
                chosen.addAll(rows.subList(0, Math.min(take, rows.size())));
            }
        }
        Collections.shuffle(chosen, random);
        int[] result = chosen.stream().mapToInt(Integer::intValue).toArray();
        return Arrays.copyOf(result, Math.min(n, result.length));
    }
}
