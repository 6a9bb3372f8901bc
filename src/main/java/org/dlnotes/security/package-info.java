/**
 * Chapter package (notebook 09h, model security): adversarial examples ({@link org.dlnotes.security.Attack}: FGSM and
 * PGD), adversarial training ({@link org.dlnotes.security.AdversarialBatches}), model extraction by queries
 * ({@link org.dlnotes.security.Extraction}), and models encrypted at rest with AES-GCM
 * ({@link org.dlnotes.security.ModelCipher}).
 */
package org.dlnotes.security;
