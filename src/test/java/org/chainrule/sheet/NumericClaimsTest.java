package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.chainrule.check.Diagnosis;
import org.chainrule.check.Judgement;
import org.chainrule.check.Verdict;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Rational;
import org.chainrule.parse.SheetParser;
import org.chainrule.parse.SheetSource;
import org.junit.jupiter.api.Test;

/**
 * Numeric claims, {@code \check[at]} and {@code \check[rate = …]}, graded on real sheet text. Every
 * expected value is worked out here by hand or in exact arithmetic, independently of the code under
 * test: the point's forward pass written as formulas, the descent's iterates from its closed form.
 */
class NumericClaimsTest {

    /** The claims of a one-problem sheet, graded in order. */
    private static List<Grading.Graded> grade(String body) throws Exception {
        SheetSource sheet = SheetParser.parse("\\problem{Test}\n" + body + "\n");
        SheetSource.Problem p = sheet.problems().get(0);
        assertTrue(p.errors().isEmpty(), () -> "problem errors: " + p.errors());
        return Grading.grade(p, new Engine());
    }

    private static Judgement only(String body) throws Exception {
        List<Grading.Graded> graded = grade(body);
        assertEquals(1, graded.size());
        return graded.get(0).judgement();
    }

    private static void assertCorrect(Judgement j) {
        assertEquals(Verdict.CORRECT, j.verdict(), () -> j.toString());
    }

    private static void assertWrong(Judgement j, double expected, Optional<String> exact, List<Diagnosis> diagnoses) {
        assertEquals(Verdict.WRONG, j.verdict(), () -> j.toString());
        assertTrue(j.expected().isPresent());
        assertEquals(expected, j.expected().get().value(), 1e-12 * Math.max(1, Math.abs(expected)));
        assertEquals(exact, j.expected().get().exact());
        assertEquals(diagnoses, j.diagnoses());
    }

    private static void assertUnverifiable(Judgement j, String because) {
        assertEquals(Verdict.UNVERIFIABLE, j.verdict(), () -> j.toString());
        assertTrue(j.why().orElseThrow().contains(because), () -> "why: " + j.why().get());
    }

    /** x rounded to k decimal places, half away from zero, as written by hand. */
    private static double places(double x, int k) {
        return BigDecimal.valueOf(x).setScale(k, RoundingMode.HALF_UP).doubleValue();
    }

    private static double sigma(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    // ---------------------------------------------------------------- the digits of a claim

    @Test
    void decimalsAreTheFewestThatWriteTheNumber() {
        assertEquals(4, NumericClaims.decimals(Rational.of(43, 10000)));   // 0.0043
        assertEquals(1, NumericClaims.decimals(Rational.of(175, 2)));      // 87.5
        assertEquals(0, NumericClaims.decimals(Rational.of(100)));         // 100
        assertEquals(1, NumericClaims.decimals(Rational.of(50, 100)));     // 0.50: the trailing zero is not kept
        assertEquals(3, NumericClaims.decimals(Rational.of(103125, 1000))); // 103.125
    }

    // ---------------------------------------------------------------- [at], exact values

    /** z = w x + b = 7/4, E = ½(z − t)² = 9/32 = 0.28125, ∂E/∂w = (z − t)x = 9/4, ∂E/∂b = ∂E/∂z = 3/4. */
    static final String LINEAR = """
            \\let{z = w x + b, E = \\frac{1}{2}(z - t)^2}
            \\at{x = 3, w = 0.5, b = 0.25, t = 1}
            """;

    static final Rational Z = Rational.of(1, 2).multiply(Rational.of(3)).add(Rational.of(1, 4));
    static final Rational E = Rational.HALF.multiply(Z.subtract(Rational.ONE).pow(2));
    static final Rational DE_DW = Z.subtract(Rational.ONE).multiply(Rational.of(3));

    @Test
    void handValuesOfTheLinearProblem() {
        assertEquals(Rational.of(7, 4), Z);
        assertEquals(Rational.of(9, 32), E);
        assertEquals(Rational.of(9, 4), DE_DW);
    }

    @Test
    void aValueIsRightWhenTheExactValueRoundsToItsDigits() throws Exception {
        for (String claim : List.of("0.28", "0.281", "0.3", "0", "\\frac{9}{32}", "0.28125"))
            assertCorrect(only(LINEAR + "\\check[at]{E = " + claim + "}"));
        // 0.28125 is exactly half-way between 0.2812 and 0.2813: both are within half a unit
        assertCorrect(only(LINEAR + "\\check[at]{E = 0.2812}"));
        assertCorrect(only(LINEAR + "\\check[at]{E = 0.2813}"));
        Optional<String> exact = Optional.of("0.28125");
        assertWrong(only(LINEAR + "\\check[at]{E = 0.2814}"), E.doubleValue(), exact, List.of());
        assertWrong(only(LINEAR + "\\check[at]{E = 0.29}"), E.doubleValue(), exact, List.of());
        // a fraction is exact: 1/3 is not 9/32 (and 1/4 is not, though 0.28125 rounds to 0.3 at one decimal)
        assertWrong(only(LINEAR + "\\check[at]{E = \\frac{1}{3}}"), E.doubleValue(), exact, List.of());
        assertWrong(only(LINEAR + "\\check[at]{E = \\frac{1}{4}}"), E.doubleValue(), exact, List.of());
    }

    @Test
    void derivativesByGivenValuesAndByIntermediates() throws Exception {
        assertCorrect(only(LINEAR + "\\check[at]{\\frac{\\partial E}{\\partial w} = 2.25}"));
        assertCorrect(only(LINEAR + "\\check[at]{\\frac{\\partial E}{\\partial b} = 0.75}"));
        assertCorrect(only(LINEAR + "\\check[at]{\\frac{\\partial E}{\\partial z} = 0.75}"));
        assertCorrect(only(LINEAR + "\\check[at]{\\frac{\\partial z}{\\partial x} = 0.5}"));
        assertCorrect(only(LINEAR + "\\check[at]{z - t = 0.75}"));
        assertWrong(only(LINEAR + "\\check[at]{\\frac{\\partial E}{\\partial w} = 2.6}"), 2.25, Optional.of("2.25"), List.of());
        // t does not depend on w
        assertCorrect(only(LINEAR + "\\check[at]{\\frac{\\partial t}{\\partial w} = 0}"));
    }

    @Test
    void aNegatedRightValueIsASignFlip() throws Exception {
        assertWrong(only(LINEAR + "\\check[at]{\\frac{\\partial E}{\\partial w} = -2.25}"), 2.25, Optional.of("2.25"),
                List.of(new Diagnosis.SignFlipped()));
        assertWrong(only(LINEAR + "\\check[at]{\\frac{\\partial E}{\\partial b} = -0.8}"), 0.75, Optional.of("0.75"),
                List.of(new Diagnosis.SignFlipped()));
    }

    @Test
    void roundingTheForwardPassExplainsADrift() throws Exception {
        // z = 1.75 written with one decimal is 1.8 (half away from zero): (1.8 − 1)·3 = 2.4
        assertWrong(only(LINEAR + "\\check[at]{\\frac{\\partial E}{\\partial w} = 2.4}"), 2.25, Optional.of("2.25"),
                List.of(new Diagnosis.RoundingDrift(1)));
    }

    @Test
    void everyLineOfAClaimIsJudgedAndTheFirstWrongOneMarked() throws Exception {
        List<Grading.Graded> graded = grade(LINEAR + "\\check[at]{E = 0.28 \\\\ = 0.2 \\\\ = 0.281 \\\\ = 1}");
        assertEquals(List.of(Verdict.CORRECT, Verdict.WRONG, Verdict.CORRECT, Verdict.WRONG),
                graded.stream().map(Grading.Graded::verdict).toList());
        assertEquals(List.of(false, true, false, false), graded.stream().map(Grading.Graded::firstWrong).toList());
    }

    /** z = 0.37·1.3 = 0.481 and y = z² = 0.231361, ∂y/∂w = 2zx = 1.2506; written as 0.48, z gives 0.2304 and 1.248. */
    static final String SQUARE = """
            \\let{z = w x, y = z^2}
            \\at{w = 0.37, x = 1.3}
            """;

    @Test
    void roundingDriftOfAValueAndOfADerivative() throws Exception {
        assertCorrect(only(SQUARE + "\\check[at]{y = 0.2314}"));
        assertWrong(only(SQUARE + "\\check[at]{y = 0.2304}"), 0.231361, Optional.of("0.231361"), List.of(new Diagnosis.RoundingDrift(2)));
        assertCorrect(only(SQUARE + "\\check[at]{\\frac{\\partial y}{\\partial w} = 1.2506}"));
        assertWrong(only(SQUARE + "\\check[at]{\\frac{\\partial y}{\\partial w} = 1.248}"), 1.2506, Optional.of("1.2506"),
                List.of(new Diagnosis.RoundingDrift(2)));
        // a sign slip on top of the rounding: both are said
        assertWrong(only(SQUARE + "\\check[at]{\\frac{\\partial y}{\\partial w} = -1.248}"), 1.2506, Optional.of("1.2506"),
                List.of(new Diagnosis.SignFlipped(), new Diagnosis.RoundingDrift(2)));
        // no rounding of z (0.5, 0.48, 0.481) gives 1.3 at four decimals: 1.3, 1.248, 1.2506
        assertWrong(only(SQUARE + "\\check[at]{\\frac{\\partial y}{\\partial w} = 1.2700}"), 1.2506, Optional.of("1.2506"), List.of());
    }

    // ---------------------------------------------------------------- [at], the seed's network

    static final String NETWORK = """
            \\let{z_1 = b_1 + w_1 x_1 + w_3 x_2 + w_5 x_3, z_2 = b_2 + w_2 x_1 + w_4 x_2 + w_6 x_3}
            \\let{h_1 = \\sigma(z_1), h_2 = \\sigma(z_2)}
            \\let{z_3 = b_3 + w_7 h_1 + w_8 h_2, \\theta = \\sigma(z_3)}
            \\let{E = \\frac{1}{2}(\\theta - t)^2}
            \\at[student = 2]{x_1 = 0.18, x_2 = 2.42, x_3 = 1.34,
              W_1 = \\begin{bmatrix} -0.1 & -0.15 \\\\ 0.19 & -0.07 \\\\ 0.49 & -0.48 \\end{bmatrix},
              B_1 = \\begin{bmatrix} -0.36 \\\\ -0.04 \\end{bmatrix},
              W_2 = \\begin{bmatrix} -0.25 \\\\ 0.68 \\end{bmatrix}, B_2 = 0.26, t = -1.29}
            """;

    /** The network's gradients by hand, every forward value written with {@code round} (identity for exact). */
    private static double[] network(DoubleUnaryOperator round) {
        double x1 = 0.18, x2 = 2.42, x3 = 1.34, w1 = -0.1, w2 = -0.15, w3 = 0.19, w4 = -0.07, w5 = 0.49, w6 = -0.48;
        double b1 = -0.36, b2 = -0.04, w7 = -0.25, w8 = 0.68, b3 = 0.26, t = -1.29;
        double z1 = round.applyAsDouble(b1 + w1 * x1 + w3 * x2 + w5 * x3), z2 = round.applyAsDouble(b2 + w2 * x1 + w4 * x2 + w6 * x3);
        double h1 = round.applyAsDouble(sigma(z1)), h2 = round.applyAsDouble(sigma(z2));
        double theta = round.applyAsDouble(sigma(round.applyAsDouble(b3 + w7 * h1 + w8 * h2)));
        double dz3 = (theta - t) * theta * (1 - theta);
        double dz1 = dz3 * w7 * h1 * (1 - h1), dz2 = dz3 * w8 * h2 * (1 - h2);
        return new double[] {dz1 * x1, dz1 * x2, dz1, dz2, dz3 * h1};   // ∂E/∂w_1, ∂E/∂w_3, ∂E/∂b_1, ∂E/∂b_2, ∂E/∂w_7
    }

    private static Judgement networkClaim(String v, String value) throws Exception {
        return only(NETWORK + "\\check[at]{\\frac{\\partial E}{\\partial " + v + "} = " + value + "}");
    }

    @Test
    void theSeedsHandValues() throws Exception {
        double[] exact = network(x -> x);
        assertEquals(-0.004488, exact[0], 5e-7);
        assertEquals(0.308446, exact[4], 5e-7);
        assertCorrect(networkClaim("w_7", "0.3084"));
        assertCorrect(networkClaim("w_1", "-0.0045"));

        // +0.0043: the sign is flipped, and −0.0043 is not the exact value at four decimals (−0.0045); it
        // is what forward values written with one decimal give (z_1 = 0.7, h_1 = 0.7, θ = 0.6: −0.00429)
        double oneDecimal = network(x -> places(x, 1))[0];
        assertEquals(-0.0043, places(oneDecimal, 4));
        assertWrong(networkClaim("w_1", "0.0043"), exact[0], Optional.empty(),
                List.of(new Diagnosis.SignFlipped(), new Diagnosis.RoundingDrift(1)));

        // 0.0638 (exact 0.064245) is what h_1, h_2 written as 0.68, 0.29 (two decimals throughout) give
        double twoDecimals = network(x -> places(x, 2))[3];
        assertEquals(0.0638, places(twoDecimals, 4));
        assertEquals(0.0642, places(exact[3], 4));
        assertWrong(networkClaim("b_2", "0.0638"), exact[3], Optional.empty(), List.of(new Diagnosis.RoundingDrift(2)));

        // −0.0579 and −0.0239 are wrong and no rounding explains them (two decimals give −0.0600, −0.0248)
        assertEquals(-0.0600, places(network(x -> places(x, 2))[1], 4));
        assertWrong(networkClaim("w_3", "-0.0579"), exact[1], Optional.empty(), List.of());
        assertWrong(networkClaim("b_1", "-0.0239"), exact[2], Optional.empty(), List.of());
    }

    @Test
    void valuesOfTheForwardPassAndAdjointsOfIntermediates() throws Exception {
        double z1 = -0.36 - 0.1 * 0.18 + 0.19 * 2.42 + 0.49 * 1.34;
        assertEquals(Rational.of(7384, 10000), Rational.of(-36, 100).add(Rational.of(-18, 1000)).add(Rational.of(4598, 10000)).add(Rational.of(6566, 10000)));
        assertCorrect(only(NETWORK + "\\check[at]{z_1 = 0.7384}"));
        assertCorrect(only(NETWORK + "\\check[at]{h_1 = " + places(sigma(z1), 4) + "}"));
        assertCorrect(only(NETWORK + "\\check[at]{E = 1.7336}"));
        // ∂E/∂h_1 = ∂E/∂z_3 · w_7
        double[] exact = network(x -> x);
        double dh1 = exact[4] / (1 / (1 + Math.exp(-z1))) * -0.25;
        assertCorrect(only(NETWORK + "\\check[at]{\\frac{\\partial E}{\\partial h_1} = " + places(dh1, 4) + "}"));
    }

    @Test
    void theFirstAtPointIsTheOneUsed() throws Exception {
        String two = LINEAR + "\\at{x = 1, w = 1, b = 1, t = 1}\n";
        assertCorrect(only(two + "\\check[at]{E = 0.28125}"));
    }

    // ---------------------------------------------------------------- [at], unverifiable

    @Test
    void atClaimsThatCannotBeJudged() throws Exception {
        assertUnverifiable(only("\\let{E = w^2}\n\\find{\\frac{\\partial E}{\\partial w}}\n\\check[at]{E = 1}"), "no \\at point");
        assertUnverifiable(only(LINEAR + "\\check[at]{E = t}"), "is not a number");
        assertUnverifiable(only(LINEAR + "\\check[at]{q = 1}"), "gives no value for q");
        assertUnverifiable(only(LINEAR + "\\check[at]{\\frac{\\partial E}{\\partial q} = 0}"), "gives no value for q");
        assertUnverifiable(only(LINEAR + "\\check[at]{\\frac{\\partial q}{\\partial w} = 0}"), "gives no value for q");
        assertUnverifiable(only(NETWORK + "\\check[at]{\\frac{\\partial E}{\\partial W_1} = 0}"), "W_{1} is a matrix");
        assertUnverifiable(only(LINEAR + "\\check[at]{\\frac{\\partial^2 E}{\\partial w^2} = 9}"), "first derivative");
        assertUnverifiable(only(LINEAR + "\\check[at]{2\\frac{\\partial E}{\\partial w} = 4.5}"), "derivatives in it");
        // the point lacks t: the \at cannot be worked
        assertUnverifiable(only("\\let{z = w x + b, E = \\frac{1}{2}(z - t)^2}\n\\at{x = 3, w = 0.5, b = 0.25}\n\\check[at]{E = 1}"),
                "the \\at point cannot be used: the point gives no value for t");
    }

    // ---------------------------------------------------------------- [rate = …]: iterates

    /** w_{k+1} = w_k − α(w_k − 100) from w_0 = 0: w_k = 100(1 − (1 − α)^k). */
    static final String DESCENT = """
            \\let{L = \\frac{1}{2}(w x - y)^2}
            \\descent[steps = 5, wrt = w]{L}{w = 0, x = 1, y = 100}{0.5, 1.5, 2.5}
            """;

    private static Rational iterate(Rational alpha, int k) {
        return Rational.of(100).multiply(Rational.ONE.subtract(Rational.ONE.subtract(alpha).pow(k)));
    }

    @Test
    void closedFormOfTheIterates() {
        assertEquals(List.of(Rational.of(50), Rational.of(75), Rational.of(175, 2), Rational.of(375, 4), Rational.of(3875, 40)),
                List.of(iterate(Rational.HALF, 1), iterate(Rational.HALF, 2), iterate(Rational.HALF, 3), iterate(Rational.HALF, 4), iterate(Rational.HALF, 5)));
        assertEquals(Rational.of(103125, 1000), iterate(Rational.of(3, 2), 5));
        assertEquals(Rational.of(4375, 10), iterate(Rational.of(5, 2), 3));
        assertEquals(Rational.of(-40625, 100), iterate(Rational.of(5, 2), 4));
    }

    @Test
    void iteratesAtEachRate() throws Exception {
        assertCorrect(only(DESCENT + "\\check[rate = 0.5]{w_3 = 87.5}"));
        assertCorrect(only(DESCENT + "\\check[rate = 1.5]{w_5 = 103.125}"));
        assertCorrect(only(DESCENT + "\\check[rate=2.5]{w_4 = -406.25}"));
        assertCorrect(only(DESCENT + "\\check[rate = 0.5]{w_0 = 0}"));
        // past the steps the sheet shows: w_7 = 100(1 − 2^{−7}) = 99.21875
        assertEquals(Rational.of(9921875, 100000), iterate(Rational.HALF, 7));
        assertCorrect(only(DESCENT + "\\check[rate = 0.5]{w_7 = 99.22}"));
        assertCorrect(only(DESCENT + "\\check[rate = 0.5]{w_7 = 99.2}"));
        assertWrong(only(DESCENT + "\\check[rate = 0.5]{w_7 = 99.4}"), 99.21875, Optional.of("99.21875"), List.of());
        // with every iterate written with one decimal: 93.75 → 93.8, then 96.9, 98.45 → 98.5, and w_7 = 99.25,
        // which 99.3 is at one decimal (two decimals give 96.88, 98.44, 99.22)
        assertWrong(only(DESCENT + "\\check[rate = 0.5]{w_7 = 99.3}"), 99.21875, Optional.of("99.21875"), List.of(new Diagnosis.RoundingDrift(1)));
        // indices of two digits: w_{12} = 100(1 − 2^{−12}) = 99.9755859375
        assertEquals(Rational.parse("99.9755859375"), iterate(Rational.HALF, 12));
        assertCorrect(only(DESCENT + "\\check[rate = 0.5]{w_{12} = 99.9756}"));
        // the rate written as \alpha, \eta or a fraction
        assertCorrect(only(DESCENT + "\\check[\\alpha = 1.5]{w_5 = 103.125}"));
        assertCorrect(only(DESCENT + "\\check[\\eta=1.5]{w_2 = 75}"));
        assertCorrect(only(DESCENT + "\\check[rate = \\frac{3}{2}]{w_1 = 150}"));
    }

    @Test
    void theSeedsWrongIterates() throws Exception {
        // α = 0.5: w_3 = 100 is wrong (87.5); 100 has no decimals, so anything in [99.5, 100.5] is what it says
        assertWrong(only(DESCENT + "\\check[rate = 0.5]{w_3 = 100}"), 87.5, Optional.of("87.5"), List.of());
        // α = 2.5: w_3 = 687.5 is wrong (437.5); w_4 = −781.25 is a right step from it: −781.25 = 687.5 − 2.5(687.5 − 100)
        Rational fromClaimed = Rational.of(6875, 10).subtract(Rational.of(5, 2).multiply(Rational.of(6875, 10).subtract(Rational.of(100))));
        assertEquals(Rational.of(-78125, 100), fromClaimed);
        List<Grading.Graded> graded = grade(DESCENT + "\\check[rate = 2.5]{w_3 = 687.5}\n\\check[rate = 2.5]{w_4 = -781.25}");
        assertWrong(graded.get(0).judgement(), 437.5, Optional.of("437.5"), List.of());
        assertWrong(graded.get(1).judgement(), -406.25, Optional.of("-406.25"),
                List.of(new Diagnosis.CarriedForward(Sym.of("w", Expr.num(3)), 687.5)));
    }

    @Test
    void carriedForwardNeedsAWrongPreviousClaimAtTheSameRateAndARightStep() throws Exception {
        // α = 0.5 from the claimed w_3 = 100: 100 − 0.5(100 − 100) = 100, wherever the claims are written
        List<Grading.Graded> graded = grade(DESCENT + "\\check[rate = 0.5]{w_4 = 100}\n\\check[rate = 0.5]{w_3 = 100}");
        assertWrong(graded.get(0).judgement(), 93.75, Optional.of("93.75"),
                List.of(new Diagnosis.CarriedForward(Sym.of("w", Expr.num(3)), 100)));
        // the same claims at another rate carry nothing over
        graded = grade(DESCENT + "\\check[rate = 1.5]{w_3 = 100}\n\\check[rate = 0.5]{w_4 = 100}");
        assertEquals(List.of(), graded.get(1).judgement().diagnoses());
        // a wrong step from a wrong previous claim: 90 is not 100 − 0.5·0
        graded = grade(DESCENT + "\\check[rate = 0.5]{w_3 = 100}\n\\check[rate = 0.5]{w_4 = 90}");
        assertWrong(graded.get(1).judgement(), 93.75, Optional.of("93.75"), List.of());
    }

    @Test
    void aNegatedIterateIsASignFlip() throws Exception {
        assertWrong(only(DESCENT + "\\check[rate = 2.5]{w_3 = -437.5}"), 437.5, Optional.of("437.5"), List.of(new Diagnosis.SignFlipped()));
    }

    /** α = 0.3, y = 1: w_{k+1} = 0.7 w_k + 0.3 gives 0.3, 0.51, 0.657, 0.7599; with w_3 written as 0.66, w_4 = 0.762. */
    @Test
    void iteratesWrittenRoundedDrift() throws Exception {
        String sheet = "\\let{L = \\frac{1}{2}(w x - y)^2}\n\\descent[steps = 4, wrt = w]{L}{w = 0, x = 1, y = 1}{0.3}\n";
        Rational w = Rational.ZERO;
        for (int k = 0; k < 4; k++) w = Rational.of(7, 10).multiply(w).add(Rational.of(3, 10));
        assertEquals(Rational.of(7599, 10000), w);
        assertEquals(new BigDecimal("0.762"), new BigDecimal("0.7").multiply(new BigDecimal("0.66")).add(new BigDecimal("0.3")));
        assertCorrect(only(sheet + "\\check[rate = 0.3]{w_4 = 0.760}"));
        assertWrong(only(sheet + "\\check[rate = 0.3]{w_4 = 0.762}"), 0.7599, Optional.of("0.7599"), List.of(new Diagnosis.RoundingDrift(2)));
    }

    @Test
    void aSubscriptedVariablesIteratesAreSuperscripts() throws Exception {
        String sheet = "\\let{L = \\frac{1}{2}(w_1 x - y)^2}\n\\descent[wrt = w_1]{L}{w_1 = 0, x = 1, y = 100}{0.5}\n";
        assertCorrect(only(sheet + "\\check[rate = 0.5]{w_1^{(3)} = 87.5}"));
        assertUnverifiable(only(sheet + "\\check[rate = 0.5]{w_3 = 87.5}"), "must be an iterate w_{1}^{(k)}");
    }

    @Test
    void rateClaimsThatCannotBeJudged() throws Exception {
        assertUnverifiable(only(DESCENT + "\\check[rate = 0.7]{w_3 = 87.5}"), "no learning rate 0.7 (its rates: 0.5, 1.5, 2.5)");
        assertUnverifiable(only(LINEAR + "\\check[rate = 0.5]{w_3 = 87.5}"), "no \\descent");
        assertUnverifiable(only(DESCENT + "\\check[rate = a]{w_3 = 87.5}"), "learning rate a is not a number");
        assertUnverifiable(only(DESCENT + "\\check[rate = 0.5]{x_3 = 87.5}"), "must be an iterate w_{k}");
        assertUnverifiable(only(DESCENT + "\\check[rate = 0.5]{w = 87.5}"), "must be an iterate w_{k}");
        assertUnverifiable(only(DESCENT + "\\check[rate = 0.5]{w_{500} = 100}"), "computed up to");
        assertUnverifiable(only(DESCENT + "\\check[rate = 0.5]{w_3 = y}"), "is not a number");
        assertUnverifiable(only("\\let{L = \\frac{1}{2}(w x - y)^2}\n\\descent[wrt = w]{L}{w = 0, x = 1}{0.5}\n\\check[rate = 0.5]{w_1 = 1}"),
                "the \\descent cannot be used");
    }
}
