package org.dlnotes.models;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.CpuTADManager;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Settings that cut ND4J's per-op cost on the CPU, applied once by {@link #applyByDefault()} (which the model
 * builders call, through {@link CpuHelpers#enableByDefault()}).
 *
 * <p><b>TAD cache.</b> Every broadcast, reduction along a dimension and index op (a dense layer's bias add, a
 * softmax, a row-wise sum) asks ND4J for the "tensor along dimension" description of its input: a shape and a list
 * of offsets. libnd4j keeps those in a cache of its own, but ND4J 1.0.0-M2.1's {@code CpuTADManager} wraps them in
 * two new Java {@code DataBuffer}s on every call, each registered with ND4J's deallocator service (a weak
 * reference, a map entry, a string id). In a loop of 16×16 bias adds that was most of the Java allocation and of the
 * garbage collection (bench/README.md, 2026-12-05). The cache here keeps the wrappers per (shape information,
 * dimensions): the same native memory, fetched once. It holds at most {@value #MAX_ENTRIES} entries and starts
 * again when full. It is off unless {@code -D}{@value #TAD_CACHE_PROPERTY}{@code =true}: in an interleaved bench on
 * a quiet machine it sped up the bias add and slowed four of seven workloads (bench/README.md, 2026-12-05).
 *
 * <p><b>Master threads.</b> {@code -D}{@value #MASTER_THREADS_PROPERTY}{@code =N} sets ND4J's threads per op
 * ({@code Nd4j.getEnvironment().setMaxMasterThreads}); unset, ND4J's default (one per core) stays.
 */
public final class Nd4jTuning {

    /** {@code true} puts the TAD cache in place of ND4J's own TAD manager. */
    public static final String TAD_CACHE_PROPERTY = "dlnotes.nd4j.tadCache";
    /** ND4J's threads per op, if set. */
    public static final String MASTER_THREADS_PROPERTY = "dlnotes.nd4j.masterThreads";
    /** The most entries the TAD cache holds before it starts again. */
    public static final int MAX_ENTRIES = 4096;

    private static boolean applied;

    private Nd4jTuning() {
    }

    /** Applies the settings once per JVM, as the system properties say; later calls do nothing. */
    public static synchronized void applyByDefault() {
        if (applied) {
            return;
        }
        applied = true;
        if ("true".equalsIgnoreCase(System.getProperty(TAD_CACHE_PROPERTY))) {
            installTadCache();
        }
        String threads = System.getProperty(MASTER_THREADS_PROPERTY);
        if (threads != null && !threads.isBlank()) {
            int n = Integer.parseInt(threads.trim());
            if (n < 1) {
                throw new IllegalArgumentException(MASTER_THREADS_PROPERTY + " must be >= 1, but is " + n);
            }
            Nd4j.getEnvironment().setMaxMasterThreads(n);
        }
    }

    /** Lets {@link #applyByDefault()} apply the settings again (tests). */
    static synchronized void resetForTests() {
        applied = false;
    }

    /**
     * Puts the caching TAD manager in place of ND4J's (idempotent). Returns false, changing nothing, where the
     * backend is not ND4J's CPU backend with the M2.1 field layout.
     */
    public static synchronized boolean installTadCache() {
        Field field = tadField();
        if (field == null) {
            return false;
        }
        try {
            Object executioner = Nd4j.getExecutioner();
            Object current = field.get(executioner);
            if (current instanceof CachingTadManager) {
                return true;
            }
            if (!(current instanceof CpuTADManager)) {
                return false;
            }
            field.set(executioner, new CachingTadManager((CpuTADManager) current));
            return true;
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    /** Puts ND4J's own TAD manager back (for comparisons and tests); returns whether the cache was in place. */
    public static synchronized boolean uninstallTadCache() {
        Field field = tadField();
        if (field == null) {
            return false;
        }
        try {
            Object current = field.get(Nd4j.getExecutioner());
            if (current instanceof CachingTadManager c) {
                field.set(Nd4j.getExecutioner(), c.delegate);
                return true;
            }
            return false;
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    /** The caching TAD manager in place, or null. */
    public static CachingTadManager tadCache() {
        Object m = Nd4j.getExecutioner().getTADManager();
        return m instanceof CachingTadManager c ? c : null;
    }

    private static Field tadField() {
        try {
            Field f = Nd4j.getExecutioner().getClass().getDeclaredField("tadManager");
            if (!CpuTADManager.class.isAssignableFrom(f.getType())) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    /** ND4J's CPU TAD manager with the wrappers it returns kept per (shape information, dimensions). */
    public static final class CachingTadManager extends CpuTADManager {

        private final CpuTADManager delegate;
        private final ConcurrentHashMap<Key, Pair<DataBuffer, DataBuffer>> cache = new ConcurrentHashMap<>();
        private final AtomicLong hits = new AtomicLong();
        private final AtomicLong misses = new AtomicLong();

        CachingTadManager(CpuTADManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public Pair<DataBuffer, DataBuffer> getTADOnlyShapeInfo(INDArray array, int... dimension) {
            long[] shape = array.shapeInfoJava();
            Pair<DataBuffer, DataBuffer> tad = cache.get(new Key(shape, dimension));
            if (tad != null) {
                hits.incrementAndGet();
                return tad;
            }
            misses.incrementAndGet();
            tad = delegate.getTADOnlyShapeInfo(array, dimension);
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(new Key(shape.clone(), dimension == null ? null : dimension.clone()), tad);
            return tad;
        }

        @Override
        public void purgeBuffers() {
            cache.clear();
            delegate.purgeBuffers();
        }

        @Override
        public long getCachedBytes() {
            return delegate.getCachedBytes();
        }

        /** Lookups answered from the cache. */
        public long hits() {
            return hits.get();
        }

        /** Lookups passed on to ND4J. */
        public long misses() {
            return misses.get();
        }

        /** Entries held now. */
        public int size() {
            return cache.size();
        }
    }

    private record Key(long[] shape, int[] dimension) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(shape, k.shape) && Arrays.equals(dimension, k.dimension);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(dimension);
        }
    }
}
