/**
 * Chapter package (notebook 09d, interpretability): {@link org.dlnotes.explain.PermutationImportance}, input-gradient
 * {@link org.dlnotes.explain.Saliency} checked by finite differences, and a LIME-style
 * {@link org.dlnotes.explain.LocalSurrogate}.
 */
package org.dlnotes.explain;
