package org.dlnotes.models;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

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
            for (Class<?> c = LSTM.class; c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        try {
                            f.set(fused, f.get(lstm));
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException("cannot copy LSTM field " + f.getName(), e);
                        }
                    }
                }
            }
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

        /** DL4J's default activations, no dropout, no weight noise: otherwise DL4J's implementation runs. */
        private boolean applies() {
            LSTM conf = layerConf();
            return conf.getActivationFn() instanceof ActivationTanH
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
                INDArray x = (ncw ? in.permute(2, 0, 1) : in.permute(1, 0, 2)).dup('c').reshape(steps * batch, nIn);
                INDArray w = getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY);
                INDArray rw = getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
                INDArray b = getParam(LSTMParamInitializer.BIAS_KEY).reshape(1, 4 * n);
                INDArray z = x.mmul(w).addiRowVector(b);
                INDArray c = Nd4j.createUninitialized(dataType, steps * batch, n);
                INDArray tanhC = Nd4j.createUninitialized(dataType, steps * batch, n);
                INDArray h = Nd4j.createUninitialized(dataType, steps * batch, n);
                INDArray mask = maskArray == null ? null
                        : maskArray.castTo(dataType).transpose().dup('c').reshape(steps * batch, 1);
                INDArray fc = Nd4j.createUninitialized(dataType, batch, n);
                for (long t = 0; t < steps; t++) {
                    INDArray zt = rows(z, t, batch);
                    if (t > 0) {
                        Nd4j.gemm(rows(h, t - 1, batch), rw, zt, false, false, 1.0, 1.0);
                    }
                    Transforms.tanh(gate(zt, 0, n), false);
                    Transforms.sigmoid(zt.get(NDArrayIndex.all(), NDArrayIndex.interval(n, 4 * n)), false);
                    INDArray ct = rows(c, t, batch);
                    Nd4j.exec(new MulOp(gate(zt, 3, n), gate(zt, 0, n), ct));
                    if (t > 0) {
                        ct.addi(Nd4j.exec(new MulOp(gate(zt, 1, n), rows(c, t - 1, batch), fc))[0]);
                    }
                    INDArray tct = rows(tanhC, t, batch);
                    Nd4j.exec(new Tanh(ct, tct));
                    INDArray ht = rows(h, t, batch);
                    Nd4j.exec(new MulOp(gate(zt, 2, n), tct, ht));
                    if (mask != null) { // DL4J's semantics: output and cell state are zero at a masked step
                        INDArray mt = rows(mask, t, batch);
                        ht.muliColumnVector(mt);
                        ct.muliColumnVector(mt);
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
            INDArray dh = (ncw ? epsilon.permute(2, 0, 1) : epsilon.permute(1, 0, 2)).castTo(dataType).dup('c')
                    .reshape(all, n);
            INDArray g = gate(f.z, 0, n);
            INDArray fg = gate(f.z, 1, n);
            INDArray o = gate(f.z, 2, n);
            INDArray i = gate(f.z, 3, n);
            // the local derivatives of all steps at once
            INDArray ko = o.rsub(1).muli(o).muli(f.tanhC);                  // dL/dz_o = dh · ko
            INDArray p = f.tanhC.mul(f.tanhC).rsubi(1).muli(o);             // dL/dc  = dh · p + (from t+1)
            INDArray ki = i.rsub(1).muli(i).muli(g);                        // dL/dz_i = dc · ki
            INDArray kg = g.mul(g).rsubi(1).muli(i);                        // dL/dz_g = dc · kg
            INDArray kf = fg.rsub(1).muli(fg);                              // dL/dz_f = dc · kf · c(t−1)
            rows(kf, 0, batch).assign(0);
            INDArray fNext = fg.dup('c');                   // dL/dc(t−1) += dc(t) · f(t) · mask(t−1)
            if (steps > 1) {
                kf.get(NDArrayIndex.interval(batch, all), NDArrayIndex.all())
                        .muli(f.c.get(NDArrayIndex.interval(0, all - batch), NDArrayIndex.all()));
            }
            if (f.mask != null) { // h(t) and c(t) were multiplied by mask(t): so are their gradients
                INDArray m = f.mask;
                ko.muliColumnVector(m);
                p.muliColumnVector(m);
                if (steps > 1) {
                    fNext.get(NDArrayIndex.interval(batch, all), NDArrayIndex.all())
                            .muliColumnVector(m.get(NDArrayIndex.interval(0, all - batch), NDArrayIndex.all()));
                }
            }
            INDArray dz = Nd4j.createUninitialized(dataType, all, 4 * n);
            INDArray dc = Nd4j.createUninitialized(dataType, batch, n);
            INDArray dcPrev = Nd4j.createUninitialized(dataType, batch, n);
            for (long t = steps - 1; t >= 0; t--) {
                INDArray dht = rows(dh, t, batch);
                INDArray dzt = rows(dz, t, batch);
                Nd4j.exec(new MulOp(dht, rows(ko, t, batch), gate(dzt, 2, n)));
                Nd4j.exec(new MulOp(dht, rows(p, t, batch), dc));
                if (t < steps - 1) {
                    dc.addi(dcPrev);
                }
                Nd4j.exec(new MulOp(dc, rows(ki, t, batch), gate(dzt, 3, n)));
                Nd4j.exec(new MulOp(dc, rows(kg, t, batch), gate(dzt, 0, n)));
                Nd4j.exec(new MulOp(dc, rows(kf, t, batch), gate(dzt, 1, n)));
                if (t > 0) {
                    Nd4j.exec(new MulOp(dc, rows(fNext, t, batch), dcPrev));
                    Nd4j.gemm(dzt, rw, rows(dh, t - 1, batch), false, true, 1.0, 1.0);
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
            INDArray db = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
            db.assign(dz.sum(0).reshape(db.shape()));
            return dz.mmul(w.transpose());
        }

        /** Rows of step t in a time-major array. */
        private static INDArray rows(INDArray a, long t, long batch) {
            return a.get(NDArrayIndex.interval(t * batch, (t + 1) * batch), NDArrayIndex.all());
        }

        /** Columns of one gate (0 block input, 1 forget, 2 output, 3 input gate). */
        private static INDArray gate(INDArray z, int gate, long n) {
            return z.get(NDArrayIndex.all(), NDArrayIndex.interval(gate * n, (gate + 1) * n));
        }
    }
}
