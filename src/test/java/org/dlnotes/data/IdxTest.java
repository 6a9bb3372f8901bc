package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    /** A 2×2×3 ubyte IDX file: magic 0x00000803, sizes 2, 2, 3, then 12 bytes 0, 20, 40, ... 220 (and 255). */
    private static byte[] sample() {
        byte[] bytes = new byte[4 + 12 + 12];
        bytes[2] = 8;
        bytes[3] = 3;
        bytes[7] = 2;
        bytes[11] = 2;
        bytes[15] = 3;
        for (int i = 0; i < 12; i++) {
            bytes[16 + i] = (byte) (i == 11 ? 255 : i * 20);
        }
        return bytes;
    }

    @Test
    void readsPlainAndGzippedFilesAlike(@TempDir Path dir) throws IOException {
        Path plain = Files.write(dir.resolve("x.idx"), sample());
        Path gz = dir.resolve("x.idx.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(sample());
        }
        for (Path file : new Path[] {plain, gz}) {
            Idx idx = Idx.read(file);
            assertArrayEquals(new int[] {2, 2, 3}, idx.shape());
            assertEquals(2, idx.count());
            assertArrayEquals(new int[] {0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 255}, idx.values());
        }
    }

    @Test
    void readsTheShippedMnistLabels() {
        Idx labels = Idx.read(DataFolder.locate().file("mnist-test-labels-idx1-ubyte.gz"));
        assertArrayEquals(new int[] {2000}, labels.shape());
        assertArrayEquals(new int[] {0, 6, 0, 0, 9}, java.util.Arrays.copyOf(labels.values(), 5));
    }

    @Test
    void wrongMagicIsReported(@TempDir Path dir) throws IOException {
        byte[] bytes = sample();
        bytes[2] = 9;
        Path file = Files.write(dir.resolve("bad.idx"), bytes);
        DataException e = assertThrows(DataException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains("not an IDX file of unsigned bytes: magic number is 0x903"), e.getMessage());
    }

    @Test
    void truncatedAndOverlongFilesAreReported(@TempDir Path dir) throws IOException {
        byte[] bytes = sample();
        Path shortFile = Files.write(dir.resolve("short.idx"), java.util.Arrays.copyOf(bytes, bytes.length - 1));
        DataException truncated = assertThrows(DataException.class, () -> Idx.read(shortFile));
        assertTrue(truncated.getMessage().contains("is truncated: its header promises 12 values of shape [2, 2, 3]"),
                truncated.getMessage());
        Path longFile = Files.write(dir.resolve("long.idx"), java.util.Arrays.copyOf(bytes, bytes.length + 1));
        DataException overlong = assertThrows(DataException.class, () -> Idx.read(longFile));
        assertTrue(overlong.getMessage().contains("has data after the 12 values"), overlong.getMessage());
        Path tiny = Files.write(dir.resolve("tiny.idx"), new byte[] {0, 0, 8});
        assertThrows(DataException.class, () -> Idx.read(tiny));
    }

    /** An IDX header (magic 0x000008rank, then the sizes) followed by {@code data} zero bytes. */
    private static byte[] header(int data, int... sizes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * sizes.length + data).putInt(0x800 + sizes.length);
        for (int size : sizes) {
            b.putInt(size);
        }
        return b.array();
    }

    /**
     * Headers whose shape overflows, exceeds one Java array or promises more bytes than the file has are refused
     * before anything is allocated, plain and gzipped: the DataException names the file and the claimed shape.
     */
    @Test
    void headersClaimingImpossibleSizesAreRefusedBeforeAllocating(@TempDir Path dir) throws IOException {
        int big = Integer.MAX_VALUE;
        Map<byte[], String> cases = new LinkedHashMap<>();
        cases.put(header(0, 65536, 65536, 65536, 65536),
                ": its header claims shape [65536, 65536, 65536, 65536], whose number of values overflows a long");
        cases.put(header(0, big, big, big, big), ": its header claims shape [" + big + ", " + big + ", " + big + ", "
                + big + "], whose number of values overflows a long");
        cases.put(header(0, 65536, 65536), ": its header claims shape [65536, 65536], 4294967296 values, more than");
        cases.put(header(0, big - 2), ": its header claims shape [2147483645], 2147483645 values, more than");
        cases.put(header(0, big - 9), " is truncated: its header promises 2147483638 values of shape [2147483638],"
                + " but only 0 follow the header");
        cases.put(header(3, 2, 2), " is truncated: its header promises 4 values of shape [2, 2], but only 3 follow");
        int i = 0;
        for (Map.Entry<byte[], String> c : cases.entrySet()) {
            Path plain = Files.write(dir.resolve("claim" + i + ".idx"), c.getKey());
            Path gz = dir.resolve("claim" + i++ + ".idx.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                out.write(c.getKey());
            }
            for (Path file : new Path[] {plain, gz}) {
                DataException e = assertThrows(DataException.class, () -> Idx.read(file));
                assertTrue(e.getMessage().startsWith(file + c.getValue()), e.getMessage());
            }
        }
    }
}
