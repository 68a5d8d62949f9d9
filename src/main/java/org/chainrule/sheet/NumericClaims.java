package org.chainrule.sheet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chainrule.check.Diagnosis;
import org.chainrule.check.Judgement;
import org.chainrule.check.Verdict;
import org.chainrule.derive.Definitions;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.Draw;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.Exact;
import org.chainrule.numeric.WengertList.Value;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.SheetSource;
import org.chainrule.parse.SheetSource.Claim;
import org.chainrule.parse.SheetSource.Problem;

/**
 * Numeric claims: {@code \check[at]{\frac{\partial E}{\partial w_1} = -0.0045}} at the problem's
 * {@code \at} point, and {@code \check[rate = 0.5]{w_3 = 87.5}} about an iterate of its {@code \descent}.
 *
 * <p>A claim is judged by the digits it is written with: a decimal with d decimals (an integer has
 * none) is right when the exact value rounded to d decimals gives it, i.e. when the exact value lies
 * within half a unit of its last digit (−0.0045 for −0.004488; 0.0043 is wrong); trailing zeros are not
 * kept by the parser, so 0.50 counts as 0.5. A fraction or another exact form (\frac{7}{2}) must equal
 * the value exactly (to 10⁻⁹ where the value is not rational).
 *
 * <p>The value at the point is the one the {@code \at} section shows (the first {@code \at} of the
 * problem, when it has several): a name or expression from the forward pass, a derivative ∂T/∂v from the
 * engine's derivative at the point, confirmed by finite differences; exact rationals where the
 * expression allows. An iterate w_k comes from the exact run of the problem's {@code \descent} at the
 * claim's rate, which must be one of the descent's rates ({@code rate}, {@code \alpha} or {@code \eta} =).
 *
 * <p>A wrong claim carries the expected value and, where one applies, diagnoses:
 * <ul>
 * <li>the sign flipped: the negated claim is right;
 * <li>rounding drift, when only a hand calculation's rounding explains the claim, trying k = 4 … 1
 *     decimal places from the finest. At the point: the claim (or, with a sign flip, its negation) is
 *     what a student gets who writes every intermediate of the forward pass rounded to k places and
 *     works the backward pass from those written values, rounding its local derivatives and adjoints
 *     too or not (the {@code [student = k]} column of the {@code \at} section, in decimal places). For an
 *     iterate: what a student gets who writes every earlier iterate rounded to k places. The claimed
 *     quantity itself is not rounded: it is compared at the claim's own digits. Rounding to significant
 *     digits is not tried, since the diagnosis says decimal places;
 * <li>for an iterate, the error carried forward: the claim is a right step from the wrong value claimed
 *     for the previous iterate (in any claim of the problem at the same rate).
 * </ul>
 */
final class NumericClaims {
    private NumericClaims() {}

    /** The decimal places tried for rounding drift, finest first. */
    static final List<Integer> PLACES = List.of(4, 3, 2, 1);

    private static final Pattern RATE = Pattern.compile("\\s*(rate|\\\\alpha|\\\\eta)\\s*=(.*)", Pattern.DOTALL);

    /** A claim that cannot be judged, and why (short, plain words). */
    private static final class Unverifiable extends Exception {
        Unverifiable(String why) {
            super(why);
        }
    }

    static Judgement judge(Problem problem, Claim claim, int line, Engine engine) {
        try {
            Claimed claimed = Claimed.of(claim.lines().get(line).rhs());
            String option = claim.option().orElse("").strip();
            if (option.equals("at")) return atPoint(problem, claim.lhs(), claimed, engine);
            return iterate(problem, claim, rate(option), claimed, engine);
        } catch (Unverifiable u) {
            return Judgement.unverifiable(u.getMessage());
        }
    }

    // ---------------------------------------------------------------- the claimed number

    /**
     * A claimed number: its exact value when it is rational, and the decimals it is written with (empty
     * for an exact form such as a fraction, which must match exactly).
     */
    record Claimed(Optional<Rational> exact, double approx, OptionalInt decimals) {

        static Claimed of(Expr rhs) throws Unverifiable {
            if (rhs instanceof Num n && (n.decimal() || n.value().isInteger()))
                return new Claimed(Optional.of(n.value()), n.value().doubleValue(), OptionalInt.of(NumericClaims.decimals(n.value())));
            Set<Sym> symbols = Exprs.symbols(rhs);
            if (!symbols.isEmpty())
                throw new Unverifiable("the claimed value " + LatexPrinter.print(rhs) + " is not a number");
            Optional<Rational> r = Exact.value(rhs);
            if (r.isPresent()) return new Claimed(r, r.get().doubleValue(), OptionalInt.empty());
            double d;
            try {
                d = Evaluator.eval(rhs, Env.empty());
            } catch (EvalException e) {
                throw new Unverifiable("the claimed value " + LatexPrinter.print(rhs) + " is not a number");
            }
            if (!Double.isFinite(d)) throw new Unverifiable("the claimed value " + LatexPrinter.print(rhs) + " is not a finite number");
            return new Claimed(Optional.empty(), d, OptionalInt.empty());
        }

        Claimed negate() {
            return new Claimed(exact.map(Rational::negate), -approx, decimals);
        }

        /** Whether v is this claim at its digits: within half a unit of its last decimal, or equal for an exact form. */
        boolean matches(Value v) {
            if (decimals.isPresent()) {
                BigDecimal half = BigDecimal.ONE.movePointLeft(decimals.getAsInt()).divide(BigDecimal.TWO);
                BigDecimal claim = decimal(exact.get());
                BigDecimal value = v.exact().filter(Rational::hasFiniteDecimal).map(NumericClaims::decimal)
                        .orElse(null);
                if (value != null) return value.subtract(claim).abs().compareTo(half) <= 0;
                if (v.exact().isPresent()) {
                    // |p/q − c| ≤ half  ⇔  |p − c q| ≤ half q, in exact integers and decimals
                    Rational r = v.exact().get();
                    BigDecimal p = new BigDecimal(r.num()), q = new BigDecimal(r.den());
                    return p.subtract(claim.multiply(q)).abs().compareTo(half.multiply(q)) <= 0;
                }
                if (!Double.isFinite(v.approx())) return false;
                return new BigDecimal(v.approx()).subtract(claim).abs().compareTo(half) <= 0;
            }
            if (exact.isPresent() && v.exact().isPresent()) return exact.get().equals(v.exact().get());
            return Math.abs(v.approx() - approx) <= 1e-9 * Math.max(1, Math.abs(v.approx()));
        }
    }

    /** The fewest decimals that write r exactly (r has a finite decimal expansion). */
    static int decimals(Rational r) {
        BigInteger den = r.den();
        int d = 0;
        while (!BigInteger.TEN.pow(d).mod(den).equals(BigInteger.ZERO)) d++;
        return d;
    }

    private static BigDecimal decimal(Rational r) {
        return new BigDecimal(r.num()).divide(new BigDecimal(r.den())); // exact: r has a finite decimal
    }

    private static Judgement wrong(Value expected, List<Diagnosis> diagnoses) {
        Optional<String> exact = expected.exact().map(Decimals::exact);
        return new Judgement(Verdict.WRONG, Optional.empty(), Optional.empty(),
                Optional.of(new Judgement.Expected(expected.approx(), exact)), diagnoses, 1);
    }

    // ---------------------------------------------------------------- [at]: a value at the \at point

    private static Judgement atPoint(Problem problem, Expr lhs, Claimed claimed, Engine engine) throws Unverifiable {
        SheetSource.Directive at = problem.numeric().stream().filter(d -> d.name().equals("at")).findFirst()
                .orElseThrow(() -> new Unverifiable("the problem has no \\at point to evaluate the claim at"));
        AtSection.Forward worked;
        try {
            worked = AtSection.forward(problem, at);
        } catch (Section.SectionException e) {
            throw new Unverifiable("the \\at point cannot be used: " + e.getMessage());
        }
        Map<Sym, Value> values = worked.values();
        HandRounding hand = new HandRounding(worked, problem, engine);

        Value exact;
        Hand byHand;
        if (lhs instanceof Deriv dv) {
            if (dv.wrt().size() != 1 || !(dv.wrt().get(0) instanceof Sym v))
                throw new Unverifiable("a numeric claim takes a first derivative by one variable");
            Expr t = dv.f();
            requireValues(t, values, worked);
            if (!values.containsKey(v)) throw new Unverifiable(noValue(v, worked));
            exact = derivative(problem, worked, t, v, engine);
            byHand = t instanceof Sym target && worked.defs().isDefined(target)
                    ? (round, back) -> hand.adjoint(target, v, round, back) : null;
        } else {
            if (containsDeriv(lhs))
                throw new Unverifiable("a numeric claim is about a derivative or a value, not an expression with derivatives in it");
            requireValues(lhs, values, worked);
            try {
                exact = AtSection.evaluate(lhs, values);
            } catch (Section.SectionException e) {
                throw new Unverifiable(e.getMessage());
            }
            byHand = (round, back) -> hand.value(lhs, round);
        }
        if (claimed.matches(exact)) return Judgement.correct(1);

        List<Diagnosis> diagnoses = new ArrayList<>();
        if (claimed.negate().matches(exact)) {
            diagnoses.add(new Diagnosis.SignFlipped());
        } else if (byHand != null && agrees(byHand, exact)) {
            for (int k : PLACES) {
                boolean plain = explains(byHand, new HandRounding.Places(k), claimed);
                boolean flipped = !plain && explains(byHand, new HandRounding.Places(k), claimed.negate());
                if (plain || flipped) {
                    if (flipped) diagnoses.add(new Diagnosis.SignFlipped());
                    diagnoses.add(new Diagnosis.RoundingDrift(k));
                    break;
                }
            }
        }
        return wrong(exact, diagnoses);
    }

    /** A hand calculation of the claimed quantity with the given rounding (and the backward values rounded or not). */
    @FunctionalInterface
    private interface Hand {
        double value(DoubleUnaryOperator round, boolean roundBackward) throws Section.SectionException;
    }

    /** Whether the hand calculation without rounding reproduces the exact value (so its rounded runs mean something). */
    private static boolean agrees(Hand hand, Value exact) {
        try {
            double v = hand.value(x -> x, false);
            return Math.abs(v - exact.approx()) <= 1e-9 * Math.max(1, Math.abs(exact.approx()));
        } catch (Section.SectionException | EvalException e) {
            return false;
        }
    }

    /** Whether the claim is what the hand calculation rounding this way gets, rounding the backward values or not. */
    private static boolean explains(Hand hand, DoubleUnaryOperator round, Claimed claimed) {
        for (boolean back : new boolean[] {false, true}) {
            try {
                if (claimed.matches(Value.of(hand.value(round, back)))) return true;
            } catch (Section.SectionException | EvalException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean containsDeriv(Expr e) {
        if (e instanceof Deriv) return true;
        for (Expr c : Exprs.children(e)) if (containsDeriv(c)) return true;
        return false;
    }

    /** Every symbol e uses has a value at the point (a given value or a definition's). */
    private static void requireValues(Expr e, Map<Sym, Value> values, AtSection.Forward worked) throws Unverifiable {
        for (Sym s : AtSection.free(e)) if (!values.containsKey(s)) throw new Unverifiable(noValue(s, worked));
    }

    private static String noValue(Sym s, AtSection.Forward worked) {
        for (AtSection.MatrixParam m : worked.matrices())
            if (m.name().equals(s))
                return LatexPrinter.print(s) + " is a matrix in the \\at point: claim its entries one by one";
        return "the \\at point gives no value for " + LatexPrinter.print(s);
    }

    /** ∂t/∂v at the point from the engine's derivative, confirmed by central finite differences. */
    private static Value derivative(Problem problem, AtSection.Forward worked, Expr t, Sym v, Engine engine) throws Unverifiable {
        Map<Sym, Value> values = worked.values();
        Derivation d;
        try {
            d = AtSection.derive(engine, new Engine.Problem(t, v, problem.given(), false, List.of(), Draw.SEED + problem.number() * 31L));
        } catch (Section.SectionException e) {
            throw new Unverifiable(e.getMessage());
        }
        requireValues(d.answerFlat(), values, worked);
        Value val;
        try {
            val = AtSection.evaluate(d.answerFlat(), values);
        } catch (Section.SectionException e) {
            throw new Unverifiable(e.getMessage());
        }
        // The same check as the \at section's backward pass: finite differences of t with v free.
        List<Expr> without = problem.given().stream()
                .filter(g -> !(AtSection.isDefinition(g) && ((Rel) g).operands().get(0).equals(v))).toList();
        double[] fd;
        try {
            Expr flat = Definitions.of(without).inline(t);
            fd = Evaluator.derivativeWithError(flat, List.of(v), Env.of(AtSection.doubles(values)));
        } catch (RuntimeException e) {
            throw new Unverifiable("the derivative cannot be checked at the point: " + e.getMessage());
        }
        double tol = 1e-6 * Math.max(1, Math.abs(val.approx()));
        if (!(Math.abs(fd[0] - val.approx()) <= tol + fd[1]))
            throw new Unverifiable("the derivative's value at the point could not be confirmed by finite differences");
        return val;
    }

    // ---------------------------------------------------------------- [rate = …]: an iterate of the \descent

    private static Numbers.Value rate(String option) throws Unverifiable {
        Matcher m = RATE.matcher(option);
        if (!m.matches()) throw new Unverifiable("a numeric claim takes the option at or rate = …, not " + option);
        return rateValue(m.group(2));
    }

    private static Numbers.Value rateValue(String text) throws Unverifiable {
        try {
            return Numbers.value(FormulaParser.parseExpr(text.strip()), "the learning rate");
        } catch (ParseException | Section.SectionException e) {
            throw new Unverifiable("the learning rate " + text.strip() + " is not a number");
        }
    }

    private static Judgement iterate(Problem problem, Claim claim, Numbers.Value rate, Claimed claimed, Engine engine) throws Unverifiable {
        SheetSource.Directive dir = problem.numeric().stream().filter(d -> d.name().equals("descent")).findFirst()
                .orElseThrow(() -> new Unverifiable("the problem has no \\descent for the claim's learning rate"));
        DescentSection.Setup setup;
        try {
            setup = DescentSection.setup(dir, problem, engine);
        } catch (Section.SectionException e) {
            throw new Unverifiable("the \\descent cannot be used: " + e.getMessage());
        }
        Numbers.Value alpha = setup.rates().stream().filter(r -> same(r, rate)).findFirst().orElseThrow(() -> {
            List<String> shown = setup.rates().stream().map(r -> LatexPrinter.print(r.expr())).toList();
            return new Unverifiable("the \\descent has no learning rate " + LatexPrinter.print(rate.expr())
                    + " (its rates: " + String.join(", ", shown) + ")");
        });
        Sym w = setup.w();
        int k = iterateIndex(claim.lhs(), w);
        Value exact = run(setup, alpha, k);
        if (claimed.matches(exact)) return Judgement.correct(1);

        List<Diagnosis> diagnoses = new ArrayList<>();
        if (claimed.negate().matches(exact)) diagnoses.add(new Diagnosis.SignFlipped());
        if (k > 0) carriedForward(problem, setup, alpha, k, claimed).ifPresent(diagnoses::add);
        if (diagnoses.isEmpty()) {
            for (int places : PLACES) {
                if (claimed.matches(runRounded(setup, alpha, k, places))) {
                    diagnoses.add(new Diagnosis.RoundingDrift(places));
                    break;
                }
            }
        }
        return wrong(exact, diagnoses);
    }

    private static boolean same(Numbers.Value a, Numbers.Value b) {
        if (a.exact().isPresent() && b.exact().isPresent()) return a.exact().get().equals(b.exact().get());
        return Math.abs(a.approx() - b.approx()) <= 1e-12 * Math.max(1, Math.abs(a.approx()));
    }

    /**
     * k for the iterate w_k (w^{(k)} when w has a subscript) the left side names. Subscripts are read
     * digit by digit ({@code w_{12}} has the indices 1, 2), so the digits are put back together.
     */
    private static int iterateIndex(Expr lhs, Sym w) throws Unverifiable {
        String wanted = "the left side of a [rate] claim must be an iterate " + LatexPrinter.print(DescentSection.iterate(w, Sym.of("k")))
                + " of the \\descent's variable";
        if (!(lhs instanceof Sym s)) throw new Unverifiable(wanted);
        Optional<BigInteger> k = Optional.empty();
        Optional<BigInteger> bySub = number(s.sub()), bySup = number(s.sup().items());
        if (bySub.isPresent() && DescentSection.iterate(w, index(bySub.get())).equals(s.withSub(List.of(index(bySub.get())))))
            k = bySub;
        else if (bySup.isPresent() && DescentSection.iterate(w, index(bySup.get()))
                .equals(s.withSup(new SupIndex(s.sup().kind(), List.of(index(bySup.get()))))))
            k = bySup;
        if (k.isEmpty()) throw new Unverifiable(wanted);
        if (k.get().compareTo(BigInteger.valueOf(DescentSection.MAX_STEPS)) > 0)
            throw new Unverifiable("iterates are computed up to " + LatexPrinter.print(DescentSection.iterate(w, Expr.num(DescentSection.MAX_STEPS))));
        return k.get().intValueExact();
    }

    private static Num index(BigInteger k) {
        return Expr.num(new Rational(k, BigInteger.ONE));
    }

    /** The whole number that indices write: one number, or single digits in a row; empty for anything else. */
    private static Optional<BigInteger> number(List<Expr> items) {
        if (items.isEmpty()) return Optional.empty();
        StringBuilder digits = new StringBuilder();
        for (Expr e : items) {
            Optional<Rational> r = Exprs.numValue(e).filter(x -> x.isInteger() && x.signum() >= 0);
            if (r.isEmpty() || (items.size() > 1 && r.get().num().compareTo(BigInteger.TEN) >= 0)) return Optional.empty();
            digits.append(r.get().num());
        }
        return Optional.of(new BigInteger(digits.toString()));
    }

    /** The exact iterate w_k (in doubles when the gradient or the values are not rational). */
    private static Value run(DescentSection.Setup setup, Numbers.Value alpha, int k) throws Unverifiable {
        Numbers.Value w0 = setup.point().get(setup.w());
        try {
            DescentSection.Run run = setup.exact() && alpha.exact().isPresent()
                    ? DescentSection.runExact(setup.gradient(), setup.w(), w0.exact().get(), alpha.exact().get(), k)
                    : DescentSection.runDouble(setup.gradient(), setup.w(), w0.approx(), alpha.approx(), k);
            return run.exact() ? Value.of(run.exactW().get(k)) : Value.of(run.w().get(k));
        } catch (Section.SectionException e) {
            throw new Unverifiable(e.getMessage());
        }
    }

    /** One step of gradient descent from w: w − α g(w), exactly where everything is rational. */
    private static Value step(DescentSection.Setup setup, Numbers.Value alpha, Value from) {
        if (from.exact().isPresent() && alpha.exact().isPresent()) {
            Optional<Rational> g = Exact.value(setup.gradient(), Map.of(setup.w(), from.exact().get()));
            if (g.isPresent()) return Value.of(from.exact().get().subtract(alpha.exact().get().multiply(g.get())));
        }
        double g = Evaluator.eval(setup.gradient(), Env.of(Map.of(setup.w(), from.approx())));
        return Value.of(from.approx() - alpha.approx() * g);
    }

    /** w_k when every iterate before it is written down rounded to the given decimal places (w_k itself is not). */
    private static Value runRounded(DescentSection.Setup setup, Numbers.Value alpha, int k, int places) {
        Numbers.Value w0 = setup.point().get(setup.w());
        Value w = w0.exact().map(Value::of).orElse(Value.of(w0.approx()));
        try {
            for (int i = 0; i < k; i++) {
                Value next = step(setup, alpha, w);
                if (i == k - 1) return next;
                w = next.exact().isPresent()
                        ? Value.of(Rational.of(decimal(next.exact().get(), places)))
                        : Value.of(new HandRounding.Places(places).applyAsDouble(next.approx()));
            }
        } catch (EvalException e) {
            return Value.of(Double.NaN);
        }
        return w;
    }

    /** r rounded to the given decimal places, half away from zero. */
    private static BigDecimal decimal(Rational r, int places) {
        return new BigDecimal(r.num()).divide(new BigDecimal(r.den()), places, RoundingMode.HALF_UP);
    }

    /**
     * The previous iterate claimed wrongly (in any claim of the problem at the same rate) such that this
     * claim is a right step from it.
     */
    private static Optional<Diagnosis> carriedForward(Problem problem, DescentSection.Setup setup, Numbers.Value alpha, int k,
                                                      Claimed claimed) throws Unverifiable {
        Sym previous = DescentSection.iterate(setup.w(), Expr.num(k - 1));
        Value exactPrevious = run(setup, alpha, k - 1);
        for (Claim other : problem.claims()) {
            if (!previous.equals(other.lhs()) || !sameRate(other, alpha)) continue;
            for (SheetSource.ClaimLine line : other.lines()) {
                Claimed before;
                try {
                    before = Claimed.of(line.rhs());
                } catch (Unverifiable notANumber) {
                    continue;
                }
                if (before.matches(exactPrevious)) continue; // that one is right: nothing carried
                Value from = before.exact().map(Value::of).orElse(Value.of(before.approx()));
                try {
                    if (claimed.matches(step(setup, alpha, from)))
                        return Optional.of(new Diagnosis.CarriedForward(previous, before.approx()));
                } catch (EvalException e) {
                    // the claimed previous iterate is outside the gradient's domain: no step from it
                }
            }
        }
        return Optional.empty();
    }

    private static boolean sameRate(Claim c, Numbers.Value alpha) {
        Matcher m = RATE.matcher(c.option().orElse("").strip());
        if (!m.matches()) return false;
        try {
            return same(rateValue(m.group(2)), alpha);
        } catch (Unverifiable e) {
            return false;
        }
    }
}
