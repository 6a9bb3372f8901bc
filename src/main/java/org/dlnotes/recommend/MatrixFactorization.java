package org.dlnotes.recommend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dlnotes.metrics.Regression;
import org.dlnotes.train.EpochLoop;
import org.dlnotes.train.EpochTraining;
import org.dlnotes.train.History;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Matrix factorisation as a DL4J {@link ComputationGraph}: a user embedding {@code p_u} and an item embedding
 * {@code q_i} of {@code factors} numbers each, their dot product, a user bias, an item bias and a global offset:
 * {@code r̂_ui = μ + b_u + b_i + p_u·q_i}, trained on squared error with L2 on the embeddings and the per-user and
 * per-item biases (not on μ).
 *
 * <p>The graph: inputs {@code user} and {@code item} (one index per row, {@code [n, 1]}) → {@code userVec},
 * {@code itemVec} ({@link EmbeddingLayer}s without bias) → element-wise product → {@code dot}, a dense layer
 * {@code factors → 1} whose weights are fixed to 1 ({@link FrozenLayerWithBackprop}), so it sums the product: the
 * dot product → plus {@code userBias} (an embedding of size 1 whose bias is μ, started at the training mean) and
 * {@code itemBias} → squared-error loss. DL4J has no dot-product vertex; the frozen all-ones layer is one.
 *
 * <pre>{@code
 * MatrixFactorization mf = MatrixFactorization.builder().users(800).items(500).factors(8).seed(42)
 *         .epochs(20).batchSize(256).build();
 * History history = mf.fit(split.train(), split.test());
 * double rmse = mf.rmse(split.test());
 * }</pre>
 *
 * <p>{@link #fit} runs {@link EpochTraining}'s epoch loop, shared with the library's other training classes, with the
 * builder's {@code epochs}, {@code fastMode}, {@code progressEvery} and {@code progressTo}: at most
 * {@value EpochTraining#FAST_MODE_EPOCHS} epochs in fast mode, one progress line per epoch, an interrupt stops it
 * after the current mini-batch with a {@code TrainingInterruptedException}, a NaN or infinite loss with a
 * {@code TrainingDivergedException}.
 */
public final class MatrixFactorization implements RatingModel {

    /**
     * Fluent settings; {@link #users(int)} and {@link #items(int)} are required. Training: {@link #epochs(int)} per
     * call of {@link MatrixFactorization#fit} (default 10), {@link #batchSize(int)} (default 256).
     */
    public static final class Builder extends EpochTraining<Builder> {
        private int users;
        private int items;
        private int factors = 8;
        private double l2 = 1e-4;
        private double initScale = 0.1;
        private IUpdater updater = new Adam(0.01);
        private long seed = 42;
        private int batchSize = 256;

        private Builder() {
            super(10);
        }

        /** Number of users (indices 0 … n−1). */
        public Builder users(int users) {
            this.users = positive("users", users);
            return this;
        }

        /** Number of items (indices 0 … n−1). */
        public Builder items(int items) {
            this.items = positive("items", items);
            return this;
        }

        /** Length of each user's and item's embedding (default 8). */
        public Builder factors(int factors) {
            this.factors = positive("factors", factors);
            return this;
        }

        /** L2 penalty on the embeddings and the biases (default 1e-4). */
        public Builder l2(double l2) {
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("l2 must be a finite number >= 0, but is " + l2);
            }
            this.l2 = l2;
            return this;
        }

        /** Standard deviation of the initial embedding entries (default 0.1; the biases start at 0). */
        public Builder initScale(double sd) {
            if (!(sd > 0) || Double.isInfinite(sd)) {
                throw new IllegalArgumentException("initScale must be a finite number > 0, but is " + sd);
            }
            this.initScale = sd;
            return this;
        }

        /** Optimiser (default Adam with learning rate 0.01). */
        public Builder updater(IUpdater updater) {
            this.updater = Objects.requireNonNull(updater, "updater");
            return this;
        }

        /** Seed of the initial weights and of the batch order (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Ratings per mini-batch in {@link MatrixFactorization#fit} (default 256). */
        public Builder batchSize(int batchSize) {
            this.batchSize = positive("batchSize", batchSize);
            return this;
        }

        /** The initialised model. */
        public MatrixFactorization build() {
            if (users == 0 || items == 0) {
                throw new IllegalStateException("users(n) and items(n) must be set before build()");
            }
            return new MatrixFactorization(this, copySettingsTo(new EpochLoop()));
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, but is " + value);
            }
            return value;
        }
    }

    private final int users;
    private final int items;
    private final int factors;
    private final long seed;
    private final int batchSize;
    private final EpochLoop loop;
    private final ComputationGraph graph;
    private int epochsTrained;

    private MatrixFactorization(Builder b, EpochLoop loop) {
        this.batchSize = b.batchSize;
        this.loop = loop;
        this.users = b.users;
        this.items = b.items;
        this.factors = b.factors;
        this.seed = b.seed;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(b.seed).updater(b.updater).dataType(DataType.FLOAT)
                .weightInit(new NormalDistribution(0, b.initScale))
                .graphBuilder()
                .addInputs("user", "item")
                .addLayer("userVec", embedding(users, factors, false, b.l2, false), "user")
                .addLayer("itemVec", embedding(items, factors, false, b.l2, false), "item")
                .addLayer("userBias", embedding(users, 1, true, b.l2, true), "user")
                .addLayer("itemBias", embedding(items, 1, false, b.l2, true), "item")
                .addVertex("product", new ElementWiseVertex(ElementWiseVertex.Op.Product), "userVec", "itemVec")
                .addLayer("dot", new FrozenLayerWithBackprop(new DenseLayer.Builder().nIn(factors).nOut(1)
                        .hasBias(false).activation(Activation.IDENTITY).build()), "product")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "dot", "userBias", "itemBias")
                .addLayer("rating", new LossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(),
                        "sum")
                .setOutputs("rating")
                .build();
        graph = new ComputationGraph(conf);
        graph.init();
        graph.getLayer("dot").setParam("W", Nd4j.ones(DataType.FLOAT, factors, 1));
    }

    /** An embedding layer; {@code zero} starts its weights at 0, otherwise they come from the global N(0, initScale²). */
    private static EmbeddingLayer embedding(int n, int size, boolean bias, double l2, boolean zero) {
        EmbeddingLayer.Builder b = new EmbeddingLayer.Builder().nIn(n).nOut(size).hasBias(bias)
                .activation(Activation.IDENTITY).l2(l2);
        if (zero) {
            b.weightInit(WeightInit.ZERO);
        }
        return b.build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The DL4J graph (for its summary, saving with {@code ModelSerializer}, or further training). */
    public ComputationGraph graph() {
        return graph;
    }

    /** Embedding length. */
    public int factors() {
        return factors;
    }

    /** Epochs trained so far, over all calls of {@link #fit}. */
    public int epochsTrained() {
        return epochsTrained;
    }

    /** Trainable parameters: (users + items)·(factors + 1) + 1 (the frozen all-ones dot weights not counted). */
    public long numParams() {
        return graph.numParams() - factors;
    }

    /**
     * Trains for the builder's {@code epochs} (at most 2 in fast mode) passes over {@code train} in shuffled
     * mini-batches of {@code batchSize} (order from the seed and the epochs trained before), starting the global
     * offset at the training mean on the first call. Returns one history row per epoch of this call (numbered from
     * 1): {@code train_loss} (mean mini-batch score, L2 included), {@code train_rmse}, {@code val_rmse} when
     * {@code validation} is not null, and {@code seconds}.
     *
     * @throws IllegalArgumentException if the ratings' users or items exceed this model's
     * @throws org.dlnotes.train.TrainingInterruptedException when the thread is interrupted
     */
    public History fit(Ratings train, Ratings validation) {
        Objects.requireNonNull(train, "train");
        requireFits(train, "train");
        if (validation != null) {
            requireFits(validation, "validation");
        }
        if (epochsTrained == 0) {
            graph.getLayer("userBias").setParam("b", Nd4j.valueArrayOf(new long[] {1, 1}, (float) train.mean()));
        }
        int[] u = train.users();
        int[] i = train.items();
        double[] r = train.ratings();
        int n = u.length;
        return loop.run(run -> {
            int[] order = permutation(n, new Random(seed * 31 + epochsTrained));
            double lossSum = 0;
            int iteration = 0;
            for (int from = 0; from < n; from += batchSize) {
                int size = Math.min(batchSize, n - from);
                float[] bu = new float[size];
                float[] bi = new float[size];
                float[] br = new float[size];
                for (int j = 0; j < size; j++) {
                    int row = order[from + j];
                    bu[j] = u[row];
                    bi[j] = i[row];
                    br[j] = (float) r[row];
                }
                graph.fit(new MultiDataSet(new INDArray[] {column(bu), column(bi)}, new INDArray[] {column(br)}));
                run.checkLoss(++iteration, graph.score());
                lossSum += graph.score() * size;
                run.checkInterrupt(iteration);
            }
            epochsTrained++;
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(History.TRAIN_LOSS, lossSum / n);
            values.put("train_rmse", rmse(train));
            if (validation != null) {
                values.put("val_rmse", rmse(validation));
            }
            return values;
        });
    }

    @Override
    public double[] predict(int[] users, int[] items) {
        Baselines.requireSameLength(users, items);
        if (users.length == 0) {
            return new double[0];
        }
        float[] fu = new float[users.length];
        float[] fi = new float[items.length];
        for (int j = 0; j < users.length; j++) {
            if (users[j] < 0 || users[j] >= this.users) {
                throw new IllegalArgumentException("users[" + j + "] is " + users[j] + ", outside 0.." + (this.users - 1));
            }
            if (items[j] < 0 || items[j] >= this.items) {
                throw new IllegalArgumentException("items[" + j + "] is " + items[j] + ", outside 0.." + (this.items - 1));
            }
            fu[j] = users[j];
            fi[j] = items[j];
        }
        INDArray out = graph.outputSingle(false, column(fu), column(fi));
        return out.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    }

    @Override
    public double rmse(Ratings ratings) {
        return Regression.rmse(ratings.ratings(), predict(ratings));
    }

    /** The learned user embeddings {@code [users, factors]} (a copy). */
    public INDArray userFactors() {
        return graph.getLayer("userVec").getParam("W").dup();
    }

    /** The learned item embeddings {@code [items, factors]} (a copy). */
    public INDArray itemFactors() {
        return graph.getLayer("itemVec").getParam("W").dup();
    }

    private void requireFits(Ratings ratings, String name) {
        if (ratings.numUsers() > users || ratings.numItems() > items) {
            throw new IllegalArgumentException(name + " has " + ratings.numUsers() + " users and "
                    + ratings.numItems() + " items, but this model was built for " + users + " and " + items);
        }
    }

    private static INDArray column(float[] values) {
        return Nd4j.createFromArray(values).reshape(values.length, 1);
    }

    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        for (int j = n - 1; j > 0; j--) {
            int k = random.nextInt(j + 1);
            int t = order[j];
            order[j] = order[k];
            order[k] = t;
        }
        return order;
    }
}
