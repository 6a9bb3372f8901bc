package org.dlnotes.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.core.AtomicFiles;
import org.dlnotes.train.History;
import org.dlnotes.train.ModelFileException;
import org.dlnotes.train.ModelStore;

/**
 * Model encryption at rest with the JDK's AES-GCM: the {@link ModelStore} zip of a network is encrypted and
 * authenticated in memory and written atomically ({@link AtomicFiles}); loading checks the authentication tag before
 * anything is parsed, so a wrong password or key, or any changed byte (header included), fails with a
 * {@link ModelFileException} that says so, and the decrypted zip is read from memory by {@link ModelStore#read}
 * (never Java-deserialized, never written to disk in plain).
 *
 * <pre>{@code
 * ModelCipher cipher = ModelCipher.password("correct horse".toCharArray());   // PBKDF2-HMAC-SHA256, salt per file
 * cipher.save(Path.of("target/model.enc"), net, history);
 * ModelStore.Saved saved = cipher.load(Path.of("target/model.enc"));
 * ModelCipher withKey = ModelCipher.key(ModelCipher.newKey());                 // a random AES-256 key
 * }</pre>
 *
 * <p>File layout: the magic {@value #MAGIC}, a kind byte (1 password, 2 key), the PBKDF2 iteration count (int, 0 for a
 * key), the salt length and salt, the 12-byte nonce, then the ciphertext with its 16-byte tag; the header is the
 * additional authenticated data. Encryption protects the file only: whoever may load it, and whoever may query the
 * loaded model, still learns from it.
 */
public final class ModelCipher {

    /** The first bytes of every encrypted model file. */
    public static final String MAGIC = "DLNOTES-AESGCM-1";

    /** PBKDF2-HMAC-SHA256 iterations by default: OWASP's 2023 recommendation. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    /** The most iterations a file may ask for, so that a forged header cannot make loading run for hours. */
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final byte PASSWORD = 1;
    private static final byte KEY = 2;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final char[] password;
    private final SecretKey key;
    private int iterations = DEFAULT_ITERATIONS;

    private ModelCipher(char[] password, SecretKey key) {
        this.password = password;
        this.key = key;
    }

    /**
     * Encrypts with a key derived from {@code password} by PBKDF2-HMAC-SHA256 and a fresh random salt per file.
     *
     * @throws IllegalArgumentException if the password is empty
     */
    public static ModelCipher password(char[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        return new ModelCipher(password.clone(), null);
    }

    /**
     * Encrypts with an AES key (128, 192 or 256 bits), e.g. {@link #newKey()} or one from a key store.
     *
     * @throws IllegalArgumentException if it is not an AES key of one of those sizes
     */
    public static ModelCipher key(SecretKey key) {
        Objects.requireNonNull(key, "key");
        byte[] encoded = key.getEncoded();
        int bits = encoded == null ? 0 : encoded.length * 8;
        if (!"AES".equals(key.getAlgorithm()) || (bits != 128 && bits != 192 && bits != 256)) {
            throw new IllegalArgumentException("key must be an AES key of 128, 192 or 256 bits, but is a "
                    + key.getAlgorithm() + " key of " + bits + " bits");
        }
        return new ModelCipher(null, key);
    }

    /** A new random AES-256 key from a {@link SecureRandom}. */
    public static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK offers no AES key generator: " + e.getMessage(), e);
        }
    }

    /** PBKDF2 iterations for files this cipher writes (default {@value #DEFAULT_ITERATIONS}); password only. */
    public ModelCipher iterations(int iterations) {
        if (password == null) {
            throw new IllegalStateException("iterations apply to a password; this ModelCipher holds a key");
        }
        if (iterations < 1_000 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be in [1000, " + MAX_ITERATIONS + "], but is "
                    + iterations);
        }
        this.iterations = iterations;
        return this;
    }

    /**
     * Encrypts {@code model} and {@code history} (the {@link ModelStore} zip) and replaces {@code file} atomically.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path save(Path file, MultiLayerNetwork model, History history) {
        Objects.requireNonNull(file, "file");
        try {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            ModelStore.write(plain, model, history);
            byte[] sealed = seal(plain.toByteArray());
            return AtomicFiles.write(file, out -> out.write(sealed));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save encrypted model to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts and loads what {@link #save} wrote.
     *
     * @throws ModelFileException if the file is missing, not an encrypted model, encrypted the other way (password
     *     against key), or fails authentication (wrong password or key, or changed bytes)
     */
    public ModelStore.Saved load(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException(file, "no such file. Check the path, or save a model there with "
                    + "ModelCipher.save.", null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFileException(file, "it cannot be read (" + e.getMessage() + ").", e);
        }
        return ModelStore.read(open(file, bytes), file);
    }

    private byte[] seal(byte[] plain) {
        byte[] salt = new byte[password != null ? SALT_BYTES : 0];
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(nonce);
        int rounds = password != null ? iterations : 0;
        try {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(header);
            out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
            out.writeByte(password != null ? PASSWORD : KEY);
            out.writeInt(rounds);
            out.writeByte(salt.length);
            out.write(salt);
            out.write(nonce);
            out.flush();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, secretKey(salt, rounds), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header.toByteArray());
            out.write(cipher.doFinal(plain));
            out.flush();
            return header.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    private byte[] open(Path file, byte[] bytes) {
        byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < magic.length || !Arrays.equals(Arrays.copyOf(bytes, magic.length), magic)) {
            throw new ModelFileException(file, "it is not an encrypted model: it does not start with " + MAGIC
                    + ". Encrypt it with ModelCipher.save; a plain model zip loads with ModelStore.load.", null);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, magic.length,
                bytes.length - magic.length))) {
            byte kind = in.readByte();
            int rounds = in.readInt();
            byte[] salt = new byte[in.readUnsignedByte()];
            in.readFully(salt);
            byte[] nonce = new byte[NONCE_BYTES];
            in.readFully(nonce);
            checkHeader(file, kind, rounds, salt.length);
            int headerLength = bytes.length - in.available();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, secretKey(salt, rounds), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(bytes, 0, headerLength);
            return cipher.doFinal(bytes, headerLength, bytes.length - headerLength);
        } catch (AEADBadTagException e) {
            throw new ModelFileException(file, "authentication failed (AES-GCM tag mismatch): the "
                    + (password != null ? "password" : "key") + " is wrong, or the file was changed or damaged "
                    + "after it was written. Use the " + (password != null ? "password" : "key") + " it was saved "
                    + "with, or restore the file from a trusted copy.", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "its header is truncated (" + e + "). Restore the file from a "
                    + "trusted copy.", e);
        } catch (GeneralSecurityException e) {
            throw new ModelFileException(file, "it cannot be decrypted (" + e + ").", e);
        }
    }

    private void checkHeader(Path file, byte kind, int rounds, int saltLength) {
        if (kind != PASSWORD && kind != KEY) {
            throw new ModelFileException(file, "its header names an unknown key kind " + kind + ". Restore the file "
                    + "from a trusted copy.", null);
        }
        if ((kind == PASSWORD) != (password != null)) {
            throw new ModelFileException(file, "it was encrypted with a " + (kind == PASSWORD ? "password" : "key")
                    + ", but this ModelCipher holds a " + (password != null ? "password" : "key") + ". Use ModelCipher."
                    + (kind == PASSWORD ? "password(...)" : "key(...)") + ".", null);
        }
        if (kind == PASSWORD && (rounds < 1_000 || rounds > MAX_ITERATIONS || saltLength != SALT_BYTES)) {
            throw new ModelFileException(file, "its header asks for " + rounds + " PBKDF2 iterations and a salt of "
                    + saltLength + " bytes, outside what ModelCipher writes. Restore the file from a trusted copy.",
                    null);
        }
    }

    private SecretKey secretKey(byte[] salt, int rounds) throws GeneralSecurityException {
        if (password == null) {
            return key;
        }
        PBEKeySpec spec = new PBEKeySpec(password, salt, rounds, 256);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(derived, "AES");
        } finally {
            spec.clearPassword();
        }
    }
}
