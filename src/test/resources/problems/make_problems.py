#!/usr/bin/env python3
"""Writes problems.jsonl: an ML-course problem set with expected values computed outside chainrule.

Every expected value is computed two independent ways and must agree to 1e-12 relative:
  1. SymPy: the function transcribed by hand into SymPy (not from chainrule's parse), differentiated
     symbolically, evaluated at the point with 40 digits;
  2. mpmath: a central difference of the same SymPy function at 60 digits (h = 1e-20), which does not
     use SymPy's differentiation at all.
Some problems also carry a textbook formula ("hand") as a third check. The function's own value "f" is
stored too, so the Java test can tell a misread formula from a wrong derivative.

Run: python3 make_problems.py > problems.jsonl   (needs sympy; not needed by the build)
"""
import json
import sys

import mpmath
import sympy as sp

mpmath.mp.dps = 60
_syms = {}


def S(name):
    """The SymPy symbol for a LaTeX name; the name is the key used in "at"."""
    if name not in _syms:
        _syms[name] = sp.Symbol(name, real=True)
    return _syms[name]


def Ms(prefix, rows, cols, key):
    """A matrix of element symbols; its value in "at" is given under key."""
    return sp.Matrix(rows, cols, lambda i, j: S(f"{key}[{i},{j}]"))


sig = lambda z: 1 / (1 + sp.exp(-z))
softplus = lambda z: sp.log(1 + sp.exp(z))
relu = lambda z: sp.Max(0, z)
ind = lambda c: sp.Piecewise((1, c), (0, True))
sign = sp.sign

problems = []


def P(pid, expr, wrt, at, f, given=(), hand=None, mats=None):
    problems.append(dict(id=pid, given=list(given), expr=expr, wrt=wrt, at=at, f=f, hand=hand, mats=mats or {}))


def BAD(pid, expr, wrt="w", at=None, given=(), why=""):
    line = {"id": pid}
    if given:
        line["given"] = list(given)
    line["expr"] = expr
    line["wrt"] = wrt
    if at is not None:
        line["at"] = at
    line["bad"] = why
    problems.append(dict(bad=line))


w, b, x, y, v = S("w"), S("b"), S("x"), S("y"), S("v")

# ------------------------------------------------------------------ activations
P("act-sigmoid-affine", r"\sigma(w x + b)", ["w", "b"], {"w": 0.7, "x": 1.3, "b": -0.2}, sig(w * x + b),
  hand={"w": lambda a: float(sig(0.7 * 1.3 - 0.2) * (1 - sig(0.7 * 1.3 - 0.2))) * 1.3})
P("act-tanh-affine", r"\tanh(w x + b)", ["w", "b"], {"w": -0.4, "x": 2, "b": 0.3}, sp.tanh(w * x + b))
P("act-softplus", r"\mathrm{softplus}(w x)", ["w", "x"], {"w": 0.3, "x": -1.5}, softplus(w * x))
P("act-softplus-beta", r"\frac{1}{\beta}\log(1 + e^{\beta x})", ["x", r"\beta"], {"x": 0.8, r"\beta": 2},
  sp.log(1 + sp.exp(S(r"\beta") * x)) / S(r"\beta"))
P("act-relu-on", r"\operatorname{ReLU}(w x + b)", ["w", "b"], {"w": 1.2, "x": 0.5, "b": 0.1}, relu(w * x + b))
P("act-relu-off", r"\operatorname{ReLU}(w x + b)", ["w", "b"], {"w": -1, "x": 2, "b": 0.5}, relu(w * x + b))
P("act-leaky-relu", r"\begin{cases} z & z > 0 \\ 0.01 z & \text{otherwise} \end{cases}", ["w"], {"w": -0.5, "x": 2},
  sp.Piecewise((w * x, w * x > 0), (sp.Rational(1, 100) * w * x, True)), given=[r"z = w x"])
P("act-elu", r"\begin{cases} w & w > 0 \\ \alpha (e^{w} - 1) & \text{otherwise} \end{cases}", ["w", r"\alpha"],
  {"w": -0.7, r"\alpha": 1.5}, sp.Piecewise((w, w > 0), (S(r"\alpha") * (sp.exp(w) - 1), True)))
P("act-swish", r"w \sigma(\beta w)", ["w", r"\beta"], {"w": 1.1, r"\beta": 0.8}, w * sig(S(r"\beta") * w))
P("act-gelu-approx", r"x \sigma(1.702 x)", ["x"], {"x": 0.6}, x * sig(sp.Rational(1702, 1000) * x))
P("act-log-sigmoid", r"\log \sigma(w)", ["w"], {"w": -2}, sp.log(sig(w)), hand={"w": lambda a: 1 - float(sig(-2))})
P("act-sigmoid-squared", r"\sigma^2(w x)", ["w"], {"w": 0.5, "x": -1.2}, sig(w * x) ** 2)
P("act-tanh-squared", r"\tanh^2(w)", ["w"], {"w": 0.9}, sp.tanh(w) ** 2)
P("act-softsign", r"\frac{w}{1 + |w|}", ["w"], {"w": -0.6}, w / (1 + sp.Abs(w)), hand={"w": lambda a: 1 / 1.6 ** 2})
P("act-hardtanh-inside", r"\max(-1, \min(1, w x))", ["w", "x"], {"w": 0.4, "x": 1.5}, sp.Max(-1, sp.Min(1, w * x)))
P("act-hardtanh-clipped", r"\max(-1, \min(1, w x))", ["w"], {"w": 2, "x": 1.5}, sp.Max(-1, sp.Min(1, w * x)))
P("act-sigmoid-prime", r"\sigma(a)(1 - \sigma(a))", ["a"], {"a": 0.3}, sig(S("a")) * (1 - sig(S("a"))))
P("act-gaussian-bump", r"e^{-\frac{w^2}{2}}", ["w"], {"w": 0.8}, sp.exp(-w ** 2 / 2), hand={"w": lambda a: -0.8 * float(sp.exp(-0.32))})
P("act-gaussian-density", r"\frac{1}{s\sqrt{2\pi}} e^{-\frac{(x - \mu)^2}{2 s^2}}", [r"\mu", "s"],
  {"x": 1.2, r"\mu": 0.5, "s": 0.8},
  sp.exp(-(x - S(r"\mu")) ** 2 / (2 * S("s") ** 2)) / (S("s") * sp.sqrt(2 * sp.pi)))
P("act-tanh-of-sigmoid", r"\sigma(\tanh(w))", ["w"], {"w": 0.35}, sig(sp.tanh(w)))
P("act-mish", r"w \tanh(\mathrm{softplus}(w))", ["w"], {"w": 0.45}, w * sp.tanh(softplus(w)))

# ------------------------------------------------------------------ losses
P("loss-mse-affine", r"\frac{1}{2}(w x + b - y)^2", ["w", "b"], {"w": 0.5, "x": 2, "b": -0.3, "y": 1.1},
  (w * x + b - y) ** 2 / 2, hand={"w": lambda a: (0.5 * 2 - 0.3 - 1.1) * 2, "b": lambda a: 0.5 * 2 - 0.3 - 1.1})
P("loss-sq-yhat", r"(y - \hat{y})^2", ["w", "b"], {"w": 1.5, "x": -0.4, "b": 0.2, "y": 0.7},
  (y - (w * x + b)) ** 2, given=[r"\hat{y} = w x + b"])
P("loss-abs", r"|w x - y|", ["w", "x"], {"w": 0.5, "x": 2, "y": 3}, sp.Abs(w * x - y), hand={"w": lambda a: -2.0})
huber = lambda r, d: sp.Piecewise((r ** 2 / 2, sp.Abs(r) <= d), (d * (sp.Abs(r) - d / 2), True))
P("loss-huber-inside", r"\begin{cases} \frac{1}{2}(\hat{y} - y)^2 & |\hat{y} - y| \le \delta \\ \delta (|\hat{y} - y| - \frac{1}{2}\delta) & \text{otherwise} \end{cases}",
  ["w", r"\delta"], {"w": 0.6, "x": 1.5, "y": 1.3, r"\delta": 1}, huber(w * x - y, S(r"\delta")), given=[r"\hat{y} = w x"])
P("loss-huber-outside", r"\begin{cases} \frac{1}{2}(\hat{y} - y)^2 & |\hat{y} - y| \le \delta \\ \delta (|\hat{y} - y| - \frac{1}{2}\delta) & \text{otherwise} \end{cases}",
  ["w", r"\delta"], {"w": -0.6, "x": 1.5, "y": 1.3, r"\delta": 1}, huber(w * x - y, S(r"\delta")), given=[r"\hat{y} = w x"])
w1, w2, x1, x2, beta = S("w_1"), S("w_2"), S("x_1"), S("x_2"), S(r"\beta")
sl1 = lambda r: sp.Piecewise((sp.Rational(1, 2) * r ** 2 / beta, sp.Abs(r) < beta), (sp.Abs(r) - beta / 2, True))
SL1 = r"\begin{cases} 0.5 (\hat{y} - y)^2 / \beta & |\hat{y} - y| < \beta \\ |\hat{y} - y| - 0.5 \beta & \text{otherwise} \end{cases}"
P("loss-smoothl1-quadratic", SL1, ["w_1", "w_2", r"\beta"], {"w_1": 0.2, "w_2": -0.1, "x_1": 1.5, "x_2": 2, "y": 0.4, r"\beta": 0.5},
  sl1(w1 * x1 + w2 * x2 - y), given=[r"\hat{y} = w_1 x_1 + w_2 x_2"])
P("loss-smoothl1-linear", SL1, ["w_1", "w_2", r"\beta"], {"w_1": 0.9, "w_2": 0.3, "x_1": 1.5, "x_2": 2, "y": 0.4, r"\beta": 0.5},
  sl1(w1 * x1 + w2 * x2 - y), given=[r"\hat{y} = w_1 x_1 + w_2 x_2"])
lam = S(r"\lambda")
hinge = sp.Max(0, 1 - y * (w * x + b)) + lam * w ** 2
P("loss-hinge-active", r"\max(0, 1 - y(w x + b)) + \lambda w^2", ["w", "b"], {"w": 0.3, "x": 1.2, "b": -0.1, "y": 1, r"\lambda": 0.1}, hinge,
  hand={"w": lambda a: -1.2 + 0.2 * 0.3, "b": lambda a: -1.0})
P("loss-hinge-inactive", r"\max(0, 1 - y(w x + b)) + \lambda w^2", ["w", "b"], {"w": 2, "x": 1.2, "b": 0.1, "y": 1, r"\lambda": 0.1}, hinge,
  hand={"w": lambda a: 0.4, "b": lambda a: 0.0})
P("loss-squared-hinge", r"\max(0, 1 - y w x)^2", ["w"], {"w": 0.25, "x": 2, "y": 1}, sp.Max(0, 1 - y * w * x) ** 2,
  hand={"w": lambda a: 2 * 0.5 * -2})
P("loss-logistic", r"\log(1 + e^{-y w x})", ["w"], {"w": 0.4, "x": 1.5, "y": -1}, sp.log(1 + sp.exp(-y * w * x)))
bce_given = [r"z = w x + b", r"p = \sigma(z)"]
bce = lambda: -y * sp.log(sig(w * x + b)) - (1 - y) * sp.log(1 - sig(w * x + b))
P("loss-bce-positive", r"-y \log p - (1 - y)\log(1 - p)", ["w", "b"], {"w": 0.8, "x": -0.5, "b": 0.2, "y": 1}, bce(), given=bce_given,
  hand={"w": lambda a: (float(sig(-0.2)) - 1) * -0.5, "b": lambda a: float(sig(-0.2)) - 1})
P("loss-bce-negative", r"-y \log p - (1 - y)\log(1 - p)", ["w", "b"], {"w": 0.8, "x": 1.5, "b": 0.2, "y": 0}, bce(), given=bce_given,
  hand={"w": lambda a: float(sig(1.4)) * 1.5, "b": lambda a: float(sig(1.4))})
P("loss-bce-soft-label", r"-y \log p - (1 - y)\log(1 - p)", ["w"], {"w": -1.1, "x": 0.7, "b": 0.4, "y": 0.3}, bce(), given=bce_given)
P("loss-poisson", r"e^{w x} - y w x", ["w"], {"w": 0.3, "x": 1.2, "y": 2}, sp.exp(w * x) - y * w * x)
P("loss-logcosh", r"\log(\cosh(w x - y))", ["w"], {"w": 0.9, "x": 1.1, "y": 0.2}, sp.log(sp.cosh(w * x - y)))
tau = S(r"\tau")
pin = sp.Piecewise((tau * (y - w * x), y >= w * x), ((tau - 1) * (y - w * x), True))
PIN = r"\begin{cases} \tau (y - \hat{y}) & y \ge \hat{y} \\ (\tau - 1)(y - \hat{y}) & \text{otherwise} \end{cases}"
P("loss-pinball-under", PIN, ["w", r"\tau"], {"w": 0.5, "x": 1, "y": 2, r"\tau": 0.9}, pin, given=[r"\hat{y} = w x"])
P("loss-pinball-over", PIN, ["w", r"\tau"], {"w": 3, "x": 1, "y": 2, r"\tau": 0.9}, pin, given=[r"\hat{y} = w x"])
a1, a2, a3, a4 = S("a_1"), S("a_2"), S("a_3"), S("a_4")
P("loss-ce-explicit", r"-\log \frac{e^{a_1}}{e^{a_1} + e^{a_2} + e^{a_3}}", ["a_1", "a_2", "a_3"], {"a_1": 0.5, "a_2": -0.3, "a_3": 1.2},
  -sp.log(sp.exp(a1) / (sp.exp(a1) + sp.exp(a2) + sp.exp(a3))))
z1, z2, z3 = S("z_1"), S("z_2"), S("z_3")
P("loss-ce-sum", r"-\log \frac{e^{z_2}}{\sum_{k=1}^{3} e^{z_k}}", ["z_1", "z_2"], {"z_1": 0.1, "z_2": 0.7, "z_3": -0.4},
  -sp.log(sp.exp(z2) / (sp.exp(z1) + sp.exp(z2) + sp.exp(z3))))
yk = [S(f"y_{k}") for k in range(1, 5)]
ak = [a1, a2, a3, a4]
Z4 = sum(sp.exp(a) for a in ak)
sk = [sp.exp(a) / Z4 for a in ak]
P("loss-ce-family", r"-\sum_{i=1}^{4} y_i \log s_i", ["a_1", "a_3"],
  {"a_1": 0.2, "a_2": -1.0, "a_3": 0.6, "a_4": 0.1, "y_1": 0, "y_2": 0, "y_3": 1, "y_4": 0},
  -sum(yk[i] * sp.log(sk[i]) for i in range(4)), given=[r"s_i = \frac{e^{a_i}}{\sum_{k=1}^{4} e^{a_k}}"])
P("loss-ce-family-soft", r"-\sum_{i=1}^{4} y_i \log s_i", ["a_2", "a_4"],
  {"a_1": 0.2, "a_2": -1.0, "a_3": 0.6, "a_4": 0.1, "y_1": 0.1, "y_2": 0.2, "y_3": 0.3, "y_4": 0.4},
  -sum(yk[i] * sp.log(sk[i]) for i in range(4)), given=[r"s_i = \frac{e^{a_i}}{\sum_{k=1}^{4} e^{a_k}}"])
Z3 = sp.exp(a1) + sp.exp(a2) + sp.exp(a3)
P("loss-softmax-component", r"s_2", ["a_2", "a_1"], {"a_1": 0.4, "a_2": -0.2, "a_3": 0.9},
  sp.exp(a2) / Z3, given=[r"s_i = \frac{e^{a_i}}{\sum_{k=1}^{3} e^{a_k}}"])
q = S("q")
p_ = S("p")
P("loss-binary-kl", r"p \log \frac{p}{q} + (1 - p)\log\frac{1 - p}{1 - q}", ["q", "p"], {"p": 0.3, "q": 0.6},
  p_ * sp.log(p_ / q) + (1 - p_) * sp.log((1 - p_) / (1 - q)), hand={"q": lambda a: -0.3 / 0.6 + 0.7 / 0.4})
P("loss-focal", r"-(1 - p)^{2} \log p", ["w"], {"w": 0.5, "x": 1.4}, -(1 - sig(w * x)) ** 2 * sp.log(sig(w * x)),
  given=[r"p = \sigma(w x)"])
m_ = S("m")
P("loss-margin-contrastive", r"\max(0, m - |w - v|)^2", ["w", "v"], {"w": 0.3, "v": 0.5, "m": 1},
  sp.Max(0, m_ - sp.Abs(w - v)) ** 2)
P("loss-lasso", r"\lambda (|w_1| + |w_2|) + \frac{1}{2}(w_1 x_1 + w_2 x_2 - y)^2", ["w_1", "w_2"],
  {"w_1": 0.4, "w_2": -0.7, "x_1": 1, "x_2": 2, "y": 0.5, r"\lambda": 0.2},
  lam * (sp.Abs(w1) + sp.Abs(w2)) + (w1 * x1 + w2 * x2 - y) ** 2 / 2)
alpha = S(r"\alpha")
P("loss-elastic-net", r"\frac{1}{2}(w x - y)^2 + \alpha |w| + \frac{\beta}{2} w^2", ["w", r"\alpha", r"\beta"],
  {"w": -0.3, "x": 2, "y": 1, r"\alpha": 0.5, r"\beta": 0.1},
  (w * x - y) ** 2 / 2 + alpha * sp.Abs(w) + beta / 2 * w ** 2)
xi = {i: S(f"x_{i}") for i in range(1, 5)}
yi = {i: S(f"y_{i}") for i in range(1, 5)}
P("loss-mae-sum", r"\frac{1}{3}\sum_{i=1}^{3} |w x_i - y_i|", ["w"], {"w": 0.5, "x_1": 1, "x_2": 2, "x_3": -1, "y_1": 1, "y_2": 0.5, "y_3": 0},
  sum(sp.Abs(w * xi[i] - yi[i]) for i in range(1, 4)) / 3)
P("loss-mse-sum", r"\frac{1}{4}\sum_{i=1}^{4} (w x_i + b - y_i)^2", ["w", "b"],
  {"w": 0.5, "b": 0.1, "x_1": 1, "x_2": 2, "x_3": -1, "x_4": 0.5, "y_1": 1, "y_2": 0.5, "y_3": 0, "y_4": -0.2},
  sum((w * xi[i] + b - yi[i]) ** 2 for i in range(1, 5)) / 4)
P("loss-ridge-sum", r"\sum_{i=1}^{3} (y_i - w_1 x_i)^2 + \lambda \sum_{j=1}^{2} w_j^2", ["w_1", "w_2"],
  {"w_1": 0.7, "w_2": -0.4, "x_1": 1, "x_2": 2, "x_3": 3, "y_1": 1, "y_2": 1.5, "y_3": 2.5, r"\lambda": 0.3},
  sum((yi[i] - w1 * xi[i]) ** 2 for i in range(1, 4)) + lam * (w1 ** 2 + w2 ** 2))
wj = {j: S(f"w_{j}") for j in range(1, 5)}
P("loss-linreg-components", r"\frac{1}{2}\left(\sum_{j=1}^{3} w_j x_j - y\right)^2", ["w_1", "w_3"],
  {"w_1": 0.1, "w_2": 0.2, "w_3": 0.3, "x_1": 1, "x_2": -1, "x_3": 2, "y": 0.25},
  (sum(wj[j] * xi[j] for j in range(1, 4)) - y) ** 2 / 2)
P("loss-hinge-sum", r"\sum_{i=1}^{3} \max(0, 1 - y_i w x_i)", ["w"], {"w": 0.5, "x_1": 1, "x_2": 3, "x_3": -1, "y_1": 1, "y_2": 1, "y_3": 1},
  sum(sp.Max(0, 1 - yi[i] * w * xi[i]) for i in range(1, 4)), hand={"w": lambda a: -1 + 0 + 1})
P("loss-logistic-sum", r"\sum_{i=1}^{3} \log(1 + e^{-y_i w x_i})", ["w"], {"w": 0.5, "x_1": 1, "x_2": 3, "x_3": -1, "y_1": 1, "y_2": -1, "y_3": 1},
  sum(sp.log(1 + sp.exp(-yi[i] * w * xi[i])) for i in range(1, 4)))
xs = {i: S(f"x^{{({i})}}") for i in range(1, 4)}
ys = {i: S(f"y^{{({i})}}") for i in range(1, 4)}
fam_at = {"w": 0.5, "b": 0.1, "x^{(1)}": 1, "x^{(2)}": 2, "x^{(3)}": -1, "y^{(1)}": 1, "y^{(2)}": 0, "y^{(3)}": 0.5}
P("loss-yhat-family-mse", r"\frac{1}{3}\sum_{i=1}^{3}(\hat{y}^{(i)} - y^{(i)})^2", ["w", "b"], fam_at,
  sum((w * xs[i] + b - ys[i]) ** 2 for i in range(1, 4)) / 3, given=[r"\hat{y}^{(i)} = w x^{(i)} + b"])
P("loss-p-family-bce", r"-\frac{1}{2}\sum_{i=1}^{2} \left(y^{(i)} \log p^{(i)} + (1 - y^{(i)}) \log(1 - p^{(i)})\right)", ["w"],
  {"w": 0.5, "x^{(1)}": 1.5, "x^{(2)}": -2, "y^{(1)}": 1, "y^{(2)}": 1},
  -sum(ys[i] * sp.log(sig(w * xs[i])) + (1 - ys[i]) * sp.log(1 - sig(w * xs[i])) for i in range(1, 3)) / 2,
  given=[r"p^{(i)} = \sigma(w x^{(i)})"])
yh = {i: S(f"\\hat{{y}}_{i}") for i in range(1, 4)}
w0 = S("w_0")
P("loss-yhat-sub-family", r"\sum_{i=1}^{3} (y_i - \hat{y}_i)^2", ["w_0", "w_1"],
  {"w_0": 0.2, "w_1": 0.8, "x_1": 1, "x_2": 2, "x_3": 3, "y_1": 1, "y_2": 2, "y_3": 2},
  sum((yi[i] - (w1 * xi[i] + w0)) ** 2 for i in range(1, 4)), given=[r"\hat{y}_i = w_1 x_i + w_0"])
P("loss-batch-sigmoid-mse", r"\frac{1}{2}\sum_{i=1}^{3} (\sigma(w x_i) - y_i)^2", ["w"],
  {"w": -0.3, "x_1": 1, "x_2": 2, "x_3": -1.5, "y_1": 1, "y_2": 0, "y_3": 1},
  sum((sig(w * xi[i]) - yi[i]) ** 2 for i in range(1, 4)) / 2)

# ------------------------------------------------------------------ networks by hand
W1, W2, B1, B2 = S("w_1"), S("w_2"), S("b_1"), S("b_2")
net_at = {"w_1": 0.6, "b_1": -0.1, "w_2": 1.3, "b_2": 0.2, "x": 0.9, "y": 0.4}
h = sig(W1 * x + B1)
P("net-sigmoid-mse", "L", ["w_1", "b_1", "w_2", "b_2"], net_at, ((W2 * h + B2) - y) ** 2 / 2,
  given=[r"z_1 = w_1 x + b_1", r"h = \sigma(z_1)", r"\hat{y} = w_2 h + b_2", r"L = \frac{1}{2}(\hat{y} - y)^2"])
ht = sp.tanh(W1 * x + B1)
P("net-tanh-sq", "L", ["w_1", "b_1", "w_2"], net_at, ((W2 * ht + B2) - y) ** 2,
  given=[r"h = \tanh(w_1 x + b_1)", r"\hat{y} = w_2 h + b_2", r"L = (\hat{y} - y)^2"])
hr = relu(W1 * x + B1)
P("net-relu-active", "L", ["w_1", "b_1", "w_2"], net_at, ((W2 * hr + B2) - y) ** 2 / 2,
  given=[r"h = \operatorname{ReLU}(w_1 x + b_1)", r"\hat{y} = w_2 h + b_2", r"L = \frac{1}{2}(\hat{y} - y)^2"])
P("net-relu-dead", "L", ["w_1", "w_2"], dict(net_at, **{"w_1": -0.6}), ((W2 * hr + B2) - y) ** 2 / 2,
  given=[r"h = \operatorname{ReLU}(w_1 x + b_1)", r"\hat{y} = w_2 h + b_2", r"L = \frac{1}{2}(\hat{y} - y)^2"])
u = {k: S(f"u_{{{k}}}") for k in ("11", "12", "21", "22")}
v1, v2 = S("v_1"), S("v_2")
h1 = sig(u["11"] * x1 + u["12"] * x2)
h2 = sig(u["21"] * x1 + u["22"] * x2)
P("net-two-units", "L", ["u_{11}", "u_{22}", "v_1", "x_2"],
  {"u_{11}": 0.5, "u_{12}": -0.3, "u_{21}": 0.8, "u_{22}": 0.1, "v_1": 1.2, "v_2": -0.7, "x_1": 1, "x_2": 2, "y": 0.5},
  (v1 * h1 + v2 * h2 - y) ** 2,
  given=[r"h_1 = \sigma(u_{11} x_1 + u_{12} x_2)", r"h_2 = \sigma(u_{21} x_1 + u_{22} x_2)", r"\hat{y} = v_1 h_1 + v_2 h_2",
         r"L = (\hat{y} - y)^2"])
P("net-tanh-logistic", "L", ["w", "b", "v"], {"w": 0.7, "b": -0.2, "v": 1.5, "x": 1.1, "y": -1},
  sp.log(1 + sp.exp(-y * v * sp.tanh(w * x + b))),
  given=[r"z = v \tanh(w x + b)", r"L = \log(1 + e^{-y z})"])
P("net-shared-weight", "L", ["w"], {"w": 0.9, "x": 1.5, "y": 0.3},
  (sig(w * sig(w * x)) - y) ** 2,
  given=[r"a_1 = w x", r"h_1 = \sigma(a_1)", r"a_2 = w h_1", r"h_2 = \sigma(a_2)", r"L = (h_2 - y)^2"])
P("net-residual", "L", ["w", "v"], {"w": 0.4, "v": 0.8, "x": 1.2, "y": 2},
  (v * (x + sp.tanh(w * x)) - y) ** 2, given=[r"h = x + \tanh(w x)", r"L = (v h - y)^2"])
P("net-softplus-out", "L", ["w_1", "w_2"], {"w_1": -0.5, "w_2": 0.7, "x": 2, "y": 1.5},
  (softplus(W2 * sp.tanh(W1 * x)) - y) ** 2,
  given=[r"h = \tanh(w_1 x)", r"\hat{y} = \mathrm{softplus}(w_2 h)", r"L = (\hat{y} - y)^2"])
Wl1, Wl2 = S("W^{[1]}"), S("W^{[2]}")
P("net-layer-superscripts", "L", ["W^{[1]}", "W^{[2]}"], {"W^{[1]}": 0.3, "W^{[2]}": -1.1, "x": 2, "y": 0.5},
  (Wl2 * sig(Wl1 * x) - y) ** 2 / 2,
  given=[r"h = \sigma(W^{[1]} x)", r"\hat{y} = W^{[2]} h", r"L = \frac{1}{2}(\hat{y} - y)^2"])
P("net-two-layer-bce", "L", ["w_1", "b_1", "w_2"], {"w_1": 1.1, "b_1": 0.3, "w_2": -0.8, "b_2": 0.1, "x": -0.6, "y": 1},
  -y * sp.log(sig(W2 * sp.tanh(W1 * x + B1) + B2)) - (1 - y) * sp.log(1 - sig(W2 * sp.tanh(W1 * x + B1) + B2)),
  given=[r"h = \tanh(w_1 x + b_1)", r"p = \sigma(w_2 h + b_2)", r"L = -y \log p - (1 - y) \log(1 - p)"])
# multinomial logistic regression, numbered definitions
wk = {f"{k}{j}": S(f"w_{{{k}{j}}}") for k in (1, 2, 3) for j in (1, 2)}
zk = {k: wk[f"{k}1"] * x1 + wk[f"{k}2"] * x2 for k in (1, 2, 3)}
mlr_at = {"w_{11}": 0.2, "w_{12}": -0.5, "w_{21}": 0.7, "w_{22}": 0.1, "w_{31}": -0.3, "w_{32}": 0.4, "x_1": 1.5, "x_2": -1}
P("net-multinomial-numbered", "L", ["w_{11}", "w_{21}", "w_{32}"], mlr_at,
  -sp.log(sp.exp(zk[1]) / (sp.exp(zk[1]) + sp.exp(zk[2]) + sp.exp(zk[3]))),
  given=[r"z_1 = w_{11} x_1 + w_{12} x_2", r"z_2 = w_{21} x_1 + w_{22} x_2", r"z_3 = w_{31} x_1 + w_{32} x_2",
         r"L = -\log \frac{e^{z_1}}{e^{z_1} + e^{z_2} + e^{z_3}}"])
P("net-multinomial-family", "L", ["w_{21}", "w_{12}"], dict(mlr_at, **{"y_1": 0, "y_2": 1, "y_3": 0}),
  -sp.log(sp.exp(zk[2]) / (sp.exp(zk[1]) + sp.exp(zk[2]) + sp.exp(zk[3]))),
  given=[r"z_k = w_{k1} x_1 + w_{k2} x_2", r"s_k = \frac{e^{z_k}}{\sum_{j=1}^{3} e^{z_j}}", r"L = -\sum_{k=1}^{3} y_k \log s_k"])

# ------------------------------------------------------------------ numbered and function definitions
s1, s2 = S("s_1"), S("s_2")
P("def-numbered-chain", r"\log(1 + s_2^2)", ["w"], {"w": 0.6, "x_1": 1.5},
  sp.log(1 + ((w * x1) ** 2 + w) ** 2), given=[r"s_1 = w x_1", r"s_2 = s_1^2 + w"])
P("def-numbered-product", "L", ["w"], {"w": 0.25}, sig(w) * sig(2 * w),
  given=[r"s_1 = \sigma(w)", r"s_2 = \sigma(2 w)", r"L = s_1 s_2"])
P("def-function-log", r"\log g(w)", ["w"], {"w": 0.5}, sp.log(w ** 2 + 1), given=[r"g(x) = x^2 + 1"],
  hand={"w": lambda a: 2 * 0.5 / 1.25})
P("def-function-sigmoid", r"f(w x)^2", ["w"], {"w": 0.5, "x": -1.2}, sig(w * x) ** 2, given=[r"f(t) = \frac{1}{1 + e^{-t}}"])
P("def-function-cubic", r"h(\sin w)", ["w"], {"w": 0.7}, sp.sin(w) ** 3 - sp.sin(w), given=[r"h(u) = u^3 - u"],
  hand={"w": lambda a: (3 * float(sp.sin(0.7)) ** 2 - 1) * float(sp.cos(0.7))})
P("def-function-two-args", r"g(w, w + 1)", ["w"], {"w": 0.5}, w * (w + 1) ** 2, given=[r"g(a, c) = a c^2"],
  hand={"w": lambda a: 1.5 ** 2 + 2 * 0.5 * 1.5})
P("def-function-nested", r"f(w) + x", ["w", "x"], {"w": 0.3, "x": 2}, sp.exp(w) ** 2 + w + x,
  given=[r"g(x) = e^{x}", r"f(x) = g(x)^2 + x"])
P("def-function-cases", r"r(w - 1)", ["w"], {"w": 0.5},
  sp.Piecewise((w - 1, w - 1 > 0), (sp.Rational(1, 10) * (w - 1), True)),
  given=[r"r(t) = \begin{cases} t & t > 0 \\ 0.1 t & \text{otherwise} \end{cases}"])
P("def-question-form", r"\frac{\partial L}{\partial w}", ["w"], {"w": 0.4, "x": 2, "y": 1}, (w * x - y) ** 2 / 2,
  given=[r"L = \frac{1}{2}(w x - y)^2"], hand={"w": lambda a: (0.8 - 1) * 2})
P("def-expr-is-definition", r"L = \frac{1}{2}(w x - y)^2 + \frac{\lambda}{2} w^2", ["w"], {"w": 0.4, "x": 2, "y": 1, r"\lambda": 0.5},
  (w * x - y) ** 2 / 2 + lam / 2 * w ** 2)
P("def-mathcal-loss", r"\mathcal{L}", ["w", "b"], {"w": -0.2, "b": 0.5, "x": 1.5, "y": 1},
  sp.log(1 + sp.exp(-y * (w * x + b))), given=[r"m = y(w x + b)", r"\mathcal{L} = \log(1 + e^{-m})"])

# ------------------------------------------------------------------ Kronecker deltas
wv = {i: S(f"w_{i}") for i in range(1, 4)}
vv = {i: S(f"v_{i}") for i in range(1, 4)}
kd = lambda i, j: 1 if i == j else 0
P("delta-double-sum", r"\sum_{i=1}^{3}\sum_{j=1}^{3} \delta_{ij} w_i w_j", ["w_2"], {"w_1": 1, "w_2": 2, "w_3": 3},
  sum(kd(i, j) * wv[i] * wv[j] for i in range(1, 4) for j in range(1, 4)), hand={"w_2": lambda a: 4.0})
P("delta-pick", r"\sum_{j=1}^{3} \delta_{2j} w_j^2", ["w_2", "w_1"], {"w_1": 1.5, "w_2": -0.5, "w_3": 3},
  sum(kd(2, j) * wv[j] ** 2 for j in range(1, 4)))
P("delta-gram", r"\sum_{i=1}^{2}\sum_{j=1}^{2} (\delta_{ij} - w_i w_j)^2", ["w_1"], {"w_1": 0.5, "w_2": -0.8},
  sum((kd(i, j) - wv[i] * wv[j]) ** 2 for i in range(1, 3) for j in range(1, 3)))
s3 = [sp.exp(a) / Z3 for a in (a1, a2, a3)]
P("delta-softmax-jacobian-vector", r"\sum_{j=1}^{3} s_1 (\delta_{1j} - s_j) v_j", ["a_2", "v_1"],
  {"a_1": 0.3, "a_2": -0.6, "a_3": 0.2, "v_1": 1, "v_2": 2, "v_3": -1},
  sum(s3[0] * (kd(1, j) - s3[j - 1]) * vv[j] for j in range(1, 4)),
  given=[r"s_i = \frac{e^{a_i}}{\sum_{k=1}^{3} e^{a_k}}"])

# ------------------------------------------------------------------ matrix forms (declared shapes)
def vec(key, n):
    return sp.Matrix(n, 1, lambda i, j: S(f"{key}[{i},0]"))


def mat(key, r, c):
    return sp.Matrix(r, c, lambda i, j: S(f"{key}[{i},{j}]"))


X3 = vec(r"\mathbf{x}", 3)
Wv3 = vec(r"\mathbf{w}", 3)
P("mat-linreg-vector", r"\frac{1}{2}(\mathbf{w}^T \mathbf{x} - y)^2", [r"\mathbf{w}"],
  {r"\mathbf{w}": [0.5, -0.2, 0.1], r"\mathbf{x}": [1, 2, 3], "y": 0.7},
  ((Wv3.T * X3)[0] - y) ** 2 / 2, given=[r"\mathbf{w} \in \mathbb{R}^{3 \times 1}", r"\mathbf{x} \in \mathbb{R}^{3 \times 1}"],
  mats={r"\mathbf{w}": (3, 1), r"\mathbf{x}": (3, 1)})
Xm = mat("X", 3, 2)
Wv2 = vec(r"\mathbf{w}", 2)
Yv3 = vec(r"\mathbf{y}", 3)
r_ = Xm * Wv2 - Yv3
P("mat-least-squares", r"\|X \mathbf{w} - \mathbf{y}\|^2", [r"\mathbf{w}"],
  {"X": [[1, 2], [0, -1], [3, 1]], r"\mathbf{w}": [0.5, -0.5], r"\mathbf{y}": [1, 0, 2]},
  (r_.T * r_)[0], given=[r"X \in \mathbb{R}^{3 \times 2}", r"\mathbf{w} \in \mathbb{R}^{2 \times 1}", r"\mathbf{y} \in \mathbb{R}^{3 \times 1}"],
  mats={"X": (3, 2), r"\mathbf{w}": (2, 1), r"\mathbf{y}": (3, 1)})
P("mat-ridge", r"\|X \mathbf{w} - \mathbf{y}\|^2 + \lambda \|\mathbf{w}\|^2", [r"\mathbf{w}"],
  {"X": [[1, 2], [0, -1], [3, 1]], r"\mathbf{w}": [0.5, -0.5], r"\mathbf{y}": [1, 0, 2], r"\lambda": 0.1},
  (r_.T * r_)[0] + lam * (Wv2.T * Wv2)[0],
  given=[r"X \in \mathbb{R}^{3 \times 2}", r"\mathbf{w} \in \mathbb{R}^{2 \times 1}", r"\mathbf{y} \in \mathbb{R}^{3 \times 1}"],
  mats={"X": (3, 2), r"\mathbf{w}": (2, 1), r"\mathbf{y}": (3, 1)})
A2 = mat("A", 2, 2)
X2 = vec(r"\mathbf{x}", 2)
C2 = vec(r"\mathbf{c}", 2)
P("mat-quadratic-form", r"\mathbf{x}^T A \mathbf{x} + \mathbf{c}^T \mathbf{x}", [r"\mathbf{x}"],
  {"A": [[1, 2], [-1, 3]], r"\mathbf{x}": [0.5, 1.5], r"\mathbf{c}": [1, -2]},
  (X2.T * A2 * X2)[0] + (C2.T * X2)[0],
  given=[r"A \in \mathbb{R}^{2 \times 2}", r"\mathbf{x} \in \mathbb{R}^{2 \times 1}", r"\mathbf{c} \in \mathbb{R}^{2 \times 1}"],
  mats={"A": (2, 2), r"\mathbf{x}": (2, 1), r"\mathbf{c}": (2, 1)})
Wm = mat("W", 2, 3)
Y2 = vec(r"\mathbf{y}", 2)
rr = Wm * X3 - Y2
P("mat-linear-layer-weights", r"\frac{1}{2}\|W \mathbf{x} - \mathbf{y}\|^2", ["W"],
  {"W": [[0.1, 0.2, 0.3], [-0.4, 0.5, 0.0]], r"\mathbf{x}": [1, -1, 2], r"\mathbf{y}": [0.7, 1]},
  (rr.T * rr)[0] / 2,
  given=[r"W \in \mathbb{R}^{2 \times 3}", r"\mathbf{x} \in \mathbb{R}^{3 \times 1}", r"\mathbf{y} \in \mathbb{R}^{2 \times 1}"],
  mats={"W": (2, 3), r"\mathbf{x}": (3, 1), r"\mathbf{y}": (2, 1)})
zz = (Wv3.T * X3)[0]
P("mat-logistic-vector", r"-y\log\sigma(\mathbf{w}^T \mathbf{x}) - (1 - y)\log(1 - \sigma(\mathbf{w}^T \mathbf{x}))", [r"\mathbf{w}"],
  {r"\mathbf{w}": [0.2, -0.1, 0.4], r"\mathbf{x}": [1, 0.5, -2], "y": 1},
  -y * sp.log(sig(zz)) - (1 - y) * sp.log(1 - sig(zz)),
  given=[r"\mathbf{w} \in \mathbb{R}^{3 \times 1}", r"\mathbf{x} \in \mathbb{R}^{3 \times 1}"],
  mats={r"\mathbf{w}": (3, 1), r"\mathbf{x}": (3, 1)})
Vv2 = vec(r"\mathbf{v}", 2)
hv = (Wm * X3).applyfunc(sig)
P("mat-sigmoid-layer", r"\mathbf{v}^T \sigma(W \mathbf{x})", ["W", r"\mathbf{v}"],
  {"W": [[0.1, 0.2, 0.3], [-0.4, 0.5, 0.0]], r"\mathbf{x}": [1, -1, 2], r"\mathbf{v}": [1.5, -2]},
  (Vv2.T * hv)[0],
  given=[r"W \in \mathbb{R}^{2 \times 3}", r"\mathbf{x} \in \mathbb{R}^{3 \times 1}", r"\mathbf{v} \in \mathbb{R}^{2 \times 1}"],
  mats={"W": (2, 3), r"\mathbf{x}": (3, 1), r"\mathbf{v}": (2, 1)})
P("mat-mse-yhat", r"\frac{1}{2}(\hat{y} - y)^2", [r"\mathbf{w}"],
  {r"\mathbf{w}": [1, -1, 0.5], r"\mathbf{x}": [0.2, 0.4, -0.6], "y": -0.5},
  ((Wv3.T * X3)[0] - y) ** 2 / 2,
  given=[r"\mathbf{x} \in \mathbb{R}^{3 \times 1}", r"\mathbf{w} \in \mathbb{R}^{3 \times 1}", r"\hat{y} = \mathbf{w}^T \mathbf{x}"],
  mats={r"\mathbf{w}": (3, 1), r"\mathbf{x}": (3, 1)})
P("mat-norm-squared", r"\|\mathbf{x} - \mathbf{c}\|^2", [r"\mathbf{x}", r"\mathbf{c}"],
  {r"\mathbf{x}": [0.5, 1.5], r"\mathbf{c}": [1, -2]},
  ((X2 - C2).T * (X2 - C2))[0],
  given=[r"\mathbf{x} \in \mathbb{R}^{2 \times 1}", r"\mathbf{c} \in \mathbb{R}^{2 \times 1}"],
  mats={r"\mathbf{x}": (2, 1), r"\mathbf{c}": (2, 1)})

# ------------------------------------------------------------------ calculus drills
P("calc-polynomial", r"3w^4 - 2w^2 + w - 7", ["w"], {"w": 1.5}, 3 * w ** 4 - 2 * w ** 2 + w - 7,
  hand={"w": lambda a: 12 * 1.5 ** 3 - 4 * 1.5 + 1})
P("calc-rational", r"\frac{w^2 + 1}{w - 2}", ["w"], {"w": 0.5}, (w ** 2 + 1) / (w - 2),
  hand={"w": lambda a: (2 * 0.5 * (0.5 - 2) - (0.25 + 1)) / (0.5 - 2) ** 2})
P("calc-sqrt-norm", r"\sqrt{w^2 + x^2}", ["w", "x"], {"w": 3, "x": 4}, sp.sqrt(w ** 2 + x ** 2),
  hand={"w": lambda a: 0.6, "x": lambda a: 0.8})
P("calc-log2", r"\log_2(1 + w^2)", ["w"], {"w": 0.7}, sp.log(1 + w ** 2) / sp.log(2))
P("calc-variable-power", r"w^{x}", ["w", "x"], {"w": 1.5, "x": 2.5}, w ** x)
P("calc-exp-sin", r"e^{w} \sin(w)", ["w"], {"w": 0.9}, sp.exp(w) * sp.sin(w))
P("calc-cos-squared", r"\cos^2(w x)", ["w"], {"w": 0.6, "x": 1.3}, sp.cos(w * x) ** 2)
P("calc-ln-affine", r"\ln(3 w + 1)", ["w"], {"w": 0.2}, sp.log(3 * w + 1), hand={"w": lambda a: 3 / 1.6})
P("calc-product-three", r"w^2 e^{-w} \log(1 + w)", ["w"], {"w": 0.8}, w ** 2 * sp.exp(-w) * sp.log(1 + w))
P("calc-two-exp-ratio", r"\frac{e^{w}}{e^{w} + e^{v}}", ["w", "v"], {"w": 0.3, "v": -0.4}, sp.exp(w) / (sp.exp(w) + sp.exp(v)))
P("calc-abs-inside", r"|w^2 - 2|", ["w"], {"w": 1}, sp.Abs(w ** 2 - 2), hand={"w": lambda a: -2.0})
P("calc-max-left", r"\max(w^2, 3w - 1)", ["w"], {"w": 0.5}, sp.Max(w ** 2, 3 * w - 1), hand={"w": lambda a: 3.0})
P("calc-max-right", r"\max(w^2, 3w - 1)", ["w"], {"w": 3}, sp.Max(w ** 2, 3 * w - 1), hand={"w": lambda a: 6.0})
P("calc-min", r"\min(w, 1 - w)", ["w"], {"w": 0.8}, sp.Min(w, 1 - w), hand={"w": lambda a: -1.0})
P("calc-indicator-on", r"w^2 \mathbf{1}(w > 1)", ["w"], {"w": 1.5}, w ** 2 * ind(w > 1), hand={"w": lambda a: 3.0})
P("calc-indicator-off", r"w^2 \mathbf{1}(w > 1)", ["w"], {"w": 0.5}, w ** 2 * ind(w > 1), hand={"w": lambda a: 0.0})
P("calc-indicator-bracket", r"\mathbb{1}[w x > 0] w x", ["w"], {"w": 0.5, "x": 1.4}, ind(w * x > 0) * w * x)
P("calc-sign", r"\text{sign}(w) w^2", ["w"], {"w": -0.7}, sign(w) * w ** 2, hand={"w": lambda a: 1.4})  # 2|w|
CASES2 = r"\begin{cases} w^2 & w < 1 \\ 2w - 1 & \text{otherwise}\end{cases}"
P("calc-cases-low", CASES2, ["w"], {"w": 0.3}, sp.Piecewise((w ** 2, w < 1), (2 * w - 1, True)))
P("calc-cases-high", CASES2, ["w"], {"w": 2}, sp.Piecewise((w ** 2, w < 1), (2 * w - 1, True)))
DEAD = r"\begin{cases} w + 1 & w < -1 \\ 0 & w \le 1 \\ w - 1 & \text{otherwise} \end{cases}"
dead = sp.Piecewise((w + 1, w < -1), (0, w <= 1), (w - 1, True))
P("calc-deadzone-left", DEAD, ["w"], {"w": -2}, dead)
P("calc-deadzone-middle", DEAD, ["w"], {"w": 0.2}, dead)
P("calc-deadzone-right", r"3 " + DEAD, ["w"], {"w": 2.5}, 3 * dead)
P("calc-entropy", r"-p\log p - (1 - p)\log(1 - p)", ["p"], {"p": 0.2}, -p_ * sp.log(p_) - (1 - p_) * sp.log(1 - p_),
  hand={"p": lambda a: float(sp.log(0.8 / 0.2))})
A_, B_, C_ = S("a"), S("b"), S("c")
P("calc-softmax-two", r"\frac{e^{a}}{e^{a} + e^{b}}", ["a", "b"], {"a": 0.5, "b": 1.5}, sp.exp(A_) / (sp.exp(A_) + sp.exp(B_)))
P("calc-logsumexp", r"\log(e^{a} + e^{b} + e^{c})", ["a", "c"], {"a": 0.5, "b": 1.5, "c": -1},
  sp.log(sp.exp(A_) + sp.exp(B_) + sp.exp(C_)))
k1, k2 = S("k_1"), S("k_2")
P("calc-attention", r"\frac{e^{q k_1} v_1 + e^{q k_2} v_2}{e^{q k_1} + e^{q k_2}}", ["q", "k_1", "v_2"],
  {"q": 0.7, "k_1": 1.2, "k_2": -0.5, "v_1": 2, "v_2": -1},
  (sp.exp(q * k1) * v1 + sp.exp(q * k2) * v2) / (sp.exp(q * k1) + sp.exp(q * k2)))
mu, eps, s_ = S(r"\mu"), S(r"\epsilon"), S("s")
P("calc-normalize", r"\frac{x_1 - \mu}{\sqrt{s + \epsilon}}", [r"\mu", "s"], {"x_1": 1.3, r"\mu": 0.4, "s": 2, r"\epsilon": 0.01},
  (x1 - mu) / sp.sqrt(s_ + eps))
kk = S("k")
P("calc-index-weighted-sum", r"\sum_{k=1}^{3} k w^k", ["w"], {"w": 0.5}, w + 2 * w ** 2 + 3 * w ** 3,
  hand={"w": lambda a: 1 + 4 * 0.5 + 9 * 0.25})
P("calc-product-operator", r"\prod_{i=1}^{3} (1 + w x_i)", ["w"], {"w": 0.5, "x_1": 1, "x_2": -1, "x_3": 2},
  (1 + w * xi[1]) * (1 + w * xi[2]) * (1 + w * xi[3]))
P("calc-cosine-similarity", r"\frac{w_1 v_1 + w_2 v_2}{\sqrt{w_1^2 + w_2^2}\sqrt{v_1^2 + v_2^2}}", ["w_1", "v_2"],
  {"w_1": 1, "w_2": 2, "v_1": 3, "v_2": -1},
  (w1 * v1 + w2 * v2) / (sp.sqrt(w1 ** 2 + w2 ** 2) * sp.sqrt(v1 ** 2 + v2 ** 2)))
P("calc-sinh-cosh", r"\sinh(w) \cosh(2w)", ["w"], {"w": 0.4}, sp.sinh(w) * sp.cosh(2 * w))
P("calc-tan", r"\tan(w^2)", ["w"], {"w": 0.6}, sp.tan(w ** 2))
P("calc-decimal-coefficient", r"0.5 \lambda w^2", ["w", r"\lambda"], {"w": 0.8, r"\lambda": 0.2}, lam * w ** 2 / 2,
  hand={"w": lambda a: 0.2 * 0.8, r"\lambda": lambda a: 0.32})
r0 = S("r")
P("calc-pi-implicit", r"2\pi r^2", ["r"], {"r": 1.5}, 2 * sp.pi * r0 ** 2, hand={"r": lambda a: 4 * 3.141592653589793 * 1.5})
P("calc-ln-unbracketed", r"\ln 2w", ["w"], {"w": 0.7}, sp.log(2 * w), hand={"w": lambda a: 1 / 0.7})
P("calc-sin-squared-unbracketed", r"\sin^2 w", ["w"], {"w": 0.5}, sp.sin(w) ** 2)
P("calc-exp-times", r"e^{w} y", ["w", "y"], {"w": 0.3, "y": 2}, sp.exp(w) * y)
P("calc-frac-digits", r"\frac 3 4 w^2", ["w"], {"w": 2}, sp.Rational(3, 4) * w ** 2, hand={"w": lambda a: 3.0})
P("calc-dfrac-product", r"\dfrac{w}{2} x", ["w"], {"w": 2, "x": 5}, w / 2 * x, hand={"w": lambda a: 2.5})
P("calc-slash-left-assoc", r"w/2/x", ["w", "x"], {"w": 3, "x": 4}, w / 2 / x)
P("calc-exp-cos", r"\exp(-w)\cos w", ["w"], {"w": 0.5}, sp.exp(-w) * sp.cos(w))
P("calc-lambda-product", r"\lambda(w_1 + w_2)", ["w_1", r"\lambda"], {"w_1": 0.5, "w_2": 1, r"\lambda": 3}, lam * (w1 + w2),
  hand={"w_1": lambda a: 3.0, r"\lambda": lambda a: 1.5})
P("calc-difference-of-squares", r"(w - 1)(w + 1)", ["w"], {"w": 0.75}, (w - 1) * (w + 1), hand={"w": lambda a: 1.5})
P("calc-sum-then-bias", r"\sum_{i=1}^{3} w_i x_i + b", ["b", "w_3"], {"b": 0.5, "w_1": 1, "w_2": 2, "w_3": 3, "x_1": 0.1, "x_2": 0.2, "x_3": 0.3},
  sum(wv[i] * xi[i] for i in range(1, 4)) + b, hand={"b": lambda a: 1.0, "w_3": lambda a: 0.3})
ej = {j: S(f"e_{j}") for j in (1, 2)}
P("calc-indexed-e", r"\sum_{j=1}^{2} e_j w_j", ["w_2"], {"e_1": 3, "e_2": 5, "w_1": 1, "w_2": 2}, ej[1] * wv[1] + ej[2] * wv[2],
  hand={"w_2": lambda a: 5.0})
P("calc-sqrt-frac", r"\frac{1}{\sqrt{1 + w^2}}", ["w"], {"w": 0.75}, 1 / sp.sqrt(1 + w ** 2), hand={"w": lambda a: -0.75 / 1.25 ** 3})
P("calc-power-half", r"(1 + w^2)^{\frac{3}{2}}", ["w"], {"w": 0.5}, (1 + w ** 2) ** sp.Rational(3, 2))
P("calc-nested-log", r"\log(\log(w + 3))", ["w"], {"w": 0.5}, sp.log(sp.log(w + 3)))
P("calc-reciprocal-sigmoid", r"\frac{1}{1 + e^{-w x}}", ["w", "x"], {"w": 0.6, "x": -0.9}, sig(w * x))
P("calc-abs-of-sum", r"|w_1 - w_2| + |w_1 + w_2|", ["w_1", "w_2"], {"w_1": 0.3, "w_2": 1.2},
  sp.Abs(w1 - w2) + sp.Abs(w1 + w2), hand={"w_1": lambda a: 0.0, "w_2": lambda a: 2.0})
P("calc-relu-sum", r"\sum_{i=1}^{3} \operatorname{ReLU}(w x_i - 1)", ["w"], {"w": 1.5, "x_1": 1, "x_2": 0.5, "x_3": 2},
  sum(relu(w * xi[i] - 1) for i in range(1, 4)), hand={"w": lambda a: 3.0})
P("calc-norm-scalar-pair", r"\frac{1}{2}(w_1^2 + w_2^2) - w_1 w_2", ["w_1", "w_2"], {"w_1": 0.4, "w_2": -1.0},
  (w1 ** 2 + w2 ** 2) / 2 - w1 * w2, hand={"w_1": lambda a: 1.4, "w_2": lambda a: -1.4})
P("calc-gd-objective", r"(w - 3)^2 + 2 (w - 3) + 1", ["w"], {"w": 100}, (w - 3) ** 2 + 2 * (w - 3) + 1, hand={"w": lambda a: 196.0})
P("calc-given-condition", r"\log(1 + \beta w^2)", ["w", r"\beta"], {"w": 1.2, r"\beta": 0.5}, sp.log(1 + beta * w ** 2),
  given=[r"\beta > 0"])
P("calc-cases-comma", r"\begin{cases} -w, & w < 0 \\ w^3, & \text{else} \end{cases}", ["w"], {"w": -0.4},
  sp.Piecewise((-w, w < 0), (w ** 3, True)), hand={"w": lambda a: -1.0})
P("calc-cases-array", r"\left\{\begin{array}{ll} w^2 & w > 0 \\ -w^2 & w \le 0 \end{array}\right.", ["w"], {"w": 0.6},
  sp.Piecewise((w ** 2, w > 0), (-w ** 2, True)), hand={"w": lambda a: 1.2})

# ------------------------------------------------------------------ more course notation
V2 = vec(r"\mathbf{v}", 2)
th = (Wm * X3).applyfunc(sp.tanh)
P("mat-two-layer-tanh", r"\frac{1}{2}(\mathbf{v}^T \tanh(W \mathbf{x}) - y)^2", ["W", r"\mathbf{v}"],
  {"W": [[0.3, -0.2, 0.5], [0.1, 0.4, -0.6]], r"\mathbf{x}": [1, 2, -1], r"\mathbf{v}": [0.8, -1.2], "y": 0.3},
  ((V2.T * th)[0] - y) ** 2 / 2,
  given=[r"W \in \mathbb{R}^{2 \times 3}", r"\mathbf{x} \in \mathbb{R}^{3 \times 1}", r"\mathbf{v} \in \mathbb{R}^{2 \times 1}"],
  mats={"W": (2, 3), r"\mathbf{x}": (3, 1), r"\mathbf{v}": (2, 1)})
Zv = vec(r"\mathbf{z}", 3)
P("mat-softmax-ce", r"-\log \operatorname{softmax}(\mathbf{z})_1", [r"\mathbf{z}"], {r"\mathbf{z}": [0.5, -0.3, 1.1]},
  -sp.log(sp.exp(Zv[0]) / (sp.exp(Zv[0]) + sp.exp(Zv[1]) + sp.exp(Zv[2]))),
  given=[r"\mathbf{z} \in \mathbb{R}^{3 \times 1}"], mats={r"\mathbf{z}": (3, 1)})
V3 = vec(r"\mathbf{v}", 3)
P("mat-hadamard", r"\mathbf{v}^T (\mathbf{w} \odot \mathbf{x})", [r"\mathbf{w}"],
  {r"\mathbf{v}": [1, -2, 0.5], r"\mathbf{w}": [0.3, 0.2, -0.1], r"\mathbf{x}": [2, 1, 4]},
  sum(V3[i] * Wv3[i] * X3[i] for i in range(3)),
  given=[r"\mathbf{v} \in \mathbb{R}^{3 \times 1}", r"\mathbf{w} \in \mathbb{R}^{3 \times 1}", r"\mathbf{x} \in \mathbb{R}^{3 \times 1}"],
  mats={r"\mathbf{v}": (3, 1), r"\mathbf{w}": (3, 1), r"\mathbf{x}": (3, 1)})
Bv2 = vec(r"\mathbf{b}", 2)
rb = Wm * X3 + Bv2 - Y2
P("mat-affine-bias", r"\|W \mathbf{x} + \mathbf{b} - \mathbf{y}\|^2", [r"\mathbf{b}", "W"],
  {"W": [[0.1, 0.2, 0.3], [-0.4, 0.5, 0.0]], r"\mathbf{x}": [1, -1, 2], r"\mathbf{b}": [0.5, -0.5], r"\mathbf{y}": [1, 2]},
  (rb.T * rb)[0],
  given=[r"W \in \mathbb{R}^{2 \times 3}", r"\mathbf{x} \in \mathbb{R}^{3 \times 1}", r"\mathbf{b} \in \mathbb{R}^{2 \times 1}",
         r"\mathbf{y} \in \mathbb{R}^{2 \times 1}"],
  mats={"W": (2, 3), r"\mathbf{x}": (3, 1), r"\mathbf{b}": (2, 1), r"\mathbf{y}": (2, 1)})
Bw2 = vec(r"\mathbf{b}", 2)
P("mat-quadratic-objective", r"\frac{1}{2}\mathbf{w}^T A \mathbf{w} - \mathbf{b}^T \mathbf{w}", [r"\mathbf{w}"],
  {"A": [[2, 1], [1, 3]], r"\mathbf{w}": [0.5, -1], r"\mathbf{b}": [1, 1]},
  (Wv2.T * A2 * Wv2)[0] / 2 - (Bw2.T * Wv2)[0],
  given=[r"A \in \mathbb{R}^{2 \times 2}", r"\mathbf{w} \in \mathbb{R}^{2 \times 1}", r"\mathbf{b} \in \mathbb{R}^{2 \times 1}"],
  mats={"A": (2, 2), r"\mathbf{w}": (2, 1), r"\mathbf{b}": (2, 1)})
P("mat-logistic-bias", r"\log(1 + e^{-y(\mathbf{w}^T \mathbf{x} + b)})", [r"\mathbf{w}", "b"],
  {r"\mathbf{w}": [0.2, -0.1, 0.4], r"\mathbf{x}": [1, 0.5, -2], "y": -1, "b": 0.3},
  sp.log(1 + sp.exp(-y * ((Wv3.T * X3)[0] + b))),
  given=[r"\mathbf{w} \in \mathbb{R}^{3 \times 1}", r"\mathbf{x} \in \mathbb{R}^{3 \times 1}"],
  mats={r"\mathbf{w}": (3, 1), r"\mathbf{x}": (3, 1)})
P("mat-relu-layer", r"\mathbf{v}^T \operatorname{ReLU}(W \mathbf{x})", ["W"],
  {"W": [[0.1, 0.2, 0.3], [-0.4, 0.5, 0.0]], r"\mathbf{x}": [1, -1, 2], r"\mathbf{v}": [1.5, -2]},
  (Vv2.T * (Wm * X3).applyfunc(relu))[0],
  given=[r"W \in \mathbb{R}^{2 \times 3}", r"\mathbf{x} \in \mathbb{R}^{3 \times 1}", r"\mathbf{v} \in \mathbb{R}^{2 \times 1}"],
  mats={"W": (2, 3), r"\mathbf{x}": (3, 1), r"\mathbf{v}": (2, 1)})
zs = {k: S(f"z_{k}") for k in (1, 2, 3)}
Zs = sum(sp.exp(zs[k]) for k in (1, 2, 3))
P("fam-yhat-softmax-ce", r"-\sum_{k=1}^{3} y_k \log \hat{y}_k", ["z_1", "z_3"],
  {"z_1": 1.0, "z_2": -0.5, "z_3": 0.25, "y_1": 0, "y_2": 0, "y_3": 1},
  -sum(yk[k - 1] * sp.log(sp.exp(zs[k]) / Zs) for k in (1, 2, 3)),
  given=[r"\hat{y}_k = \frac{e^{z_k}}{\sum_{j=1}^{3} e^{z_j}}"])
P("fam-log-softmax-member", r"\log s_3", ["a_3", "a_1"], {"a_1": 0.4, "a_2": -0.2, "a_3": 0.9},
  sp.log(sp.exp(a3) / Z3), given=[r"s_i = \frac{e^{a_i}}{\sum_{k=1}^{3} e^{a_k}}"])
wij = {f"{i}{j}": S(f"w_{{{i}{j}}}") for i in (1, 2) for j in (1, 2)}
w_at = {"w_{11}": 0.5, "w_{12}": -0.3, "w_{21}": 0.8, "w_{22}": 0.2, "x_1": 1.5, "x_2": -1, "y_1": 0.4, "y_2": -0.6}
P("idx-double-sum-linear", r"\sum_{i=1}^{2}\sum_{j=1}^{2} w_{ij} x_j", ["w_{21}", "x_2"], w_at,
  sum(wij[f"{i}{j}"] * [x1, x2][j - 1] for i in (1, 2) for j in (1, 2)), hand={"w_{21}": lambda a: 1.5, "x_2": lambda a: -0.3 + 0.2})
P("idx-layer-mse", r"\sum_{i=1}^{2} \left(\sum_{j=1}^{2} w_{ij} x_j - y_i\right)^2", ["w_{12}", "w_{22}"], w_at,
  sum((sum(wij[f"{i}{j}"] * [x1, x2][j - 1] for j in (1, 2)) - [yi[1], yi[2]][i - 1]) ** 2 for i in (1, 2)))
nn = S("n")
P("idx-symbolic-bound", r"\frac{1}{n}\sum_{i=1}^{n} (w x_i - y_i)^2", ["w"],
  {"n": 3, "w": 0.5, "x_1": 1, "x_2": 2, "x_3": -1, "y_1": 1, "y_2": 0.5, "y_3": 0},
  sum((w * xi[i] - yi[i]) ** 2 for i in range(1, 4)) / nn)
P("calc-sigma-prime", r"\sigma'(w x)", ["w"], {"w": 0.5, "x": 1.2},
  sig(w * x) * (1 - sig(w * x)))
P("calc-sqrt-abs", r"\sqrt{|w|}", ["w"], {"w": -0.5}, sp.sqrt(sp.Abs(w)), hand={"w": lambda a: -1 / (2 * 0.5 ** 0.5)})
mm = S("m")
P("calc-stable-logsumexp", r"m + \log(e^{a - m} + e^{b - m})", ["a", "b"], {"a": 0.3, "b": 1.1},
  sp.Max(A_, B_) + sp.log(sp.exp(A_ - sp.Max(A_, B_)) + sp.exp(B_ - sp.Max(A_, B_))), given=[r"m = \max(a, b)"])
P("calc-decimal-power", r"w^{1.5}", ["w"], {"w": 2}, w ** sp.Rational(3, 2), hand={"w": lambda a: 1.5 * 2 ** 0.5})
P("calc-log10", r"\log_{10}(w^2 + 1)", ["w"], {"w": 3}, sp.log(w ** 2 + 1) / sp.log(10))
P("def-mathcal-two-args", r"\mathcal{L}(w, b)", ["b", "w"], {"w": 0.5, "b": -0.2, "x": 2, "y": 1},
  (w * x + b - y) ** 2, given=[r"\mathcal{L}(w, b) = (w x + b - y)^2"], hand={"b": lambda a: 2 * (1 - 0.2 - 1), "w": lambda a: 2 * (1 - 0.2 - 1) * 2})
t0, t1 = S(r"\theta_0"), S(r"\theta_1")
P("def-hypothesis-subscript", r"(h_\theta(x) - y)^2", [r"\theta_1", r"\theta_0"], {r"\theta_0": 0.5, r"\theta_1": -0.25, "x": 2, "y": 1},
  (t0 + t1 * x - y) ** 2, given=[r"h_\theta(x) = \theta_0 + \theta_1 x"], hand={r"\theta_1": lambda a: 2 * (0.5 - 0.5 - 1) * 2, r"\theta_0": lambda a: -2.0})
P("def-hypothesis-cost", r"J", [r"\theta_0", r"\theta_1"],
  {r"\theta_0": 0.5, r"\theta_1": -0.25, "x^{(1)}": 1, "x^{(2)}": 2, "x^{(3)}": 4, "y^{(1)}": 0, "y^{(2)}": 1, "y^{(3)}": 2},
  sum((t0 + t1 * xs[i] - ys[i]) ** 2 for i in (1, 2, 3)) / 2,
  given=[r"h_\theta(x) = \theta_0 + \theta_1 x", r"J = \frac{1}{2}\sum_{i=1}^{3} (h_\theta(x^{(i)}) - y^{(i)})^2"])

# ------------------------------------------------------------------ function definitions, deltas, numbered members, families, softmax
# (issue 11: the kinds IndexedOracleTest generates; sums without bounds have no value at a point, so
# only their numbered-definition form, which runs over the defined members, is scored here)
tt = S("t")
q_ = lambda t: w * t ** 2 + b
P("fn-any-letter-constant-arg", r"q(2) + q(w)", ["w", "b"], {"w": 0.6, "b": -0.3}, q_(2) + q_(w),
  given=[r"q(t) = w t^2 + b"], hand={"w": lambda a: 4 + 3 * 0.6 ** 2, "b": lambda a: 2.0})
r_cases = lambda t: sp.Piecewise((t ** 2, t > 0), (w * t, True))
P("fn-cases-shifted-nested", r"r(w - 1) + r(r(w))", ["w"], {"w": 0.4}, r_cases(w - 1) + r_cases(r_cases(w)),
  given=[r"r(t) = \begin{cases} t^2 & t > 0 \\ w t & \text{otherwise} \end{cases}"])
x2_, y2_ = S("x_2"), S("y_2")
P("fn-hypothesis-indexed-call", r"(h_\theta(x_i) - y_i)^2", [r"\theta_0", r"\theta_1"],
  {"i": 2, "x_1": 0.3, "x_2": -1.1, "y_1": 0, "y_2": 1, r"\theta_0": 0.2, r"\theta_1": 0.7},
  (sig(t0 + t1 * x2_) - y2_) ** 2, given=[r"h_\theta(x) = \sigma(\theta_0 + \theta_1 x)"])
P("fn-capital-name", r"G(w x + b) - y (w x + b)", ["w", "b"], {"w": -0.5, "x": 1.4, "b": 0.3, "y": 1},
  softplus(w * x + b) - y * (w * x + b), given=[r"G(z) = \log(1 + e^{z})"])
P("fn-defined-through-another", r"g(w x)", ["w", "x"], {"w": 0.8, "x": -0.6}, sp.sqrt((w * x) ** 2 + 1),
  given=[r"p(u) = u^2 + 1", r"g(t) = \sqrt{p(t)}"])
P("fn-relu-called-twice", r"r(w x + b) + r(-w)", ["w", "b"], {"w": 0.5, "x": 1.2, "b": -0.1},
  relu(w * x + b) + relu(-w), given=[r"r(t) = \max(0, t)"], hand={"w": lambda a: 1.2, "b": lambda a: 1.0})
wk = [S(f"w_{k}") for k in range(1, 4)]
xk = [S(f"x_{k}") for k in range(1, 5)]
P("delta-free-index-at-point", r"\sum_{i=1}^{3} \delta_{ij} w_i^2 x_i", ["w_2", "w_1"],
  {"j": 2, "w_1": 0.5, "w_2": -0.7, "w_3": 1.1, "x_1": 2, "x_2": 1.5, "x_3": -1}, wk[1] ** 2 * xk[1],
  hand={"w_2": lambda a: 2 * -0.7 * 1.5, "w_1": lambda a: 0.0})
P("delta-constant-indices", r"\delta_{12} w_1^2 + \delta_{22} w_2^3", ["w_1", "w_2"], {"w_1": 0.9, "w_2": -0.4}, wk[1] ** 3,
  hand={"w_1": lambda a: 0.0, "w_2": lambda a: 3 * 0.16})
P("numbered-sum-squares", r"\sum_k s_k^2", ["w_1", "w_2"], {"x": 0.7, "w_1": 0.5, "w_2": -0.4},
  (wk[0] * x) ** 2 + (wk[1] * x) ** 2, given=[r"s_1 = w_1 x", r"s_2 = w_2 x"], hand={"w_1": lambda a: 2 * 0.5 * 0.49})
P("numbered-log-one-plus", r"\log(1 + \sum_k s_k^2)", ["w_1", "w_2", "x"], {"x": 0.7, "w_1": 0.5, "w_2": -0.4},
  sp.log(1 + (wk[0] * x) ** 2 + sig(wk[1] * x) ** 2), given=[r"s_1 = w_1 x", r"s_2 = \sigma(w_2 x)"])
P("numbered-log-sum-exp", r"\log \sum_k e^{a_k}", ["w_3", "b", "x"], {"x": 1.3, "w_1": 0.2, "w_2": -0.5, "w_3": 0.9, "b": -0.2},
  sp.log(sp.exp(wk[0] * x) + sp.exp(wk[1] * x) + sp.exp(wk[2] * x + b)),
  given=[r"a_1 = w_1 x", r"a_2 = w_2 x", r"a_3 = w_3 x + b"])
yk4 = [S(f"y_{k}") for k in range(1, 5)]
NN = 3
bce_at = {"w": 0.6, "b": -0.2, "N": 3, "x_1": 1.0, "x_2": -0.5, "x_3": 2.0, "y_1": 1, "y_2": 0, "y_3": 1}
P("family-bce-mean-over-N", r"-\frac{1}{N}\sum_{i=1}^{N} (y_i \log p_i + (1 - y_i) \log(1 - p_i))", ["w", "b"], bce_at,
  -sum(yk4[i] * sp.log(sig(w * xk[i] + b)) + (1 - yk4[i]) * sp.log(1 - sig(w * xk[i] + b)) for i in range(3)) / NN,
  given=[r"p_i = \sigma(w x_i + b)"])
xs_ = [S(f"x^{{({k})}}") for k in range(1, 4)]
ys_ = [S(f"y^{{({k})}}") for k in range(1, 4)]
P("family-hat-superscript-mse", r"\frac{1}{2}\sum_{i=1}^{3} (\hat{y}^{(i)} - y^{(i)})^2", ["w", "b"],
  {"w": 0.4, "b": 0.1, "x^{(1)}": 1, "x^{(2)}": -2, "x^{(3)}": 0.5, "y^{(1)}": 0.3, "y^{(2)}": -1, "y^{(3)}": 0.8},
  sum((w * xs_[i] + b - ys_[i]) ** 2 for i in range(3)) / 2, given=[r"\hat{y}^{(i)} = w x^{(i)} + b"])
P("family-tanh-four-terms", r"\sum_{i=1}^{4} (a_i - y_i)^2", ["w"],
  {"w": 0.7, "x_1": 0.5, "x_2": -1, "x_3": 1.5, "x_4": 0.2, "y_1": 0.1, "y_2": -0.6, "y_3": 0.9, "y_4": 0},
  sum((sp.tanh(w * xk[i]) - yk4[i]) ** 2 for i in range(4)), given=[r"a_i = \tanh(w x_i)"])
Zv = Ms(None, 3, 1, r"\mathbf{z}")
Tv = Ms(None, 3, 1, r"\mathbf{t}")
sm_den = sum(sp.exp(Zv[k]) for k in range(3))
z_at = {r"\mathbf{z}": [0.5, -1.2, 0.8], r"\mathbf{t}": [0.2, 0.3, 0.5]}
z_given = [r"\mathbf{z} \in \mathbb{R}^{3}", r"\mathbf{t} \in \mathbb{R}^{3}"]
P("mat-softmax-ce-component", r"-\log \operatorname{softmax}(\mathbf{z})_1", [r"\mathbf{z}"], {r"\mathbf{z}": [0.5, -1.2, 0.8]},
  -sp.log(sp.exp(Zv[0]) / sm_den), given=[r"\mathbf{z} \in \mathbb{R}^{3}"], mats={r"\mathbf{z}": (3, 1)})
P("mat-softmax-ce-target", r"-\mathbf{t}^T \log \operatorname{softmax}(\mathbf{z})", [r"\mathbf{z}"], z_at,
  -sum(Tv[k] * sp.log(sp.exp(Zv[k]) / sm_den) for k in range(3)), given=z_given, mats={r"\mathbf{z}": (3, 1), r"\mathbf{t}": (3, 1)})
Am = Ms(None, 3, 2, "A")
Xv2 = Ms(None, 2, 1, r"\mathbf{x}")
Bv = Ms(None, 3, 1, r"\mathbf{b}")
zl = Am * Xv2 + Bv
zl_den = sum(sp.exp(zl[k]) for k in range(3))
P("mat-softmax-linear-layer", r"-\mathbf{t}^T \log \operatorname{softmax}(\mathbf{z})", [r"\mathbf{b}", "A"],
  {"A": [[0.5, -0.2], [0.1, 0.4], [-0.3, 0.6]], r"\mathbf{x}": [1.0, -2.0], r"\mathbf{b}": [0.1, 0.0, -0.1], r"\mathbf{t}": [0, 1, 0]},
  -sum(Tv[k] * sp.log(sp.exp(zl[k]) / zl_den) for k in range(3)),
  given=[r"A \in \mathbb{R}^{3 \times 2}", r"\mathbf{x} \in \mathbb{R}^{2}", r"\mathbf{b} \in \mathbb{R}^{3}", r"\mathbf{t} \in \mathbb{R}^{3}",
         r"\mathbf{z} = A \mathbf{x} + \mathbf{b}"],
  mats={"A": (3, 2), r"\mathbf{x}": (2, 1), r"\mathbf{b}": (3, 1), r"\mathbf{t}": (3, 1)})
dzt = Zv - Tv
P("mat-norm-unsquared", r"\|\mathbf{z} - \mathbf{t}\|", [r"\mathbf{z}", r"\mathbf{t}"], z_at, sp.sqrt((dzt.T * dzt)[0]),
  given=z_given, mats={r"\mathbf{z}": (3, 1), r"\mathbf{t}": (3, 1)})
A3 = Ms(None, 3, 3, "A")
X3b = Ms(None, 3, 1, r"\mathbf{x}")
B3 = Ms(None, 3, 1, r"\mathbf{b}")
q_at = {"A": [[1, 2, 0], [-1, 0.5, 3], [0, 1, -2]], r"\mathbf{x}": [0.5, -1, 2], r"\mathbf{b}": [1, 0, -1]}
q_given = [r"A \in \mathbb{R}^{3 \times 3}", r"\mathbf{x} \in \mathbb{R}^{3}", r"\mathbf{b} \in \mathbb{R}^{3}"]
P("mat-quadratic-form-by-matrix", r"\mathbf{x}^T A \mathbf{x}", ["A", r"\mathbf{x}"], q_at, (X3b.T * A3 * X3b)[0],
  given=q_given, mats={"A": (3, 3), r"\mathbf{x}": (3, 1), r"\mathbf{b}": (3, 1)})
P("mat-bilinear-plus-norm", r"\mathbf{b}^T A \mathbf{x} + \frac{1}{2}\|A \mathbf{x} - \mathbf{b}\|^2", [r"\mathbf{x}", "A"], q_at,
  (B3.T * A3 * X3b)[0] + ((A3 * X3b - B3).T * (A3 * X3b - B3))[0] / 2,
  given=q_given, mats={"A": (3, 3), r"\mathbf{x}": (3, 1), r"\mathbf{b}": (3, 1)})

# ------------------------------------------------------------------ bad inputs
BAD("bad-frac-unclosed", r"\frac{1}{2", why="unbalanced brace")
BAD("bad-sup-unclosed", r"w^{2", why="unbalanced brace")
BAD("bad-paren-unclosed", r"(w + 1", why="unbalanced parenthesis")
BAD("bad-left-unclosed", r"\left( w", why="\\left without \\right")
BAD("bad-left-mismatch", r"\left( w \right]", why="mismatched \\left/\\right")
BAD("bad-brace-reversed", r"}w{", why="stray closing brace")
BAD("bad-unknown-accent", r"\hatt{y} w", why="unknown command")
BAD("bad-input-command", r"\input{/etc/passwd} w", why="dangerous command")
BAD("bad-def-command", r"\def\x{1} w", why="dangerous command")
BAD("bad-unknown-function", r"\foo(w) + w", why="unknown command")
BAD("bad-leading-equals", r"= w^2", why="relation without a left side")
BAD("bad-trailing-plus", r"w +", why="dangling operator")
BAD("bad-leading-times", r"* w", why="dangling operator")
BAD("bad-double-sup", r"w^2^3", why="double superscript")
BAD("bad-double-sub", r"w_1_2", why="double subscript")
BAD("bad-empty-frac", r"\frac{}{}", why="empty group")
BAD("bad-empty-sqrt", r"\sqrt{} + w", why="empty group")
BAD("bad-empty-sigmoid", r"\sigma() + w", why="function without argument")
BAD("bad-empty-max", r"\max() + w", why="function without argument")
BAD("bad-double-comma", r"\max(w,,x)", why="empty argument")
BAD("bad-number", r"1.2.3 w", why="malformed number")
BAD("bad-dollar", r"$w^2$", why="stray $")
BAD("bad-cases-unclosed", r"\begin{cases} w & w > 0 \\ 0 & \text{otherwise}", why="unclosed environment")
BAD("bad-cases-mismatched-end", r"\begin{cases} w & w > 0 \\ 0 & \text{otherwise} \end{bmatrix}", why="mismatched \\end")
BAD("bad-cases-no-condition", r"\begin{cases} w \\ 0 & \text{otherwise} \end{cases}", why="cases row without a condition")
BAD("bad-ampersand", r"w & x", why="& outside an environment")
BAD("bad-sum-no-body", r"\sum_{i=1}^{3}", why="operator without operand")
BAD("bad-mixed-chain", r"a < w > c", why="mixed-direction chain")
BAD("bad-empty-expr", r"", why="empty formula")
BAD("bad-at-missing-variable", r"w x + b", at={"w": 1, "x": 2}, why="at-point does not give b a value")
BAD("bad-at-log-zero", r"\log w", at={"w": 0}, why="at-point outside the domain: log 0")
BAD("bad-at-sqrt-negative", r"\sqrt{w} + w", at={"w": -1}, why="at-point outside the domain: sqrt of a negative number")
BAD("bad-at-division-by-zero", r"\frac{1}{w - 1}", at={"w": 1}, why="at-point outside the domain: division by zero")
BAD("bad-at-log-negative-bce", r"-\log p", at={"w": 2}, given=[r"p = 1 - \sigma(w) - 0.5"], why="at-point outside the domain: log of a negative number")
BAD("bad-at-vector-too-short", r"\mathbf{w}^T \mathbf{x}", wrt=r"\mathbf{w}",
    at={r"\mathbf{w}": [1, 2, 3], r"\mathbf{x}": [1, 2]},
    given=[r"\mathbf{w} \in \mathbb{R}^{3 \times 1}", r"\mathbf{x} \in \mathbb{R}^{3}"], why="a vector in R^3 given 2 entries")
BAD("bad-at-vector-for-scalar", r"w^2", at={"w": [1, 2]}, why="a vector value for a scalar")
BAD("bad-shape-mismatch", r"\mathbf{y}^T W \mathbf{y}", wrt="W",
    given=[r"W \in \mathbb{R}^{2 \times 3}", r"\mathbf{y} \in \mathbb{R}^{2 \times 1}"], why="cannot multiply (1x3) by (2x1)")
BAD("bad-wrt-expression", r"w^2", wrt="w + 1", why="wrt is not a symbol")
BAD("bad-wrt-unclosed", r"\hat{y}^2", wrt=r"\hat{y", why="wrt does not parse")
BAD("bad-given-unclosed", r"L", given=[r"L = (w x - y)^2", r"a = \frac{w}{2"], why="a given does not parse")
BAD("bad-given-dangling", r"L", given=[r"L ="], why="definition without a right side")

# ------------------------------------------------------------------ compute and write
def at_subs(at, mats):
    subs = {}
    for key, val in at.items():
        if key in mats:
            r, c = mats[key]
            flat = [v for row in val for v in (row if isinstance(row, list) else [row])]
            for i in range(r):
                for j in range(c):
                    subs[S(f"{key}[{i},{j}]")] = sp.Rational(str(flat[i * c + j]))
        else:
            subs[S(key)] = sp.Rational(str(val))
    return subs


def numeric_diff(f, sym, subs):
    """Central difference at 60 digits, from SymPy's value only (not its derivative)."""
    h = mpmath.mpf("1e-20")
    others = {k: v for k, v in subs.items() if k != sym}
    g = f.subs(others)
    x0 = mpmath.mpf(subs[sym].p) / subs[sym].q
    fp = sp.N(g.subs(sym, sp.Float(x0 + h, 70)), 60)
    fm = sp.N(g.subs(sym, sp.Float(x0 - h, 70)), 60)
    return float((mpmath.mpf(str(fp)) - mpmath.mpf(str(fm))) / (2 * h))


def agree(a, b, tol=1e-12):
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


out = []
values = 0
for p in problems:
    if "bad" in p:
        out.append(p["bad"])
        continue
    subs = at_subs(p["at"], p["mats"])
    f = p["f"]
    fval = float(sp.N(f.subs(subs), 40))
    expects = []
    for wv_ in p["wrt"]:
        if wv_ in p["mats"]:
            r, c = p["mats"][wv_]
            grid = []
            for i in range(r):
                row = []
                for j in range(c):
                    sym = S(f"{wv_}[{i},{j}]")
                    d1 = float(sp.N(sp.diff(f, sym).subs(subs), 40))
                    d2 = numeric_diff(f, sym, subs)
                    assert agree(d1, d2), (p["id"], wv_, i, j, d1, d2)
                    row.append(d1)
                grid.append(row)
            expects.append(grid)
        else:
            sym = S(wv_)
            assert sym in subs, (p["id"], wv_)
            d1 = float(sp.N(sp.diff(f, sym).subs(subs), 40))
            d2 = numeric_diff(f, sym, subs)
            assert agree(d1, d2), (p["id"], wv_, d1, d2)
            if p["hand"] and wv_ in p["hand"]:
                d3 = p["hand"][wv_](None)
                assert agree(d1, d3, 1e-10), (p["id"], wv_, "hand", d1, d3)
            expects.append(d1)
        values += 1
    # every symbol of the function has a value at the point (else the problem is ill-posed)
    for s in f.free_symbols:
        assert s in subs, (p["id"], s)
    line = {"id": p["id"]}
    if p["given"]:
        line["given"] = p["given"]
    line["expr"] = p["expr"]
    line["wrt"] = p["wrt"][0] if len(p["wrt"]) == 1 else p["wrt"]
    line["at"] = p["at"]
    line["expect"] = expects[0] if len(expects) == 1 else expects
    line["f"] = fval
    out.append(line)

for line in out:
    print(json.dumps(line, ensure_ascii=False))
n_bad = sum(1 for p in problems if "bad" in p)
print(f"{len(problems) - n_bad} problems, {values} values, {n_bad} bad inputs", file=sys.stderr)
