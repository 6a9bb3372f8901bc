package org.dlnotes.models;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Copies a DL4J layer configuration into a subclass instance, for subclasses whose parent's constructor from a
 * builder is private ({@link FusedLstm}, {@link FusedRnnOutputLayer}): every non-static field declared by
 * {@code type} and its superclasses.
 */
final class LayerConfigCopy {

    private LayerConfigCopy() {
    }

    static <T> void copy(Class<T> type, T from, T to) {
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    try {
                        f.set(to, f.get(from));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot copy " + c.getSimpleName() + " field " + f.getName(), e);
                    }
                }
            }
        }
    }
}
