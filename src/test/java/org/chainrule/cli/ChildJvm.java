package org.chainrule.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * chainrule as a separate process: {@link Main#main} in a fresh JVM with the test's class path, in a
 * working directory of the test's choosing, with the launcher's JVM options and standard input from
 * /dev/null. For what an in-process run cannot show: the real working directory, the environment (PATH),
 * two runs at once. Not through {@code ./chainrule}, which would build a jar in the middle of a test run.
 */
record ChildJvm(Path cwd, Map<String, String> env, List<String> jvmOptions) {

    /** Blocking reads and waits, one virtual thread each (the common pool may have a single thread). */
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    record Run(int exitCode, String out, String err) {}

    static ChildJvm in(Path cwd) {
        return new ChildJvm(cwd, Map.of(), List.of());
    }

    /** Also sets these environment variables. */
    ChildJvm withEnv(Map<String, String> env) {
        return new ChildJvm(cwd, env, jvmOptions);
    }

    /** Also passes these options to the JVM (before the class name). */
    ChildJvm withJvmOptions(String... options) {
        return new ChildJvm(cwd, env, List.of(options));
    }

    /** Starts chainrule with {@code args}; the run is complete when the future is. */
    CompletableFuture<Run> start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m",
                "-Dorg.apache.commons.logging.LogFactory=org.apache.commons.logging.impl.LogFactoryImpl",
                "-Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.NoOpLog", "-Dchainrule.stdin.tty=false"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = read(p.getInputStream()), err = read(p.getErrorStream());
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("chainrule " + String.join(" ", args) + " did not finish in 120 s");
                }
                return new Run(p.exitValue(), out.join(), err.join());
            } catch (InterruptedException e) {
                p.destroyForcibly();
                throw new IllegalStateException(e);
            }
        }, THREADS);
    }

    /** Runs chainrule with {@code args} and waits for it. */
    Run run(String... args) throws IOException {
        return start(args).join();
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, THREADS);
    }

    /** The test's own class path (surefire's, when it runs the tests), without surefire's jars. */
    private static String classPath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator))
            if (!e.isEmpty() && !e.contains("surefire")) cp.add(Path.of(e).toAbsolutePath().toString());
        return String.join(File.pathSeparator, cp);
    }
}
