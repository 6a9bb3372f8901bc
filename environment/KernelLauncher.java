import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.AbstractChannel;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.channels.MessageHandler;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.RapaioKernel;
import org.rapaio.jupyter.kernel.core.Transform;
import org.rapaio.jupyter.kernel.message.ContentType;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Header;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.adapters.HeaderAdapter;
import org.rapaio.jupyter.kernel.message.messages.ControlInterruptReply;
import org.rapaio.jupyter.kernel.message.messages.ControlShutdownReply;
import org.rapaio.jupyter.kernel.message.messages.ControlShutdownRequest;
import org.rapaio.jupyter.kernel.message.messages.ErrorReply;
import org.rapaio.jupyter.kernel.message.messages.IOPubStatus;
import org.rapaio.org.zeromq.ZMQ;
import org.rapaio.shaded.com.google.gson.Gson;
import org.rapaio.shaded.com.google.gson.JsonDeserializationContext;
import org.rapaio.shaded.com.google.gson.JsonDeserializer;
import org.rapaio.shaded.com.google.gson.JsonElement;
import org.rapaio.shaded.com.google.gson.JsonSerializationContext;
import org.rapaio.shaded.com.google.gson.JsonSerializer;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Starts rapaio-jupyter-kernel as its {@code MainApp} does, with its start-up race closed.
 *
 * <p>The race: {@code Channels.connect} starts the shell loop first and creates its message-handler map last. Jupyter
 * sends {@code kernel_info_request} the moment the kernel starts, so the request waits in the shell socket and, on a
 * busy machine, reaches the loop before the map exists: the shell thread dies with a NullPointerException in
 * {@code Channels.getHandler} and the kernel never answers. Measured here with 2 cores under load: 5 of 10 starts
 * hung. The fix: give {@code Channels} a stand-in handler map before {@code connect} whose look-up waits (up to two
 * minutes) until {@code connect} has returned, i.e. has installed all the real handlers, then answers from them. An early request is thus
 * answered late instead of dropped: Jupyter Notebook sends its first {@code kernel_info_request} once and waits 60 s
 * for the reply, so a dropped one made every notebook open a minute late, and sometimes never (seen in the browser
 * test, environment/browser/).
 * A request read while {@code connect} had put in its fresh, still empty map was dropped all the same (1 of 4
 * starts): the launcher therefore holds the shell channel's lock, which rapaio's reader takes, during
 * {@code connect}.
 *
 * <p>A second hang: the shell loop never handles a request (9 of 40 notebook starts on one day, idle machine or
 * not). The shell thread has then vanished without a log line: rapaio's {@code LoopThread} ends quietly once its
 * {@code running} flag drops, e.g. on an interrupt during its sleep. {@link #keepShellLoopAlive} starts such a loop
 * again at once. As a last resort, since Jupyter clients send {@code kernel_info_request} as soon as a kernel starts,
 * a shell loop that has handled nothing {@value #SHELL_SILENT_SECONDS} s after start-up counts as stuck: the launcher
 * prints the channel threads' stacks and exits so that Jupyter starts a fresh kernel.
 *
 * <p>Interrupt: rapaio answers Jupyter's {@code interrupt_request} by cancelling the cell's future and shutting its
 * executor down, on the control thread, which also takes over the shell's reply address and runs the shell's pending
 * after-actions. The cell's error and reply then go out without a parent (the notebook shows {@code In [*]} for good)
 * and every later cell runs without output (measured with jupyter_client: status ok, no streams, no results). So the
 * kernelspec asks for {@code interrupt_mode: signal}, and the launcher handles SIGINT itself: it interrupts the
 * threads running a cell ({@link Thread#interrupt()}: a sleep, a wait, or code that checks the flag such as
 * {@code org.dlnotes.train.Trainer} stops at once) and, if a cell still runs {@value #INTERRUPT_GRACE_SECONDS} s later
 * (a loop that only computes), stops its thread. Either way the cell ends with an error shown under it, and the kernel
 * keeps its variables and answers the next cell. An interrupt that arrives while the cell is still being compiled
 * waits until the cell runs (without that wait it was lost, and the cell ran on: seen in a CI-like run under load).
 *
 * <p>Control channel: rapaio handles control requests on their own thread but with the shell's state (one reply
 * address, one stack of after-actions), and sends the replies on the shell socket. Jupyter Notebook polls a starting
 * kernel with {@code kernel_info_request} on the control channel several times a second, so a cell run right after a
 * restart had its reply sent under a control request's address and stayed {@code In [*]} (seen in the browser test).
 * {@link ControlLoop} replaces rapaio's control loop: it answers {@code kernel_info_request},
 * {@code interrupt_request} and {@code shutdown_request} on the control socket, touching no shell state.
 *
 * <p>Bad messages: rapaio's {@code AbstractChannel.readMessage} reads a request frame by frame up to its
 * {@code <IDS|MSG>} delimiter and its four parts, then checks the HMAC signature and parses the JSON, and throws
 * (a {@code SecurityException} for a wrong signature, Gson's exceptions for bad JSON) out of the shell loop, whose
 * thread then died: anyone who could reach the shell port ended the kernel with one unsigned message. A message cut
 * short also made it read on into the next message's frames. {@link Requests} reads each request as one whole
 * multipart message and checks it before anything acts on it; the shell loop ({@link ShellLoop}, replacing rapaio's
 * loop body) and {@link ControlLoop} drop a bad one with a log line and go on serving.
 *
 * <p>Orphans: the kernel exits when the process that started it (Jupyter's server, the notebook runner) has gone,
 * even if that process was killed and could not shut it down.
 *
 * <p>If a later kernel version renames the fields used here, the launcher starts the kernel unchanged. Either way,
 * should the shell loop die, the process exits so that Jupyter restarts the kernel rather than waiting on it forever.
 * Compiled by {@code environment/setup.sh}.
 */
public final class KernelLauncher {

    /** Exit status when the shell loop died. */
    static final int SHELL_DIED = 75;
    /** Exit status when the shell loop handled no request in time. */
    static final int SHELL_SILENT = 76;
    /** Seconds a new kernel's shell loop may stay without any request before it counts as stuck. */
    static final int SHELL_SILENT_SECONDS = 20;

    /** Exit status when the process that started the kernel has gone. */
    static final int PARENT_GONE = 77;

    /** Seconds a cell may go on computing after an interrupt before its thread is stopped. */
    static final int INTERRUPT_GRACE_SECONDS = 3;

    /**
     * Starts the kernel with one method per workaround, so that each can be found and, once rapaio fixes its cause,
     * deleted on its own. Each names the rapaio 3.0.1 source it works around (padreati/rapaio-jupyter-kernel, under
     * {@code src/main/java/org/rapaio/jupyter/kernel/}); no upstream issue was found for any of them (searched
     * 2026-12-05).
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: KernelLauncher CONNECTION_FILE (Jupyter passes it)");
        }
        exitWithParent();
        exitWhenTheShellLoopDies();
        OneKernelSession.install();
        LogManager.getLogManager().readConfiguration(
                MainApp.class.getClassLoader().getResourceAsStream("logging.properties"));
        CountDownLatch shellAnswering = new CountDownLatch(1);
        Logger.getLogger("").addHandler(new ShellActivity(shellAnswering));
        ConnectionProperties connection = Transform.fromJson(Files.readString(Path.of(args[0])),
                ConnectionProperties.class);
        Channels channels = new Channels(connection);
        closeTheStartUpRace(channels);
        interruptCellsOnSigint();
        ShellLoop shellLoop = connectWithoutDroppingEarlyRequests(channels);
        answerHistoryRequests(channels);
        ControlLoop.takeOver(channels);
        AwaitHandlers.CONNECTED.countDown();
        exitIfTheShellStaysSilent(shellAnswering);
        try {
            keepShellLoopAlive(channels, shellLoop);
        } catch (ReflectiveOperationException | ClassCastException e) {
            System.err.println("[dlnotes] cannot watch rapaio's shell loop (" + e + "); joining it as rapaio does");
            channels.joinUntilClose();
        }
    }

    /**
     * Workaround: rapaio 3.0.1 {@code message/Header.java} gives a reply the session of the request it answers, and a
     * message the kernel starts itself none, where the protocol has the kernel send every message under one session
     * of its own. JupyterLab 4 takes the session of the {@code kernel_info_reply} as the kernel's and drops messages
     * of any other session, so the status messages of other clients' requests (the server's own) left the kernel
     * "Unknown" in JupyterLab, and nothing could run (classic Notebook 6 does not compare sessions). This serialiser
     * sends every header the kernel writes under one session; headers it received (the parent headers of replies)
     * are written back unchanged, so clients still match replies to their requests. Delete when rapaio's
     * {@code Header} uses a kernel session.
     */
    static final class OneKernelSession implements JsonSerializer<Header<?>>, JsonDeserializer<Header<?>> {
        static final String SESSION = UUID.randomUUID().toString();
        private static final int REMEMBERED = 4096;
        private final Set<String> received = Collections.synchronizedSet(Collections.newSetFromMap(
                new LinkedHashMap<String, Boolean>() {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                        return size() > REMEMBERED;
                    }
                }));

        /** Replaces rapaio's Gson by one with this header adapter, before any message is read or written. */
        static void install() throws ReflectiveOperationException {
            Field gsonField = Transform.class.getDeclaredField("gson");
            gsonField.setAccessible(true);
            Gson gson = ((Gson) gsonField.get(null)).newBuilder()
                    .registerTypeAdapter(Header.class, new OneKernelSession()).create();
            Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
            // a static final field: set through Unsafe, before Transform's methods have run (nothing has inlined it)
            unsafe.putObject(unsafe.staticFieldBase(gsonField), unsafe.staticFieldOffset(gsonField), gson);
        }

        @Override
        public Header<?> deserialize(JsonElement json, java.lang.reflect.Type type, JsonDeserializationContext context) {
            Header<?> header = HeaderAdapter.INSTANCE.deserialize(json, type, context);
            received.add(header.id());
            return header;
        }

        @Override
        public JsonElement serialize(Header<?> header, java.lang.reflect.Type type, JsonSerializationContext context) {
            JsonElement json = HeaderAdapter.INSTANCE.serialize(header, type, context);
            if (!received.contains(header.id())) {
                json.getAsJsonObject().addProperty("session", SESSION);
            }
            return json;
        }
    }

    /**
     * Workaround: rapaio 3.0.1 {@code core/RapaioKernel.java}, {@code handleHistoryRequest} only logs
     * "ShellHistoryRequest not implemented.": no {@code history_reply} and no {@code busy}/{@code idle} status on
     * iopub, where the protocol has the kernel answer every shell request and publish {@code busy} before and
     * {@code idle} after it. JupyterLab 4 takes the kernel's status only from status messages whose parent is not one of
     * the server's {@code untracked_message_types} ({@code kernel_info_request}, {@code comm_info_request}, ...:
     * {@code @jupyterlab/services} {@code KernelConnection._handleMessage}). The first request it sends after
     * connecting that counts is the notebook's {@code history_request}; left unanswered, the kernel stayed "Unknown"
     * until a cell ran, and the notebook's Run All waited on it (classic Notebook 6 takes any status). This handler
     * answers it as the protocol says: busy, a {@code history_reply} with status ok and no entries (rapaio keeps no
     * history), idle. Delete when rapaio answers {@code history_request}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void answerHistoryRequests(Channels channels) {
        try {
            Map<Object, MessageHandler> handlers = (Map<Object, MessageHandler>) field(Channels.class, "handlers")
                    .get(channels);
            handlers.put(MessageType.SHELL_HISTORY_REQUEST, (MessageHandler) message -> {
                channels.busyThenIdle();
                channels.reply(new HistoryReply());
            });
        } catch (ReflectiveOperationException | ClassCastException | UnsupportedOperationException e) {
            System.err.println("[dlnotes] cannot answer history_request (" + e + "); JupyterLab will show the kernel"
                    + " as Unknown until a cell runs");
        }
    }

    /** The content of a {@code history_reply}: status ok, no history entries. */
    static final class HistoryReply implements ContentType<HistoryReply> {
        static final MessageType<HistoryReply> TYPE = new MessageType<>("history_reply", HistoryReply.class);
        final String status = "ok";
        final List<Object> history = List.of();

        @Override
        public MessageType<HistoryReply> type() {
            return TYPE;
        }
    }

    /**
     * Workaround: a shell thread that dies (rapaio 3.0.1 {@code channels/LoopThread.java} lets an exception end it)
     * leaves a kernel that never answers; exiting lets Jupyter restart it.
     */
    private static void exitWhenTheShellLoopDies() {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            error.printStackTrace();
            if (thread.getName().startsWith("Shell")) {
                System.err.println("[dlnotes] the kernel's shell loop died; exiting so that Jupyter restarts the"
                        + " kernel (see environment/KernelLauncher.java).");
                Runtime.getRuntime().halt(SHELL_DIED);
            }
        });
    }

    /**
     * Workaround: rapaio 3.0.1 {@code channels/Channels.java}, {@code connect} starts the shell loop before it creates
     * the handler map, so an early {@code kernel_info_request} killed the shell thread (see the class comment). A
     * stand-in map waits until {@code connect} has returned. Delete when {@code connect} creates the map first.
     */
    private static void closeTheStartUpRace(Channels channels) throws IllegalAccessException {
        try {
            Field handlers = Channels.class.getDeclaredField("handlers");
            handlers.setAccessible(true);
            handlers.set(channels, new AwaitHandlers(channels, handlers));
        } catch (NoSuchFieldException e) {
            System.err.println("[dlnotes] rapaio Channels has no 'handlers' field; starting without the race fix");
        }
    }

    /**
     * Workaround: rapaio 3.0.1 {@code channels/ControlChannel.java} answers {@code interrupt_request} by shutting the
     * cell's executor down, after which cells run without output; the kernelspec asks for {@code interrupt_mode:
     * signal} and this handles SIGINT instead. Delete when rapaio's interrupt leaves the kernel usable.
     */
    private static void interruptCellsOnSigint() {
        if (Signal.handle(new Signal("INT"), signal -> interruptCells()) == SignalHandler.SIG_IGN) {
            System.err.println("[dlnotes] this kernel was started with SIGINT ignored (e.g. from a background job of a"
                    + " shell script), so Kernel -> Interrupt cannot reach its cells; start Jupyter from a terminal"
                    + " or from a process that does not ignore SIGINT.");
        }
    }

    /**
     * Workaround: rapaio 3.0.1 {@code channels/ShellChannel.java} and {@code AbstractChannel.java}: a request read
     * while {@code connect} swaps in its fresh handler map was dropped, and a bad message killed the loop. Holding the
     * shell channel's lock (which rapaio's reader takes) during {@code connect}, then replacing the loop's body with
     * {@link ShellLoop}, closes both. Delete with {@link #closeTheStartUpRace} and {@link Requests}.
     */
    private static ShellLoop connectWithoutDroppingEarlyRequests(Channels channels) throws Exception {
        synchronized (shellChannel(channels)) {
            channels.connect(MainApp.kernel);
            return ShellLoop.stopRapaios(channels);
        }
    }

    /**
     * Last resort for a shell loop that never handles a request (rapaio 3.0.1 {@code channels/LoopThread.java} ends
     * quietly, cause unknown): after {@value #SHELL_SILENT_SECONDS} s without one, print the channel threads and exit
     * so that Jupyter starts a fresh kernel. Delete with {@link #keepShellLoopAlive} once the loop cannot end quietly.
     */
    private static void exitIfTheShellStaysSilent(CountDownLatch shellAnswering) {
        Thread watchdog = new Thread(() -> {
            try {
                if (!shellAnswering.await(SHELL_SILENT_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("[dlnotes] the kernel's shell loop handled no request in " + SHELL_SILENT_SECONDS
                            + " s; exiting so that Jupyter starts a fresh kernel (see environment/KernelLauncher.java).");
                    printChannelThreads();
                    Runtime.getRuntime().halt(SHELL_SILENT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dlnotes-shell-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Halts this JVM once the process that started it has exited. Jupyter's server and the notebook runner shut their
     * kernels down, but not when they are killed (SIGKILL, an out-of-memory kill, a crash): the kernel then lived on
     * as an orphan, holding its memory and ports, with nobody left to talk to it. For a process that is not its
     * parent the JVM polls, every 0.3 s at first and every 5 s after some minutes.
     */
    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println("[dlnotes] the process that started this kernel (pid " + parent.pid()
                    + ") has exited; the kernel exits too.");
            Runtime.getRuntime().halt(PARENT_GONE);
        }));
    }

    /**
     * Runs the shell loop, as {@code Channels.joinUntilClose} waits for it; should it end while the kernel
     * is not shutting down, starts it again on a new thread with the same loop body. rapaio's {@code LoopThread} ends
     * without a trace once its {@code running} flag drops (an interrupt during its sleep, or a shutdown). At start-up
     * the shell loop ended that way in 2 of 25 starts of a start-only loop and in 9 of the notebook suite's 40 (what
     * ends it is not known): the kernel had bound its sockets but never answered, and the watchdog above restarted
     * it 20 s later. With this, 50 of 50 starts answered within 2.6 s.
     *
     * <p>With {@code shellLoop} (rapaio's loop stopped by {@link ShellLoop#stopRapaios}), the loop runs its body
     * instead of rapaio's, on a thread of the same name, once rapaio's has finished the request it may be handling.
     */
    private static void keepShellLoopAlive(Channels channels, ShellLoop shellLoop)
            throws ReflectiveOperationException, InterruptedException {
        Object shell = field(Channels.class, "shell").get(channels);
        Field loopThread = field(shell.getClass(), "loopThread");
        Field body = field(LoopThread.class, "loopBody");
        Field sleep = field(LoopThread.class, "sleep");
        if (shellLoop != null) {
            LoopThread rapaios = (LoopThread) loopThread.get(shell);
            rapaios.join();
            LoopThread ours = new LoopThread(rapaios.getName(), sleep.getLong(rapaios), shellLoop);
            loopThread.set(shell, ours);
            if (!channels.isMarkedForShutdown()) {
                ours.start();
            }
        }
        while (true) {
            LoopThread loop = (LoopThread) loopThread.get(shell);
            loop.join();
            if (channels.isMarkedForShutdown()) {
                return;
            }
            System.err.println("[dlnotes] rapaio's shell loop thread " + loop.getName() + " ended while the kernel"
                    + " runs; starting it again");
            LoopThread again = new LoopThread(loop.getName(), sleep.getLong(loop), (Runnable) body.get(loop));
            loopThread.set(shell, again);
            again.start();
        }
    }

    /** The shell channel, whose lock rapaio's {@code readMessage} takes; a private lock if the field is not there. */
    private static Object shellChannel(Channels channels) {
        try {
            return field(Channels.class, "shell").get(channels);
        } catch (ReflectiveOperationException e) {
            return new Object();
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /** The stacks of the kernel's channel threads, for the kernel log of a kernel that is about to exit stuck. */
    private static void printChannelThreads() {
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().matches("(?i)(shell|control|iopub|heartbeat|stdin|iothread|reaper|dlnotes).*")) {
                System.err.println("[dlnotes] thread \"" + thread.getName() + "\" " + thread.getState());
                for (StackTraceElement frame : stack) {
                    System.err.println("[dlnotes]     at " + frame);
                }
            }
        });
    }

    /** Interrupts every running cell; stops those that still run after the grace period. A cell that is still being
     *  compiled has no thread in its snippet yet: the interrupt waits for it while the shell handles the request. */
    static void interruptCells() {
        Thread interrupt = new Thread(() -> {
            try {
                Map<Thread, String> cells = runningCells();
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (cells.isEmpty() && executing() && System.nanoTime() < giveUp) {
                    Thread.sleep(20);
                    cells = runningCells();
                }
                cells.keySet().forEach(Thread::interrupt);
                if (cells.isEmpty()) {
                    return;
                }
                Thread.sleep(INTERRUPT_GRACE_SECONDS * 1000L);
                // the pool reuses threads: stop one only if it still runs the snippet it ran when interrupted
                Map<Thread, String> interrupted = cells;
                runningCells().forEach((thread, snippet) -> {
                    if (snippet.equals(interrupted.get(thread))) {
                        stop(thread);
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dlnotes-interrupt");
        interrupt.setDaemon(true);
        interrupt.start();
    }

    /** Whether the shell is handling an execute request (compiling or running a cell). */
    private static boolean executing() {
        return Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream).anyMatch(frame ->
                frame.getMethodName().equals("handleExecuteRequest")
                        && frame.getClassName().equals("org.rapaio.jupyter.kernel.core.RapaioKernel"));
    }

    @SuppressWarnings("removal")
    private static void stop(Thread cell) {
        System.err.println("[dlnotes] the cell did not stop " + INTERRUPT_GRACE_SECONDS + " s after the interrupt;"
                + " stopping its thread (objects it was changing may be left half-updated).");
        try {
            cell.stop();
        } catch (UnsupportedOperationException e) {  // Java 20+: Thread.stop is gone
            System.err.println("[dlnotes] this Java cannot stop a thread; use Kernel -> Restart.");
        }
    }

    /** rapaio's evaluation threads ({@code Engine-thread-N}) inside a snippet (JShell's package REPL), each with
     *  the snippet's class. */
    private static Map<Thread, String> runningCells() {
        Map<Thread, String> cells = new java.util.HashMap<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("Engine-thread-")) {
                Arrays.stream(stack).map(StackTraceElement::getClassName).filter(c -> c.startsWith("REPL."))
                        .reduce((first, second) -> second)   // the outermost snippet frame
                        .ifPresent(snippet -> cells.put(thread, snippet));
            }
        });
        return cells;
    }

    /** The control channel's loop: answers on the control socket and shares no state with the shell. */
    static final class ControlLoop implements Runnable {
        /** rapaio's control loop thread, stopped by {@link #takeOver}; its pending look-up gets no handler. */
        static volatile Thread replaced;
        private static final Logger LOG = Logger.getLogger("dlnotes-control");
        private final Channels channels;
        private final AbstractChannel control;
        private final AbstractChannel iopub;
        private final ZMQ.Poller poller;
        private final Requests requests;

        private ControlLoop(Channels channels, AbstractChannel control, AbstractChannel iopub, ZMQ.Poller poller,
                            Requests requests) {
            this.channels = channels;
            this.control = control;
            this.iopub = iopub;
            this.poller = poller;
            this.requests = requests;
        }

        /** Stops rapaio's control loop and starts this one; without the expected fields, leaves rapaio's running. */
        static void takeOver(Channels channels) {
            try {
                AbstractChannel control = (AbstractChannel) field(Channels.class, "control").get(channels);
                AbstractChannel iopub = (AbstractChannel) field(Channels.class, "iopub").get(channels);
                LoopThread loop = (LoopThread) field(control.getClass(), "loopThread").get(control);
                ZMQ.Context context = (ZMQ.Context) field(AbstractChannel.class, "ctx").get(control);
                ZMQ.Socket socket = (ZMQ.Socket) field(AbstractChannel.class, "socket").get(control);
                replaced = loop;
                loop.shutdown();
                loop.join(5000);
                ZMQ.Poller poller = context.poller(1);
                poller.register(socket, ZMQ.Poller.POLLIN);
                Thread thread = new Thread(new ControlLoop(channels, control, iopub, poller, Requests.of(control)),
                        "dlnotes-control");
                thread.setDaemon(true);
                thread.start();
            } catch (ReflectiveOperationException | ClassCastException e) {
                System.err.println("[dlnotes] cannot replace rapaio's control loop (" + e + "); keeping it");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                Message<?> request;
                try {
                    if (poller.poll(200) <= 0) {
                        continue;
                    }
                    if ((request = requests.read()) == null) {
                        return;  // the channel is closed
                    }
                } catch (RuntimeException e) {
                    if (requests.closed()) {
                        return;
                    }
                    LOG.warning("[dlnotes] control: dropped a message: " + e.getMessage());
                    continue;
                }
                try {
                    handle(request);
                } catch (RuntimeException e) {
                    LOG.severe("control request failed: " + e);
                }
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void handle(Message<?> request) throws RuntimeException {
            MessageType<?> type = request.header().type();
            LOG.info("Handling control message: " + type.name());
            iopub.sendMessage(new Message<>(request.getId(), MessageType.IOPUB_STATUS, IOPubStatus.BUSY));
            try {
                if (type == MessageType.SHELL_KERNEL_INFO_REQUEST) {
                    Method info = RapaioKernel.class.getDeclaredMethod("kernelInfo");
                    info.setAccessible(true);
                    Object reply = info.invoke(MainApp.kernel);
                    control.sendMessage(new Message(request.getId(), MessageType.SHELL_KERNEL_INFO_REPLY, reply));
                } else if (type == MessageType.CONTROL_INTERRUPT_REQUEST) {
                    interruptCells();
                    control.sendMessage(new Message<>(request.getId(), MessageType.CONTROL_INTERRUPT_REPLY,
                            new ControlInterruptReply()));
                } else if (type == MessageType.CONTROL_SHUTDOWN_REQUEST) {
                    boolean restart = ((ControlShutdownRequest) request.content()).restart();
                    control.sendMessage(new Message<>(request.getId(), MessageType.CONTROL_SHUTDOWN_REPLY,
                            restart ? ControlShutdownReply.SHUTDOWN_AND_RESTART : ControlShutdownReply.SHUTDOWN));
                    MainApp.kernel.onShutdown();
                    channels.close();
                    System.exit(0);
                } else {
                    LOG.warning("Unhandled control message: " + type.name());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            } finally {
                iopub.sendMessage(new Message<>(request.getId(), MessageType.IOPUB_STATUS, IOPubStatus.IDLE));
            }
        }
    }

    /**
     * Reads requests from a channel's socket, each as one whole multipart message, and checks them before anything
     * acts on them: a {@code <IDS|MSG>} delimiter followed by the signature and the four parts, the HMAC-SHA256
     * signature over those parts (compared in constant time), JSON that parses into a header with a message type.
     * A bad message is refused with an {@link IllegalArgumentException} that says why; its frames are all consumed,
     * so the next message is read from its start. Otherwise the message is built as rapaio's {@code readMessage}
     * builds it.
     */
    static final class Requests {
        private final AbstractChannel channel;
        private final ZMQ.Socket socket;
        private final HMACDigest hmac;
        private final Field closed;

        private Requests(AbstractChannel channel, ZMQ.Socket socket, HMACDigest hmac, Field closed) {
            this.channel = channel;
            this.socket = socket;
            this.hmac = hmac;
            this.closed = closed;
        }

        static Requests of(AbstractChannel channel) throws ReflectiveOperationException {
            return new Requests(channel, (ZMQ.Socket) field(AbstractChannel.class, "socket").get(channel),
                    (HMACDigest) field(AbstractChannel.class, "hmacGenerator").get(channel),
                    field(AbstractChannel.class, "closed"));
        }

        /** Whether the channel has been closed (its socket with it). */
        boolean closed() {
            try {
                return closed.getBoolean(channel);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The next request, or null when the channel is closed; throws IllegalArgumentException for a bad one. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        Message<?> read() {
            List<byte[]> frames = new ArrayList<>();
            synchronized (channel) {  // rapaio's readMessage and sendMessage hold the channel's lock on its socket
                if (closed()) {
                    return null;
                }
                do {
                    byte[] frame = socket.recv();
                    if (frame == null) {
                        return null;
                    }
                    frames.add(frame);
                } while (socket.hasReceiveMore());
            }
            int delimiter = 0;
            while (delimiter < frames.size() && !Transform.equalsIdentityDelimiter(frames.get(delimiter))) {
                delimiter++;
            }
            if (delimiter == frames.size()) {
                throw new IllegalArgumentException("no <IDS|MSG> delimiter in its " + frames.size() + " frame(s)");
            }
            if (frames.size() < delimiter + 6) {
                throw new IllegalArgumentException((frames.size() - delimiter - 1) + " frame(s) after the delimiter,"
                        + " 5 needed (signature, header, parent header, metadata, content)");
            }
            byte[] signature = frames.get(delimiter + 1);
            byte[] header = frames.get(delimiter + 2);
            byte[] parent = frames.get(delimiter + 3);
            byte[] metadata = frames.get(delimiter + 4);
            byte[] content = frames.get(delimiter + 5);
            byte[] expected = hmac.computeSignature(header, parent, metadata, content)
                    .getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, signature)) {
                throw new IllegalArgumentException("wrong HMAC signature (not signed with this kernel's key)");
            }
            try {
                Header<?> parsed = Transform.fromJson(header, Header.class);
                if (parsed == null || parsed.type() == null) {
                    throw new IllegalArgumentException("a header without msg_type");
                }
                Object body = Transform.fromJson(content, parsed.type().contentType());
                if (body instanceof ErrorReply) {
                    parsed = new Header<>(parsed.id(), parsed.username(), parsed.sessionId(), parsed.timestamp(),
                            parsed.type().newError(), parsed.version());
                }
                return new Message(new ArrayList<>(frames.subList(0, delimiter)), parsed,
                        Transform.fromJsonNull(parent, Header.class), Transform.fromJsonMap(metadata), body,
                        new ArrayList<>(frames.subList(delimiter + 6, frames.size())));
            } catch (RuntimeException e) {  // Gson: JsonSyntaxException, IllegalStateException, ...
                throw new IllegalArgumentException(e instanceof IllegalArgumentException && e.getCause() == null
                        ? e.getMessage() : "malformed JSON (" + e + ")", e);
            }
        }
    }

    /**
     * The shell loop's body: what rapaio's {@code ShellChannel} loop does for each request, with the request read by
     * {@link Requests}, so that a bad message is dropped (and logged) instead of ending the loop's thread. Logs with
     * rapaio's logger and words, which the start-up watchdog listens for.
     */
    static final class ShellLoop implements Runnable {
        private static final Logger LOG = Logger.getLogger("ShellChannel");
        private static final String PREFIX = "[ShellChannel]: ";
        private final Channels channels;
        private final ZMQ.Poller poller;
        private final Requests requests;

        private ShellLoop(Channels channels, ZMQ.Poller poller, Requests requests) {
            this.channels = channels;
            this.poller = poller;
            this.requests = requests;
        }

        /**
         * Asks rapaio's shell loop to end after its current request (it may be waiting in {@link AwaitHandlers}) and
         * returns the loop to run instead; null, with rapaio's loop left running, if rapaio's fields are not there.
         */
        static ShellLoop stopRapaios(Channels channels) {
            try {
                AbstractChannel shell = (AbstractChannel) field(Channels.class, "shell").get(channels);
                LoopThread loop = (LoopThread) field(shell.getClass(), "loopThread").get(shell);
                ZMQ.Context context = (ZMQ.Context) field(AbstractChannel.class, "ctx").get(shell);
                ZMQ.Socket socket = (ZMQ.Socket) field(AbstractChannel.class, "socket").get(shell);
                field(LoopThread.class, "loopBody");  // keepShellLoopAlive needs these two: check them first
                field(LoopThread.class, "sleep");
                Requests requests = Requests.of(shell);
                ZMQ.Poller poller = context.poller(1);
                poller.register(socket, ZMQ.Poller.POLLIN);
                loop.shutdown();
                return new ShellLoop(channels, poller, requests);
            } catch (ReflectiveOperationException | ClassCastException e) {
                System.err.println("[dlnotes] cannot replace rapaio's shell loop (" + e + "); keeping it: a bad"
                        + " message on the shell port will end the kernel");
                return null;
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void run() {
            Message<?> message;
            try {
                if (poller.poll(0) <= 0 || (message = requests.read()) == null) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warning("[dlnotes] shell: dropped a message: " + e.getMessage());
                return;
            }
            MessageType<?> type = message.header().type();
            MessageHandler handler = channels.getHandler(type);
            if (handler == null) {
                LOG.severe(PREFIX + "Unhandled message: " + type.name());
                return;
            }
            LOG.info(PREFIX + "Handling message: " + type.name());
            channels.setMsgId(message.getId());
            try {
                handler.handle(message);
            } catch (Exception e) {
                LOG.severe(PREFIX + "Exception handling " + type.name() + ". " + e.getClass().getSimpleName() + ": "
                        + e.getLocalizedMessage());
            } finally {
                channels.runAfterActions();
            }
            if (channels.isMarkedForShutdown()) {
                LOG.info(PREFIX + "Shutting down connection marked for shutdown.");
                channels.close();
            }
        }
    }

    /** Counts down once the shell channel logs that it handled (or dropped) a request. */
    private static final class ShellActivity extends Handler {
        private final CountDownLatch latch;

        ShellActivity(CountDownLatch latch) {
            this.latch = latch;
        }

        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null && message.contains("Shell")
                    && (message.contains("Handling message") || message.contains("Unhandled message"))) {
                latch.countDown();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Stands in for the handler map until {@code connect} replaces it; a look-up waits for the real map. */
    static final class AwaitHandlers extends AbstractMap<Object, Object> {
        /** Counted down when {@code Channels.connect} has returned: its handler map is complete. */
        static final CountDownLatch CONNECTED = new CountDownLatch(1);
        static final long WAIT_SECONDS = 120;
        private final Channels channels;
        private final Field field;

        AwaitHandlers(Channels channels, Field field) {
            this.channels = channels;
            this.field = field;
        }

        @Override
        public Object get(Object key) {
            if (Thread.currentThread() == ControlLoop.replaced) {
                return null;  // rapaio's control loop, replaced by ControlLoop: leaves the request to it
            }
            try {
                // connect() first replaces this map with an empty one, then fills it: wait for it to return
                if (CONNECTED.await(WAIT_SECONDS, TimeUnit.SECONDS)
                        && field.get(channels) instanceof Map<?, ?> real && real != this) {
                    return real.get(key);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;  // rapaio logs it as unhandled, as without this class
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return Set.of();
        }
    }
}
