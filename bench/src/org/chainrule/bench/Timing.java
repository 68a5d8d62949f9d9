package org.chainrule.bench;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small timing helpers shared by the benchmark mains: nanosecond clocks, medians, a time limit. */
final class Timing {
    private Timing() {}

    /** A timed result: the value and the wall time in nanoseconds. */
    record Timed<T>(T value, long nanos) {}

    static <T> Timed<T> time(Callable<T> work) throws Exception {
        long t0 = System.nanoTime();
        T v = work.call();
        return new Timed<>(v, System.nanoTime() - t0);
    }

    static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static long min(long[] xs) {
        return Arrays.stream(xs).min().orElse(0);
    }

    /** Milliseconds with a precision that suits the magnitude: 0.042, 1.73, 12.4, 1234. */
    static String ms(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 1) return String.format("%.3f", ms);
        if (ms < 10) return String.format("%.2f", ms);
        if (ms < 100) return String.format("%.1f", ms);
        return String.format("%.0f", ms);
    }

    /**
     * Runs {@code work} on a daemon thread and waits at most {@code limitMillis}; null on time-out. A
     * timed-out computation keeps running on its daemon thread (Java cannot stop it); the caller stops
     * growing the problem and the JVM exits at the end regardless.
     */
    static <T> Timed<T> timeLimited(Callable<T> work, long limitMillis) throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "bench-work", 512L * 1024 * 1024);
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Timed<T>> f = ex.submit(() -> time(work));
            try {
                return f.get(limitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                return null;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception c) throw c;
                throw e;
            }
        } finally {
            ex.shutdown();
        }
    }
}
