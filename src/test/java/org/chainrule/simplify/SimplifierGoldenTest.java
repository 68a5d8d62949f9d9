package org.chainrule.simplify;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.testing.Golden;
import org.chainrule.testing.Reference;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden cases of the simplifier in src/test/resources/golden/simplify: {@code <case>.in} holds
 * optional {@code given: …} lines (declarations such as {@code A \in \mathbb{R}^{n \times n}}), then
 * one expression per line; the expected {@code <case>.txt} has one {@code before → after} line each.
 * A case named after a rule must apply that rule, every rule of {@link Simplifier#RULES} must have
 * such a case, and every before → after without declared matrices is checked at random points by an
 * evaluator of this test's own in exact rational arithmetic (doubles only where a transcendental
 * function or constant makes the value irrational).
 */
class SimplifierGoldenTest {
    static final Path DIR = Path.of("src/test/resources/golden/simplify");

    /** One case file: its declarations and its expressions, as written and parsed. */
    record Case(Map<Sym, Shape> declared, List<String> lines, List<Expr> exprs) {}

    static Case read(String input) throws ParseException {
        List<Expr> given = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (String l : input.split("\n")) {
            if (l.isBlank()) continue;
            if (l.startsWith("given:")) given.addAll(FormulaParser.parse(l.substring(6).strip()).statements());
            else {
                lines.add(l.strip());
                exprs.add(FormulaParser.parseExpr(l.strip()));
            }
        }
        return new Case(Shapes.declarations(given), lines, exprs);
    }

    @TestFactory
    Stream<DynamicTest> golden() {
        return Golden.tests(DIR, List.of("txt"), input -> {
            try {
                Case c = read(input);
                StringBuilder out = new StringBuilder();
                for (int k = 0; k < c.exprs().size(); k++)
                    out.append(c.lines().get(k)).append("  →  ").append(LatexPrinter.print(Simplifier.simplify(c.exprs().get(k), c.declared()))).append('\n');
                return new Golden.Result("txt", out.toString());
            } catch (ParseException e) {
                throw new AssertionError("cannot parse " + input + ": " + e.getMessage());
            }
        });
    }

    static Map<String, Case> cases() throws IOException, ParseException {
        Map<String, Case> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".in")).sorted().toList()) {
                String name = p.getFileName().toString();
                out.put(name.substring(0, name.length() - 3), read(Files.readString(p)));
            }
        }
        return out;
    }

    @Test
    void everyRuleHasAGoldenCaseThatAppliesIt() throws Exception {
        Map<String, Case> cases = cases();
        List<String> missing = new ArrayList<>();
        for (Simplifier.Rule r : Simplifier.RULES) {
            assertTrue(r.name().matches("[a-z]+(-[a-z]+)*"), "not a kebab-case name: " + r.name());
            assertFalse(r.identity().isBlank(), r.name() + " has no identity");
            Case c = cases.get(r.name());
            if (c == null) {
                missing.add(r.name() + " (no " + r.name() + ".in)");
                continue;
            }
            Map<String, Integer> tally = new HashMap<>();
            for (Expr e : c.exprs()) Simplifier.simplify(e, c.declared(), tally);
            if (tally.getOrDefault(r.name(), 0) == 0) missing.add(r.name() + " (its case never applies it)");
        }
        assertEquals(List.of(), missing, "rules without a golden case");
        assertEquals(Simplifier.RULES.size(), Simplifier.RULES.stream().map(Simplifier.Rule::name).distinct().count(), "duplicate rule names");
    }

    /** A declared bold scalar folds like any scalar; declared matrices keep their order and are not collected. */
    @Test
    void declaredShapesDecideWhatCommutes() throws ParseException {
        Expr boldSquare = FormulaParser.parseExpr("\\mathbf{s} \\mathbf{s}");
        assertEquals("\\mathbf{s} \\mathbf{s}", LatexPrinter.print(Simplifier.simplify(boldSquare)));
        Map<Sym, Shape> scalar = read("given: \\mathbf{s} \\in \\mathbb{R}").declared();
        assertEquals("\\mathbf{s}^{2}", LatexPrinter.print(Simplifier.simplify(boldSquare, scalar)));

        Expr products = FormulaParser.parseExpr("A B + B A");
        assertEquals("2 A B", LatexPrinter.print(Simplifier.simplify(products)));
        Map<Sym, Shape> matrices = read("given: A \\in \\mathbb{R}^{n \\times n}\ngiven: B \\in \\mathbb{R}^{n \\times n}").declared();
        assertEquals("A B + B A", LatexPrinter.print(Simplifier.simplify(products, matrices)));
        assertFalse(Simplifier.isScalarLike(Expr.sym("A"), matrices));
        assertTrue(Simplifier.isScalarLike(Expr.sym("A")));
    }

    // ------------------------------------------------------------------ the independent oracle

    @TestFactory
    Stream<DynamicTest> everyBeforeAndAfterAgreeAtRandomPoints() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Case> en : cases().entrySet()) {
            Case c = en.getValue();
            if (c.declared().values().stream().anyMatch(s -> !s.isScalar())) continue; // matrices: golden only
            for (int k = 0; k < c.exprs().size(); k++) {
                Expr before = c.exprs().get(k), after = Simplifier.simplify(before, c.declared());
                String line = c.lines().get(k);
                tests.add(DynamicTest.dynamicTest(en.getKey() + ": " + line, () -> agree(before, after)));
            }
        }
        return tests.stream();
    }

    /** The oracle is no rubber stamp: a false before → after fails, also where only doubles are known. */
    @Test
    void theOracleRejectsAFalseSimplification() throws ParseException {
        assertThrows(AssertionError.class, () -> agree(FormulaParser.parseExpr("x + 1"), FormulaParser.parseExpr("x")));
        assertThrows(AssertionError.class, () -> agree(FormulaParser.parseExpr("\\sum_{i=1}^{n} \\delta_{ij} u_{i}"), FormulaParser.parseExpr("u_{i}")));
        assertThrows(AssertionError.class, () -> agree(FormulaParser.parseExpr("e^{x}"), FormulaParser.parseExpr("1 + x")));
    }

    static final int POINTS = 8, TRIES = 200;

    static void agree(Expr before, Expr after) {
        Random random = new Random(before.toString().hashCode());
        int checked = 0;
        for (int t = 0; t < TRIES && checked < POINTS; t++) {
            Map<String, Q> env = new HashMap<>();
            V b;
            try {
                b = eval(before, env, random);
            } catch (Undefined u) {
                continue; // not in the domain of the original
            }
            V a = eval(after, env, random);
            checked++;
            if (b.q() != null && a.q() != null) assertEquals(b.q(), a.q(), "at " + env);
            else assertEquals(b.d(), a.d(), 1e-9 * Math.max(1, Math.abs(b.d())), "at " + env);
        }
        assertTrue(checked > 0, "no point in the domain of " + LatexPrinter.print(before));
    }

    /** An exact fraction in lowest terms, positive denominator. */
    record Q(BigInteger n, BigInteger d) {
        Q {
            if (d.signum() == 0) throw new Undefined();
            BigInteger g = n.gcd(d);
            if (d.signum() < 0) g = g.negate();
            if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
                n = n.divide(g);
                d = d.divide(g);
            }
        }
        static Q of(long n, long d) { return new Q(BigInteger.valueOf(n), BigInteger.valueOf(d)); }
        Q plus(Q o) { return new Q(n.multiply(o.d).add(o.n.multiply(d)), d.multiply(o.d)); }
        Q times(Q o) { return new Q(n.multiply(o.n), d.multiply(o.d)); }
        Q inverse() { return new Q(d, n); }
        double value() { return n.doubleValue() / d.doubleValue(); }
        @Override public String toString() { return n + "/" + d; }
    }

    /** A value: exact when q is not null, else only the double. */
    record V(Q q, double d) {
        static V of(Q q) { return new V(q, q.value()); }
        static V of(double d) {
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new Undefined();
            return new V(null, d);
        }
    }

    static final class Undefined extends RuntimeException {}

    /** Index letters take integers 1..3 (the range of a sum without bounds); other symbols small fractions. */
    static Q value(Sym s, Map<String, Q> env, Random random) {
        // u_j at j = 2 is u_2: a symbol is named by the values of its subscripts
        StringBuilder key = new StringBuilder(s.name() + s.styles() + s.sup());
        for (Expr i : s.sub()) key.append('_').append(eval(i, env, random).q());
        return env.computeIfAbsent(key.toString(), k -> s.sub().isEmpty() && "ijklm".contains(s.name()) && s.name().length() == 1
                ? Q.of(1 + random.nextInt(3), 1)
                : s.name().equals("n") && s.sub().isEmpty() ? Q.of(3, 1) : Q.of(random.nextInt(41) - 20, 1 + random.nextInt(6)));
    }

    static V eval(Expr e, Map<String, Q> env, Random random) {
        return switch (e) {
            case Num n -> V.of(new Q(n.value().num(), n.value().den()));
            case Sym s -> V.of(value(s, env, random));
            case Const c -> switch (c.kind()) {
                case PI -> V.of(Math.PI);
                case E -> V.of(Math.E);
                case INFINITY -> throw new Undefined();
            };
            case Add a -> {
                V acc = V.of(Q.of(0, 1));
                for (Expr t : a.terms()) {
                    V v = eval(t, env, random);
                    acc = acc.q() != null && v.q() != null ? V.of(acc.q().plus(v.q())) : V.of(acc.d() + v.d());
                }
                yield acc;
            }
            case Mul m -> {
                V acc = V.of(Q.of(1, 1));
                for (Expr f : m.factors()) {
                    V v = eval(f, env, random);
                    acc = acc.q() != null && v.q() != null ? V.of(acc.q().times(v.q())) : V.of(acc.d() * v.d());
                }
                yield acc;
            }
            case Pow p -> {
                V b = eval(p.base(), env, random), x = eval(p.exponent(), env, random);
                if (b.q() != null && x.q() != null && x.q().d().equals(BigInteger.ONE) && x.q().n().abs().intValue() <= 64) {
                    int k = x.q().n().intValue();
                    Q r = Q.of(1, 1);
                    for (int i = 0; i < Math.abs(k); i++) r = r.times(b.q());
                    yield V.of(k < 0 ? r.inverse() : r);
                }
                if (b.d() <= 0) throw new Undefined();
                yield V.of(Math.pow(b.d(), x.d()));
            }
            case Apply ap when ap.fn() instanceof Builtin fn -> {
                List<V> args = ap.args().stream().map(x -> eval(x, env, random)).toList();
                V a = args.get(0);
                double x = a.d();
                yield switch (fn.op()) {
                    case LOG -> V.of(x > 0 ? Math.log(x) : Double.NaN);
                    case SIGN -> V.of(Q.of((long) Math.signum(x), 1));
                    case RELU -> x > 0 ? a : V.of(Q.of(0, 1));
                    case MAX, MIN -> {
                        V best = a;
                        for (V v : args) if (fn.op() == BuiltinFn.MAX ? v.d() > best.d() : v.d() < best.d()) best = v;
                        yield best;
                    }
                    case SOFTMAX -> throw new AssertionError("the oracle has no " + fn.op());
                    default -> V.of(Reference.value(fn.op(), x));
                };
            }
            case Abs a -> {
                V v = eval(a.arg(), env, random);
                yield v.q() != null ? V.of(new Q(v.q().n().abs(), v.q().d())) : V.of(Math.abs(v.d()));
            }
            case Kronecker k -> V.of(Q.of(eval(k.i(), env, random).equals(eval(k.j(), env, random)) ? 1 : 0, 1));
            case Indicator ind -> V.of(Q.of(holds(ind.condition(), env, random) ? 1 : 0, 1));
            case Piecewise pw -> {
                for (Expr.Case c : pw.cases()) if (holds(c.condition(), env, random)) yield eval(c.value(), env, random);
                yield eval(pw.otherwise().orElseThrow(Undefined::new), env, random);
            }
            case BigOp b -> {
                long lo = b.from().map(f -> integer(eval(f, env, random))).orElse(1L), hi = b.to().map(t -> integer(eval(t, env, random))).orElse(3L);
                boolean sum = b.kind() == BigOpKind.SUM;
                V acc = V.of(Q.of(sum ? 0 : 1, 1));
                for (long i = lo; i <= hi; i++) {
                    V v = eval(Exprs.substitute(b.body(), b.index(), Expr.num(i)), env, random);
                    if (acc.q() != null && v.q() != null) acc = V.of(sum ? acc.q().plus(v.q()) : acc.q().times(v.q()));
                    else acc = V.of(sum ? acc.d() + v.d() : acc.d() * v.d());
                }
                yield acc;
            }
            case Transpose t -> eval(t.arg(), env, random); // every value here is a scalar
            default -> throw new AssertionError("the oracle cannot evaluate " + LatexPrinter.print(e));
        };
    }

    static long integer(V v) {
        if (v.q() == null || !v.q().d().equals(BigInteger.ONE)) throw new AssertionError("a sum bound that is not an integer: " + v);
        return v.q().n().longValueExact();
    }

    /** A condition: a chain of comparisons. */
    static boolean holds(Expr condition, Map<String, Q> env, Random random) {
        if (!(condition instanceof Rel r)) throw new AssertionError("the oracle cannot decide " + LatexPrinter.print(condition));
        for (int k = 0; k < r.ops().size(); k++) {
            double a = eval(r.operands().get(k), env, random).d(), b = eval(r.operands().get(k + 1), env, random).d();
            boolean ok = switch (r.ops().get(k)) {
                case LT -> a < b;
                case LE -> a <= b;
                case GT -> a > b;
                case GE -> a >= b;
                case EQ -> a == b;
                case NE -> a != b;
                default -> throw new AssertionError("the oracle cannot decide " + r.ops().get(k));
            };
            if (!ok) return false;
        }
        return true;
    }
}
