/**
 * Chapter package (notebook 09b, distributed training): data parallelism on one machine with DL4J's
 * {@code ParallelWrapper} ({@link org.dlnotes.distributed.DataParallel}), and the same training on Apache Spark in a
 * child JVM ({@link org.dlnotes.distributed.SparkTraining}), in local mode or on a
 * {@link org.dlnotes.distributed.LoopbackCluster} of processes on this machine.
 */
package org.dlnotes.distributed;
