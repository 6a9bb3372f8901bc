/**
 * Core package: training. {@link org.dlnotes.train.Trainer} with per-epoch {@link org.dlnotes.train.History},
 * metrics, early stopping and gradient clipping, through {@link org.dlnotes.models.FeedForwardTraining}'s lean step
 * wherever it compiles the network; {@link org.dlnotes.train.EpochTraining}, the epoch loop every
 * training class of the library shares (epochs, fast mode, interrupt and divergence checks, history rows, progress
 * lines); {@link org.dlnotes.train.ModelStore} (models saved with their history, atomically, without Java
 * deserialization); {@link org.dlnotes.train.CrossValidation}.
 */
package org.dlnotes.train;
