package org.chainrule.expr;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.expr.Expr.Sym;


/**
 * How a vector symbol relates to its components, as ML notation writes them: the components of
 * {@code \mathbf{x}} are {@code x_i}; of {@code \vec{a}}, {@code a_i}; of a capital W (a weight vector
 * W = [w_0, …, w_{n−1}]), {@code w_i}. The entries of a matrix W (or {@code \mathbf{W}}) are {@code w_{ij}}.
 */
public final class Components {
    private Components() {}

    public static boolean isVectorSymbol(Sym v) {
        if (!v.sub().isEmpty()) return false;
        if (v.styles().contains("bold") || v.styles().contains("vec")) return true;
        return v.styles().isEmpty() && v.name().length() == 1 && Character.isUpperCase(v.name().charAt(0));
    }

    /** True when x is a component v_i of the vector symbol v. */
    public static boolean isComponentOf(Sym x, Sym v) {
        if (!isVectorSymbol(v) || x.sub().size() != 1) return false;
        return x.equals(component(v, x.sub()));
    }

    /** The component of v at the given indices: {@code \mathbf{x}}, [i] → {@code x_i}; W, [i] → {@code w_i}. */
    public static Sym component(Sym v, List<Expr> index) {
        List<String> styles = new ArrayList<>(v.styles());
        styles.remove("bold");
        styles.remove("vec");
        String name = v.name();
        if (!v.styles().contains("bold") && !v.styles().contains("vec") && name.length() == 1)
            name = name.toLowerCase();
        return new Sym(name, styles, index, v.sup());
    }

    /**
     * The entry of the matrix v at (row, col): W → {@code w_{ij}}. Unlike a vector, a bold capital is
     * lowercased too ({@code \mathbf{W}} → {@code w_{ij}}), since bold capitals are how many texts write matrices.
     */
    public static Sym matrixComponent(Sym v, Expr row, Expr col) {
        Sym c = component(v, List.of(row, col));
        String name = c.name();
        if (name.length() == 1 && Character.isUpperCase(name.charAt(0)) && name.charAt(0) < 128)
            c = new Sym(name.toLowerCase(), c.styles(), c.sub(), c.sup());
        return c;
    }
}
