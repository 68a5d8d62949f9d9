package org.chainrule.render;

import org.chainrule.derive.core.Convention;

/**
 * The words for conventions at kinks, by key. A rule's words are its descriptor's
 * ({@link org.chainrule.derive.core.RuleDescriptor#words()}); a convention's are {@link Convention#text()}.
 */
public final class Words {
    private Words() {}

    /** What the derivation does at non-differentiable points, per convention key (key text: no tool names). */
    public static String convention(String key) {
        return Convention.byKey(key).map(Convention::text).orElse(key);
    }
}
