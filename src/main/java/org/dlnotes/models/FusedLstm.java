package org.dlnotes.models;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DL4J's {@link LSTM} layer with a faster forward and backward pass of its own: the input projection of all time
 * steps is one matrix product, each step is one recurrent product and one pass of Java over the step's rows
 * (the gates, cell state and output at once), and the weight gradients are three products over all steps, where
 * DL4J's implementation makes its products, gradients and fresh arrays step by step. With it and
 * {@link FusedRnnOutputLayer}, the chapter's language model trained 3.8× faster than with DL4J's layers, on one
 * thread (bench/README.md). Same configuration,
 * parameters (layout and initialisation), masks (a masked step's output and cell state are zero), outputs and
 * gradients as {@link LSTM}; saved and loaded like it (the JSON names this class).
 *
 * <p>It runs with DL4J's default activations (tanh, sigmoid gates) and no dropout or weight noise; anything else,
 * and {@code rnnTimeStep} and truncated BPTT, runs DL4J's own implementation on the same parameters.
 *
 * <pre>{@code
 * list.layer(new FusedLstm.Builder().nIn(128).nOut(128).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build());
 * }</pre>
 */
public class FusedLstm extends LSTM {

    private static final long serialVersionUID = 1L;

    /** For deserialisation. */
    public FusedLstm() {
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

    /** The same builder as {@link LSTM.Builder}, building a {@link FusedLstm}. */
    public static class Builder extends LSTM.Builder {

        @Override
        public FusedLstm build() {
            LSTM lstm = super.build(); // DL4J's checks and defaults
            FusedLstm fused = new FusedLstm();
            // LSTM's constructor from a builder is private: copy every configuration field it set
            LayerConfigCopy.copy(LSTM.class, lstm, fused);
            return fused;
        }
    }

    /**
     * DL4J's LSTM implementation with its own forward and backward pass: the input projection of all time steps is
     * one matrix product, and each step costs one recurrent product and one Java pass over the step's rows, copied
     * to and from the heap. The backward pass reuses the forward pass's gates and computes the weight gradients as
     * three products over all steps.
     */
    static final class Impl extends org.deeplearning4j.nn.layers.recurrent.LSTM {

        private static final long serialVersionUID = 1L;

        /** Whether the last forward or backward pass ran this implementation (for the tests). */
        boolean lastPassFused;
        /** The last training forward pass, for the backward pass; null after it. */
        private transient Forward forward;
        /** The passes' working arrays, reused while batch and sequence length stay the same. */
        private transient ScratchArrays scratch;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /**
         * One forward pass, time-major: row {@code t·batch + r} is sample r at step t. {@code z} holds the
         * activated gates in DL4J's column order (block input g, forget f, output o, input gate i), {@code mask}
         * the mask as one column (null without).
         */
        private record Forward(INDArray inputSeen, INDArray maskSeen, INDArray x, INDArray z, INDArray c,
                INDArray tanhC, INDArray h, INDArray mask, long batch, long steps) {
            /** Whether this pass was made for the given input and mask. */
            boolean isFor(INDArray input, INDArray maskArray) {
                return inputSeen == input && maskSeen == maskArray;
            }
        }

        @Override
        public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
            setInput(input, workspaceMgr);
            return activate(training, workspaceMgr);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            lastPassFused = applies();
            if (!lastPassFused) {
                return super.activate(training, workspaceMgr);
            }
            assertInputSet(false);
            Forward f = forward();
            forward = training ? f : null;
            long n = layerConf().getNOut();
            INDArray h = f.h.reshape(f.steps, f.batch, n);
            boolean ncw = layerConf().getRnnDataFormat() == RNNFormat.NCW;
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                    ncw ? new long[] {f.batch, n, f.steps} : new long[] {f.batch, f.steps, n}, 'c');
            return out.assign(ncw ? h.permute(1, 2, 0) : h.permute(1, 0, 2));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            lastPassFused = applies();
            if (!lastPassFused) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            assertInputSet(true);
            Forward f;
            INDArray dx;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                f = forward != null && forward.isFor(input, maskArray) ? forward : forward();
                forward = null;
                dx = backward(f, epsilon);
            }
            Gradient gradient = new DefaultGradient();
            gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY,
                    gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY));
            gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY,
                    gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY));
            gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY,
                    gradientViews.get(LSTMParamInitializer.BIAS_KEY));
            long nIn = layerConf().getNIn();
            INDArray d = dx.reshape(f.steps, f.batch, nIn);
            boolean ncw = layerConf().getRnnDataFormat() == RNNFormat.NCW;
            INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
            eps.assign(ncw ? d.permute(1, 2, 0) : d.permute(1, 0, 2));
            return new Pair<>(gradient, eps);
        }

        @Override
        public void clear() {
            super.clear();
            forward = null;
        }

        /**
         * DL4J's default activations, no dropout, no weight noise, float or double: otherwise DL4J's implementation
         * runs.
         */
        private boolean applies() {
            LSTM conf = layerConf();
            return (dataType == DataType.FLOAT || dataType == DataType.DOUBLE)
                    && conf.getActivationFn() instanceof ActivationTanH
                    && conf.getGateActivationFn() instanceof ActivationSigmoid
                    && conf.getIDropout() == null && conf.getWeightNoise() == null;
        }

        /** The forward pass, outside DL4J's workspaces (its arrays outlive them until the backward pass). */
        private Forward forward() {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                boolean ncw = layerConf().getRnnDataFormat() == RNNFormat.NCW;
                INDArray in = input.castTo(dataType);
                long batch = in.size(0);
                long steps = ncw ? in.size(2) : in.size(1);
                long nIn = layerConf().getNIn();
                long n = layerConf().getNOut();
                long all = steps * batch;
                if (scratch == null) {
                    scratch = new ScratchArrays();
                }
                INDArray x = scratch.get("x", dataType, all, nIn);
                x.reshape(steps, batch, nIn).assign(ncw ? in.permute(2, 0, 1) : in.permute(1, 0, 2));
                INDArray w = getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY);
                INDArray rw = getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
                INDArray b = getParam(LSTMParamInitializer.BIAS_KEY).reshape(1, 4 * n);
                INDArray z = scratch.get("z", dataType, all, 4 * n);
                Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
                z.addiRowVector(b);
                INDArray c = scratch.get("c", dataType, all, n);
                INDArray tanhC = scratch.get("tanhC", dataType, all, n);
                INDArray h = scratch.get("h", dataType, all, n);
                INDArray mask = maskArray == null ? null
                        : maskArray.castTo(dataType).transpose().dup('c').reshape(all, 1);
                MatrixMemory zm = MatrixMemory.of(z);
                MatrixMemory cm = MatrixMemory.of(c);
                MatrixMemory tm = MatrixMemory.of(tanhC);
                MatrixMemory hm = MatrixMemory.of(h);
                double[] ms = mask == null ? null : MatrixMemory.of(mask).readAll();
                int nn = (int) n;
                int bb = (int) batch;
                int block = bb * nn;
                boolean precise = dataType == DataType.DOUBLE;
                // one step's rows on the heap: the gates, and c, tanh(c), h; cs keeps c(t−1) for the next step
                double[] zs = new double[4 * block];
                double[] cs = new double[block];
                double[] ts = new double[block];
                double[] hs = new double[block];
                // the recurrent weights as a c-order copy, and the steps' rows as views made once: ND4J's small
                // products ran 1.4–1.8× faster so than on DL4J's f-order parameter view and fresh views
                INDArray rwc = scratch.get("rw", dataType, n, 4 * n).assign(rw);
                INDArray[] hSteps = scratch.rowBlocks("h", batch);
                INDArray[] zSteps = scratch.rowBlocks("z", batch);
                for (int t = 0; t < steps; t++) {
                    if (t > 0) {
                        Nd4j.gemm(hSteps[t - 1], rwc, zSteps[t], false, false, 1.0, 1.0);
                    }
                    // the step's elementwise part in Java: one pass instead of seven ND4J ops
                    zm.read(t * 4 * block, zs, 4 * block);
                    forwardStep(zs, cs, ts, hs, ms, t, bb, precise);
                    zm.write(t * 4 * block, zs, 4 * block);
                    cm.write(t * block, cs, block);
                    tm.write(t * block, ts, block);
                    hm.write(t * block, hs, block);
                }
                return new Forward(input, maskArray, x, z, c, tanhC, h, mask, batch, steps);
            }
        }

        /** Writes the parameter gradients into the gradient views; returns the input gradient, time-major. */
        private INDArray backward(Forward f, INDArray epsilon) {
            boolean ncw = layerConf().getRnnDataFormat() == RNNFormat.NCW;
            long n = layerConf().getNOut();
            long batch = f.batch;
            long steps = f.steps;
            long all = steps * batch;
            INDArray w = getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY);
            INDArray rw = getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
            // dh: the output gradient, time-major; the recurrent products add into it step by step
            INDArray dh = scratch.get("dh", dataType, all, n);
            dh.reshape(steps, batch, n).assign(ncw ? epsilon.permute(2, 0, 1) : epsilon.permute(1, 0, 2));
            INDArray dz = scratch.get("dz", dataType, all, 4 * n);
            MatrixMemory zm = MatrixMemory.of(f.z);
            MatrixMemory cm = MatrixMemory.of(f.c);
            MatrixMemory tm = MatrixMemory.of(f.tanhC);
            MatrixMemory dhm = MatrixMemory.of(dh);
            MatrixMemory dzm = MatrixMemory.of(dz);
            double[] ms = f.mask == null ? null : MatrixMemory.of(f.mask).readAll();
            int nn = (int) n;
            int bb = (int) batch;
            int block = bb * nn;
            // one step's rows on the heap; dcNext is dL/dc(t−1) from step t: dc(t) · f(t) · mask(t−1)
            double[] zs = new double[4 * block];
            double[] ts = new double[block];
            double[] cPrev = new double[block];
            double[] dhs = new double[block];
            double[] dzs = new double[4 * block];
            double[] dcNext = new double[block];
            INDArray rwT = scratch.get("rwT", dataType, 4 * n, n).assign(rw.transpose());
            INDArray[] dzSteps = scratch.rowBlocks("dz", batch);
            INDArray[] dhSteps = scratch.rowBlocks("dh", batch);
            for (int t = (int) steps - 1; t >= 0; t--) {
                // the step's elementwise part in Java: the gate gradients from dh(t) and dc(t)
                zm.read(t * 4 * block, zs, 4 * block);
                tm.read(t * block, ts, block);
                dhm.read(t * block, dhs, block);
                if (t > 0) {
                    cm.read((t - 1) * block, cPrev, block);
                }
                backwardStep(zs, ts, cPrev, dhs, dzs, dcNext, ms, t, bb, t == steps - 1);
                dzm.write(t * 4 * block, dzs, 4 * block);
                if (t > 0) {
                    Nd4j.gemm(dzSteps[t], rwT, dhSteps[t - 1], false, false, 1.0, 1.0);
                }
            }
            Products.transposeTimes(f.x, dz, gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY));
            INDArray dRw = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
            if (steps > 1) {
                Products.transposeTimes(f.h.get(NDArrayIndex.interval(0, all - batch), NDArrayIndex.all()),
                        dz.get(NDArrayIndex.interval(batch, all), NDArrayIndex.all()), dRw);
            } else {
                dRw.assign(0);
            }
            // the bias gradient, the column sums of dz, as a product with a row of ones (ND4J's sum along
            // dimension 0 of a c-order array is several times slower)
            INDArray db = scratch.get("db", dataType, 1, 4 * n);
            Nd4j.gemm(scratch.ones(dataType, all), dz, db, false, false, 1.0, 0.0);
            INDArray dbView = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
            dbView.assign(db.reshape(dbView.shape()));
            INDArray dx = scratch.get("dx", dataType, all, w.size(0));
            Nd4j.gemm(dz, w, dx, false, true, 1.0, 0.0);
            return dx;
        }

        /**
         * The elementwise part of forward step t on its {@code bb} rows, held on the heap (small methods, so that the
         * JIT compiles them whole): the gates activated in place in {@code zs} (per row: block input g, forget f,
         * output o, input i), then c, tanh(c) and h. {@code cs} holds c(t−1) on entry and c(t) on exit;
         * {@code mask}, time-major, is null without a mask.
         */
        private static void forwardStep(double[] zs, double[] cs, double[] ts, double[] hs, double[] mask, int t,
                int bb, boolean precise) {
            int nn = cs.length / bb;
            for (int r = 0; r < bb; r++) {
                int zr = r * 4 * nn;
                int cr = r * nn;
                for (int k = 0; k < nn; k++) {
                    double g = tanh(zs[zr + k], precise);
                    double f = sigmoid(zs[zr + nn + k]);
                    double o = sigmoid(zs[zr + 2 * nn + k]);
                    double i = sigmoid(zs[zr + 3 * nn + k]);
                    zs[zr + k] = g;
                    zs[zr + nn + k] = f;
                    zs[zr + 2 * nn + k] = o;
                    zs[zr + 3 * nn + k] = i;
                    double ct = t > 0 ? i * g + f * cs[cr + k] : i * g;
                    double tct = tanh(ct, precise);
                    ts[cr + k] = tct;
                    cs[cr + k] = ct;
                    hs[cr + k] = o * tct;
                }
                if (mask != null) { // DL4J's semantics: output and cell state are zero at a masked step
                    double m = mask[t * bb + r];
                    for (int k = 0; k < nn; k++) {
                        cs[cr + k] *= m;
                        hs[cr + k] *= m;
                    }
                }
            }
        }

        /**
         * The elementwise part of backward step t: the gate gradients {@code dzs} from dh(t), the forward pass's
         * gates {@code zs}, tanh(c(t)) and c(t−1), and from {@code dcNext}, dL/dc(t) from step t+1 (unused at the
         * last step), which it replaces by dL/dc(t−1) = dc(t) · f(t) · mask(t−1).
         */
        private static void backwardStep(double[] zs, double[] ts, double[] cPrev, double[] dhs, double[] dzs,
                double[] dcNext, double[] mask, int t, int bb, boolean last) {
            int nn = ts.length / bb;
            for (int r = 0; r < bb; r++) {
                double m = mask == null ? 1 : mask[t * bb + r];
                double mPrev = mask == null || t == 0 ? 1 : mask[(t - 1) * bb + r];
                int zr = r * 4 * nn;
                int cr = r * nn;
                for (int k = 0; k < nn; k++) {
                    double dht = dhs[cr + k];
                    double g = zs[zr + k];
                    double fg = zs[zr + nn + k];
                    double o = zs[zr + 2 * nn + k];
                    double i = zs[zr + 3 * nn + k];
                    double tc = ts[cr + k];
                    // h(t) and c(t) were multiplied by mask(t): so are their gradients
                    double ko = (1 - o) * o * tc * m;        // dL/dz_o = dh · ko
                    double p = (1 - tc * tc) * o * m;        // dL/dc  = dh · p + (from t+1)
                    double dc = last ? dht * p : dht * p + dcNext[cr + k];
                    dzs[zr + 2 * nn + k] = dht * ko;
                    dzs[zr + 3 * nn + k] = dc * ((1 - i) * i * g);
                    dzs[zr + k] = dc * ((1 - g * g) * i);
                    dzs[zr + nn + k] = t > 0 ? dc * ((1 - fg) * fg * cPrev[cr + k]) : 0;
                    dcNext[cr + k] = dc * (fg * mPrev);
                }
            }
        }

        private static double sigmoid(double x) {
            return 1 / (1 + Math.exp(-x));
        }

        /**
         * tanh: in float precision through {@link Math#exp} (an intrinsic; {@link Math#tanh} is not), 1 − 2 / (e^{2x} + 1),
         * whose absolute error of about 1e-16 is far below float's rounding; in double precision {@link Math#tanh},
         * which is exact to an ulp also near 0 (finite-difference gradient checks see the difference).
         */
        private static double tanh(double x, boolean precise) {
            return precise ? Math.tanh(x) : 1 - 2 / (Math.exp(2 * x) + 1);
        }
    }
}
