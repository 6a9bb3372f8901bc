/**
 * Bottom layer: settings and checks that every other package may use, and that use no package of ours.
 * {@link org.dlnotes.core.FastMode} (smaller sizes under CI: {@code DLNOTES_FAST}, {@code CI}) and
 * {@link org.dlnotes.core.Checks} (a notebook's claims, checked where they are made). Kernel glue (display,
 * environment report) is {@code org.dlnotes.notebook}, on top.
 */
package org.dlnotes.core;
