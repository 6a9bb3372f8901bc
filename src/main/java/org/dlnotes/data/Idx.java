package org.dlnotes.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of MNIST ({@code 0x00 0x00 0x08 rank}, then {@code rank} big-endian int32 sizes, then
 * unsigned bytes), plain or gzipped. Written here because neither DL4J's nn modules nor Tablesaw read IDX without
 * downloading (DL4J's MNIST fetcher fetches from the network).
 *
 * @param shape the sizes, e.g. {@code [8000, 28, 28]} for images or {@code [8000]} for labels
 * @param values the values as unsigned ints 0..255, row-major
 */
public record Idx(int[] shape, int[] values) {

    /** The most values one file may hold: the largest Java array the JVM allocates. */
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    /**
     * Reads an IDX file of unsigned bytes; gzip is detected from the file's first bytes.
     *
     * @throws DataException if the header is not IDX unsigned-byte, its shape overflows or exceeds one Java array, or
     *         the file is shorter or longer than its header says; a shape is checked before anything is allocated
     */
    public static Idx read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (DataInputStream in = new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw)) : raw)) {
                int magic = in.readInt();
                if ((magic >>> 8) != 0x08) {
                    throw new DataException(file + " is not an IDX file of unsigned bytes: magic number is 0x"
                            + Integer.toHexString(magic) + ", expected 0x00000801..0x000008ff.");
                }
                int rank = magic & 0xff;
                int[] shape = new int[rank];
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readInt();
                    if (shape[d] < 0) {
                        throw new DataException(file + ": dimension " + d + " has negative size " + shape[d] + ".");
                    }
                }
                int total = checkedSize(file, shape, gzip ? -1 : Files.size(file) - 4 - 4L * rank);
                // readNBytes grows its buffer as bytes arrive, so a gzip that promises more than it holds costs
                // only what it holds
                byte[] bytes = in.readNBytes(total);
                if (bytes.length < total) {
                    throw new DataException(file + " is truncated: its header promises " + total + " values of shape "
                            + Arrays.toString(shape) + ", but only " + bytes.length + " follow the header.");
                }
                if (in.read() != -1) {
                    throw new DataException(file + " has data after the " + total + " values of shape "
                            + Arrays.toString(shape) + " its header promises.");
                }
                int[] values = new int[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    values[i] = bytes[i] & 0xff;
                }
                return new Idx(shape, values);
            }
        } catch (EOFException e) {
            throw new DataException(file + " is too short to hold an IDX header.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read IDX file " + file, e);
        }
    }

    /**
     * The number of values of {@code shape}, refused before anything is allocated if it overflows, exceeds what one
     * Java array holds, or (with {@code bytesAfterHeader} ≥ 0, for a plain file) differs from the bytes the file has.
     */
    private static int checkedSize(Path file, int[] shape, long bytesAfterHeader) {
        String claim = file + ": its header claims shape " + Arrays.toString(shape);
        long total = 1;
        try {
            for (int size : shape) {
                total = Math.multiplyExact(total, size);
            }
        } catch (ArithmeticException e) {
            throw new DataException(claim + ", whose number of values overflows a long; refused. The file is damaged"
                    + " or not IDX: copy it again.", e);
        }
        if (total > MAX_VALUES) {
            throw new DataException(claim + ", " + total + " values, more than the " + MAX_VALUES + " one Java array "
                    + "holds; refused. Split the data into several files.");
        }
        if (bytesAfterHeader >= 0 && bytesAfterHeader < total) {
            throw new DataException(file + " is truncated: its header promises " + total + " values of shape "
                    + Arrays.toString(shape) + ", but only " + bytesAfterHeader + " follow the header; refused before "
                    + "reading. Copy the file again.");
        }
        return (int) total;
    }

    /** Size of the first dimension (number of items). */
    public int count() {
        return shape.length == 0 ? 0 : shape[0];
    }
}
