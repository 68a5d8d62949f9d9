package org.chainrule.derive;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.matrix.MatrixEngine;
import org.chainrule.derive.rules.Rules;

/**
 * Every rule chainrule names, once: the scalar rules (with the function table's) in the order they
 * are tried, then the rules only matrix calculus has. docs/rules/README.md is generated from this
 * list, and each entry has its page there.
 */
public final class RuleCatalog {
    private RuleCatalog() {}

    public static final List<RuleDescriptor> ALL = all();

    private static List<RuleDescriptor> all() {
        Map<String, RuleDescriptor> byName = new LinkedHashMap<>();
        for (List<RuleDescriptor> part : List.of(Rules.DESCRIPTORS, MatrixEngine.rules()))
            for (RuleDescriptor d : part) {
                RuleDescriptor before = byName.putIfAbsent(d.name(), d);
                // a rule used in two places (the matrix sum rule) shares the one descriptor
                if (before != null && before != d) throw new IllegalStateException("two descriptors named " + d.name());
            }
        return List.copyOf(byName.values());
    }

    public static Optional<RuleDescriptor> byName(String name) {
        return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
