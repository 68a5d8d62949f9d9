package org.chainrule.render;

import java.util.List;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Step;
import org.chainrule.expr.Expr;

/**
 * A derivation as a LaTeX fragment (amsmath): the chain, each local derivative with its rule, the
 * combination and the boxed answer. Only LaTeX printed from chainrule's own trees appears here.
 */
public final class DerivationLatex {
    private DerivationLatex() {}

    public static String fragment(Derivation d) {
        StringBuilder s = new StringBuilder();
        String lhs = DerivationText.tex(DerivationText.lhs(d));
        s.append("\\[\n\\begin{aligned}\n");
        if (!d.paths().isEmpty()) {
            s.append(lhs).append(" &= ").append(DerivationText.tex(d.chainForm().orElseThrow())).append(" && \\text{chain rule}\\\\\n");
            for (Derivation.Local l : d.locals()) {
                s.append(DerivationText.tex(DerivationText.derivative(l.node(), l.wrt()))).append(" &= ")
                        .append(DerivationText.tex(l.step().result())).append(" && \\text{").append(escape(Words.rule(top(l.step())))).append("}\\\\\n");
            }
            s.append(lhs).append(" &= ").append(DerivationText.tex(d.combined())).append("\\\\\n");
        } else if (d.direct().isPresent()) {
            Step st = d.direct().get();
            s.append(lhs).append(" &= ").append(DerivationText.tex(st.result())).append(" && \\text{")
                    .append(escape(Words.rule(top(st)))).append("}\\\\\n");
        }
        s.append("&= \\boxed{").append(DerivationText.tex(d.answer())).append("}\n");
        s.append("\\end{aligned}\n\\]\n");
        return s.toString();
    }

    private static String top(Step s) {
        return s instanceof Step.Simplified sm ? sm.of().rule() : s.rule();
    }

    private static String chain(Derivation d) {
        StringBuilder s = new StringBuilder();
        for (List<Expr> path : d.paths()) {
            if (s.length() > 0) s.append(" + ");
            for (int k = 0; k + 1 < path.size(); k++)
                s.append(DerivationText.tex(DerivationText.derivative(path.get(k), path.get(k + 1)))).append(' ');
        }
        return s.toString().trim();
    }

    /** Words inside \text{}: only letters, digits, spaces and a few safe marks pass. */
    static String escape(String words) {
        StringBuilder b = new StringBuilder();
        for (char c : words.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || " ,.;:()/'-=+".indexOf(c) >= 0) b.append(c);
        }
        return b.toString();
    }
}
