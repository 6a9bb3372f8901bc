/**
 * Chapter package (notebook 09i, serving): a model behind JSON over HTTP on 127.0.0.1
 * ({@link org.dlnotes.serve.InferenceServer}: token authentication, input validation, health and metrics, optional
 * micro-batching, graceful shutdown), a client ({@link org.dlnotes.serve.InferenceClient}) and a bounded load
 * generator ({@link org.dlnotes.serve.LoadTest}).
 */
package org.dlnotes.serve;
