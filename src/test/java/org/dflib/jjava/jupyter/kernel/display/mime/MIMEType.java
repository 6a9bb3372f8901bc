package org.dflib.jjava.jupyter.kernel.display.mime;

/** Test stand-in for JJava 1.0's MIMEType: only what dlnotes calls by reflection. */
public final class MIMEType {
    private final String name;

    private MIMEType(String name) {
        this.name = name;
    }

    public static MIMEType parse(String type) {
        return new MIMEType(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MIMEType m && m.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
