package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which start-up cache a run uses, as the training makes them and as the launcher picks them. */
class AotTrainingTest {

    private static String cache(String... args) {
        return AotTraining.cacheName(args);
    }

    @Test
    void aDeriveThatWritesJsonABatchOrAFileHasACacheOfItsOwn() {
        assertEquals("derive", cache("derive", "\\sigma(w x)", "--wrt", "w"));
        assertEquals("derive", cache("--debug", "derive", "x", "--wrt=x", "--no-cas", "--at", "x = 1"));
        assertEquals("derive-files", cache("derive", "x", "--wrt", "x", "--format", "json"));
        assertEquals("derive-files", cache("derive", "x", "--wrt", "x", "--format=tex"));
        assertEquals("derive-files", cache("derive", "--jsonl", "problems.jsonl"));
        assertEquals("derive-files", cache("derive", "x", "--wrt", "x", "-o", "x.pdf"));
        assertEquals("derive-files", cache("derive", "x", "--wrt", "x", "--output=x.tex"));
        // other commands: their own cache, whatever their options
        assertEquals("pdf", cache("pdf", "x", "-o", "x.pdf"));
        assertEquals("key", cache("key", "sheet.tex", "--format", "json"));
    }

    /** The launcher's list of those options, from its case pattern before "command=derive-files". */
    private static Set<String> launcherPatterns() throws IOException {
        Path launcher = Path.of("chainrule");
        assertTrue(Files.isRegularFile(launcher), "run from the project's root: " + launcher.toAbsolutePath());
        for (String line : Files.readAllLines(launcher)) {
            int at = line.indexOf(") command=derive-files");
            if (at < 0) continue;
            Set<String> out = new HashSet<>();
            for (String p : line.substring(0, at).split("\\|")) out.add(p.strip());
            return out;
        }
        throw new AssertionError("the launcher has no case line setting command=derive-files");
    }

    @Test
    void theLauncherPicksTheCacheByTheSameOptions() throws IOException {
        Set<String> want = new HashSet<>();
        for (String o : AotTraining.FILE_OPTIONS) {
            want.add(o);
            if (o.startsWith("--")) want.add(o + "=*");
        }
        assertEquals(want, launcherPatterns());
    }

    @Test
    void bothDeriveCachesAreTrained() {
        Set<String> caches = new HashSet<>();
        for (String[] args : AotTraining.runs("training.tex", "problems.jsonl", "out"))
            caches.add(AotTraining.cacheName(args));
        assertTrue(caches.containsAll(List.of("derive", "derive-files", "pdf", "key", "check", "parse")),
                "caches the training runs feed: " + caches + "; runs: "
                        + Arrays.deepToString(AotTraining.runs("training.tex", "problems.jsonl", "out").toArray()));
    }
}
