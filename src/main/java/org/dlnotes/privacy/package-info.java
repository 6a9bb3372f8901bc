/**
 * Chapter package (notebook 09g): privacy-preserving training: {@link org.dlnotes.privacy.DpSgd} (per-example clipping and Gaussian noise, Abadi et
 * al. 2016) with its {@link org.dlnotes.privacy.RdpAccountant} (Rényi DP of the sampled Gaussian mechanism, as TF
 * Privacy and Opacus compute it), {@link org.dlnotes.privacy.PerExample} gradients (a loop, or a batched trick for
 * dense networks), and {@link org.dlnotes.privacy.FederatedAveraging} (McMahan et al. 2017) over
 * {@link org.dlnotes.privacy.Clients} split IID or by label shards; and what the training data leak:
 * {@link org.dlnotes.privacy.MembershipInference} (the loss-threshold attack of Yeom et al. 2018, with the
 * advantage that (ε, δ)-DP allows at most).
 */
package org.dlnotes.privacy;
