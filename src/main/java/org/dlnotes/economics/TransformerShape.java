package org.dlnotes.economics;

import java.util.Objects;

/**
 * The shape of a transformer language model, enough to count its parameters exactly: layers, width, heads, vocabulary,
 * feed-forward width, and the design choices that change the count (learned positions, biases, LayerNorm or RMSNorm,
 * a gated feed-forward, tied input/output embeddings, grouped key/value heads).
 *
 * <pre>{@code
 * TransformerShape gpt2 = TransformerShape.builder("GPT-2 small").layers(12).dModel(768).heads(12).vocab(50257)
 *         .ffHidden(3072).learnedPositions(1024).build();          // GPT-2 defaults: biases, LayerNorm, tied
 * gpt2.parameters().total();                                        // 124,439,808
 * }</pre>
 *
 * @param name label
 * @param layers number of transformer blocks
 * @param dModel width of the residual stream
 * @param heads attention (query) heads
 * @param kvHeads key/value heads ({@code heads} for multi-head attention, fewer for grouped-query attention)
 * @param vocab vocabulary size
 * @param ffHidden hidden width of the feed-forward block
 * @param learnedPositions number of learned position embeddings (0 for rotary or sinusoidal positions)
 * @param tokenTypes number of token-type (segment) embeddings, 2 in BERT, else 0
 * @param feedForward two-matrix MLP or three-matrix gated (SwiGLU) block
 * @param norm LayerNorm (scale and shift) or RMSNorm (scale only)
 * @param biases whether the linear layers have biases
 * @param tiedEmbeddings whether the output projection reuses the input embedding
 * @param finalNorm whether a norm follows the last block (pre-norm models)
 * @param embeddingNorm whether a norm follows the embeddings (BERT)
 * @param pooler whether a {@code d×d} pooler with bias sits on top (BERT)
 */
public record TransformerShape(String name, int layers, int dModel, int heads, int kvHeads, int vocab, int ffHidden,
        int learnedPositions, int tokenTypes, FeedForward feedForward, Norm norm, boolean biases,
        boolean tiedEmbeddings, boolean finalNorm, boolean embeddingNorm, boolean pooler) {

    /** Feed-forward block type. */
    public enum FeedForward {
        /** {@code W2·act(W1·x)}: two matrices. */
        MLP,
        /** {@code W2·(act(W1·x) ⊙ W3·x)}: three matrices (SwiGLU, LLaMA). */
        GATED
    }

    /** Normalisation type. */
    public enum Norm {
        /** LayerNorm: a scale and a shift per channel. */
        LAYER_NORM,
        /** RMSNorm: a scale per channel. */
        RMS_NORM
    }

    /** Checks that every size is positive and the heads divide the width. */
    public TransformerShape {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(feedForward, "feedForward");
        Objects.requireNonNull(norm, "norm");
        positive("layers", layers);
        positive("dModel", dModel);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("vocab", vocab);
        positive("ffHidden", ffHidden);
        if (learnedPositions < 0 || tokenTypes < 0) {
            throw new IllegalArgumentException("learnedPositions and tokenTypes must be >= 0, but are "
                    + learnedPositions + " and " + tokenTypes);
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("heads must divide dModel, but dModel is " + dModel + " and heads is "
                    + heads);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("kvHeads must divide heads, but heads is " + heads + " and kvHeads is "
                    + kvHeads);
        }
    }

    /** A builder with GPT-2's conventions (MLP, LayerNorm, biases, tied embeddings, final norm). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Width of one head, {@code dModel / heads}. */
    public int headDim() {
        return dModel / heads;
    }

    /** The exact parameter count, by part. */
    public ParameterCount parameters() {
        long d = dModel;
        long kv = (long) kvHeads * headDim();
        long normSize = norm == Norm.LAYER_NORM ? 2 * d : d;
        long embeddings = (long) vocab * d + (long) learnedPositions * d + (long) tokenTypes * d
                + (embeddingNorm ? normSize : 0);
        long attention = d * d + 2 * d * kv + d * d;                 // Q, K, V, output
        if (biases) {
            attention += d + 2 * kv + d;
        }
        long ff = feedForward == FeedForward.MLP ? 2 * d * ffHidden : 3 * d * ffHidden;
        if (biases) {
            ff += (feedForward == FeedForward.MLP ? ffHidden : 2L * ffHidden) + d;
        }
        long norms = 2 * normSize;
        long perLayer = attention + ff + norms;
        long head = tiedEmbeddings ? 0 : (long) vocab * d;
        long other = (finalNorm ? normSize : 0) + (pooler ? d * d + d : 0);
        return new ParameterCount(embeddings, attention * layers, ff * layers, norms * layers, head, other);
    }

    /**
     * Bytes of key/value cache per token of context: {@code 2·layers·kvHeads·headDim·bytes}.
     *
     * @param bytesPerValue bytes per cached number, e.g. 2 for fp16
     */
    public double kvCacheBytesPerToken(double bytesPerValue) {
        if (!(bytesPerValue > 0)) {
            throw new IllegalArgumentException("bytesPerValue must be > 0, but is " + bytesPerValue);
        }
        return 2.0 * layers * kvHeads * headDim() * bytesPerValue;
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, but is " + value);
        }
    }

    /**
     * Parameters by part; {@link #total()} is their sum.
     *
     * @param embeddings token, position and type embeddings (and their norm)
     * @param attention query/key/value/output projections of all layers
     * @param feedForward feed-forward blocks of all layers
     * @param norms the norms inside the blocks
     * @param outputHead the output projection when not tied to the input embedding
     * @param other final norm and pooler
     */
    public record ParameterCount(long embeddings, long attention, long feedForward, long norms, long outputHead,
            long other) {

        /** All parameters. */
        public long total() {
            return embeddings + attention + feedForward + norms + outputHead + other;
        }

        /** Parameters outside the embeddings and output head (what scaling laws call N without embeddings). */
        public long nonEmbedding() {
            return attention + feedForward + norms + other;
        }
    }

    /** Fluent builder; see {@link TransformerShape#builder(String)}. */
    public static final class Builder {
        private final String name;
        private int layers;
        private int dModel;
        private int heads;
        private int kvHeads;
        private int vocab;
        private int ffHidden;
        private int learnedPositions;
        private int tokenTypes;
        private FeedForward feedForward = FeedForward.MLP;
        private Norm norm = Norm.LAYER_NORM;
        private boolean biases = true;
        private boolean tied = true;
        private boolean finalNorm = true;
        private boolean embeddingNorm;
        private boolean pooler;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Number of blocks. */
        public Builder layers(int layers) {
            this.layers = layers;
            return this;
        }

        /** Residual width. */
        public Builder dModel(int dModel) {
            this.dModel = dModel;
            return this;
        }

        /** Attention heads (key/value heads default to the same number). */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Key/value heads for grouped-query attention. */
        public Builder kvHeads(int kvHeads) {
            this.kvHeads = kvHeads;
            return this;
        }

        /** Vocabulary size. */
        public Builder vocab(int vocab) {
            this.vocab = vocab;
            return this;
        }

        /** Feed-forward hidden width. */
        public Builder ffHidden(int ffHidden) {
            this.ffHidden = ffHidden;
            return this;
        }

        /** Learned position embeddings (GPT-2, BERT); 0 for rotary. */
        public Builder learnedPositions(int positions) {
            this.learnedPositions = positions;
            return this;
        }

        /** Token-type embeddings (BERT: 2). */
        public Builder tokenTypes(int types) {
            this.tokenTypes = types;
            return this;
        }

        /** LLaMA's conventions: gated FFN, RMSNorm, no biases, untied output head, final norm. */
        public Builder llamaStyle() {
            this.feedForward = FeedForward.GATED;
            this.norm = Norm.RMS_NORM;
            this.biases = false;
            this.tied = false;
            this.finalNorm = true;
            return this;
        }

        /** BERT's conventions: post-norm (no final norm), a norm after the embeddings, a pooler. */
        public Builder bertStyle() {
            this.finalNorm = false;
            this.embeddingNorm = true;
            this.pooler = true;
            return this;
        }

        /** Whether the output head shares the embedding matrix. */
        public Builder tiedEmbeddings(boolean tied) {
            this.tied = tied;
            return this;
        }

        /** The shape. */
        public TransformerShape build() {
            return new TransformerShape(name, layers, dModel, heads, kvHeads == 0 ? heads : kvHeads, vocab, ffHidden,
                    learnedPositions, tokenTypes, feedForward, norm, biases, tied, finalNorm, embeddingNorm, pooler);
        }
    }
}
