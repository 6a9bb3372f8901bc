package org.dlnotes.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runs requests' rows through the model together: one thread takes the oldest waiting request, then adds the next ones
 * until the batch has {@code maxRows} rows or {@code maxWaitNanos} have passed since it took the first, runs the model
 * once on all the rows and hands each request its own rows of the output. A request larger than {@code maxRows} runs
 * alone.
 */
final class MicroBatcher implements AutoCloseable {

    private record Job(float[][] rows, CompletableFuture<INDArray> result) {
    }

    private final Predictor predictor;
    private final ServerMetrics metrics;
    private final int maxRows;
    private final long maxWaitNanos;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;
    private Job carried;   // the job that did not fit the last batch; only the worker touches it

    MicroBatcher(Predictor predictor, ServerMetrics metrics, int maxRows, long maxWaitNanos) {
        this.predictor = predictor;
        this.metrics = metrics;
        this.maxRows = maxRows;
        this.maxWaitNanos = maxWaitNanos;
        this.worker = new Thread(this::run, "dlnotes-serve-batcher");
        worker.setDaemon(true);
        worker.start();
    }

    /** The model's output for {@code rows}, once the batch that holds them has run. */
    CompletableFuture<INDArray> submit(float[][] rows) {
        Job job = new Job(rows, new CompletableFuture<>());
        queue.add(job);
        if (closed) {
            failQueued();   // the worker may have drained the queue already
        }
        return job.result();
    }

    private void run() {
        try {
            while (!closed) {
                Job first = carried != null ? carried : queue.take();
                carried = null;
                List<Job> batch = new ArrayList<>();
                batch.add(first);
                int rows = first.rows().length;
                long deadline = System.nanoTime() + maxWaitNanos;
                while (rows < maxRows) {
                    Job next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (rows + next.rows().length > maxRows) {
                        carried = next;
                        break;
                    }
                    batch.add(next);
                    rows += next.rows().length;
                }
                runBatch(batch, rows);
            }
        } catch (InterruptedException e) {
            // close(): fall through and fail whatever still waits
        }
        if (carried != null) {
            queue.add(carried);
        }
        failQueued();
    }

    private void failQueued() {
        for (Job j; (j = queue.poll()) != null;) {
            j.result().completeExceptionally(new IllegalStateException("the server stopped before this request ran"));
        }
    }

    private void runBatch(List<Job> batch, int rows) {
        float[][] all = new float[rows][];
        int r = 0;
        for (Job j : batch) {
            for (float[] row : j.rows()) {
                all[r++] = row;
            }
        }
        try {
            INDArray out = predictor.output(Nd4j.create(all));
            metrics.modelCall(rows);
            int from = 0;
            for (Job j : batch) {
                int to = from + j.rows().length;
                j.result().complete(out.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup());
                from = to;
            }
        } catch (RuntimeException e) {
            batch.forEach(j -> j.result().completeExceptionally(e));
        }
    }

    /** Stops the worker after its current batch; requests still queued fail. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
