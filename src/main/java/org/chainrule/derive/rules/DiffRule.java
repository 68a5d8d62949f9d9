package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;

/**
 * One differentiation rule: a partial function from (f, x) to a step, and the descriptors of the
 * rules its steps name. Rules are small and independent; the {@link Differentiator} tries them in order.
 */
public interface DiffRule {

    /** The rules this one's steps are named by (power-rule and its special cases sqrt-rule …). */
    List<RuleDescriptor> descriptors();

    /** The step, or null when the rule does not apply to f. */
    Step apply(Expr f, Sym x, Differentiator d);
}
