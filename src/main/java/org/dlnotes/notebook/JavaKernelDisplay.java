package org.dlnotes.notebook;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import javax.imageio.ImageIO;

import org.dlnotes.charts.Charts;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BubbleChart;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.DialChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.OHLCChart;
import org.knowm.xchart.PieChart;
import org.knowm.xchart.RadarChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

import tech.tablesaw.api.Table;

/**
 * Rich output under IJava (SpencerPark's IJava 1.3) and its successor JJava (dflib): registers with the running
 * kernel's {@code Renderer} a Tablesaw {@link Table} as {@code text/html} ({@link HtmlTable#of}) plus
 * {@code text/plain} ({@link Table#print()}), and an XChart chart as {@code image/png} (base64, the image of
 * {@link Charts#image}). Everything goes through reflection, so neither kernel is a dependency of the library; the
 * default kernel, rapaio-jupyter-kernel, uses {@link RapaioDisplayProvider} instead.
 *
 * <p><b>How it is triggered.</b> Both kernels run a Java snippet at start-up from an environment variable:
 * {@code IJAVA_STARTUP_SCRIPT} (IJava) or {@code JJAVA_STARTUP_SCRIPT} (JJava), set to
 * {@code org.dlnotes.notebook.JavaKernelDisplay.registerIfPresent();} by the lines that
 * {@code environment/dlnotes classpath} prints. That is the kernels' own, documented start-up hook: no magic, no
 * notebook change, and it runs before the first cell. A hook inside the library was considered and left out: no class
 * of ours is touched early by every notebook (the first table often comes straight from Tablesaw or a loader in cell
 * 1 or 2, charts and {@code FastMode} later), and a static initialiser in a lower package would have to reach this
 * package by name, which the package layering ({@code PackageDependenciesTest}) rules out. Without the variable, one
 * plain call in a cell, {@code JavaKernelDisplay.registerIfPresent();}, does the same.
 *
 * <p>The call never throws, is idempotent (a renderer gets our functions once), and outside IJava or JJava (in
 * rapaio, in a test, in a plain JVM) it only looks up a few class names and returns {@code false}.
 */
public final class JavaKernelDisplay {

    /**
     * Where a kernel keeps its instance, and the package of its display API ({@code Renderer}, {@code RenderFunction},
     * {@code RenderContext}, {@code DisplayData}, {@code mime.MIMEType}).
     *
     * @param kernel       the kernel's name, for messages
     * @param holderClass  the class with a static method returning the running kernel (or null, or throwing, when none)
     * @param holderMethod that method's name
     * @param displayPackage the package of the kernel's display API
     */
    record KernelApi(String kernel, String holderClass, String holderMethod, String displayPackage) {
    }

    /**
     * The kernels looked for, in order: IJava 1.3; JJava's current {@code BaseKernel.notebookKernel()}, its 1.0
     * {@code JavaNotebookStatics.kernel()} and its 1.0 milestones' {@code JJava.getKernelInstance()}.
     */
    static final List<KernelApi> KERNELS = List.of(
            new KernelApi("IJava", "io.github.spencerpark.ijava.IJava", "getKernelInstance",
                    "io.github.spencerpark.jupyter.kernel.display"),
            new KernelApi("JJava", "org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel",
                    "org.dflib.jjava.jupyter.kernel.display"),
            new KernelApi("JJava", "org.dflib.jjava.kernel.JavaNotebookStatics", "kernel",
                    "org.dflib.jjava.jupyter.kernel.display"),
            new KernelApi("JJava", "org.dflib.jjava.JJava", "getKernelInstance",
                    "org.dflib.jjava.jupyter.kernel.display"));

    /**
     * The chart classes registered by name as well as {@link Chart}: IJava 1.3's renderer looks up the value's own
     * class, JJava's walks the class hierarchy, so {@link Chart} alone would not reach IJava.
     */
    static final List<Class<?>> CHART_TYPES = List.of(Chart.class, XYChart.class, CategoryChart.class, PieChart.class,
            BubbleChart.class, DialChart.class, HeatMapChart.class, OHLCChart.class, RadarChart.class, BoxChart.class);

    /** Renderers that already have our functions (weak: a renderer of a finished kernel may go). */
    private static final Set<Object> REGISTERED = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    private JavaKernelDisplay() {
    }

    /**
     * Registers the table and chart renderers with the running IJava or JJava kernel, if there is one.
     *
     * @return whether a running IJava or JJava kernel now has the renderers (also when an earlier call added them);
     *         {@code false} under rapaio or outside any kernel, or if the kernel's API is not the expected one
     */
    public static boolean registerIfPresent() {
        return registerIfPresent(KERNELS);
    }

    /** {@link #registerIfPresent()} over the given kernel descriptions (tests pass names that do not exist). */
    static boolean registerIfPresent(List<KernelApi> kernels) {
        for (KernelApi api : kernels) {
            try {
                Object renderer = rendererOf(api);
                if (renderer != null) {
                    synchronized (REGISTERED) {
                        if (!REGISTERED.contains(renderer)) {
                            register(renderer, api.displayPackage());
                            REGISTERED.add(renderer);
                        }
                    }
                    return true;
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // A kernel whose API differs from the one we know: say so, and leave its plain-text display.
                System.err.println("dlnotes: no rich display in " + api.kernel() + " (" + e + ")");
            }
        }
        return false;
    }

    /** The running kernel's renderer, or null when the kernel is absent or not running. */
    private static Object rendererOf(KernelApi api) throws ReflectiveOperationException {
        Class<?> holder = load(api.holderClass());
        if (holder == null) {
            return null;
        }
        Object kernel;
        try {
            kernel = holder.getMethod(api.holderMethod()).invoke(null);
        } catch (InvocationTargetException notRunning) {
            return null; // JJava's notebookKernel() and kernel() throw when no kernel runs
        }
        return kernel == null ? null : kernel.getClass().getMethod("getRenderer").invoke(kernel);
    }

    /** The class, from our class loader or else the thread's, without initialising it; null if neither has it. */
    private static Class<?> load(String name) {
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(JavaKernelDisplay.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != loaders.get(0)) {
            loaders.add(context);
        }
        for (ClassLoader loader : loaders) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError absent) {
                // try the next loader
            }
        }
        return null;
    }

    /**
     * Calls {@code renderer.register(supported, preferred, types, function)}, which IJava 1.3 and JJava both have,
     * once for tables and once for charts; {@code function} is a proxy of the kernel's {@code RenderFunction}.
     */
    private static void register(Object renderer, String displayPackage) throws ReflectiveOperationException {
        ClassLoader loader = renderer.getClass().getClassLoader();
        Class<?> renderFunction = Class.forName(displayPackage + ".RenderFunction", false, loader);
        Class<?> mimeType = Class.forName(displayPackage + ".mime.MIMEType", false, loader);
        Method parse = mimeType.getMethod("parse", String.class);
        Method register = findRegister(renderer.getClass(), renderFunction);

        Set<Object> tableTypes = mimeTypes(parse, "text/html", "text/plain");
        register.invoke(renderer, tableTypes, tableTypes, new LinkedHashSet<>(List.of(Table.class)),
                proxy(renderFunction, loader, value -> {
                    Table table = (Table) value;
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("text/html", HtmlTable.of(table));
                    data.put("text/plain", table.print());
                    return data;
                }));

        Set<Object> chartTypes = mimeTypes(parse, "image/png");
        register.invoke(renderer, chartTypes, chartTypes, new LinkedHashSet<>(CHART_TYPES),
                proxy(renderFunction, loader, value -> Map.of("image/png", png((Chart<?, ?>) value))));
    }

    private static Method findRegister(Class<?> rendererClass, Class<?> renderFunction) throws NoSuchMethodException {
        return rendererClass.getMethod("register", Set.class, Set.class, Set.class, renderFunction);
    }

    private static Set<Object> mimeTypes(Method parse, String... names) throws ReflectiveOperationException {
        Set<Object> types = new LinkedHashSet<>();
        for (String name : names) {
            types.add(parse.invoke(null, name));
        }
        return types;
    }

    /** What a value shows as: MIME type to data (a string; base64 for images). */
    @FunctionalInterface
    interface Rendering {
        Map<String, Object> apply(Object value);
    }

    /**
     * A {@code RenderFunction} whose {@code render(value, context)} puts each MIME type's data into
     * {@code context.getOutputContainer()} with {@code putData(String, Object)}.
     */
    private static Object proxy(Class<?> renderFunction, ClassLoader loader, Rendering rendering) {
        InvocationHandler handler = (self, method, args) -> {
            switch (method.getName()) {
                case "render":
                    if (args != null && args.length == 2) {
                        Object out = args[1].getClass().getMethod("getOutputContainer").invoke(args[1]);
                        Method putData = out.getClass().getMethod("putData", String.class, Object.class);
                        for (Map.Entry<String, Object> e : rendering.apply(args[0]).entrySet()) {
                            putData.invoke(out, e.getKey(), e.getValue());
                        }
                    }
                    return null;
                case "equals":
                    return self == args[0];
                case "hashCode":
                    return System.identityHashCode(self);
                case "toString":
                    return "dlnotes " + renderFunction.getSimpleName();
                default:
                    throw new UnsupportedOperationException(method.toString());
            }
        };
        return Proxy.newProxyInstance(loader, new Class<?>[] {renderFunction}, handler);
    }

    /** The chart as a base64 PNG, the form Jupyter's {@code image/png} takes. */
    static String png(Chart<?, ?> chart) {
        BufferedImage image = Charts.image(chart);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
