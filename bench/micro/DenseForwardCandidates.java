import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Mlp;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Candidates for a lean batch-1 forward pass of the bench's MLP 784-512-256-10 (ReLU, ReLU, softmax), each against
 * net.output on the same inputs (largest difference printed first), then medians of 7 rounds of N calls (default 2000)
 * of wall time and process CPU (the CPU counter moves in 10 ms ticks here, 5 µs per call at 2,000 calls):
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 \
 *     -Dorg.eclipse.deeplearning4j.helpers.disable=false \
 *     -cp 'environment/kernel/lib/*' bench/micro/DenseForwardCandidates.java 2000
 * </pre>
 * The winner (cblas_sgemv into preallocated native memory) is org.dlnotes.models.FeedForwardInference; bench/README.md.
 */
public class DenseForwardCandidates {
    static MultiLayerNetwork net;
    static int[] sizes = {784, 512, 256, 10};
    static INDArray[] w = new INDArray[3], b = new INDArray[3], wc = new INDArray[3], b1 = new INDArray[3];
    static INDArray[] z = new INDArray[3];
    static FloatBuffer[] zNio = new FloatBuffer[3];
    static float[][] bias = new float[3][];

    interface Cand { float run(INDArray x); }

    public static void main(String[] a) throws Exception {
        net = Mlp.builder().inputs(784).hidden(512, 256).activation(Activation.RELU)
                .output(10, Activation.SOFTMAX, LossFunction.MCXENT).seed(42).build();
        System.out.println("OPENBLAS_NUM_THREADS " + System.getenv("OPENBLAS_NUM_THREADS"));
        for (int l = 0; l < 3; l++) {
            Layer layer = net.getLayer(l);
            w[l] = layer.getParam("W").dup('c');
            wc[l] = layer.getParam("W").dup('f');
            b[l] = layer.getParam("b").dup();
            b1[l] = b[l].reshape(sizes[l + 1]).dup();
            bias[l] = b[l].toFloatVector();
            z[l] = Nd4j.create(DataType.FLOAT, 1, sizes[l + 1]);
            zNio[l] = z[l].data().asNioFloat();
        }
        Nd4j.getRandom().setSeed(7);
        INDArray[] rows = new INDArray[64];
        for (int i = 0; i < rows.length; i++) rows[i] = Nd4j.rand(DataType.FLOAT, 1, 784);
        // reference check
        INDArray ref = net.output(rows[3]);

        // D: cblas via FloatPointers
        FloatPointer[] A = new FloatPointer[3], Y = new FloatPointer[3];
        FloatBuffer[] Yb = new FloatBuffer[3];
        FloatPointer X0 = new FloatPointer(784);
        FloatBuffer X0b = X0.asBuffer();
        for (int l = 0; l < 3; l++) {
            float[][] m = net.getLayer(l).getParam("W").transpose().toFloatMatrix(); // nOut x nIn
            float[] flat = new float[sizes[l] * sizes[l + 1]];
            for (int j = 0; j < m.length; j++) System.arraycopy(m[j], 0, flat, j * sizes[l], sizes[l]);
            A[l] = new FloatPointer(flat);
            Y[l] = new FloatPointer(sizes[l + 1]);
            Yb[l] = Y[l].asBuffer();
        }
        // E: pure Java, axpy layout [nIn][nOut]
        float[][] Wj = new float[3][];
        for (int l = 0; l < 3; l++) {
            float[][] m = net.getLayer(l).getParam("W").toFloatMatrix(); // nIn x nOut
            Wj[l] = new float[sizes[l] * sizes[l + 1]];
            for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, Wj[l], i * sizes[l + 1], sizes[l + 1]);
        }
        float[][] yj = {new float[512], new float[256], new float[10]};
        float[] xj = new float[784];

        Cand base = x -> net.output(x).getFloat(0);
        java.util.function.Function<INDArray[], Cand> gemmWith = weights -> x -> {
            INDArray in = x;
            for (int l = 0; l < 3; l++) {
                Nd4j.gemm(in, weights[l], z[l], false, false, 1.0, 0.0);
                act(zNio[l], bias[l], l == 2);
                in = z[l];
            }
            return z[2].dup().getFloat(0);
        };
        Cand gemm = gemmWith.apply(w);
        Cand gemmF = gemmWith.apply(wc);
        Cand gemm3ops = x -> {
            INDArray in = x;
            for (int l = 0; l < 3; l++) {
                Nd4j.gemm(in, w[l], z[l], false, false, 1.0, 0.0);
                z[l].addiRowVector(b[l]);
                if (l < 2) org.nd4j.linalg.ops.transforms.Transforms.relu(z[l], false);
                else org.nd4j.linalg.ops.transforms.Transforms.softmax(z[l], false);
                in = z[l];
            }
            return z[2].dup().getFloat(0);
        };
        Cand xwb = x -> {
            INDArray in = x;
            for (int l = 0; l < 3; l++) {
                Nd4j.exec(DynamicCustomOp.builder("xw_plus_b").addInputs(in, w[l], b1[l]).addOutputs(z[l]).build());
                act(zNio[l], null, l == 2);
                in = z[l];
            }
            return z[2].dup().getFloat(0);
        };
        INDArray xin = Nd4j.create(DataType.FLOAT, 1, 784);
        DynamicCustomOp[] ops = new DynamicCustomOp[3];
        for (int l = 0; l < 3; l++) ops[l] = DynamicCustomOp.builder("xw_plus_b")
                .addInputs(l == 0 ? xin : z[l - 1], w[l], b1[l]).addOutputs(z[l]).build();
        FloatBuffer xinNio = xin.data().asNioFloat();
        Cand xwbReuse = x -> {
            FloatBuffer src = x.data().asNioFloat();
            xinNio.put(0, src, 0, 784);
            for (int l = 0; l < 3; l++) {
                Nd4j.getExecutioner().exec(ops[l]);
                act(zNio[l], null, l == 2);
            }
            return z[2].dup().getFloat(0);
        };
        Cand blas = x -> {
            Pointer.memcpy(X0, x.data().addressPointer(), 784L * 4);
            FloatPointer in = X0;
            for (int l = 0; l < 3; l++) {
                Yb[l].put(0, bias[l]);
                openblas.cblas_sgemv(openblas.CblasRowMajor, openblas.CblasNoTrans,
                        sizes[l + 1], sizes[l], 1f, A[l], sizes[l], in, 1, 1f, Y[l], 1);
                act(Yb[l], null, l == 2);
                in = Y[l];
            }
            float[] out = new float[10];
            Yb[2].get(0, out);
            return Nd4j.create(out, new long[] {1, 10}).getFloat(0);
        };
        Cand blasCore = x -> { // no INDArray in/out: the floor of the BLAS route
            FloatPointer in = X0;
            for (int l = 0; l < 3; l++) {
                Yb[l].put(0, bias[l]);
                openblas.cblas_sgemv(openblas.CblasRowMajor, openblas.CblasNoTrans,
                        sizes[l + 1], sizes[l], 1f, A[l], sizes[l], in, 1, 1f, Y[l], 1);
                act(Yb[l], null, l == 2);
                in = Y[l];
            }
            return Yb[2].get(0);
        };
        // single-threaded OpenBLAS: rows in chunks with rows*in < 9216 (gemv's threading threshold, 2304*4)
        FloatPointer[][] Ach = new FloatPointer[3][], Ych = new FloatPointer[3][];
        int[][] chRows = new int[3][];
        for (int l = 0; l < 3; l++) {
            int per = Math.max(1, 9215 / sizes[l]);
            int k = (sizes[l + 1] + per - 1) / per;
            Ach[l] = new FloatPointer[k]; Ych[l] = new FloatPointer[k]; chRows[l] = new int[k];
            for (int c = 0; c < k; c++) {
                int r0 = c * per;
                chRows[l][c] = Math.min(per, sizes[l + 1] - r0);
                Ach[l][c] = new FloatPointer(A[l]).position((long) r0 * sizes[l]);
                Ych[l][c] = new FloatPointer(Y[l]).position(r0);
            }
        }
        Cand blasChunked = x -> {
            FloatPointer in = X0;
            for (int l = 0; l < 3; l++) {
                Yb[l].put(0, bias[l]);
                for (int c = 0; c < Ach[l].length; c++) {
                    openblas.cblas_sgemv(openblas.CblasRowMajor, openblas.CblasNoTrans,
                            chRows[l][c], sizes[l], 1f, Ach[l][c], sizes[l], in, 1, 1f, Ych[l][c], 1);
                }
                act(Yb[l], null, l == 2);
                in = Y[l];
            }
            return Yb[2].get(0);
        };
        Cand blasNio = x -> { // input via asNioFloat instead of addressPointer+memcpy
            X0b.put(0, x.data().asNioFloat(), 0, 784);
            return blasCore.run(x);
        };
        Cand pureJava = x -> {
            x.data().asNioFloat().get(0, xj);
            float[] in = xj;
            for (int l = 0; l < 3; l++) {
                float[] y = yj[l];
                int n = sizes[l + 1];
                System.arraycopy(bias[l], 0, y, 0, n);
                float[] W = Wj[l];
                for (int i = 0; i < sizes[l]; i++) {
                    float xi = in[i];
                    int off = i * n;
                    for (int j = 0; j < n; j++) y[j] += xi * W[off + j];
                }
                actArr(y, l == 2);
                in = y;
            }
            return Nd4j.create(yj[2].clone(), new long[] {1, 10}).getFloat(0);
        };
        Cand createOnly = x -> Nd4j.create(new float[10], new long[] {1, 10}).getFloat(0);
        Cand addrOnly = x -> { Pointer.memcpy(X0, x.data().addressPointer(), 784L * 4); return 0f; };
        Cand nioOnly = x -> { X0b.put(0, x.data().asNioFloat(), 0, 784); return 0f; };

        String[] names = {"net.output", "gemm(c W)+java act", "gemm(f W)+java act", "gemm+addiRowVector+Transforms",
                "xw_plus_b new op+java act", "xw_plus_b reused op+java act", "cblas_sgemv (INDArray in/out)",
                "cblas_sgemv input via asNioFloat", "cblas_sgemv core (float buffers only)", "pure Java loops", "cblas_sgemv core, 1-thread chunks",
                "Nd4j.create(float[10]) alone", "addressPointer+memcpy alone", "asNioFloat copy alone"};
        Cand[] cands = {base, gemm, gemmF, gemm3ops, xwb, xwbReuse, blas, blasNio, blasCore, pureJava, blasChunked, createOnly,
                addrOnly, nioOnly};
        // correctness against net.output on rows[3]
        for (int c = 0; c < 11; c++) {
            if (c == 8 || c == 10) { X0b.put(0, rows[3].data().asNioFloat(), 0, 784); }
            cands[c].run(rows[3]);
            float[] got = c == 0 ? ref.toFloatVector() : (c == 9 ? yj[2] : (c >= 6 ? floats(Yb[2]) : z[2].toFloatVector()));
            double maxDiff = 0;
            float[] r = ref.toFloatVector();
            for (int i = 0; i < 10; i++) maxDiff = Math.max(maxDiff, Math.abs(r[i] - got[i]));
            System.out.printf("check %-38s max |diff| vs net.output %.2e%n", names[c], maxDiff);
        }
        int iters = Integer.parseInt(a.length > 0 ? a[0] : "2000");
        int rounds = 7;
        double[][] t = new double[cands.length][rounds];
        double[][] cpu = new double[cands.length][rounds];
        for (Cand c : cands) for (int i = 0; i < iters; i++) c.run(rows[i % 64]); // warm-up
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < cands.length; c++) {
                long p0 = pcpu();
                long t0 = System.nanoTime();
                float s = 0;
                for (int i = 0; i < iters; i++) s += cands[c].run(rows[i % 64]);
                t[c][r] = (System.nanoTime() - t0) / 1e3 / iters;
                cpu[c][r] = (pcpu() - p0) / 1e3 / iters;
                if (Float.isNaN(s)) System.out.println("nan");
            }
        }
        System.out.println("load " + Arrays.toString(loadavg()));
        for (int c = 0; c < cands.length; c++) {
            double[] v = t[c].clone();
            Arrays.sort(v);
            double[] u = cpu[c].clone();
            Arrays.sort(u);
            System.out.printf("%-40s median %8.2f µs  min %8.2f  max %8.2f  process CPU median %8.2f µs%n", names[c], v[rounds / 2], v[0], v[rounds - 1], u[rounds / 2]);
        }
        java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps")).stream()
                .filter(l -> l.contains("openblas")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).distinct()
                .forEach(l -> System.out.println("mapped: " + l));
    }

    static long pcpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static float[] floats(FloatBuffer b) { float[] f = new float[b.capacity()]; b.get(0, f); return f; }

    static String[] loadavg() {
        try { return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" "); }
        catch (Exception e) { return new String[0]; }
    }

    static void act(FloatBuffer y, float[] bias, boolean softmax) {
        int n = y.capacity();
        if (softmax) {
            if (bias != null) for (int i = 0; i < n; i++) y.put(i, y.get(i) + bias[i]);
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) max = Math.max(max, y.get(i));
            float sum = 0;
            for (int i = 0; i < n; i++) { float e = (float) Math.exp(y.get(i) - max); y.put(i, e); sum += e; }
            for (int i = 0; i < n; i++) y.put(i, y.get(i) / sum);
        } else {
            for (int i = 0; i < n; i++) { float v = y.get(i) + (bias == null ? 0 : bias[i]); y.put(i, v > 0 ? v : 0); }
        }
    }

    static void actArr(float[] y, boolean softmax) {
        int n = y.length;
        if (softmax) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) max = Math.max(max, y[i]);
            float sum = 0;
            for (int i = 0; i < n; i++) { float e = (float) Math.exp(y[i] - max); y[i] = e; sum += e; }
            for (int i = 0; i < n; i++) y[i] /= sum;
        } else {
            for (int i = 0; i < n; i++) y[i] = y[i] > 0 ? y[i] : 0;
        }
    }
}
