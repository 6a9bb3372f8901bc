package org.dlnotes.recommend;

import java.util.Arrays;

import org.dlnotes.metrics.Regression;

/**
 * Anything that predicts a rating for a (user, item) pair: the baselines in {@link Baselines}, a trained
 * {@link MatrixFactorization}, or the ground truth of {@link SyntheticRatings}.
 */
public interface RatingModel {

    /** Predicted ratings of the pairs {@code (users[j], items[j])}. */
    double[] predict(int[] users, int[] items);

    /** Predicted ratings of every rated pair of {@code ratings}, in its order. */
    default double[] predict(Ratings ratings) {
        return predict(ratings.users(), ratings.items());
    }

    /** Predicted rating of every item for one user (index = item), used for ranking. */
    default double[] scores(int user, int numItems) {
        int[] users = new int[numItems];
        Arrays.fill(users, user);
        int[] items = new int[numItems];
        Arrays.setAll(items, i -> i);
        return predict(users, items);
    }

    /** Root mean squared error of this model's predictions against {@code ratings}. */
    default double rmse(Ratings ratings) {
        return Regression.rmse(ratings.ratings(), predict(ratings));
    }
}
