package org.chainrule.expr;

import static org.chainrule.expr.Ex.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.chainrule.expr.Expr.*;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** One row per printing rule: name, tree, expected LaTeX. */
class LatexPrinterTest {

    record Row(String name, Expr tree, String latex) {}

    static Row r(String name, Expr tree, String latex) { return new Row(name, tree, latex); }

    /** Every row; {@link RenderTest} also feeds these to jlatexmath. */
    static List<Row> rows() {
        List<Row> t = new ArrayList<>();
        // ---- numbers
        t.add(r("integer", num(3), "3"));
        t.add(r("negative integer", num(-3), "-3"));
        t.add(r("rational", frac(1, 2), "\\frac{1}{2}"));
        t.add(r("negative rational", frac(-3, 4), "-\\frac{3}{4}"));
        t.add(r("decimal", dec("0.5"), "0.5"));
        t.add(r("negative decimal", dec("-0.1"), "-0.1"));
        t.add(r("decimal that is an integer keeps its point", dec("2.0"), "2.0"));
        t.add(r("rational coefficient", mul(frac(1, 2), x), "\\frac{1}{2} x"));
        t.add(r("decimal coefficient", mul(dec("0.5"), greek("lambda"), pow(w, 2)), "0.5 \\lambda w^{2}"));
        // ---- sums and minus signs
        t.add(r("sum", add(a, b, c), "a + b + c"));
        t.add(r("difference", sub(a, b), "a - b"));
        t.add(r("minus a number", add(a, num(-3)), "a - 3"));
        t.add(r("minus a decimal", add(a, dec("-0.5")), "a - 0.5"));
        t.add(r("minus a rational", add(a, frac(-1, 2)), "a - \\frac{1}{2}"));
        t.add(r("minus a product", sub(a, mul(b, c)), "a - b c"));
        t.add(r("minus negative coefficient product", add(a, mul(num(-3), x)), "a - 3 x"));
        t.add(r("minus parsed -3x", sub(a, mul(num(3), x)), "a - 3 x"));
        t.add(r("minus a sum", sub(a, add(b, c)), "a - (b + c)"));
        t.add(r("minus a difference", sub(a, sub(b, c)), "a - (b - c)"));
        t.add(r("plus a difference flattens", add(a, b, neg(c)), "a + b - c"));
        t.add(r("minus a negated product keeps sign", add(a, mul(num(-1), num(-3), x)), "a - (-3) x"));
        t.add(r("leading negative term", add(neg(x), y), "-x + y"));
        t.add(r("unary minus", neg(x), "-x"));
        t.add(r("unary minus of a sum", neg(add(a, b)), "-(a + b)"));
        t.add(r("unary minus of a tall sum", neg(add(a, div(num(1), b))), "-\\left(a + \\frac{1}{b}\\right)"));
        t.add(r("unary minus of a power", neg(pow(x, 2)), "-x^{2}"));
        t.add(r("unary minus of a product", neg(mul(x, y)), "-x y"));
        t.add(r("unary minus of -3x from the parser", neg(mul(num(3), x)), "-3 x"));
        t.add(r("negative coefficient", mul(num(-3), x), "-3 x"));
        t.add(r("negated negative number", mul(num(-1), num(-3)), "-(-3)"));
        t.add(r("unary minus of a fraction", neg(div(a, b)), "-\\frac{a}{b}"));
        t.add(r("unary minus of 1/x", neg(div(num(1), x)), "-\\frac{1}{x}"));
        t.add(r("unary minus of a sum operator", neg(sum(k, null, null, mul(ix(y, k), log(ix(y, k))))),
                "-\\sum_{k} y_{k} \\log(y_{k})"));
        t.add(r("unary minus of Hadamard", neg(new Hadamard(a, b)), "-(a \\odot b)"));
        // ---- products and juxtaposition
        t.add(r("coefficient", mul(num(2), x), "2 x"));
        t.add(r("number times number", mul(num(2), num(3)), "2 \\cdot 3"));
        t.add(r("number after a symbol", mul(x, num(2)), "x \\cdot 2"));
        t.add(r("rational after a symbol", mul(x, frac(1, 2)), "x \\cdot \\frac{1}{2}"));
        t.add(r("power of a number after a symbol", mul(x, pow(num(2), x)), "x \\cdot 2^{x}"));
        t.add(r("negative factor", mul(x, num(-3)), "x \\cdot (-3)"));
        t.add(r("negative decimal factors (seed)", mul(dec("-0.1"), dec("0.18")), "-0.1 \\cdot 0.18"));
        t.add(r("negated factor", mul(x, neg(y)), "x \\cdot (-1) y"));
        t.add(r("indexed symbols", mul(ix(w, i), ix(x, i)), "w_{i} x_{i}"));
        t.add(r("sum times symbol", mul(add(a, b), c), "(a + b) c"));
        t.add(r("symbol times sum needs no dot (only f, g, h, sigma would read as calls)", mul(c, add(a, b)), "c (a + b)"));
        t.add(r("greek times sum needs no dot", mul(greek("lambda"), add(ix(w, num(1)), ix(w, num(2)))),
                "\\lambda (w_{1} + w_{2})"));
        t.add(r("f times sum is not a call", mul(f, add(x, num(1))), "f \\cdot (x + 1)"));
        t.add(r("sigma squared times sum is not a call", mul(pow(greek("sigma"), 2), sub(num(1), z)),
                "\\sigma^{2} \\cdot (1 - z)"));
        t.add(r("number times sum", mul(num(2), add(a, b)), "2 (a + b)"));
        t.add(r("sigmoid derivative", mul(sigma(z), sub(num(1), sigma(z))), "\\sigma(z) (1 - \\sigma(z))"));
        t.add(r("two sums", mul(sub(y, num(1)), add(y, num(1))), "(y - 1) (y + 1)"));
        t.add(r("adjacent bars", mul(new Abs(a), new Abs(b)), "|a| \\cdot |b|"));
        t.add(r("d is not a differential", mul(d, x), "d \\cdot x"));
        t.add(r("transpose times vector", mul(new Transpose(w), x), "w^{\\top} x"));
        t.add(r("matrix times vector", mul(W, matrix(List.of(List.of(ix(x, num(1))), List.of(ix(x, num(2)))))),
                "W \\begin{bmatrix} x_{1} \\\\ x_{2} \\end{bmatrix}"));
        // ---- fractions from negative powers
        t.add(r("a over b", div(a, b), "\\frac{a}{b}"));
        t.add(r("2 over b", div(num(2), b), "\\frac{2}{b}"));
        t.add(r("1 over b", div(num(1), b), "\\frac{1}{b}"));
        t.add(r("leading inverse keeps order", mul(inv(b), a), "\\frac{1}{b} a"));
        t.add(r("lone inverse", inv(x), "\\frac{1}{x}"));
        t.add(r("product denominator", div(a, mul(b, c)), "\\frac{a}{b c}"));
        t.add(r("product numerator", div(mul(a, b), c), "\\frac{a b}{c}"));
        t.add(r("sum over sum", div(add(a, b), sub(c, d)), "\\frac{a + b}{c - d}"));
        t.add(r("fraction then factor", mul(a, inv(b), c), "\\frac{a}{b} c"));
        t.add(r("two inverses", mul(a, inv(b), inv(c)), "\\frac{a}{b} \\frac{1}{c}"));
        t.add(r("two fractions", mul(a, inv(b), c, inv(d)), "\\frac{a}{b} \\frac{c}{d}"));
        t.add(r("greedy numerator", mul(x, a, b, inv(c), y), "\\frac{x a b}{c} y"));
        t.add(r("negative integer power prints as a fraction", mul(a, pow(x, -2)), "\\frac{a}{x^{2}}"));
        t.add(r("lone negative power", pow(x, -2), "\\frac{1}{x^{2}}"));
        t.add(r("sum in numerator with other factors", div(mul(add(a, b), x), c), "\\frac{(a + b) x}{c}"));
        t.add(r("negative number in later numerator", mul(x, inv(y), num(-3), c, inv(z)),
                "\\frac{x}{y} \\frac{(-3) c}{z}"));
        t.add(r("negative denominator", div(a, neg(b)), "\\frac{a}{-b}"));
        t.add(r("nested fraction", div(a, div(b, c)), "\\frac{a}{\\frac{b}{c}}"));
        t.add(r("fraction of fraction", div(div(a, b), c), "\\frac{a}{b} \\frac{1}{c}"));
        t.add(r("sigmoid", div(num(1), add(num(1), exp(neg(x)))), "\\frac{1}{1 + e^{-x}}"));
        t.add(r("sum in denominator", div(exp(ix(a, i)), sum(k, null, null, exp(ix(a, k)))),
                "\\frac{e^{a_{i}}}{\\sum_{k} e^{a_{k}}}"));
        t.add(r("d over d x is not a derivative", mul(d, p, inv(mul(d, a))), "\\frac{d \\cdot p}{d \\cdot a}"));
        // ---- powers
        t.add(r("square", pow(x, 2), "x^{2}"));
        t.add(r("power of a sum", pow(add(a, b), 2), "(a + b)^{2}"));
        t.add(r("power of a call", pow(sigma(z), 2), "\\sigma(z)^{2}"));
        t.add(r("power of tanh", pow(fn(BuiltinFn.TANH, x), 2), "\\tanh(x)^{2}"));
        t.add(r("power of negative number", pow(num(-3), 2), "(-3)^{2}"));
        t.add(r("power of negation", pow(neg(x), 2), "(-x)^{2}"));
        t.add(r("power tower", pow(a, pow(b, c)), "a^{b^{c}}"));
        t.add(r("power of power", pow(pow(a, b), c), "(a^{b})^{c}"));
        t.add(r("power of rational", pow(frac(1, 2), 2), "\\left(\\frac{1}{2}\\right)^{2}"));
        t.add(r("power of fraction", pow(div(a, b), 2), "\\left(\\frac{a}{b}\\right)^{2}"));
        t.add(r("power of decimal", pow(dec("0.5"), 2), "0.5^{2}"));
        t.add(r("power of exp", pow(exp(x), 2), "(e^{x})^{2}"));
        t.add(r("power of indexed symbol", pow(ix(x, i), 2), "x_{i}^{2}"));
        t.add(r("power of superscripted symbol", pow(sup(y, SupKind.PAREN, i), 2), "(y^{(i)})^{2}"));
        t.add(r("power of a product", pow(mul(a, b), 2), "(a b)^{2}"));
        t.add(r("power of abs", pow(new Abs(x), 2), "|x|^{2}"));
        t.add(r("power of norm", pow(new Norm(w, num(2)), 2), "\\|w\\|^{2}"));
        t.add(r("square root", pow(x, frac(1, 2)), "\\sqrt{x}"));
        t.add(r("cube root", pow(add(x, num(1)), frac(1, 3)), "\\sqrt[3]{x + 1}"));
        t.add(r("decimal half power stays", pow(x, dec("0.5")), "x^{0.5}"));
        t.add(r("rational power", pow(x, frac(3, 2)), "x^{\\frac{3}{2}}"));
        t.add(r("negative rational power", pow(x, frac(-1, 2)), "x^{-\\frac{1}{2}}"));
        t.add(r("sum exponent", pow(x, add(n, num(1))), "x^{n + 1}"));
        t.add(r("power of a sum operator", pow(sum(k, null, null, exp(ix(a, k))), 2),
                "\\left(\\sum_{k} e^{a_{k}}\\right)^{2}"));
        t.add(r("power of nabla symbol", pow(styled("w", "nabla"), 2), "(\\nabla w)^{2}"));
        // ---- exp
        t.add(r("exp", exp(x), "e^{x}"));
        t.add(r("exp of negation", exp(neg(x)), "e^{-x}"));
        t.add(r("exp then factor", mul(exp(x), y), "e^{x} y"));
        t.add(r("e constant", mul(num(2), new Const(ConstKind.PI), ix(x, num(1))), "2 \\pi x_{1}"));
        // ---- symbols
        t.add(r("greek", greek("beta"), "\\beta"));
        t.add(r("epsilon", greek("epsilon"), "\\epsilon"));
        t.add(r("rm word", styled("inp", "rm"), "\\mathrm{inp}"));
        t.add(r("rm letter", styled("d", "rm"), "\\mathrm{d}"));
        t.add(r("hat", styled("y", "hat"), "\\hat{y}"));
        t.add(r("bar tilde dot ddot check", mul(styled("x", "bar"), styled("x", "tilde"), styled("x", "dot"),
                styled("x", "ddot"), styled("x", "check")), "\\bar{x} \\tilde{x} \\dot{x} \\ddot{x} \\check{x}"));
        t.add(r("vec of hat", styled("y", "vec", "hat"), "\\vec{\\hat{y}}"));
        t.add(r("bold latin", styled("x", "bold"), "\\mathbf{x}"));
        t.add(r("bold greek", Sym.of("\\theta").withStyles(List.of("bold")), "\\boldsymbol{\\theta}"));
        t.add(r("calligraphic", styled("L", "cal"), "\\mathcal{L}"));
        t.add(r("nabla", styled("L", "nabla", "cal"), "\\nabla \\mathcal{L}"));
        t.add(r("subscript one", ix(w, num(1)), "w_{1}"));
        t.add(r("subscript letters joined", ix(w, i, j), "w_{ij}"));
        t.add(r("subscript digits separated", ix(w, num(1), num(1)), "w_{1,1}"));
        t.add(r("subscript letter digit", ix(w, i, num(1)), "w_{i1}"));
        t.add(r("subscript greek joined", ix(greek("delta"), greek("alpha"), j), "\\delta_{\\alpha j}"));
        t.add(r("subscript multi-digit", ix(x, num(10), num(2)), "x_{10,2}"));
        t.add(r("subscript arithmetic", ix(w, sub(i, num(1))), "w_{i - 1}"));
        t.add(r("subscript nested", ix(z, ix(Sym.of("h"), num(1))), "z_{h_{1}}"));
        t.add(r("sup paren", sup(y, SupKind.PAREN, i), "y^{(i)}"));
        t.add(r("sup bracket", sup(W, SupKind.BRACKET, num(2)), "W^{[2]}"));
        t.add(r("sup star", sup(w, SupKind.STAR), "w^{*}"));
        t.add(r("sub and sup", sup(ix(w, i, j), SupKind.PAREN, Sym.of("l")), "w_{ij}^{(l)}"));
        t.add(r("hat with sub and sup", sup(ix(styled("y", "hat"), k), SupKind.PAREN, i), "\\hat{y}_{k}^{(i)}"));
        // ---- functions
        t.add(r("log", log(x), "\\log(x)"));
        t.add(r("log base", new Apply(new LogBase(num(2)), List.of(x)), "\\log_{2}(x)"));
        t.add(r("relu", fn(BuiltinFn.RELU, z), "\\operatorname{ReLU}(z)"));
        t.add(r("max", fn(BuiltinFn.MAX, num(0), sub(num(1), mul(y, styled("y", "hat")))),
                "\\max(0, 1 - y \\hat{y})"));
        t.add(r("sign", fn(BuiltinFn.SIGN, x), "\\operatorname{sign}(x)"));
        t.add(r("softmax", fn(BuiltinFn.SOFTMAX, styled("a", "bold")), "\\operatorname{softmax}(\\mathbf{a})"));
        t.add(r("tall argument", sigma(div(a, b)), "\\sigma\\left(\\frac{a}{b}\\right)"));
        t.add(r("abstract", call(g, w), "g(w)"));
        t.add(r("abstract two args", call(g, x, y), "g(x, y)"));
        t.add(r("abstract subscripted", call(ix(Sym.of("h"), greek("theta")), ix(x, i)), "h_{\\theta}(x_{i})"));
        t.add(r("calligraphic function", call(styled("L", "cal"), w, b), "\\mathcal{L}(w, b)"));
        t.add(r("prime", prime(new Abstract(f), 1, x), "f'(x)"));
        t.add(r("sigma prime", prime(new Builtin(BuiltinFn.SIGMOID), 1, z), "\\sigma'(z)"));
        t.add(r("double prime", prime(new Abstract(f), 2, x), "f''(x)"));
        t.add(r("symbol times call", mul(x, sigma(z)), "x \\sigma(z)"));
        t.add(r("indicator", new Indicator(rel(new Abs(sub(styled("y", "hat"), y)), RelOp.LE, greek("beta"))),
                "\\mathbf{1}(|\\hat{y} - y| \\le \\beta)"));
        t.add(r("abs", new Abs(sub(x, num(3))), "|x - 3|"));
        t.add(r("tall abs", new Abs(div(a, b)), "\\left|\\frac{a}{b}\\right|"));
        t.add(r("abs inside abs", new Abs(sub(new Abs(a), b)), "\\left\\vert |a| - b \\right\\vert"));
        t.add(r("abs sum", add(new Abs(ix(w, num(1))), new Abs(ix(w, num(2)))), "|w_{1}| + |w_{2}|"));
        t.add(r("norm", new Norm(w, num(2)), "\\|w\\|"));
        t.add(r("norm of abs", new Norm(new Abs(x), num(1)), "\\left\\lVert |x| \\right\\rVert_{1}"));
        t.add(r("norm 1", new Norm(w, num(1)), "\\|w\\|_{1}"));
        t.add(r("norm F", new Norm(Sym.of("A"), Sym.of("F")), "\\|A\\|_{F}"));
        // ---- piecewise, relations, spaces
        t.add(r("piecewise", new Piecewise(List.of(new Case(z, rel(z, RelOp.GT, num(0)))), Optional.of(num(0))),
                "\\begin{cases} z & z > 0 \\\\ 0 & \\text{otherwise} \\end{cases}"));
        t.add(r("piecewise two conditions", new Piecewise(List.of(new Case(num(1), rel(x, RelOp.GT, num(0))),
                new Case(num(0), rel(x, RelOp.LE, num(0)))), Optional.empty()),
                "\\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}"));
        t.add(r("relations", mul(rel(a, RelOp.EQ, b), rel(a, RelOp.DEF, b), rel(a, RelOp.NE, b), rel(a, RelOp.LT, b),
                rel(a, RelOp.GE, b), rel(a, RelOp.APPROX, b), rel(a, RelOp.EQUIV, b)),
                "(a = b) (a := b) (a \\ne b) (a < b) (a \\ge b) (a \\approx b) (a \\equiv b)"));
        t.add(r("chain", new Rel(List.of(num(0), p, num(1)), List.of(RelOp.LE, RelOp.LE)), "0 \\le p \\le 1"));
        t.add(r("definition", rel(L, RelOp.EQ, mul(frac(1, 2), pow(sub(y, styled("y", "hat")), 2))),
                "L = \\frac{1}{2} (y - \\hat{y})^{2}"));
        t.add(r("space matrix", rel(styled("x", "bold"), RelOp.IN, new Space("R", List.of(n, num(1)))),
                "\\mathbf{x} \\in \\mathbb{R}^{n \\times 1}"));
        t.add(r("space vector", new Space("R", List.of(n)), "\\mathbb{R}^{n}"));
        t.add(r("space scalar", rel(greek("beta"), RelOp.IN, new Space("R", List.of())), "\\beta \\in \\mathbb{R}"));
        t.add(r("relation in a sum", add(rel(a, RelOp.EQ, b), c), "(a = b) + c"));
        // ---- big operators
        t.add(r("sum with bounds", sum(i, num(1), n, mul(ix(w, i), ix(x, i))), "\\sum_{i=1}^{n} w_{i} x_{i}"));
        t.add(r("sum without bounds", sum(k, null, null, exp(ix(a, k))), "\\sum_{k} e^{a_{k}}"));
        t.add(r("sum of a sum body", sum(i, num(1), n, sub(ix(y, i), ix(styled("y", "hat"), i))),
                "\\sum_{i=1}^{n} (y_{i} - \\hat{y}_{i})"));
        t.add(r("sum then plus", add(sum(i, num(1), n, mul(ix(w, i), ix(x, i))), b),
                "\\sum_{i=1}^{n} w_{i} x_{i} + b"));
        t.add(r("sum followed by a factor", mul(sum(i, null, null, ix(x, i)), y), "\\left(\\sum_{i} x_{i}\\right) y"));
        t.add(r("factor then sum", mul(num(2), sum(i, null, null, ix(x, i))), "2 \\sum_{i} x_{i}"));
        t.add(r("sum of negative body", sum(i, null, null, neg(ix(x, i))), "\\sum_{i} (-x_{i})"));
        t.add(r("product operator", prod(i, num(1), m, sigma(ix(z, i))), "\\prod_{i=1}^{m} \\sigma(z_{i})"));
        t.add(r("nested sums", sum(i, null, null, sum(j, null, null, ix(w, i, j))), "\\sum_{i} \\sum_{j} w_{ij}"));
        // ---- derivatives
        t.add(r("partial", pd(L, ix(w, i)), "\\frac{\\partial L}{\\partial w_{i}}"));
        t.add(r("second partial", pd(E, ix(w, num(1)), ix(w, num(1))),
                "\\frac{\\partial^{2} E}{\\partial w_{1}^{2}}"));
        t.add(r("mixed partial", pd(E, ix(w, num(1)), ix(w, num(2))),
                "\\frac{\\partial^{2} E}{\\partial w_{1} \\partial w_{2}}"));
        t.add(r("total", dd(L, w), "\\frac{d L}{d w}"));
        t.add(r("total operator", dd(pow(x, 3), x), "\\frac{d}{d x}(x^{3})"));
        t.add(r("partial operator tall", pd(div(num(1), add(num(1), exp(neg(x)))), x),
                "\\frac{\\partial}{\\partial x}\\left(\\frac{1}{1 + e^{-x}}\\right)"));
        t.add(r("partial of a call", pd(sigma(x), x), "\\frac{\\partial \\sigma(x)}{\\partial x}"));
        t.add(r("calligraphic partial", pd(styled("L", "cal"), W), "\\frac{\\partial \\mathcal{L}}{\\partial W}"));
        t.add(r("derivative times derivative", mul(pd(E, greek("theta")), pd(greek("theta"), z)),
                "\\frac{\\partial E}{\\partial \\theta} \\frac{\\partial \\theta}{\\partial z}"));
        t.add(r("operator followed by factor", mul(dd(pow(x, 3), x), y), "\\left(\\frac{d}{d x}(x^{3})\\right) y"));
        t.add(r("power of a derivative", pow(pd(L, w), 2), "\\left(\\frac{\\partial L}{\\partial w}\\right)^{2}"));
        // ---- matrices and friends
        t.add(r("matrix", matrix(List.of(List.of(a, b), List.of(c, d))),
                "\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}"));
        t.add(r("transpose", new Transpose(W), "W^{\\top}"));
        t.add(r("transpose compound", new Transpose(mul(W, x)), "(W x)^{\\top}"));
        t.add(r("transpose of indexed", new Transpose(ix(W, num(1))), "W_{1}^{\\top}"));
        t.add(r("transpose of matrix", new Transpose(matrix(List.of(List.of(a, b)))),
                "\\begin{bmatrix} a & b \\end{bmatrix}^{\\top}"));
        t.add(r("hadamard", new Hadamard(a, b), "a \\odot b"));
        t.add(r("hadamard of products", new Hadamard(mul(a, b), add(c, d)), "(a b) \\odot (c + d)"));
        t.add(r("hadamard in product", mul(x, new Hadamard(a, b)), "x (a \\odot b)"));
        t.add(r("hadamard in sum", add(new Hadamard(a, b), c), "a \\odot b + c"));
        t.add(r("hadamard nested", new Hadamard(new Hadamard(a, b), c), "(a \\odot b) \\odot c"));
        t.add(r("index of call", new Index(fn(BuiltinFn.SOFTMAX, styled("a", "bold")), List.of(i)),
                "\\operatorname{softmax}(\\mathbf{a})_{i}"));
        t.add(r("index of product", new Index(mul(W, x), List.of(j)), "(W x)_{j}"));
        t.add(r("index of symbol", new Index(x, List.of(i)), "(x)_{i}"));
        t.add(r("evaluation", new EvalAt(dd(L, w), List.of(rel(w, RelOp.EQ, num(100)))),
                "\\left.\\frac{d L}{d w}\\right|_{w = 100}"));
        t.add(r("limit from above", new Limit(mul(p, log(p)), p, num(0), 1),
                "\\lim_{p \\to 0^{+}} p \\log(p)"));
        t.add(r("limit two-sided", new Limit(div(fn(BuiltinFn.SIN, x), x), x, num(0), 0),
                "\\lim_{x \\to 0} \\frac{\\sin(x)}{x}"));
        t.add(r("limit to infinity", new Limit(div(num(1), n), n, new Const(ConstKind.INFINITY), 0),
                "\\lim_{n \\to \\infty} \\frac{1}{n}"));
        t.add(r("dots", add(ix(a, num(1)), new Dots(DotsKind.LOW), ix(a, n)), "a_{1} + \\dots + a_{n}"));
        t.add(r("other dots", mul(new Dots(DotsKind.CENTER), new Dots(DotsKind.VERTICAL), new Dots(DotsKind.DIAGONAL)),
                "\\cdots \\vdots \\ddots"));
        t.add(r("constants", mul(new Const(ConstKind.PI), new Const(ConstKind.E), new Const(ConstKind.INFINITY)),
                "\\pi e \\infty"));
        return t;
    }

    @TestFactory
    Stream<DynamicTest> prints() {
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.name(),
                () -> assertEquals(row.latex(), LatexPrinter.print(row.tree()), row.name())));
    }

    @Test
    void namesThatAreNotLettersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LatexPrinter.print(Sym.of("\\input{/etc/passwd}")));
        assertThrows(IllegalArgumentException.class, () -> LatexPrinter.print(Sym.of("\\write")));
        assertThrows(IllegalArgumentException.class, () -> LatexPrinter.print(Sym.of("x}")));
        assertThrows(IllegalArgumentException.class, () -> LatexPrinter.print(styled("x", "color")));
        assertThrows(IllegalArgumentException.class, () -> LatexPrinter.print(new Space("R}\\def", List.of())));
    }

    @Test
    void multiLetterNameWithoutRmStillPrintsAsOneWord() {
        assertEquals("\\mathrm{softmax}", LatexPrinter.print(Sym.of("softmax")));
    }

    @Test
    void kroneckerDeltaPrintsAsTheDeltaIndexedByItsTwoIndices() {
        assertEquals("\\delta_{ij}", LatexPrinter.print(new Kronecker(i, j)));
        assertEquals("\\delta_{1,2}", LatexPrinter.print(new Kronecker(num(1), num(2)))); // δ_{12} would be the same
        assertEquals("\\delta_{i - 1,j}", LatexPrinter.print(new Kronecker(sub(i, num(1)), j)));
        assertEquals("\\delta_{ij}^{2} x_{i}", LatexPrinter.print(mul(pow(new Kronecker(i, j), 2), ix(x, i))));
    }

    @Test
    void aPrimedExpIsNotPrintedAsAnExponential() {
        // e^{x} is what exp(x) prints as; exp'(x) must keep its prime
        assertEquals("\\exp'(x)", LatexPrinter.print(new Apply(new Prime(new Builtin(BuiltinFn.EXP), 1), List.of(x))));
        assertEquals("\\tanh''(w x)", LatexPrinter.print(new Apply(new Prime(new Builtin(BuiltinFn.TANH), 2), List.of(mul(w, x)))));
    }

    @Test
    void fnNames() {
        assertEquals("\\log_{2}'", LatexPrinter.print(new Prime(new LogBase(num(2)), 1)));
        assertEquals("\\exp", LatexPrinter.print(new Builtin(BuiltinFn.EXP)));
    }

    @Test
    void subtractionNeverLosesBrackets() {
        // a - (b + c) and a - (b - c) must keep their brackets; a + b - c has none.
        assertEquals("a - (b + c)", LatexPrinter.print(sub(a, add(b, c))));
        assertEquals("a - (b - c)", LatexPrinter.print(sub(a, sub(b, c))));
        assertEquals("a - b c", LatexPrinter.print(sub(a, mul(b, c))));
        assertEquals("a - \\frac{b}{c}", LatexPrinter.print(sub(a, div(b, c))));
    }
}
