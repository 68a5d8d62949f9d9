package org.chainrule.derive;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.matrix.MatrixEngine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.IndexForm;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.Mat;
import org.chainrule.numeric.MatrixEvaluator;
import org.chainrule.numeric.MatrixSampler;

/**
 * The derivation by components that seed 003 writes for ∂L/∂W: the loss as sums over components, the
 * scalar engine's ∂L/∂w_{ij}, and the check that it is entry (i, j) of the matrix answer at every entry
 * — two independent derivations that must agree.
 *
 * @param indexForm   the function by components (Σ_k (Σ_l w_{kl} x_l + b_k − y_k)²)
 * @param component   the component of the variable (w_{ij})
 * @param derivation  the scalar derivation of the index form by that component
 * @param entries     how many (point, entry) pairs were compared
 * @param reassembled true when every compared entry agreed
 */
public record ComponentView(Expr indexForm, Sym component, Derivation derivation, int entries, boolean reassembled) {

    static final Sym I = Sym.of("i"), J = Sym.of("j");

    public static ComponentView of(MatrixEngine.Result r, Expr flatFunction, Sym x, Map<Sym, Shape> declared,
                                   List<Expr> conditions, long seed, BiFunction<Expr, Sym, Derivation> scalar) {
        Expr index;
        try {
            index = IndexForm.scalar(flatFunction, declared);
        } catch (Shapes.ShapeException | IllegalArgumentException e) {
            throw new DeriveException("no component view: " + e.getMessage());
        }
        Shape sx = declared.get(x);
        boolean matrix = !Exprs.isNum(sx.cols(), 1) && !Exprs.isNum(sx.rows(), 1);
        Sym comp = IndexForm.componentSymbol(x, sx, matrix ? List.of(I, J) : List.of(I));
        Derivation d = scalar.apply(index, comp);

        // Entry (i, j) of the matrix answer against the component formula, at random points.
        MatrixSampler sampler = new MatrixSampler(declared, List.of(flatFunction, r.answerFlat()), conditions, seed + 7);
        int compared = 0;
        boolean ok = true;
        for (int k = 0; k < 3 && ok; k++) {
            Map<Sym, Mat> point = sampler.point(k);
            if (point == null) continue;
            Mat want;
            try {
                want = MatrixEvaluator.eval(r.answerFlat(), point);
            } catch (EvalException e) {
                continue;
            }
            Map<Sym, double[][]> nested = new HashMap<>();
            Map<Sym, Double> scalars = new HashMap<>();
            for (Map.Entry<Sym, Mat> en : point.entrySet()) {
                if (declared.containsKey(en.getKey()) && !declared.get(en.getKey()).isScalar()) nested.put(en.getKey(), en.getValue().toNested());
                else if (en.getValue().isScalar()) scalars.put(en.getKey(), en.getValue().value());
            }
            Map<Sym, Double> env = new HashMap<>(IndexForm.bindComponents(nested, declared));
            env.putAll(scalars);
            for (Map.Entry<Sym, Integer> size : sampler.sizes().entrySet()) env.put(size.getKey(), (double) size.getValue());
            for (int row = 0; row < want.rows() && ok; row++)
                for (int col = 0; col < want.cols() && ok; col++) {
                    Map<Sym, Double> at = new HashMap<>(env);
                    at.put(I, (double) (matrix ? row + 1 : row + col + 1));
                    if (matrix) at.put(J, (double) (col + 1));
                    double got;
                    try {
                        got = Evaluator.eval(d.answerFlat(), Env.of(at));
                    } catch (EvalException e) {
                        ok = false;
                        break;
                    }
                    double w = want.get(row, col);
                    ok = Math.abs(got - w) <= 1e-8 * (1 + Math.abs(got) + Math.abs(w));
                    compared++;
                }
        }
        return new ComponentView(index, comp, d, compared, ok && compared > 0);
    }
}
