package org.dlnotes.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.Split;
import org.dlnotes.train.History;
import org.dlnotes.train.ModelFileException;
import org.dlnotes.train.ModelStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelCipherTest {

    @TempDir
    Path dir;

    private static MultiLayerNetwork net;
    private static INDArray x;
    private static final History HISTORY = new History(List.of(new History.Epoch(1, java.util.Map.of("train_loss", 0.5))));

    @BeforeAll
    static void train() {
        Split data = Digits.split();
        net = Digits.trained(data.train(), 2);
        x = data.test().features();
    }

    private static ModelCipher password(String p) {
        return ModelCipher.password(p.toCharArray()).iterations(1_000);
    }

    @Test
    void roundTripGivesIdenticalOutputsWithPasswordAndWithKey() throws Exception {
        Path file = password("s3cret").save(dir.resolve("m.enc"), net, HISTORY);
        ModelStore.Saved saved = password("s3cret").load(file);
        assertEquals(net.output(x), saved.model().output(x));
        assertEquals(HISTORY, saved.history());
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(new String(bytes, 0, 16, StandardCharsets.US_ASCII).equals(ModelCipher.MAGIC));
        assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains("configuration.json"),
                "the zip's entry names must not be readable in the file");
        SecretKey key = ModelCipher.newKey();
        Path keyed = ModelCipher.key(key).save(dir.resolve("k.enc"), net, HISTORY);
        assertEquals(net.output(x), ModelCipher.key(key).load(keyed).model().output(x));
        byte[] again = Files.readAllBytes(ModelCipher.key(key).save(dir.resolve("k2.enc"), net, HISTORY));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(keyed), again), "a fresh nonce per save");
    }

    @Test
    void wrongPasswordOrKeyFailsWithAClearMessage() {
        Path file = password("s3cret").save(dir.resolve("m.enc"), net, HISTORY);
        ModelFileException e = assertThrows(ModelFileException.class, () -> password("guess").load(file));
        assertTrue(e.getMessage().contains("authentication failed") && e.getMessage().contains("password is wrong"),
                e.getMessage());
        Path keyed = ModelCipher.key(ModelCipher.newKey()).save(dir.resolve("k.enc"), net, HISTORY);
        e = assertThrows(ModelFileException.class, () -> ModelCipher.key(ModelCipher.newKey()).load(keyed));
        assertTrue(e.getMessage().contains("key is wrong"), e.getMessage());
        e = assertThrows(ModelFileException.class, () -> password("s3cret").load(keyed));
        assertTrue(e.getMessage().contains("encrypted with a key, but this ModelCipher holds a password"),
                e.getMessage());
    }

    @Test
    void aFlippedByteAnywhereAfterTheMagicIsDetected() throws Exception {
        Path file = password("s3cret").save(dir.resolve("m.enc"), net, HISTORY);
        byte[] original = Files.readAllBytes(file);
        // a salt byte (header), a ciphertext byte in the middle, the last tag byte
        for (int position : new int[] {25, original.length / 2, original.length - 1}) {
            byte[] bytes = original.clone();
            bytes[position] ^= 0x01;
            Path flipped = Files.write(dir.resolve("flipped-" + position + ".enc"), bytes);
            ModelFileException e = assertThrows(ModelFileException.class, () -> password("s3cret").load(flipped));
            assertTrue(e.getMessage().contains("authentication failed") && e.getMessage().contains("changed"),
                    position + ": " + e.getMessage());
        }
    }

    @Test
    void plainFilesMissingFilesAndBadKeysAreRefused() throws Exception {
        Path plain = ModelStore.save(dir.resolve("plain.zip"), net, HISTORY);
        ModelFileException e = assertThrows(ModelFileException.class, () -> password("s3cret").load(plain));
        assertTrue(e.getMessage().contains("not an encrypted model"), e.getMessage());
        e = assertThrows(ModelFileException.class, () -> password("s3cret").load(dir.resolve("none.enc")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        Path truncated = Files.write(dir.resolve("t.enc"), ModelCipher.MAGIC.getBytes(StandardCharsets.US_ASCII));
        e = assertThrows(ModelFileException.class, () -> password("s3cret").load(truncated));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelCipher.password(new char[0]));
        assertThrows(IllegalArgumentException.class, () -> ModelCipher.key(new SecretKeySpec(new byte[10], "AES")));
        assertThrows(IllegalArgumentException.class, () -> password("x").iterations(10));
        assertArrayEquals(new byte[0], new byte[0]);
    }
}
