package org.chainrule.cli;

import java.io.PrintWriter;
import org.chainrule.cli.args.Args;
import org.chainrule.cli.args.Command;
import org.chainrule.cli.args.Io;
import org.chainrule.cli.args.Option;
import org.chainrule.expr.Expr;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.TreePrinter;
import org.chainrule.parse.Diagnostic;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.Parsed;

/** {@code chainrule parse}: read a formula and print it back in canonical form, to check how it was read. */
public final class ParseCommand {

    static final Command COMMAND = Command.named("parse",
                    "Parse a formula and print each statement in canonical LaTeX, one per line, to check how "
                            + "chainrule reads it.",
                    "Warnings about input that may not mean what it says go to standard error.")
            .positional(InputOptions.FORMULA)
            .options(InputOptions.FILE,
                    Option.flag("--tree", "Print the expression tree instead of LaTeX."),
                    Option.flag("--json", "Print one JSON object: {\"ok\":true,\"latex\":[…],"
                            + "\"warnings\":[…]} or {\"ok\":false,\"error\":{…}}."))
            .footer("", "Examples:",
                    "  chainrule parse '\\frac{\\partial \\mathcal{L}}{\\partial w_i}'",
                    "  chainrule parse --tree 'x^2 + \\sigma(z)'",
                    "  chainrule parse '-\\sum_k y_k \\log s_k'",
                    "  echo '\\log(1 + e^{-z})' | chainrule parse --json")
            .runs((args, io) -> new ParseCommand(args, io).call());

    private final InputOptions input;
    private final boolean tree;
    private final boolean json;
    private final Io io;

    ParseCommand(Args args, Io io) {
        this.input = new InputOptions(args);
        this.tree = args.flag("--tree");
        this.json = args.flag("--json");
        this.io = io;
    }

    int call() throws Exception {
        InputOptions.Input in = input.read();
        PrintWriter out = io.out();
        PrintWriter err = io.err();
        Parsed parsed;
        try {
            parsed = FormulaParser.parse(in.text());
            // "= b" alone continues a display that is not there: refused, as derive and pdf refuse it
            if (parsed.continues().isPresent()) throw Derivations.leadingRelation(in.text());
        } catch (ParseException e) {
            if (!json) throw BadInputException.of(e, in.name());
            out.println(Json.write(Json.error(e)));
            out.flush();
            return Exit.BAD_INPUT;
        }
        if (json) {
            var node = Json.ok();
            var latex = node.putArray("latex");
            for (Expr e : parsed.statements()) latex.add(LatexPrinter.print(e));
            if (tree) {
                var trees = node.putArray("tree");
                for (Expr e : parsed.statements()) trees.add(TreePrinter.print(e));
            }
            out.println(Json.write(Json.warnings(node, parsed.warnings())));
        } else {
            for (Diagnostic d : parsed.warnings()) err.println(in.warning(d));
            err.flush();
            for (Expr e : parsed.statements()) {
                String text = tree ? TreePrinter.print(e) : LatexPrinter.print(e);
                out.println(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
            }
        }
        out.flush();
        return Exit.OK;
    }
}
