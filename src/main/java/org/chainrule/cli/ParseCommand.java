package org.chainrule.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.chainrule.expr.Expr;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.TreePrinter;
import org.chainrule.parse.Diagnostic;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.Parsed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chainrule parse}: read a formula and print it back in canonical form, to check how it was read. */
@Command(name = "parse",
        description = {
            "Parse a formula and print each statement in canonical LaTeX, one per line, to check how "
                    + "chainrule reads it.",
            "Warnings about input that may not mean what it says go to standard error."
        },
        footer = {"", "Examples:",
            "  chainrule parse '\\frac{\\partial \\mathcal{L}}{\\partial w_i}'",
            "  chainrule parse --tree 'x^2 + \\sigma(z)'",
            "  echo '\\log(1 + e^{-z})' | chainrule parse --json"})
public final class ParseCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Option(names = "--tree", description = "Print the expression tree instead of LaTeX.")
    boolean tree;

    @Option(names = "--json", description = "Print one JSON object: {\"ok\":true,\"latex\":[…],"
            + "\"warnings\":[…]} or {\"ok\":false,\"error\":{…}}.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InputOptions.Input in = input.read();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
