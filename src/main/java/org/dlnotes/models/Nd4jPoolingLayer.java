package org.dlnotes.models;

import java.util.Collection;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link SubsamplingLayer} (max, average or p-norm pooling) whose pooling runs on ND4J's own kernels instead of
 * oneDNN's, with the same configuration, results and serialised form apart from the class name.
 *
 * <p>Why: with ND4J's platform helpers on (they make convolutions 5–20 times faster on the oneDNN build), DL4J
 * 1.0.0-M2.1's pooling ops also go to oneDNN, which for DL4J's NCHW layout picks its unoptimised
 * {@code simple_nchw} kernel: max pooling of 64×16×28×28 takes 6.5 ms forward and 9.4 ms backward there, against
 * 0.9 and 2.8 ms in ND4J's kernels. That was 45 % of the chapter CNN's training step (bench/README.md). ND4J can
 * only switch its helpers off for the whole process, so this layer switches them off while it pools and back on
 * afterwards; a convolution running at that moment on another thread (parallel training) loses oneDNN for that
 * one call, which changes its speed, not its result.
 *
 * <pre>{@code
 * list.layer(new Nd4jPoolingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
 * }</pre>
 */
public class Nd4jPoolingLayer extends SubsamplingLayer {

    private static final long serialVersionUID = 1L;
    private static final Object LOCK = new Object();
    private static int poolingNow;
    private static boolean helpersBefore;

    /** For deserialisation. */
    public Nd4jPoolingLayer() {
    }

    private Nd4jPoolingLayer(Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray params, boolean initializeParams, DataType dataType) {
        Impl layer = new Impl(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(params);
        layer.setParamTable(initializer().init(conf, params, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /** Runs {@code pooling} with ND4J's platform helpers off, however many threads pool at once. */
    static <T> T withoutPlatformHelpers(Supplier<T> pooling) {
        synchronized (LOCK) {
            if (poolingNow++ == 0) {
                helpersBefore = Nd4j.getEnvironment().helpersAllowed();
                Nd4j.getEnvironment().allowHelpers(false);
            }
        }
        try {
            return pooling.get();
        } finally {
            synchronized (LOCK) {
                if (--poolingNow == 0) {
                    Nd4j.getEnvironment().allowHelpers(helpersBefore);
                }
            }
        }
    }

    /** The same builder as {@link SubsamplingLayer.Builder}, building an {@link Nd4jPoolingLayer}. */
    public static class Builder extends SubsamplingLayer.Builder {

        /** Pooling of the given type; set the window with {@link #kernelSize} and {@link #stride}. */
        public Builder(org.deeplearning4j.nn.conf.layers.PoolingType type) {
            super(type);
        }

        @Override
        public Nd4jPoolingLayer build() {
            super.build(); // DL4J's checks of the window, stride, padding and p-norm
            return new Nd4jPoolingLayer(this);
        }
    }

    /** DL4J's pooling layer, run through {@link #withoutPlatformHelpers}. */
    static final class Impl extends org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer {

        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
            helper = null; // DL4J's oneDNN pooling helper would send the backward pass to oneDNN as well
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return withoutPlatformHelpers(() -> super.activate(training, workspaceMgr));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return withoutPlatformHelpers(() -> super.backpropGradient(epsilon, workspaceMgr));
        }
    }
}
