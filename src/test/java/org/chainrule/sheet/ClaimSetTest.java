package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.chainrule.check.Diagnosis;
import org.chainrule.derive.Engine;
import org.chainrule.parse.SheetParser;
import org.chainrule.parse.SheetSource;
import org.junit.jupiter.api.Test;

/**
 * A set of claims with hand-known verdicts (src/test/resources/claims/*.tex): after each {@code \check},
 * a comment {@code % expect: correct, wrong:sign-flipped, …} gives the verdict of each of its lines, and
 * where one applies the diagnosis that must be among the evidence. The expectations were worked out by
 * hand (the numbers with a calculator, in each file's comments), not by the judge. Every line must match.
 * The sample samples/graded-seed-mistakes.tex is scored the same way.
 */
class ClaimSetTest {
    static final Path DIR = Path.of("src/test/resources/claims");
    private static final Pattern EXPECT = Pattern.compile("%\\s*expect:\\s*(.*)$");

    @Test
    void everyClaimGetsItsHandKnownVerdict() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = new ArrayList<>(s.filter(p -> p.toString().endsWith(".tex")).sorted().toList());
        }
        files.add(Path.of("samples/graded-seed-mistakes.tex")); // the seeds' mistakes: flagged wrong, corrections correct
        assertTrue(files.size() >= 4, "claim files");
        List<String> mismatches = new ArrayList<>();
        int lines = 0, right = 0, wrong = 0, unverifiable = 0;
        for (Path f : files) {
            String text = Files.readString(f);
            List<List<String>> expected = expectations(text);
            SheetSource sheet = SheetParser.parse(text);
            for (SheetSource.Problem p : sheet.problems())
                assertTrue(p.errors().isEmpty(), f.getFileName() + " problem " + p.number() + ": " + p.errors());
            List<Grading.Graded> graded = Grading.grade(sheet, Engine::new);
            Map<SheetSource.Claim, List<Grading.Graded>> byClaim = new IdentityHashMap<>();
            List<SheetSource.Claim> order = new ArrayList<>();
            for (Grading.Graded g : graded) {
                if (!byClaim.containsKey(g.claim())) order.add(g.claim());
                byClaim.computeIfAbsent(g.claim(), k -> new ArrayList<>()).add(g);
            }
            assertEquals(expected.size(), order.size(), f.getFileName() + ": claims graded vs \\check with expectations");
            for (int c = 0; c < order.size(); c++) {
                List<Grading.Graded> got = byClaim.get(order.get(c));
                List<String> want = expected.get(c);
                assertEquals(want.size(), got.size(), f.getFileName() + " claim at line " + order.get(c).at().line() + ": number of lines");
                for (int k = 0; k < want.size(); k++) {
                    Grading.Graded g = got.get(k);
                    lines++;
                    switch (g.verdict()) {
                        case CORRECT -> right++;
                        case WRONG -> wrong++;
                        case UNVERIFIABLE -> unverifiable++;
                    }
                    String[] parts = want.get(k).split(":");
                    boolean ok = g.verdict().word().equals(parts[0])
                            && (parts.length < 2 || g.judgement().diagnoses().stream().map(Diagnosis::kind).anyMatch(parts[1]::equals));
                    if (!ok)
                        mismatches.add(f.getFileName() + ":" + g.source().at().line() + ":" + g.source().at().column() + ": expected "
                                + want.get(k) + ", got " + g.verdict().word() + " " + g.judgement().diagnoses().stream().map(Diagnosis::kind).toList()
                                + g.judgement().why().map(w -> " (" + w + ")").orElse(""));
                }
            }
        }
        System.out.printf("claim set: %d lines, %d correct, %d wrong, %d unverifiable; %d mismatches%n",
                lines, right, wrong, unverifiable, mismatches.size());
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    /** Per \check in order, its expected verdicts: the first "% expect:" comment at or after its line. */
    static List<List<String>> expectations(String text) {
        String[] lines = text.split("\n", -1);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].stripLeading().startsWith("\\check")) continue;
            for (int j = i; j < lines.length; j++) {
                Matcher m = EXPECT.matcher(lines[j]);
                if (m.find()) {
                    out.add(Stream.of(m.group(1).split(",")).map(String::strip).toList());
                    break;
                }
            }
        }
        return out;
    }
}
