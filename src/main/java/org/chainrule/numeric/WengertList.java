package org.chainrule.numeric;

import static java.util.stream.Collectors.joining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;
import org.chainrule.simplify.Simplifier;

/**
 * Reverse-mode automatic differentiation of a scalar function at a point, the way it is taught: the
 * function decomposed into a Wengert list of elementary operations, a forward (primal) sweep that
 * computes every intermediate value, and a reverse (adjoint) sweep that computes
 * {@code v̄_i = ∂y/∂v_i} from {@code v̄_n = 1} back to the inputs.
 *
 * <p>The inputs are {@code v_{1-k} … v_0}, one per free symbol of the function in order of first
 * appearance; the operations are {@code v_1 … v_n}, each one of {@link Op} applied to earlier v's and
 * constants. Sums and products of more than two terms are taken left to right, a term with a minus
 * sign is subtracted, a factor with a negative power divides, and a sub-expression that occurs twice
 * is computed once. Values are doubles, and also exact rationals while the inputs are exact and the
 * operations rational (+, −, ·, /, integer powers).
 */
public final class WengertList {

    /** The elementary operations; FN is a smooth function of the table (exp, log, σ, GELU …), see {@link Node#fn()}. */
    public enum Op { INPUT, ADD, SUB, MUL, DIV, NEG, RECIP, POW, FN }

    /** A number: its double value, and its exact value when it is known exactly. */
    public record Value(double approx, Optional<Rational> exact) {
        public static Value of(Rational r) { return new Value(r.doubleValue(), Optional.of(r)); }
        public static Value of(double d) { return new Value(d, Optional.empty()); }
    }

    /** An operand: an earlier v, or a constant written in the function (the 2 of 2x). */
    public sealed interface Arg {}

    public record Var(int id) implements Arg {}

    public record Constant(Expr expr, Value value) implements Arg {}

    /**
     * One line of the list: {@code v_id = operation}. For an input, {@code input} is its symbol and
     * {@code operation} is that symbol; for an operation, {@code operation} is an expression over the
     * symbols {@link #v(int)} of its operands. {@code exponent} is set for {@link Op#POW}.
     */
    public record Node(int id, Op op, List<Arg> args, Optional<Rational> exponent, Optional<Sym> input,
                       Expr operation, Value value) {
        public Node { args = List.copyOf(args); }
        public Sym name() { return v(id); }

        /** The function an {@link Op#FN} node applies, else null. */
        public BuiltinFn fn() {
            return op == Op.FN && operation instanceof Apply ap && ap.fn() instanceof Builtin b ? b.op() : null;
        }

        /** The operation's name, a function's own for FN (exp, log, sigmoid, gelu). */
        public String kind() {
            return (fn() != null ? fn().name() : op.name()).toLowerCase(Locale.ROOT);
        }
    }

    /** One term of an adjoint: {@code v̄_consumer · ∂v_consumer/∂v_i}, the partial written over the v's. */
    public record Term(int consumer, Expr partial, Value partialValue) {}

    /** {@code v̄_id}: the sum of its terms (none for the output, whose adjoint is 1). */
    public record Adjoint(int id, List<Term> terms, Value value) {
        public Adjoint { terms = List.copyOf(terms); }
    }

    private final List<Node> nodes;
    private final int inputs;
    private final int output;
    private final Map<Integer, Adjoint> adjoints;

    private WengertList(List<Node> nodes, int inputs, int output) {
        this.nodes = List.copyOf(nodes);
        this.inputs = inputs;
        this.output = output;
        this.adjoints = reverse();
    }

    /** {@code v_k}. */
    public static Sym v(int k) {
        return Sym.of("v", Num.of(k));
    }

    /** {@code \bar{v}_k}. */
    public static Sym vbar(int k) {
        return v(k).withStyles(List.of("bar"));
    }

    /**
     * The free symbols of f in order of first appearance: the inputs of its list. A symbol with
     * indices ({@code w_1}) is one input; the index of a sum is bound, not free.
     */
    public static List<Sym> freeSymbols(Expr f) {
        Set<Sym> out = new LinkedHashSet<>();
        collect(f, Set.of(), out);
        return List.copyOf(out);
    }

    private static void collect(Expr e, Set<Sym> bound, Set<Sym> out) {
        if (e instanceof Sym s) {
            if (!bound.contains(s)) out.add(s);
            return;
        }
        if (e instanceof Kronecker) return; // a constant: its indices are names, as a symbol's subscripts are
        Set<Sym> inner = bound;
        if (e instanceof BigOp b) {
            inner = new LinkedHashSet<>(bound);
            inner.add(b.index());
        }
        for (Expr c : Exprs.children(e)) collect(c, inner, out);
    }

    /**
     * The list of {@code f} at {@code point}, with both sweeps done.
     *
     * @throws TraceException when a symbol has no value, an operation is not elementary, or a value
     *                        is undefined at the point
     */
    public static WengertList of(Expr f, Map<Sym, Value> point) {
        List<Sym> symbols = freeSymbols(f);
        if (symbols.isEmpty()) throw new TraceException("the function has no variables to differentiate by");
        Builder b = new Builder(symbols, point);
        Arg root = b.arg(f);
        if (!(root instanceof Var out)) throw new TraceException("the function is a constant");
        return new WengertList(b.nodes, symbols.size(), out.id());
    }

    // ---------------------------------------------------------------- access

    /** Every line, inputs first: {@code v_{1-k}} … {@code v_n}. */
    public List<Node> nodes() { return nodes; }

    public List<Node> inputs() { return nodes.subList(0, inputs); }

    /** The operations {@code v_1 … v_n}. */
    public List<Node> operations() { return nodes.subList(inputs, nodes.size()); }

    public Node node(int id) { return nodes.get(id + inputs - 1); }

    /** The id of the output {@code y = v_output} (the last operation, or an input when f is one). */
    public int output() { return output; }

    public Value value() { return node(output).value(); }

    public Adjoint adjoint(int id) { return adjoints.get(id); }

    /** The adjoints from the output back to the first input, in the order the reverse sweep takes them. */
    public List<Adjoint> adjoints() {
        List<Adjoint> out = new ArrayList<>();
        for (int id = output; id >= 1 - inputs; id--) if (adjoints.containsKey(id)) out.add(adjoints.get(id));
        return out;
    }

    /** ∂y/∂input for each input in order: the inputs' adjoints. */
    public Map<Sym, Value> gradient() {
        Map<Sym, Value> g = new LinkedHashMap<>();
        for (Node n : inputs()) g.put(n.input().orElseThrow(), adjoints.get(n.id()).value());
        return g;
    }

    // ---------------------------------------------------------------- reverse sweep

    private Map<Integer, Adjoint> reverse() {
        Map<Integer, Adjoint> adj = new HashMap<>();
        // Only the output and what it depends on get an adjoint (everything, for a list built from f).
        adj.put(output, new Adjoint(output, List.of(), Value.of(Rational.ONE)));
        for (int id = output - 1; id >= 1 - inputs; id--) {
            List<Term> terms = new ArrayList<>();
            Value sum = null;
            for (int c = output; c > id; c--) {
                if (!adj.containsKey(c)) continue;
                Node consumer = node(c);
                Optional<Term> t = term(consumer, id);
                if (t.isEmpty()) continue;
                terms.add(t.get());
                Value contribution = times(adj.get(c).value(), t.get().partialValue());
                sum = sum == null ? contribution : plus(sum, contribution);
            }
            if (sum == null) continue;
            if (!Double.isFinite(sum.approx()))
                throw new TraceException("the adjoint of " + LatexPrinter.print(v(id)) + " overflows at the point");
            adj.put(id, new Adjoint(id, terms, sum));
        }
        return adj;
    }

    /** ∂consumer/∂v_id as a term, summed over the positions where v_id is an operand; empty if none. */
    private Optional<Term> term(Node consumer, int id) {
        List<Expr> parts = new ArrayList<>();
        Value value = null;
        for (int pos = 0; pos < consumer.args().size(); pos++) {
            if (!(consumer.args().get(pos) instanceof Var var) || var.id() != id) continue;
            Partial p;
            try {
                p = partial(consumer, pos);
            } catch (ArithmeticException e) {
                p = new Partial(Expr.num(0), Value.of(Double.NaN));
            }
            if (!Double.isFinite(p.value().approx()))
                throw new TraceException("the derivative of " + LatexPrinter.print(consumer.operation()) + " is not finite at the point");
            parts.add(p.expr());
            value = value == null ? p.value() : plus(value, p.value());
        }
        if (parts.isEmpty()) return Optional.empty();
        Expr expr = parts.size() == 1 ? parts.get(0) : Simplifier.simplify(Expr.add(parts));
        return Optional.of(new Term(consumer.id(), expr, value));
    }

    private record Partial(Expr expr, Value value) {}

    /** ∂v/∂(operand at pos), written over the v's, with its value. */
    private Partial partial(Node n, int pos) {
        Expr a = operand(n, 0);
        Value av = argValue(n.args().get(0));
        Expr b = n.args().size() > 1 ? operand(n, 1) : null;
        Value bv = n.args().size() > 1 ? argValue(n.args().get(1)) : null;
        return switch (n.op()) {
            case INPUT -> throw new IllegalStateException("an input has no operands");
            case ADD -> new Partial(Expr.num(1), Value.of(Rational.ONE));
            case SUB -> pos == 0 ? new Partial(Expr.num(1), Value.of(Rational.ONE)) : new Partial(Expr.num(-1), Value.of(Rational.MINUS_ONE));
            case MUL -> pos == 0 ? new Partial(b, bv) : new Partial(a, av);
            case DIV -> pos == 0
                    ? new Partial(Expr.div(Expr.num(1), b), recip(bv))
                    : new Partial(Expr.neg(Expr.div(a, Expr.pow(b, 2))), negate(times(av, recip(times(bv, bv)))));
            case NEG -> new Partial(Expr.num(-1), Value.of(Rational.MINUS_ONE));
            case RECIP -> new Partial(Expr.neg(Expr.div(Expr.num(1), Expr.pow(a, 2))), negate(recip(times(av, av))));
            case POW -> {
                Rational k = n.exponent().orElseThrow();
                Rational k1 = k.subtract(Rational.ONE);
                Expr power = k1.isOne() ? a : new Pow(a, Num.of(k1));
                Expr expr = k1.isZero() ? Num.of(k) : Expr.mul(Num.of(k), power);
                yield new Partial(expr, times(Value.of(k), raise(av, k1)));
            }
            case FN -> {
                // the table's F'(u) at the operand: the same formula the sigmoid-rule, gelu-rule … write
                BuiltinFn f = n.fn();
                yield new Partial(f.derivative(a), templateValue(f.derivative(BuiltinFn.U), av));
            }
        };
    }

    /** A derivative template's value at u = av, exact where its arithmetic is (1/u of an exact u). */
    private static Value templateValue(Expr t, Value av) {
        return switch (t) {
            case Num k -> Value.of(k.value());
            case Sym s when s.equals(BuiltinFn.U) -> av;
            case Add s -> s.terms().stream().map(x -> templateValue(x, av)).reduce(WengertList::plus).orElseThrow();
            case Mul m -> m.factors().stream().map(x -> templateValue(x, av)).reduce(WengertList::times).orElseThrow();
            case Pow p when p.exponent() instanceof Num k && k.value().equals(Rational.MINUS_ONE) -> recip(templateValue(p.base(), av));
            case Pow p when p.exponent() instanceof Num k -> raise(templateValue(p.base(), av), k.value());
            case Apply ap when ap.fn() instanceof Builtin b && ap.args().size() == 1 ->
                    Value.of(Evaluator.builtin(b.op(), new double[] {templateValue(ap.args().get(0), av).approx()}));
            default -> Value.of(Evaluator.eval(t, Env.of(Map.of(BuiltinFn.U, av.approx())))); // π, e
        };
    }

    private static Expr operand(Node n, int pos) {
        return switch (n.args().get(pos)) {
            case Var v -> v(v.id());
            case Constant c -> c.expr();
        };
    }

    private Value argValue(Arg a) {
        return switch (a) {
            case Var v -> node(v.id()).value();
            case Constant c -> c.value();
        };
    }

    // ---------------------------------------------------------------- arithmetic on values

    /** Exact values beyond this many bits are dropped (the double is kept): a table shows 4 digits. */
    private static final int MAX_BITS = 1024;

    private static Value exactOrNot(Optional<Rational> r, double approx) {
        if (r.isPresent() && r.get().num().bitLength() <= MAX_BITS && r.get().den().bitLength() <= MAX_BITS)
            return Value.of(r.get());
        return Value.of(approx);
    }

    static Value plus(Value a, Value b) {
        return exactOrNot(both(a, b).map(p -> p[0].add(p[1])), a.approx() + b.approx());
    }

    static Value minus(Value a, Value b) {
        return exactOrNot(both(a, b).map(p -> p[0].subtract(p[1])), a.approx() - b.approx());
    }

    static Value times(Value a, Value b) {
        // an exact zero times anything finite is an exact zero
        if (a.exact().filter(Rational::isZero).isPresent() || b.exact().filter(Rational::isZero).isPresent())
            return Value.of(Rational.ZERO);
        return exactOrNot(both(a, b).map(p -> p[0].multiply(p[1])), a.approx() * b.approx());
    }

    static Value negate(Value a) {
        return exactOrNot(a.exact().map(Rational::negate), -a.approx());
    }

    static Value recip(Value a) {
        if (a.exact().filter(Rational::isZero).isPresent() || a.approx() == 0) throw new ArithmeticException("division by zero");
        return exactOrNot(a.exact().map(r -> Rational.ONE.divide(r)), 1 / a.approx());
    }

    static Value raise(Value a, Rational k) {
        if (k.isZero()) return Value.of(Rational.ONE);
        if (k.isOne()) return a;
        if (k.signum() < 0 && a.approx() == 0) throw new ArithmeticException("division by zero");
        Optional<Rational> exact = Optional.empty();
        if (k.isInteger() && k.abs().compareTo(Rational.of(256)) <= 0 && a.exact().isPresent())
            exact = Optional.of(a.exact().get().pow(k.num().intValueExact()));
        return exactOrNot(exact, Evaluator.power(a.approx(), k.doubleValue()));
    }

    private static Optional<Rational[]> both(Value a, Value b) {
        if (a.exact().isEmpty() || b.exact().isEmpty()) return Optional.empty();
        return Optional.of(new Rational[] {a.exact().get(), b.exact().get()});
    }

    // ---------------------------------------------------------------- building

    /** What the list decomposes: arithmetic and every smooth function of the table. */
    static final String SUPPORTED = "+, -, \u00b7, /, powers with a numeric exponent, "
            + Arrays.stream(BuiltinFn.values()).filter(f -> f.spec.smooth()).map(f -> f.spec.plain()).collect(joining(", "));

    private static final class Builder {
        final List<Node> nodes = new ArrayList<>();
        final Map<Sym, Integer> inputIds = new HashMap<>();
        final Map<Expr, Arg> memo = new HashMap<>();
        final Map<List<Object>, Integer> emitted = new HashMap<>();
        int next = 1;

        Builder(List<Sym> symbols, Map<Sym, Value> point) {
            int k = symbols.size();
            for (int i = 0; i < k; i++) {
                Sym s = symbols.get(i);
                Value value = point.get(s);
                if (value == null) throw new TraceException("no value for " + LatexPrinter.print(s) + " at the point");
                int id = i + 1 - k;
                inputIds.put(s, id);
                nodes.add(new Node(id, Op.INPUT, List.of(), Optional.empty(), Optional.of(s), s, finite(value, s)));
            }
        }

        Arg arg(Expr e) {
            Arg a = memo.get(e);
            if (a == null) {
                a = build(e);
                memo.put(e, a);
            }
            return a;
        }

        private Arg build(Expr e) {
            if (freeSymbols(e).isEmpty()) return constant(e);
            return switch (e) {
                case Sym s -> new Var(inputIds.get(s));
                case Add a -> sum(a.terms());
                case Mul m -> product(m.factors());
                case Pow p -> power(p);
                case Apply ap when ap.fn() instanceof Builtin b && b.op().spec.smooth() && ap.args().size() == 1 ->
                        emit(Op.FN, null, b.op(), arg(ap.args().get(0)));
                default -> throw unsupported(e);
            };
        }

        private Arg sum(List<Expr> terms) {
            Arg acc = arg(terms.get(0));
            for (Expr t : terms.subList(1, terms.size())) {
                if (negated(t)) acc = emit(Op.SUB, null, acc, arg(Expr.neg(t)));
                else acc = emit(Op.ADD, null, acc, arg(t));
            }
            return acc;
        }

        /** −b and −3b and −2 are subtracted in a sum, not added. */
        private static boolean negated(Expr t) {
            if (t instanceof Num n) return n.value().signum() < 0;
            return t instanceof Mul m && m.factors().get(0) instanceof Num n && n.value().signum() < 0;
        }

        private Arg product(List<Expr> factors) {
            if (factors.get(0) instanceof Num n && n.value().equals(Rational.MINUS_ONE))
                return emit(Op.NEG, null, arg(Expr.mul(factors.subList(1, factors.size()))));
            Arg acc = arg(factors.get(0));
            for (Expr f : factors.subList(1, factors.size())) {
                if (f instanceof Pow p && p.exponent() instanceof Num k && k.value().signum() < 0) {
                    Rational pos = k.value().negate();
                    Expr den = pos.isOne() ? p.base() : new Pow(p.base(), new Num(pos, k.decimal()));
                    acc = emit(Op.DIV, null, acc, arg(den));
                } else {
                    acc = emit(Op.MUL, null, acc, arg(f));
                }
            }
            return acc;
        }

        private Arg power(Pow p) {
            if (p.base() instanceof Const c && c.kind() == ConstKind.E) return emit(Op.FN, null, BuiltinFn.EXP, arg(p.exponent()));
            if (!freeSymbols(p.exponent()).isEmpty())
                throw new TraceException("the trace takes powers with a numeric exponent only, not " + LatexPrinter.print(p));
            Optional<Rational> k = Exact.value(p.exponent());
            if (k.isEmpty())
                throw new TraceException("the trace takes powers with a rational exponent only, not " + LatexPrinter.print(p));
            if (k.get().isOne()) return arg(p.base());
            if (k.get().equals(Rational.MINUS_ONE)) return emit(Op.RECIP, null, arg(p.base()));
            return emit(Op.POW, k.get(), arg(p.base()));
        }

        private static TraceException unsupported(Expr e) {
            return new TraceException("the trace decomposes " + SUPPORTED + "; it cannot take " + LatexPrinter.print(e));
        }

        private static Constant constant(Expr e) {
            Optional<Rational> r = Exact.value(e);
            if (r.isPresent()) return new Constant(e, Value.of(r.get()));
            try {
                double d = Evaluator.eval(e, Env.empty());
                if (!Double.isFinite(d)) throw new TraceException("the constant " + LatexPrinter.print(e) + " has no finite value");
                return new Constant(e, Value.of(d));
            } catch (EvalException ex) {
                throw unsupported(e);
            }
        }

        /** Adds {@code v_next = op(args)} unless the same operation is already in the list; folds constants. */
        private Arg emit(Op op, Rational exponent, Arg... args) {
            return emit(op, exponent, null, args);
        }

        private Arg emit(Op op, Rational exponent, BuiltinFn fn, Arg... args) {
            List<Arg> list = List.of(args);
            Expr operation = operation(op, exponent, fn, list);
            Value value = apply(op, fn, exponent, list, operation);
            if (list.stream().allMatch(a -> a instanceof Constant)) return new Constant(operation, value);
            List<Object> key = new ArrayList<>();
            key.add(op);
            key.add(exponent);
            key.add(fn);
            key.addAll(list);
            Integer seen = emitted.get(key);
            if (seen != null) return new Var(seen);
            int id = next++;
            emitted.put(key, id);
            nodes.add(new Node(id, op, list, Optional.ofNullable(exponent), Optional.empty(), operation, value));
            return new Var(id);
        }

        private static Expr operation(Op op, Rational exponent, BuiltinFn fn, List<Arg> args) {
            Expr a = expr(args.get(0));
            Expr b = args.size() > 1 ? expr(args.get(1)) : null;
            return switch (op) {
                case INPUT -> throw new IllegalStateException("inputs are not emitted");
                case ADD -> Expr.add(a, b);
                case SUB -> Expr.sub(a, b);
                case MUL -> Expr.mul(a, b);
                case DIV -> Expr.div(a, b);
                case NEG -> Expr.neg(a);
                case RECIP -> Expr.div(Expr.num(1), a);
                case POW -> new Pow(a, Num.of(exponent));
                case FN -> Expr.apply(fn, a);
            };
        }

        private static Expr expr(Arg a) {
            return switch (a) {
                case Var v -> v(v.id());
                case Constant c -> c.expr();
            };
        }

        private Value value(Arg a) {
            return switch (a) {
                case Var v -> nodes.get(v.id() + inputIds.size() - 1).value();
                case Constant c -> c.value();
            };
        }

        private Value apply(Op op, BuiltinFn fn, Rational exponent, List<Arg> args, Expr operation) {
            Value a = value(args.get(0));
            Value b = args.size() > 1 ? value(args.get(1)) : null;
            Value out;
            try {
                out = switch (op) {
                    case INPUT -> throw new IllegalStateException("inputs are not emitted");
                    case ADD -> plus(a, b);
                    case SUB -> minus(a, b);
                    case MUL -> times(a, b);
                    case DIV -> times(a, recip(b));
                    case NEG -> negate(a);
                    case RECIP -> recip(a);
                    case POW -> raise(a, exponent);
                    case FN -> {
                        if (fn.spec.domain() != null && !Evaluator.holds(fn.spec.domain().apply(BuiltinFn.U), Env.of(Map.of(BuiltinFn.U, a.approx()))))
                            throw new TraceException(LatexPrinter.print(operation) + (fn == BuiltinFn.LOG
                                    ? " is the logarithm of a number that is not positive at the point"
                                    : " is outside the domain of " + fn.spec.plain() + " at the point"));
                        yield Value.of(Evaluator.builtin(fn, new double[] {a.approx()}));
                    }
                };
            } catch (ArithmeticException e) {
                throw new TraceException(LatexPrinter.print(operation) + " divides by zero at the point");
            }
            if (!Double.isFinite(out.approx()))
                throw new TraceException(LatexPrinter.print(operation) + " has no finite value at the point");
            return out;
        }

        private static Value finite(Value v, Sym s) {
            if (!Double.isFinite(v.approx())) throw new TraceException("the value of " + LatexPrinter.print(s) + " is not a finite number");
            return v;
        }
    }
}
