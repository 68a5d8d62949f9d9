package org.chainrule.derive.matrix;

import java.util.List;
import java.util.Random;

/**
 * Random well-shaped scalar expressions in LaTeX over the declared symbols A (n × n), B (m × n),
 * x and a (n × 1), v and y (m × 1) and the scalars c, d: linear and quadratic forms, squared norms,
 * elementwise functions, Hadamard products, sums, scalar multiples, scalar functions of scalar
 * sub-expressions and products of two scalar sub-expressions. Deterministic for a given Random.
 */
final class MatrixExprGen {

    static final List<String> GIVEN = List.of(
            "A \\in \\mathbb{R}^{n \\times n}", "B \\in \\mathbb{R}^{m \\times n}",
            "\\mathbf{x} \\in \\mathbb{R}^{n}", "\\mathbf{a} \\in \\mathbb{R}^{n}",
            "\\mathbf{v} \\in \\mathbb{R}^{m}", "\\mathbf{y} \\in \\mathbb{R}^{m}");

    static final String X = "\\mathbf{x}", AV = "\\mathbf{a}", V = "\\mathbf{v}", Y = "\\mathbf{y}";

    /**
     * Constructions the generator may use beyond the safe ones: elementwise functions of any vector
     * (else only of x, x ± a and a ⊙ x, or of constants), a scalar sub-expression times a vector, and
     * products of any two scalar sub-expressions (else each factor is a single power, norm or function).
     */
    record Features(boolean elementwiseOfCompound, boolean scalarTimesCompoundVector, boolean anyScalarProducts) {
        static final Features ALL = new Features(true, true, true);
        static final Features SAFE = new Features(false, false, false);
    }

    private final Random r;
    private final Features features;

    MatrixExprGen(Random r, Features features) {
        this.r = r;
        this.features = features;
    }

    private String pick(String... options) {
        return options[r.nextInt(options.length)];
    }

    private static String t(String e) {
        return isAtom(e) ? e + "^T" : "(" + e + ")^T";
    }

    private static boolean isAtom(String e) {
        return e.matches("\\\\mathbf\\{[a-z]\\}|[A-Z]");
    }

    private static String paren(String e) {
        return isAtom(e) ? e : "(" + e + ")";
    }

    private String fn() {
        return pick("\\sigma", "\\tanh", "\\exp");
    }

    /** An n × 1 expression. */
    String vecN(int depth) {
        if (depth <= 0) return pick(X, X, AV);
        return switch (r.nextInt(11)) {
            case 0 -> X;
            case 1 -> "A " + paren(vecN(depth - 1));
            case 2 -> "A^T " + paren(vecN(depth - 1));
            case 3 -> "B^T " + paren(vecM(depth - 1));
            case 4 -> vecN(depth - 1) + " + " + vecN(depth - 1);
            case 5 -> vecN(depth - 1) + " - " + AV;
            case 6 -> pick("c", "2", "d") + " " + paren(vecN(depth - 1));
            case 7 -> paren(vecN(depth - 1)) + " \\odot " + paren(vecN(depth - 1));
            case 8 -> {
                String u = features.elementwiseOfCompound() ? vecN(depth - 1) : pick(X, X, X + " + " + AV, X + " - " + AV, AV + " \\odot " + X);
                yield fn() + "(" + u + ")";
            }
            case 9 -> features.scalarTimesCompoundVector() ? paren(scalar(depth - 1)) + " " + paren(vecN(depth - 1)) : AV + " \\odot " + X;
            default -> AV;
        };
    }

    /** An m × 1 expression. */
    String vecM(int depth) {
        if (depth <= 0) return pick("B " + X, Y, V);
        return switch (r.nextInt(9)) {
            case 0 -> "B " + paren(vecN(depth - 1));
            case 1 -> "B " + paren(vecN(depth - 1)) + " - " + Y;
            case 2 -> vecM(depth - 1) + " + " + vecM(depth - 1);
            case 3 -> pick("c", "3", "d") + " " + paren(vecM(depth - 1));
            case 4 -> paren(vecM(depth - 1)) + " \\odot " + paren(vecM(depth - 1));
            case 5 -> {
                String u = features.elementwiseOfCompound() ? vecM(depth - 1) : pick(Y, V);
                yield fn() + "(" + u + ")";
            }
            case 6 -> V + " \\odot " + paren(vecM(depth - 1));
            case 7 -> "B " + X + " + " + Y;
            default -> Y;
        };
    }

    /** A scalar (1 × 1) expression. */
    String scalar(int depth) {
        if (depth <= 0) return pick(AV + "^T " + X, X + "^T A " + X, "\\|" + X + "\\|^2", V + "^T B " + X);
        return switch (r.nextInt(13)) {
            case 0 -> AV + "^T " + paren(vecN(depth - 1));
            case 1 -> t(vecN(depth - 1)) + " " + AV;
            case 2 -> X + "^T A " + X;
            case 3 -> V + "^T " + paren(vecM(depth - 1));
            case 4 -> "\\|" + vecN(depth - 1) + "\\|^2";
            case 5 -> "\\|" + vecM(depth - 1) + "\\|^2";
            case 6 -> scalar(depth - 1) + " + " + scalar(depth - 1);
            case 7 -> pick("c", "3", "\\frac{1}{2}", "d") + " " + paren(scalar(depth - 1));
            case 8 -> "\\log(1 + " + paren(scalar(depth - 1)) + "^2)";
            case 9 -> paren(scalar(depth - 1)) + "^2";
            case 10 -> "\\exp(" + pick(AV + "^T " + X, V + "^T B " + X, "-\\|" + X + "\\|^2", "c " + AV + "^T " + X) + ")";
            case 11 -> features.anyScalarProducts() ? paren(scalar(depth - 1)) + " " + paren(scalar(depth - 1))
                    : factor(depth - 1) + " " + factor(depth - 1);
            default -> "\\|" + vecM(depth - 1) + " - " + Y + "\\|^2";
        };
    }

    /** A scalar that stays one factor of a product: a power, a squared norm or a function value. */
    String factor(int depth) {
        return switch (r.nextInt(4)) {
            case 0 -> "(" + scalar(depth) + ")^2";
            case 1 -> "\\|" + (r.nextBoolean() ? vecN(depth) : vecM(depth)) + "\\|^2";
            case 2 -> "\\log(1 + (" + scalar(depth) + ")^2)";
            default -> "\\exp(" + pick(AV + "^T " + X, V + "^T B " + X, "-\\|" + X + "\\|^2") + ")";
        };
    }
}
