/**
 * Chapter package (notebook 09c, model compression): post-training weight {@link org.dlnotes.compress.Quantization}
 * (symmetric or affine, per tensor or per channel, 2 to 8 bits), magnitude {@link org.dlnotes.compress.Pruning} with
 * masks kept through fine-tuning, and knowledge {@link org.dlnotes.compress.Distillation} with Hinton's loss.
 */
package org.dlnotes.compress;
