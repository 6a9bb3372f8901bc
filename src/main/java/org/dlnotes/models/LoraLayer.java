package org.dlnotes.models;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * A dense layer with a low-rank adapter (LoRA, Hu et al. 2021, arXiv:2106.09685):
 * {@code y = σ(x·W + b + (α/r)·x·A·B)} with the pre-trained weights {@code W} (nIn×nOut) and bias {@code b}
 * frozen, and only {@code A} (nIn×r) and {@code B} (r×nOut) trained: {@code r·(nIn + nOut)} parameters instead of
 * {@code nIn·nOut + nOut}. {@code A} starts random and {@code B} at zero, so before training the layer computes
 * exactly what the frozen dense layer computed.
 *
 * <p>Freezing follows DL4J's own pattern for parameters that are not learned (batch normalisation's running mean):
 * {@code W} and {@code b} get a zero gradient, the {@link NoOp} updater and no regularisation. The configuration
 * is JSON-serialisable like DL4J's layers; {@link Lora} builds a network of these from a trained one.
 *
 * <pre>{@code
 * list.layer(new LoraLayer.Builder().rank(4).alpha(8).nIn(784).nOut(128).activation(Activation.RELU).build());
 * }</pre>
 */
public class LoraLayer extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    /** Parameter keys: the frozen weights and bias, and the adapter's two factors. */
    public static final String WEIGHT_KEY = "W";
    public static final String BIAS_KEY = "b";
    public static final String A_KEY = "A";
    public static final String B_KEY = "B";

    private int rank;
    private double alpha;

    /** For deserialisation. */
    public LoraLayer() {
    }

    private LoraLayer(Builder builder) {
        super(builder);
        this.rank = builder.rank;
        this.alpha = Double.isNaN(builder.alpha) ? builder.rank : builder.alpha;
        initializeConstraints(builder);
    }

    /** The adapter's rank r. */
    public int getRank() {
        return rank;
    }

    /** For deserialisation. */
    public void setRank(int rank) {
        this.rank = rank;
    }

    /** The adapter's scale numerator α; the update is scaled by α/r. */
    public double getAlpha() {
        return alpha;
    }

    /** For deserialisation. */
    public void setAlpha(double alpha) {
        this.alpha = alpha;
    }

    /** The parameters that training changes: {@code r·(nIn + nOut)}. */
    public long trainableParameters() {
        return rank * (getNIn() + getNOut());
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray params, boolean initializeParams,
            DataType dataType) {
        if (getNIn() <= 0 || getNOut() <= 0) {
            throw new IllegalStateException("LoraLayer " + layerIndex + " needs nIn and nOut > 0, but has nIn "
                    + getNIn() + " and nOut " + getNOut() + " (set them, or set the network's input type)");
        }
        Impl layer = new Impl(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(params);
        layer.setParamTable(initializer().init(conf, params, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return Params.INSTANCE;
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return isAdapter(paramName) ? getIUpdater() : new NoOp();
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return isAdapter(paramName) ? getRegularization() : null;
    }

    private static boolean isAdapter(String paramName) {
        return A_KEY.equals(paramName) || B_KEY.equals(paramName);
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long n = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, LoraLayer.class, inputType, out)
                .standardMemory(n, getIUpdater().stateSize(trainableParameters()))
                .workingMemory(0, 0, 0, out.arrayElementsPerExample() + rank)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoraLayer l && super.equals(o) && rank == l.rank
                && Double.compare(alpha, l.alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), rank, alpha);
    }

    /** Builder: {@code rank} (required), {@code alpha} (default: the rank, so a scale of 1), and the dense options. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private int rank;
        private double alpha = Double.NaN;

        /** The adapter's rank r ≥ 1. */
        public Builder rank(int rank) {
            if (rank < 1) {
                throw new IllegalArgumentException("rank must be ≥ 1, but is " + rank);
            }
            this.rank = rank;
            return this;
        }

        /** The scale numerator α > 0: the adapter's product is multiplied by α/r. */
        public Builder alpha(double alpha) {
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be a finite number > 0, but is " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public LoraLayer build() {
            if (rank < 1) {
                throw new IllegalStateException("LoraLayer needs a rank: call rank(r) with r ≥ 1");
            }
            return new LoraLayer(this);
        }
    }

    /** Parameter layout in the flat view: W (nIn·nOut), b (nOut), A (nIn·r), B (r·nOut), each in 'f' order. */
    static final class Params implements ParamInitializer {

        static final Params INSTANCE = new Params();

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(Layer layer) {
            LoraLayer l = (LoraLayer) layer;
            return l.getNIn() * l.getNOut() + l.getNOut() + l.trainableParameters();
        }

        @Override
        public List<String> paramKeys(Layer layer) {
            return List.of(WEIGHT_KEY, BIAS_KEY, A_KEY, B_KEY);
        }

        @Override
        public List<String> weightKeys(Layer layer) {
            return List.of(WEIGHT_KEY, A_KEY, B_KEY);
        }

        @Override
        public List<String> biasKeys(Layer layer) {
            return List.of(BIAS_KEY);
        }

        @Override
        public boolean isWeightParam(Layer layer, String key) {
            return !BIAS_KEY.equals(key);
        }

        @Override
        public boolean isBiasParam(Layer layer, String key) {
            return BIAS_KEY.equals(key);
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initialize) {
            LoraLayer l = (LoraLayer) conf.getLayer();
            if (paramsView.length() != numParams(l)) {
                throw new IllegalStateException("LoraLayer expects a parameter view of length " + numParams(l)
                        + ", but got " + paramsView.length());
            }
            Map<String, INDArray> views = views(l, paramsView);
            if (initialize) {
                long nIn = l.getNIn();
                long nOut = l.getNOut();
                l.getWeightInitFn().init(nIn, nOut, new long[] {nIn, nOut}, 'f', views.get(WEIGHT_KEY));
                views.get(BIAS_KEY).assign(l.getBiasInit());
                l.getWeightInitFn().init(nIn, l.rank, new long[] {nIn, l.rank}, 'f', views.get(A_KEY));
                views.get(B_KEY).assign(0);
            }
            for (String key : views.keySet()) {
                conf.addVariable(key);
            }
            return views;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            return views((LoraLayer) conf.getLayer(), gradientView);
        }

        private static Map<String, INDArray> views(LoraLayer l, INDArray flat) {
            INDArray v = flat.reshape(flat.length());
            long nIn = l.getNIn();
            long nOut = l.getNOut();
            long r = l.rank;
            Map<String, INDArray> m = new LinkedHashMap<>();
            long at = 0;
            m.put(WEIGHT_KEY, v.get(NDArrayIndex.interval(at, at + nIn * nOut)).reshape('f', nIn, nOut));
            at += nIn * nOut;
            m.put(BIAS_KEY, v.get(NDArrayIndex.interval(at, at + nOut)).reshape(1, nOut));
            at += nOut;
            m.put(A_KEY, v.get(NDArrayIndex.interval(at, at + nIn * r)).reshape('f', nIn, r));
            at += nIn * r;
            m.put(B_KEY, v.get(NDArrayIndex.interval(at, at + r * nOut)).reshape('f', r, nOut));
            return m;
        }
    }

    /** The layer at work: forward {@code x·W + b + s·(x·A)·B}, backward into A and B only. */
    static final class Impl extends org.deeplearning4j.nn.layers.BaseLayer<LoraLayer> {

        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private double scale() {
            return layerConf().getAlpha() / layerConf().getRank();
        }

        @Override
        protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(forBackprop);
            applyDropOutIfNecessary(training, workspaceMgr);
            INDArray x = input.castTo(dataType);
            INDArray w = getParam(WEIGHT_KEY);
            if (x.rank() != 2 || x.columns() != w.rows()) {
                throw new IllegalArgumentException("LoraLayer " + layerId() + " expects input of shape [batch, "
                        + w.rows() + "], but got " + java.util.Arrays.toString(x.shape()));
            }
            INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.size(0), w.columns());
            x.mmuli(w, z);
            z.addiRowVector(getParam(BIAS_KEY));
            z.addi(x.mmul(getParam(A_KEY)).mmul(getParam(B_KEY)).muli(scale()));
            return new Pair<>(z, z);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
            INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
            if (maskArray != null) {
                applyMask(delta);
            }
            INDArray x = input.castTo(dataType);
            INDArray a = getParam(A_KEY);
            INDArray b = getParam(B_KEY);
            double s = scale();
            INDArray deltaBt = delta.mmul(b.transpose()).muli(s); // [batch, r]: the error at x·A

            gradientViews.get(WEIGHT_KEY).assign(0);
            gradientViews.get(BIAS_KEY).assign(0);
            INDArray gradA = gradientViews.get(A_KEY);
            INDArray gradB = gradientViews.get(B_KEY);
            gradA.assign(x.transpose().mmul(deltaBt));
            gradB.assign(x.mmul(a).transpose().mmul(delta).muli(s));
            Gradient g = new DefaultGradient(gradientsFlattened);
            g.gradientForVariable().put(A_KEY, gradA);
            g.gradientForVariable().put(B_KEY, gradB);

            INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.size(0),
                    x.size(1));
            delta.mmuli(getParam(WEIGHT_KEY).transpose(), epsilonNext);
            epsilonNext.addi(deltaBt.mmul(a.transpose()));
            return new Pair<>(g, backpropDropOutIfPresent(epsilonNext));
        }

        @Override
        public boolean hasBias() {
            return true;
        }

        @Override
        public boolean isPretrainLayer() {
            return false;
        }
    }
}
