package org.chainrule.expr;

import java.util.List;
import java.util.Optional;
import org.chainrule.expr.Expr.*;

/** Short builders for trees in tests. */
final class Ex {
    private Ex() {}

    static final Sym a = Sym.of("a"), b = Sym.of("b"), c = Sym.of("c"), d = Sym.of("d"), x = Sym.of("x"),
            y = Sym.of("y"), z = Sym.of("z"), w = Sym.of("w"), W = Sym.of("W"), f = Sym.of("f"), g = Sym.of("g"),
            i = Sym.of("i"), j = Sym.of("j"), k = Sym.of("k"), n = Sym.of("n"), m = Sym.of("m"), L = Sym.of("L"),
            E = Sym.of("E"), t = Sym.of("t"), p = Sym.of("p");

    static Num num(long v) { return Num.of(v); }
    static Num frac(long p, long q) { return Num.of(Rational.of(p, q)); }
    static Num dec(String s) { return new Num(Rational.parse(s), true); }
    static Sym greek(String name) { return Sym.of("\\" + name); }
    static Sym styled(String name, String... styles) { return Sym.of(name).withStyles(List.of(styles)); }
    static Sym ix(Sym s, Expr... items) { return s.withSub(List.of(items)); }
    static Sym sup(Sym s, SupKind kind, Expr... items) { return s.withSup(new SupIndex(kind, List.of(items))); }

    static Expr add(Expr... ts) { return new Add(List.of(ts)); }
    static Expr mul(Expr... fs) { return new Mul(List.of(fs)); }
    static Expr pow(Expr base, Expr e) { return new Pow(base, e); }
    static Expr pow(Expr base, long e) { return new Pow(base, Num.of(e)); }
    static Expr inv(Expr base) { return new Pow(base, Num.of(-1)); }
    static Expr neg(Expr e) { return Expr.neg(e); }
    static Expr sub(Expr l, Expr r) { return Expr.sub(l, r); }
    static Expr div(Expr l, Expr r) { return Expr.div(l, r); }

    static Expr fn(BuiltinFn op, Expr... args) { return Expr.apply(op, args); }
    static Expr call(Sym name, Expr... args) { return new Apply(new Abstract(name), List.of(args)); }
    static Expr prime(Fn fn, int order, Expr... args) { return new Apply(new Prime(fn, order), List.of(args)); }
    static Expr sigma(Expr arg) { return fn(BuiltinFn.SIGMOID, arg); }
    static Expr exp(Expr arg) { return fn(BuiltinFn.EXP, arg); }
    static Expr log(Expr arg) { return fn(BuiltinFn.LOG, arg); }

    static Expr rel(Expr l, RelOp op, Expr r) { return Rel.of(l, op, r); }
    static Expr sum(Sym index, Expr from, Expr to, Expr body) {
        return new BigOp(BigOpKind.SUM, index, Optional.ofNullable(from), Optional.ofNullable(to), body);
    }
    static Expr prod(Sym index, Expr from, Expr to, Expr body) {
        return new BigOp(BigOpKind.PROD, index, Optional.ofNullable(from), Optional.ofNullable(to), body);
    }
    static Expr pd(Expr fn, Expr... wrt) { return new Deriv(fn, List.of(wrt), true); }
    static Expr dd(Expr fn, Expr... wrt) { return new Deriv(fn, List.of(wrt), false); }
    static Expr matrix(List<List<Expr>> rows) { return new Matrix(rows); }
}
