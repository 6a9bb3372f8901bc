package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.junit.jupiter.api.Test;

class LeanKernelsTest {

    @Test
    void imageAfterFollowsDl4jsTwoCnnPreprocessorsAndRefusesTheRest() {
        int[] chw = {1, 28, 28};
        assertSame(chw, LeanKernels.imageAfter(null, chw, -1, 0, "layer 0", "X", "; fallback"));
        assertNull(LeanKernels.imageAfter(null, null, 10, 1, "layer 1", "X", "; fallback"));
        assertArrayEquals(new int[] {1, 28, 28}, LeanKernels.imageAfter(new FeedForwardToCnnPreProcessor(28, 28, 1),
                null, -1, 0, "layer 0", "X", "; fallback"));
        assertArrayEquals(new int[] {2, 3, 4}, LeanKernels.imageAfter(new FeedForwardToCnnPreProcessor(3, 4, 2),
                null, 24, 2, "layer 2", "X", "; fallback"));
        IllegalArgumentException wrongWidth = assertThrows(IllegalArgumentException.class,
                () -> LeanKernels.imageAfter(new FeedForwardToCnnPreProcessor(3, 4, 2), null, 25, 2, "layer 2", "X",
                        "; fallback"));
        assertEquals("layer 2: its preprocessor expects 24 inputs, but layer 1 gives 25", wrongWidth.getMessage());
        assertNull(LeanKernels.imageAfter(new CnnToFeedForwardPreProcessor(28, 28, 1, CNN2DFormat.NCHW), chw, -1, 3,
                "layer 3", "X", "; fallback"));
        for (var other : new Object[] {new CnnToFeedForwardPreProcessor(28, 28, 2, CNN2DFormat.NCHW),
                new CnnToFeedForwardPreProcessor(28, 28, 1, CNN2DFormat.NHWC), new RnnToFeedForwardPreProcessor()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeanKernels.imageAfter(
                    (org.deeplearning4j.nn.conf.InputPreProcessor) other, chw, -1, 3, "layer 3", "X", "; fallback"));
            assertEquals("layer 3 has an input preprocessor (" + other + ") that X does not apply; fallback",
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> LeanKernels.imageAfter(
                new FeedForwardToCnnPreProcessor(28, 28, 1), chw, -1, 3, "layer 3", "X", "; fallback"),
                "an image turned into an image again");
    }
}
