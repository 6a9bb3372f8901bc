/**
 * Chapter package (notebook 04): the mathematics of the articles' chapter 4, computed by hand so that it can be checked: price decay in its
 * continuous and yearly-compounded forms ({@link org.dlnotes.math.Decay}), a two-layer network's forward pass and
 * closed-form gradients ({@link org.dlnotes.math.TwoLayerNetwork}) compared with DL4J's backpropagation and with
 * finite differences ({@link org.dlnotes.math.GradientChecks}), and gradient-descent paths over a loss surface
 * ({@link org.dlnotes.math.GradientDescent}).
 *
 * <pre>{@code
 * double p5 = Decay.continuous(1_000_000, 0.2, 5);                        // 1e6·e^{−1}
 * TwoLayerNetwork net = TwoLayerNetwork.of(w1, b1, w2, b2, TwoLayerNetwork.Output.SOFTMAX);
 * double[] byHand = net.gradients(x, y).flat();
 * double[] numeric = GradientChecks.centralDifferences(p -> net.withParameters(p).loss(x, y), net.parameters(), 1e-6);
 * GradientDescent.Path path = GradientDescent.run(loss, gradient, start, 0.1, 100);
 * }</pre>
 */
package org.dlnotes.math;
