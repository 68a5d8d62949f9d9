package org.chainrule.numeric;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense real matrix, the value type of {@link MatrixEvaluator}. Scalars are 1×1 and vectors are
 * columns (n×1), as in the declarations. Immutable: the array is copied in and out, because points are
 * shared between many perturbed evaluations during finite differences.
 *
 * <p>Shape mismatches here are programming errors ({@link IllegalArgumentException}); the evaluator
 * checks shapes first and reports them in words, naming the operands.
 *
 * @param data the entries row by row (entry (i, j) at {@code i * cols + j})
 */
public record Mat(int rows, int cols, double[] data) {

    public Mat {
        if (rows < 1 || cols < 1) throw new IllegalArgumentException("a matrix needs at least one row and column: " + rows + "×" + cols);
        if (data == null || data.length != rows * cols)
            throw new IllegalArgumentException("a " + rows + "×" + cols + " matrix needs " + rows * cols + " entries, not "
                    + (data == null ? "null" : data.length));
        data = data.clone();
    }

    public static Mat scalar(double v) {
        return new Mat(1, 1, new double[] {v});
    }

    public static Mat zeros(int rows, int cols) {
        return new Mat(rows, cols, new double[rows * cols]);
    }

    /** A column vector. */
    public static Mat column(double... v) {
        return new Mat(v.length, 1, v);
    }

    /** From rows of equal length, the inverse of {@link #toNested()}. */
    public static Mat fromNested(double[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("empty matrix");
        int c = rows[0].length;
        double[] d = new double[rows.length * c];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != c) throw new IllegalArgumentException("ragged matrix");
            System.arraycopy(rows[i], 0, d, i * c, c);
        }
        return new Mat(rows.length, c, d);
    }

    /** A copy of the entries, row-major. */
    @Override
    public double[] data() {
        return data.clone();
    }

    /** Entry (i, j), 0-based. */
    public double get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols)
            throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") of a " + shape() + " matrix");
        return data[i * cols + j];
    }

    /** The same matrix with entry (i, j) replaced, for perturbing one entry in finite differences. */
    public Mat with(int i, int j, double v) {
        get(i, j); // bounds check
        double[] d = data.clone();
        d[i * cols + j] = v;
        return new Mat(rows, cols, d);
    }

    public boolean isScalar() {
        return rows == 1 && cols == 1;
    }

    /** The value of a 1×1 matrix. */
    public double value() {
        if (!isScalar()) throw new IllegalArgumentException("a " + shape() + " matrix is not a scalar");
        return data[0];
    }

    public boolean sameShape(Mat o) {
        return rows == o.rows && cols == o.cols;
    }

    /** "2×3", for messages. */
    public String shape() {
        return rows + "×" + cols;
    }

    public Mat transpose() {
        double[] d = new double[data.length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) d[j * rows + i] = data[i * cols + j];
        return new Mat(cols, rows, d);
    }

    public Mat plus(Mat o) {
        requireSameShape(o, "add");
        double[] d = new double[data.length];
        for (int k = 0; k < d.length; k++) d[k] = data[k] + o.data[k];
        return new Mat(rows, cols, d);
    }

    /** The matrix product; a 1×1 operand scales the other, as scalars commute. */
    public Mat times(Mat o) {
        if (isScalar()) return o.scale(data[0]);
        if (o.isScalar()) return scale(o.data[0]);
        if (cols != o.rows) throw new IllegalArgumentException("cannot multiply a " + shape() + " matrix by a " + o.shape() + " matrix");
        double[] d = new double[rows * o.cols];
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < cols; k++) {
                double a = data[i * cols + k];
                for (int j = 0; j < o.cols; j++) d[i * o.cols + j] += a * o.data[k * o.cols + j];
            }
        return new Mat(rows, o.cols, d);
    }

    public Mat hadamard(Mat o) {
        requireSameShape(o, "multiply elementwise");
        double[] d = new double[data.length];
        for (int k = 0; k < d.length; k++) d[k] = data[k] * o.data[k];
        return new Mat(rows, cols, d);
    }

    public Mat scale(double s) {
        return map(x -> s * x);
    }

    public Mat map(DoubleUnaryOperator f) {
        double[] d = new double[data.length];
        for (int k = 0; k < d.length; k++) d[k] = f.applyAsDouble(data[k]);
        return new Mat(rows, cols, d);
    }

    /** The largest absolute entry (NaN if any entry is NaN, so a broken value is never "small"). */
    public double maxAbs() {
        double m = 0;
        for (double x : data) {
            if (Double.isNaN(x)) return Double.NaN;
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /**
     * The inverse of a square matrix by Gauss–Jordan elimination with partial pivoting; an
     * {@link ArithmeticException} when a pivot vanishes (singular to working precision).
     */
    public Mat inverse() {
        if (rows != cols) throw new IllegalArgumentException("cannot invert a " + shape() + " matrix");
        int n = rows;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) a[i][j] = get(i, j);
            a[i][n + i] = 1;
        }
        eliminate(a, true);
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d[i * n + j] = a[i][n + j];
        return new Mat(n, n, d);
    }

    /** The determinant of a square matrix (product of the pivots, with the row swaps' signs). */
    public double determinant() {
        if (rows != cols) throw new IllegalArgumentException("a " + shape() + " matrix has no determinant");
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) a[i][j] = get(i, j);
        try {
            return eliminate(a, false);
        } catch (ArithmeticException singular) {
            return 0;
        }
    }

    /** Row reduction of the left n × n block; returns the determinant of that block. */
    private static double eliminate(double[][] a, boolean full) {
        int n = a.length;
        double det = 1, scale = 0;
        for (double[] row : a) for (int j = 0; j < n; j++) scale = Math.max(scale, Math.abs(row[j]));
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
            if (Math.abs(a[p][k]) <= 1e-12 * Math.max(scale, Double.MIN_NORMAL)) throw new ArithmeticException("singular matrix");
            if (p != k) {
                double[] t = a[p];
                a[p] = a[k];
                a[k] = t;
                det = -det;
            }
            double pivot = a[k][k];
            det *= pivot;
            for (int i = full ? 0 : k + 1; i < n; i++) {
                if (i == k) continue;
                double f = a[i][k] / pivot;
                if (f != 0) for (int j = k; j < a[i].length; j++) a[i][j] -= f * a[k][j];
            }
            if (full) for (int j = k; j < a[k].length; j++) a[k][j] /= pivot;
        }
        return det;
    }

    /** Rows of entries, for JSON reports. */
    public double[][] toNested() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) out[i] = Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
        return out;
    }

    private void requireSameShape(Mat o, String what) {
        if (!sameShape(o)) throw new IllegalArgumentException("cannot " + what + " a " + shape() + " and a " + o.shape() + " matrix");
    }

    // A record compares arrays by identity; values are what matter here.
    @Override
    public boolean equals(Object o) {
        return o instanceof Mat m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    /** {@code 2.5} for a scalar, {@code 2×2 [[1.0, 2.0], [3.0, 4.0]]} otherwise. */
    @Override
    public String toString() {
        if (isScalar()) return Double.toString(data[0]);
        StringBuilder s = new StringBuilder(shape()).append(" [");
        for (int i = 0; i < rows; i++) {
            if (i > 0) s.append(", ");
            s.append('[');
            for (int j = 0; j < cols; j++) {
                if (j > 0) s.append(", ");
                s.append(data[i * cols + j]);
            }
            s.append(']');
        }
        return s.append(']').toString();
    }
}
