package org.chainrule.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a line-per-item batch on several worker threads and hands the results to the sink in input
 * order, each as soon as it and every earlier one are done. A reader thread feeds the workers, so a
 * caller that writes one line and waits for its answer (an autograder on a pipe) gets it without
 * sending the next. At most {@code 2 × workers} items are in flight, so memory stays bounded on a
 * long file. With one worker the items run one after another, as a plain loop would.
 */
final class OrderedBatch {

    /** The work for one non-blank line, numbered from 1 in the input. */
    interface Work<R> {
        R run(String line, int lineNo);
    }

    private OrderedBatch() {}

    /** Worker threads for this machine: one per core, at most four (the CAS check is one shared thread). */
    static int workers() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Runs {@code work} on every non-blank line of {@code in} and gives each result to {@code sink}, in
     * order. An exception thrown by the work or by reading is thrown here, after the results before it
     * were given to the sink (as a sequential loop would behave).
     */
    static <R> void run(BufferedReader in, int workers, Work<R> work, Consumer<R> sink) throws IOException {
        if (workers <= 1) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) sink.accept(work.run(line, lineNo));
            }
            return;
        }
        AtomicInteger n = new AtomicInteger();
        // Same stack as the thread that would have run the loop (the launcher's -Xss), named for dumps.
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(null, r, "batch-" + n.incrementAndGet(), 8L << 20);
            t.setDaemon(true);
            return t;
        });
        // Futures in input order; `end` comes last, completed exceptionally when reading failed.
        BlockingQueue<CompletableFuture<R>> queue = new ArrayBlockingQueue<>(2 * workers);
        CompletableFuture<R> end = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                int lineNo = 0;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    String l = line;
                    int k = lineNo;
                    queue.put(CompletableFuture.supplyAsync(() -> work.run(l, k), pool));
                }
                end.complete(null);
            } catch (IOException e) {
                end.completeExceptionally(new UncheckedIOException(e));
            } catch (InterruptedException e) {
                end.complete(null);
            } catch (RuntimeException e) {
                end.completeExceptionally(e);
            }
            try {
                queue.put(end);
            } catch (InterruptedException ignored) {
                // the consumer has stopped: nobody waits for the end
            }
        }, "batch-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                CompletableFuture<R> next = queue.take();
                if (next == end) {
                    result(end);
                    return;
                }
                sink.accept(result(next));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            reader.interrupt();
            pool.shutdownNow();
        }
    }

    /** The result, or what the work threw, thrown here as if the work had run on this thread. */
    private static <R> R result(CompletableFuture<R> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
