package org.chainrule.numeric;

import java.util.Random;
import org.chainrule.expr.Expr.Sym;

/**
 * Concrete stand-ins for abstract functions (g, h_θ …) during numeric checks. A derivation that keeps
 * ∂g/∂w symbolic is checked by giving g a smooth, randomly chosen shape and comparing against finite
 * differences; a wrong identity fails for almost every such shape.
 */
public interface AbstractFunctions {

    double apply(Sym name, double[] args);

    /**
     * A smooth family: g(a) = Σ_m c_m sin(b_m a_m + d_m) + e·a_0·a_last + k, with coefficients drawn
     * from the name and the seed, so the same name is the same function throughout one check.
     */
    static AbstractFunctions random(long seed) {
        return (name, args) -> {
            // A stable hash of the name (a record's hashCode includes enum hashes, which vary by run).
            Random r = new Random(seed * 31 + name.toString().hashCode());
            double sum = r.nextDouble() - 0.5;
            for (double a : args) {
                double c = 0.5 + r.nextDouble();
                double b = 0.3 + r.nextDouble();
                double d = r.nextDouble() * 2;
                sum += c * Math.sin(b * a + d);
            }
            double e = r.nextDouble() - 0.5;
            sum += e * args[0] * args[args.length - 1];
            return sum;
        };
    }
}
