/**
 * Core package: builders that return ready DL4J networks in one fluent style ({@link org.dlnotes.models.Mlp},
 * {@link org.dlnotes.models.Cnn}, {@link org.dlnotes.models.LstmLanguageModel},
 * {@link org.dlnotes.models.TextClassifier}, {@link org.dlnotes.models.Transfer}), their summaries and inference
 * profiles, and the layers that make them fast on a CPU ({@link org.dlnotes.models.Nd4jPoolingLayer},
 * {@link org.dlnotes.models.FusedLstm}, {@link org.dlnotes.models.FusedRnnOutputLayer}), a lean forward pass for
 * trained feed-forward networks ({@link org.dlnotes.models.FeedForwardInference}); the low-rank adapter
 * {@link org.dlnotes.models.LoraLayer}.
 */
package org.dlnotes.models;
