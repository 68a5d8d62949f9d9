package org.chainrule.cli;

import java.io.FilterOutputStream;
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
 *
 * <p>A target that is a symbolic link keeps the link: the file it points to is replaced. The target's
 * directory must exist; only a directory that an output option names as such ({@code -o DIR}) is made,
 * by {@link #createDirectory}. Whatever keeps the file from being written is an {@link OutputException}.
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

    /**
     * Writes what {@code content} produces to the file {@code target}, atomically. A failure of the file
     * system (the directory, the temporary file, the rename) is an {@link OutputException}; whatever the
     * content throws passes through as it is. Either way the temporary file is deleted.
     */
    public static void write(Path target, Content content) throws IOException {
        Path file = check(target);
        Path tmp = createTemp(target, file);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new NonClosing(Channels.newOutputStream(channel), target);
                content.writeTo(out);
                out.flush();
                try {
                    channel.force(true);
                } catch (IOException e) {
                    throw new OutputException(target.toString(), OutputException.reason(e), e);
                }
            }
            try {
                copyPermissions(file, tmp);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new OutputException(target.toString(), OutputException.reason(e), e);
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
     * The file that writing {@code target} replaces, once it is known that it can be written there: its
     * directory exists, and it is not a directory itself. A symbolic link is followed (to its target, even
     * one that does not exist yet), so the link stays and the file it points to is replaced. Commands call
     * this before their work, so that a wrong {@code -o} costs nothing; {@link #write} calls it again.
     */
    public static Path check(Path target) throws OutputException {
        Path file = target;
        for (int hops = 0; Files.isSymbolicLink(file); hops++) {
            if (hops == 40) throw new OutputException(target.toString(), "too many levels of symbolic links");
            try {
                file = file.toAbsolutePath().resolveSibling(Files.readSymbolicLink(file)); // an absolute link stays as it is
            } catch (IOException e) {
                throw new OutputException(target.toString(), OutputException.reason(e), e);
            }
        }
        if (Files.isDirectory(file)) throw new OutputException(target.toString(), "it is a directory");
        Path dir = file.getParent() != null ? file.getParent() : file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) throw new OutputException(target.toString(), missing(dir));
        return file;
    }

    /**
     * Checks a directory that an output option names ({@code -o DIR}): it exists, or its parent does and
     * {@link #createDirectory} will make it. Only the named directory is ever made, never its parents: a
     * mistyped path is an error, not a new tree.
     */
    public static void checkDirectory(Path dir) throws OutputException {
        if (Files.isDirectory(dir)) return;
        if (Files.exists(dir)) throw new OutputException(dir.toString(), "it is a file, not a directory");
        Path parent = dir.toAbsolutePath().normalize().getParent();
        if (parent != null && !Files.isDirectory(parent))
            throw new OutputException(dir.toString(), missing(dir.getParent() != null ? dir.getParent() : parent));
    }

    /** Makes the directory an output option names, if it does not exist yet (its parent must). */
    public static void createDirectory(Path dir) throws OutputException {
        checkDirectory(dir);
        if (Files.isDirectory(dir)) return;
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) throw new OutputException(dir.toString(), "it is a file, not a directory", e);
        } catch (IOException e) {
            throw new OutputException(dir.toString(), "cannot create the directory: " + OutputException.reason(e), e);
        }
    }

    /** Why {@code dir} cannot hold a file: it is missing, or it or a parent is a file. */
    private static String missing(Path dir) {
        for (Path up = dir; up != null; up = up.getParent())
            if (Files.exists(up)) return Files.isDirectory(up) ? "the directory " + dir + " does not exist"
                    : up + " is a file, not a directory";
        return "the directory " + dir + " does not exist";
    }

    /**
     * A new, empty file next to the target. Created with the process's default permissions (umask), unlike
     * {@link Files#createTempFile}, which makes it private.
     */
    private static Path createTemp(Path target, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            Path tmp = dir.resolve("." + file.getFileName() + "." + random + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw new OutputException(target.toString(), "no free temporary name in " + dir, e);
            } catch (IOException e) {
                throw new OutputException(target.toString(), "cannot create a file in " + dir + ": " + OutputException.reason(e), e);
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

    /**
     * Lets content writers close their stream without closing the file channel or standard output. With a
     * target, a failure of the stream underneath (the disk is full) becomes an {@link OutputException}.
     */
    private static final class NonClosing extends FilterOutputStream {
        private final Path target;

        NonClosing(OutputStream out) {
            this(out, null);
        }

        NonClosing(OutputStream out, Path target) {
            super(out);
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw translated(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw translated(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw translated(e);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private IOException translated(IOException e) {
            return target == null ? e : new OutputException(target.toString(), OutputException.reason(e), e);
        }
    }
}
