package org.chainrule.sheet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chainrule.derive.DeriveException;
import org.chainrule.derive.Definitions;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.TraceException;
import org.chainrule.numeric.WengertList;
import org.chainrule.numeric.WengertList.Adjoint;
import org.chainrule.numeric.WengertList.Node;
import org.chainrule.numeric.WengertList.Term;
import org.chainrule.numeric.WengertList.Value;
import org.chainrule.numeric.WengertList.Var;
import org.chainrule.parse.SheetSource.Directive;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Answer;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Graph;
import org.chainrule.render.Doc.GraphEdge;
import org.chainrule.render.Doc.GraphNode;
import org.chainrule.render.Doc.Note;
import org.chainrule.render.Doc.NoteKind;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Table;
import org.chainrule.render.Doc.Text;

/**
 * {@code \trace{f}{x = 0.3, w = 0.5, b = 0.1}}: reverse-mode automatic differentiation of f at the
 * point, as a course teaches it. The key shows the Wengert list with its forward (primal) trace, the
 * reverse (adjoint) trace with each chain-rule sum written out, the computation graph with every
 * node's value and adjoint, and the gradient, which is checked against chainrule's symbolic
 * derivative evaluated at the point.
 *
 * <p>f is an expression, {@code y = expression}, or a name the problem defines with \let (its
 * definitions are substituted). Every free symbol of f needs a value at the point, and the point may
 * give values to nothing else.
 */
public final class TraceSection implements Section {

    /** Relative agreement required between the reverse-mode gradient and the symbolic derivative. */
    static final double TOLERANCE = 1e-9;

    @Override
    public Output render(Directive directive, Context context) throws SectionException {
        if (directive.args().size() != 2)
            throw new SectionException("\\trace takes two arguments: the function, and the point such as {x = 0.3, w = 0.5}");
        List<Expr> fn = directive.args().get(0);
        if (fn.size() != 1) throw new SectionException("\\trace takes one function in its first braces");
        Expr f = fn.get(0);
        Optional<Sym> name = Optional.empty();
        if (f instanceof Rel r && r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF)
                && r.operands().get(0) instanceof Sym s) {
            name = Optional.of(s);
            f = r.operands().get(1);
        }
        Expr flat;
        try {
            Definitions defs = Definitions.of(context.problem().given());
            if (name.isEmpty() && f instanceof Sym s && defs.isDefined(s)) name = Optional.of(s);
            flat = defs.inline(f);
        } catch (DeriveException e) {
            throw new SectionException("the problem's definitions cannot be substituted: " + e.getMessage());
        }
        if (flat instanceof Rel) throw new SectionException("\\trace takes a function, not a relation");

        Map<Sym, Value> point = point(directive.args().get(1));
        List<Sym> free = WengertList.freeSymbols(flat);
        List<Sym> missing = free.stream().filter(s -> !point.containsKey(s)).toList();
        if (!missing.isEmpty())
            throw new SectionException("the point gives no value for " + names(missing) + ", which the function uses");
        List<Sym> unused = point.keySet().stream().filter(s -> !free.contains(s)).toList();
        if (!unused.isEmpty())
            throw new SectionException("the point gives a value to " + names(unused) + ", which the function does not use");

        WengertList list;
        try {
            list = WengertList.of(flat, point);
        } catch (TraceException e) {
            throw new SectionException(e.getMessage());
        }
        Sym y = name.orElseGet(() -> free.contains(Sym.of("y")) ? Sym.of("f") : Sym.of("y"));
        Check check = check(flat, list, point, context.engine());
        return new Output(blocks(y, flat, directive, list, check, context.digits()), data(y, flat, point, list, check));
    }

    // ---------------------------------------------------------------- the point

    private static Map<Sym, Value> point(List<Expr> bindings) throws SectionException {
        Map<Sym, Value> point = new LinkedHashMap<>();
        for (Expr b : bindings) {
            if (!(b instanceof Rel r && r.ops().size() == 1 && r.ops().get(0) == RelOp.EQ && r.operands().get(0) instanceof Sym s))
                throw new SectionException("the point of \\trace is written symbol = number, comma-separated, such as {x = 0.3, w = 0.5}");
            Expr v = r.operands().get(1);
            if (point.containsKey(s)) throw new SectionException("the point gives " + LatexPrinter.print(s) + " two values");
            if (v instanceof Num n) {
                point.put(s, Value.of(n.value()));
                continue;
            }
            if (!WengertList.freeSymbols(v).isEmpty())
                throw new SectionException("the value of " + LatexPrinter.print(s) + " must be a number, not " + LatexPrinter.print(v));
            try {
                double d = Evaluator.eval(v, Env.empty());
                if (!Double.isFinite(d)) throw new EvalException("not finite");
                point.put(s, Value.of(d));
            } catch (EvalException e) {
                throw new SectionException("the value of " + LatexPrinter.print(s) + " is not a number: " + LatexPrinter.print(v));
            }
        }
        return point;
    }

    private static String names(List<Sym> syms) {
        List<String> out = syms.stream().map(LatexPrinter::print).toList();
        if (out.size() == 1) return out.get(0);
        return String.join(", ", out.subList(0, out.size() - 1)) + " and " + out.get(out.size() - 1);
    }

    // ---------------------------------------------------------------- verification

    /** One gradient component against the reference: the symbolic derivative at the point, or finite differences. */
    record Component(Sym variable, double reverse, double reference, boolean symbolic, boolean agrees) {}

    record Check(List<Component> components) {
        boolean verified() { return components.stream().allMatch(Component::agrees); }
        boolean allSymbolic() { return components.stream().allMatch(Component::symbolic); }
    }

    private static Check check(Expr flat, WengertList list, Map<Sym, Value> point, Engine engine) {
        Map<Sym, Double> values = new LinkedHashMap<>();
        point.forEach((s, v) -> values.put(s, v.approx()));
        Env env = Env.of(values);
        List<Component> out = new ArrayList<>();
        for (Map.Entry<Sym, Value> g : list.gradient().entrySet()) {
            Sym x = g.getKey();
            double reverse = g.getValue().approx();
            double reference;
            boolean symbolic = true;
            double tolerance;
            try {
                Derivation d = engine.derive(new Engine.Problem(flat, x, List.of()));
                reference = Evaluator.eval(d.answerFlat(), env);
                tolerance = TOLERANCE;
            } catch (RuntimeException e) {
                // the engine cannot differentiate it: Richardson-extrapolated central differences
                symbolic = false;
                try {
                    double[] fd = Evaluator.derivativeWithError(flat, List.of(x), env);
                    reference = fd[0];
                    tolerance = Math.max(1e-6, 10 * fd[1] / Math.max(1, Math.abs(fd[0])));
                } catch (EvalException ex) {
                    reference = Double.NaN;
                    tolerance = 0;
                }
            }
            double scale = Math.max(1, Math.max(Math.abs(reverse), Math.abs(reference)));
            boolean agrees = Math.abs(reverse - reference) <= tolerance * scale;
            out.add(new Component(x, reverse, reference, symbolic, agrees));
        }
        return new Check(out);
    }

    // ---------------------------------------------------------------- blocks

    private static List<Block> blocks(Sym y, Expr flat, Directive directive, WengertList list, Check check, int digits) {
        List<Block> out = new ArrayList<>();
        String yl = LatexPrinter.print(y);
        String result = LatexPrinter.print(WengertList.v(list.output()));
        List<String> at = directive.args().get(1).stream().map(LatexPrinter::print).toList();
        out.add(new Paragraph(List.of(new Text("Reverse-mode automatic differentiation of "),
                new Doc.Math(yl + " = " + LatexPrinter.print(flat)), new Text(" at "), new Doc.Math(String.join(", \\ ", at)),
                new Text(". The forward sweep evaluates the Wengert list: the inputs "),
                new Doc.Math(inputNames(list)), new Text(", then one elementary operation per line."))));

        List<List<String>> forward = new ArrayList<>();
        for (Node n : list.nodes())
            forward.add(List.of(LatexPrinter.print(n.name()), LatexPrinter.print(n.operation()), Decimals.latex(n.value(), digits)));
        forward.add(List.of(yl, result, Decimals.latex(list.value(), digits)));
        out.add(new Table(List.of("v_i", "\\text{operation}", "\\text{value}"), forward, Optional.of("Forward (primal) trace")));

        out.add(new Paragraph(List.of(new Text("The adjoint "),
                new Doc.Math("\\bar{v}_i = \\frac{\\partial " + yl + "}{\\partial v_i}"),
                new Text(" is the derivative of the output with respect to "), new Doc.Math("v_i"),
                new Text(". The reverse sweep starts from "), new Doc.Math("\\bar{" + "v}_{" + list.output() + "} = 1"),
                new Text(" and goes back through the list: each "), new Doc.Math("\\bar{v}_i"), new Text(" sums "),
                new Doc.Math("\\bar{v}_j \\, \\frac{\\partial v_j}{\\partial v_i}"), new Text(" over the operations "),
                new Doc.Math("v_j"), new Text(" that use "), new Doc.Math("v_i"), new Text("."))));

        List<List<String>> reverse = new ArrayList<>();
        for (Adjoint a : list.adjoints()) {
            String bar = LatexPrinter.print(WengertList.vbar(a.id()));
            if (a.terms().isEmpty()) {
                reverse.add(List.of(bar, "\\frac{\\partial " + yl + "}{\\partial " + LatexPrinter.print(WengertList.v(a.id())) + "}", "",
                        Decimals.latex(a.value(), digits)));
            } else {
                reverse.add(List.of(bar, chain(a), numbers(a, list, digits), Decimals.latex(a.value(), digits)));
            }
        }
        out.add(new Table(List.of("\\bar{v}_i", "\\text{chain rule}", "\\text{at the point}", "\\text{value}"), reverse,
                Optional.of("Reverse (adjoint) trace")));

        out.add(new Paragraph(List.of(new Text("The computation graph, with the value "), new Doc.Math("v_i"),
                new Text(" and the adjoint "), new Doc.Math("\\bar{v}_i"), new Text(" of each node:"))));
        out.add(graph(list, digits));

        List<String> partials = new ArrayList<>(), bars = new ArrayList<>(), values = new ArrayList<>();
        for (Node n : list.inputs()) {
            partials.add(LatexPrinter.print(new Deriv(y, List.of(n.input().orElseThrow()), true)));
            bars.add(LatexPrinter.print(WengertList.vbar(n.id())));
            values.add(Decimals.latex(list.adjoint(n.id()).value(), digits));
        }
        out.add(new Paragraph(List.of(new Text("The gradient is the adjoints of the inputs:"))));
        out.add(new Answer(tuple(partials) + " = " + tuple(bars), tuple(values), check.verified()));
        out.add(note(check, y, digits));
        return out;
    }

    private static String inputNames(WengertList list) {
        List<String> names = new ArrayList<>();
        for (Node n : list.inputs())
            names.add(LatexPrinter.print(n.name()) + " = " + LatexPrinter.print(n.input().orElseThrow()));
        return String.join(", \\ ", names);
    }

    private static String tuple(List<String> items) {
        return items.size() == 1 ? items.get(0) : "\\left(" + String.join(", ", items) + "\\right)";
    }

    /** {@code \bar{v}_4 + \bar{v}_1 \cdot v_{-1}}: the chain-rule sum of an adjoint. */
    static String chain(Adjoint a) {
        StringBuilder s = new StringBuilder();
        for (Term t : a.terms()) {
            String bar = LatexPrinter.print(WengertList.vbar(t.consumer()));
            String term;
            if (isNum(t.partial(), 1)) term = bar;
            else if (isNum(t.partial(), -1)) term = "-" + bar;
            else term = bar + " \\cdot " + grouped(t.partial());
            if (s.isEmpty()) s.append(term);
            else if (term.startsWith("-")) s.append(" - ").append(term.substring(1));
            else s.append(" + ").append(term);
        }
        return s.toString();
    }

    /** The same sum with the numbers in: {@code 1 + (-16) \cdot 0.5}. */
    private static String numbers(Adjoint a, WengertList list, int digits) {
        StringBuilder s = new StringBuilder();
        for (Term t : a.terms()) {
            String bar = signed(list.adjoint(t.consumer()).value(), digits);
            String term;
            if (isNum(t.partial(), 1)) term = bar;
            else if (isNum(t.partial(), -1)) term = "-" + bar;
            else term = bar + " \\cdot " + signed(t.partialValue(), digits);
            if (!s.isEmpty()) s.append(" + ");
            s.append(term);
        }
        // a lone number needs no parentheses
        if (a.terms().size() == 1 && s.toString().matches("\\(-[0-9.]+\\)")) return s.substring(1, s.length() - 1);
        return s.toString();
    }

    /** A number, in parentheses when it is negative. */
    private static String signed(Value v, int digits) {
        String s = Decimals.latex(v, digits);
        return s.startsWith("-") ? "(" + s + ")" : s;
    }

    /** A partial derivative after a product sign: parenthesised when it is a sum or starts with a minus. */
    private static String grouped(Expr e) {
        String s = LatexPrinter.print(e);
        boolean negative = e instanceof Num n ? n.value().signum() < 0
                : e instanceof Mul m && m.factors().get(0) instanceof Num lead && lead.value().signum() < 0;
        return e instanceof Add || negative ? "\\left(" + s + "\\right)" : s;
    }

    private static boolean isNum(Expr e, long v) {
        return e instanceof Num n && n.value().equals(Rational.of(v));
    }

    /** Nodes by layer (inputs at 0, each operation one right of its last operand), an edge per operand. */
    private static Graph graph(WengertList list, int digits) {
        Map<Integer, Integer> layer = new LinkedHashMap<>();
        List<GraphNode> nodes = new ArrayList<>();
        List<GraphEdge> edges = new ArrayList<>();
        for (Node n : list.nodes()) {
            int l = 0;
            Set<Integer> operands = new LinkedHashSet<>();
            for (WengertList.Arg a : n.args())
                if (a instanceof Var v) {
                    operands.add(v.id());
                    l = Math.max(l, layer.get(v.id()) + 1);
                }
            layer.put(n.id(), l);
            String label = LatexPrinter.print(n.name()) + " = " + LatexPrinter.print(n.operation());
            nodes.add(new GraphNode(id(n.id()), label, "value " + Decimals.text(n.value(), digits),
                    "adjoint " + Decimals.text(list.adjoint(n.id()).value(), digits), l));
            for (int o : operands) edges.add(new GraphEdge(id(o), id(n.id())));
        }
        return new Graph(nodes, edges);
    }

    private static String id(int k) {
        return "v" + k;
    }

    private static Note note(Check check, Sym y, int digits) {
        if (check.verified()) {
            String how = check.allSymbolic() ? "the symbolic derivative" : "the symbolic derivative (or, where there is none, central finite differences)";
            return new Note(NoteKind.VERIFIED, "Each component of the reverse-mode gradient agrees with " + how
                    + " evaluated at the point.");
        }
        List<String> wrong = new ArrayList<>();
        for (Component c : check.components())
            if (!c.agrees())
                wrong.add("∂" + LatexPrinter.print(y) + "/∂" + LatexPrinter.print(c.variable()) + " is "
                        + Decimals.text(Value.of(c.reverse()), digits) + " by reverse mode but "
                        + Decimals.text(Value.of(c.reference()), digits) + (c.symbolic() ? " symbolically" : " by finite differences"));
        return new Note(NoteKind.NOT_VERIFIED, "The reverse-mode gradient does not agree with the reference: " + String.join("; ", wrong) + ".");
    }

    // ---------------------------------------------------------------- data

    private static Map<String, Object> data(Sym y, Expr flat, Map<Sym, Value> point, WengertList list, Check check) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("output", LatexPrinter.print(y));
        d.put("function", LatexPrinter.print(flat));
        List<Object> at = new ArrayList<>();
        point.forEach((s, v) -> at.add(number(Map.of("symbol", LatexPrinter.print(s)), v)));
        d.put("point", at);
        List<Object> wengert = new ArrayList<>();
        for (Node n : list.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("name", LatexPrinter.print(n.name()));
            m.put("operation", LatexPrinter.print(n.operation()));
            m.put("kind", n.kind());
            wengert.add(number(m, n.value()));
        }
        d.put("wengert", wengert);
        d.put("result", list.output());
        List<Object> adjoints = new ArrayList<>();
        for (Adjoint a : list.adjoints()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("name", LatexPrinter.print(WengertList.vbar(a.id())));
            m.put("expression", a.terms().isEmpty() ? "1" : chain(a));
            adjoints.add(number(m, a.value()));
        }
        d.put("adjoints", adjoints);
        List<Object> gradient = new ArrayList<>();
        for (int i = 0; i < check.components().size(); i++) {
            Component c = check.components().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variable", LatexPrinter.print(c.variable()));
            m.put("derivative", LatexPrinter.print(new Deriv(y, List.of(c.variable()), true)));
            number(m, list.gradient().get(c.variable()));
            m.put("reference", c.reference());
            m.put("check", c.symbolic() ? "symbolic" : "finite differences");
            m.put("agrees", c.agrees());
            gradient.add(m);
        }
        d.put("gradient", gradient);
        d.put("verified", check.verified());
        return d;
    }

    /** Adds "value" (a double) and, when known, "exact" (a decimal or a fraction) to m. */
    private static Map<String, Object> number(Map<String, Object> m, Value v) {
        Map<String, Object> out = m instanceof LinkedHashMap<String, Object> l ? l : new LinkedHashMap<>(m);
        out.put("value", v.approx());
        v.exact().ifPresent(r -> out.put("exact", Decimals.exact(r)));
        return out;
    }
}
