package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

    @TempDir
    Path dir;

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFile() throws IOException {
        Path target = dir.resolve("key.tex");
        AtomicOutput.writeString(target.toString(), "\\documentclass{article}\n∂L/∂w\n");
        assertEquals("\\documentclass{article}\n∂L/∂w\n", Files.readString(target));
        assertEquals(List.of("key.tex"), entries());
    }

    @Test
    void replacesAnExistingFileAndKeepsItsPermissions() throws IOException {
        Path target = dir.resolve("key.pdf");
        Files.writeString(target, "old content that is longer than the new one");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        AtomicOutput.writeBytes(target.toString(), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of("key.pdf"), entries());
    }

    @Test
    void aNewFileGetsTheUsualPermissionsNotThoseOfATempFile() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference"));
        Path target = dir.resolve("out.txt");
        AtomicOutput.writeString(target, "x");
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
    }

    @Test
    void aFailingWriterLeavesNoFileAndNoTempFile() {
        Path target = dir.resolve("key.pdf");
        IOException thrown = assertThrows(IOException.class, () -> AtomicOutput.write(target, out -> {
            out.write("half a PDF".getBytes(StandardCharsets.UTF_8));
            throw new IOException("renderer failed");
        }));
        assertEquals("renderer failed", thrown.getMessage());
        assertFalse(Files.exists(target));
        assertDoesNotThrowIO(() -> assertEquals(List.of(), entries()));
    }

    @Test
    void aFailingWriterLeavesTheOldFileUntouched() throws IOException {
        Path target = dir.resolve("key.tex");
        Files.writeString(target, "previous key");
        RuntimeException thrown = assertThrows(IllegalStateException.class,
                () -> AtomicOutput.write(target.toString(), out -> {
                    out.write("new".getBytes(StandardCharsets.UTF_8));
                    throw new IllegalStateException("bug in the renderer");
                }));
        assertEquals("bug in the renderer", thrown.getMessage());
        assertEquals("previous key", Files.readString(target));
        assertEquals(List.of("key.tex"), entries());
    }

    @Test
    void anErrorInTheWriterAlsoCleansUp() throws IOException {
        Path target = dir.resolve("deep.tex");
        assertThrows(StackOverflowError.class, () -> AtomicOutput.write(target, out -> {
            throw new StackOverflowError();
        }));
        assertEquals(List.of(), entries());
    }

    @Test
    void aWriterMayCloseTheStream() throws IOException {
        Path target = dir.resolve("closed.txt");
        AtomicOutput.write(target, out -> {
            try (out) {
                out.write('a');
            }
        });
        assertEquals("a", Files.readString(target));
    }

    @Test
    void aMissingDirectoryIsReportedAndNothingIsCreated() throws IOException {
        Path target = dir.resolve("no/such/dir/key.pdf");
        OutputException e = assertThrows(OutputException.class, () -> AtomicOutput.writeString(target.toString(), "x"));
        assertEquals("cannot write " + target + ": the directory " + target.getParent() + " does not exist", e.getMessage());
        assertEquals(List.of(), entries());
    }

    @Test
    void aDirectoryIsNeverReplaced() throws IOException {
        Path target = Files.createDirectory(dir.resolve("out"));
        IOException e = assertThrows(IOException.class, () -> AtomicOutput.writeString(target.toString(), "x"));
        assertTrue(e.getMessage().endsWith("is a directory"), e.getMessage());
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of("out"), entries());
    }

    @Test
    void writingThroughASymlinkReplacesTheFileItPointsTo() throws IOException {
        Path real = dir.resolve("real.txt");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real.getFileName());
        AtomicOutput.writeString(link.toString(), "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
        assertEquals(List.of("link.txt", "real.txt"), entries());
    }

    @Test
    void dashMeansStandardOutput() throws IOException {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream replacement = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(replacement);
        try {
            AtomicOutput.writeString("-", "to stdout\n");
            AtomicOutput.write("-", out -> out.close()); // must not close System.out
            assertSame(replacement, System.out);
            assertFalse(replacement.checkError());
        } finally {
            System.setOut(saved);
        }
        assertEquals("to stdout\n", captured.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), entries());
    }

    private interface IORunnable {
        void run() throws IOException;
    }

    private static void assertDoesNotThrowIO(IORunnable r) {
        try {
            r.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
