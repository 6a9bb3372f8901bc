/**
 * Chapter package (notebook 08b): chapter 8's trends, measured. Class-incremental tasks with rehearsal for continual learning
 * ({@link org.dlnotes.trends.ClassTasks}) and a documented synthetic dataset with a group attribute for fairness
 * ({@link org.dlnotes.trends.SyntheticApplicants}). The low-rank adapter is {@code models.LoraLayer}; the group
 * metrics are {@code metrics.GroupMetrics}.
 */
package org.dlnotes.trends;
