package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed questions added to the samples for issue 13 (seed 002's per-θ_j hinge gradient and 2.3 with
 * L2, seed 001's Huber gradient by w and cross-entropy over n samples): each JSON answer is pinned as
 * printed and evaluated at random points against the gradient derived by hand, in plain Java.
 */
class SeedQuestionsAddedTest {

    static final ObjectMapper M = new ObjectMapper();
    static JsonNode seed001, seed002;

    @BeforeAll
    static void keys(@TempDir Path dir) throws Exception {
        seed001 = key(dir, "seed-001-activations-and-losses");
        seed002 = key(dir, "seed-002-hinge-bce-relu");
    }

    @Test
    void hingeGradientPerParameter() throws Exception {
        // l = max(1 − y_i h, 0), h = Σ_k x_{ik} θ_k: ∂l/∂θ_j = −y_i x_{ij} where y_i h < 1, else 0
        String answer = answer(seed002, 1, 2);
        assertEquals("-y_{i} \\mathbf{1}(y_{i} h < 1) x_{ij}", answer);
        assertAtPoints(answer, v -> v.get("y_i") * v.get("h") < 1 ? -v.get("y_i") * v.get("x_{ij}") : 0, "y_i", "h", "x_{ij}");
    }

    @Test
    void reluWeightWithL2() throws Exception {
        // L = h(a_1) + λ/2 W_11², a_1 = ReLU(W_11 x_1 + b_1): h'(a_1)·[z_1 > 0]·x_1 + λW_11
        String answer = answer(seed002, 6, 1);
        assertEquals("h'(a_{1}) \\mathbf{1}(z_{1} > 0) x_{1} + \\lambda W_{11}", answer);
        // h' is any function: stand a symbol u in for h'(a_1)
        assertAtPoints(answer.replace("h'(a_{1})", "u"),
                v -> (v.get("z_1") > 0 ? v.get("u") * v.get("x_1") : 0) + v.get("\\lambda") * v.get("W_{1,1}"),
                "u", "z_1", "x_1", "\\lambda", "W_{1,1}");
    }

    @Test
    void hingeWeightWithL2StillTakesTheInputOut() throws Exception {
        String answer = answer(seed002, 5, 2);
        assertEquals("a_{1} (\\hat{y} - y) + \\lambda W_{14}", answer);
        assertAtPoints(answer, v -> v.get("a_1") * (v.get("\\hat{y}") - v.get("y")) + v.get("\\lambda") * v.get("W_{1,4}"),
                "a_1", "\\hat{y}", "y", "\\lambda", "W_{1,4}");
    }

    @Test
    void huberGradientByW() throws Exception {
        // J = Σ_i J_i: Σ_i ψ(ŷ_i − y_i) ∂ŷ_i/∂w with ψ(r) = r for |r| ≤ δ, δ sign(r) beyond
        String answer = answer(seed001, 9, 2);
        assertEquals("\\sum_{i=1}^{n} ((\\hat{y}_{i} - y_{i}) \\mathbf{1}(|y_{i} - \\hat{y}_{i}| \\le \\delta) - \\delta "
                + "\\operatorname{sign}(y_{i} - \\hat{y}_{i}) \\mathbf{1}(|y_{i} - \\hat{y}_{i}| > \\delta)) "
                + "\\frac{\\partial \\hat{y}_{i}}{\\partial w}", answer);
        // ∂ŷ_i/∂w is any number per sample: stand d_i in for it, over n = 3 samples
        String e = answer.replace("\\frac{\\partial \\hat{y}_{i}}{\\partial w}", "d_{i}");
        Random r = new Random(7);
        for (int k = 0; k < 8; k++) {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("n", 3.0);
            v.put("\\delta", 0.2 + r.nextDouble());
            double want = 0;
            for (int i = 1; i <= 3; i++) {
                double y = -2 + 4 * r.nextDouble(), yh = -2 + 4 * r.nextDouble(), d = -2 + 4 * r.nextDouble();
                v.put("y_{" + i + "}", y);
                v.put("\\hat{y}_{" + i + "}", yh);
                v.put("d_{" + i + "}", d);
                double res = yh - y, delta = v.get("\\delta");
                want += (Math.abs(res) <= delta ? res : delta * Math.signum(res)) * d;
            }
            assertEquals(want, eval(e, v), 1e-12 * Math.max(1, Math.abs(want)), v.toString());
        }
    }

    @Test
    void crossEntropyOverNSamples() throws Exception {
        // J = −Σ_i Σ_k y_k^{(i)} log s_k^{(i)}, one-hot labels: ∂J/∂a_j^{(m)} = s_j^{(m)} − y_j^{(m)}
        JsonNode r = result(seed001, 6, 1);
        assertEquals("s_{j}^{(m)} - y_{j}^{(m)}", r.at("/derivation/answer").asText());
        String substituted = r.at("/derivation/answerSubstituted").asText();
        Random rnd = new Random(11);
        for (int k = 0; k < 8; k++) {
            Map<String, Double> v = new LinkedHashMap<>();
            int c = 3, j = 1 + rnd.nextInt(c), m = 1 + rnd.nextInt(2), hot = 1 + rnd.nextInt(c);
            v.put("c", (double) c);
            v.put("j", (double) j);
            v.put("m", (double) m);
            double[] a = new double[c + 1];
            double z = 0;
            for (int q = 1; q <= c; q++) {
                a[q] = -2 + 4 * rnd.nextDouble();
                z += Math.exp(a[q]);
                v.put("a_{" + q + "}^{(" + m + ")}", a[q]);
                v.put("y_{" + q + "}^{(" + m + ")}", q == hot ? 1.0 : 0.0);
            }
            double want = Math.exp(a[j]) / z - (j == hot ? 1 : 0);
            assertEquals(want, eval(substituted, v), 1e-12, v + ": " + substituted);
        }
    }

    private static JsonNode key(Path dir, String sheet) throws Exception {
        Path out = dir.resolve(sheet + ".json");
        Cli r = Cli.run("key", "samples/" + sheet + ".tex", "--format", "json", "-o", out.toString(), "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        return M.readTree(Files.readString(out));
    }

    private static JsonNode result(JsonNode key, int problem, int find) {
        for (JsonNode r : key.get("results"))
            if (r.get("problem").asInt() == problem && r.get("find").asInt() == find) {
                assertTrue(r.at("/derivation/verified").asBoolean(), r.toString());
                return r;
            }
        throw new AssertionError("no problem " + problem + " find " + find);
    }

    private static String answer(JsonNode key, int problem, int find) {
        return result(key, problem, find).at("/derivation/answer").asText();
    }

    private static void assertAtPoints(String latex, ToDoubleFunction<Map<String, Double>> byHand, String... names) throws Exception {
        Random r = new Random(5);
        for (int k = 0; k < 12; k++) {
            Map<String, Double> v = new HashMap<>();
            for (String n : names) v.put(n, Math.round((-2.5 + 5 * r.nextDouble()) * 100) / 100.0);
            double want = byHand.applyAsDouble(v);
            assertEquals(want, eval(latex, v), 1e-12 * Math.max(1, Math.abs(want)), v + ": " + latex);
        }
    }

    private static double eval(String latex, Map<String, Double> v) throws Exception {
        Map<Sym, Double> env = new HashMap<>();
        for (Map.Entry<String, Double> en : v.entrySet()) env.put((Sym) FormulaParser.parseExpr(en.getKey()), en.getValue());
        Expr e = FormulaParser.parseExpr(latex);
        return Evaluator.eval(e, Env.of(env));
    }
}
