package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chainrule.derive.Engine;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.SheetParser;
import org.chainrule.parse.SheetSource;
import org.chainrule.render.Doc;
import org.chainrule.render.KeyStyle;
import org.chainrule.render.LatexWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Brief and full keys, and the student handout, on the three-part network problem of seed 001. */
class KeyStyleTest {
    static SheetSource network;
    static AnswerKey brief, full, handout;

    @BeforeAll
    static void key() throws Exception {
        network = SheetParser.parse(Files.readString(Path.of("samples/seed-001-network-by-hand.tex")));
        brief = AnswerKey.of(network, Engine::new, KeyStyle.BRIEF);
        full = AnswerKey.of(network, Engine::new, KeyStyle.FULL);
        handout = AnswerKey.of(network, Engine::new, KeyStyle.BRIEF.asHandout(true));
    }

    static List<Doc.Row> rows(AnswerKey k) {
        List<Doc.Row> out = new ArrayList<>();
        for (Doc.Block b : k.doc().blocks()) if (b instanceof Doc.Equations eq) out.addAll(eq.rows());
        return out;
    }

    static <T> List<T> blocks(AnswerKey k, Class<T> c) {
        return k.doc().blocks().stream().filter(c::isInstance).map(c::cast).toList();
    }

    @Test
    void eachAnswerIsBoxedOnceAndWrittenOnce() {
        assertTrue(brief.failures().isEmpty(), brief.failures().toString());
        String tex = LatexWriter.fragment(brief.doc());
        assertEquals(3, tex.split("\\\\boxed\\{", -1).length - 1, tex);
        for (AnswerKey.Result r : brief.results()) {
            String answer = LatexPrinter.print(r.derivation().orElseThrow().answer());
            long shown = rows(brief).stream().filter(row -> row.rhs().equals(answer) || row.rhs().equals("\\boxed{" + answer + "}")).count();
            assertEquals(1, shown, answer);
        }
        assertTrue(blocks(brief, Doc.Answer.class).isEmpty(), "a brief key boxes the answer in its own row");
    }

    @Test
    void aLocalDerivativeFoundInOnePartIsCitedInTheNext() {
        String dEdTheta = "\\frac{\\partial E}{\\partial \\theta}";
        assertEquals(1, rows(brief).stream().filter(r -> r.lhs().equals(dEdTheta)).count(), "∂E/∂θ derived once");
        assertEquals(3, rows(full).stream().filter(r -> r.lhs().equals(dEdTheta)).count(), "derived once and cited twice");
        assertTrue(rows(full).stream().anyMatch(r -> r.lhs().equals(dEdTheta) && r.why().orElse("").equals("found above, \u2460")));
        // part (b): ∂E/∂w₁ combines ① ② from part (a) with its own labels, which go on from ③
        Doc.Row b = rows(brief).stream().filter(r -> r.lhs().equals("\\frac{\\partial E}{\\partial w_{1}}") && r.why().orElse("").startsWith("using"))
                .findFirst().orElseThrow();
        assertEquals("using \u2460 \u2461 \u2463 \u2464 \u2465", b.why().get());
        List<Integer> labels = rows(brief).stream().flatMap(r -> r.label().stream()).toList();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), labels, "each label given once, in order");
    }

    @Test
    void aBriefKeySaysVerifiedOncePerProblemAndHasNoSummary() {
        List<Doc.Note> verified = blocks(brief, Doc.Note.class).stream().filter(n -> n.kind() == Doc.NoteKind.VERIFIED).toList();
        assertEquals(1, verified.size(), verified.toString());
        assertTrue(verified.get(0).text().startsWith("Verified: every step and answer agrees with finite differences at "), verified.get(0).text());
        assertTrue(verified.get(0).text().contains("every adjoint agrees three ways"), "the \\at section's check is in the same line");
        assertTrue(blocks(brief, Doc.Heading.class).stream().noneMatch(h -> h.toString().contains("Summary")));
        assertTrue(blocks(brief, Doc.Paragraph.class).stream().noneMatch(p -> p.toString().contains("every definition substituted")));
        // the full key keeps today's: a note per derivation, the substituted answer, the summary
        assertEquals(4, blocks(full, Doc.Note.class).stream().filter(n -> n.kind() == Doc.NoteKind.VERIFIED).count());
        assertTrue(blocks(full, Doc.Heading.class).stream().anyMatch(h -> h.toString().contains("Summary of answers")));
        assertEquals(3, blocks(full, Doc.Answer.class).size());
    }

    @Test
    void briefTablesLeaveOutWhatThePageAlreadySays() {
        Doc.Table forward = blocks(brief, Doc.Table.class).get(0);
        assertTrue(forward.rows().stream().noneMatch(r -> r.get(1).equals("\\text{given}")), "the point is not listed again");
        assertTrue(blocks(full, Doc.Table.class).get(0).rows().stream().anyMatch(r -> r.get(1).equals("\\text{given}")));
        Doc.Table finds = blocks(brief, Doc.Table.class).get(blocks(brief, Doc.Table.class).size() - 1);
        assertEquals(List.of("\\text{find}", "\\text{numbers}", "\\text{value}"), finds.header());
        // as the seed writes it: (θ − t)θ(1 − θ)h₁ factor by factor (values checked in AtSectionTest)
        assertEquals(List.of("\\frac{\\partial E}{\\partial w_{7}}", "(1.862)(0.5721)(0.4279)(0.6766)", "0.3084"), finds.rows().get(0));
        double product = 1.862 * 0.5721 * 0.4279 * 0.6766; // the shown factors multiply to the value shown
        assertEquals(0.3084, product, 5e-4);
    }

    @Test
    void aHandoutCarriesNoVerification() {
        String tex = LatexWriter.fragment(handout.doc());
        assertTrue(blocks(handout, Doc.Note.class).stream().noneMatch(n -> n.kind() == Doc.NoteKind.VERIFIED || n.kind() == Doc.NoteKind.NOT_VERIFIED));
        assertFalse(tex.toLowerCase().contains("verified"), tex);
        assertFalse(tex.contains("Symja") || tex.toLowerCase().contains("chainrule"), tex);
        assertEquals(3, tex.split("\\\\boxed\\{", -1).length - 1);
        // the same mathematics as the key
        assertEquals(rows(brief), rows(handout));
        assertTrue(handout.allVerified(), "the verification still ran");
    }

    @Test
    void aHandoutOfAFullKeyHasUnmarkedAnswersAndASummaryWithoutChecks() throws Exception {
        AnswerKey k = AnswerKey.of(network, Engine::new, KeyStyle.FULL.asHandout(true));
        assertTrue(blocks(k, Doc.Answer.class).stream().allMatch(a -> a.mark() == Doc.Mark.NONE));
        Doc.Table summary = blocks(k, Doc.Table.class).get(blocks(k, Doc.Table.class).size() - 1);
        assertEquals(List.of("\\text{Problem}", "\\text{Answer}"), summary.header());
    }

    @Test
    void theSheetChoosesTheDetailAndTheCommandLineWins() throws Exception {
        SheetSource s = SheetParser.parse("\\detail{full}\n\\problem{P}\n\\find{\\frac{d}{dz} \\sigma(z)}\n");
        assertEquals(KeyStyle.Detail.FULL, AnswerKey.style(s, null, false).detail());
        assertEquals(KeyStyle.Detail.BRIEF, AnswerKey.style(s, KeyStyle.Detail.BRIEF, false).detail());
        assertEquals(KeyStyle.Detail.BRIEF, AnswerKey.style(network, null, false).detail(), "brief by default");
        ParseException e = assertThrows(ParseException.class, () -> SheetParser.parse("\\detail{medium}\n\\problem{P}\n"));
        assertEquals(1, e.line());
        assertTrue(e.reason().contains("brief or full"), e.reason());
        e = assertThrows(ParseException.class, () -> SheetParser.parse("\\problem{P}\n\\detail{full}\n"));
        assertTrue(e.reason().contains("before the first"), e.reason());
    }

    @Test
    void aQuestionAnsweredInAnEarlierPartIsCitedAndAnEarlierProblemsPiecesToo() throws Exception {
        AnswerKey k = AnswerKey.of(SheetParser.parse("""
                \\problem{Logistic}
                \\let{a = w x, p = \\sigma(a), l = (y - p)^2}
                \\find{\\frac{\\partial l}{\\partial p}}
                \\find{\\frac{\\partial l}{\\partial w}}
                \\find[update]{\\frac{\\partial l}{\\partial w}}
                \\problem{The same unit again}
                \\let{a = w x, p = \\sigma(a), l = (y - p)^2 + w^2}
                \\find{\\frac{\\partial l}{\\partial w}}
                """), Engine::new, KeyStyle.BRIEF);
        assertTrue(k.failures().isEmpty(), k.failures().toString());
        List<Doc.Row> rows = rows(k);
        String dldw = "\\frac{\\partial l}{\\partial w}";
        // (c) asks (b)'s question again: one row, cited
        assertTrue(rows.stream().anyMatch(r -> r.lhs().equals(dldw) && r.why().orElse("").equals("as found in (b)")), rows.toString());
        // (b) uses (a)'s answer as its first local derivative, by its part
        assertTrue(rows.stream().anyMatch(r -> r.lhs().equals(dldw) && r.why().orElse("").startsWith("using (a), ")), rows.toString());
        // Problem 2's ∂p/∂a and ∂a/∂w are cited from Problem 1, not derived again
        Doc.Row combined = rows.stream().filter(r -> r.why().orElse("").contains("of Problem 1")).findFirst().orElseThrow();
        assertTrue(combined.why().get().contains("\u2460 \u2461 of Problem 1"), combined.why().get());
        assertEquals(1, rows.stream().filter(r -> r.lhs().equals("\\frac{\\partial p}{\\partial a}")).count());
    }
}
