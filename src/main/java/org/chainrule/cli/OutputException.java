package org.chainrule.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * An output that cannot be written where the command line says: its directory is missing or is a file,
 * it names a directory, or the file system refuses (no permission, read-only, full). The message names
 * the file as the user gave it and says why. It is the user's to fix, so it is a usage error (exit 2),
 * never an internal one; an I/O exception thrown by the content being written is not one of these.
 */
public final class OutputException extends IOException {

    OutputException(String target, String why) {
        super("cannot write " + target + ": " + why);
    }

    OutputException(String target, String why, IOException cause) {
        super("cannot write " + target + ": " + why, cause);
    }

    /** What the operating system said, in words: the JDK leaves the reason out for the commonest errors. */
    static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such file or directory";
            case NotDirectoryException n -> "not a directory";
            case FileSystemException f when f.getReason() != null -> f.getReason().toLowerCase(Locale.ROOT);
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
