package org.chainrule.derive;

import static org.chainrule.derive.IndependentOracleTest.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.core.Verifier;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Expr;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Mat;
import org.chainrule.numeric.MatrixEvaluator;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.ParseOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sibling of {@link IndependentOracleTest} for what the engine learned since: sums without bounds
 * ({@code \sum_k e^{a_k}} by {@code a_j}, softmax cross-entropy through {@code s_i} and {@code z_i}),
 * function definitions with any one-letter name and piecewise bodies called with other arguments
 * ({@code r(w - 1)}, {@code h_\theta(x_i)}, nested), the Kronecker delta and numbered definitions
 * ({@code s_1 = …}, {@code s_2 = …}, then {@code \sum_k s_k^2}), families with symbolic bounds
 * ({@code \sum_{i=1}^{N}}), unknown functions ({@code f(x^2)}), and the matrix engine (declared shapes,
 * softmax, norms, quadratic forms).
 *
 * <p>The oracle shares nothing with chainrule's Verifier, Evaluator or Sampler: for the scalar kinds it
 * builds its own tree of the function for an index set 1..n that it picks (n from 1 to 5, free indices
 * inside it, not only the n = 3 the verifier samples), expands every sum itself, and differentiates with
 * the dual numbers of {@link IndependentOracleTest}; the engine's answer is evaluated by this test's own
 * evaluator of chainrule's tree at the same n. Unknown functions get this test's own smooth functions.
 * For the matrix kind, the function is plain Java over {@link Mat} and the truth its central
 * differences; the engine's answer (a matrix expression) is evaluated by chainrule's MatrixEvaluator.
 *
 * <p>The promise: a wrong value never carries {@code verified() == true}.
 */
class IndexedOracleTest {
    static final int PER_KIND = 90;
    static final int POINTS = 4;
    static final double TOL = 1e-6;

    enum Kind { UNBOUNDED_SUM, SOFTMAX, FUNCTION_DEF, KRONECKER, NUMBERED, FAMILY_N, UNKNOWN_FN, MATRIX }

    enum Outcome { RIGHT, WRONG, NO_VALUE, REFUSED, CRASHED }

    /**
     * A scalar problem. {@code truth} gives the oracle's tree for the index set 1..n; its names still
     * carry the free index letters i and j (a_{j}), which the run binds; {@code ns} are the n it may take.
     */
    record Problem(Kind kind, String expr, List<String> given, Set<String> functions, String wrt, String wrtName,
                   IntFunction<O> truth, int[] ns) {}

    record Result(int k, Kind kind, String expr, List<String> given, String wrt, Outcome outcome, boolean verified,
                  String answer, String detail) {
        String describe() {
            return "#" + k + " " + kind + " " + outcome + (verified ? " verified" : " unverified") + "  d/d" + wrt + " of  " + expr
                    + (given.isEmpty() ? "" : "\n      given " + String.join(" ; ", given))
                    + "\n      answer " + answer + "\n      " + detail;
        }
    }

    static final List<Result> results = new ArrayList<>();
    static long millis;

    // ------------------------------------------------------------------ names and index sets

    /** Index letters the problems leave free; every other index is bound by a sum. */
    static final String FREE = "ij";
    static final int NMAX = 5;
    static final Pattern INDEX = Pattern.compile("(?<=[{,(])([a-z])(?=[},)])");

    /** The name with the index letter replaced by a value: a_{k} → a_{2}, x^{(k)} → x^{(2)}, δ_{k,j} → δ_{2,j}. */
    static String inst(String name, char letter, int value) {
        Matcher m = INDEX.matcher(name);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, m.group(1).charAt(0) == letter ? String.valueOf(value) : m.group(1));
        m.appendTail(out);
        return out.toString();
    }

    static O inst(O o, char letter, int value) {
        return subst(o, n -> inst(n, letter, value));
    }

    /** Σ_{letter=1}^{n} body, expanded. */
    static O expand(O body, char letter, int from, int to) {
        O total = new K(0);
        for (int m = from; m <= to; m++) total = new Plus(total, inst(body, letter, m));
        return total;
    }

    /** Scalars and indexed families that points give values to (the oracle's names). */
    static final List<String> NAMES = new ArrayList<>();
    static final Map<String, Sym> SYMS = new HashMap<>();

    static {
        for (String s : new String[] {"w", "x", "y", "b", "\\theta_{0}", "\\theta_{1}"}) NAMES.add(s);
        for (int m = 1; m <= NMAX; m++) {
            for (String f : new String[] {"a", "w", "x", "y"}) NAMES.add(f + "_{" + m + "}");
            NAMES.add("x^{(" + m + ")}");
            NAMES.add("y^{(" + m + ")}");
        }
        try {
            for (String n : NAMES) SYMS.put(n, (Sym) FormulaParser.parseExpr(n));
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    static T v(String tex, String name) { return new T(tex, new Var(name)); }

    static String p(String s) { return "\\left(" + s + "\\right)"; }

    /** A random expression of the leaves, by IndependentOracleTest's generator (no sums, no g). */
    static T body(Random r, List<T> leaves, int depth, T mustMention) {
        Gen g = new Gen(r.nextLong());
        g.usedSum = true;
        g.leaves = new ArrayList<>(leaves);
        T t = g.gen(depth);
        if (mustMention != null && !(mustMention.o() instanceof Var mv ? mentions(t.o(), mv.name()) : t.tex().contains(mustMention.tex())))
            t = r.nextBoolean() ? new T(p(t.tex() + " + " + mustMention.tex()), new Plus(t.o(), mustMention.o()))
                    : new T(p(mustMention.tex() + " \\cdot " + t.tex()), new Times(mustMention.o(), t.o()));
        return t;
    }

    /** This test's smooth stand-ins for unknown functions, as trees in u. */
    static final Map<String, O> UNKNOWN = Map.of(
            "f", new Plus(new Call(Fun.SIN, new Var("u")), new Times(new K(0.5), new Power(new Var("u"), 2))),
            "g", new Plus(new Call(Fun.TANH, new Var("u")), new Times(new K(0.3), new Power(new Var("u"), 3))),
            "h", new Call(Fun.EXP, new Times(new K(0.4), new Call(Fun.SIN, new Var("u")))));

    static O call(O body, String param, O arg) {
        return replace(body, n -> n.equals(param) ? arg : new Var(n));
    }

    // ------------------------------------------------------------------ the generators, one per kind

    static Problem unboundedSum(Random r) {
        char k = r.nextBoolean() ? 'k' : 'i';
        boolean data = r.nextBoolean();
        List<T> leaves = new ArrayList<>(List.of(v("a_" + k, "a_{" + k + "}"), v("a_" + k, "a_{" + k + "}"), v("w", "w")));
        if (data) leaves = new ArrayList<>(List.of(v("w_" + k, "w_{" + k + "}"), v("w_" + k, "w_{" + k + "}"),
                v("x_" + k, "x_{" + k + "}"), v("y_" + k, "y_{" + k + "}"), v("b", "b")));
        T must = leaves.get(0);
        String fam = data ? "w" : "a";
        int shape = r.nextInt(4);
        T inner = body(r, leaves, 1 + r.nextInt(2), must);
        String sumTex;
        O innerO;
        if (shape == 0) { // \log \sum_k e^{B}: the log-sum-exp
            // a bounded exponent keeps e^{…} in range
            T e = new T("e^{\\tanh" + p(inner.tex()) + "}", new Call(Fun.EXP, new Call(Fun.TANH, inner.o())));
            sumTex = "\\log \\sum_" + k + " " + e.tex();
            innerO = e.o();
        } else {
            sumTex = "\\sum_{" + k + "} " + p(inner.tex());
            innerO = inner.o();
        }
        final O body = innerO;
        final char kk = k;
        IntFunction<O> sum = shape == 0 ? n -> new Call(Fun.LOG, expand(body, kk, 1, n)) : n -> expand(body, kk, 1, n);
        String expr;
        IntFunction<O> truth;
        if (shape == 3) { // an outer function of the sum
            T outer = body(r, List.of(v(p(sumTex), "#S"), v(p(sumTex), "#S"), v("w", "w")), 1 + r.nextInt(2), v(p(sumTex), "#S"));
            expr = outer.tex();
            truth = n -> replace(outer.o(), name -> name.equals("#S") ? sum.apply(n) : new Var(name));
        } else if (shape == 2) { // plus a term outside the sum with the free index j
            T out = body(r, List.of(v(fam + "_j", fam + "_{j}"), v("w", "w")), 1, v(fam + "_j", fam + "_{j}"));
            expr = sumTex + " + " + out.tex();
            truth = n -> new Plus(sum.apply(n), out.o());
        } else {
            expr = sumTex;
            truth = sum;
        }
        List<String> wrts = new ArrayList<>(List.of(fam + "_j", fam + "_j", fam + "_2"));
        if (mentions(truth.apply(3), "w")) wrts.add("w");
        if (mentions(truth.apply(3), "b")) wrts.add("b");
        String wrt = wrts.get(r.nextInt(wrts.size()));
        return new Problem(Kind.UNBOUNDED_SUM, expr, List.of(), Set.of(), wrt, oname(wrt), truth,
                wrt.endsWith("_2") ? new int[] {2, 3, 4, 5} : new int[] {1, 2, 3, 4, 5});
    }

    /** The oracle's name of a variable as typed: a_j → a_{j}, \theta_1 → \theta_{1}. */
    static String oname(String tex) {
        Matcher m = Pattern.compile("^(.*)_([0-9a-z])$").matcher(tex);
        return m.matches() ? m.group(1) + "_{" + m.group(2) + "}" : tex;
    }

    static Problem softmax(Random r) {
        List<T> leaves = List.of(v("w_i", "w_{i}"), v("w_i", "w_{i}"), v("x", "x"), v("b", "b"));
        T z = body(r, leaves, 1 + r.nextInt(2), leaves.get(0));
        List<String> given = List.of("s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}", "z_i = " + z.tex());
        // the oracle's s_m at n: e^{z_m} / Σ_k e^{z_k}, z from its own tree
        IntFunction<O> denominator = n -> {
            O t = new K(0);
            for (int m = 1; m <= n; m++) t = new Plus(t, new Call(Fun.EXP, inst(z.o(), 'i', m)));
            return t;
        };
        java.util.function.BiFunction<Integer, Integer, O> s = (n, m) -> new Over(new Call(Fun.EXP, inst(z.o(), 'i', m)), denominator.apply(n));
        String expr;
        IntFunction<O> truth;
        int[] ns = {1, 2, 3, 4, 5};
        switch (r.nextInt(4)) {
            case 0 -> {
                expr = "-\\sum_i y_i \\log s_i";
                truth = n -> { O t = new K(0); for (int m = 1; m <= n; m++)
                    t = new Minus(t, new Times(new Var("y_{" + m + "}"), new Call(Fun.LOG, s.apply(n, m)))); return t; };
            }
            case 1 -> {
                expr = "\\sum_i (s_i - y_i)^2";
                truth = n -> { O t = new K(0); for (int m = 1; m <= n; m++)
                    t = new Plus(t, new Power(new Minus(s.apply(n, m), new Var("y_{" + m + "}")), 2)); return t; };
            }
            case 2 -> {
                expr = "-\\log s_2";
                truth = n -> new Minus(new K(0), new Call(Fun.LOG, s.apply(n, 2)));
                ns = new int[] {2, 3, 4, 5};
            }
            default -> {
                expr = "\\log \\sum_k e^{z_k} - \\sum_i y_i z_i";
                truth = n -> { O t = new Call(Fun.LOG, denominator.apply(n)); for (int m = 1; m <= n; m++)
                    t = new Minus(t, new Times(new Var("y_{" + m + "}"), inst(z.o(), 'i', m))); return t; };
            }
        }
        List<String> wrts = new ArrayList<>(List.of("w_j", "w_j", "w_j", "w_1"));
        if (mentions(z.o(), "x")) wrts.add("x");
        if (mentions(z.o(), "b")) wrts.add("b");
        String wrt = wrts.get(r.nextInt(wrts.size()));
        if (wrt.equals("w_1") && ns[0] < 1) ns = new int[] {1, 2, 3, 4, 5};
        return new Problem(Kind.SOFTMAX, expr, given, Set.of(), wrt, oname(wrt), truth, ns);
    }

    static final String[] FN_NAMES = {"g", "h", "r", "q", "p", "G"};
    static final String[] PARAMS = {"x", "t", "z", "u"};

    static Problem functionDef(Random r) {
        List<String> given = new ArrayList<>();
        Set<String> fns = new LinkedHashSet<>();
        List<T> calls = new ArrayList<>();
        List<T> argLeaves = List.of(v("w", "w"), v("w", "w"), v("x", "x"), v("y", "y"), v("b", "b"));
        if (r.nextInt(4) == 0) {
            // h_\theta(x) = σ(θ0 + θ1 x) or a random body of x, θ0, θ1; called at x_i, 2, x
            List<T> hl = List.of(v("x", "x"), v("x", "x"), v("\\theta_0", "\\theta_{0}"), v("\\theta_1", "\\theta_{1}"));
            T h = r.nextBoolean() ? new T("\\sigma(\\theta_0 + \\theta_1 x)", new Call(Fun.SIG, new Plus(new Var("\\theta_{0}"),
                    new Times(new Var("\\theta_{1}"), new Var("x"))))) : body(r, hl, 1 + r.nextInt(2), hl.get(0));
            given.add("h_\\theta(x) = " + h.tex());
            String[] args = {"x_i", "x", "2", "w x"};
            String[] argNames = {"x_{i}", "x", null, null};
            int a = r.nextInt(args.length);
            O arg = a == 2 ? new K(2) : a == 3 ? new Times(new Var("w"), new Var("x")) : new Var(argNames[a]);
            T c = new T("h_\\theta(" + args[a] + ")", call(h.o(), "x", arg));
            calls.add(c);
            T loss = body(r, List.of(c, c, v(a == 0 ? "y_i" : "y", a == 0 ? "y_{i}" : "y")), 1 + r.nextInt(2), c);
            List<String> wrts = new ArrayList<>();
            for (String cand : new String[] {"\\theta_0", "\\theta_1", "w", "x", "y"})
                if (mentions(loss.o(), oname(cand))) wrts.add(cand);
            if (wrts.isEmpty()) return null;
            String wrt = wrts.get(r.nextInt(wrts.size()));
            return new Problem(Kind.FUNCTION_DEF, loss.tex(), given, fns, wrt, oname(wrt), n -> loss.o(), new int[] {3});
        }
        int count = 1 + (r.nextInt(3) == 0 ? 1 : 0);
        List<String> names = new ArrayList<>(List.of(FN_NAMES));
        java.util.Collections.shuffle(names, r);
        List<String[]> defs = new ArrayList<>(); // name, param
        List<O> bodies = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            String name = names.get(f), param = PARAMS[r.nextInt(PARAMS.length)];
            List<T> bl = new ArrayList<>(List.of(v(param, param), v(param, param), v("w", "w"), v("b", "b")));
            if (f == 1 && r.nextBoolean()) { // the second function calls the first
                O inner = call(bodies.get(0), defs.get(0)[1], new Var(param));
                bl.add(new T(defs.get(0)[0] + "(" + param + ")", inner));
            }
            T b;
            if (r.nextInt(3) == 0) {
                T a1 = body(r, bl, 1, null), a2 = body(r, bl, 1, null);
                double at = r.nextBoolean() ? 0 : 1;
                Cmp c = r.nextBoolean() ? Cmp.GT : Cmp.LT;
                String num = at == 0 ? "0" : "1";
                b = new T("\\begin{cases} " + a1.tex() + " & " + param + (c == Cmp.GT ? " > " : " < ") + num + " \\\\ " + a2.tex()
                        + " & \\text{otherwise} \\end{cases}", new Cases(new Var(param), c, at, a1.o(), a2.o()));
            } else b = body(r, bl, 1 + r.nextInt(2), bl.get(0));
            given.add(name + "(" + param + ") = " + b.tex());
            if (!name.equals("g") && !name.equals("h")) fns.add(name);
            defs.add(new String[] {name, param});
            bodies.add(b.o());
        }
        // calls: g(2), r(w - 1), g(g(w)), q(w x + b) …
        for (int c = 0; c < 2 + r.nextInt(2); c++) {
            int f = r.nextInt(count);
            T arg = switch (r.nextInt(5)) {
                case 0 -> new T("2", new K(2));
                case 1 -> new T("w - 1", new Minus(new Var("w"), new K(1)));
                case 2 -> calls.isEmpty() ? v("w", "w") : calls.get(r.nextInt(calls.size()));
                default -> body(r, argLeaves, r.nextInt(2), null);
            };
            calls.add(new T(defs.get(f)[0] + "(" + arg.tex() + ")", call(bodies.get(f), defs.get(f)[1], arg.o())));
        }
        List<T> leaves = new ArrayList<>(calls);
        leaves.addAll(calls);
        leaves.add(v("w", "w"));
        T expr = body(r, leaves, 1 + r.nextInt(2), null);
        List<String> wrts = new ArrayList<>();
        for (String cand : new String[] {"w", "w", "b", "x", "y"}) if (mentions(expr.o(), cand)) wrts.add(cand);
        if (wrts.isEmpty()) return null;
        String wrt = wrts.get(r.nextInt(wrts.size()));
        return new Problem(Kind.FUNCTION_DEF, expr.tex(), given, fns, wrt, wrt, n -> expr.o(), new int[] {3});
    }

    static Problem kronecker(Random r) {
        boolean bounded = r.nextBoolean();
        T d = v("\\delta_{ij}", "δ_{i,j}");
        List<T> leaves = List.of(v("w_i", "w_{i}"), v("w_i", "w_{i}"), v("x", "x"), d);
        T inner = body(r, leaves, 1 + r.nextInt(2), leaves.get(0));
        if (!mentions(inner.o(), "δ_{i,j}") || r.nextBoolean())
            inner = new T("\\delta_{ij} " + p(inner.tex()), new Times(new Var("δ_{i,j}"), inner.o()));
        T in = inner;
        String sum = bounded ? "\\sum_{i=1}^{N} " : "\\sum_i ";
        // a term outside the sum with a concrete or half-concrete delta
        String extra;
        O extraO;
        switch (r.nextInt(4)) {
            case 0 -> { extra = " + \\delta_{12} w_1^2"; extraO = new K(0); }
            case 1 -> { extra = " + \\delta_{22} w_2 x"; extraO = new Times(new Var("w_{2}"), new Var("x")); }
            case 2 -> { extra = " + \\delta_{2j} w_j^3"; extraO = new Times(new Var("δ_{2,j}"), new Power(new Var("w_{j}"), 3)); }
            default -> { extra = ""; extraO = new K(0); }
        }
        String expr = sum + p(in.tex()) + extra;
        IntFunction<O> truth = n -> new Plus(expand(in.o(), 'i', 1, n), extraO);
        String[] wrts = {"w_j", "w_j", "w_2", "x"};
        String wrt = wrts[r.nextInt(wrts.length)];
        if (wrt.equals("x") && !mentions(truth.apply(3), "x")) wrt = "w_j";
        return new Problem(Kind.KRONECKER, expr, List.of(), Set.of(), wrt, oname(wrt), truth, new int[] {2, 3, 4, 5});
    }

    static Problem numbered(Random r) {
        int members = 2 + r.nextInt(2);
        String name = r.nextBoolean() ? "s" : "a";
        List<String> given = new ArrayList<>();
        List<O> defs = new ArrayList<>();
        for (int m = 1; m <= members; m++) {
            List<T> leaves = List.of(v("w_" + m, "w_{" + m + "}"), v("w_" + m, "w_{" + m + "}"), v("x", "x"), v("b", "b"));
            T b = body(r, leaves, 1 + r.nextInt(2), leaves.get(0));
            given.add(name + "_" + m + " = " + b.tex());
            defs.add(b.o());
        }
        T sk = v(name + "_k", "#s_{k}");
        String expr;
        IntFunction<O> truth;
        IntFunction<O> member = m -> defs.get(m - 1);
        boolean bounds = r.nextInt(3) == 0;
        String sum = bounds ? "\\sum_{k=1}^{" + members + "} " : "\\sum_k ";
        if (r.nextBoolean()) {
            T inner = body(r, List.of(sk, sk, v("y", "y")), 1, sk);
            expr = sum + p(inner.tex());
            truth = n -> { O t = new K(0); for (int m = 1; m <= members; m++) { int mm = m;
                t = new Plus(t, replace(inner.o(), nm -> nm.equals("#s_{k}") ? member.apply(mm) : new Var(nm))); } return t; };
        } else {
            T s = v(p(sum + name + "_k^2"), "#S");
            T outer = body(r, List.of(s, s, v("w_1", "w_{1}")), 1, s);
            expr = outer.tex();
            truth = n -> { O t = new K(0); for (int m = 1; m <= members; m++) t = new Plus(t, new Power(member.apply(m), 2)); O tt = t;
                return replace(outer.o(), nm -> nm.equals("#S") ? tt : new Var(nm)); };
        }
        List<String> wrts = new ArrayList<>(List.of("w_1", "w_2", "w_" + members));
        if (mentions(truth.apply(members), "x")) wrts.add("x");
        if (mentions(truth.apply(members), "b")) wrts.add("b");
        String wrt = wrts.get(r.nextInt(wrts.size()));
        return new Problem(Kind.NUMBERED, expr, given, Set.of(), wrt, oname(wrt), truth, new int[] {members});
    }

    static Problem familyN(Random r) {
        boolean hat = r.nextBoolean();
        String fam = hat ? "\\hat{y}^{(i)}" : "p_i";
        String x = hat ? "x^{(i)}" : "x_i", y = hat ? "y^{(i)}" : "y_i";
        String xo = hat ? "x^{(i)}" : "x_{i}", yo = hat ? "y^{(i)}" : "y_{i}";
        List<String> given = new ArrayList<>();
        T def;
        if (r.nextBoolean()) def = hat ? new T("w " + x + " + b", new Plus(new Times(new Var("w"), new Var(xo)), new Var("b")))
                : new T("\\sigma(w " + x + " + b)", new Call(Fun.SIG, new Plus(new Times(new Var("w"), new Var(xo)), new Var("b"))));
        else {
            List<T> leaves = List.of(v("w", "w"), v("w", "w"), v(x, xo), v("b", "b"));
            def = body(r, leaves, 1 + r.nextInt(2), leaves.get(0));
        }
        given.add(fam + " = " + def.tex());
        T f = new T(fam, def.o());
        T loss;
        if (!hat && r.nextBoolean() && def.tex().startsWith("\\sigma"))
            loss = new T("-" + p(y + " \\log " + fam + " + (1 - " + y + ") \\log(1 - " + fam + ")"),
                    new Minus(new K(0), new Plus(new Times(new Var(yo), new Call(Fun.LOG, def.o())),
                            new Times(new Minus(new K(1), new Var(yo)), new Call(Fun.LOG, new Minus(new K(1), def.o()))))));
        else loss = body(r, List.of(f, f, v(y, yo)), 1 + r.nextInt(2), null);
        boolean symbolic = r.nextBoolean();
        boolean mean = symbolic && r.nextBoolean();
        String expr = (mean ? "\\frac{1}{N} " : "") + "\\sum_{i=1}^{" + (symbolic ? "N" : "3") + "} " + p(loss.tex());
        IntFunction<O> truth = n -> {
            int top = symbolic ? n : 3;
            O s = expand(loss.o(), 'i', 1, top);
            return mean ? new Over(s, new K(n)) : s;
        };
        List<String> wrts = new ArrayList<>();
        for (String c : new String[] {"w", "w", "b"}) if (mentions(truth.apply(3), c)) wrts.add(c);
        if (wrts.isEmpty()) return null;
        String wrt = wrts.get(r.nextInt(wrts.size()));
        return new Problem(Kind.FAMILY_N, expr, given, Set.of(), wrt, wrt, truth, symbolic ? new int[] {1, 2, 3, 4, 5} : new int[] {3});
    }

    static Problem unknown(Random r) {
        if (r.nextInt(4) == 0) { // Σ_k f(a_k) by a_j, or its log-sum-exp
            String fn = List.of("f", "g", "h").get(r.nextInt(3));
            O term = call(UNKNOWN.get(fn), "u", new Var("a_{k}"));
            boolean lse = r.nextBoolean();
            String expr = lse ? "\\log \\sum_k e^{" + fn + "(a_k)}" : "\\sum_k " + fn + "(a_k) a_k";
            IntFunction<O> truth = lse ? n -> new Call(Fun.LOG, expand(new Call(Fun.EXP, term), 'k', 1, n))
                    : n -> expand(new Times(term, new Var("a_{k}")), 'k', 1, n);
            return new Problem(Kind.UNKNOWN_FN, expr, List.of(), Set.of(), "a_j", "a_{j}", truth, new int[] {1, 2, 3, 4, 5});
        }
        List<T> argLeaves = List.of(v("w", "w"), v("w", "w"), v("x", "x"), v("b", "b"));
        List<T> leaves = new ArrayList<>(List.of(v("w", "w"), v("x", "x")));
        for (int c = 0; c < 1 + r.nextInt(2); c++) {
            String fn = List.of("f", "f", "g", "h").get(r.nextInt(4));
            T arg = r.nextInt(4) == 0 && leaves.size() > 2 ? leaves.get(2 + r.nextInt(leaves.size() - 2)) : body(r, argLeaves, r.nextInt(3), null);
            T call = new T(fn + "(" + arg.tex() + ")", call(UNKNOWN.get(fn), "u", arg.o()));
            leaves.add(call);
            leaves.add(call);
        }
        T e = body(r, leaves, 1 + r.nextInt(2), null);
        if (!e.tex().contains("(")) return null;
        List<String> wrts = new ArrayList<>();
        for (String c : new String[] {"w", "w", "x", "b"}) if (mentions(e.o(), c)) wrts.add(c);
        if (wrts.isEmpty() || !(e.tex().contains("f(") || e.tex().contains("g(") || e.tex().contains("h("))) return null;
        String wrt = wrts.get(r.nextInt(wrts.size()));
        return new Problem(Kind.UNKNOWN_FN, e.tex(), List.of(), Set.of(), wrt, wrt, n -> e.o(), new int[] {3});
    }

    // ------------------------------------------------------------------ this test's evaluator of chainrule's tree

    /** Where the answer is evaluated: the point, bound indices, n for sums without bounds. */
    record Ctx(Map<Sym, Double> pt, Map<Sym, Long> idx, int n) {
        Ctx bound(Sym i, long v) {
            Map<Sym, Long> m = new HashMap<>(idx);
            m.put(i, v);
            return new Ctx(pt, m, n);
        }
    }

    static double ev(Expr e, Ctx c) {
        return switch (e) {
            case Num n -> n.value().doubleValue();
            case Const k -> switch (k.kind()) {
                case PI -> Math.PI;
                case E -> Math.E;
                case INFINITY -> throw new Unsupported("∞");
            };
            case Sym s -> {
                if (c.idx().containsKey(s)) yield c.idx().get(s);
                Sym concrete = bindAll(s, c.idx());
                Double v = c.pt().get(concrete);
                if (v == null) throw new Unsupported("no value for " + LatexPrinter.print(concrete));
                yield v;
            }
            case Add a -> { double t = 0; for (Expr x : a.terms()) t += ev(x, c); yield t; }
            case Mul m -> { double t = 1; for (Expr x : m.factors()) t *= ev(x, c); yield t; }
            case Pow p -> Math.pow(ev(p.base(), c), ev(p.exponent(), c));
            case Apply ap -> {
                double[] a = new double[ap.args().size()];
                for (int k = 0; k < a.length; k++) a[k] = ev(ap.args().get(k), c);
                yield switch (ap.fn()) {
                    case Builtin b -> fn(b.op(), a, 0);
                    case Prime pr when pr.fn() instanceof Builtin b && a.length == 1 -> fn(b.op(), a, pr.order());
                    case Abstract ab when a.length == 1 -> unknownFn(ab.name(), a[0], 0);
                    case Prime pr when pr.fn() instanceof Abstract ab && a.length == 1 -> unknownFn(ab.name(), a[0], pr.order());
                    default -> throw new Unsupported("function " + ap.fn());
                };
            }
            case Indicator ind -> holdsIn(ind.condition(), c) ? 1 : 0;
            case Abs a -> Math.abs(ev(a.arg(), c));
            case Piecewise pw -> {
                for (Case k : pw.cases()) if (holdsIn(k.condition(), c)) yield ev(k.value(), c);
                if (pw.otherwise().isPresent()) yield ev(pw.otherwise().get(), c);
                throw new Unsupported("no case applies");
            }
            case BigOp b -> {
                long lo, hi;
                if (b.from().isEmpty() && b.to().isEmpty()) { lo = 1; hi = c.n(); }
                else if (b.from().isPresent() && b.to().isPresent()) { lo = Math.round(ev(b.from().get(), c)); hi = Math.round(ev(b.to().get(), c)); }
                else throw new Unsupported("a sum with one bound");
                double t = b.kind() == BigOpKind.SUM ? 0 : 1;
                for (long i = lo; i <= hi; i++) {
                    double v = ev(b.body(), c.bound(b.index(), i));
                    t = b.kind() == BigOpKind.SUM ? t + v : t * v;
                }
                yield t;
            }
            case Rel r -> holdsIn(r, c) ? 1 : 0;
            case Kronecker k -> Math.round(ev(k.i(), c)) == Math.round(ev(k.j(), c)) ? 1 : 0;
            case Hadamard h -> throw new Unsupported("⊙");
            case Norm n -> throw new Unsupported("norm");
            case Deriv d -> throw new Unsupported("a derivative left in the answer");
            case Matrix m -> throw new Unsupported("matrix");
            case Transpose t -> throw new Unsupported("transpose");
            case Index i -> throw new Unsupported("index");
            case EvalAt a -> throw new Unsupported("evaluation bar");
            case Limit l -> throw new Unsupported("limit");
            case Space s -> throw new Unsupported("space");
            case Dots d -> throw new Unsupported("dots");
        };
    }

    /** Index symbols in the subscript and the superscript (x^{(i)}) replaced by their values. */
    static Sym bindAll(Sym s, Map<Sym, Long> idx) {
        Sym out = s;
        if (!s.sub().isEmpty()) {
            List<Expr> sub = new ArrayList<>();
            for (Expr i : s.sub()) sub.add(i instanceof Sym is && idx.containsKey(is) ? Num.of(idx.get(is)) : i);
            out = out.withSub(sub);
        }
        if (!s.sup().items().isEmpty()) {
            List<Expr> sup = new ArrayList<>();
            for (Expr i : s.sup().items()) sup.add(i instanceof Sym is && idx.containsKey(is) ? Num.of(idx.get(is)) : i);
            out = out.withSup(new SupIndex(s.sup().kind(), sup));
        }
        return out;
    }

    static boolean holdsIn(Expr cond, Ctx c) {
        if (!(cond instanceof Rel r)) throw new Unsupported("condition " + cond);
        double left = ev(r.operands().get(0), c);
        for (int k = 0; k < r.ops().size(); k++) {
            double right = ev(r.operands().get(k + 1), c);
            if (!IndependentOracleTest.compare(r.ops().get(k), left, right)) return false;
            left = right;
        }
        return true;
    }

    /** This test's stand-in for an unknown function f, g or h, or its derivative. */
    static double unknownFn(Sym name, double x, int order) {
        O f = UNKNOWN.get(name.name());
        if (f == null || !name.sub().isEmpty()) throw new Unsupported("unknown function " + LatexPrinter.print(name));
        if (order == 0) return IndependentOracleTest.eval(f, Map.of("u", x), "u", new double[] {1}).v();
        if (order == 1) return IndependentOracleTest.eval(f, Map.of("u", x), "u", new double[] {1}).d();
        if (order == 2) {
            double h = 1e-5;
            return (unknownFn(name, x + h, 1) - unknownFn(name, x - h, 1)) / (2 * h);
        }
        throw new Unsupported("f of order " + order);
    }

    // ------------------------------------------------------------------ the scalar run

    static Result runScalar(int k, Problem p, Engine engine, Random pts) {
        Derivation d;
        try {
            Set<Sym> fns = new LinkedHashSet<>();
            for (String f : p.functions()) fns.add(Sym.of(f));
            ParseOptions opts = fns.isEmpty() ? ParseOptions.DEFAULT : new ParseOptions(fns, Set.of(), 1, 1);
            Expr expr = single(FormulaParser.parse(p.expr(), opts).statements());
            List<Expr> given = new ArrayList<>();
            for (String g : p.given()) given.addAll(FormulaParser.parse(g, opts).statements());
            d = engine.derive(new Engine.Problem(expr, (Sym) FormulaParser.parseExpr(p.wrt()), given, false, List.of(), k));
        } catch (ParseException e) {
            return result(k, p, Outcome.CRASHED, false, "-", "parse error on generated input: " + e.getMessage());
        } catch (DeriveException e) {
            return result(k, p, Outcome.REFUSED, false, "-", e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return result(k, p, Outcome.CRASHED, false, "-", e.toString());
        }
        String answer = LatexPrinter.print(d.answer());
        int checked = 0;
        String lastProblem = "no point away from kinks";
        for (int attempt = 0; attempt < 40 && checked < POINTS; attempt++) {
            int n = p.ns()[pts.nextInt(p.ns().length)];
            int iv = 1 + pts.nextInt(n), jv = 1 + pts.nextInt(n);
            Map<String, Double> pt = new LinkedHashMap<>();
            for (String name : NAMES) pt.put(name, Math.round((pts.nextDouble() * 3 - 1.5) * 1e6) / 1e6);
            for (int a = 1; a <= NMAX; a++) for (int b = 1; b <= NMAX; b++) pt.put("δ_{" + a + "," + b + "}", a == b ? 1.0 : 0.0);
            O truthTree = inst(inst(p.truth().apply(n), 'i', iv), 'j', jv);
            String wrt = inst(inst(p.wrtName(), 'i', iv), 'j', jv);
            double[] margin = {Double.POSITIVE_INFINITY};
            Dual truth;
            try {
                truth = IndependentOracleTest.eval(truthTree, pt, wrt, margin);
            } catch (IllegalStateException e) {
                throw new AssertionError("oracle tree of #" + k + " " + p.expr() + ": " + e.getMessage());
            }
            if (margin[0] < 1e-3 || !Double.isFinite(truth.d()) || Math.abs(truth.d()) > 1e8 || Math.abs(truth.v()) > 1e8) continue;
            Map<Sym, Double> point = new HashMap<>();
            for (String name : NAMES) point.put(SYMS.get(name), pt.get(name));
            point.put(Sym.of("N"), (double) n);
            Map<Sym, Long> idx = new HashMap<>(Map.of(Sym.of("i"), (long) iv, Sym.of("j"), (long) jv));
            double got;
            try {
                got = ev(d.answerFlat(), new Ctx(point, idx, n));
            } catch (Unsupported e) {
                lastProblem = "this test cannot evaluate the answer: " + e.getMessage();
                continue;
            }
            if (!Double.isFinite(got)) {
                lastProblem = "the answer has no value at n = " + n + ", i = " + iv + ", j = " + jv;
                continue;
            }
            double err = Math.abs(got - truth.d()) / Math.max(1, Math.abs(truth.d()));
            if (err > TOL)
                return result(k, p, Outcome.WRONG, d.verified(), answer, "true derivative " + truth.d() + ", answer gives " + got
                        + " at n = " + n + ", i = " + iv + ", j = " + jv + ", " + usedValues(truthTree, pt));
            checked++;
        }
        if (checked == 0) return result(k, p, Outcome.NO_VALUE, d.verified(), answer, lastProblem);
        return result(k, p, Outcome.RIGHT, d.verified(), answer, d.verified() ? "" : String.valueOf(d.problems()));
    }

    static Expr single(List<Expr> statements) {
        if (statements.size() != 1) throw new IllegalStateException("expected one formula, found " + statements.size());
        return statements.get(0);
    }

    static String usedValues(O tree, Map<String, Double> pt) {
        Map<String, Double> used = new TreeMap<>();
        replace(tree, n -> {
            if (pt.containsKey(n) && !n.startsWith("δ")) used.put(n, pt.get(n));
            return new Var(n);
        });
        return used.toString();
    }

    static Result result(int k, Problem p, Outcome o, boolean verified, String answer, String detail) {
        return new Result(k, p.kind(), p.expr(), p.given(), p.wrt(), o, verified, answer, detail);
    }

    // ------------------------------------------------------------------ the matrix kind

    record Term(String tex, Set<String> uses, ToDoubleFunction<Map<String, Mat>> f) {}

    static Mat softmaxOf(Mat z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z.data()) max = Math.max(max, v);
        double[] e = new double[z.data().length];
        double s = 0;
        for (int i = 0; i < e.length; i++) s += e[i] = Math.exp(z.data()[i] - max);
        for (int i = 0; i < e.length; i++) e[i] /= s;
        return new Mat(z.rows(), z.cols(), e);
    }

    static Mat mul(Mat a, Mat b) {
        double[] d = new double[a.rows() * b.cols()];
        for (int i = 0; i < a.rows(); i++)
            for (int j = 0; j < b.cols(); j++)
                for (int l = 0; l < a.cols(); l++) d[i * b.cols() + j] += a.get(i, l) * b.get(l, j);
        return new Mat(a.rows(), b.cols(), d);
    }

    static double dot(Mat a, Mat b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) s += a.data()[i] * b.data()[i];
        return s;
    }

    static Mat sub(Mat a, Mat b) {
        double[] d = a.data().clone();
        for (int i = 0; i < d.length; i++) d[i] -= b.data()[i];
        return new Mat(a.rows(), a.cols(), d);
    }

    /** The terms a matrix problem adds up; z is either free or A x + b (given). */
    static List<Term> matrixTerms(int dim, boolean defineZ, Random r) {
        int c = 1 + r.nextInt(dim);
        List<Term> all = new ArrayList<>(List.of(
                new Term("\\log \\operatorname{softmax}(\\mathbf{z})_{" + c + "}", Set.of("z"), e -> Math.log(softmaxOf(e.get("z")).data()[c - 1])),
                new Term("\\mathbf{t}^T \\log \\operatorname{softmax}(\\mathbf{z})", Set.of("t", "z"),
                        e -> dot(e.get("t"), softmaxOf(e.get("z")).map(Math::log))),
                new Term("\\|A \\mathbf{x} - \\mathbf{b}\\|^2", Set.of("A", "x", "b"), e -> { Mat m = sub(mul(e.get("A"), e.get("x")), e.get("b")); return dot(m, m); }),
                new Term("\\|\\mathbf{z} - \\mathbf{t}\\|", Set.of("z", "t"), e -> Math.sqrt(dot(sub(e.get("z"), e.get("t")), sub(e.get("z"), e.get("t"))))),
                new Term("\\mathbf{x}^T A \\mathbf{x}", Set.of("x", "A"), e -> dot(e.get("x"), mul(e.get("A"), e.get("x")))),
                new Term("\\mathbf{b}^T A \\mathbf{x}", Set.of("b", "A", "x"), e -> dot(e.get("b"), mul(e.get("A"), e.get("x")))),
                new Term("\\mathbf{t}^T \\mathbf{z}", Set.of("t", "z"), e -> dot(e.get("t"), e.get("z"))),
                new Term("\\|\\mathbf{x}\\|^2", Set.of("x"), e -> dot(e.get("x"), e.get("x"))),
                new Term("\\|\\mathbf{z}\\|_2", Set.of("z"), e -> Math.sqrt(dot(e.get("z"), e.get("z")))),
                new Term("\\mathbf{z}^T \\mathbf{z}", Set.of("z"), e -> dot(e.get("z"), e.get("z")))));
        List<Term> out = new ArrayList<>();
        int count = 1 + r.nextInt(2);
        // the softmax terms first half of the time: the brief's -log softmax(z)_1 and -t^T log softmax(z)
        if (r.nextBoolean()) out.add(all.get(r.nextInt(2)));
        while (out.size() < count) {
            Term t = all.get(r.nextInt(all.size()));
            if (!out.contains(t)) out.add(t);
        }
        return out;
    }

    static final String[] COEF_TEX = {"", "2 ", "0.5 ", "3 "};
    static final double[] COEF = {1, 2, 0.5, 3};

    static Result runMatrix(int k, Random r, Engine engine, Random pts) {
        int dim = 2 + r.nextInt(3);
        boolean defineZ = r.nextInt(3) == 0;
        List<Term> terms = matrixTerms(dim, defineZ, r);
        StringBuilder tex = new StringBuilder();
        List<Double> coefs = new ArrayList<>();
        Set<String> uses = new LinkedHashSet<>();
        for (Term t : terms) {
            int ci = r.nextInt(COEF.length);
            boolean neg = r.nextBoolean();
            tex.append(tex.length() == 0 ? (neg ? "-" : "") : (neg ? " - " : " + ")).append(COEF_TEX[ci]).append(t.tex());
            coefs.add((neg ? -1 : 1) * COEF[ci]);
            uses.addAll(t.uses());
        }
        if (defineZ && uses.remove("z")) uses.addAll(List.of("A", "x", "b"));
        List<String> vars = new ArrayList<>(uses);
        String wrt = vars.get(r.nextInt(vars.size()));
        String d = String.valueOf(dim);
        List<String> given = new ArrayList<>(List.of("\\mathbf{z} \\in \\mathbb{R}^{" + d + "}", "\\mathbf{t} \\in \\mathbb{R}^{" + d + "}",
                "\\mathbf{x} \\in \\mathbb{R}^{" + d + "}", "\\mathbf{b} \\in \\mathbb{R}^{" + d + "}", "A \\in \\mathbb{R}^{" + d + " \\times " + d + "}"));
        if (defineZ) given.add("\\mathbf{z} = A \\mathbf{x} + \\mathbf{b}");
        String wrtTex = wrt.equals("A") ? "A" : "\\mathbf{" + wrt + "}";
        String expr = tex.toString();
        ToDoubleFunction<Map<String, Mat>> f = e -> {
            Map<String, Mat> env = new HashMap<>(e);
            if (defineZ) env.put("z", mul(env.get("A"), env.get("x")).plus(env.get("b")));
            double s = 0;
            for (int i = 0; i < terms.size(); i++) s += coefs.get(i) * terms.get(i).f().applyAsDouble(env);
            return s;
        };
        Derivation der;
        Map<String, Sym> syms = new HashMap<>();
        try {
            for (String v : List.of("z", "t", "x", "b")) syms.put(v, (Sym) FormulaParser.parseExpr("\\mathbf{" + v + "}"));
            syms.put("A", (Sym) FormulaParser.parseExpr("A"));
            List<Expr> gs = new ArrayList<>();
            for (String g : given) gs.addAll(FormulaParser.parse(g).statements());
            der = engine.derive(new Engine.Problem(FormulaParser.parseExpr(expr), syms.get(wrt), gs, false, List.of(), k));
        } catch (ParseException e) {
            return new Result(k, Kind.MATRIX, expr, given, wrtTex, Outcome.CRASHED, false, "-", "parse error: " + e.getMessage());
        } catch (DeriveException e) {
            return new Result(k, Kind.MATRIX, expr, given, wrtTex, Outcome.REFUSED, false, "-", e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new Result(k, Kind.MATRIX, expr, given, wrtTex, Outcome.CRASHED, false, "-", e.toString());
        }
        String answer = LatexPrinter.print(der.answer());
        int checked = 0;
        for (int attempt = 0; attempt < 3 * POINTS && checked < POINTS; attempt++) {
            Map<String, Mat> env = new HashMap<>();
            for (String v : List.of("z", "t", "x", "b")) env.put(v, randomMat(pts, dim, 1));
            env.put("A", randomMat(pts, dim, dim));
            Mat x0 = env.get(wrt);
            double[] fd = new double[x0.data().length];
            double h = 1e-5;
            for (int i = 0; i < fd.length; i++) {
                Map<String, Mat> e = new HashMap<>(env);
                double[] up = x0.data().clone(), down = x0.data().clone();
                up[i] += h;
                down[i] -= h;
                e.put(wrt, new Mat(x0.rows(), x0.cols(), up));
                double fu = f.applyAsDouble(e);
                e.put(wrt, new Mat(x0.rows(), x0.cols(), down));
                fd[i] = (fu - f.applyAsDouble(e)) / (2 * h);
            }
            Map<Sym, Mat> point = new HashMap<>();
            for (Map.Entry<String, Mat> en : env.entrySet()) point.put(syms.get(en.getKey()), en.getValue());
            if (defineZ) point.put(syms.get("z"), mul(env.get("A"), env.get("x")).plus(env.get("b")));
            Mat got;
            try {
                got = MatrixEvaluator.eval(der.answerFlat(), point);
            } catch (RuntimeException e) {
                return new Result(k, Kind.MATRIX, expr, given, wrtTex, Outcome.NO_VALUE, der.verified(), answer, "MatrixEvaluator: " + e.getMessage());
            }
            Mat want = new Mat(x0.rows(), x0.cols(), fd);
            if (got.rows() != want.rows() || got.cols() != want.cols())
                return new Result(k, Kind.MATRIX, expr, given, wrtTex, Outcome.WRONG, der.verified(), answer,
                        "shape " + got.shape() + ", the variable's is " + want.shape());
            double err = 0;
            for (int i = 0; i < fd.length; i++) err = Math.max(err, Math.abs(got.data()[i] - fd[i]) / Math.max(1, Math.abs(fd[i])));
            if (err > 1e-5)
                return new Result(k, Kind.MATRIX, expr, given, wrtTex, Outcome.WRONG, der.verified(), answer,
                        "oracle " + want + ", answer gives " + got + " at " + env);
            checked++;
        }
        return new Result(k, Kind.MATRIX, expr, given, wrtTex, checked > 0 ? Outcome.RIGHT : Outcome.NO_VALUE, der.verified(), answer,
                der.verified() ? "" : String.valueOf(der.problems()));
    }

    static Mat randomMat(Random r, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = Math.round((r.nextDouble() * 3 - 1.5) * 1e6) / 1e6;
        return new Mat(rows, cols, d);
    }

    // ------------------------------------------------------------------ the run

    /** Generated problems left out of the assertions, by their LaTeX: known failures listed in the report. */
    static final Set<String> KNOWN = Set.of();

    @BeforeAll
    static void run() {
        long t0 = System.currentTimeMillis();
        Engine engine = new Engine();
        Random pts = new Random(11);
        int k = 0;
        for (Kind kind : Kind.values()) {
            Random r = new Random(1000L * kind.ordinal() + 17);
            for (int made = 0; made < PER_KIND; ) {
                k++;
                Result res;
                if (kind == Kind.MATRIX) res = runMatrix(k, r, engine, pts);
                else {
                    Problem p = switch (kind) {
                        case UNBOUNDED_SUM -> unboundedSum(r);
                        case SOFTMAX -> softmax(r);
                        case FUNCTION_DEF -> functionDef(r);
                        case KRONECKER -> kronecker(r);
                        case NUMBERED -> numbered(r);
                        case FAMILY_N -> familyN(r);
                        case UNKNOWN_FN -> unknown(r);
                        case MATRIX -> throw new AssertionError();
                    };
                    if (p == null) continue;
                    res = runScalar(k, p, engine, pts);
                }
                results.add(res);
                made++;
            }
        }
        millis = System.currentTimeMillis() - t0;
        Map<String, int[]> table = new LinkedHashMap<>();
        for (Result r : results) {
            int[] row = table.computeIfAbsent(r.kind().name(), x -> new int[7]);
            int col = switch (r.outcome()) {
                case RIGHT -> r.verified() ? 0 : 1;
                case WRONG -> r.verified() ? 3 : 2;
                case NO_VALUE -> 4;
                case REFUSED -> 5;
                case CRASHED -> 6;
            };
            row[col]++;
        }
        System.out.printf("indexed oracle: %d problems in %d ms%n", results.size(), millis);
        System.out.println("  kind             right+verified right+unverified wrong+unverified WRONG+VERIFIED no-value refused crashed");
        int[] total = new int[7];
        for (Map.Entry<String, int[]> en : table.entrySet()) {
            int[] v = en.getValue();
            System.out.printf("  %-16s %14d %16d %16d %14d %8d %7d %7d%n", en.getKey(), v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
            for (int i = 0; i < 7; i++) total[i] += v[i];
        }
        System.out.printf("  %-16s %14d %16d %16d %14d %8d %7d %7d%n", "total", total[0], total[1], total[2], total[3], total[4], total[5], total[6]);
        for (Result r : results) if (r.outcome() != Outcome.RIGHT || !r.verified()) System.out.println("  " + r.describe());
    }

    // ------------------------------------------------------------------ the properties

    @Test
    void aWrongValueIsNeverVerified() {
        List<String> bad = results.stream().filter(r -> r.outcome() == Outcome.WRONG && r.verified() && !KNOWN.contains(r.expr()))
                .map(Result::describe).toList();
        assertTrue(bad.isEmpty(), bad.size() + " wrong answers carry verified() == true:\n" + String.join("\n", bad));
    }

    @Test
    void theEngineNeverCrashesOnValidInput() {
        List<String> bad = results.stream().filter(r -> r.outcome() == Outcome.CRASHED && !KNOWN.contains(r.expr()))
                .map(Result::describe).toList();
        assertTrue(bad.isEmpty(), bad.size() + " crashes:\n" + String.join("\n", bad));
    }

    @Test
    void everyKindIsCoveredAndMostlyCompared() {
        for (Kind kind : Kind.values()) {
            List<Result> of = results.stream().filter(r -> r.kind() == kind).toList();
            long right = of.stream().filter(r -> r.outcome() == Outcome.RIGHT).count();
            long rightVerified = of.stream().filter(r -> r.outcome() == Outcome.RIGHT && r.verified()).count();
            assertTrue(of.size() >= PER_KIND, kind + ": " + of.size());
            assertTrue(right >= of.size() * 0.8, kind + ": the oracle compared too few: " + right + " of " + of.size());
            assertTrue(rightVerified >= right * 0.8, kind + ": too few right answers verified: " + rightVerified + " of " + right);
        }
    }
}
