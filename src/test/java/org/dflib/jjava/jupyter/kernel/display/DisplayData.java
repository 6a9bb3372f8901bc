package org.dflib.jjava.jupyter.kernel.display;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test stand-in for JJava 1.0's DisplayData: MIME type to data. */
public class DisplayData {
    private final Map<String, Object> data = new LinkedHashMap<>();

    public void putData(String mimeType, Object value) {
        data.put(mimeType, value);
    }

    /** Not in the real class: what the test reads. */
    public Map<String, Object> data() {
        return data;
    }
}
