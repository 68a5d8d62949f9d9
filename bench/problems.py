#!/usr/bin/env python3
"""The 220-problem batch that bench/run times against SymPy: the same functions written twice, in the
LaTeX chainrule reads and in SymPy, transcribed by hand (not from chainrule's parse).

  python3 bench/problems.py jsonl            the problems as `chainrule derive --jsonl` reads them
  python3 bench/problems.py sympy            SymPy diff + simplify + latex of every problem, one process
  python3 bench/problems.py check RESULTS    chainrule's values (RESULTS: its --jsonl output) against
                                             SymPy's derivative at each problem's point; exit 1 on a mismatch

Only `sympy` and `check` import SymPy. 22 course functions (sigma, tanh, softplus, ReLU, log, exp, powers,
products, quotients, piecewise, hinge, Huber, cross-entropy, named intermediates) times 10 constants
c = 2..11, each at its own point away from kinks.
"""
import json
import sys

# (LaTeX with {c}, SymPy with {c}, wrt, givens with {c}); in SymPy, sig/softplus/relu are defined below.
TEMPLATES = [
    (r"\sigma({c} w x)", "sig({c}*w*x)", "w", ()),
    (r"\tanh(w^2 + {c})", "tanh(w**2 + {c})", "w", ()),
    (r"\log(1 + e^{{{c} w}})", "log(1 + exp({c}*w))", "w", ()),
    (r"\mathrm{{softplus}}(w x + {c})", "softplus(w*x + {c})", "w", ()),
    (r"\operatorname{{ReLU}}(w x + {c} b)", "relu(w*x + {c}*b)", "b", ()),
    (r"\frac{{1}}{{2}}(w x - {c} y)^2", "(w*x - {c}*y)**2/2", "w", ()),
    (r"w^{{{c}}} e^{{-w}}", "w**{c}*exp(-w)", "w", ()),
    (r"\frac{{w}}{{w^2 + {c}}}", "w/(w**2 + {c})", "w", ()),
    (r"\log(w^2 + {c}) \sigma(w)", "log(w**2 + {c})*sig(w)", "w", ()),
    (r"\sqrt{{w^2 + {c}}}", "sqrt(w**2 + {c})", "w", ()),
    (r"\max(0, {c} - y w x) + w^2", "Max(0, {c} - y*w*x) + w**2", "w", ()),
    (r"\begin{{cases}} \frac{{1}}{{2}} w^2 & |w| \le {c} \\ {c} (|w| - \frac{{{c}}}{{2}}) & \text{{otherwise}} \end{{cases}}",
     "Piecewise((w**2/2, Abs(w) <= {c}), ({c}*(Abs(w) - Rational({c}, 2)), True))", "w", ()),
    (r"-y \log(\sigma({c} w x)) - (1 - y) \log(1 - \sigma({c} w x))",
     "-y*log(sig({c}*w*x)) - (1 - y)*log(1 - sig({c}*w*x))", "w", ()),
    (r"\frac{{e^{{{c} w}} - e^{{-w}}}}{{e^{{{c} w}} + e^{{-w}}}}", "(exp({c}*w) - exp(-w))/(exp({c}*w) + exp(-w))", "w", ()),
    (r"(w x + {c})^3 \tanh(w)", "(w*x + {c})**3*tanh(w)", "w", ()),
    (r"e^{{-\frac{{(w - {c})^2}}{{2}}}}", "exp(-(w - {c})**2/2)", "w", ()),
    (r"\log \sigma({c} w)", "log(sig({c}*w))", "w", ()),
    (r"w \sigma({c} w)", "w*sig({c}*w)", "w", ()),
    (r"\begin{{cases}} w x & w x > 0 \\ \frac{{w x}}{{{c}}} & \text{{otherwise}} \end{{cases}}",
     "Piecewise((w*x, w*x > 0), (w*x/{c}, True))", "w", ()),
    (r"\tanh(\sigma({c} w) + x)", "tanh(sig({c}*w) + x)", "w", ()),
    (r"|w - {c}| + \frac{{w^2}}{{{c}}}", "Abs(w - {c}) + w**2/{c}", "w", ()),
    ("l", "(y - sig({c}*w*x))**2", "w", ("a = {c} w x", r"p = \sigma(a)", "l = (y - p)^2")),
]
CONSTANTS = range(2, 12)


def problems():
    """(id, latex, sympy source, wrt, givens, point) for each of the 220 problems, in a fixed order."""
    out = []
    for k, c in enumerate(CONSTANTS):
        for t, (tex, sym, wrt, given) in enumerate(TEMPLATES):
            # w in (0.3, 0.65): away from the kinks (c - y w x > 0, w x > 0, |w| <= c, w != c)
            at = {"w": round(0.3 + 0.05 * ((k + t) % 8), 2), "x": 1.3, "y": 0.6, "b": -0.4}
            out.append((f"t{t:02d}-c{c}", tex.format(c=c), sym.format(c=c), wrt,
                        [g.format(c=c) for g in given], at))
    return out


def namespace():
    import sympy as sp
    ns = {name: getattr(sp, name) for name in ("exp", "log", "tanh", "sqrt", "Max", "Abs", "Piecewise", "Rational")}
    ns.update({s: sp.Symbol(s, real=True) for s in ("w", "x", "y", "b")})
    ns["sig"] = lambda z: 1 / (1 + sp.exp(-z))
    ns["softplus"] = lambda z: sp.log(1 + sp.exp(z))
    ns["relu"] = lambda z: sp.Max(0, z)
    return sp, ns


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    if mode == "jsonl":
        for pid, tex, _, wrt, given, at in problems():
            line = {"id": pid, "expr": tex, "wrt": wrt, "at": at}
            if given:
                line["given"] = given
            print(json.dumps(line))
    elif mode == "sympy":
        sp, ns = namespace()
        for pid, _, sym, wrt, _, _ in problems():
            f = eval(sym, ns)  # our own fixed strings
            print(pid, sp.latex(sp.simplify(sp.diff(f, ns[wrt]))))
    elif mode == "check" and len(argv) > 2:
        sp, ns = namespace()
        got = {}
        with open(argv[2]) as results:
            for line in results:
                if line.strip():
                    r = json.loads(line)
                    got[r["id"]] = r
        bad = []
        todo = problems()
        for pid, _, sym, wrt, _, at in todo:
            d = sp.diff(eval(sym, ns), ns[wrt])
            want = float(d.subs({ns[k]: sp.Float(v, 30) for k, v in at.items()}).evalf(30))
            r = got.get(pid, {})
            v = (r.get("at") or {}).get("value")  # schema chainrule/1: the point's value under "at"
            if not r.get("ok") or v is None or abs(v - want) > 1e-9 * max(1.0, abs(want)):
                bad.append(f"{pid}: chainrule {v if r.get('ok') else r.get('error')}, SymPy {want}")
        print(f"{len(todo) - len(bad)} of {len(todo)} values agree with SymPy's derivative (1e-9 relative)")
        for b in bad:
            print("  " + b)
        return 1 if bad else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
