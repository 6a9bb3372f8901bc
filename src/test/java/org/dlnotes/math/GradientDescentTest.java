package org.dlnotes.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class GradientDescentTest {

    // L(x, y) = ½(a·x² + c·y²): each coordinate is multiplied by (1 − α·curvature) per step
    private static final double A = 4;
    private static final double C = 1;
    private static final ToDoubleFunction<double[]> LOSS = p -> 0.5 * (A * p[0] * p[0] + C * p[1] * p[1]);
    private static final UnaryOperator<double[]> GRADIENT = p -> new double[] {A * p[0], C * p[1]};

    @Test
    void everyStepIsThetaMinusAlphaTimesGradient() {
        GradientDescent.Path path = GradientDescent.run(LOSS, GRADIENT, new double[] {1, 1}, 0.1, 3);
        assertEquals(3, path.steps());
        assertArrayEquals(new double[] {1, 0.6, 0.36, 0.216}, path.coordinate(0), 1e-12);
        assertArrayEquals(new double[] {1, 0.9, 0.81, 0.729}, path.coordinate(1), 1e-12);
        assertEquals(LOSS.applyAsDouble(path.last()), path.finalLoss(), 1e-15);
        assertFalse(path.diverged());
    }

    @Test
    void convergesBelowTwoOverTheLargestCurvatureAndDivergesAbove() {
        double critical = 2 / A;
        GradientDescent.Path good = GradientDescent.run(LOSS, GRADIENT, new double[] {1, 1}, 0.9 * critical, 400);
        assertFalse(good.diverged());
        assertTrue(good.finalLoss() < 1e-12, "final loss " + good.finalLoss());
        GradientDescent.Path bad = GradientDescent.run(LOSS, GRADIENT, new double[] {1, 1}, 1.1 * critical, 400);
        assertTrue(bad.diverged());
        assertTrue(bad.steps() < 400);
        assertTrue(bad.finalLoss() > GradientDescent.DIVERGENCE_FACTOR * bad.losses()[0]);
        // too small a step: still far from the minimum after the same number of steps
        GradientDescent.Path slow = GradientDescent.run(LOSS, GRADIENT, new double[] {1, 1}, 0.001, 400);
        assertFalse(slow.diverged());
        assertTrue(slow.finalLoss() > 0.1, "final loss " + slow.finalLoss());
    }

    @Test
    void badArguments() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> GradientDescent.run(LOSS, GRADIENT, new double[] {1, 1}, -0.1, 3));
        assertTrue(e.getMessage().contains("learningRate") && e.getMessage().contains("-0.1"));
        assertThrows(IllegalArgumentException.class, () -> GradientDescent.run(LOSS, GRADIENT, new double[0], 0.1, 3));
        assertThrows(IllegalArgumentException.class,
                () -> GradientDescent.run(LOSS, GRADIENT, new double[] {Double.NaN, 1}, 0.1, 3));
        assertThrows(IllegalArgumentException.class,
                () -> GradientDescent.run(LOSS, p -> new double[] {1}, new double[] {1, 1}, 0.1, 3));
        assertThrows(IllegalArgumentException.class,
                () -> GradientDescent.run(LOSS, GRADIENT, new double[] {1, 1}, 0.1, -1));
        assertThrows(IllegalArgumentException.class,
                () -> GradientDescent.run(LOSS, GRADIENT, new double[] {1, 1}, 0.1, 2).coordinate(2));
    }

    @Test
    void withinKeepsThePathUpToItsFirstPointOutsideTheBox() {
        GradientDescent.Path path = new GradientDescent.Path(0.1,
                new double[][] {{0, 0}, {0.5, 0.5}, {2, 0.5}, {3, 3}}, new double[] {4, 3, 2, 1}, false);
        double[][] shown = path.within(new double[] {-1, 1}, new double[] {-1, 1});
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0.5, 2}, shown[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0.5, 0.5}, shown[1]);
        org.junit.jupiter.api.Assertions.assertEquals(4, path.within(new double[] {-5, 5}, new double[] {-5, 5})[0].length);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> path.within(new double[] {1, -1}, new double[] {-1, 1}));
    }
}
