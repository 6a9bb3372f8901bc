package org.dlnotes.bench;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Cnn;
import org.dlnotes.models.LstmLanguageModel;
import org.dlnotes.models.Mlp;
import org.dlnotes.models.NetworkBuilder;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The DL4J workloads, built with the library's own builders (so that the library's defaults are what is measured).
 * Their sizes must match {@code bench/torch_worker.py}; {@code bench/run.py} lists them with their units.
 */
final class Workloads {

    /** Distinct pre-built batches each training workload cycles through (in memory: no ETL is timed). */
    static final int BATCHES = 8;

    private Workloads() {
    }

    /**
     * Experiment hooks (JVM properties) so that a bench variant can try a setting against the library's default:
     * {@code -Dbench.cacheMode=NONE|HOST|DEVICE} (the builders' option), {@code -Dbench.workspaceMode=ENABLED|NONE},
     * {@code -Dbench.pooling=dl4j} (DL4J's own {@code SubsamplingLayer}, pooling through oneDNN, instead of the
     * library's {@code Nd4jPoolingLayer}), {@code -Dbench.lstm=dl4j} (DL4J's own {@code LSTM} and {@code RnnOutputLayer}
     * instead of the library's {@code FusedLstm} and {@code FusedRnnOutputLayer}; same parameters),
     * {@code -Dbench.infer=lean} (mlp-infer1 and cnn-infer1 through the library's {@code FeedForwardInference},
     * compiled once from the network, instead of {@code net.output}), {@code -Dbench.train=lean} (mlp-train,
     * mlp-tiny-train and cnn-train through the library's {@code FeedForwardTraining}, compiled once from the network,
     * instead of {@code net.fit}).
     */
    static <B extends NetworkBuilder<B>> MultiLayerNetwork build(NetworkBuilder<B> builder) {
        String cache = System.getProperty("bench.cacheMode");
        if (cache != null) {
            builder.cacheMode(org.deeplearning4j.nn.conf.CacheMode.valueOf(cache));
        }
        MultiLayerNetwork net = builder.build();
        if ("dl4j".equals(System.getProperty("bench.pooling"))) {
            MultiLayerNetwork dl4j = new MultiLayerNetwork(org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(
                    net.getLayerWiseConfigurations().toJson().replace("\"org.dlnotes.models.Nd4jPoolingLayer\"",
                            "\"org.deeplearning4j.nn.conf.layers.SubsamplingLayer\"")));
            dl4j.init(net.params(), true);
            net = dl4j;
        }
        if ("dl4j".equals(System.getProperty("bench.lstm"))) {
            MultiLayerNetwork dl4j = new MultiLayerNetwork(org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(
                    net.getLayerWiseConfigurations().toJson().replace("\"org.dlnotes.models.FusedLstm\"",
                            "\"org.deeplearning4j.nn.conf.layers.LSTM\"").replace(
                                    "\"org.dlnotes.models.FusedRnnOutputLayer\"",
                                    "\"org.deeplearning4j.nn.conf.layers.RnnOutputLayer\"")));
            dl4j.init(net.params(), true);
            net = dl4j;
        }
        String ws = System.getProperty("bench.workspaceMode");
        if (ws != null) {
            org.deeplearning4j.nn.conf.WorkspaceMode mode = org.deeplearning4j.nn.conf.WorkspaceMode.valueOf(ws);
            net.getLayerWiseConfigurations().setTrainingWorkspaceMode(mode);
            net.getLayerWiseConfigurations().setInferenceWorkspaceMode(mode);
        }
        return net;
    }

    static Workload create(String name) {
        if (name.startsWith("gemm-")) {
            return new Gemm(Integer.parseInt(name.substring(5)), false);
        }
        if (name.startsWith("mmul-")) {
            return new Gemm(Integer.parseInt(name.substring(5)), true);
        }
        return switch (name) {
            case "mlp-train" -> new Train(() -> mlp(784, new int[] {512, 256}, 10), 128, 784, 10);
            case "mlp-tiny-train" -> new Train(() -> mlp(4, new int[] {16}, 3), 16, 4, 3);
            case "cnn-train" -> new Train(Workloads::cnn, 64, 784, 10);
            case "lstm-train" -> new LstmTrain(1000, 32, 64);
            case "mlp-infer1" -> new Infer(mlp(784, new int[] {512, 256}, 10), 784);
            case "cnn-infer1" -> new Infer(cnn(), 784);
            case "op-bias-add" -> new BiasAdd();
            default -> throw new IllegalArgumentException("unknown workload '" + name + "'");
        };
    }

    /** 784-512-256-10 ReLU MLP (softmax, cross-entropy), Xavier init, Adam(1e-3): the library's defaults. */
    static MultiLayerNetwork mlp(int in, int[] hidden, int out) {
        return build(Mlp.builder().inputs(in).hidden(hidden).activation(Activation.RELU)
                .output(out, Activation.SOFTMAX, LossFunction.MCXENT).seed(42));
    }

    /** LeNet-like: 3×3 conv 16 → 2×2 max pool → 3×3 conv 32 → 2×2 max pool → dense 64 → softmax 10, on 28×28. */
    static MultiLayerNetwork cnn() {
        return build(Cnn.builder().image(28, 28, 1).classes(10).seed(42));
    }

    static INDArray oneHot(int rows, int classes, java.util.Random random) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, random.nextInt(classes), 1f);
        }
        return y;
    }

    /**
     * Training steps on pre-built batches ({@code net.fit(batch)} then {@code net.score()}, as the library's Trainer
     * does, or {@link #lean}'s step where set); {@link #prepare()} builds {@link #net} and {@link #data}.
     */
    abstract static class Fitting implements Workload {
        protected MultiLayerNetwork net;
        protected org.dlnotes.models.FeedForwardTraining lean;
        protected final List<DataSet> data = new ArrayList<>();
        private int next;
        private double last;

        @Override
        public void run(int iterations) {
            for (int i = 0; i < iterations; i++) {
                if (lean != null) {
                    last = lean.fit(data.get(next));
                } else {
                    net.fit(data.get(next));
                    last = net.score();
                }
                next = (next + 1) % data.size();
            }
        }

        @Override
        public double check() {
            return last;
        }
    }

    /**
     * Classifier training on random inputs and one-hot labels; with {@code -Dbench.train=lean} through the library's
     * {@code FeedForwardTraining} compiled from the network.
     */
    static final class Train extends Fitting {
        private final java.util.function.Supplier<MultiLayerNetwork> factory;
        private final int batch;
        private final int inputs;
        private final int classes;

        Train(java.util.function.Supplier<MultiLayerNetwork> factory, int batch, int inputs, int classes) {
            this.factory = factory;
            this.batch = batch;
            this.inputs = inputs;
            this.classes = classes;
        }

        @Override
        public void prepare() {
            net = factory.get();
            String train = System.getProperty("bench.train", "dl4j");
            lean = switch (train) {
                case "dl4j" -> null;
                case "lean" -> org.dlnotes.models.FeedForwardTraining.of(net);
                default -> throw new IllegalArgumentException("-Dbench.train must be dl4j or lean, but is " + train);
            };
            java.util.Random random = new java.util.Random(7);
            Nd4j.getRandom().setSeed(7);
            for (int i = 0; i < BATCHES; i++) {
                data.add(new DataSet(Nd4j.rand(DataType.FLOAT, batch, inputs), oneHot(batch, classes, random)));
            }
            run(2 * BATCHES);
        }
    }

    /** Language-model training: token indices [batch, T] in, one-hot next tokens [batch, vocabulary, T] out. */
    static final class LstmTrain extends Fitting {
        private final int vocabulary;
        private final int batch;
        private final int steps;

        LstmTrain(int vocabulary, int batch, int steps) {
            this.vocabulary = vocabulary;
            this.batch = batch;
            this.steps = steps;
        }

        @Override
        public void prepare() {
            // experiment hook -Dbench.lmLabels=sparse|nwc: the output layer's label layout (the library: one-hot NCW)
            String labels = System.getProperty("bench.lmLabels", "onehot");
            net = labels.equals("onehot")
                    ? build(LstmLanguageModel.builder().vocabulary(vocabulary).embedding(128).lstm(128, 2).seed(42))
                    : lmVariant(labels);
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < BATCHES; i++) {
                INDArray x = Nd4j.zeros(DataType.FLOAT, batch, steps);
                INDArray y = switch (labels) {
                    case "sparse" -> Nd4j.zeros(DataType.FLOAT, batch, 1, steps);
                    case "nwc" -> Nd4j.zeros(DataType.FLOAT, batch, steps, vocabulary);
                    default -> Nd4j.zeros(DataType.FLOAT, batch, vocabulary, steps);
                };
                for (int b = 0; b < batch; b++) {
                    for (int t = 0; t < steps; t++) {
                        x.putScalar(b, t, random.nextInt(vocabulary));
                        int next = random.nextInt(vocabulary);
                        switch (labels) {
                            case "sparse" -> y.putScalar(new long[] {b, 0, t}, next);
                            case "nwc" -> y.putScalar(new long[] {b, t, next}, 1f);
                            default -> y.putScalar(new long[] {b, next, t}, 1f);
                        }
                    }
                }
                data.add(new DataSet(x, y));
            }
            run(4);
        }

        /** The library's language model with sparse (index) labels or an NWC output layer, for the experiment. */
        private MultiLayerNetwork lmVariant(String labels) {
            org.deeplearning4j.nn.conf.NeuralNetConfiguration.ListBuilder list =
                    new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(42)
                            .weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER)
                            .updater(new org.nd4j.linalg.learning.config.Adam(1e-3))
                            .cacheMode(org.deeplearning4j.nn.conf.CacheMode.DEVICE).list();
            RNNFormat ncw = labels.equals("nwc") ? RNNFormat.NWC : RNNFormat.NCW;
            list.layer(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(128).outputDataFormat(ncw).build());
            list.layer(new LSTM.Builder().nIn(128).nOut(128).activation(Activation.TANH).dataFormat(ncw).build());
            list.layer(new LSTM.Builder().nIn(128).nOut(128).activation(Activation.TANH).dataFormat(ncw).build());
            list.layer(new RnnOutputLayer.Builder(labels.equals("sparse") ? LossFunction.SPARSE_MCXENT
                    : LossFunction.MCXENT).nIn(128).nOut(vocabulary).activation(Activation.SOFTMAX)
                    .dataFormat(labels.equals("nwc") ? RNNFormat.NWC : ncw).build());
            MultiLayerNetwork n = new MultiLayerNetwork(list.build());
            n.init();
            return n;
        }
    }

    /** One tiny op per iteration ({@code z.addiRowVector(b)}, then {@code z.subiRowVector(b)}): ND4J's per-op cost. */
    static final class BiasAdd implements Workload {
        private INDArray z;
        private INDArray b;
        private long count;

        @Override
        public void prepare() {
            // the library's ND4J settings, as its model builders apply them (Nd4jTuning: the TAD cache only with -Ddlnotes.nd4j.tadCache=true)
            org.dlnotes.models.Nd4jTuning.applyByDefault();
            Nd4j.getRandom().setSeed(7);
            z = Nd4j.rand(DataType.FLOAT, 16, 16);
            b = Nd4j.rand(DataType.FLOAT, 1, 16);
            run(2000);
        }

        @Override
        public void run(int iterations) {
            for (int i = 0; i < iterations; i++) {
                if (count++ % 2 == 0) {
                    z.addiRowVector(b);
                } else {
                    z.subiRowVector(b);
                }
            }
        }

        @Override
        public double check() {
            return z.getDouble(0, 0);
        }
    }

    /**
     * Batch-1 inference: {@code net.output(oneRow)}, the latency a notebook or a service sees per request; with
     * {@code -Dbench.infer=lean} the library's {@code FeedForwardInference} compiled from the same network
     * (INDArray in, new INDArray out, as {@code net.output}).
     */
    static final class Infer implements Workload {
        private final MultiLayerNetwork net;
        private final int inputs;
        private final List<INDArray> rows = new ArrayList<>();
        private java.util.function.UnaryOperator<INDArray> forward;
        private int next;
        private double last;

        Infer(MultiLayerNetwork net, int inputs) {
            this.net = net;
            this.inputs = inputs;
        }

        @Override
        public void prepare() {
            String infer = System.getProperty("bench.infer", "dl4j");
            forward = switch (infer) {
                case "dl4j" -> net::output;
                case "lean" -> org.dlnotes.models.FeedForwardInference.of(net)::output;
                default -> throw new IllegalArgumentException("-Dbench.infer must be dl4j or lean, but is " + infer);
            };
            Nd4j.getRandom().setSeed(7);
            for (int i = 0; i < 64; i++) {
                rows.add(Nd4j.rand(DataType.FLOAT, 1, inputs));
            }
            run(200);
        }

        @Override
        public void run(int iterations) {
            for (int i = 0; i < iterations; i++) {
                INDArray out = forward.apply(rows.get(next));
                last = out.getDouble(0);
                next = (next + 1) % rows.size();
            }
        }

        @Override
        public double check() {
            return last;
        }
    }

    /**
     * C = A·B for n×n float matrices: {@code Nd4j.gemm} into a preallocated C (ND4J's BLAS sgemm call, as
     * {@code torch.mm(a, b, out=c)}), or with {@code allocate} the everyday {@code a.mmul(b)} that returns a new
     * array (as {@code a @ b}); mmul/mmuli add a copy of the result that gemm does not.
     */
    static final class Gemm implements Workload {
        private final int n;
        private final boolean allocate;
        private INDArray a;
        private INDArray b;
        private INDArray c;

        Gemm(int n, boolean allocate) {
            if (n < 1) {
                throw new IllegalArgumentException("gemm size must be >= 1, but is " + n);
            }
            this.n = n;
            this.allocate = allocate;
        }

        @Override
        public void prepare() {
            Nd4j.getRandom().setSeed(7);
            a = Nd4j.rand(DataType.FLOAT, n, n);
            b = Nd4j.rand(DataType.FLOAT, n, n);
            c = Nd4j.create(DataType.FLOAT, n, n);
            run(Math.max(1, (int) (2e9 / (2.0 * n * n * n))));
        }

        @Override
        public void run(int iterations) {
            for (int i = 0; i < iterations; i++) {
                if (allocate) {
                    c = a.mmul(b);
                } else {
                    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                }
            }
        }

        @Override
        public double check() {
            return c.getDouble(n - 1, n - 1) / n; // ≈ 0.25 for uniform [0, 1) inputs
        }
    }
}
