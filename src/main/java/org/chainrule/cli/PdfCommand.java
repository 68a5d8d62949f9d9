package org.chainrule.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chainrule.cli.args.Args;
import org.chainrule.cli.args.Command;
import org.chainrule.cli.args.Io;
import org.chainrule.cli.args.Option;
import org.chainrule.cli.args.UsageException;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Rel;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.parse.Diagnostic;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.Parsed;
import org.chainrule.render.Doc;
import org.chainrule.render.pdf.FormulaPdf;
import org.chainrule.render.pdf.MathImages;
import org.chainrule.render.tex.UnsafeLatexException;

/**
 * {@code chainrule pdf}: typeset a formula without TeX. The formula is parsed and printed back as
 * canonical LaTeX, and only that LaTeX reaches the renderer: the user's text never does.
 */
public final class PdfCommand {

    static final Command COMMAND = Command.named("pdf",
                    "Typeset a formula as a PDF (or a PNG or SVG picture) without TeX: chainrule parses it, "
                            + "prints it in canonical LaTeX, and draws that with its embedded renderer. The page or "
                            + "picture is cropped to the formula with a small margin.",
                    "Relations (a = b = c) are aligned at the relation sign, one row per step, in every format. "
                            + "The output is written atomically: a failed run leaves no file behind.")
            .positional(InputOptions.FORMULA)
            .options(Option.value("--output", "<file>",
                            "Write here, atomically; '-' for standard output. Default: formula.pdf "
                                    + "(formula.png, formula.svg) in the current directory. The directory must exist; "
                                    + "a symbolic link stays and the file it points to is replaced.").shortName("-o"),
                    Option.value("--format", "<format>",
                            "pdf (default; one page cropped to the formula plus a 4pt margin, vector math at "
                                    + "11.5pt, the LaTeX source as searchable text), png (white background, 2x scale) or svg "
                                    + "(glyphs as paths); the pictures are cropped to the formula too.").defaultValue("pdf"),
                    Option.value("--title", "<text>", "A title above the formula (PDF only; plain text)."),
                    InputOptions.FILE)
            .footer("", "Examples:",
                    "  chainrule pdf '\\sigma(x) = \\frac{1}{1 + e^{-x}}' -o sigmoid.pdf",
                    "  chainrule pdf --title 'Smooth-L1' '\\frac{\\partial \\mathcal{L}}{\\partial \\hat{y}} = \\frac{\\hat{y} - y}{\\beta}' -o key.pdf",
                    "  chainrule pdf --format png 'x^2 + \\tanh(w x)' -o formula.png",
                    "  chainrule pdf --format svg 'x^2' -o - > formula.svg")
            .runs((args, io) -> new PdfCommand(args, io).call());

    private final InputOptions input;
    private final String output;
    private final String format;
    private final String title;
    private final Io io;

    PdfCommand(Args args, Io io) {
        this.input = new InputOptions(args);
        this.output = args.string("--output");
        this.format = args.string("--format");
        this.title = args.string("--title");
        this.io = io;
    }

    int call() throws Exception {
        if (!List.of("pdf", "png", "svg").contains(format))
            throw new UsageException("--format must be pdf, png or svg, not '" + format + "'");
        String target = output != null ? output : "formula." + format;
        // a wrong -o is a usage error before any work, as every other wrong argument is
        if (!target.equals(AtomicOutput.STDOUT)) AtomicOutput.check(Path.of(target));
        InputOptions.Input in = input.read();
        Parsed parsed;
        try {
            parsed = FormulaParser.parse(in.text());
            // "= b" alone would typeset as "b": refused, as parse and derive refuse it
            if (parsed.continues().isPresent()) throw Derivations.leadingRelation(in.text());
        } catch (ParseException e) {
            throw BadInputException.of(e, in.name());
        }
        for (Diagnostic d : parsed.warnings()) io.err().println(in.warning(d));
        io.err().flush();

        // the same rows for every format: a chain is one row per step, aligned at the relation sign
        List<Doc.Row> rows = new ArrayList<>();
        for (Expr e : parsed.statements()) rows.addAll(rows(e));
        byte[] bytes;
        try {
            bytes = switch (format) {
                case "png" -> MathImages.png(rows, 2f);
                case "svg" -> MathImages.svg(rows).getBytes(StandardCharsets.UTF_8);
                default -> FormulaPdf.render(title, rows);
            };
        } catch (UnsafeLatexException e) {
            throw new BadInputException(in.name() + ": cannot typeset this formula: " + e.getMessage(), e);
        }
        AtomicOutput.writeBytes(target, bytes);
        return Exit.OK;
    }

    /** One row per relation step: {@code a = b \le c} is a = b, then (empty) ≤ c; anything else one unaligned row. */
    static List<Doc.Row> rows(Expr e) {
        List<Doc.Row> out = new ArrayList<>();
        if (e instanceof Rel r) {
            for (int i = 0; i < r.ops().size(); i++) {
                String lhs = i == 0 ? operand(r.operands().get(0)) : "";
                out.add(new Doc.Row(lhs, LatexPrinter.relation(r.ops().get(i)), operand(r.operands().get(i + 1)),
                        Optional.empty(), Optional.empty()));
            }
        } else {
            out.add(new Doc.Row("", "", LatexPrinter.print(e), Optional.empty(), Optional.empty()));
        }
        return out;
    }

    private static String operand(Expr e) {
        String s = LatexPrinter.print(e);
        return e instanceof Rel ? "(" + s + ")" : s;
    }

}
