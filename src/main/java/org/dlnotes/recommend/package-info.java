/**
 * Chapter package (notebook 06, recommendation): ratings from known latent factors
 * ({@link org.dlnotes.recommend.SyntheticRatings}), {@link org.dlnotes.recommend.MatrixFactorization} trained with
 * the shared epoch loop, global and item-mean baselines, and ranking metrics.
 */
package org.dlnotes.recommend;
