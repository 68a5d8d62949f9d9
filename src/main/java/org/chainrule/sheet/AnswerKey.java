package org.chainrule.sheet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.chainrule.check.Verdict;
import org.chainrule.derive.DeriveException;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.Draw;
import org.chainrule.parse.FunctionDefinitions;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.SheetSource;
import org.chainrule.parse.SheetSource.*;
import org.chainrule.render.ClaimLayout;
import org.chainrule.render.DerivationLayout;
import org.chainrule.render.DerivationText;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.*;
import org.chainrule.render.KeyStyle;
import org.chainrule.render.PlainMath;
import org.chainrule.simplify.Simplifier;

/**
 * A sheet's answer key: every problem's statement, each \find derived and verified, boxed answers,
 * update rules where asked, and a closing summary table. A problem with errors is reported in the key
 * and in {@link #failures()}; the other problems are keyed as usual.
 */
public record AnswerKey(Doc doc, List<Result> results, List<SectionResult> sections, List<Grading.Graded> graded,
                        List<Failure> failures) {
    public AnswerKey {
        results = List.copyOf(results);
        sections = List.copyOf(sections);
        graded = List.copyOf(graded);
        failures = List.copyOf(failures);
    }

    /** A numeric section's data (for JSON), by problem and directive. */
    public record SectionResult(int problem, String directive, Map<String, Object> data) {}

    /** One \find's outcome. */
    public record Result(int problem, String problemTitle, int find, Find source, Optional<Derivation> derivation,
                         Optional<Expr> update, Optional<String> error) {
        public boolean verified() {
            return derivation.map(Derivation::verified).orElse(false);
        }
    }

    /** A located failure in the sheet: a formula error, or a derivation that could not be taken. */
    public record Failure(int problem, int line, int column, String message, String excerpt) {}

    /** Builds the key in the sheet's own detail (brief when it names none); see {@link #of(SheetSource, Supplier, KeyStyle)}. */
    public static AnswerKey of(SheetSource sheet, Supplier<Engine> engines) {
        return of(sheet, engines, style(sheet, null, false));
    }

    /**
     * The style a key is made in: {@code detail} (from the command line) wins over the sheet's
     * \detail, and a key is brief unless one of them says full.
     */
    public static KeyStyle style(SheetSource sheet, KeyStyle.Detail detail, boolean handout) {
        KeyStyle.Detail d = detail != null ? detail
                : sheet.detail().flatMap(KeyStyle::detail).orElse(KeyStyle.Detail.BRIEF);
        return new KeyStyle(d, handout);
    }

    /** Builds the key; {@code engines} gives the engine for this thread (it may hold a Symja instance). */
    public static AnswerKey of(SheetSource sheet, Supplier<Engine> engines, KeyStyle style) {
        Engine engine = engines.get();
        List<Block> blocks = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        List<SectionResult> sections = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        List<Grading.Graded> graded = new ArrayList<>();
        sheet.author().ifPresent(a -> blocks.add(new Paragraph(inline(a))));
        DerivationLayout.Shared shared = new DerivationLayout.Shared();
        for (Problem p : sheet.problems()) {
            int start = blocks.size();
            int failed = failures.size();
            shared.problem(p.number());
            blocks.add(heading(p));
            for (Prose para : p.statement()) blocks.add(new Paragraph(inline(para)));
            givenBlocks(p, blocks);
            for (ParseException e : p.errors()) {
                failures.add(new Failure(p.number(), e.line(), e.column(), e.reason(), e.excerpt()));
                blocks.add(new Note(NoteKind.WARNING, "Line " + e.line() + ", column " + e.column() + ": " + e.reason() + "."));
            }
            // With a given or a directive missing, any answer could be wrong: the problem is left out.
            if (!p.errors().isEmpty()) {
                blocks.add(new Note(NoteKind.WARNING, "This problem is left out of the key until the sheet is corrected."));
                continue;
            }
            int k = 0;
            for (Find f : p.finds()) {
                k++;
                String part = p.finds().size() > 1 ? "(" + letter(k) + ")" : "";
                if (!part.isEmpty()) {
                    List<Inline> ask = new ArrayList<>();
                    ask.add(new Text(part + " Find "));
                    ask.add(new Doc.Math(LatexPrinter.print(f.target())));
                    for (int t = 0; t < f.inTermsOf().size(); t++) {
                        ask.add(new Text(t == 0 ? " in terms of " : ", "));
                        ask.add(new Doc.Math(LatexPrinter.print(f.inTermsOf().get(t))));
                    }
                    if (f.updateRate().isPresent()) ask.add(new Text(", and the gradient-descent update"));
                    ask.add(new Text("."));
                    blocks.add(new Paragraph(ask));
                }
                try {
                    Expr target = f.target() instanceof Deriv dv && dv.wrt().size() == 1 ? dv.f() : f.target();
                    Derivation d = engine.derive(new Engine.Problem(target, f.wrt(), p.given(), f.flat(), f.inTermsOf(), Draw.SEED + p.number() * 31L + k)
                            .withComponents(f.components()));
                    shared.part(part);
                    // asked as dL/dw and a single chain (no total-vs-partial to tell apart): d throughout, as the author wrote
                    boolean d0 = f.target() instanceof Deriv asked && !asked.partial() && DerivationText.lhs(d) instanceof Deriv l && l.partial();
                    blocks.addAll(LatexPrinter.withTotalD(d0, () -> DerivationLayout.blocks(d, false, style, shared)));
                    Optional<Expr> update = Optional.empty();
                    if (f.updateRate().isPresent()) {
                        update = Optional.of(updateRule(d, f.updateRate().get()));
                        blocks.addAll(updateBlocks(d, f.wrt(), f.updateRate().get()));
                    }
                    results.add(new Result(p.number(), plain(p.title()), k, f, Optional.of(d), update, Optional.empty()));
                    if (!d.verified()) {
                        List<String> why = new ArrayList<>(DerivationText.grouped(d.problems()));
                        if (d.oracle().disagrees()) why.add("Symja " + d.oracle().text());
                        failures.add(new Failure(p.number(), f.at().line(), f.at().column(), "the derivation is not verified"
                                + (why.isEmpty() ? "" : ": " + String.join("; ", why)), ""));
                    }
                } catch (DeriveException e) {
                    failures.add(new Failure(p.number(), f.at().line(), f.at().column(), "cannot differentiate: " + e.getMessage(), ""));
                    blocks.add(new Note(NoteKind.WARNING, "Line " + f.at().line() + ": cannot differentiate: " + e.getMessage()));
                    results.add(new Result(p.number(), plain(p.title()), k, f, Optional.empty(), Optional.empty(), Optional.of(e.getMessage())));
                }
            }
            int digits = 4;
            for (SheetSource.Directive dir : p.numeric()) {
                if (dir.name().equals("round")) {
                    digits = roundDigits(dir, digits, failures, p.number());
                    continue;
                }
                Optional<Section> section = Sections.of(dir.name());
                if (section.isEmpty()) {
                    String m = "\\" + dir.name() + " is not supported yet";
                    failures.add(new Failure(p.number(), dir.at().line(), dir.at().column(), m, ""));
                    blocks.add(new Note(NoteKind.WARNING, "Line " + dir.at().line() + ": " + m + "."));
                    continue;
                }
                try {
                    Section.Output o = section.get().render(dir, new Section.Context(p, engine, digits, style, shared));
                    blocks.addAll(o.blocks());
                    sections.add(new SectionResult(p.number(), dir.name(), o.data()));
                    // a section that checks itself says so in its data, as a derivation does in its report
                    if (Boolean.FALSE.equals(o.data().get("verified")))
                        failures.add(new Failure(p.number(), dir.at().line(), dir.at().column(),
                                "the \\" + dir.name() + " section could not be verified", ""));
                } catch (Section.SectionException e) {
                    failures.add(new Failure(p.number(), dir.at().line(), dir.at().column(), e.getMessage(), ""));
                    blocks.add(new Note(NoteKind.WARNING, "Line " + dir.at().line() + ": " + e.getMessage() + "."));
                }
            }
            if (!p.claims().isEmpty()) {
                List<Grading.Graded> lines = Grading.grade(p, engine);
                graded.addAll(lines);
                blocks.addAll(claimBlocks(lines));
            }
            for (Prose n : p.notes()) blocks.add(new Note(NoteKind.INFO, plain(n)));
            List<Block> mine = blocks.subList(start, blocks.size());
            List<Block> styled = styled(mine, style, failures.size() == failed,
                    results.stream().filter(r -> r.problem() == p.number()).toList());
            mine.clear();
            mine.addAll(styled);
        }
        // a brief key boxes each answer where it is found; a summary would write them all again
        if (!results.isEmpty() && !style.brief()) { // a sheet of numeric sections only has no \find to summarise
            blocks.add(new Heading("Summary of answers"));
            blocks.add(summary(results, !style.handout()));
        }
        String title = sheet.title().map(AnswerKey::plain).orElse("Answer key");
        return new AnswerKey(new Doc(title, blocks), results, sections, graded, failures);
    }

    /**
     * A graded copy of a sheet of claims, to hand back: under each problem's heading its claims, every line
     * marked with its evidence (the same blocks as in a key), the problems with errors noted, and a summary.
     */
    public static Doc gradedCopy(SheetSource sheet, List<Grading.Graded> graded) {
        List<Block> blocks = new ArrayList<>();
        sheet.author().ifPresent(a -> blocks.add(new Paragraph(inline(a))));
        for (Problem p : sheet.problems()) {
            List<Grading.Graded> mine = graded.stream().filter(g -> g.problem() == p.number()).toList();
            if (mine.isEmpty() && p.errors().isEmpty()) continue;
            blocks.add(heading(p));
            for (ParseException e : p.errors())
                blocks.add(new Note(NoteKind.WARNING, "Line " + e.line() + ", column " + e.column() + ": " + e.reason() + "."));
            if (!p.errors().isEmpty()) blocks.add(new Note(NoteKind.WARNING, "This problem is not graded until the sheet is corrected."));
            blocks.addAll(claimBlocks(mine));
        }
        long correct = graded.stream().filter(g -> g.verdict() == Verdict.CORRECT).count();
        long wrong = graded.stream().filter(g -> g.verdict() == Verdict.WRONG).count();
        blocks.add(new Heading("Summary"));
        blocks.add(Paragraph.text(ClaimLayout.summary(correct, wrong, graded.size() - correct - wrong) + "."));
        String title = sheet.title().map(AnswerKey::plain).orElse("Checked claims");
        return new Doc(title, blocks);
    }

    /** A graded line as the renderer takes it. */
    public static ClaimLayout.Line claimLine(Grading.Graded g) {
        return new ClaimLayout.Line(g.claim().option(), g.lhs(), g.source().rhs(), g.line(), g.claim().lines().size(),
                g.source().at().line(), g.source().at().column(), g.judgement(), g.firstWrong());
    }

    /**
     * The graded claims of one problem: a claim of several lines under its own heading; consecutive one-line
     * claims with the same option (the values of a backward pass, the iterates at one rate) under one.
     */
    public static List<Block> claimBlocks(List<Grading.Graded> lines) {
        List<List<ClaimLayout.Line>> claims = new ArrayList<>();
        Claim current = null;
        for (Grading.Graded g : lines) {
            if (g.claim() != current) claims.add(new ArrayList<>());
            current = g.claim();
            claims.get(claims.size() - 1).add(claimLine(g));
        }
        List<Block> out = new ArrayList<>();
        List<List<ClaimLayout.Line>> group = new ArrayList<>();
        for (List<ClaimLayout.Line> c : claims) {
            boolean joins = !group.isEmpty() && c.size() == 1 && group.get(0).size() == 1
                    && group.get(0).get(0).option().equals(c.get(0).option());
            if (!joins && !group.isEmpty()) {
                out.addAll(ClaimLayout.groupBlocks(group));
                group = new ArrayList<>();
            }
            group.add(c);
        }
        out.addAll(ClaimLayout.groupBlocks(group));
        return out;
    }

    /** \round{k}: how many digits numeric sections show (values are computed in full precision). */
    private static int roundDigits(SheetSource.Directive dir, int current, List<Failure> failures, int problem) {
        if (dir.args().size() == 1 && dir.args().get(0).size() == 1 && dir.args().get(0).get(0) instanceof Num n
                && n.value().isInteger() && n.value().signum() > 0 && n.value().compareTo(Rational.of(15)) <= 0)
            return n.value().num().intValue();
        failures.add(new Failure(problem, dir.at().line(), dir.at().column(), "\\round takes a number of digits from 1 to 15", ""));
        return current;
    }

    /** The problem's conditions inline and its definitions displayed, once for all its \find. */
    private static void givenBlocks(Problem p, List<Block> blocks) {
        List<Inline> parts = new ArrayList<>();
        List<Row> defs = new ArrayList<>();
        for (Expr g : p.given()) {
            // a definition of a name, or of a function by its call (g(x) = w x^2 + b), shown as written
            if (g instanceof Rel r && r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF)
                    && (r.operands().get(0) instanceof Sym || FunctionDefinitions.definedCall(g) != null)) {
                defs.add(Row.of(LatexPrinter.print(r.operands().get(0)), LatexPrinter.print(r.operands().get(1))));
            } else {
                parts.add(new Text(parts.isEmpty() ? "Assume " : ", "));
                parts.add(new Doc.Math(LatexPrinter.print(g)));
            }
        }
        if (!defs.isEmpty()) parts.add(new Text(parts.isEmpty() ? "Given the definitions" : "; given the definitions"));
        if (parts.isEmpty()) return;
        parts.add(new Text(defs.isEmpty() ? "." : ":"));
        blocks.add(new Paragraph(parts));
        if (!defs.isEmpty()) blocks.add(new Equations(defs));
    }

    /** w − η ∂L/∂w, simplified. */
    static Expr updateRule(Derivation d, Expr rate) {
        return Simplifier.simplify(Expr.sub(d.var(), Expr.mul(rate, d.answer())));
    }

    /**
     * The gradient-descent update, written case by case when the gradient holds an indicator (the
     * hinge: w ← w + η y x − 2ηw if y w x < 1, else w ← w − 2ηw), each case simplified.
     */
    static List<Block> updateBlocks(Derivation d, Sym w, Expr rate) {
        List<Block> out = new ArrayList<>();
        String arrow = "\\leftarrow";
        String lhs = LatexPrinter.print(w);
        out.add(new Paragraph(List.of(new Text("The gradient-descent update with learning rate "), new Doc.Math(LatexPrinter.print(rate)), new Text(":"))));
        Expr rule = updateRule(d, rate);
        Set<Expr> conditions = new LinkedHashSet<>();
        collectIndicators(rule, conditions);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(lhs, arrow, LatexPrinter.print(Simplifier.simplify(Expr.sub(w, Expr.mul(rate, new Deriv(d.target(), List.of(w), true))))),
                Optional.of("gradient descent"), Optional.empty()));
        if (conditions.size() == 1) {
            Expr c = conditions.iterator().next();
            Expr when = Simplifier.simplify(replaceIndicator(rule, c, true));
            Expr otherwise = Simplifier.simplify(replaceIndicator(rule, c, false));
            rows.add(new Row(lhs, arrow, LatexPrinter.print(when) + ", \\quad \\text{if } " + LatexPrinter.print(c), Optional.empty(), Optional.empty()));
            rows.add(new Row(lhs, arrow, LatexPrinter.print(otherwise) + ", \\quad \\text{otherwise}", Optional.empty(), Optional.empty()));
        } else {
            rows.add(new Row(lhs, arrow, LatexPrinter.print(rule), Optional.empty(), Optional.empty()));
        }
        out.add(new Equations(rows));
        return out;
    }

    private static void collectIndicators(Expr e, Set<Expr> out) {
        if (e instanceof Indicator i) out.add(i.condition());
        for (Expr c : Exprs.children(e)) collectIndicators(c, out);
    }

    private static Expr replaceIndicator(Expr e, Expr condition, boolean holds) {
        if (e instanceof Indicator i && i.condition().equals(condition)) return Expr.num(holds ? 1 : 0);
        return Exprs.mapChildren(e, c -> replaceIndicator(c, condition, holds));
    }

    /**
     * A problem's blocks in the key's style. A brief key gathers the verification notes of the problem's
     * derivations and sections into one line at its end (only when nothing in it failed: a failure is
     * always shown where it happens); a handout drops every verification note and mark.
     */
    static List<Block> styled(List<Block> in, KeyStyle style, boolean clean, List<Result> results) {
        List<Block> out = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        boolean failedHere = false;
        for (Block b : in) {
            switch (b) {
                case Note n when n.kind() == NoteKind.VERIFIED -> {
                    if (style.handout()) continue;
                    if (style.brief()) {
                        checks.add(n.text());
                        continue;
                    }
                    out.add(b);
                }
                case Note n when n.kind() == NoteKind.NOT_VERIFIED -> {
                    failedHere = true;
                    if (!style.handout()) out.add(b);
                }
                case Answer a when style.handout() -> out.add(new Answer(a.lhs(), a.rhs(), Doc.Mark.NONE));
                // a brief key says "verified" once, in the problem's line; a failure stays marked
                case Answer a when style.brief() && a.mark() == Doc.Mark.VERIFIED -> out.add(new Answer(a.lhs(), a.rhs(), Doc.Mark.NONE));
                default -> out.add(b);
            }
        }
        if (style.brief() && !style.handout() && clean && !failedHere) {
            List<Derivation> ds = results.stream().flatMap(r -> r.derivation().stream()).toList();
            int points = ds.stream().mapToInt(Derivation::checkedPoints).sum();
            List<String> parts = new ArrayList<>();
            if (!ds.isEmpty() && ds.stream().allMatch(Derivation::verified))
                parts.add("every step and answer agrees with finite differences at " + points + " random points");
            for (String c : checks) {
                String t = c.strip().replaceAll("\\.$", "");
                parts.add(Character.toLowerCase(t.charAt(0)) + t.substring(1));
            }
            if (!parts.isEmpty()) out.add(new Note(NoteKind.VERIFIED, "Verified: " + String.join("; ", parts) + "."));
        }
        return out;
    }

    private static Block summary(List<Result> results, boolean marks) {
        List<List<String>> rows = new ArrayList<>();
        for (Result r : results) {
            String answer = r.derivation().map(d -> LatexPrinter.print(DerivationText.lhs(d)) + " = " + LatexPrinter.print(d.answer()))
                    .orElse("\\text{(not derived)}");
            String mark = r.derivation().isEmpty() ? "\\text{error}" : r.verified() ? "\\text{verified}" : "\\text{NOT verified}";
            String problem = "\\text{" + label(results, r) + "}";
            rows.add(marks ? List.of(problem, answer, mark) : List.of(problem, answer));
        }
        List<String> header = marks ? List.of("\\text{Problem}", "\\text{Answer}", "\\text{Check}") : List.of("\\text{Problem}", "\\text{Answer}");
        return new Table(header, rows, Optional.empty());
    }

    /** "2b" for the second find of a problem with several, "2" for a problem's only one. */
    public static String label(List<Result> results, Result r) {
        return r.problem() + (results.stream().filter(x -> x.problem() == r.problem()).count() > 1 ? letter(r.find()) : "");
    }

    /** The letter of the k-th find: a, b, … */
    private static String letter(int k) {
        return String.valueOf((char) ('a' + k - 1));
    }

    /** "Problem 2 — Smooth-$L_1$ loss": the title keeps its maths. */
    static Heading heading(Problem p) {
        List<Inline> parts = new ArrayList<>();
        parts.add(new Text("Problem " + p.number() + (p.title().isBlank() ? "" : " — ")));
        for (Inline x : inline(p.title())) {
            if (x instanceof Text t && parts.getLast() instanceof Text before) parts.set(parts.size() - 1, new Text(before.text() + t.text()));
            else parts.add(x);
        }
        return new Heading(parts);
    }

    /**
     * Prose as inline blocks: words as text, maths re-printed from its tree, text maths (a set, an
     * interval) as the whitelisted LaTeX the sheet parser kept.
     */
    static List<Inline> inline(Prose p) {
        List<Inline> out = new ArrayList<>();
        for (Piece x : p.pieces()) {
            switch (x) {
                case Words w -> out.add(new Text(w.text().replaceAll("\\s+", " ")));
                case InlineMath m -> out.add(new Doc.Math(LatexPrinter.print(m.expr())));
                case SheetSource.TextMath m -> out.add(new Doc.Math(m.latex()));
            }
        }
        return out;
    }

    /** Prose flattened to text (for the JSON, the document title and notes): maths as its canonical LaTeX between $…$. */
    static String plain(Prose p) {
        StringBuilder b = new StringBuilder();
        for (Piece x : p.pieces()) {
            switch (x) {
                case Words w -> b.append(w.text());
                case InlineMath m -> b.append(unicodeOrLatex(m.expr()));
                case SheetSource.TextMath m -> b.append('$').append(m.latex()).append('$');
            }
        }
        return b.toString().replaceAll("\\s+", " ").strip();
    }

    /**
     * Maths in plain text (a title, a note): simple symbols as letters (L_1 → L1), anything else as the
     * formula written in text (ln(x), σ′, W₁₄) — never raw LaTeX, which a plain-text title would show as is.
     */
    private static String unicodeOrLatex(Expr e) {
        if (e instanceof Sym s && s.styles().isEmpty() && !s.isGreek() && s.sub().size() == 1 && s.sub().get(0) instanceof Num n)
            return s.name() + n.value();
        if (e instanceof Sym s && s.styles().isEmpty() && !s.isGreek() && s.sub().isEmpty()) return s.name();
        return PlainMath.print(e);
    }

    /** For JSON: whether the whole key verified. */
    public boolean allVerified() {
        return failures.isEmpty() && results.stream().allMatch(Result::verified);
    }
}
