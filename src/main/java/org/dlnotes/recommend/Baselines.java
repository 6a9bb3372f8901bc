package org.dlnotes.recommend;

import java.util.Arrays;

/**
 * The two reference predictors any recommender must beat: the global mean rating, and each item's mean rating
 * (shrunk towards the global mean for items with few ratings). Both give every user the same ranking of items.
 */
public final class Baselines {

    private Baselines() {
    }

    /** Predicts the mean of {@code train} for every pair. */
    public static RatingModel globalMean(Ratings train) {
        double mean = train.mean();
        return (users, items) -> {
            requireSameLength(users, items);
            double[] out = new double[users.length];
            Arrays.fill(out, mean);
            return out;
        };
    }

    /**
     * Predicts each item's mean rating in {@code train}, shrunk towards the global mean μ as
     * {@code (Σ ratings + shrinkage·μ) / (count + shrinkage)}; an item without ratings gets μ. With
     * {@code shrinkage = 0} it is the plain item mean.
     *
     * @throws IllegalArgumentException if shrinkage is negative or not finite
     */
    public static RatingModel itemMean(Ratings train, double shrinkage) {
        if (!(shrinkage >= 0) || Double.isInfinite(shrinkage)) {
            throw new IllegalArgumentException("shrinkage must be a finite number >= 0, but is " + shrinkage);
        }
        double mean = train.mean();
        double[] sums = new double[train.numItems()];
        int[] counts = train.countsPerItem();
        int[] items = train.items();
        double[] values = train.ratings();
        for (int r = 0; r < items.length; r++) {
            sums[items[r]] += values[r];
        }
        double[] itemMeans = new double[train.numItems()];
        for (int i = 0; i < itemMeans.length; i++) {
            itemMeans[i] = counts[i] + shrinkage == 0 ? mean : (sums[i] + shrinkage * mean) / (counts[i] + shrinkage);
        }
        return (u, i) -> {
            requireSameLength(u, i);
            double[] out = new double[i.length];
            for (int j = 0; j < i.length; j++) {
                if (i[j] < 0 || i[j] >= itemMeans.length) {
                    throw new IllegalArgumentException("items[" + j + "] is " + i[j] + ", outside 0.."
                            + (itemMeans.length - 1));
                }
                out[j] = itemMeans[i[j]];
            }
            return out;
        };
    }

    static void requireSameLength(int[] users, int[] items) {
        if (users.length != items.length) {
            throw new IllegalArgumentException("users and items must be equally long, but have " + users.length
                    + " and " + items.length + " entries");
        }
    }
}
