package org.chainrule.parse;

import static org.chainrule.parse.FormulaSyntax.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Rational;

/**
 * Parse tree to {@link Expr}. The grammar only fixes precedence; the meaning of a run of factors
 * (f(x) a call, a(b+c) a product, e^x an exponential, w_{ij} two indices) is decided here, where a
 * whole run is visible. Every input the grammar accepts either gets a meaning or a located error.
 */
final class ExprBuilder extends FormulaSyntaxBaseVisitor<Expr> {
    private final ParseOptions options;
    final List<Diagnostic> warnings = new ArrayList<>();
    /** Calls of named (not built-in) functions, with where they are written. */
    final List<Parsed.Call> calls = new ArrayList<>();

    ExprBuilder(ParseOptions options) {
        this.options = options;
    }

    private static FormulaError error(String reason, ParserRuleContext at) {
        return new FormulaError(reason, at.getStart());
    }

    private static String text(ParserRuleContext c) {
        return c.getStart().getInputStream() == null ? c.getText()
                : c.getStart().getInputStream().getText(Interval.of(
                        c.getStart().getStartIndex(), Math.max(c.getStart().getStartIndex(), c.getStop().getStopIndex())));
    }

    // ------------------------------------------------------------------ statements

    List<Expr> formula(FormulaContext f) {
        List<Expr> out = new ArrayList<>();
        List<StatementContext> stmts = f.statement();
        List<SeparatorContext> seps = f.separator();
        for (int i = 0; i < stmts.size(); i++) {
            StatementContext s = stmts.get(i);
            AlignedContext al = loneAligned(s.relation());
            if (al != null) {
                out.addAll(alignedStatements(al));
                continue;
            }
            // A whole statement may be a relation in parentheses or a box: (\dim(L) = 1), \boxed{a = b}.
            Expr e = relation(s.relation());
            // "w, x \in \mathbb{R}": the declaration applies to every name in the list.
            if (!out.isEmpty() && i > 0 && seps.get(i - 1).op != null && seps.get(i - 1).op.getType() == FormulaLexer.COMMA
                    && e instanceof Rel r && r.ops().size() == 1 && r.ops().get(0) == RelOp.IN) {
                int j = out.size() - 1;
                while (j >= 0 && out.get(j) instanceof Sym) j--;
                for (int k = j + 1; k < out.size(); k++) out.set(k, Rel.of(out.get(k), RelOp.IN, r.operands().get(1)));
            }
            out.add(e);
        }
        return out;
    }

    /** A statement that is nothing but an aligned block. */
    private static AlignedContext loneAligned(RelationContext r) {
        AtomContext a = loneAtom(r);
        return a instanceof AlignedContext al ? al : null;
    }

    /** The atom when the relation is one bare atom without scripts, else null. */
    private static AtomContext loneAtom(RelationContext r) {
        if (!r.relTail().isEmpty()) return null;
        ExprContext e = r.expr();
        if (!e.addTail().isEmpty() || !e.product().mulTail().isEmpty()) return null;
        if (!(e.product().unary() instanceof PlainUnaryContext pu)) return null;
        PostfixContext pf = pu.postfix();
        if (!pf.script().isEmpty() || pf.evalBar() != null || pf.atom() == null) return null;
        return pf.atom();
    }

    // ------------------------------------------------------------------ relations

    static RelOp relOpOf(RelOpContext c) {
        return relOp(c);
    }

    private static RelOp relOp(RelOpContext c) {
        return switch (c.op.getType()) {
            case FormulaLexer.EQ -> RelOp.EQ;
            case FormulaLexer.DEF -> RelOp.DEF;
            case FormulaLexer.NE -> RelOp.NE;
            case FormulaLexer.LT -> RelOp.LT;
            case FormulaLexer.LE -> RelOp.LE;
            case FormulaLexer.GT -> RelOp.GT;
            case FormulaLexer.GE -> RelOp.GE;
            case FormulaLexer.IN -> RelOp.IN;
            case FormulaLexer.APPROX -> RelOp.APPROX;
            default -> RelOp.EQUIV;
        };
    }

    private static int direction(RelOp op) {
        return switch (op) {
            case LT, LE -> -1;
            case GT, GE -> 1;
            default -> 0;
        };
    }

    Expr relation(RelationContext r) {
        Expr first = expr(r.expr());
        if (r.relTail().isEmpty()) return first;
        List<Expr> operands = new ArrayList<>();
        List<RelOp> ops = new ArrayList<>();
        operands.add(notRel(first, r.expr()));
        extendChain(operands, ops, r.relTail());
        return new Rel(operands, ops);
    }

    /** Appends relation tails to a chain, rejecting a < b > c. */
    private void extendChain(List<Expr> operands, List<RelOp> ops, List<RelTailContext> tails) {
        int dir = 0;
        for (RelOp o : ops) if (direction(o) != 0) dir = direction(o);
        for (RelTailContext t : tails) {
            RelOp op = relOp(t.relOp());
            int d = direction(op);
            if (d != 0 && dir != 0 && d != dir)
                throw error("mixed-direction chain: " + (dir < 0 ? "<" : ">") + " then " + (d < 0 ? "<" : ">"), t);
            if (d != 0) dir = d;
            ops.add(op);
            operands.add(notRel(expr(t.expr()), t.expr()));
        }
    }

    private static Expr notRel(Expr e, ParserRuleContext at) {
        if (e instanceof Rel) throw error("a relation cannot be used as a value here", at);
        return e;
    }

    // ------------------------------------------------------------------ arithmetic

    Expr expr(ExprContext e) {
        Expr first = product(e.product());
        if (e.addTail().isEmpty()) return first;
        List<Expr> terms = new ArrayList<>();
        terms.add(notRel(first, e.product()));
        for (AddTailContext t : e.addTail()) {
            Expr term = notRel(product(t.product()), t.product());
            terms.add(t.op.getType() == FormulaLexer.MINUS ? Expr.neg(term) : term);
        }
        return Expr.add(terms);
    }

    /** One factor of a product as written: the operator before it (null for juxtaposition) and its signs. */
    private record Entry(Token op, int minus, PostfixContext pf) {}

    Expr product(ProductContext p) {
        List<Entry> entries = new ArrayList<>();
        addUnary(entries, null, p.unary());
        for (MulTailContext t : p.mulTail()) {
            if (t instanceof ExplicitMulContext em) addUnary(entries, em.op, em.unary());
            else entries.add(new Entry(null, 0, ((ImplicitMulContext) t).postfix()));
        }
        // Split into runs of juxtaposed factors; calls are resolved inside a run.
        Expr acc = null;
        int i = 0;
        while (i < entries.size()) {
            int j = i + 1;
            while (j < entries.size() && entries.get(j).op() == null) j++;
            List<PostfixContext> run = new ArrayList<>();
            for (int k = i; k < j; k++) run.add(entries.get(k).pf());
            List<Expr> factors = resolveRun(run);
            Entry head = entries.get(i);
            Expr first = factors.get(0);
            if (head.minus() % 2 == 1) first = Expr.neg(notRel(first, head.pf()));
            if (entries.size() > 1) for (int k = 0; k < factors.size(); k++) notRel(factors.get(k), head.pf());
            if (acc == null) acc = first;
            else acc = switch (head.op().getType()) {
                case FormulaLexer.SLASH -> Expr.div(acc, first);
                case FormulaLexer.ODOT -> new Hadamard(acc, first);
                default -> Expr.mul(acc, first);
            };
            for (int k = 1; k < factors.size(); k++) acc = Expr.mul(acc, factors.get(k));
            i = j;
        }
        return acc;
    }

    private void addUnary(List<Entry> entries, Token op, UnaryContext u) {
        int minus = 0;
        while (u instanceof SignedUnaryContext s) {
            if (s.op.getType() == FormulaLexer.MINUS) minus++;
            u = s.unary();
        }
        entries.add(new Entry(op, minus, ((PlainUnaryContext) u).postfix()));
    }

    private List<Expr> run(FactorRunContext r) {
        List<PostfixContext> pfs = new ArrayList<>();
        for (RunItemContext it : r.runItem()) pfs.add(asPostfix(it));
        return resolveRun(pfs);
    }

    /** A run item has the shape of a postfix; wrap it so one code path handles both. */
    private static PostfixContext asPostfix(RunItemContext it) {
        PostfixContext pf = new PostfixContext(it.getParent(), 0);
        pf.start = it.start;
        pf.stop = it.stop;
        pf.addChild(it.atom());
        for (ScriptContext s : it.script()) pf.addChild(s);
        if (it.evalBar() != null) pf.addChild(it.evalBar());
        return pf;
    }

    // ------------------------------------------------------------------ calls vs products

    /** What a head before "(…)" means: a function, or null when it is a factor. */
    private record Head(Fn fn, boolean needsTwoArgs, Sym sym) {}

    private List<Expr> resolveRun(List<PostfixContext> run) {
        refuseBareCommandWords(run);
        List<Expr> out = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            PostfixContext pf = run.get(i);
            PostfixContext next = i + 1 < run.size() ? run.get(i + 1) : null;
            ParenGroupContext paren = next != null && next.atom() instanceof ParenGroupContext pg ? pg : null;
            // \dim[x^T A x]: an operator name takes a bracketed argument too.
            if (pf.atom() instanceof OperatorNameContext op && next != null && next.atom() instanceof BracketGroupContext bg
                    && pf.script().isEmpty()) {
                Expr arg = notRel(relation(bg.relation(0)), bg);
                if (bg.relation().size() != 1) throw error(op.getText() + " takes one argument", bg);
                Fn fn = new Abstract(new Sym(op.getText().substring(1), List.of("rm"), List.of(), null));
                out.add(applyScripts(new Apply(fn, List.of(arg)), scripts(next), next));
                i++;
                continue;
            }
            if (paren != null) {
                Head head = head(pf);
                int n = paren.relation().size();
                if (head != null && (!head.needsTwoArgs() || n >= 2)) {
                    out.add(call(pf, head, paren, next));
                    i++;
                    continue;
                }
                if (head != null && n == 1 && pf.atom() instanceof IdentifierContext
                        && relation(paren.relation(0)) instanceof Sym) {
                    Parsed.Position at = position(pf.getStart());
                    warnings.add(new Diagnostic(text(pf) + text(next) + " is read as a product " + text(pf) + "·"
                            + text(next) + "; declare " + text(pf) + " as a function if you meant a call", at.line(), at.column()));
                }
                if (pf.atom() instanceof DerivFracContext || pf.call() instanceof DerivOperatorContext)
                    throw error("a derivative applied to (…) is not supported; put the argument inside the "
                            + "derivative, as in \\frac{\\partial h(x)}{\\partial w}", next);
            }
            out.add(postfix(pf));
        }
        return out;
    }

    /**
     * LaTeX command names whose backslash a shell removes ({@code derive "\sigma(w x)"} in some shells, or an unquoted
     * {@code \beta} both reach us as letters). Written without spaces they would read as a product of
     * letters, s·i·g·m·a: a silent misparse, so they are refused with the quoting that works.
     */
    private static final Set<String> COMMAND_WORDS = Set.of(
            "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
            "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
            "Gamma", "Delta", "Theta", "Lambda", "Sigma", "Phi", "Psi", "Omega",
            "frac", "dfrac", "tfrac", "sqrt", "partial", "nabla", "cdot", "times", "sum", "prod", "int", "lim", "infty",
            "log", "ln", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arctan", "max", "min", "argmax", "argmin",
            "hat", "bar", "tilde", "vec", "dot", "mathbf", "mathrm", "mathcal", "mathbb", "boldsymbol", "text",
            "operatorname", "left", "right", "top", "odot", "otimes", "leq", "geq", "neq", "quad", "begin", "end", "cases");

    private void refuseBareCommandWords(List<PostfixContext> run) {
        int i = 0;
        while (i < run.size()) {
            int j = i;
            StringBuilder word = new StringBuilder();
            // a group of single plain letters written without spaces; only the last may carry scripts
            while (j < run.size() && run.get(j).atom() instanceof IdentifierContext id
                    && id.ident() instanceof PlainIdentContext plain && plain.single.getType() == FormulaLexer.LETTER
                    && (j == i || run.get(j).getStart().getStartIndex() == run.get(j - 1).getStop().getStopIndex() + 1)) {
                word.append(plain.single.getText());
                j++;
                if (!run.get(j - 1).script().isEmpty()) break;
            }
            if (j - i >= 2 && COMMAND_WORDS.contains(word.toString())) {
                String w = word.toString();
                throw error("'" + w + "' would read as the product " + String.join("·", w.split("")) + "; if you meant \\" + w
                        + ", the backslash was probably removed by the shell: put the formula in single quotes, as in "
                        + "'\\" + w + " ...' (for a product, put spaces between the letters)", run.get(i));
            }
            i = Math.max(j, i + 1);
        }
        // 1e-3, 2.5e10: scientific notation would read as 1·e − 3 (Euler's e); refused with what to write
        for (int k = 0; k + 1 < run.size(); k++) {
            PostfixContext num = run.get(k), e = run.get(k + 1);
            if (!(num.atom() instanceof NumberContext) || !num.script().isEmpty() || !e.getText().equals("e")
                    || e.getStart().getStartIndex() != num.getStop().getStopIndex() + 1) continue;
            String exponent = exponentAfter(e);
            if (!exponent.isEmpty()) {
                throw error("'" + num.getText() + "e" + exponent + "' is not read as scientific notation (it would be "
                        + num.getText() + "·e·" + exponent + ", with Euler's number e); write a power of ten, as in "
                        + num.getText() + " \\cdot 10^{" + exponent + "}", num);
            }
        }
    }

    /** The digits (with a sign) written right after {@code c}, as in 1e-3; empty when there are none. */
    private static String exponentAfter(ParserRuleContext c) {
        CharStream in = c.getStop().getInputStream();
        if (in == null) return "";
        int i = c.getStop().getStopIndex() + 1;
        StringBuilder b = new StringBuilder();
        if (i < in.size() && (in.getText(Interval.of(i, i)).equals("-") || in.getText(Interval.of(i, i)).equals("+"))) {
            b.append(in.getText(Interval.of(i, i)));
            i++;
        }
        int digits = 0;
        while (i < in.size() && Character.isDigit(in.getText(Interval.of(i, i)).charAt(0)) && digits < 12) {
            b.append(in.getText(Interval.of(i, i)));
            i++;
            digits++;
        }
        return digits == 0 ? "" : b.toString();
    }

    private Head head(PostfixContext pf) {
        Scripts s = scripts(pf);
        if (s.sup != null && isTranspose(s.sup)) return null;
        if (pf.atom() instanceof OperatorNameContext op)
            return new Head(new Abstract(new Sym(op.getText().substring(1), List.of("rm"), List.of(), null)), false, null);
        if (!(pf.atom() instanceof IdentifierContext id)) return null;
        Sym sym = ident(id.ident());
        // A Greek letter the table names a function by (\sigma, \Phi, \phi), applied, is that function.
        if (sym.name().startsWith("\\") && sym.styles().isEmpty() && s.sub == null) {
            Optional<BuiltinFn> b = BuiltinFn.byCommand(sym.name());
            if (b.isPresent()) return new Head(new Builtin(b.get()), false, sym);
        }
        if (sym.styles().equals(List.of("rm")) && sym.name().length() > 1 && s.sub == null) {
            Optional<BuiltinFn> b = BuiltinFn.byWord(sym.name());
            if (b.isPresent()) return new Head(new Builtin(b.get()), false, sym);
        }
        Sym named = withIndices(sym, s);
        // An upright multi-letter word before "(" can only be a function name.
        if (sym.styles().contains("rm") && sym.name().length() > 1) return new Head(new Abstract(named), false, sym);
        String n = sym.name();
        if (n.equals("f") || n.equals("g") || n.equals("h") || options.functions().contains(sym.base())
                || sym.styles().contains("cal"))
            return new Head(new Abstract(named), false, sym);
        return new Head(new Abstract(named), true, sym);
    }

    /** The name with its subscript and superscript index (h_\theta, f^{(i)}), not its power. */
    private Sym withIndices(Sym sym, Scripts s) {
        Sym out = sym;
        if (s.sub != null) out = subscripted(sym, s.sub);
        if (s.sup != null) {
            SupIndex idx = supIndex(s.sup);
            if (idx != null) out = out.withSup(idx);
        }
        return out;
    }

    /** A token's place in the coordinates of the options (the sheet's line and column for a sheet formula). */
    private Parsed.Position position(Token at) {
        return new Parsed.Position(at.getLine() == 1 ? options.line() : options.line() + at.getLine() - 1,
                at.getLine() == 1 ? options.column() + at.getCharPositionInLine() : at.getCharPositionInLine() + 1);
    }

    private Expr call(PostfixContext headPf, Head head, ParenGroupContext paren, PostfixContext argPf) {
        Scripts s = scripts(headPf);
        List<Expr> args = new ArrayList<>();
        for (RelationContext r : paren.relation()) args.add(notRel(relation(r), r));
        Fn fn = head.fn();
        if (fn instanceof Builtin b) checkArity(b.op(), args.size(), headPf);
        if (s.primes > 0) {
            if (args.size() != 1) throw error("a derivative f' takes one argument", headPf);
            fn = new Prime(fn, s.primes);
        }
        Apply applied = new Apply(fn, args);
        if (!(head.fn() instanceof Builtin)) {
            List<Parsed.Position> argsAt = new ArrayList<>();
            for (RelationContext r : paren.relation()) argsAt.add(position(r.getStart()));
            calls.add(new Parsed.Call(applied, position(headPf.getStart()), argsAt));
        }
        Expr result = applied;
        if (s.sup != null && supIndex(s.sup) == null) {
            if (fn instanceof Builtin && s.sup instanceof BracedScriptContext bs && bs.scriptBody() instanceof ListBodyContext lb
                    && isMinusOne(lb))
                throw new FormulaError("an inverse function ^{-1} is not supported", s.supAt);
            result = Expr.pow(result, supExpr(s.sup));
        }
        if (s.evalBar != null) throw error("an evaluation bar belongs after the whole application", s.evalBar);
        return applyScripts(result, scripts(argPf), argPf);
    }

    private static boolean isMinusOne(ListBodyContext lb) {
        return lb.relation().size() == 1 && lb.relation(0).getText().equals("-1");
    }

    private static void checkArity(BuiltinFn b, int n, ParserRuleContext at) {
        if (n < b.minArgs || n > b.maxArgs)
            throw error(b.latex + (b.minArgs == b.maxArgs ? " takes " + b.minArgs + " argument" + (b.minArgs == 1 ? "" : "s")
                    : " needs two or more arguments"), at);
    }

    // ------------------------------------------------------------------ scripts

    private static final class Scripts {
        ScriptArgContext sub;
        ScriptArgContext sup;
        Token supAt;
        int primes;
        EvalBarContext evalBar;
    }

    private Scripts scripts(PostfixContext pf) {
        Scripts s = new Scripts();
        for (ScriptContext sc : pf.script()) {
            if (sc instanceof SubScriptContext sub) {
                if (s.sub != null) throw new FormulaError("double subscript", sub.getStart());
                s.sub = sub.scriptArg();
            } else if (sc instanceof SupScriptContext sup) {
                if (s.sup != null) throw new FormulaError("double superscript", sup.getStart());
                s.sup = sup.scriptArg();
                s.supAt = sup.getStart();
            } else {
                if (s.primes > 0) throw error("primes must be written together, as in f''", sc);
                s.primes = sc.getChildCount();
            }
        }
        s.evalBar = pf.evalBar();
        return s;
    }

    private static boolean isTranspose(ScriptArgContext a) {
        if (a instanceof TopScriptContext) return true;
        if (a instanceof LetterScriptContext l) return l.single.getText().equals("T");
        if (a instanceof BracedScriptContext b) {
            if (b.scriptBody() instanceof TopBodyContext) return true;
            return b.scriptBody() instanceof ListBodyContext lb && lb.relation().size() == 1
                    && lb.relation(0).getText().equals("T");
        }
        return false;
    }

    /** A superscript that names rather than raises: (i), [2], *. Null for a power or a transpose. */
    private SupIndex supIndex(ScriptArgContext a) {
        if (a instanceof StarScriptContext) return new SupIndex(SupKind.STAR, List.of());
        if (!(a instanceof BracedScriptContext b)) return null;
        ScriptBodyContext body = b.scriptBody();
        if (body instanceof StarBodyContext) return new SupIndex(SupKind.STAR, List.of());
        if (body instanceof BracketIndexBodyContext bi) return new SupIndex(SupKind.BRACKET, relations(bi.relation()));
        if (body instanceof ParenIndexBodyContext pi) {
            List<Expr> items = relations(pi.relation());
            // ^{(i)} names a sample; ^{(1-y)} is a power that happens to be parenthesised.
            boolean names = items.stream().allMatch(e -> e instanceof Sym || (e instanceof Num n && n.value().isInteger()));
            return names ? new SupIndex(SupKind.PAREN, items) : null;
        }
        return null;
    }

    private List<Expr> relations(List<RelationContext> rs) {
        List<Expr> out = new ArrayList<>();
        for (RelationContext r : rs) out.add(relation(r));
        return out;
    }

    /** The exponent of a power. */
    private Expr supExpr(ScriptArgContext a) {
        if (a instanceof BracedScriptContext b) {
            ScriptBodyContext body = b.scriptBody();
            if (body instanceof ParenIndexBodyContext pi) {
                if (pi.relation().size() != 1) throw error("a list in a superscript", pi);
                return notRel(relation(pi.relation(0)), pi);
            }
            if (body instanceof ListBodyContext lb) {
                if (lb.relation().size() != 1) throw error("a comma in a superscript", lb);
                return notRel(relation(lb.relation(0)), lb);
            }
            throw error("unexpected superscript", b);
        }
        return scriptAtom(a);
    }

    /** A one-token script: x^2, x^n, x^\alpha, x_{…} handled elsewhere. */
    private Expr scriptAtom(ScriptArgContext a) {
        if (a instanceof NumberScriptContext n) {
            Expr v = number(n.NUMBER().getSymbol());
            return n.MINUS() != null ? Expr.neg(v) : v;
        }
        if (a instanceof LetterScriptContext l) {
            Token t = l.single;
            if (t.getType() == FormulaLexer.EULER) return new Const(ConstKind.E);
            Sym sym = tokenSym(t);
            return eOrSym(sym, null, null, l);
        }
        if (a instanceof IdentScriptContext id) return ident(id.ident());
        if (a instanceof InfinityScriptContext) return new Const(ConstKind.INFINITY);
        throw error("unexpected " + a.getText() + " in a script", a);
    }

    /** The symbol with the subscript's items added, remembering whether they were written without commas. */
    private Sym subscripted(Sym sym, ScriptArgContext a) {
        return sym.withSub(concat(sym.sub(), subItems(a))).withJoined(joinedSubscript(a));
    }

    /** W_{14}, w_{ij}: a braced run of names and digits with no commas (printed back the same way). */
    private static boolean joinedSubscript(ScriptArgContext a) {
        return a instanceof BracedScriptContext b && b.scriptBody() instanceof ListBodyContext lb
                && lb.relation().size() == 1 && juxtaposition(lb.relation(0)) != null;
    }

    /** Subscript items: names, never arithmetic. */
    private List<Expr> subItems(ScriptArgContext a) {
        if (a instanceof TopScriptContext || a instanceof StarScriptContext) throw error("unexpected " + a.getText() + " in a subscript", a);
        if (!(a instanceof BracedScriptContext b)) {
            if (a instanceof LetterScriptContext l) {
                Token t = l.single;
                if (t.getType() == FormulaLexer.EULER) return List.of(new Sym("e", List.of("rm"), List.of(), null));
                return List.of(tokenSym(t));
            }
            return List.of(scriptAtom(a));
        }
        ScriptBodyContext body = b.scriptBody();
        if (!(body instanceof ListBodyContext lb)) throw error("unexpected " + body.getText() + " in a subscript", body);
        if (lb.relation().size() > 1) return relations(lb.relation());
        RelationContext r = lb.relation(0);
        List<PostfixContext> juxt = juxtaposition(r);
        if (juxt == null) return List.of(relation(r));
        // w_{ij}: every letter and digit is its own index; w_{h_1}: a scripted name is one.
        List<Expr> out = new ArrayList<>();
        for (PostfixContext pf : juxt) {
            if (pf.script().isEmpty() && pf.atom() instanceof NumberContext nc && !nc.getText().contains(".")) {
                for (char c : nc.getText().toCharArray()) out.add(Num.of(c - '0'));
            } else if (pf.atom() instanceof IdentifierContext id && pf.script().isEmpty()) {
                out.add(ident(id.ident()));
            } else {
                out.add(postfix(pf));
            }
        }
        return out;
    }

    /** The factors of a relation that is a bare juxtaposition of names and numbers, else null. */
    private static List<PostfixContext> juxtaposition(RelationContext r) {
        if (!r.relTail().isEmpty()) return null;
        ExprContext e = r.expr();
        if (!e.addTail().isEmpty()) return null;
        ProductContext p = e.product();
        if (!(p.unary() instanceof PlainUnaryContext pu)) return null;
        List<PostfixContext> out = new ArrayList<>();
        out.add(pu.postfix());
        for (MulTailContext t : p.mulTail()) {
            if (!(t instanceof ImplicitMulContext im)) return null;
            out.add(im.postfix());
        }
        for (PostfixContext pf : out) {
            if (pf.evalBar() != null) return null;
            if (!(pf.atom() instanceof IdentifierContext || pf.atom() instanceof NumberContext)) return null;
        }
        return out;
    }

    /** Applies the scripts of a postfix to an already built base that is not a symbol. */
    private Expr applyScripts(Expr base, Scripts s, ParserRuleContext at) {
        Expr e = base;
        if (s.primes > 0) throw error("a prime needs a function applied to an argument, as in f'(x)", at);
        if (s.sub != null) {
            if (e instanceof Abs) e = new EvalAt(e, evalItems(s.sub));
            else if (e instanceof Norm n) {
                // \|w\|_2, \|A\|_F: the subscript is the norm's p.
                List<Expr> p = subItems(s.sub);
                if (p.size() != 1) throw error("a norm takes one subscript (2, 1 or F)", s.sub);
                e = new Norm(n.arg(), p.get(0));
            }
            else if (e instanceof Matrix) throw error("a subscript on a matrix (a shape label?) is not supported", s.sub);
            else if (e instanceof Num) throw error("a subscript on a number", s.sub);
            else e = new Index(e, subItems(s.sub));
        }
        if (s.sup != null) {
            if (isTranspose(s.sup)) e = new Transpose(e);
            else if (s.sup instanceof StarScriptContext || (s.sup instanceof BracedScriptContext b
                    && (b.scriptBody() instanceof StarBodyContext || b.scriptBody() instanceof BracketIndexBodyContext)))
                throw error("a superscript index on an expression that is not a name", s.sup);
            else e = Expr.pow(notRel(e, at), supExpr(s.sup));
        }
        if (s.evalBar != null) e = new EvalAt(e, evalItems(s.evalBar.scriptArg()));
        return e;
    }

    private List<Expr> evalItems(ScriptArgContext a) {
        if (a instanceof BracedScriptContext b && b.scriptBody() instanceof ListBodyContext lb) return relations(lb.relation());
        return List.of(scriptAtom(a));
    }

    // ------------------------------------------------------------------ postfix

    Expr postfix(PostfixContext pf) {
        Scripts s = scripts(pf);
        if (pf.call() != null) return applyScripts(visit(pf.call()), s, pf);
        AtomContext a = pf.atom();
        if (a instanceof IdentifierContext id) return symbol(ident(id.ident()), s, pf);
        if (a instanceof NablaIdentContext n) {
            Sym sym = ident(n.ident());
            List<String> st = new ArrayList<>();
            st.add("nabla");
            st.addAll(sym.styles());
            return symbol(sym.withStyles(st), s, pf);
        }
        if (a instanceof EulerContext) {
            if (s.sub != null || s.primes > 0) throw error("\\mathrm{e} with a subscript or prime", pf);
            if (s.sup == null) return applyEval(new Const(ConstKind.E), s);
            if (isTranspose(s.sup) || supIndex(s.sup) != null) throw error("unexpected superscript on e", s.sup);
            return applyEval(Expr.apply(BuiltinFn.EXP, supExpr(s.sup)), s);
        }
        if (a instanceof SpaceContext sp) {
            if (s.sub != null || s.primes > 0) throw error("unexpected script on " + text(sp), pf);
            String field = sp.field.getText();
            List<Expr> dims = new ArrayList<>();
            if (s.sup != null) {
                Expr d = supExpr(s.sup);
                // R^{n \times 1}: the dimensions, split at \times only (R^{2n} is one dimension, 2n long)
                int times = text(s.sup).split("\\\\times(?![a-zA-Z])", -1).length - 1;
                if (times > 1)
                    throw error("a space with " + (times + 1) + " dimensions: chainrule handles scalars, vectors and matrices", s.sup);
                if (times == 0) dims.add(d);
                else if (d instanceof Mul m && m.factors().size() == 2) dims.addAll(m.factors());
                else throw error("write each dimension as one symbol or number, as in \\mathbb{R}^{m \\times n}", s.sup);
            }
            return new Space(field, dims);
        }
        if (a instanceof OperatorNameContext op) throw error(op.getText() + " needs an argument in parentheses", op);
        return applyScripts(visit(a), s, pf);
    }

    private Expr applyEval(Expr e, Scripts s) {
        return s.evalBar == null ? e : new EvalAt(e, evalItems(s.evalBar.scriptArg()));
    }

    /** A name with its scripts: indices join the name; a power, transpose or prime applies to it. */
    private Expr symbol(Sym sym, Scripts s, ParserRuleContext at) {
        if (s.primes > 0) throw error("a prime needs a function applied to an argument, as in f'(x)", at);
        return applyEval(eOrSym(sym, s.sub, s.sup, at), s);
    }

    private Expr eOrSym(Sym sym, ScriptArgContext sub, ScriptArgContext sup, ParserRuleContext at) {
        boolean euler = sym.name().equals("e") && sym.styles().isEmpty() && sym.sub().isEmpty()
                && !options.variables().contains(Sym.of("e"));
        Sym named = sym;
        if (sub != null) named = subscripted(sym, sub);
        if (sup == null) return euler && sub == null ? new Const(ConstKind.E) : kroneckerOr(named);
        if (isTranspose(sup)) return new Transpose(kroneckerOr(named));
        SupIndex idx = supIndex(sup);
        if (idx != null) return named.withSup(idx);
        if (euler && sub == null) return Expr.apply(BuiltinFn.EXP, supExpr(sup));
        return Expr.pow(kroneckerOr(named), supExpr(sup));
    }

    /**
     * \delta with exactly two indices is the Kronecker delta (δ_{ij}, δ_{12}, δ_{k,j}); with one
     * (δ_j, a backprop error term), a style or a superscript index it is an ordinary variable.
     */
    private static Expr kroneckerOr(Sym s) {
        if (s.name().equals("\\delta") && s.styles().isEmpty() && s.sub().size() == 2 && s.sup().kind() == SupKind.NONE)
            return new Kronecker(s.sub().get(0), s.sub().get(1));
        return s;
    }

    private static List<Expr> concat(List<Expr> a, List<Expr> b) {
        List<Expr> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    // ------------------------------------------------------------------ identifiers

    private static final Map<String, String> GREEK_UNICODE = Map.ofEntries(
            Map.entry("α", "\\alpha"), Map.entry("β", "\\beta"), Map.entry("γ", "\\gamma"), Map.entry("δ", "\\delta"),
            Map.entry("ε", "\\epsilon"), Map.entry("ϵ", "\\epsilon"), Map.entry("ζ", "\\zeta"), Map.entry("η", "\\eta"),
            Map.entry("θ", "\\theta"), Map.entry("ι", "\\iota"), Map.entry("κ", "\\kappa"), Map.entry("λ", "\\lambda"),
            Map.entry("μ", "\\mu"), Map.entry("ν", "\\nu"), Map.entry("ξ", "\\xi"), Map.entry("ο", "o"),
            Map.entry("ρ", "\\rho"), Map.entry("ς", "\\sigma"), Map.entry("σ", "\\sigma"), Map.entry("τ", "\\tau"),
            Map.entry("υ", "\\upsilon"), Map.entry("φ", "\\phi"), Map.entry("ϕ", "\\phi"), Map.entry("χ", "\\chi"),
            Map.entry("ψ", "\\psi"), Map.entry("ω", "\\omega"), Map.entry("Γ", "\\Gamma"), Map.entry("Δ", "\\Delta"),
            Map.entry("Θ", "\\Theta"), Map.entry("Λ", "\\Lambda"), Map.entry("Ξ", "\\Xi"), Map.entry("Π", "\\Pi"),
            Map.entry("Σ", "\\Sigma"), Map.entry("Φ", "\\Phi"), Map.entry("Ψ", "\\Psi"), Map.entry("Ω", "\\Omega"),
            Map.entry("ℓ", "\\ell"));

    private static Sym tokenSym(Token t) {
        String x = t.getText();
        return switch (t.getType()) {
            case FormulaLexer.GREEK -> Sym.of(greek(x));
            case FormulaLexer.TEXT -> new Sym(TokenPrepass.textContent(t), List.of("rm"), List.of(), null);
            case FormulaLexer.NUMBER -> throw new FormulaError("unexpected number " + x, t);
            default -> Sym.of(x);
        };
    }

    private static String greek(String x) {
        if (!x.startsWith("\\")) return GREEK_UNICODE.getOrDefault(x, x);
        return x.equals("\\varepsilon") ? "\\epsilon" : x;
    }

    private static String accentStyle(String cmd) {
        return switch (cmd) {
            case "\\hat", "\\widehat" -> "hat";
            case "\\bar", "\\overline" -> "bar";
            case "\\tilde", "\\widetilde" -> "tilde";
            case "\\vec" -> "vec";
            case "\\dot" -> "dot";
            case "\\ddot" -> "ddot";
            default -> "check";
        };
    }

    private static String fontStyle(String cmd) {
        return cmd.equals("\\mathcal") ? "cal" : "bold";
    }

    Sym ident(IdentContext c) {
        if (c instanceof PlainIdentContext p) return tokenSym(p.single);
        if (c instanceof TextIdentContext t) return tokenSym(t.TEXT().getSymbol());
        String style;
        IdentContext inner;
        ScriptArgContext sub = null;
        if (c instanceof AccentBracedContext a) { style = accentStyle(a.ACCENT().getText()); inner = a.ident(); sub = a.scriptArg(); }
        else if (c instanceof AccentBareContext a) { style = accentStyle(a.ACCENT().getText()); inner = a.ident(); }
        else if (c instanceof FontBracedContext f) { style = fontStyle(f.FONT().getText()); inner = f.ident(); sub = f.scriptArg(); }
        else { FontBareContext f = (FontBareContext) c; style = fontStyle(f.FONT().getText()); inner = f.ident(); }
        Sym s = ident(inner);
        List<String> styles = new ArrayList<>();
        styles.add(style);
        styles.addAll(s.styles());
        Sym out = s.withStyles(styles);
        if (sub != null) out = subscripted(out, sub);
        return out;
    }

    // ------------------------------------------------------------------ atoms

    private static Num number(Token t) {
        String x = t.getText();
        return new Num(Rational.parse(x), x.contains("."));
    }

    @Override public Expr visitNumber(NumberContext c) { return number(c.NUMBER().getSymbol()); }
    @Override public Expr visitPi(PiContext c) { return new Const(ConstKind.PI); }
    @Override public Expr visitInfinity(InfinityContext c) { return new Const(ConstKind.INFINITY); }

    @Override
    public Expr visitDots(DotsContext c) {
        String x = c.getText();
        DotsKind k = switch (x) {
            case "\\cdots", "\\dotsb", "⋯" -> DotsKind.CENTER;
            case "\\vdots", "⋮" -> DotsKind.VERTICAL;
            case "\\ddots", "⋱" -> DotsKind.DIAGONAL;
            default -> DotsKind.LOW;
        };
        return new Dots(k);
    }

    @Override
    public Expr visitParenGroup(ParenGroupContext c) {
        if (c.relation().size() > 1)
            throw error("a list (…, …) is not an expression; only a function takes several arguments", c);
        return relation(c.relation(0));
    }

    @Override
    public Expr visitCurlyGroup(CurlyGroupContext c) {
        if (c.relation().size() > 1) throw error("a set \\{…, …\\} is not supported", c);
        return notRel(relation(c.relation(0)), c);
    }

    /** [a, b, c] is a row vector; [a + b] groups. */
    @Override
    public Expr visitBracketGroup(BracketGroupContext c) {
        if (c.relation().size() == 1) return notRel(relation(c.relation(0)), c);
        List<Expr> row = new ArrayList<>();
        for (RelationContext r : c.relation()) row.add(notRel(relation(r), r));
        return new Matrix(List.of(row));
    }

    @Override public Expr visitBraceGroup(BraceGroupContext c) { return notRel(relation(c.relation()), c); }
    @Override public Expr visitAbsGroup(AbsGroupContext c) { return new Abs(expr(c.expr())); }
    @Override public Expr visitStyledGroup(StyledGroupContext c) { return relation(c.relation()); }
    @Override public Expr visitLabelledGroup(LabelledGroupContext c) { return expr(c.expr()); }

    @Override
    public Expr visitNormGroup(NormGroupContext c) {
        return new Norm(expr(c.expr()), Num.of(2));
    }

    @Override
    public Expr visitFracExpr(FracExprContext c) {
        return Expr.div(fracArg(c.fracArg(0)), fracArg(c.fracArg(1)));
    }

    private Expr fracArg(FracArgContext a) {
        if (a instanceof BracedArgContext b) return notRel(expr(b.expr()), b);
        Token t = ((TokenArgContext) a).single;
        if (t.getType() == FormulaLexer.NUMBER) return number(t);
        if (t.getType() == FormulaLexer.EULER) return new Const(ConstKind.E);
        return eOrSym(tokenSym(t), null, null, a);
    }

    @Override
    public Expr visitSqrtExpr(SqrtExprContext c) {
        Expr radicand = fracArg(c.fracArg());
        if (c.index == null) return Expr.pow(radicand, Num.of(Rational.HALF));
        Expr n = expr(c.index);
        if (n instanceof Num num && num.value().isInteger() && num.value().signum() > 0)
            return Expr.pow(radicand, Num.of(Rational.ONE.divide(num.value())));
        return Expr.pow(radicand, Expr.pow(n, -1));
    }

    @Override
    public Expr visitIndicatorParen(IndicatorParenContext c) { return indicator(c.indicatorHead(), c.relation()); }
    @Override
    public Expr visitIndicatorBracket(IndicatorBracketContext c) { return indicator(c.indicatorHead(), c.relation()); }
    @Override
    public Expr visitIndicatorSub(IndicatorSubContext c) { return indicator(c.indicatorHead(), c.relation()); }

    private Expr indicator(IndicatorHeadContext h, RelationContext cond) {
        if (!h.one.getText().equals("1")) throw error(text(h) + " is not a name; only \\mathbf{1}(…) (an indicator) is", h);
        return new Indicator(relation(cond));
    }

    @Override
    public Expr visitDerivFrac(DerivFracContext c) {
        boolean partial = c.diffOp().PARTIAL() != null;
        Expr f = notRel(expr(c.num), c.num);
        return new Deriv(f, wrt(c.differentials(), c.order, c), partial);
    }

    @Override
    public Expr visitSlashDeriv(SlashDerivContext c) {
        return new Deriv(postfix(c.num), wrt(c.differentials(), null, c), true);
    }

    private List<Expr> wrt(DifferentialsContext d, SupNumberContext order, ParserRuleContext at) {
        List<Expr> out = new ArrayList<>();
        for (DifferentialContext x : d.differential()) {
            Expr v;
            if (x.LPAREN() != null) {
                List<Expr> args = relations(x.relation());
                Head head = head(x.wrt);
                Fn fn = head == null ? null : head.fn();
                if (fn == null) throw error("only a function can be applied here: " + text(x.wrt) + "(…)", x.wrt);
                if (head.needsTwoArgs() && args.size() < 2 && !(fn instanceof Builtin))
                    throw error(text(x.wrt) + " is not a function (declare it, or use f, g, h)", x.wrt);
                v = new Apply(fn, args);
            } else {
                v = postfix(x.wrt);
            }
            // \partial w_1^2 is the second derivative with respect to w_1.
            if (v instanceof Pow p && p.exponent() instanceof Num n && n.value().isInteger() && n.value().signum() > 0
                    && n.value().compareTo(Rational.of(20)) <= 0) {
                for (int k = 0; k < n.value().num().intValue(); k++) out.add(p.base());
            } else {
                out.add(v);
            }
        }
        if (order != null) {
            int n = Integer.parseInt(order.NUMBER().getText());
            if (n != out.size())
                throw error("order " + n + " in the numerator but " + out.size() + " in the denominator", at);
        } else if (out.size() > 1) {
            throw error("a mixed derivative needs its order in the numerator, as in \\partial^2", at);
        }
        return out;
    }

    @Override
    public Expr visitCases(CasesContext c) {
        List<Case> cases = new ArrayList<>();
        Optional<Expr> otherwise = Optional.empty();
        List<CaseRowContext> rows = c.caseRow();
        for (int i = 0; i < rows.size(); i++) {
            CaseRowContext row = rows.get(i);
            Expr value = relation(row.value);
            if (row.condition() instanceof OtherwiseConditionContext) {
                if (i != rows.size() - 1) throw error("the otherwise row must be the last", row);
                otherwise = Optional.of(value);
            } else {
                RelationConditionContext rc = (RelationConditionContext) row.condition();
                Expr cond = relation(rc.relation());
                if (!(cond instanceof Rel))
                    throw error("a cases condition must be a comparison such as x > 0", rc.relation());
                cases.add(new Case(value, cond));
            }
        }
        if (cases.isEmpty()) throw error("a cases block needs a row with a condition", c);
        return new Piecewise(cases, otherwise);
    }

    @Override
    public Expr visitMatrix(MatrixContext c) {
        List<List<Expr>> rows = new ArrayList<>();
        for (MatrixRowContext r : c.matrixRow()) {
            List<Expr> row = new ArrayList<>();
            for (RelationContext e : r.relation()) {
                Expr x = relation(e);
                if (x instanceof Rel) throw error("a matrix entry cannot be a relation", e);
                row.add(x);
            }
            if (!rows.isEmpty() && row.size() != rows.get(0).size())
                throw error("ragged matrix: row " + (rows.size() + 1) + " has " + row.size() + " entries, row 1 has "
                        + rows.get(0).size(), r);
            rows.add(row);
        }
        return new Matrix(rows);
    }

    @Override
    public Expr visitAligned(AlignedContext c) {
        List<Expr> st = alignedStatements(c);
        if (st.size() != 1) throw error("an aligned block with several statements must stand alone", c);
        return st.get(0);
    }

    /** Lines that start with a relation continue the chain above; lines that start with + or - continue its last term. */
    List<Expr> alignedStatements(AlignedContext c) {
        List<Expr> out = new ArrayList<>();
        for (AlignLineContext line : c.alignLine()) {
            if (line instanceof FreshLineContext f) {
                AlignedContext inner = loneAligned(f.relation());
                if (inner != null) out.addAll(alignedStatements(inner));
                else out.add(relation(f.relation()));
                continue;
            }
            if (out.isEmpty()) throw error("the first line of an aligned block cannot continue a previous one", line);
            Expr prev = out.remove(out.size() - 1);
            List<Expr> operands = new ArrayList<>();
            List<RelOp> ops = new ArrayList<>();
            if (prev instanceof Rel r) { operands.addAll(r.operands()); ops.addAll(r.ops()); }
            else operands.add(prev);
            if (line instanceof SumLineContext sl) {
                Expr last = operands.remove(operands.size() - 1);
                List<Expr> terms = new ArrayList<>();
                terms.add(last);
                Expr t = notRel(product(sl.product()), sl.product());
                terms.add(sl.op.getType() == FormulaLexer.MINUS ? Expr.neg(t) : t);
                for (AddTailContext at : sl.addTail()) {
                    Expr x = notRel(product(at.product()), at.product());
                    terms.add(at.op.getType() == FormulaLexer.MINUS ? Expr.neg(x) : x);
                }
                operands.add(Expr.add(terms));
                extendChain(operands, ops, sl.relTail());
            } else {
                extendChain(operands, ops, ((ChainLineContext) line).relTail());
            }
            out.add(ops.isEmpty() ? operands.get(0) : new Rel(operands, ops));
        }
        return out;
    }

    // ------------------------------------------------------------------ calls

    /** The function a command token of the grammar (\\exp … \\tanh, \\ln) names. */
    private static BuiltinFn fnOf(String cmd) {
        return BuiltinFn.byCommand(cmd).orElseThrow(() -> new IllegalStateException("the grammar's " + cmd + " is not in the table"));
    }

    @Override
    public Expr visitBuiltinCall(BuiltinCallContext c) {
        String cmd = c.FN().getText();
        // \ln is stored as the natural log but keeps its spelling, so the key says ln where the author did
        return applyFn(primed(new Builtin(fnOf(cmd), cmd.equals("\\ln") ? cmd : null), c.primes), cmd, c.power, c.args, c);
    }

    @Override
    public Expr visitLogCall(LogCallContext c) {
        Fn fn = c.base == null ? new Builtin(BuiltinFn.LOG) : new LogBase(fracArg(c.base));
        return applyFn(primed(fn, c.primes), "\\log", c.power, c.args, c);
    }

    /** \\tanh'(x): a built-in with primes is its derivative of that order. */
    private static Fn primed(Fn fn, List<Token> primes) {
        return primes.isEmpty() ? fn : new Prime(fn, primes.size());
    }

    /** \sin^2 x = (\sin x)^2; the argument is the parenthesised list or the run of factors that follows. */
    private Expr applyFn(Fn fn, String name, SupArgContext power, FnArgsContext args, ParserRuleContext at) {
        if (args == null) throw error(name + " needs an argument", at);
        List<Expr> list = new ArrayList<>();
        if (args instanceof ParenArgsContext pa) {
            for (RelationContext r : pa.relation()) list.add(notRel(relation(r), r));
        } else if (args instanceof BigOpArgsContext big) {
            list.add(visitBigOperation(big.bigOperation()));
        } else {
            list.add(Expr.mul(run(((RunArgsContext) args).factorRun())));
        }
        if (list.size() != 1) throw error(name + " takes one argument", args);
        Expr result = new Apply(fn, list);
        if (power != null) {
            ScriptArgContext p = power.scriptArg();
            if (isTranspose(p) || supIndex(p) != null) throw error("unexpected superscript on " + name, p);
            if (p instanceof BracedScriptContext bs && bs.scriptBody() instanceof ListBodyContext lb && isMinusOne(lb))
                throw error("an inverse function " + name + "^{-1} is not supported", p);
            result = Expr.pow(result, supExpr(p));
        }
        return result;
    }

    private Expr maxMin(Token cmd, List<RelationContext> rs, ParserRuleContext at) {
        List<Expr> args = new ArrayList<>();
        for (RelationContext r : rs) args.add(notRel(relation(r), r));
        if (args.size() < 2) throw error(cmd.getText() + " needs two or more arguments", at);
        return Expr.apply(cmd.getText().equals("\\max") ? BuiltinFn.MAX : BuiltinFn.MIN, args.toArray(Expr[]::new));
    }

    @Override public Expr visitMaxMinParen(MaxMinParenContext c) { return maxMin(c.MAXMIN().getSymbol(), c.relation(), c); }
    @Override public Expr visitMaxMinCurly(MaxMinCurlyContext c) { return maxMin(c.MAXMIN().getSymbol(), c.relation(), c); }

    @Override
    public Expr visitBigOperator(BigOperatorContext c) {
        return visitBigOperation(c.bigOperation());
    }

    @Override
    public Expr visitBigOperation(BigOperationContext c) {
        String name = c.bigOp.getText();
        Sym index = null;
        Expr from = null;
        Expr to = null;
        boolean lower = false;
        for (BoundsContext b : c.bounds()) {
            if (b instanceof UpperBoundContext u) {
                if (to != null) throw error("double superscript", b);
                ScriptArgContext a = u.scriptArg();
                to = a instanceof BracedScriptContext ? supExpr(a) : scriptAtom(a);
                continue;
            }
            if (lower) throw error("double subscript", b);
            lower = true;
            if (b instanceof LowerBoundEqContext le) {
                index = ident(le.ident());
                from = notRel(expr(le.from), le.from);
            } else {
                List<Expr> items = subItems(((LowerIndexContext) b).scriptArg());
                if (items.size() != 1 || !(items.get(0) instanceof Sym s))
                    throw error(name + " needs an index such as _{i=1} or _k", b);
                index = s;
            }
        }
        if (index == null) throw error(name + " needs an index such as \\sum_{i=1}^{n}", c);
        if (c.body == null) throw error(name + " needs a body", c);
        Expr body = notRel(product(c.body), c.body);
        BigOpKind kind = c.bigOp.getType() == FormulaLexer.SUM ? BigOpKind.SUM : BigOpKind.PROD;
        return new BigOp(kind, index, Optional.ofNullable(from), Optional.ofNullable(to), body);
    }

    @Override
    public Expr visitLimit(LimitContext c) {
        Sym var = ident(c.var);
        Expr to = notRel(expr(c.to), c.to);
        int side = 0;
        if (c.limSide() != null) side = c.limSide().sign.getType() == FormulaLexer.PLUS ? 1 : -1;
        if (c.body == null) throw error("\\lim needs a body", c);
        return new Limit(notRel(product(c.body), c.body), var, to, side);
    }

    @Override
    public Expr visitDerivOperator(DerivOperatorContext c) {
        boolean partial = c.diffOp().PARTIAL() != null;
        List<Expr> wrt = wrt(c.differentials(), c.order, c);
        if (c.body == null) {
            String op = text(c);
            throw error(op + " needs something to differentiate", c);
        }
        List<PostfixContext> pfs = new ArrayList<>();
        pfs.add(c.body.postfix());
        for (RunItemContext it : c.body.runItem()) pfs.add(asPostfix(it));
        return new Deriv(Expr.mul(resolveRun(pfs)), wrt, partial);
    }
}
