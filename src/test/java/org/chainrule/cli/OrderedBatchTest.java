package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrderedBatchTest {

    private static BufferedReader lines(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= n; i++) s.append(i % 7 == 0 ? "  " : "item" + i).append('\n');
        return new BufferedReader(new StringReader(s.toString()));
    }

    @Test
    void resultsComeInInputOrderWhateverOrderTheWorkFinishes() throws IOException {
        for (int workers : new int[] {1, 2, 4}) {
            List<String> got = new ArrayList<>();
            OrderedBatch.run(lines(60), workers, (line, no) -> {
                // later items finish first within each group of five
                sleep((5 - no % 5) * 2L);
                return no + ":" + line;
            }, got::add);
            List<String> want = new ArrayList<>();
            for (int i = 1; i <= 60; i++) if (i % 7 != 0) want.add(i + ":item" + i);
            assertEquals(want, got, workers + " workers");
        }
    }

    @Test
    void aFailureIsThrownAfterTheResultsBeforeIt() {
        for (int workers : new int[] {1, 3}) {
            List<Integer> got = new ArrayList<>();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> OrderedBatch.run(lines(40), workers, (line, no) -> {
                if (no == 12) throw new IllegalStateException("item 12");
                return no;
            }, got::add));
            assertEquals("item 12", e.getMessage());
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 8, 9, 10, 11), got, workers + " workers");
        }
    }

    @Test
    void aReadFailureIsThrownAsTheIOException() {
        Reader broken = new Reader() {
            private int calls;

            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                if (calls++ == 0) {
                    "a\nb\n".getChars(0, 4, buf, off);
                    return 4;
                }
                throw new IOException("disk gone");
            }

            @Override
            public void close() {}
        };
        List<String> got = new ArrayList<>();
        IOException e = assertThrows(IOException.class,
                () -> OrderedBatch.run(new BufferedReader(broken), 2, (line, no) -> line, got::add));
        assertEquals("disk gone", e.getMessage());
        assertEquals(List.of("a", "b"), got);
    }

    /** An autograder that writes a line and waits for its answer before writing the next gets it. */
    @Test
    void eachAnswerIsGivenBeforeTheNextLineIsSent() throws Exception {
        PipedOutputStream toBatch = new PipedOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(new PipedInputStream(toBatch), StandardCharsets.UTF_8));
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        Thread batch = new Thread(() -> {
            try {
                OrderedBatch.run(in, 2, (line, no) -> line.toUpperCase(), answers::add);
            } catch (IOException e) {
                answers.add("failed: " + e);
            }
        });
        batch.start();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String q : List.of("one", "two", "three")) {
                toBatch.write((q + "\n").getBytes(StandardCharsets.UTF_8));
                toBatch.flush();
                assertEquals(q.toUpperCase(), answers.poll(10, TimeUnit.SECONDS));
            }
            toBatch.close();
            batch.join();
        });
        assertEquals(0, answers.size());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
