package org.dlnotes.recommend;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Top-k recommendation and its scoring against a known truth. A user's candidates are the items they have not rated
 * in the training ratings; a model recommends its k best-scored candidates; the truth's k best candidates are the
 * items the user would in fact like most. Hits@k is the share of the model's k that are among the truth's k.
 *
 * <pre>{@code
 * double hits = Ranking.hitsAtK(model, world.truth(), split.train(), 10);
 * double chance = Ranking.expectedRandomHitsAtK(split.train(), 10);
 * }</pre>
 */
public final class Ranking {

    private Ranking() {
    }

    /**
     * Indices of the k largest scores, best first (ties: lower index first), skipping the indices set in
     * {@code exclude} (may be null). Fewer than k if fewer remain.
     *
     * @throws IllegalArgumentException if k &lt; 1 or a score is NaN
     */
    public static int[] topK(double[] scores, int k, BitSet exclude) {
        Objects.requireNonNull(scores, "scores");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, but is " + k);
        }
        // min-heap of the best k seen: worst at the head (lower score, or equal score and higher index)
        PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> scores[a] != scores[b]
                ? Double.compare(scores[a], scores[b]) : Integer.compare(b, a));
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "] is NaN");
            }
            if (exclude != null && exclude.get(i)) {
                continue;
            }
            heap.add(i);
            if (heap.size() > k) {
                heap.poll();
            }
        }
        int[] out = new int[heap.size()];
        for (int j = out.length - 1; j >= 0; j--) {
            out[j] = heap.poll();
        }
        return out;
    }

    /** The model's top-k unrated items of one user (best first), its candidates being the items not in train. */
    public static int[] recommend(RatingModel model, Ratings train, int user, int k) {
        return topK(model.scores(user, train.numItems()), k, train.ratedByUser().get(user));
    }

    /**
     * Mean over users of |model's top k ∩ truth's top k| / k, both among the user's unrated items (those not in
     * {@code train}). Users with fewer than k unrated items are skipped.
     *
     * @throws IllegalArgumentException if k &lt; 1 or no user has k unrated items
     */
    public static double hitsAtK(RatingModel model, RatingModel truth, Ratings train, int k) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(truth, "truth");
        List<BitSet> rated = train.ratedByUser();
        double sum = 0;
        int users = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            if (train.numItems() - rated.get(u).cardinality() < k) {
                continue;
            }
            int[] recommended = topK(model.scores(u, train.numItems()), k, rated.get(u));
            BitSet best = new BitSet(train.numItems());
            for (int i : topK(truth.scores(u, train.numItems()), k, rated.get(u))) {
                best.set(i);
            }
            int hits = 0;
            for (int i : recommended) {
                hits += best.get(i) ? 1 : 0;
            }
            sum += hits / (double) k;
            users++;
        }
        if (users == 0) {
            throw new IllegalArgumentException("k is " + k + ", but no user has that many unrated items");
        }
        return sum / users;
    }

    /**
     * Hits@k of a recommender that picks k of a user's unrated items at random, in expectation: the mean over users
     * of {@code k / unrated items}.
     */
    public static double expectedRandomHitsAtK(Ratings train, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, but is " + k);
        }
        List<BitSet> rated = train.ratedByUser();
        double sum = 0;
        int users = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            int candidates = train.numItems() - rated.get(u).cardinality();
            if (candidates >= k) {
                sum += k / (double) candidates;
                users++;
            }
        }
        if (users == 0) {
            throw new IllegalArgumentException("k is " + k + ", but no user has that many unrated items");
        }
        return sum / users;
    }
}
