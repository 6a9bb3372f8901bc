package org.dlnotes.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransformerShapeTest {

    /** Counts of the released checkpoints (e.g. Hugging Face num_parameters()), which the formula must hit exactly. */
    @Test
    void countsMatchTheReleasedCheckpointsExactly() {
        assertEquals(124_439_808L, PublishedModel.gpt2Small().shape().parameters().total());
        assertEquals(1_557_611_200L, PublishedModel.gpt2Xl().shape().parameters().total());
        assertEquals(109_482_240L, PublishedModel.bertBase().shape().parameters().total());
        assertEquals(6_738_415_616L, PublishedModel.llama2_7b().shape().parameters().total());
        assertEquals(68_976_648_192L, PublishedModel.llama2_70b().shape().parameters().total());
        assertEquals(65_285_660_672L, PublishedModel.llama65b().shape().parameters().total());
    }

    @Test
    void countsAgreeWithThePublishedRoundedCounts() {
        // GPT-3 175B: the shape gives 174.6B against the published 175.0B.
        PublishedModel gpt3 = PublishedModel.gpt3();
        assertEquals(174_604_259_328L, gpt3.shape().parameters().total());
        assertEquals(-0.0023, gpt3.relativeDifference(), 0.0001);
        assertEquals(0.0013, PublishedModel.llama65b().relativeDifference(), 0.0001);
        assertEquals(-0.0047, PublishedModel.bertBase().relativeDifference(), 0.0001);
        // GPT-2's paper printed 117M and 1542M; the released weights have 124.4M and 1557.6M.
        assertEquals(0.0636, PublishedModel.gpt2Small().relativeDifference(), 0.0001);
        assertEquals(0.0101, PublishedModel.gpt2Xl().relativeDifference(), 0.0001);
        for (PublishedModel m : PublishedModel.all()) {
            assertTrue(Math.abs(m.relativeDifference()) < 0.07, m.shape().name());
        }
    }

    @Test
    void partsAddUpAndGroupedQueryAttentionShrinksKeysAndValues() {
        TransformerShape.ParameterCount c = PublishedModel.gpt2Small().shape().parameters();
        assertEquals(50257L * 768 + 1024L * 768, c.embeddings());
        assertEquals(12L * 4 * (768L * 768 + 768), c.attention());
        assertEquals(0, c.outputHead());
        assertEquals(c.total(), c.embeddings() + c.nonEmbedding());
        TransformerShape mha = TransformerShape.builder("mha").layers(1).dModel(64).heads(8).vocab(10).ffHidden(128)
                .llamaStyle().build();
        TransformerShape gqa = TransformerShape.builder("gqa").layers(1).dModel(64).heads(8).kvHeads(2).vocab(10)
                .ffHidden(128).llamaStyle().build();
        assertEquals(4L * 64 * 64, mha.parameters().attention());
        assertEquals(2L * 64 * 64 + 2L * 64 * 16, gqa.parameters().attention());
        assertEquals(2.0 * 80 * 8 * 128 * 2, PublishedModel.llama2_70b().shape().kvCacheBytesPerToken(2));
    }

    @Test
    void badShapesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> TransformerShape.builder("x").layers(2).dModel(100).heads(3).vocab(10).ffHidden(4).build());
        assertThrows(IllegalArgumentException.class,
                () -> TransformerShape.builder("x").layers(0).dModel(64).heads(8).vocab(10).ffHidden(4).build());
        assertThrows(IllegalArgumentException.class, () -> TransformerShape.builder("x").layers(1).dModel(64)
                .heads(8).kvHeads(3).vocab(10).ffHidden(4).build());
    }
}
