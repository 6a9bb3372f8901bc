package org.dlnotes.models;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DL4J's {@link LSTM} layer with its whole time loop in one native op: libnd4j's {@code lstmLayer} forward and
 * {@code lstmLayer_bp} backward, instead of DL4J's Java loop with one op sequence per time step. Same configuration,
 * parameters (layout and initialisation), outputs and gradients as {@link LSTM}; saved and loaded like it (the JSON
 * names this class).
 *
 * <p>The native ops run when the layer has DL4J's default activations (tanh, sigmoid gates), no dropout or weight
 * noise, and either no mask or a mask of right-padded sequences ({@code 1 … 1 0 … 0} per row, as
 * {@code Sentences} makes them; the op then stops each sequence at its length). Anything else (other activations,
 * masks with gaps, {@code rnnTimeStep}, truncated BPTT) runs DL4J's own implementation on the same parameters, so
 * results never depend on which path ran.
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

    /** DL4J's LSTM implementation, with forward and backward pass on libnd4j's fused ops where they apply. */
    static final class Impl extends org.deeplearning4j.nn.layers.recurrent.LSTM {

        private static final long serialVersionUID = 1L;
        // lstmLayer's activation codes (libnd4j lstmLayer.cpp)
        private static final int TANH = 0;
        private static final int SIGMOID = 2;

        /** Whether the last forward or backward pass ran on the fused ops (for the tests). */
        boolean lastPassFused;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            long[] lengths = fusedLengths();
            lastPassFused = lengths != null;
            if (lengths == null) {
                return super.activate(training, workspaceMgr);
            }
            assertInputSet(false);
            INDArray x = input.castTo(dataType);
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outputShape(x), 'c');
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("lstmLayer")
                    .addInputs(inputs(x, lengths, null));
            Nd4j.exec(arguments(op, lengths != NO_MASK).addOutputs(out).build());
            return out;
        }

        @Override
        public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
            setInput(input, workspaceMgr);
            return activate(training, workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            long[] lengths = fusedLengths();
            lastPassFused = lengths != null;
            if (lengths == null) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            assertInputSet(true);
            INDArray x = input.castTo(dataType);
            long n = layerConf().getNOut();
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
            INDArray dWx = Nd4j.createUninitialized(dataType, layerConf().getNIn(), 4 * n);
            INDArray dWr = Nd4j.createUninitialized(dataType, n, 4 * n);
            INDArray db = Nd4j.createUninitialized(dataType, 4 * n);
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("lstmLayer_bp")
                    .addInputs(inputs(x, lengths, epsilon.castTo(dataType).dup('c')));
            Nd4j.exec(arguments(op, lengths != NO_MASK).addOutputs(dx, dWx, dWr, db).build());

            Gradient gradient = new DefaultGradient();
            gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY,
                    fromOpOrder(dWx, gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY)));
            gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY,
                    fromOpOrder(dWr, gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY)));
            gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY,
                    fromOpOrder(db, gradientViews.get(LSTMParamInitializer.BIAS_KEY)));
            return new Pair<>(gradient, dx);
        }

        private static final long[] NO_MASK = new long[0];

        /**
         * The sequence lengths for the fused op: {@link #NO_MASK} without a mask, one length per row for a
         * right-padded mask, or null where DL4J's own implementation must run.
         */
        private long[] fusedLengths() {
            LSTM conf = layerConf();
            if (!(conf.getActivationFn() instanceof ActivationTanH)
                    || !(conf.getGateActivationFn() instanceof ActivationSigmoid)
                    || conf.getIDropout() != null || conf.getWeightNoise() != null) {
                return null;
            }
            if (maskArray == null) {
                return NO_MASK;
            }
            float[][] mask = maskArray.castTo(DataType.FLOAT).toFloatMatrix();
            long[] lengths = new long[mask.length];
            for (int r = 0; r < mask.length; r++) {
                int t = 0;
                while (t < mask[r].length && mask[r][t] == 1f) {
                    t++;
                }
                lengths[r] = t;
                for (; t < mask[r].length; t++) {
                    if (mask[r][t] != 0f) {
                        return null; // not right-padded: DL4J's semantics (state reset at masked steps)
                    }
                }
            }
            return lengths;
        }

        private long[] outputShape(INDArray x) {
            long n = layerConf().getNOut();
            return layerConf().getRnnDataFormat() == RNNFormat.NCW
                    ? new long[] {x.size(0), n, x.size(2)}
                    : new long[] {x.size(0), x.size(1), n};
        }

        /** The op's inputs: x, weights, biases, the lengths if masked, and the output gradient for the backward op. */
        private INDArray[] inputs(INDArray x, long[] lengths, INDArray gradient) {
            List<INDArray> in = new ArrayList<>(List.of(x.dup('c'),
                    toOpOrder(getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY)),
                    toOpOrder(getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY)),
                    toOpOrder(getParam(LSTMParamInitializer.BIAS_KEY)).reshape(-1)));
            if (lengths != NO_MASK) {
                in.add(Nd4j.createFromArray(lengths).castTo(dataType));
            }
            if (gradient != null) {
                in.add(gradient);
            }
            return in.toArray(INDArray[]::new);
        }

        private DynamicCustomOp.DynamicCustomOpsBuilder arguments(DynamicCustomOp.DynamicCustomOpsBuilder op,
                boolean masked) {
            // dataFormat (2 = [batch, nIn, time], 1 = [batch, time, nIn]), direction forward, gate, cell and output
            // activations; then: biases, sequence lengths, no initial h, no initial c, no peepholes, the full
            // sequence, not the last h or c alone; cell clipping off
            int format = layerConf().getRnnDataFormat() == RNNFormat.NCW ? 2 : 1;
            return op.addIntegerArguments(format, 0, SIGMOID, TANH, TANH)
                    .addBooleanArguments(true, masked, false, false, false, true, false, false)
                    .addFloatingPointArguments(0.0);
        }

        /**
         * DL4J keeps the four gate blocks of the weights in the order (block input, forget, output, input gate);
         * lstmLayer wants (input gate, forget, block input, output).
         */
        private static INDArray toOpOrder(INDArray w) {
            long n = w.size(-1) / 4;
            return Nd4j.concat(w.rank() - 1, block(w, 3, n), block(w, 1, n), block(w, 0, n), block(w, 2, n));
        }

        /** Writes {@code opOrder} back into DL4J's gate order in {@code view}; returns {@code view}. */
        private static INDArray fromOpOrder(INDArray opOrder, INDArray view) {
            long n = view.size(-1) / 4;
            block(view, 3, n).assign(block(opOrder, 0, n));
            block(view, 1, n).assign(block(opOrder, 1, n));
            block(view, 0, n).assign(block(opOrder, 2, n));
            block(view, 2, n).assign(block(opOrder, 3, n));
            return view;
        }

        private static INDArray block(INDArray w, int gate, long n) {
            return w.rank() == 1 ? w.get(NDArrayIndex.interval(gate * n, (gate + 1) * n))
                    : w.get(NDArrayIndex.all(), NDArrayIndex.interval(gate * n, (gate + 1) * n));
        }
    }
}
