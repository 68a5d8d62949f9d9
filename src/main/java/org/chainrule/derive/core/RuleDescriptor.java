package org.chainrule.derive.core;

import java.util.List;

/**
 * One differentiation rule as data: everything said about a rule outside the code that applies it.
 * Each rule has exactly one, declared beside the code that produces its steps; the catalogue of all
 * of them ({@code org.chainrule.derive.RuleCatalog}) feeds the renderers' words, the conventions of a
 * derivation and the docs index, which a test keeps in step with docs/rules.
 *
 * @param name        kebab-case, as in steps, JSON, golden files and the docs page's file name
 * @param words       the one-line justification a TA writes beside a step ("product rule")
 * @param identity    the identity the rule applies, in LaTeX as chainrule reads it (u, v sub-expressions);
 *                    its docs page states it verbatim
 * @param conventions the conventions at kinks that a step by this rule relies on
 */
public record RuleDescriptor(String name, String words, String identity, List<Convention> conventions) {
    public RuleDescriptor {
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) throw new IllegalArgumentException("not a kebab-case rule name: " + name);
        conventions = List.copyOf(conventions);
    }

    public RuleDescriptor(String name, String words, String identity) {
        this(name, words, identity, List.of());
    }

    /** The rule's page, relative to the repository root. */
    public String docPage() {
        return "docs/rules/" + name + ".md";
    }
}
