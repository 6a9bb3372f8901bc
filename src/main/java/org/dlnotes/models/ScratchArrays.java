package org.dlnotes.models;

import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The working arrays of a layer's pass, kept from one pass to the next by name: a pass with the same data type and
 * shape gets the same (c-order, uninitialised) array back instead of a new one. ND4J allocates and clears the
 * memory of each new array, which cost a third of the language model's training step (bench/README.md). Outside
 * any workspace, so the arrays outlive DL4J's scopes; not thread-safe, like the layers that use it.
 */
final class ScratchArrays {

    private final Map<String, INDArray> arrays = new HashMap<>();
    private final Map<String, RowBlocks> blocks = new HashMap<>();

    /** Views of an array's consecutive row blocks. */
    private record RowBlocks(INDArray of, long rows, INDArray[] views) {
    }

    /** The array named {@code name} of shape [rows, cols]; its content is whatever the last pass left in it. */
    INDArray get(String name, DataType type, long rows, long cols) {
        INDArray a = arrays.get(name);
        if (a == null || a.dataType() != type || a.size(0) != rows || a.size(1) != cols) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                a = Nd4j.createUninitialized(type, rows, cols);
            }
            arrays.put(name, a);
        }
        return a;
    }

    /**
     * Views of the consecutive blocks of {@code rows} rows of the array last returned for {@code name} (one block
     * per time step of a time-major array), made once per array: making a view costs more than a small product on
     * it.
     */
    INDArray[] rowBlocks(String name, long rows) {
        INDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalStateException("no array named " + name);
        }
        RowBlocks b = blocks.get(name);
        if (b == null || b.of != a || b.rows != rows) {
            INDArray[] views = new INDArray[(int) (a.size(0) / rows)];
            for (int i = 0; i < views.length; i++) {
                views[i] = a.get(NDArrayIndex.interval(i * rows, (i + 1) * rows), NDArrayIndex.all());
            }
            b = new RowBlocks(a, rows, views);
            blocks.put(name, b);
        }
        return b.views;
    }

    /** A [1, n] row of ones (for column sums as a product). */
    INDArray ones(DataType type, long n) {
        INDArray a = arrays.get("ones");
        if (a == null || a.dataType() != type || a.size(1) != n) {
            a = get("ones", type, 1, n).assign(1);
        }
        return a;
    }
}
