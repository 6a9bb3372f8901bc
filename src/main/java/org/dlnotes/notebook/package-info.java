/**
 * Kernel glue, the top layer: how the library's tables and charts show in each Java kernel (rapaio's display
 * provider, {@link org.dlnotes.notebook.JavaKernelDisplay} for IJava and JJava) and the environment report of
 * notebook 00. No other package of ours uses it.
 */
package org.dlnotes.notebook;
