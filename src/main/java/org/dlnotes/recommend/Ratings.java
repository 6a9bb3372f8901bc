package org.dlnotes.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.dlnotes.data.DataException;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Explicit ratings: triples (user, item, rating) with users {@code 0 … numUsers−1} and items {@code 0 … numItems−1},
 * at most one rating per (user, item) pair. Immutable.
 *
 * <pre>{@code
 * Ratings all = SyntheticRatings.builder().seed(7).build().ratings();
 * Ratings.Split split = all.split(0.2, 42);          // per user, 20 % of their ratings held out
 * double mean = split.train().mean();
 * }</pre>
 */
public final class Ratings {

    /**
     * A train/test partition of the same users and items.
     *
     * @param train the ratings to fit on
     * @param test  the held-out ratings
     */
    public record Split(Ratings train, Ratings test) {
    }

    private final int[] users;
    private final int[] items;
    private final double[] values;
    private final int numUsers;
    private final int numItems;

    private Ratings(int[] users, int[] items, double[] values, int numUsers, int numItems) {
        this.users = users;
        this.items = items;
        this.values = values;
        this.numUsers = numUsers;
        this.numItems = numItems;
    }

    /**
     * Ratings from parallel arrays.
     *
     * @throws IllegalArgumentException if the arrays are empty or unequal, a user or item index is outside its
     *                                  range, a rating is not finite, or a (user, item) pair occurs twice
     */
    public static Ratings of(int[] users, int[] items, double[] ratings, int numUsers, int numItems) {
        if (numUsers < 1 || numItems < 1) {
            throw new IllegalArgumentException("numUsers and numItems must be >= 1, but are " + numUsers + " and "
                    + numItems);
        }
        if (users.length == 0) {
            throw new IllegalArgumentException("users is empty: a Ratings needs at least one rating");
        }
        if (users.length != items.length || users.length != ratings.length) {
            throw new IllegalArgumentException("users, items and ratings must be equally long, but have "
                    + users.length + ", " + items.length + " and " + ratings.length + " entries");
        }
        Set<Long> seen = new HashSet<>();
        for (int r = 0; r < users.length; r++) {
            if (users[r] < 0 || users[r] >= numUsers) {
                throw new IllegalArgumentException("users[" + r + "] is " + users[r] + ", outside 0.." + (numUsers - 1));
            }
            if (items[r] < 0 || items[r] >= numItems) {
                throw new IllegalArgumentException("items[" + r + "] is " + items[r] + ", outside 0.." + (numItems - 1));
            }
            if (!Double.isFinite(ratings[r])) {
                throw new IllegalArgumentException("ratings[" + r + "] is " + ratings[r] + ", not a finite number");
            }
            if (!seen.add((long) users[r] * numItems + items[r])) {
                throw new IllegalArgumentException("user " + users[r] + " rates item " + items[r] + " twice (row "
                        + r + "); keep one rating per pair");
            }
        }
        return new Ratings(users.clone(), items.clone(), ratings.clone(), numUsers, numItems);
    }

    /** Number of ratings. */
    public int size() {
        return users.length;
    }

    /** Number of users (the index range, including users without a rating here). */
    public int numUsers() {
        return numUsers;
    }

    /** Number of items (the index range, including items without a rating here). */
    public int numItems() {
        return numItems;
    }

    /** The user of each rating (a copy). */
    public int[] users() {
        return users.clone();
    }

    /** The item of each rating (a copy). */
    public int[] items() {
        return items.clone();
    }

    /** The rating values (a copy). */
    public double[] ratings() {
        return values.clone();
    }

    /** Share of the user × item matrix that holds a rating. */
    public double density() {
        return (double) size() / ((double) numUsers * numItems);
    }

    /** Mean of all ratings. */
    public double mean() {
        return Arrays.stream(values).average().orElseThrow();
    }

    /** Ratings per item, indexed by item. */
    public int[] countsPerItem() {
        int[] counts = new int[numItems];
        for (int i : items) {
            counts[i]++;
        }
        return counts;
    }

    /** Ratings per user, indexed by user. */
    public int[] countsPerUser() {
        int[] counts = new int[numUsers];
        for (int u : users) {
            counts[u]++;
        }
        return counts;
    }

    /** For each user, the set of items they rated here (bit i set = item i rated). */
    public List<BitSet> ratedByUser() {
        List<BitSet> rated = new ArrayList<>(numUsers);
        for (int u = 0; u < numUsers; u++) {
            rated.add(new BitSet(numItems));
        }
        for (int r = 0; r < users.length; r++) {
            rated.get(users[r]).set(items[r]);
        }
        return rated;
    }

    /**
     * Per user, a random {@code round(n·testFraction)} of their n ratings held out as test, but at least one kept for
     * training (a user with one rating keeps it). Seeded, so the same seed gives the same split.
     *
     * @throws IllegalArgumentException if testFraction is outside (0, 1)
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), but is " + testFraction);
        }
        List<List<Integer>> rowsOfUser = new ArrayList<>(numUsers);
        for (int u = 0; u < numUsers; u++) {
            rowsOfUser.add(new ArrayList<>());
        }
        for (int r = 0; r < users.length; r++) {
            rowsOfUser.get(users[r]).add(r);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> rows : rowsOfUser) {
            Collections.shuffle(rows, random);
            int held = Math.min((int) Math.round(rows.size() * testFraction), rows.size() - 1);
            for (int j = 0; j < rows.size(); j++) {
                (j < held ? test : train).add(rows.get(j));
            }
        }
        if (test.isEmpty()) {
            throw new DataException("testFraction " + testFraction + " holds out no rating of " + size()
                    + "; use a larger fraction or more ratings per user");
        }
        Collections.sort(train);
        Collections.sort(test);
        return new Split(select(train), select(test));
    }

    /** The ratings at the given rows, in that order. */
    private Ratings select(List<Integer> rows) {
        int[] u = new int[rows.size()];
        int[] i = new int[rows.size()];
        double[] v = new double[rows.size()];
        for (int j = 0; j < rows.size(); j++) {
            u[j] = users[rows.get(j)];
            i[j] = items[rows.get(j)];
            v[j] = values[rows.get(j)];
        }
        return new Ratings(u, i, v, numUsers, numItems);
    }

    /** A Tablesaw table with columns user, item, rating. */
    public Table table() {
        return Table.create("ratings", IntColumn.create("user", users), IntColumn.create("item", items),
                DoubleColumn.create("rating", values));
    }

    @Override
    public String toString() {
        return String.format("Ratings[%d ratings, %d users, %d items, density %.4f]", size(), numUsers, numItems,
                density());
    }
}
