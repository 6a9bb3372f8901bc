package io.github.spencerpark.jupyter.kernel.display;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/** Test stand-in for IJava 1.3 (jupyter-jvm-basekernel 2.3)'s Renderer: register(supported, preferred, types, function) and render(value). */
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
        // IJava 1.3 looks up the value's own class only.
        List<RenderFunction<Object>> functions = this.functions.get(value.getClass());
        if (functions != null) {
            for (RenderFunction<Object> f : functions) {
                f.render(value, new RenderContext(out));
            }
        }
        return out;
    }
}
