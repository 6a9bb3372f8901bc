package org.dlnotes.recommend;

import java.util.Arrays;
import java.util.Random;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A ratings data set generated from known latent factors, so that a recommender can be scored against the truth
 * and not only against noisy held-out ratings. Used where no real ratings set with a clear licence ships in a
 * registry package.
 *
 * <p>The model, drawn from one {@link Random} with {@link Builder#seed(long)} in this order:
 * <ol>
 *   <li>user biases {@code b_u ~ N(0, userBias²)}, then item biases {@code b_i ~ N(0, itemBias²)};</li>
 *   <li>user factors {@code p_u} and item factors {@code q_i}, each of {@code factors} entries {@code ~ N(0, σ²)}
 *       with {@code σ = (interaction² / factors)^¼}, so that {@code p_u·q_i} has standard deviation
 *       {@code interaction};</li>
 *   <li>item popularity: a random order of the items, the item at rank r (from 1) weighted {@code r^−popularitySkew}
 *       (Zipf-like: a few items get most ratings, as in real catalogues);</li>
 *   <li>per user, a number of ratings uniform in {@code [minPerUser, maxPerUser]}, items drawn by popularity
 *       without replacement (Efraimidis–Spirakis keys);</li>
 *   <li>the true affinity {@code a_ui = mean + b_u + b_i + p_u·q_i}; the observed rating
 *       {@code clamp(round(a_ui + ε), 1, 5)} with {@code ε ~ N(0, noise²)}: whole stars, as users give them.</li>
 * </ol>
 *
 * <pre>{@code
 * SyntheticRatings world = SyntheticRatings.builder().users(800).items(500).factors(4).seed(7).build();
 * Ratings ratings = world.ratings();
 * RatingModel truth = world.truth();            // predicts the affinity a_ui
 * }</pre>
 */
public final class SyntheticRatings {

    /** Fluent settings of the generator; every setter checks its argument. */
    public static final class Builder {
        private int users = 800;
        private int items = 500;
        private int factors = 4;
        private int minPerUser = 20;
        private int maxPerUser = 100;
        private double mean = 3.6;
        private double userBias = 0.35;
        private double itemBias = 0.5;
        private double interaction = 0.8;
        private double noise = 0.5;
        private double popularitySkew = 0.8;
        private long seed = 7;

        private Builder() {
        }

        /** Number of users (default 800). */
        public Builder users(int users) {
            this.users = atLeast("users", users, 1);
            return this;
        }

        /** Number of items (default 500). */
        public Builder items(int items) {
            this.items = atLeast("items", items, 1);
            return this;
        }

        /** Number of latent factors of the true model (default 4). */
        public Builder factors(int factors) {
            this.factors = atLeast("factors", factors, 1);
            return this;
        }

        /** Ratings per user, uniform in [min, max] (default 20..100); max must not exceed the number of items. */
        public Builder ratingsPerUser(int min, int max) {
            atLeast("min", min, 1);
            if (max < min) {
                throw new IllegalArgumentException("max must be >= min (" + min + "), but is " + max);
            }
            this.minPerUser = min;
            this.maxPerUser = max;
            return this;
        }

        /** Global mean of the true affinity (default 3.6 stars). */
        public Builder mean(double mean) {
            this.mean = finite("mean", mean);
            return this;
        }

        /** Standard deviations of the user and item biases (default 0.35 and 0.5). */
        public Builder biases(double user, double item) {
            this.userBias = nonNegative("user bias", user);
            this.itemBias = nonNegative("item bias", item);
            return this;
        }

        /** Standard deviation of the taste term p_u·q_i (default 0.8). */
        public Builder interaction(double sd) {
            this.interaction = nonNegative("interaction", sd);
            return this;
        }

        /** Standard deviation of the noise added before rounding to whole stars (default 0.5). */
        public Builder noise(double sd) {
            this.noise = nonNegative("noise", sd);
            return this;
        }

        /** Zipf exponent of item popularity (default 0.8; 0 = every item equally likely to be rated). */
        public Builder popularitySkew(double exponent) {
            this.popularitySkew = nonNegative("popularitySkew", exponent);
            return this;
        }

        /** Seed of every random draw (default 7). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Generates the data set.
         *
         * @throws IllegalArgumentException if maxPerUser exceeds the number of items
         */
        public SyntheticRatings build() {
            if (maxPerUser > items) {
                throw new IllegalArgumentException("ratingsPerUser max (" + maxPerUser + ") must not exceed items ("
                        + items + "): a user rates an item at most once");
            }
            return new SyntheticRatings(this);
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", but is " + value);
            }
            return value;
        }

        private static double finite(String name, double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(name + " must be a finite number, but is " + value);
            }
            return value;
        }

        private static double nonNegative(String name, double value) {
            if (!(finite(name, value) >= 0)) {
                throw new IllegalArgumentException(name + " must be >= 0, but is " + value);
            }
            return value;
        }
    }

    private final Builder settings;
    private final double[] userBiases;
    private final double[] itemBiases;
    private final double[][] userFactors;
    private final double[][] itemFactors;
    private final double[] popularity;
    private final Ratings ratings;

    /** A new builder with the documented defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private SyntheticRatings(Builder b) {
        this.settings = copy(b);
        Random random = new Random(b.seed);
        userBiases = gaussians(random, b.users, b.userBias);
        itemBiases = gaussians(random, b.items, b.itemBias);
        double sigma = Math.pow(b.interaction * b.interaction / b.factors, 0.25);
        userFactors = new double[b.users][];
        for (int u = 0; u < b.users; u++) {
            userFactors[u] = gaussians(random, b.factors, sigma);
        }
        itemFactors = new double[b.items][];
        for (int i = 0; i < b.items; i++) {
            itemFactors[i] = gaussians(random, b.factors, sigma);
        }
        int[] order = shuffled(random, b.items);
        popularity = new double[b.items];
        for (int r = 0; r < b.items; r++) {
            popularity[order[r]] = Math.pow(r + 1, -b.popularitySkew);
        }
        int total = 0;
        int[] perUser = new int[b.users];
        for (int u = 0; u < b.users; u++) {
            perUser[u] = b.minPerUser + random.nextInt(b.maxPerUser - b.minPerUser + 1);
            total += perUser[u];
        }
        int[] users = new int[total];
        int[] items = new int[total];
        double[] values = new double[total];
        int row = 0;
        for (int u = 0; u < b.users; u++) {
            int[] picked = weightedSample(random, popularity, perUser[u]);
            for (int i : picked) {
                double observed = affinity(u, i) + b.noise * random.nextGaussian();
                users[row] = u;
                items[row] = i;
                values[row] = Math.max(1, Math.min(5, Math.round(observed)));
                row++;
            }
        }
        ratings = Ratings.of(users, items, values, b.users, b.items);
    }

    /** The observed ratings (whole stars 1..5). */
    public Ratings ratings() {
        return ratings;
    }

    /** Number of latent factors of the true model. */
    public int factors() {
        return settings.factors;
    }

    /** The true affinity {@code mean + b_u + b_i + p_u·q_i} of user u for item i (before noise and rounding). */
    public double affinity(int user, int item) {
        if (user < 0 || user >= settings.users) {
            throw new IllegalArgumentException("user is " + user + ", outside 0.." + (settings.users - 1));
        }
        if (item < 0 || item >= settings.items) {
            throw new IllegalArgumentException("item is " + item + ", outside 0.." + (settings.items - 1));
        }
        double a = settings.mean + userBiases[user] + itemBiases[item];
        double[] p = userFactors[user];
        double[] q = itemFactors[item];
        for (int f = 0; f < p.length; f++) {
            a += p[f] * q[f];
        }
        return a;
    }

    /** The true affinity as a model: the best any learner could predict (the rest is noise and rounding). */
    public RatingModel truth() {
        return (users, items) -> {
            Baselines.requireSameLength(users, items);
            double[] out = new double[users.length];
            for (int j = 0; j < users.length; j++) {
                out[j] = affinity(users[j], items[j]);
            }
            return out;
        };
    }

    /** Popularity weight of each item (index = item; the most popular has weight 1). */
    public double[] popularity() {
        return popularity.clone();
    }

    /** The generator's settings as a table (parameter, value), for the record. */
    public Table settings() {
        Builder b = settings;
        return Table.create("synthetic ratings: settings",
                StringColumn.create("parameter", "users", "items", "latent factors", "ratings per user (min)",
                        "ratings per user (max)", "mean affinity", "sd user bias", "sd item bias",
                        "sd taste term p·q", "sd noise before rounding", "popularity Zipf exponent", "seed"),
                DoubleColumn.create("value", b.users, b.items, b.factors, b.minPerUser, b.maxPerUser, b.mean,
                        b.userBias, b.itemBias, b.interaction, b.noise, b.popularitySkew, b.seed));
    }

    private static Builder copy(Builder b) {
        Builder c = new Builder();
        c.users = b.users;
        c.items = b.items;
        c.factors = b.factors;
        c.minPerUser = b.minPerUser;
        c.maxPerUser = b.maxPerUser;
        c.mean = b.mean;
        c.userBias = b.userBias;
        c.itemBias = b.itemBias;
        c.interaction = b.interaction;
        c.noise = b.noise;
        c.popularitySkew = b.popularitySkew;
        c.seed = b.seed;
        return c;
    }

    private static double[] gaussians(Random random, int n, double sd) {
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            out[j] = sd * random.nextGaussian();
        }
        return out;
    }

    private static int[] shuffled(Random random, int n) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** k distinct indices drawn with probability proportional to weight (keys u^(1/w), the k largest). */
    private static int[] weightedSample(Random random, double[] weights, int k) {
        double[] keys = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            keys[i] = Math.log(1 - random.nextDouble()) / weights[i];
        }
        return Ranking.topK(keys, k, null);
    }
}
