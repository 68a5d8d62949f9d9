package org.chainrule.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;

/**
 * Function definitions written as calls ({@code g(x) = w x^2 + b}, {@code r(t) = …},
 * {@code \\mathcal{L}(w, b) = …}) where they are read, with the text at hand: which names such
 * definitions declare as functions, and the mistakes in them that are the author's (a function defined
 * twice, a parameter that is not a name, a definition that calls itself, a call with the wrong number
 * of arguments), each as a {@link ParseException} at the place it concerns. The engine applies the
 * definitions (derive/Definitions); it cannot say where they were written.
 */
public final class FunctionDefinitions {
    private FunctionDefinitions() {}

    /**
     * A parsed formula: {@code name} is where it came from for messages that point to another formula
     * ("" in a sheet, whose positions are the sheet's; "--given 2" for a command-line given),
     * {@code definitions} whether its statements may define (a given or a \let), {@code line} the
     * source text of a line number, for the excerpt under an error.
     */
    public record Source(String name, Parsed parsed, boolean definitions, IntFunction<String> line) {}

    /** An error and the source it is in. */
    public record Problem(Source source, ParseException error) {}

    /** A function definition as read. */
    private record Definition(Sym name, List<Sym> params, Source source, Parsed.Position at, Expr body) {
        int arity() { return params.size(); }
    }

    /**
     * The names that the statements of {@code text} define as functions by writing them as a call,
     * {@code r(t) = …}, where the parser alone reads r(t) as the product r·t; "r t = …" stays a product.
     * Text that does not parse declares nothing (its error is reported where it is really parsed).
     */
    public static Set<Sym> declaredByCall(String text, ParseOptions options) {
        Set<Sym> out = new LinkedHashSet<>();
        Parsed p;
        try {
            p = FormulaParser.parse(text, options);
        } catch (ParseException e) {
            return out;
        }
        for (int i = 0; i < p.statements().size(); i++) {
            if (!(p.statements().get(i) instanceof Rel r) || !isDefinitionOp(r) || !(r.operands().get(0) instanceof Mul m)
                    || m.factors().size() != 2 || !(m.factors().get(0) instanceof Sym name) || !(m.factors().get(1) instanceof Sym))
                continue;
            // Read again with the name declared: only name(arg), with the parentheses, becomes a call.
            Set<Sym> fns = new LinkedHashSet<>(options.functions());
            fns.add(name.base());
            try {
                Parsed again = FormulaParser.parse(text, new ParseOptions(fns, options.variables(), options.line(), options.column()));
                if (again.statements().size() == p.statements().size() && again.statements().get(i) instanceof Rel r2
                        && r2.operands().get(0) instanceof Apply ap && ap.fn() instanceof Abstract ab && ab.name().base().equals(name.base()))
                    out.add(name.base());
            } catch (ParseException e) {
                // declared, the text no longer parses: it was not meant as a call
            }
        }
        return out;
    }

    private static boolean isDefinitionOp(Rel r) {
        return r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF);
    }

    /** The left side of a function definition, g(x) in g(x) = …, or null when g is not a definition of a function. */
    public static Apply definedCall(Expr statement) {
        return statement instanceof Rel r && isDefinitionOp(r) && r.operands().get(0) instanceof Apply ap
                && ap.fn() instanceof Abstract ? ap : null;
    }

    /** Every mistake in the function definitions of the sources and in the calls of the functions they define. */
    public static List<Problem> check(List<Source> sources) {
        List<Problem> out = new ArrayList<>();
        Map<Sym, Definition> defs = new LinkedHashMap<>();
        Set<Apply> lhs = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Source src : sources) {
            if (!src.definitions()) continue;
            for (Expr st : src.parsed().statements()) {
                Apply ap = definedCall(st);
                if (ap == null) continue;
                lhs.add(ap);
                Parsed.Call call = callOf(src, ap);
                Sym name = ((Abstract) ap.fn()).name();
                String shown = LatexPrinter.print(name);
                boolean ok = true;
                List<Sym> params = new ArrayList<>();
                for (int k = 0; k < ap.args().size() && ok; k++) {
                    Expr a = ap.args().get(k);
                    Parsed.Position at = call == null ? null : call.args().get(k);
                    if (!(a instanceof Sym p)) {
                        out.add(problem(src, at, "the parameter " + LatexPrinter.print(a) + " of " + shown
                                + " is not a name: a function is defined with names for its arguments, as in " + shown + "("
                                + (ap.args().size() == 1 ? "x" : "x, y") + ") = …"));
                        ok = false;
                    } else if (params.contains(p)) {
                        out.add(problem(src, at, "the parameter " + LatexPrinter.print(p) + " of " + shown
                                + " is written twice: the parameters of a function are distinct names"));
                        ok = false;
                    } else {
                        params.add(p);
                    }
                }
                if (!ok) continue;
                Parsed.Position at = call == null ? null : call.at();
                Definition first = defs.get(name);
                if (first != null) {
                    out.add(problem(src, at, shown + " is defined twice (first " + where(first.source(), first.at(), src) + ")"));
                    continue;
                }
                defs.put(name, new Definition(name, List.copyOf(params), src, at, ((Rel) st).operands().get(1)));
            }
        }
        if (defs.isEmpty()) return out;
        cycles(sources, defs, out);
        for (Source src : sources)
            for (Parsed.Call c : src.parsed().calls()) {
                if (lhs.contains(c.call())) continue;
                Sym name = fnName(c.call().fn());
                Definition d = name == null ? null : defs.get(name);
                if (d == null || d.arity() == c.call().args().size()) continue;
                String shown = LatexPrinter.print(name);
                out.add(problem(src, c.at(), shown + " is defined with " + count(d.arity()) + " (" + where(d.source(), d.at(), src)
                        + ") but " + LatexPrinter.print(c.call()) + " gives " + c.call().args().size()));
            }
        return out;
    }

    /** A dependence of one definition on another: a call of a function (located) or a use of a defined name (not). */
    private record Edge(Sym to, Parsed.Position at) {}

    /**
     * Definitions that depend on themselves, directly (g(x) = g(x) + 1) or through others (g(x) = h(x)
     * and h(t) = 2 g(t); g(x) = a x and a = g(1)): an error at a call on the cycle. Cycles of plain names
     * only (a = b, b = a) are the engine's to report.
     */
    private static void cycles(List<Source> sources, Map<Sym, Definition> defs, List<Problem> out) {
        Map<Sym, Expr> plain = new LinkedHashMap<>();
        Map<Sym, Source> plainSource = new LinkedHashMap<>();
        for (Source src : sources) {
            if (!src.definitions()) continue;
            for (Expr st : src.parsed().statements())
                if (st instanceof Rel r && isDefinitionOp(r) && r.operands().get(0) instanceof Sym n && !plain.containsKey(n)) {
                    plain.put(n, r.operands().get(1));
                    plainSource.put(n, src);
                }
        }
        Map<Sym, List<Edge>> edges = new LinkedHashMap<>();
        Map<Sym, Source> where = new LinkedHashMap<>();
        for (Definition d : defs.values()) {
            Set<Sym> params = new LinkedHashSet<>(d.params());
            edges.put(d.name(), edges(d.body(), d.source(), d.at(), defs, plain, params));
            where.put(d.name(), d.source());
        }
        for (Map.Entry<Sym, Expr> en : plain.entrySet()) {
            if (defs.containsKey(en.getKey())) continue;
            edges.put(en.getKey(), edges(en.getValue(), plainSource.get(en.getKey()), null, defs, plain, Set.of()));
            where.put(en.getKey(), plainSource.get(en.getKey()));
        }
        Set<Sym> done = new LinkedHashSet<>();
        for (Sym start : edges.keySet()) cycle(start, defs, edges, where, new ArrayList<>(), new ArrayList<>(), done, out);
    }

    private static List<Edge> edges(Expr body, Source src, Parsed.Position at, Map<Sym, Definition> defs, Map<Sym, Expr> plain, Set<Sym> params) {
        Map<Expr, Parsed.Call> sites = new IdentityHashMap<>();
        for (Parsed.Call c : src.parsed().calls()) sites.put(c.call(), c);
        List<Edge> out = new ArrayList<>();
        collect(body, defs, sites, at, out);
        for (Sym v : Exprs.valueSymbols(body)) if (plain.containsKey(v) && !params.contains(v) && !defs.containsKey(v)) out.add(new Edge(v, null));
        return out;
    }

    private static void collect(Expr e, Map<Sym, Definition> defs, Map<Expr, Parsed.Call> sites, Parsed.Position fallback, List<Edge> out) {
        if (e instanceof Apply ap && fnName(ap.fn()) instanceof Sym n && defs.containsKey(n)) {
            Parsed.Call c = sites.get(ap);
            // Not the parser's node (rebuilt on the way): point at the definition itself.
            out.add(new Edge(n, c != null ? c.at() : fallback));
        }
        for (Expr c : Exprs.children(e)) collect(c, defs, sites, fallback, out);
    }

    private static void cycle(Sym f, Map<Sym, Definition> defs, Map<Sym, List<Edge>> edges, Map<Sym, Source> where,
                              List<Sym> path, List<Edge> taken, Set<Sym> done, List<Problem> out) {
        if (done.contains(f)) return;
        path.add(f);
        for (Edge e : edges.getOrDefault(f, List.of())) {
            int back = path.indexOf(e.to());
            if (back < 0) {
                taken.add(e);
                cycle(e.to(), defs, edges, where, path, taken, done, out);
                taken.remove(taken.size() - 1);
                continue;
            }
            List<Sym> members = path.subList(back, path.size());
            if (members.stream().noneMatch(defs::containsKey)) continue;
            // the closing call, else the first located call on the cycle (taken[k] leads from path[k] to path[k+1])
            Sym from = f;
            Parsed.Position at = e.at();
            for (int k = back; at == null && k < taken.size(); k++) {
                from = path.get(k);
                at = taken.get(k).at();
            }
            String shown = LatexPrinter.print(e.to());
            if (members.size() == 1)
                out.add(problem(where.get(f), at, "the definition of " + shown + " calls " + shown
                        + " itself: a function cannot be defined in terms of itself"));
            else
                out.add(problem(where.get(from), at, "the definitions of " + names(members)
                        + " depend on each other in a cycle: a function cannot be defined in terms of itself"));
        }
        path.remove(path.size() - 1);
        done.add(f);
    }

    /** g and h; g, h and k. */
    private static String names(List<Sym> names) {
        List<String> shown = names.stream().map(LatexPrinter::print).toList();
        return shown.size() == 1 ? shown.get(0)
                : String.join(", ", shown.subList(0, shown.size() - 1)) + " and " + shown.get(shown.size() - 1);
    }

    private static String count(int n) {
        return n + " argument" + (n == 1 ? "" : "s");
    }

    /** Where a definition is, said from another formula: "at line 2, column 6", or "in --given 1" on the command line. */
    private static String where(Source of, Parsed.Position at, Source from) {
        if (at == null) return of.name().isEmpty() ? "earlier" : "in " + of.name();
        if (of.name().isEmpty()) return "at line " + at.line() + ", column " + at.column();
        return of == from ? "at column " + at.column() + (at.line() > 1 ? " of line " + at.line() : "") : "in " + of.name();
    }

    /** The call node's place, by identity (the same call written twice is two places), else an equal one. */
    private static Parsed.Call callOf(Source src, Apply ap) {
        for (Parsed.Call c : src.parsed().calls()) if (c.call() == ap) return c;
        for (Parsed.Call c : src.parsed().calls()) if (c.call().equals(ap)) return c;
        return null;
    }

    private static Problem problem(Source src, Parsed.Position at, String message) {
        int line = at == null ? 1 : at.line(), column = at == null ? 1 : at.column();
        String text = src.line().apply(line);
        return new Problem(src, new ParseException(message, line, column, text == null ? "" : text));
    }

    /** The defined name under a call: g in g(x) and in g'(x); null for a built-in. */
    static Sym fnName(Fn fn) {
        return switch (fn) {
            case Abstract a -> a.name();
            case Prime p -> fnName(p.fn());
            default -> null;
        };
    }
}
