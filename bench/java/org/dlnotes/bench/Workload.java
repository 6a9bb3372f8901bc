package org.dlnotes.bench;

/** One benchmark workload: built once (not timed), then run for a number of steps per timed repeat. */
interface Workload {

    /** Builds model and data in memory and warms up (JIT, native buffers, workspaces). Not timed. */
    void prepare();

    /** Runs {@code iterations} steps: training steps, inferences or matrix products. */
    void run(int iterations);

    /** A number from the last step (loss, output sum) so that the work is observable and sane. */
    double check();
}
