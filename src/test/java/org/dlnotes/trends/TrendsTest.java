package org.dlnotes.trends;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.dlnotes.data.LabelledData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class TrendsTest {

    /** Ten rows, classes c0…c3, labels 0 1 2 3 0 1 2 3 0 1; feature = row index. */
    private static LabelledData tiny() {
        float[][] x = new float[10][1];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[i][0] = i;
            y[i] = i % 4;
        }
        return LabelledData.of("tiny", Nd4j.create(x), y, List.of("c0", "c1", "c2", "c3"), List.of("index"));
    }

    private static int[] rowsOf(LabelledData d) {
        return Arrays.stream(d.features().toDoubleVector()).mapToInt(f -> (int) f).toArray();
    }

    @Test
    void tasksKeepTheFullLabelSpaceAndReplayDrawsFromEarlierTasksOnly() {
        ClassTasks tasks = ClassTasks.split(tiny(), new String[] {"c0", "c1"}, new String[] {"c2", "c3"});
        assertEquals(2, tasks.size());
        assertArrayEquals(new int[] {0, 1, 4, 5, 8, 9}, rowsOf(tasks.task(0)));
        assertArrayEquals(new int[] {2, 3, 6, 7}, rowsOf(tasks.task(1)));
        assertEquals(List.of("c0", "c1", "c2", "c3"), tasks.task(1).classes());
        assertArrayEquals(new int[] {2, 3, 2, 3}, tasks.task(1).labelIndices(), "labels are not renumbered");
        assertEquals(10, tasks.upTo(1).size());

        LabelledData replay = tasks.withReplay(1, 3, 7);
        int[] rows = rowsOf(replay);
        assertEquals(7, rows.length);
        assertArrayEquals(new int[] {2, 3, 6, 7}, Arrays.copyOf(rows, 4));
        int[] buffer = Arrays.copyOfRange(rows, 4, 7);
        assertEquals(3, Arrays.stream(buffer).distinct().count(), "without replacement");
        assertTrue(Arrays.stream(buffer).allMatch(i -> i % 4 < 2), "only rows of task 0: " + Arrays.toString(buffer));
        assertArrayEquals(rows, rowsOf(tasks.withReplay(1, 3, 7)), "same seed, same buffer");
        assertEquals(4, tasks.withReplay(1, 0, 7).size());
        assertEquals(10, tasks.withReplay(1, 6, 7).size());
    }

    @Test
    void tasksRejectBadInput() {
        LabelledData d = tiny();
        assertThrows(IllegalArgumentException.class, () -> ClassTasks.split(d, new String[] {"c0"}));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ClassTasks.split(d, new String[] {"c0"}, new String[] {"c0", "c1"}));
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        ClassTasks tasks = ClassTasks.split(d, new String[] {"c0"}, new String[] {"c1"});
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> tasks.withReplay(1, 4, 1));
        assertTrue(big.getMessage().contains("buffer must be in [0, 3]"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tasks.task(2));
    }

    @Test
    void applicantsFollowTheDocumentedProcess() {
        SyntheticApplicants.Applicants a = SyntheticApplicants.generate(40000, 3);
        assertArrayEquals(a.data().features().dup().data().asFloat(),
                SyntheticApplicants.generate(40000, 3).data().features().dup().data().asFloat(), "same seed, same rows");
        String[] g = a.groups();
        int[] y = a.data().labelIndices();
        float[][] x = a.data().features().toFloatMatrix();
        long b = Arrays.stream(g).filter("B"::equals).count();
        assertEquals(SyntheticApplicants.MINORITY_SHARE, b / 40000.0, 0.01);
        // P(y = 1) = P(z + e > 0) = Φ(μ / sqrt(1 + 0.25)): 0.5 for A, Φ(−0.447) = 0.3274 for B
        assertEquals(0.5, rate(y, g, "A"), 0.012);
        assertEquals(0.3274, rate(y, g, "B"), 0.015);
        // score_1 − score_2 = difference of two measurement noises: variance 2σ²
        assertEquals(2 * 0.25, diffVariance(x, g, "A"), 0.03);
        assertEquals(2 * 1.44, diffVariance(x, g, "B"), 0.15);
    }

    private static double rate(int[] y, String[] g, String group) {
        int n = 0;
        int pos = 0;
        for (int i = 0; i < y.length; i++) {
            if (g[i].equals(group)) {
                n++;
                pos += y[i];
            }
        }
        return (double) pos / n;
    }

    private static double diffVariance(float[][] x, String[] g, String group) {
        double s = 0;
        double s2 = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (g[i].equals(group)) {
                double d = x[i][0] - x[i][1];
                s += d;
                s2 += d * d;
                n++;
            }
        }
        return s2 / n - (s / n) * (s / n);
    }
}
