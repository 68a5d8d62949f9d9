package org.chainrule.render;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chainrule.cas.CasVerdict;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.core.Check;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.core.Verifier;
import org.chainrule.derive.matrix.MatrixCalculus;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.LatexPrinter;

/**
 * A derivation as JSON for autograders and scripts: every step with its rule, LaTeX and verification.
 * This is the one writer of the derivation object that {@code derive --format json}, each
 * {@code derive --jsonl} line and {@code key --format json} carry; the documents around it start with
 * {@code "schema": "chainrule/1"} (docs/json.md, docs/schema/chainrule-1.schema.json).
 */
public final class DerivationJson {
    private DerivationJson() {}

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The version of the JSON documents' layout; a change that is not an addition changes it. */
    public static final String SCHEMA = "chainrule/1";

    /** A new top-level document: {@code {"schema": "chainrule/1"}}, the caller's fields after it. */
    public static ObjectNode document() {
        return MAPPER.createObjectNode().put("schema", SCHEMA);
    }

    /** The derivation object: its kind, the question and answer, how it was derived, and how verified. */
    public static ObjectNode render(Derivation d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("kind", switch (d) {
            case Derivation.Chain c -> "chain";
            case Derivation.Direct dd -> "direct";
            case Derivation.Matrix m -> "matrix";
        });
        o.put("target", tex(d.target()));
        o.put("wrt", tex(d.var()));
        o.put("derivative", tex(DerivationText.lhs(d)));
        o.put("answer", tex(d.answer()));
        o.put("answerSubstituted", tex(d.answerFlat()));
        d.inTermsOf().ifPresent(t -> o.put("inTermsOf", tex(t)));
        o.put("verified", d.verified());
        o.put("steps", d.stepCount());
        ObjectNode defs = o.putObject("definitions");
        for (Map.Entry<Sym, Expr> e : d.definitions().entrySet()) defs.put(tex(e.getKey()), tex(e.getValue()));
        switch (d) {
            case Derivation.Chain c -> {
                ArrayNode paths = o.putArray("chain");
                for (List<Expr> p : c.paths()) {
                    ArrayNode a = paths.addArray();
                    for (Expr n : p) a.add(tex(n));
                }
                o.put("chainForm", tex(c.chainForm()));
                ArrayNode locals = o.putArray("locals");
                for (Derivation.Local l : c.locals()) {
                    ObjectNode ln = locals.addObject();
                    ln.put("of", tex(l.node()));
                    ln.put("wrt", tex(l.wrt()));
                    ln.put("result", tex(l.step().result()));
                    ln.put("verified", l.report().verified());
                    ln.set("derivation", step(l.step(), "1", byPath(l.report())));
                }
                o.put("combined", tex(c.combined()));
            }
            case Derivation.Direct dd -> o.set("derivation", step(dd.step(), "1", byPath(d.report())));
            case Derivation.Matrix m -> o.set("matrix", matrix(m));
        }
        o.set("verification", verification(d));
        o.set("cas", cas(d.oracle()));
        ArrayNode conv = o.putArray("conventions");
        for (String c : d.conventions()) conv.addObject().put("key", c).put("text", Words.convention(c));
        ArrayNode warn = o.putArray("warnings");
        d.warnings().forEach(warn::add);
        return o;
    }

    /** The symbolic cross-check: {"verdict": "agrees"}, or with the "detail" of a disagreement or the "reason" it was skipped. */
    static ObjectNode cas(CasVerdict v) {
        ObjectNode o = MAPPER.createObjectNode();
        switch (v) {
            case CasVerdict.Agrees a -> o.put("verdict", "agrees");
            case CasVerdict.Disagrees(String detail) -> o.put("verdict", "disagrees").put("detail", detail);
            case CasVerdict.Skipped(String reason) -> o.put("verdict", "skipped").put("reason", reason);
        }
        return o;
    }

    /** Shapes as [rows, cols] (LaTeX strings), then each gradient with its terms and rules. */
    static JsonNode matrix(Derivation.Matrix m) {
        MatrixCalculus mc = m.calculus();
        ObjectNode o = MAPPER.createObjectNode();
        o.put("layout", "denominator");
        ObjectNode shapes = o.putObject("shapes");
        new TreeMap<>(mc.shapes().entrySet().stream().collect(Collectors.toMap(
                e -> tex(e.getKey()), Map.Entry::getValue))).forEach((k, v) -> shapes.putArray(k).add(tex(v.rows())).add(tex(v.cols())));
        ObjectNode intro = o.putObject("introduced");
        mc.introduced().forEach((k, v) -> intro.put(tex(k), tex(v)));
        mc.expanded().ifPresent(e -> o.put("expanded", tex(e)));
        ObjectNode sizes = o.putObject("checkedWithSizes");
        mc.sizes().forEach((k, v) -> sizes.put(tex(k), v));
        m.components().ifPresent(v -> {
            ObjectNode c = o.putObject("components");
            c.put("indexForm", tex(v.indexForm()));
            c.put("component", tex(v.component()));
            c.put("answer", tex(v.derivation().answer()));
            c.put("verified", v.derivation().verified());
            c.put("reassembles", v.reassembled());
            c.put("entriesCompared", v.entries());
        });
        ArrayNode grads = o.putArray("gradients");
        for (MatrixCalculus.Gradient g : mc.gradients()) {
            ObjectNode gn = grads.addObject();
            gn.put("wrt", tex(g.node()));
            gn.putArray("shape").add(tex(g.shape().rows())).add(tex(g.shape().cols()));
            gn.put("value", tex(g.value()));
            gn.put("verified", g.report().verified());
            ArrayNode checks = gn.putArray("checks");
            for (Verifier.Entry e : g.report().entries()) checks.add(entry(e));
            ArrayNode terms = gn.putArray("terms");
            for (MatrixCalculus.Term t : g.terms()) {
                ObjectNode tn = terms.addObject();
                tn.put("through", tex(t.parent()));
                tn.put("adjoint", tex(t.adjoint()));
                t.jacobian().ifPresent(j -> tn.put("jacobian", tex(j)));
                tn.put("result", tex(t.result()));
                ArrayNode rules = tn.putArray("rules");
                for (MatrixCalculus.RuleUse u : t.rules()) rules.add(u.rule().name());
            }
        }
        return o;
    }

    /** A step with its check ({@code path} as the verifier numbers steps: 1, 1.1, 1.2 …) and its sub-steps. */
    static JsonNode step(Step s, String path, Map<String, Check> checks) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("rule", s.rule().name());
        o.put("f", tex(s.f()));
        o.put("wrt", tex(s.var()));
        o.put("result", tex(s.result()));
        switch (s) {
            case Step.Chain c -> {
                o.put("outerRule", c.outer().name());
                o.put("inner", tex(c.inner()));
                o.put("outerDerivative", tex(c.outerDerivative()));
            }
            case Step.Cases cs -> {
                ArrayNode conds = o.putArray("conditions");
                cs.conditions().forEach(c -> conds.add(tex(c)));
                o.put("cases", tex(cs.casesForm()));
                o.put("convention", cs.convention().key());
            }
            case Step.Opaque op -> o.put("symbolic", true);
            case Step.Constant k -> { }
            case Step.Variable v -> { }
            case Step.Sum sum -> { }
            case Step.IndexedSum is -> { }
            case Step.ConstantMultiple cm -> { }
            case Step.Product p -> { }
            case Step.Quotient q -> { }
            case Step.MaxMin mm -> { }
            case Step.WrittenOut w -> { }
            case Step.Applied a -> { }
            case Step.Simplified sm -> { }
        }
        Check c = checks.get(path);
        o.set("check", c == null ? status(new Check.Unchecked("no check was made")) : status(c));
        ArrayNode subs = o.putArray("substeps");
        int k = 1;
        for (Step sub : s.substeps()) subs.add(step(sub, path + "." + k++, checks));
        return o;
    }

    static Map<String, Check> byPath(Verifier.Report r) {
        Map<String, Check> out = new HashMap<>();
        for (Verifier.Entry e : r.entries()) out.putIfAbsent(e.path(), e.check());
        return out;
    }

    /**
     * {@code verified} true only when every claim was checked; each claim with its status
     * ({@code {"status":"checked","points":6}}, with {@code "refused": n} when n points were drawn but not
     * used because double precision lost too many digits there, {@code {"status":"unchecked","why":…}},
     * {@code {"status":"failed","at":{…},"expected":…,"got":…}}).
     */
    public static JsonNode verification(Derivation d) {
        ObjectNode o = MAPPER.createObjectNode();
        List<Verifier.Entry> all = d.checks();
        o.put("verified", d.verified());
        o.put("checks", all.size());
        o.put("points", d.checkedPoints());
        if (d.refusedPoints() > 0) o.put("refused", d.refusedPoints());
        o.put("unchecked", all.stream().filter(e -> e.check() instanceof Check.Unchecked).count());
        o.put("failed", all.stream().filter(e -> e.check() instanceof Check.Failed).count());
        ArrayNode claims = o.putArray("claims");
        for (Verifier.Entry e : all) claims.add(entry(e));
        return o;
    }

    /** One claim: where it is, its rule, and its status fields. */
    public static ObjectNode entry(Verifier.Entry e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("step", e.path());
        n.put("rule", e.rule());
        n.setAll((ObjectNode) status(e.check()));
        return n;
    }

    public static JsonNode status(Check c) {
        ObjectNode o = MAPPER.createObjectNode();
        switch (c) {
            case Check.Checked ok -> {
                o.put("status", "checked").put("points", ok.points());
                if (ok.refused() > 0) o.put("refused", ok.refused()); // points where double precision lost too much
            }
            case Check.Unchecked u -> o.put("status", "unchecked").put("why", u.why());
            case Check.Failed f -> {
                o.put("status", "failed");
                ObjectNode at = o.putObject("at");
                new TreeMap<>(f.at().entrySet().stream().collect(Collectors.toMap(
                        e -> tex(e.getKey()), Map.Entry::getValue, (a, b) -> a))).forEach(at::put);
                number(o, "expected", f.expected());
                number(o, "got", f.got());
            }
        }
        return o;
    }

    /** JSON has no NaN: a value that is not finite is written as a string. */
    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.put(key, String.valueOf(v));
    }

    static String tex(Expr e) {
        return LatexPrinter.print(e);
    }
}
