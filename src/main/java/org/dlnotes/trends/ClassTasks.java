package org.dlnotes.trends;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;

import org.dlnotes.data.LabelledData;
import org.dlnotes.data.Subsets;

/**
 * A labelled dataset cut into tasks by class, for class-incremental continual learning: task 0 holds the rows of
 * some classes (digits 0–4, say), task 1 those of others (5–9), and every task keeps the full label space, so one
 * output layer must answer all classes seen so far. {@link #withReplay} adds rehearsal: a task's rows plus a small
 * random buffer of the earlier tasks' rows.
 *
 * <pre>{@code
 * ClassTasks tasks = ClassTasks.split(Datasets.mnistTrain(), new String[] {"0", "1", "2", "3", "4"},
 *         new String[] {"5", "6", "7", "8", "9"});
 * LabelledData a = tasks.task(0);
 * LabelledData bWithReplay = tasks.withReplay(1, 200, 7);
 * }</pre>
 */
public final class ClassTasks {

    private final LabelledData data;
    private final int[][] rows;

    private ClassTasks(LabelledData data, int[][] rows) {
        this.data = data;
        this.rows = rows;
    }

    /**
     * Tasks of the named classes, in the order given.
     *
     * @throws IllegalArgumentException for fewer than two tasks, an empty task, or a class that is unknown, listed
     *     twice or has no rows
     */
    public static ClassTasks split(LabelledData data, String[]... tasks) {
        Objects.requireNonNull(data, "data");
        if (tasks.length < 2) {
            throw new IllegalArgumentException("tasks must list at least 2 tasks of classes, but lists " + tasks.length);
        }
        int[] taskOfClass = new int[data.classes().size()];
        Arrays.fill(taskOfClass, -1);
        for (int t = 0; t < tasks.length; t++) {
            if (tasks[t].length == 0) {
                throw new IllegalArgumentException("task " + t + " must name at least one class");
            }
            for (String c : tasks[t]) {
                int k = data.classes().indexOf(c);
                if (k < 0) {
                    throw new IllegalArgumentException("class '" + c + "' is not one of " + data.classes());
                }
                if (taskOfClass[k] >= 0) {
                    throw new IllegalArgumentException("class '" + c + "' is listed twice (tasks " + taskOfClass[k]
                            + " and " + t + ")");
                }
                taskOfClass[k] = t;
            }
        }
        int[] labels = data.labelIndices();
        int[][] rows = new int[tasks.length][];
        for (int t = 0; t < tasks.length; t++) {
            int task = t;
            rows[t] = IntStream.range(0, labels.length).filter(i -> taskOfClass[labels[i]] == task).toArray();
            if (rows[t].length == 0) {
                throw new IllegalArgumentException("task " + t + " " + Arrays.toString(tasks[t]) + " has no rows in "
                        + data.name());
            }
        }
        return new ClassTasks(data, rows);
    }

    /** The number of tasks. */
    public int size() {
        return rows.length;
    }

    /** Task {@code t}'s rows, with the dataset's full list of classes. */
    public LabelledData task(int t) {
        checkTask(t);
        return Subsets.rows(data, rows[t]);
    }

    /** The rows of tasks 0 … {@code t} together (joint training on everything seen so far). */
    public LabelledData upTo(int t) {
        checkTask(t);
        return Subsets.rows(data, IntStream.range(0, t + 1).flatMap(k -> Arrays.stream(rows[k])).toArray());
    }

    /**
     * Task {@code t}'s rows plus {@code buffer} rows drawn at random (without replacement, with {@code seed}) from
     * tasks 0 … t−1: rehearsal with a small memory of the past. A buffer of 0 is the task alone.
     *
     * @throws IllegalArgumentException if t is 0 with a buffer, or the buffer is negative or larger than the earlier
     *     tasks
     */
    public LabelledData withReplay(int t, int buffer, long seed) {
        checkTask(t);
        List<Integer> earlier = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            Arrays.stream(rows[k]).forEach(earlier::add);
        }
        if (buffer < 0 || buffer > earlier.size()) {
            throw new IllegalArgumentException("buffer must be in [0, " + earlier.size() + "] (the rows of the tasks"
                    + " before task " + t + "), but is " + buffer);
        }
        java.util.Collections.shuffle(earlier, new Random(seed));
        int[] picked = IntStream.concat(Arrays.stream(rows[t]), earlier.subList(0, buffer).stream()
                .mapToInt(Integer::intValue)).toArray();
        return Subsets.rows(data, picked);
    }

    private void checkTask(int t) {
        if (t < 0 || t >= rows.length) {
            throw new IllegalArgumentException("task must be in [0, " + rows.length + "), but is " + t);
        }
    }
}
