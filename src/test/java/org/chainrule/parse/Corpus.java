package org.chainrule.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The seed corpus (src/test/resources/corpus/seeds.tsv): seed number, expectation, LaTeX. */
record Corpus(int lineNumber, String seed, String expectation, String latex) {
    static final Path FILE = Path.of("src/test/resources/corpus/seeds.tsv");

    boolean ok() { return expectation.equals("ok"); }

    static List<Corpus> load() {
        List<Corpus> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.isBlank() || l.startsWith("#")) continue;
                String[] p = l.split("\t", 3);
                if (p.length != 3) throw new IllegalStateException("seeds.tsv:" + (i + 1) + ": expected 3 columns");
                out.add(new Corpus(i + 1, p[0], p[1], p[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
