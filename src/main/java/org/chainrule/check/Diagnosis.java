package org.chainrule.check;

import org.chainrule.expr.Expr;
import org.chainrule.expr.Rational;

/**
 * Why a wrong claim is wrong, when a small change to it makes it right. The engine finds these by
 * trying each change at sample points; the words live in the renderer.
 */
public sealed interface Diagnosis {

    /** A short kebab-case name, as JSON writes it. */
    String kind();

    /** The claim is the negative of the right value. */
    record SignFlipped() implements Diagnosis {
        public String kind() { return "sign-flipped"; }
    }

    /** The claim is {@code factor} times the right value (a factor 2 dropped gives 1/2). */
    record ConstantFactor(Rational factor) implements Diagnosis {
        public String kind() { return "constant-factor"; }
    }

    /** A number written in the claim is wrong: {@code written} should be {@code right}. */
    record WrongCoefficient(Expr written, Expr right) implements Diagnosis {
        public String kind() { return "wrong-coefficient"; }
    }

    /** Flipping the sign of this term of the claim makes it right. */
    record TermSign(Expr term) implements Diagnosis {
        public String kind() { return "term-sign"; }
    }

    /** The claim lacks this term: claim + term is right. */
    record MissingTerm(Expr term) implements Diagnosis {
        public String kind() { return "missing-term"; }
    }

    /** The claim has a term too many: claim − term is right. */
    record ExtraTerm(Expr term) implements Diagnosis {
        public String kind() { return "extra-term"; }
    }

    /** A condition (of an indicator or a case) is inverted: {@code written} should read {@code right}. */
    record ConditionInverted(Expr written, Expr right) implements Diagnosis {
        public String kind() { return "condition-inverted"; }
    }

    /** Transposing {@code operand} (adding or removing a transpose) makes the claim right. */
    record MissingTranspose(Expr operand) implements Diagnosis {
        public String kind() { return "missing-transpose"; }
    }

    /** The claim is right after renaming {@code from} to {@code to} (indices or symbols swapped). */
    record Renaming(Expr from, Expr to) implements Diagnosis {
        public String kind() { return "renaming"; }
    }

    /**
     * A numeric claim off only by rounding: it matches the value computed with every intermediate rounded
     * to {@code decimals} decimal places (or, with {@code decimals} negative, it is the exact value rounded
     * a digit wrong).
     */
    record RoundingDrift(int decimals) implements Diagnosis {
        public String kind() { return "rounding-drift"; }
    }

    /** An iterate that follows by a right step from the claimed (wrong) previous one: the error carried forward. */
    record CarriedForward(Expr previous, double previousClaimed) implements Diagnosis {
        public String kind() { return "carried-forward"; }
    }
}
