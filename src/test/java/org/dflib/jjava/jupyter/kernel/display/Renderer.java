package org.dflib.jjava.jupyter.kernel.display;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/** Test stand-in for JJava 1.0's Renderer: register(supported, preferred, types, function) and render(value). */
public class Renderer {
    private final Map<Class<?>, List<RenderFunction<Object>>> functions = new HashMap<>();
    /** Not in the real class: how many registrations were made. */
    public int registrations;

    @SuppressWarnings("unchecked")
    public <T> void register(Set<MIMEType> supported, Set<MIMEType> preferred, Set<Class<? extends T>> types,
            RenderFunction<T> function) {
        registrations++;
        for (Class<? extends T> type : types) {
            functions.computeIfAbsent(type, k -> new ArrayList<>()).add((RenderFunction<Object>) function);
        }
    }

    public DisplayData render(Object value) {
        DisplayData out = new DisplayData();
        out.putData("text/plain", String.valueOf(value));
        // JJava walks the class hierarchy; the first class with functions wins.
        List<RenderFunction<Object>> functions = null;
        for (Class<?> c = value.getClass(); c != null && functions == null; c = c.getSuperclass()) {
            functions = this.functions.get(c);
        }
        if (functions != null) {
            for (RenderFunction<Object> f : functions) {
                f.render(value, new RenderContext(out));
            }
        }
        return out;
    }
}
