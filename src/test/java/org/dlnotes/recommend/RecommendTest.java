package org.dlnotes.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dlnotes.train.History;
import org.dlnotes.train.TrainingInterruptedException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

class RecommendTest {

    private static Ratings tiny() {
        // users 0..2, items 0..3
        return Ratings.of(new int[] {0, 0, 1, 1, 2, 2, 2}, new int[] {0, 1, 0, 2, 1, 2, 3},
                new double[] {5, 3, 4, 1, 2, 2, 4}, 3, 4);
    }

    @Test
    void ratingsKeepTheirTriplesAndRejectBadInput() {
        Ratings r = tiny();
        assertEquals(7, r.size());
        assertEquals(3, r.numUsers());
        assertEquals(7 / 12.0, r.density(), 1e-12);
        assertEquals(3.0, r.mean(), 1e-12);
        assertArrayEquals(new int[] {2, 2, 2, 1}, r.countsPerItem());
        assertArrayEquals(new int[] {2, 2, 3}, r.countsPerUser());
        assertEquals("{1, 2, 3}", r.ratedByUser().get(2).toString());
        assertEquals(7, r.table().rowCount());

        assertEquals("user 0 rates item 0 twice (row 1); keep one rating per pair",
                assertThrows(IllegalArgumentException.class, () -> Ratings.of(new int[] {0, 0}, new int[] {0, 0},
                        new double[] {1, 2}, 1, 1)).getMessage());
        assertEquals("items[0] is 4, outside 0..3", assertThrows(IllegalArgumentException.class,
                () -> Ratings.of(new int[] {0}, new int[] {4}, new double[] {1}, 1, 4)).getMessage());
        assertEquals("ratings[0] is NaN, not a finite number", assertThrows(IllegalArgumentException.class,
                () -> Ratings.of(new int[] {0}, new int[] {0}, new double[] {Double.NaN}, 1, 1)).getMessage());
        assertEquals("users, items and ratings must be equally long, but have 1, 2 and 1 entries",
                assertThrows(IllegalArgumentException.class, () -> Ratings.of(new int[] {0}, new int[] {0, 1},
                        new double[] {1}, 1, 2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ratings.of(new int[0], new int[0], new double[0], 1, 1));
    }

    @Test
    void splitHoldsOutPerUserKeepsOneAndIsReproducible() {
        Ratings all = SyntheticRatings.builder().users(50).items(40).ratingsPerUser(1, 20).seed(3).build().ratings();
        Ratings.Split a = all.split(0.25, 9);
        Ratings.Split b = all.split(0.25, 9);
        assertArrayEquals(a.test().items(), b.test().items());
        assertEquals(all.size(), a.train().size() + a.test().size());
        int[] perUser = all.countsPerUser();
        int[] trainPerUser = a.train().countsPerUser();
        int[] testPerUser = a.test().countsPerUser();
        for (int u = 0; u < 50; u++) {
            assertTrue(trainPerUser[u] >= 1, "user " + u + " keeps a training rating");
            assertEquals(Math.min(Math.round(perUser[u] * 0.25), perUser[u] - 1), testPerUser[u], "user " + u);
        }
        // no pair in both parts
        Set<Long> train = new HashSet<>();
        for (int j = 0; j < a.train().size(); j++) {
            train.add(a.train().users()[j] * 100L + a.train().items()[j]);
        }
        for (int j = 0; j < a.test().size(); j++) {
            assertTrue(!train.contains(a.test().users()[j] * 100L + a.test().items()[j]));
        }
        assertThrows(IllegalArgumentException.class, () -> all.split(1.0, 1));
    }

    @Test
    void syntheticRatingsFollowTheirDocumentedModel() {
        SyntheticRatings world = SyntheticRatings.builder().users(300).items(200).factors(3).ratingsPerUser(10, 30)
                .noise(0.0).seed(11).build();
        Ratings r = world.ratings();
        int[] perUser = r.countsPerUser();
        for (int count : perUser) {
            assertTrue(count >= 10 && count <= 30);
        }
        // with no noise, every rating is the rounded, clamped affinity
        int[] u = r.users();
        int[] i = r.items();
        double[] v = r.ratings();
        for (int j = 0; j < r.size(); j++) {
            assertEquals(Math.max(1, Math.min(5, Math.round(world.affinity(u[j], i[j])))), v[j], 0.0);
        }
        // the most popular item (weight 1) is rated far more often than the least popular
        double[] popularity = world.popularity();
        int most = Ranking.topK(popularity, 1, null)[0];
        int least = Ranking.topK(negate(popularity), 1, null)[0];
        assertTrue(r.countsPerItem()[most] > 5 * Math.max(1, r.countsPerItem()[least]),
                r.countsPerItem()[most] + " vs " + r.countsPerItem()[least]);
        // same seed, same data; another seed, other data
        assertArrayEquals(v, SyntheticRatings.builder().users(300).items(200).factors(3).ratingsPerUser(10, 30)
                .noise(0.0).seed(11).build().ratings().ratings());
        assertTrue(SyntheticRatings.builder().users(300).items(200).seed(12).build().ratings().size() > 0);
        assertEquals(12, world.settings().rowCount());
        assertThrows(IllegalArgumentException.class, () -> SyntheticRatings.builder().items(10).ratingsPerUser(5, 11)
                .build());
        assertThrows(IllegalArgumentException.class, () -> world.affinity(300, 0));
    }

    @Test
    void topKPicksTheLargestSkippingExcludedWithStableTies() {
        double[] scores = {0.5, 2.0, 2.0, -1.0, 3.0};
        assertArrayEquals(new int[] {4, 1, 2}, Ranking.topK(scores, 3, null));
        BitSet exclude = new BitSet();
        exclude.set(4);
        exclude.set(1);
        assertArrayEquals(new int[] {2, 0, 3}, Ranking.topK(scores, 5, exclude));
        assertThrows(IllegalArgumentException.class, () -> Ranking.topK(scores, 0, null));
        assertThrows(IllegalArgumentException.class, () -> Ranking.topK(new double[] {Double.NaN}, 1, null));
    }

    @Test
    void baselinesAndHitsAreComputedExactly() {
        Ratings r = tiny();
        assertArrayEquals(new double[] {3, 3}, Baselines.globalMean(r).predict(new int[] {0, 2}, new int[] {3, 0}));
        // item means: item0 4.5, item1 2.5, item2 1.5, item3 4
        assertArrayEquals(new double[] {4.5, 2.5, 1.5, 4}, Baselines.itemMean(r, 0).scores(0, 4), 1e-12);
        // shrinkage 2 towards 3: item0 (9 + 6) / 4
        assertEquals(15 / 4.0, Baselines.itemMean(r, 2).predict(new int[] {0}, new int[] {0})[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Baselines.itemMean(r, -1));

        // truth = item means; the item-mean model is then perfect and the global mean ranks by index
        RatingModel truth = Baselines.itemMean(r, 0);
        assertEquals(1.0, Ranking.hitsAtK(truth, truth, r, 1), 1e-12);
        // user 0 candidates {2, 3}: truth picks 3, global mean (ties -> lowest index) picks 2: miss;
        // user 1 candidates {1, 3}: truth 3, global 1: miss; user 2 candidate {0}: both 0: hit
        assertEquals(1 / 3.0, Ranking.hitsAtK(Baselines.globalMean(r), truth, r, 1), 1e-12);
        assertEquals((1 / 2.0 + 1 / 2.0 + 1.0) / 3, Ranking.expectedRandomHitsAtK(r, 1), 1e-12);
        assertArrayEquals(new int[] {3, 2}, Ranking.recommend(truth, r, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Ranking.hitsAtK(truth, truth, r, 3));
    }

    @Test
    void matrixFactorisationLearnsTheLatentStructureAndBeatsTheBaselines() {
        SyntheticRatings world = SyntheticRatings.builder().users(80).items(50).factors(2).ratingsPerUser(20, 40)
                .noise(0.3).seed(5).build();
        Ratings.Split split = world.ratings().split(0.2, 1);
        MatrixFactorization mf = MatrixFactorization.builder().users(80).items(50).factors(4).l2(3e-3)
                .updater(new Adam(0.03)).seed(1).epochs(12).batchSize(128).fastMode(false).progressEvery(0).build();
        assertEquals((80 + 50) * (4 + 1) + 1, mf.numParams());
        History history = mf.fit(split.train(), split.test());
        assertEquals(12, history.epochs().size());
        assertEquals(12, mf.epochsTrained());
        double[] val = history.column("val_rmse");
        assertTrue(val[val.length - 1] < val[0] - 0.1, "validation RMSE falls: " + val[0] + " -> "
                + val[val.length - 1]);

        double mfRmse = mf.rmse(split.test());
        double itemMean = Baselines.itemMean(split.train(), 5).rmse(split.test());
        double truthRmse = world.truth().rmse(split.test());
        assertTrue(mfRmse < itemMean - 0.05, "MF " + mfRmse + " vs item mean " + itemMean);
        assertTrue(mfRmse > truthRmse - 0.05, "MF " + mfRmse + " cannot beat the truth " + truthRmse + " by much");
        // the dot product weights stay frozen at 1
        assertEquals(4.0, mf.graph().getLayer("dot").getParam("W").sumNumber().doubleValue(), 0.0);
        assertArrayEquals(new long[] {80, 4}, mf.userFactors().shape());

        double hits = Ranking.hitsAtK(mf, world.truth(), split.train(), 5);
        double popular = Ranking.hitsAtK(Baselines.itemMean(split.train(), 5), world.truth(), split.train(), 5);
        assertTrue(hits > popular + 0.1, "MF hits@5 " + hits + " vs item mean " + popular);

        assertThrows(IllegalArgumentException.class, () -> mf.predict(new int[] {80}, new int[] {0}));
        assertThrows(IllegalStateException.class, () -> MatrixFactorization.builder().users(3).build());
        assertThrows(IllegalArgumentException.class, () -> MatrixFactorization.builder().epochs(0));
        assertThrows(IllegalArgumentException.class, () -> MatrixFactorization.builder().batchSize(0));
    }

    @Test
    void matrixFactorisationRunsTheSharedEpochLoop() {
        Ratings ratings = SyntheticRatings.builder().users(30).items(20).factors(2).ratingsPerUser(5, 10).seed(5)
                .build().ratings();
        List<String> lines = new ArrayList<>();
        MatrixFactorization fast = MatrixFactorization.builder().users(30).items(20).epochs(8).batchSize(64)
                .fastMode(true).progressTo(lines::add).build();
        History h = fast.fit(ratings, null);
        assertEquals(2, h.epochs().size(), "fast mode caps the epochs");
        assertEquals(2, fast.epochsTrained());
        assertEquals(List.of(History.TRAIN_LOSS, "train_rmse", History.SECONDS), h.columns());
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith("epoch 2/2  train_loss "), lines.get(1));

        MatrixFactorization mf = MatrixFactorization.builder().users(30).items(20).epochs(8).fastMode(false)
                .progressTo(line -> Thread.currentThread().interrupt()).build();   // after the first epoch
        TrainingInterruptedException e;
        try {
            e = assertThrows(TrainingInterruptedException.class, () -> mf.fit(ratings, ratings));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
        }
        assertEquals(2, e.epoch());
        assertEquals(1, e.history().epochs().size());
        assertEquals(List.of(History.TRAIN_LOSS, "train_rmse", "val_rmse", History.SECONDS), e.history().columns());
        assertEquals(1, mf.epochsTrained());
    }

    private static double[] negate(double[] values) {
        double[] out = values.clone();
        for (int j = 0; j < out.length; j++) {
            out[j] = -out[j];
        }
        return out;
    }
}
