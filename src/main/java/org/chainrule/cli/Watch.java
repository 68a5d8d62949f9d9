package org.chainrule.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.chainrule.cli.args.UsageException;

/**
 * {@code chainrule key --watch}, the latexmk -pvc habit: one JVM (and one engine with its Symja) stays warm
 * and rebuilds a sheet's key whenever the sheet is saved.
 *
 * <p>Each sheet's directory is watched with a {@link WatchService} and only events naming the sheet count
 * (editors that save by writing a temporary file and renaming it over the sheet produce a create, which
 * counts too). One save can produce several events, so events are coalesced until none has come for
 * {@link #QUIET_MILLIS}. Keys are written atomically ({@link AtomicOutput}), so a PDF viewer never reads
 * half a file; once a key without errors has been written, a rebuild with errors keeps it and only reports
 * the errors, as a compiler does. Before that (a sheet that starts out broken) the key is written with its
 * errors, as a normal {@code key} run writes it.
 */
final class Watch {

    /** Events closer together than this are one save. */
    static final long QUIET_MILLIS = 100;

    /** Keys one sheet (what a normal run does for it, without writing), and receives the verification report. */
    interface Builder {
        KeyCommand.Outcome build(Path sheet, Path target) throws IOException;

        /** After a build's messages: the report lines of this build, and of the latest build of every sheet. */
        default void reported(List<String> latest, List<String> all) throws IOException {}
    }

    /** One build as the log and the tests see it: whether the key file was written, and how many errors it had. */
    record Rebuild(Path sheet, Path target, boolean written, int errors, double seconds) {}

    /** Stops a watch loop from another thread (Ctrl-C, a test) and lets a test wait for rebuilds. */
    static final class Control {
        private final List<Rebuild> rebuilds = new ArrayList<>();
        private boolean stopped;
        private WatchService service;

        /** Ends the loop: now if it is waiting for a save, else after the build under way. */
        synchronized void stop() {
            stopped = true;
            closeService();
        }

        synchronized boolean stopped() {
            return stopped;
        }

        /** The first build after {@code after} earlier ones that satisfies {@code which}; fails after the timeout. */
        synchronized Rebuild await(int after, Predicate<Rebuild> which, long timeoutMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            for (int seen = after; ; ) {
                for (; seen < rebuilds.size(); seen++) if (which.test(rebuilds.get(seen))) return rebuilds.get(seen);
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) throw new AssertionError("no such rebuild within " + timeoutMillis + " ms; rebuilds: " + rebuilds);
                wait(left);
            }
        }

        synchronized int count() {
            return rebuilds.size();
        }

        private synchronized void attach(WatchService ws) {
            service = ws;
            if (stopped) closeService();
        }

        private synchronized void built(Rebuild r) {
            rebuilds.add(r);
            notifyAll();
        }

        private void closeService() {
            try {
                if (service != null) service.close(); // wakes the loop out of take()
            } catch (IOException ignored) {
                // stopping anyway
            }
        }
    }

    private final List<Path> sheets, targets;
    private final PrintWriter err;
    private final Builder builder;
    private final Control control;
    /** Per sheet: a key without errors has been written in this session, so a failing build keeps it. */
    private final boolean[] good;
    /** Each sheet's text at its last build: an editor's save can raise several events, one rebuild is enough. */
    private final byte[][] built;
    private final List<List<String>> reports = new ArrayList<>();

    Watch(List<Path> sheets, List<Path> targets, PrintWriter err, Builder builder, Control control) {
        this.sheets = List.copyOf(sheets);
        this.targets = List.copyOf(targets);
        this.err = err;
        this.builder = builder;
        this.control = control;
        this.good = new boolean[sheets.size()];
        this.built = new byte[sheets.size()][];
        for (int i = 0; i < sheets.size(); i++) reports.add(List.of());
    }

    /** Builds every key, then rebuilds on saves until stopped; {@code signals}: Ctrl-C stops it (exit 0). */
    int run(boolean signals) throws IOException {
        // the first Ctrl-C ends the session after the build under way; a second one does not wait for it
        Object previous = signals ? Interrupt.install(() -> {
            if (control.stopped()) System.exit(Exit.OK);
            control.stop();
        }) : null;
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            // directory → file name → sheets; registered before the first build so that no save is missed
            Map<WatchKey, Path> dirs = new HashMap<>();
            Map<Path, Map<String, List<Integer>>> names = new HashMap<>();
            for (int i = 0; i < sheets.size(); i++) {
                for (Path file : watched(sheets.get(i))) {
                    Path dir = file.getParent();
                    if (!names.containsKey(dir))
                        dirs.put(dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY), dir);
                    names.computeIfAbsent(dir, d -> new HashMap<>())
                            .computeIfAbsent(file.getFileName().toString(), n -> new ArrayList<>()).add(i);
                }
            }
            control.attach(ws);
            for (int i = 0; i < sheets.size() && !control.stopped(); i++) build(i, "built");
            err.println("watching " + (sheets.size() == 1 ? sheets.get(0) : sheets.size() + " sheets") + " (Ctrl-C to stop)");
            err.flush();
            while (!control.stopped()) {
                TreeSet<Integer> dirty = new TreeSet<>();
                collect(ws.take(), dirs, names, dirty);
                // the rest of the save: wait until the sheet's events pause
                long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
                for (long left; !dirty.isEmpty() && (left = quietUntil - System.nanoTime()) > 0; ) {
                    WatchKey more = ws.poll(left, TimeUnit.NANOSECONDS);
                    if (more == null) break;
                    if (collect(more, dirs, names, dirty))
                        quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
                }
                for (int i : dirty) if (!control.stopped()) build(i, "rebuilt");
                if (dirs.keySet().stream().noneMatch(WatchKey::isValid)) {
                    err.println("the sheets' directories are gone; stopped watching");
                    break;
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // stopped: Ctrl-C or the test's stop()
        } finally {
            if (signals) Interrupt.restore(previous);
            err.flush();
        }
        return Exit.OK;
    }

    /** The files whose saves count for a sheet: the sheet, and the file it links to when it is a symbolic link. */
    private static List<Path> watched(Path sheet) throws IOException {
        Path file = sheet.toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>(List.of(file));
        if (Files.isSymbolicLink(file)) out.add(file.toRealPath());
        return out;
    }

    /** Adds the sheets a key's events name to {@code dirty}; whether there were any. */
    private static boolean collect(WatchKey key, Map<WatchKey, Path> dirs, Map<Path, Map<String, List<Integer>>> names,
                                   TreeSet<Integer> dirty) {
        Map<String, List<Integer>> inDir = names.getOrDefault(dirs.get(key), Map.of());
        boolean any = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) { // events were lost: any sheet here may have changed
                inDir.values().forEach(dirty::addAll);
                any = true;
            } else if (event.context() instanceof Path name && inDir.containsKey(name.toString())) {
                dirty.addAll(inDir.get(name.toString()));
                any = true;
            }
        }
        key.reset();
        return any;
    }

    /** Builds sheet i, writes its key unless a good one should be kept, and logs one line. */
    private void build(int i, String verb) {
        Path sheet = sheets.get(i), target = targets.get(i);
        long start = System.nanoTime();
        byte[] text = null;
        try {
            text = Files.readAllBytes(sheet);
        } catch (IOException e) { // gone or mid-rename: the build below reports it
        }
        if (text != null && Arrays.equals(text, built[i])) return; // the same text as last time
        built[i] = text;
        KeyCommand.Outcome o;
        try {
            o = builder.build(sheet, target);
        } catch (UsageException e) { // the sheet is gone (deleted, or mid-rename): wait for the next save
            o = failed(sheet, target, e.getMessage());
        } catch (IOException e) {
            o = failed(sheet, target, sheet + ": " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) { // a bug must not end the session: report it, keep watching
            o = failed(sheet, target, sheet + ": internal error: " + e);
        }
        for (String m : o.messages()) err.println(m);
        boolean written = false;
        if (o.bytes() != null && (!o.failed() || !good[i])) {
            try {
                AtomicOutput.writeBytes(target.toString(), o.bytes());
                written = true;
                if (!o.failed()) good[i] = true;
            } catch (OutputException e) { // e.g. the directory was removed: say so, keep watching
                err.println(e.getMessage());
            } catch (IOException e) {
                err.println(target + ": cannot write: " + e.getMessage());
            }
        }
        if (o.bytes() != null) {
            reports.set(i, o.report());
            try {
                builder.reported(o.report(), reports.stream().flatMap(List::stream).toList());
            } catch (IOException e) {
                err.println("cannot write the report: " + e.getMessage());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String time = String.format(Locale.ROOT, "%.2f s", seconds);
        String errors = o.errors() == 1 ? "1 error" : o.errors() + " errors";
        String key = shown(target);
        err.println(written ? verb + " " + key + " in " + time + (o.failed() ? " with " + errors : "")
                : good[i] || Files.exists(target) ? "kept " + key + " (" + errors + " in " + sheet + ", " + time + ")"
                : "no key for " + sheet + " (" + errors + ", " + time + ")");
        err.flush();
        control.built(new Rebuild(sheet, target, written, o.errors(), seconds));
    }

    private static KeyCommand.Outcome failed(Path sheet, Path target, String message) {
        return new KeyCommand.Outcome(sheet, target, null, List.of(message), 1, List.of());
    }

    /**
     * Ctrl-C (SIGINT) stops the loop instead of ending the JVM, so the command returns and exits 0. jdk.unsupported's
     * sun.misc.Signal is the one way to catch it; reached by reflection, since javac warns about it without recourse.
     */
    private static final class Interrupt {
        static Object install(Runnable stop) {
            try {
                Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
                Object handler = Proxy.newProxyInstance(Watch.class.getClassLoader(), new Class<?>[] {handlerType},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "handle" -> {
                                stop.run();
                                yield null;
                            }
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "Ctrl-C ends the watch";
                        });
                return handle(handler);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // no SIGINT to catch here: the JVM's default handling ends the run
            }
        }

        static void restore(Object previous) {
            if (previous == null) return;
            try {
                handle(previous);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // the process is ending anyway
            }
        }

        private static Object handle(Object handler) throws ReflectiveOperationException {
            Class<?> signal = Class.forName("sun.misc.Signal"), handlerType = Class.forName("sun.misc.SignalHandler");
            Object interrupt = signal.getConstructor(String.class).newInstance("INT");
            return signal.getMethod("handle", signal, handlerType).invoke(null, interrupt, handler);
        }
    }

    /** A path as the user would write it: relative to the working directory when it is under it. */
    static String shown(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : p.toString();
    }
}
