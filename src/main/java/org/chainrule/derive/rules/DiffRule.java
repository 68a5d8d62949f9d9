package org.chainrule.derive.rules;

import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Expr;

/**
 * One differentiation rule: a kebab-case name, its identity in the notation chainrule reads, and
 * a partial function from (f, x) to a step. Rules are small and independent; the
 * {@link Differentiator} tries the rules for f's node type in order.
 */
public interface DiffRule {

    /** Kebab-case name used in steps, JSON, docs/rules/&lt;name&gt;.md and golden files. */
    String name();

    /** The identity the rule applies, as a formula in chainrule's notation (u, v are sub-expressions). */
    String identity();

    /** The step, or null when the rule does not apply to f. */
    Step apply(Expr f, Sym x, Differentiator d);
}
