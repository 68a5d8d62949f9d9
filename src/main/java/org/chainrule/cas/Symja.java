package org.chainrule.cas;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.FnSpec;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Rational;
import org.chainrule.simplify.Simplifier;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.expression.S;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.IRational;
import org.matheclipse.core.interfaces.ISymbol;

/**
 * The bridge to Symja, used as an independent oracle. Symja is started lazily on first use, runs on
 * its own daemon thread with a time limit per call, and is discarded after a time-out (a timed-out
 * evaluation can keep a lock and hang the next one). Trees are converted directly to Symja
 * expressions with generated symbol names (v1, v2 …) — user text never reaches Symja's parser, and
 * names such as "beta" or "I" cannot collide with built-ins. Only smooth closed forms are converted;
 * chainrule owns indicators, |·|, max, piecewise functions and index reasoning (Symja leaves their
 * derivatives unevaluated or gets them wrong).
 */
public final class Symja {

    // Before anything touches F: F's static initializer reads JAS_NO_THREADS and otherwise starts a
    // thread that loads every integration rule (a second core busy for seconds; chainrule never integrates).
    static {
        Config.JAS_NO_THREADS = true;
        Config.UNPROTECT_ALLOWED = false;
        Config.FILESYSTEM_ENABLED = false;
    }

    /** Per-call time limit. */
    private final long timeoutMillis;
    private ExecutorService thread;
    private ExprEvaluator evaluator;

    public Symja(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        // Starting Symja takes a few hundred ms (F's static initializer, the engine): begin now on its
        // own thread, while the caller parses and derives, so that the first check finds it ready.
        // An engine warmed up by warmUp (the CLI starts one as soon as a command is named) is adopted.
        Started warm = WARM.getAndSet(null);
        if (warm != null && !warm.thread().isShutdown()) {
            thread = warm.thread();
            adopted = warm.evaluator();
        } else {
            thread = newThread();
        }
        thread.submit(this::engine);
    }

    /**
     * This instance's engine, on its own thread: the adopted warm-up's when it started (it ran before
     * any task here, on the same thread), else a new one.
     */
    private ExprEvaluator engine() throws InterruptedException {
        if (evaluator == null && adopted != null) {
            try {
                evaluator = adopted.get();
            } catch (ExecutionException e) {
                // the warm-up failed; start afresh below
            }
            adopted = null;
        }
        if (evaluator == null) evaluator = start();
        return evaluator;
    }

    /** The expression as a Symja expression, or empty when it uses anything Symja should not see. */
    public static Optional<Converted> convert(List<Expr> exprs) {
        return convert(exprs, false);
    }

    /**
     * {@code namedSigmoid}: σ(u) as Symja's LogisticSigmoid[u] rather than 1/(1 + e^{−u}). Symja
     * differentiates both right, but evaluating the logarithm of the power, log σ(u) or log(1 − σ(u)),
     * it tries branch conditions on every term: differentiating the cross-entropy took 50–65 ms warm
     * instead of 7, and the 220 checks of the bench batch 0.94 s of Symja's time instead of 0.35 s
     * (first run, best of 5). Limits keep the elementary form, which Symja's Limit has been tried with.
     */
    private static Optional<Converted> convert(List<Expr> exprs, boolean namedSigmoid) {
        try {
            return Optional.of(convertOrThrow(exprs, namedSigmoid));
        } catch (Unsupported u) {
            return Optional.empty();
        }
    }

    /** @throws Unsupported naming the first part that is not sent to Symja */
    private static Converted convertOrThrow(List<Expr> exprs, boolean namedSigmoid) {
        Map<Sym, ISymbolHolder> names = new HashMap<>();
        List<Object> out = new ArrayList<>();
        for (Expr e : exprs) out.add(toIExpr(e, names, namedSigmoid));
        return new Converted(out, names);
    }

    /** Converted expressions and the symbol map (kept as Object to keep Symja types out of signatures). */
    public record Converted(List<Object> exprs, Map<Sym, ISymbolHolder> names) {}

    /** Wraps a Symja symbol so callers never need Symja's types. */
    public record ISymbolHolder(Object symbol) {}

    /** Stands for the argument of a primed built-in while its derivative is built; no LaTeX spells it. */
    private static final Sym PRIME_ARGUMENT = new Sym("argument of a primed built-in", List.of("rm"), List.of(), SupIndex.NONE);

    /** Why an expression is not sent to Symja, as the skip reason words it ("has an absolute value", "uses ReLU"). */
    private static final class Unsupported extends RuntimeException {
        final String what;

        Unsupported(String what) {
            super(null, null, false, false);
            this.what = what;
        }
    }

    private static IExpr toIExpr(Expr e, Map<Sym, ISymbolHolder> names, boolean namedSigmoid) {
        return switch (e) {
            case Num n -> n.value().isInteger() ? F.ZZ(n.value().num()) : F.fraction(n.value().num(), n.value().den());
            // δ_{12} is a number; δ_{ij} needs index reasoning Symja does not have (D[x[i], x[j]] is 0).
            case Kronecker k -> {
                if (!(k.i() instanceof Num && k.j() instanceof Num)) throw new Unsupported("has a Kronecker delta of symbolic indices");
                yield k.i().equals(k.j()) ? F.C1 : F.C0;
            }
            case Sym s -> {
                ISymbolHolder h = names.computeIfAbsent(s, k -> new ISymbolHolder(F.symbol("v" + (names.size() + 1))));
                yield (IExpr) h.symbol();
            }
            case Const c -> switch (c.kind()) {
                case E -> S.E;
                case PI -> S.Pi;
                case INFINITY -> throw new Unsupported("has infinity");
            };
            case Add a -> {
                IExpr[] xs = new IExpr[a.terms().size()];
                for (int i = 0; i < xs.length; i++) xs[i] = toIExpr(a.terms().get(i), names, namedSigmoid);
                yield F.Plus(xs);
            }
            case Mul m -> {
                if (!Simplifier.isScalarLike(m)) throw new Unsupported("has a product of vectors or matrices");
                IExpr[] xs = new IExpr[m.factors().size()];
                for (int i = 0; i < xs.length; i++) xs[i] = toIExpr(m.factors().get(i), names, namedSigmoid);
                yield F.Times(xs);
            }
            case Pow p -> F.Power(toIExpr(p.base(), names, namedSigmoid), toIExpr(p.exponent(), names, namedSigmoid));
            case Apply ap -> apply(ap, names, namedSigmoid);
            case Hadamard h -> throw new Unsupported("has an elementwise product");
            case Indicator i -> throw new Unsupported("has an indicator");
            case Abs a -> throw new Unsupported("has an absolute value");
            case Norm n -> throw new Unsupported("has a norm");
            case Piecewise pw -> throw new Unsupported("is defined by cases");
            case Rel r -> throw new Unsupported("has a relation");
            case BigOp b -> throw new Unsupported("has a sum or product over an index");
            case Deriv d -> throw new Unsupported("has a derivative");
            case Matrix m -> throw new Unsupported("has a matrix");
            case Transpose t -> throw new Unsupported("has a transpose");
            case Index ix -> throw new Unsupported("has an indexed entry");
            case EvalAt at -> throw new Unsupported("has an evaluation bar");
            case Limit l -> throw new Unsupported("has a limit");
            case Space sp -> throw new Unsupported("has a space");
            case Dots d -> throw new Unsupported("has dots");
        };
    }

    private static IExpr apply(Apply ap, Map<Sym, ISymbolHolder> names, boolean namedSigmoid) {
        // \tanh''(u) is D[Tanh[t], {t, 2}] at t = u; a non-smooth built-in throws Unsupported below.
        if (ap.fn() instanceof Prime p && p.fn() instanceof Builtin && ap.args().size() == 1) {
            ISymbol t = F.symbol("primeargument");
            Map<Sym, ISymbolHolder> local = new HashMap<>(Map.of(PRIME_ARGUMENT, new ISymbolHolder(t)));
            // the elementary σ here: Symja leaves higher derivatives of LogisticSigmoid without a numeric value
            IExpr outer = apply(new Apply(p.fn(), List.of(PRIME_ARGUMENT)), local, false);
            return F.ReplaceAll(F.D(outer, F.List(t, F.ZZ(p.order()))), F.Rule(t, toIExpr(ap.args().get(0), names, namedSigmoid)));
        }
        if (!(ap.fn() instanceof Builtin b)) {
            if (ap.fn() instanceof LogBase lb)
                return F.Log(toIExpr(lb.base(), names, namedSigmoid), toIExpr(ap.args().get(0), names, namedSigmoid)); // Log[b, z]: base first
            throw new Unsupported("uses a function with no formula");
        }
        // The table's spelling: Symja's own function, or the definition in functions Symja has (softplus,
        // GELU, Φ); a function with neither (ReLU, sign, max, softmax) is chainrule's alone.
        FnSpec spec = b.op().spec;
        if (spec.maxArgs() != 1) throw new Unsupported("uses " + spec.plain());
        if (spec.symja() != null && (namedSigmoid || spec.definition() == null))
            return F.unaryAST1(symbol(spec.symja()), toIExpr(ap.args().get(0), names, namedSigmoid));
        if (spec.definition() != null) return toIExpr(spec.definition().apply(ap.args().get(0)), names, namedSigmoid);
        throw new Unsupported("uses " + spec.plain());
    }

    /** Symja's built-in symbol with this name (a field of S); the table tests check every spelling resolves. */
    static ISymbol symbol(String name) {
        return SYMBOLS.computeIfAbsent(name, n -> {
            try {
                return (ISymbol) S.class.getField(n).get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("Symja has no symbol " + n, e);
            }
        });
    }

    private static final Map<String, ISymbol> SYMBOLS = new ConcurrentHashMap<>();

    /**
     * Symja's derivative of f minus the claimed answer, evaluated at the given points: agrees when
     * all are ~0, disagrees otherwise, skipped when Symja cannot take part.
     */
    public synchronized CasVerdict checkDerivative(Expr f, Sym x, Expr answer, List<Map<Sym, Double>> points) {
        Converted c;
        try {
            c = convertOrThrow(List.of(f, answer, x), true);
        } catch (Unsupported u) {
            // what the check leaves to the numeric one: non-smooth functions (Symja leaves D[Abs[x]]
            // unevaluated), shapes, indices, chainrule's own functions
            return CasVerdict.skipped("not sent to Symja, as it " + u.what);
        }
        if (Exprs.size(f) > 400) return CasVerdict.skipped("expression too large");
        IExpr fi = (IExpr) c.exprs().get(0), ai = (IExpr) c.exprs().get(1), xi = (IExpr) c.exprs().get(2);
        // The points as rule lists, for the points that give every symbol a value.
        List<IExpr> pointRules = new ArrayList<>();
        for (Map<Sym, Double> point : points) {
            List<IExpr> rules = new ArrayList<>();
            for (Map.Entry<Sym, ISymbolHolder> en : c.names().entrySet()) {
                Double v = point.get(en.getKey());
                if (v == null) break;
                rules.add(F.Rule((ISymbol) en.getValue().symbol(), F.num(v)));
            }
            if (rules.size() == c.names().size()) pointRules.add(F.List(rules.toArray(new IExpr[0])));
        }
        try {
            // One hand-over to Symja's thread for the symbolic difference and all its values: each call
            // costs a thread switch and a future, and the time limit bounds the whole check.
            IExpr values = call(ev -> {
                IExpr diff = ev.eval(F.Subtract(F.D(fi, xi), ai));
                IExpr[] at = new IExpr[pointRules.size()];
                for (int k = 0; k < at.length; k++) at[k] = ev.eval(F.N(F.ReplaceAll(diff, pointRules.get(k))));
                return F.List(at);
            });
            int agreed = 0;
            for (int k = 1; k <= values.argSize(); k++) {
                double d;
                try {
                    d = values.getAt(k).evalf();
                } catch (RuntimeException ex) {
                    continue;
                }
                if (!Double.isFinite(d)) continue;
                double scale = 1;
                if (Math.abs(d) > 1e-6 * scale) return new CasVerdict.Disagrees("Symja's derivative differs by " + d + " at a sample point");
                agreed++;
            }
            return agreed > 0 ? CasVerdict.AGREES : CasVerdict.skipped("no point where Symja's result could be evaluated");
        } catch (TimeoutException t) {
            discard();
            return CasVerdict.skipped("Symja timed out");
        } catch (RuntimeException | ExecutionException | InterruptedException ex) {
            discard();
            return CasVerdict.skipped("Symja failed (" + ex.getClass().getSimpleName() + ")");
        }
    }

    /** What Symja said a limit is. */
    public enum LimitKind { VALUE, INDETERMINATE, COMPLEX_INFINITY, UNEVALUATED, FAILED }

    /**
     * A limit: a VALUE (a number, ∞ or −∞ as {@link Const} INFINITY, or an expression in the input's
     * symbols), INDETERMINATE (Symja's answer to a two-sided limit whose one-sided limits differ),
     * COMPLEX_INFINITY (the size grows without bound but the sign is not one), UNEVALUATED (Symja
     * returned something chainrule cannot read back; {@code detail} has Symja's text) or FAILED.
     */
    public record LimitResult(LimitKind kind, Optional<Expr> value, String detail) {}

    /**
     * lim_{var → to} body, from above (side +1), below (−1) or both sides (0); {@code to} may be ∞ or
     * −∞. Symja needs a direction for limits such as (1 − p)/p at 0 (Indeterminate without one).
     */
    public synchronized LimitResult limit(Expr body, Sym var, Expr to, int side) {
        boolean plusInf = to instanceof Const c && c.kind() == ConstKind.INFINITY;
        boolean minusInf = to instanceof Mul m && m.factors().size() == 2 && Exprs.isNum(m.factors().get(0), -1)
                && m.factors().get(1) instanceof Const c && c.kind() == ConstKind.INFINITY;
        Optional<Converted> conv = convert(plusInf || minusInf ? List.of(body, var) : List.of(body, var, to));
        if (conv.isEmpty()) return new LimitResult(LimitKind.FAILED, Optional.empty(), "the expression uses functions Symja does not take limits of reliably");
        Converted c = conv.get();
        IExpr b = (IExpr) c.exprs().get(0), x = (IExpr) c.exprs().get(1);
        IExpr point = plusInf ? F.CInfinity : minusInf ? F.CNInfinity : (IExpr) c.exprs().get(2);
        // Mathematica's convention, which Symja follows: Direction -> -1 is "from above" (x ↓ to).
        IExpr lim = side == 0 ? F.Limit(b, F.Rule(x, point))
                : F.Limit(b, F.Rule(x, point), F.Rule(S.Direction, side > 0 ? F.CN1 : F.C1));
        try {
            IExpr r = call(ev -> ev.eval(lim));
            if (r.isIndeterminate()) return new LimitResult(LimitKind.INDETERMINATE, Optional.empty(), "Indeterminate");
            if (r.isComplexInfinity()) return new LimitResult(LimitKind.COMPLEX_INFINITY, Optional.empty(), "ComplexInfinity");
            if (r.isInfinity()) return new LimitResult(LimitKind.VALUE, Optional.of(new Const(ConstKind.INFINITY)), "Infinity");
            if (r.isNegativeInfinity()) return new LimitResult(LimitKind.VALUE, Optional.of(Expr.neg(new Const(ConstKind.INFINITY))), "-Infinity");
            if (!r.isFree(S.Limit)) return new LimitResult(LimitKind.UNEVALUATED, Optional.empty(), r.toString());
            Map<IExpr, Sym> back = new HashMap<>();
            for (Map.Entry<Sym, ISymbolHolder> en : c.names().entrySet()) back.put((IExpr) en.getValue().symbol(), en.getKey());
            try {
                return new LimitResult(LimitKind.VALUE, Optional.of(fromIExpr(r, back)), r.toString());
            } catch (Unsupported u) {
                return new LimitResult(LimitKind.UNEVALUATED, Optional.empty(), r.toString());
            }
        } catch (TimeoutException t) {
            discard();
            return new LimitResult(LimitKind.FAILED, Optional.empty(), "Symja timed out");
        } catch (RuntimeException | ExecutionException | InterruptedException ex) {
            discard();
            return new LimitResult(LimitKind.FAILED, Optional.empty(), "Symja failed (" + ex.getClass().getSimpleName() + ")");
        }
    }

    /** A Symja result read back into a tree: numbers, the input's symbols, +, ×, powers, e, π and elementary functions. */
    private static Expr fromIExpr(IExpr e, Map<IExpr, Sym> back) {
        if (e instanceof IRational q)
            return Expr.num(new Rational(q.toBigNumerator(), q.toBigDenominator()));
        Sym s = back.get(e);
        if (s != null) return s;
        if (e == S.E) return new Const(ConstKind.E);
        if (e == S.Pi) return new Const(ConstKind.PI);
        if (e.isInfinity()) return new Const(ConstKind.INFINITY);
        if (e.isNegativeInfinity()) return Expr.neg(new Const(ConstKind.INFINITY));
        if (e.isAST()) {
            List<Expr> args = new ArrayList<>();
            for (int k = 1; k <= e.argSize(); k++) args.add(fromIExpr(e.getAt(k), back));
            IExpr h = e.head();
            if (h == S.Plus) return Expr.add(args);
            if (h == S.Times) return Expr.mul(args);
            if (h == S.Power && args.size() == 2) return Expr.pow(args.get(0), args.get(1));
            if (args.size() == 1) {
                for (BuiltinFn f : READ_BACK) if (h == symbol(f.spec.symja())) return Expr.apply(f, args.get(0));
            }
        }
        throw new Unsupported("has a result that cannot be read back");
    }

    /** Functions a result may be read back with (the ones results have been seen to contain). */
    private static final List<BuiltinFn> READ_BACK = List.of(BuiltinFn.LOG, BuiltinFn.SIN, BuiltinFn.COS, BuiltinFn.TANH);

    private interface Call {
        IExpr run(ExprEvaluator ev);
    }

    /** A thread whose engine is starting or started by {@link #warmUp}, for the first instance to adopt. */
    private record Started(ExecutorService thread, Future<ExprEvaluator> evaluator) {}

    private static final AtomicReference<Started> WARM = new AtomicReference<>();

    /** An engine started by warmUp for this instance, adopted on its thread; null once used. */
    private Future<ExprEvaluator> adopted;

    /**
     * Starts an engine on a background thread now, for the first Symja instance that makes a call to
     * adopt with its thread. Symja's start (class set-up of thousands of built-in symbols, then its
     * first evaluation) is the slowest part of a cold derivation; a command that will likely need it
     * calls this first, and the engine starts while the parser and the engine work. Idempotent.
     */
    public static void warmUp() {
        if (WARM.get() != null) return;
        ExecutorService t = newThread();
        Started s = new Started(t, t.submit(() -> {
            ExprEvaluator ev = start();
            ISymbol z = F.symbol("warmup");
            ev.eval(F.N(F.ReplaceAll(F.D(F.Power(F.Plus(F.C1, F.Exp(F.Negate(z))), F.CN1), z), F.Rule(z, F.num(0.5)))));
            return ev;
        }));
        if (!WARM.compareAndSet(null, s)) t.shutdownNow();
    }

    private static ExecutorService newThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "symja");
            t.setDaemon(true);
            return t;
        });
    }

    private IExpr call(Call c) throws TimeoutException, ExecutionException, InterruptedException {
        if (thread == null) thread = newThread();
        Future<IExpr> fut = thread.submit(() -> c.run(engine()));
        try {
            return fut.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException t) {
            fut.cancel(true);
            throw t;
        }
    }

    /** Never reuse an engine after a failure or time-out: a fresh thread and engine next time. */
    private void discard() {
        if (thread != null) thread.shutdownNow();
        thread = null;
        evaluator = null;
        adopted = null;
    }

    private static ExprEvaluator start() {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        EvalEngine engine = new EvalEngine("chainrule", 256, 1000, quiet, quiet, true);
        EvalEngine.set(engine);
        return new ExprEvaluator(engine, true, (short) 0);
    }
}
