package org.chainrule.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an output file all at once or not at all: a reader never sees half a PDF, and a failed run
 * leaves the previous file as it was. The content goes to a temporary file in the target's directory
 * ({@code .name.<random>.tmp}), is forced to disk, and then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}. On any failure the temporary file is deleted.
 *
 * <p>The target {@code -} means standard output; there the bytes are written as they come.
 */
public final class AtomicOutput {

    /** Produces the content; may throw, in which case nothing is written. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The name that means standard output. */
    public static final String STDOUT = "-";

    private AtomicOutput() {}

    /** Writes {@code text} as UTF-8 to {@code target} (a path, or {@code -} for standard output). */
    public static void writeString(String target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(String target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes what {@code content} produces to {@code target} (a path, or {@code -} for standard output). */
    public static void write(String target, Content content) throws IOException {
        if (STDOUT.equals(target)) {
            PrintStream stdout = System.out;
            content.writeTo(new NonClosing(stdout));
            stdout.flush();
            if (stdout.checkError()) throw new IOException("cannot write to standard output");
            return;
        }
        write(Path.of(target), content);
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes what {@code content} produces to the file {@code target}, atomically. */
    public static void write(Path target, Content content) throws IOException {
        Path file = Files.isSymbolicLink(target) ? target.toRealPath() : target; // replace the link's file, not the link
        if (Files.isDirectory(file)) throw new IOException(target + ": is a directory");
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = createTemp(dir, file.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(new NonClosing(out));
                out.flush();
                channel.force(true);
            }
            copyPermissions(file, tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * A new, empty file next to the target. Created with the process's default permissions (umask), unlike
     * {@link Files#createTempFile}, which makes it private.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(String.valueOf(dir), null, "no such directory");
        }
        for (int attempt = 0; ; attempt++) {
            String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            Path tmp = dir.resolve("." + name + "." + random + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    /** An existing target keeps its permissions when it is replaced. */
    private static void copyPermissions(Path from, Path to) throws IOException {
        if (!Files.exists(from)) return;
        PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView dest = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (source != null && dest != null) dest.setPermissions(source.readAttributes().permissions());
    }

    /** Lets content writers close their stream without closing the file channel or standard output. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
