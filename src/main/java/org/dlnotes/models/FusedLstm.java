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
 * steps is one matrix product, each step is one recurrent product and a few elementwise ops on views of arrays
 * allocated once per pass, and the weight gradients are three products over all steps, where DL4J's
 * implementation makes its products, gradients and fresh arrays step by step. It used 40 % less CPU per training
 * step of the chapter's language model (bench/README.md). Same configuration,
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
     * one matrix product, and each step costs one recurrent product and a few elementwise ops on views of
     * preallocated arrays. The backward pass reuses the forward pass's gates and computes the weight gradients as
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
                Buf zb = Buf.of(z);
                Buf cb = Buf.of(c);
                Buf tb = Buf.of(tanhC);
                Buf hb = Buf.of(h);
                Buf mb = mask == null ? null : Buf.of(mask);
                int nn = (int) n;
                int bb = (int) batch;
                boolean precise = dataType == DataType.DOUBLE;
                for (int t = 0; t < steps; t++) {
                    if (t > 0) {
                        Nd4j.gemm(rows(h, t - 1, batch), rw, rows(z, t, batch), false, false, 1.0, 1.0);
                    }
                    // the step's elementwise part in Java on the arrays' memory: one pass instead of seven ND4J ops
                    for (int r = t * bb; r < (t + 1) * bb; r++) {
                        int zr = r * 4 * nn;
                        int cr = r * nn;
                        int prev = cr - bb * nn;
                        for (int k = 0; k < nn; k++) {
                            zb.set(zr + k, tanh(zb.get(zr + k), precise));
                            zb.set(zr + nn + k, sigmoid(zb.get(zr + nn + k)));
                            zb.set(zr + 2 * nn + k, sigmoid(zb.get(zr + 2 * nn + k)));
                            zb.set(zr + 3 * nn + k, sigmoid(zb.get(zr + 3 * nn + k)));
                            double ct = zb.get(zr + 3 * nn + k) * zb.get(zr + k);
                            if (t > 0) {
                                ct += zb.get(zr + nn + k) * cb.get(prev + k);
                            }
                            double tct = tanh(ct, precise);
                            tb.set(cr + k, tct);
                            cb.set(cr + k, ct);
                            hb.set(cr + k, zb.get(zr + 2 * nn + k) * tb.get(cr + k));
                        }
                        if (mb != null) { // DL4J's semantics: output and cell state are zero at a masked step
                            double m = mb.get(r);
                            for (int k = 0; k < nn; k++) {
                                cb.set(cr + k, cb.get(cr + k) * m);
                                hb.set(cr + k, hb.get(cr + k) * m);
                            }
                        }
                    }
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
            Buf zb = Buf.of(f.z);
            Buf cb = Buf.of(f.c);
            Buf tb = Buf.of(f.tanhC);
            Buf dhb = Buf.of(dh);
            Buf dzb = Buf.of(dz);
            Buf mb = f.mask == null ? null : Buf.of(f.mask);
            int nn = (int) n;
            int bb = (int) batch;
            // dL/dc(t-1) from step t: dc(t) · f(t) · mask(t-1); one row per sample
            double[] dcNext = new double[bb * nn];
            for (int t = (int) steps - 1; t >= 0; t--) {
                // the step's elementwise part in Java: the gate gradients from dh(t) and dc(t)
                for (int r = t * bb; r < (t + 1) * bb; r++) {
                    double m = mb == null ? 1 : mb.get(r);
                    double mPrev = mb == null || t == 0 ? 1 : mb.get(r - bb);
                    int zr = r * 4 * nn;
                    int cr = r * nn;
                    int prev = cr - bb * nn;
                    int j = (r - t * bb) * nn;
                    for (int k = 0; k < nn; k++) {
                        double dht = dhb.get(cr + k);
                        double g = zb.get(zr + k);
                        double fg = zb.get(zr + nn + k);
                        double o = zb.get(zr + 2 * nn + k);
                        double i = zb.get(zr + 3 * nn + k);
                        double tc = tb.get(cr + k);
                        double ko = (1 - o) * o * tc;              // dL/dz_o = dh · ko
                        double p = (1 - tc * tc) * o;              // dL/dc  = dh · p + (from t+1)
                        if (mb != null) { // h(t) and c(t) were multiplied by mask(t): so are their gradients
                            ko *= m;
                            p *= m;
                        }
                        double dc = dht * p;
                        if (t < steps - 1) {
                            dc += dcNext[j + k];
                        }
                        dzb.set(zr + 2 * nn + k, dht * ko);
                        dzb.set(zr + 3 * nn + k, dc * ((1 - i) * i * g));
                        dzb.set(zr + k, dc * ((1 - g * g) * i));
                        dzb.set(zr + nn + k, t > 0 ? dc * ((1 - fg) * fg * cb.get(prev + k)) : 0);
                        dcNext[j + k] = dc * (fg * mPrev);
                    }
                }
                if (t > 0) {
                    Nd4j.gemm(rows(dz, t, batch), rw, rows(dh, t - 1, batch), false, true, 1.0, 1.0);
                }
            }
            Nd4j.gemm(f.x, dz, gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY), true, false, 1.0, 0.0);
            INDArray dRw = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
            if (steps > 1) {
                Nd4j.gemm(f.h.get(NDArrayIndex.interval(0, all - batch), NDArrayIndex.all()),
                        dz.get(NDArrayIndex.interval(batch, all), NDArrayIndex.all()), dRw, true, false, 1.0, 0.0);
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

        /** Rows of step t in a time-major array. */
        private static INDArray rows(INDArray a, long t, long batch) {
            return a.get(NDArrayIndex.interval(t * batch, (t + 1) * batch), NDArrayIndex.all());
        }

        /**
         * The elements of a c-order, offset-free rank-2 array (float or double), read and written in place through
         * its native memory: the time loops' elementwise work without one ND4J op call per operation.
         */
        abstract static class Buf {
            abstract double get(int i);

            abstract void set(int i, double v);

            static Buf of(INDArray a) {
                if (a.rank() != 2 || a.ordering() != 'c' || a.offset() != 0 || a.stride(1) != 1
                        || a.stride(0) != a.size(1) || a.length() > a.data().length()) {
                    throw new IllegalArgumentException("not a plain c-order matrix: " + a.shapeInfoToString());
                }
                java.nio.ByteBuffer bytes = a.data().asNio().order(java.nio.ByteOrder.nativeOrder());
                if (a.dataType() == DataType.FLOAT) {
                    java.nio.FloatBuffer f = bytes.asFloatBuffer();
                    return new Buf() {
                        @Override
                        double get(int i) {
                            return f.get(i);
                        }

                        @Override
                        void set(int i, double v) {
                            f.put(i, (float) v);
                        }
                    };
                }
                if (a.dataType() == DataType.DOUBLE) {
                    java.nio.DoubleBuffer d = bytes.asDoubleBuffer();
                    return new Buf() {
                        @Override
                        double get(int i) {
                            return d.get(i);
                        }

                        @Override
                        void set(int i, double v) {
                            d.put(i, v);
                        }
                    };
                }
                throw new IllegalArgumentException("float or double only, not " + a.dataType());
            }
        }
    }
}
