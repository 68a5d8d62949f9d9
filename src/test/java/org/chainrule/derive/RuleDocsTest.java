package org.chainrule.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.matrix.MatrixEngine;
import org.chainrule.derive.rules.Rules;
import org.chainrule.testing.Golden;
import org.junit.jupiter.api.Test;

/**
 * docs/rules against the rule descriptors: the index is generated from them (rewritten with
 * {@code -Dgolden.update=true}), every descriptor has its page, the page states the descriptor's
 * identity, and every page belongs to a descriptor.
 */
class RuleDocsTest {

    static final Path DIR = Path.of("docs/rules");
    static final Path INDEX = DIR.resolve("README.md");

    @Test
    void theIndexIsGeneratedFromTheDescriptors() throws IOException {
        String want = index();
        if (Golden.UPDATE) {
            Files.writeString(INDEX, want, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(want, Files.readString(INDEX, StandardCharsets.UTF_8),
                INDEX + " is stale: regenerate it with -Dgolden.update=true and review the diff");
    }

    @Test
    void everyDescriptorHasAPageThatStatesItsIdentity() throws IOException {
        List<String> problems = new ArrayList<>();
        for (RuleDescriptor d : RuleCatalog.ALL) {
            assertFalse(d.words().isBlank(), d.name() + " has no words");
            assertFalse(d.identity().isBlank(), d.name() + " has no identity");
            Path page = Path.of(d.docPage());
            if (!Files.exists(page)) {
                problems.add("no page " + page);
                continue;
            }
            String text = Files.readString(page, StandardCharsets.UTF_8);
            if (!text.startsWith("# " + d.name() + "\n")) problems.add(page + " does not start with '# " + d.name() + "'");
            if (!normal(text).contains(normal(d.identity())))
                problems.add(page + " does not state the identity " + d.identity());
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyPageHasADescriptor() throws IOException {
        Set<String> names = new TreeSet<>();
        for (RuleDescriptor d : RuleCatalog.ALL) names.add(d.name() + ".md");
        List<String> orphans = new ArrayList<>();
        try (Stream<Path> pages = Files.list(DIR)) {
            pages.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("README.md") && !names.contains(n))
                    .sorted().forEach(orphans::add);
        }
        assertTrue(orphans.isEmpty(), "pages without a rule descriptor: " + orphans);
    }

    @Test
    void everyRuleNameIsOneDescriptor() {
        Set<String> seen = new TreeSet<>();
        for (RuleDescriptor d : RuleCatalog.ALL) assertTrue(seen.add(d.name()), "two descriptors named " + d.name());
        for (RuleDescriptor d : Rules.DESCRIPTORS) assertTrue(RuleCatalog.ALL.contains(d), d.name());
        for (RuleDescriptor d : MatrixEngine.rules()) assertTrue(RuleCatalog.ALL.contains(d), d.name());
    }

    /** LaTeX up to spacing: whitespace, \, \; \quad, and \left( \bigl( sizes do not change what is stated. */
    static String normal(String tex) {
        return tex.replaceAll("\\\\(?:[,;!]|(?:quad|qquad|left|right|bigl|bigr|Bigl|Bigr)(?![a-zA-Z]))", "")
                .replace("\\dfrac", "\\frac").replaceAll("\\s+", "");
    }

    static String index() {
        StringBuilder s = new StringBuilder();
        s.append("""
                # Differentiation rules

                <!-- Generated from the rule descriptors by RuleDocsTest; regenerate with -Dgolden.update=true. -->

                Each step of a chainrule derivation names the rule that produced it. This index links each rule
                name to its page. A page gives the identity, the expression shapes the rule applies to, a worked
                example, and the caveats: domains, index reasoning, and what chainrule outputs at points where the
                function is not differentiable. The conventions for those points are collected in
                [../kinks.md](../kinks.md).

                In the identities, $u$ and $v$ stand for sub-expressions and $x$ for the variable given with `--wrt`.
                `\\log` is the natural logarithm. The last column is what a derivation writes beside a step.

                ## Scalar rules

                Rules are tried in the order of this table and the first that applies produces the step;
                constant-rule is checked before all the others, and chain-rule and simplify, last, join or rewrite
                the steps of the others. A shape that no rule handles (a `\\prod` without bounds, a matrix
                product, a norm) is an error that names the shape; chainrule never guesses.

                """);
        table(s, Rules.DESCRIPTORS);
        s.append("""

                ## Matrix calculus

                With declared vectors and matrices, chainrule differentiates in denominator layout
                ([../matrix-calculus.md](../matrix-calculus.md)). These rules are its own; the sum, constant-multiple,
                product and softmax rules, and the scalar rules for a scalar by a scalar, are the ones above.

                """);
        table(s, MatrixEngine.rules());
        return s.toString();
    }

    private static void table(StringBuilder s, List<RuleDescriptor> rules) {
        s.append("| rule | identity | beside a step |\n|---|---|---|\n");
        for (RuleDescriptor d : rules) {
            // a bar ends a table cell: norms and absolute values are written with \Vert and \vert
            String identity = d.identity().replace("\\|", "\\Vert ").replace("|", "\\vert ");
            s.append("| [").append(d.name()).append("](").append(d.name()).append(".md) | $").append(identity)
                    .append("$ | ").append(d.words().replace("|", "\\|")).append(" |\n");
        }
    }
}
