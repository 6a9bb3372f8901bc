package org.dlnotes.models;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * DL4J's {@link RnnOutputLayer} with a cheaper training step for its most common use, a softmax over classes at
 * every time step with multi-class cross-entropy (a language model's output): the backward pass computes the
 * product, the softmax and the loss once, time-major with one row per position (the softmax over contiguous rows),
 * and keeps the loss for the score that DL4J asks for right after it. DL4J's own implementation computes the
 * product and the softmax twice per training step (once for the gradient, once for the score), each time on
 * freshly permuted copies of the input and the labels, with the softmax along strided rows. Same configuration,
 * parameters, outputs, gradients and score as {@link RnnOutputLayer} (in float to about 2e-6 relative: the training
 * pass runs libnd4j's faster softmax kernel, see {@code bench/README.md} round 6); saved and loaded like it (the
 * JSON names this class).
 *
 * <p>Anything else (another loss or activation, class weights, per-output masks, dropout, weight noise, data types
 * other than float and double) and inference run DL4J's implementation.
 *
 * <pre>{@code
 * list.layer(new FusedRnnOutputLayer.Builder(LossFunction.MCXENT).nIn(128).nOut(1000)
 *         .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build());
 * }</pre>
 */
public class FusedRnnOutputLayer extends RnnOutputLayer {

    private static final long serialVersionUID = 1L;

    /** For deserialisation. */
    public FusedRnnOutputLayer() {
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray params, boolean initializeParams, DataType dataType) {
        LayerValidation.assertNInNOutSet("FusedRnnOutputLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        Impl layer = new Impl(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(params);
        Map<String, INDArray> table = initializer().init(conf, params, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    /** The same builder as {@link RnnOutputLayer.Builder}, building a {@link FusedRnnOutputLayer}. */
    public static class Builder extends RnnOutputLayer.Builder {

        public Builder(LossFunction lossFunction) {
            super(lossFunction);
        }

        @Override
        @SuppressWarnings("unchecked")
        public FusedRnnOutputLayer build() {
            RnnOutputLayer layer = super.build(); // DL4J's checks and defaults
            FusedRnnOutputLayer fused = new FusedRnnOutputLayer();
            // RnnOutputLayer's constructor from a builder is private: copy every configuration field it set
            LayerConfigCopy.copy(RnnOutputLayer.class, layer, fused);
            return fused;
        }
    }

    /**
     * DL4J's implementation with its own backward pass for softmax and multi-class cross-entropy, and the score of
     * that pass kept for the {@link #computeScore} call that follows it on the same input and labels.
     */
    static final class Impl extends org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer {

        private static final long serialVersionUID = 1L;
        private static final Field REG_TERM;

        static {
            try {
                REG_TERM = org.deeplearning4j.nn.layers.BaseOutputLayer.class.getDeclaredField("fullNetRegTerm");
                REG_TERM.setAccessible(true);
            } catch (NoSuchFieldException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Whether the last backward pass ran this implementation (for the tests). */
        boolean lastPassFused;
        /** The loss (sum over positions, before dividing by the batch) of the last backward pass, and its inputs. */
        private transient double loss;
        private transient INDArray lossInput;
        private transient INDArray lossLabels;
        private transient INDArray lossMask;
        /** The backward pass's working arrays, reused while batch and sequence length stay the same. */
        private transient ScratchArrays scratch;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** Softmax, cross-entropy without class weights, no dropout or weight noise, float or double, time steps masked at most. */
        private boolean applies() {
            RnnOutputLayer conf = layerConf();
            return (dataType == DataType.FLOAT || dataType == DataType.DOUBLE)
                    && conf.getLossFn() instanceof LossMCXENT && ((LossMCXENT) conf.getLossFn()).getWeights() == null
                    && conf.getActivationFn() instanceof ActivationSoftmax
                    && conf.getIDropout() == null && conf.getWeightNoise() == null
                    && input != null && input.rank() == 3 && labels != null && labels.rank() == 3
                    && (maskArray == null || maskArray.isColumnVectorOrScalar() && maskArray.length() > 1);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            lossInput = null;
            lastPassFused = applies();
            if (!lastPassFused) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            assertInputSet(true);
            boolean ncw = layerConf().getRnnDataFormat() == RNNFormat.NCW;
            long batch = input.size(0);
            long steps = ncw ? input.size(2) : input.size(1);
            long nIn = layerConf().getNIn();
            long classes = layerConf().getNOut();
            long all = steps * batch;
            long[] expected = ncw ? new long[] {batch, classes, steps} : new long[] {batch, steps, classes};
            if (!java.util.Arrays.equals(labels.shape(), expected)) {
                throw new IllegalArgumentException("labels of shape " + java.util.Arrays.toString(labels.shape())
                        + " do not fit output layer " + getIndex() + ": expected "
                        + java.util.Arrays.toString(expected) + (ncw ? " ([batch, classes, steps], NCW)"
                                : " ([batch, steps, classes], NWC)") + " for its input "
                        + java.util.Arrays.toString(input.shape()) + " and " + classes + " classes");
            }
            INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
            INDArray b = getParam(DefaultParamInitializer.BIAS_KEY);
            INDArray dx;
            double lossSum;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                // time-major rows (t·batch + sample), DL4J's row order for the 2d view of a time series and its mask
                if (scratch == null) {
                    scratch = new ScratchArrays();
                }
                INDArray x = timeMajor(scratch.get("x", dataType, all, nIn), input, ncw, batch, steps);
                INDArray p = scratch.get("p", dataType, all, classes);
                Nd4j.gemm(x, w, p, false, false, 1.0, 0.0);
                p.addiRowVector(b.reshape(1, classes));
                // softmax along each row, in place; libnd4j's kernel for the last axis of a rank-3 array ran 5.5×
                // faster than its rank-2 kernel on this [rows, classes] (1.4 against 7.7 ms for [2048, 1000] floats;
                // relative difference at most 2e-6 in float, none in double)
                Nd4j.exec(new SoftMax(p.reshape(all, 1, classes), p.reshape(all, 1, classes), 2));
                // DL4J's mask of time steps: a column in the same time-major row order
                INDArray mask = maskArray == null ? null
                        : Nd4j.createUninitialized(dataType, all, 1).assign(maskArray.reshape(all, 1));
                // softmax and cross-entropy: dL/dz = p − y
                lossSum = crossEntropyAndDelta(p, plain(labels), ncw, mask,
                        ((LossMCXENT) layerConf().getLossFn()).getSoftmaxClipEps());
                INDArray delta = p;
                if (mask != null) {
                    delta.muliColumnVector(mask);
                }
                Products.transposeTimes(x, delta, gradientViews.get(DefaultParamInitializer.WEIGHT_KEY));
                INDArray db = scratch.get("db", dataType, 1, classes);
                Nd4j.gemm(scratch.ones(dataType, all), delta, db, false, false, 1.0, 0.0); // delta's column sums
                INDArray dbView = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
                dbView.assign(db.reshape(dbView.shape()));
                dx = scratch.get("dx", dataType, all, nIn);
                Nd4j.gemm(delta, w, dx, false, true, 1.0, 0.0);
            }
            loss = lossSum;
            lossInput = input;
            lossLabels = labels;
            lossMask = maskArray;
            Gradient gradient = new DefaultGradient();
            gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY,
                    gradientViews.get(DefaultParamInitializer.WEIGHT_KEY));
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY,
                    gradientViews.get(DefaultParamInitializer.BIAS_KEY));
            INDArray d = dx.reshape(steps, batch, nIn);
            INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
            eps.assign(ncw ? d.permute(1, 2, 0) : d.permute(1, 0, 2));
            weightNoiseParams.clear();
            return new Pair<>(gradient, eps);
        }

        @Override
        public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
            if (lossInput == null || lossInput != input || lossLabels != labels || lossMask != maskArray) {
                return super.computeScore(fullNetRegTerm, training, workspaceMgr);
            }
            lossInput = null; // once: the parameters change after the step
            try {
                REG_TERM.setDouble(this, fullNetRegTerm);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            double s = loss;
            if (conf().isMiniBatch()) {
                s /= getInputMiniBatchSize();
            }
            score = s + fullNetRegTerm;
            return score;
        }

        @Override
        public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
            lossInput = null;
            super.setInput(input, workspaceMgr);
        }

        @Override
        public void setLabels(INDArray labels) {
            lossInput = null;
            super.setLabels(labels);
        }

        @Override
        public void clear() {
            super.clear();
            lossInput = null;
        }

        /** [batch, size, steps] (NCW) or [batch, steps, size] (NWC) copied into {@code to}, [steps · batch, size]. */
        private static INDArray timeMajor(INDArray to, INDArray a, boolean ncw, long batch, long steps) {
            to.reshape(steps, batch, to.size(1)).assign(ncw ? a.permute(2, 0, 1) : a.permute(1, 0, 2));
            return to;
        }

        /** The labels as a c-order float or double array without offset: themselves, or a copy. */
        private INDArray plain(INDArray labels) {
            return MatrixMemory.fits(labels) ? labels : labels.castTo(dataType).dup('c');
        }

        /**
         * Returns −Σ y · log(p), p clipped to [eps, 1 − eps] as DL4J's {@link LossMCXENT} clips it, rows weighted by
         * the mask, and turns p into p − y. The labels are read in their own layout ([batch, classes, steps] or
         * [batch, steps, classes]), so no time-major copy of them is made; where y is 0 nothing is added or
         * subtracted (a one-hot label costs one logarithm per row).
         */
        private static double crossEntropyAndDelta(INDArray p, INDArray labels, boolean ncw, INDArray mask,
                double eps) {
            MatrixMemory pm = MatrixMemory.of(p);
            MatrixMemory ym = MatrixMemory.of(labels);
            double[] ms = mask == null ? null : MatrixMemory.of(mask).readAll();
            boolean isFloat = p.dataType() == DataType.FLOAT;
            double lo = isFloat ? (float) eps : eps;
            double hi = isFloat ? (float) (1.0 - eps) : 1.0 - eps;
            int batch = (int) labels.size(0);
            int outer = (int) labels.size(1); // classes (NCW) or steps (NWC)
            int inner = (int) labels.size(2);
            int classes = (int) p.size(1);
            int perSample = outer * inner;
            int[] at = new int[perSample];
            double[] ys = new double[perSample];
            double[] one = new double[1];
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                int count = ym.nonZeros(b * perSample, perSample, at, ys);
                for (int j = 0; j < count; j++) {
                    int o = at[j] / inner;
                    int i = at[j] % inner;
                    double y = ys[j];
                    int row = (ncw ? i : o) * batch + b; // time-major: t · batch + sample
                    int index = row * classes + (ncw ? o : i);
                    pm.read(index, one, 1);
                    double m = ms == null ? 1 : ms[row];
                    if (m != 0) {
                        sum += m * y * Math.log(Math.min(Math.max(one[0], lo), hi));
                    }
                    one[0] -= y;
                    pm.write(index, one, 1);
                }
            }
            return -sum;
        }
    }
}
