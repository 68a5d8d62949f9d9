package org.chainrule.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.cli.args.Args;
import org.chainrule.cli.args.Command;
import org.chainrule.cli.args.Io;
import org.chainrule.cli.args.Option;
import org.chainrule.cli.args.UsageException;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Deriv;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Draw;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Mat;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.ParseOptions;
import org.chainrule.render.DerivationJson;
import org.chainrule.render.DerivationLayout;
import org.chainrule.render.DerivationText;
import org.chainrule.render.Doc;
import org.chainrule.render.KeyStyle;
import org.chainrule.render.Pdflatex;
import org.chainrule.sheet.AtPoint;

/** {@code chainrule derive}: one verified derivation, as text, LaTeX or JSON; or a JSONL batch. */
public final class DeriveCommand {

    static final Command COMMAND = Command.named("derive",
                    "Differentiate a formula step by step, through the named intermediates given with --given, "
                            + "and verify every step numerically (and against Symja where it applies).",
                    "With --jsonl, read one problem per line and write one result per line (for autograders).")
            .positional(InputOptions.FORMULA)
            .options(Option.value("--wrt", "<symbol>", "The variable to differentiate by (w, w_i, \\theta_j); "
                            + "optional when the formula is the question itself, as \\frac{\\partial L}{\\partial w}."),
                    Option.value("--given", "<formula>",
                            "A definition (\\hat{y} = W^T \\mathbf{x}), a declaration or a condition (\\beta > 0); repeatable.")
                            .repeats(),
                    Option.value("--at", "<point>", "Also evaluate the answer at a point: 'x = 0.3, w = 0.5'."),
                    Option.value("--digits", "<n>", "With --at: significant digits shown in text output (values are "
                            + "computed in full precision; JSON keeps them all)."),
                    Option.flag("--flat", "Substitute every definition first instead of following the chain rule through them."),
                    Option.flag("--components", "For a vector or matrix variable, also derive by components (∂L/∂w_{ij}) "
                            + "and check that they reassemble the matrix answer."),
                    Option.value("--in-terms-of", "<name>", "Also write the answer in terms of these given names "
                            + "(p for dp/da = p(1 - p)); repeatable.").repeats(),
                    Option.value("--format", "<format>",
                            "text (default), tex (a LaTeX fragment; --standalone for a document), json, or pdf (needs -o). "
                                    + "Without --format, the extension of -o decides."),
                    Option.flag("--standalone", "With --format tex: a complete document instead of a fragment."),
                    Option.value("--detail", "<level>", "With --format tex or pdf: full (default: every sub-derivation) "
                            + "or brief (a handwritten solution's density).").defaultValue("full"),
                    Option.value("--engine", "<engine>", "PDF engine: embedded (default, needs no TeX) or pdflatex.")
                            .defaultValue("embedded"),
                    Option.value("--title", "<text>", "Title of a tex or pdf document."),
                    Option.value("--output", "<file>", "Write the result here, atomically; '-' for standard output (default).")
                            .shortName("-o").defaultValue("-"),
                    Option.flag("--no-cas", "Do not ask Symja for an independent check (faster start)."),
                    Option.value("--jsonl", "<file>",
                            "Batch mode: one JSON problem per line from this file ('-' for standard input)."),
                    Option.value("--jobs", "<n>", "With --jsonl: problems derived at the same time (default: one per "
                            + "core, at most 4). Results are written in input order either way."),
                    InputOptions.FILE)
            .footer("", "Examples:",
                    "  chainrule derive '\\max(0, 1 - y w x) + w^2' --wrt w",
                    "  chainrule derive l --given 'a = w x' --given 'p = \\sigma(a)' --given 'l = (y - p)^2' --wrt w",
                    "  chainrule derive '\\sigma(w x)' --wrt w --at 'w = 0.5, x = 2' --format json",
                    "  chainrule derive '-x^2 + \\log(x)' --wrt x",
                    "  chainrule derive --jsonl problems.jsonl > results.jsonl",
                    "",
                    "JSONL input lines: {\"id\": \"…\", \"given\": [\"…\"], \"expr\": \"…\", \"wrt\": \"…\", \"at\": {\"x\": 0.3}}",
                    "JSONL output lines: {\"id\", \"ok\", \"answer\", \"value\", \"verified\", \"steps\", \"warnings\"} or "
                            + "{\"id\", \"ok\": false, \"error\": {\"message\", \"line\", \"column\", \"excerpt\"}}")
            .runs((args, io) -> new DeriveCommand(args, io).call());

    private final InputOptions input;
    private final String wrt;
    private final List<String> given;
    private final String at;
    private final boolean flat;
    private final boolean components;
    private final List<String> inTermsOf;
    private final String format;
    private final boolean standalone;
    private final String detail;
    private final String engine;
    private final String title;
    private final String output;
    private final Integer digits;
    private final boolean noCas;
    private final String jsonl;
    private final Integer jobs;
    private final Io io;

    DeriveCommand(Args args, Io io) {
        this.input = new InputOptions(args);
        this.wrt = args.string("--wrt");
        this.given = args.all("--given");
        this.at = args.string("--at");
        this.flat = args.flag("--flat");
        this.components = args.flag("--components");
        this.inTermsOf = args.all("--in-terms-of");
        this.format = args.string("--format");
        this.standalone = args.flag("--standalone");
        this.detail = args.string("--detail");
        this.engine = args.string("--engine");
        this.title = args.string("--title");
        this.output = args.string("--output");
        this.digits = args.integer("--digits");
        this.noCas = args.flag("--no-cas");
        this.jsonl = args.string("--jsonl");
        this.jobs = args.integer("--jobs");
        this.io = io;
    }

    /** Jackson is set up on first use: text output, the usual case, never loads it. */
    private static final class Jackson {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    int call() throws Exception {
        if (jobs != null && jsonl == null) throw new UsageException("--jobs applies to a batch: give --jsonl too");
        if (jobs != null && (jobs < 1 || jobs > 64)) throw new UsageException("--jobs must be from 1 to 64, not " + jobs);
        if (jsonl != null) return batch(jobs != null ? jobs : OrderedBatch.workers());
        String fmt = Rendering.format(format, output.equals("-") ? null : output, "text");
        if (!List.of("text", "tex", "json", "pdf").contains(fmt))
            throw new UsageException("--format must be text, tex, json or pdf, not '" + fmt + "'");
        if (digits != null && at == null)
            throw new UsageException("--digits rounds the values at a point: give the point with --at too");
        if (digits != null && (digits < 1 || digits > 17))
            throw new UsageException("--digits must be from 1 to 17, not " + digits);
        KeyStyle style = KeyStyle.detail(detail)
                .map(l -> new KeyStyle(l, false))
                .orElseThrow(() -> new UsageException("--detail must be brief or full, not '" + detail + "'"));
        Rendering.Engine eng = Rendering.engine(engine);
        // an output that cannot be written is refused before the derivation, not after it
        if (!output.equals(AtomicOutput.STDOUT)) AtomicOutput.check(Path.of(output));
        InputOptions.Input in = input.read();
        Derivation d;
        AtPoint.Result atPoint = null;
        try {
            ParseOptions options = Derivations.optionsFor(given);
            Expr expr = Derivations.parseExpr(in.name(), in.text(), options);
            Sym x = wrt != null ? Derivations.variable(wrt) : askedVariable(expr).orElseThrow(() -> new UsageException(
                    "missing --wrt <symbol>: the variable to differentiate by (or write the question itself, "
                            + "as in '\\frac{\\partial L}{\\partial w}')"));
            List<Expr> givens = new ArrayList<>();
            for (int k = 0; k < given.size(); k++) givens.addAll(Derivations.parseAll("--given " + (k + 1), given.get(k), options));
            Derivations.checkFunctions(in.name(), in.text(), given, "--given ", options);
            List<Sym> names = new ArrayList<>();
            for (String n : inTermsOf) names.add(Derivations.variable(n));
            Derivations.Point point = at == null ? null : Derivations.point(at);
            d = Derivations.engine(!noCas).derive(new Engine.Problem(expr, x, givens, flat, names, Draw.SEED).withComponents(components));
            if (point != null) {
                try {
                    atPoint = AtPoint.evaluate(d, expr, givens, point.values());
                } catch (AtPoint.BadPoint bad) {
                    throw new Derivations.Located("--at", point.locate(bad));
                }
            }
        } catch (Derivations.Located e) {
            if (!fmt.equals("json")) throw new BadInputException(e.cause.format(e.source), e);
            return jsonError(e.source + ": " + e.cause.reason(), e.cause.line(), e.cause.column(), e.cause.excerpt());
        } catch (DeriveException e) {
            // about the formula as a whole: located at its start, with the formula shown
            ParseException whole = Derivations.located(in.text(), 0, "cannot differentiate: " + e.getMessage());
            if (!fmt.equals("json")) throw new BadInputException(whole.format(in.name()), e);
            return jsonError(in.name() + ": " + whole.reason(), 1, 1, whole.excerpt());
        }
        if (fmt.equals("pdf")) {
            byte[] pdf;
            try {
                pdf = Rendering.pdf(document(d, style), eng);
            } catch (Pdflatex.PdflatexException e) {
                throw new IllegalStateException("pdflatex: " + e.getMessage(), e);
            }
            if (output.equals(AtomicOutput.STDOUT)) {
                System.out.write(pdf);
                System.out.flush();
            } else {
                AtomicOutput.writeBytes(output, pdf);
            }
            return verdict(d);
        }
        String text = switch (fmt) {
            case "tex" -> new String(Rendering.tex(document(d, style), standalone), StandardCharsets.UTF_8);
            case "json" -> {
                // "schema" and "ok" first, as in a JSONL result and in the error object
                ObjectNode o = DerivationJson.document().put("ok", true);
                o.set("derivation", DerivationJson.render(d));
                if (atPoint != null) o.set("at", atJson(atPoint));
                yield Jackson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
            }
            default -> {
                String t = DerivationText.render(d);
                if (atPoint != null) {
                    // The named intermediates at the point, in the order they were computed, then the answer.
                    for (Map.Entry<Sym, Mat> en : atPoint.intermediates().entrySet())
                        t += "at point " + LatexPrinter.print(en.getKey()) + " = " + shown(en.getValue()) + "\n";
                    t += "value    " + shown(atPoint.value()) + "\n";
                    for (String w : atPoint.warnings()) t += "warning  " + w + "\n";
                }
                yield t;
            }
        };
        if (output.equals(AtomicOutput.STDOUT)) {
            io.out().print(text);
            io.out().flush();
        } else {
            AtomicOutput.writeString(output, text);
        }
        return verdict(d);
    }

    /** The values at a point: the answer's, each named intermediate's (in the order computed), and warnings about the point. */
    static ObjectNode atJson(AtPoint.Result at) {
        ObjectNode o = Jackson.MAPPER.createObjectNode();
        o.set("value", Derivations.json(at.value()));
        ObjectNode values = o.putObject("intermediates");
        for (Map.Entry<Sym, Mat> en : at.intermediates().entrySet())
            values.set(LatexPrinter.print(en.getKey()), Derivations.json(en.getValue()));
        ArrayNode w = o.putArray("warnings");
        at.warnings().forEach(w::add);
        return o;
    }

    /** Bad input with --format json: {"schema": …, "ok": false, "error": {…}} on standard output, as the JSONL batch writes it. */
    private int jsonError(String message, int line, int column, String excerpt) {
        ObjectNode o = error(DerivationJson.document(), message, line, column, excerpt);
        io.out().println(Json.write(o));
        io.out().flush();
        return Exit.BAD_INPUT;
    }

    /** The derivation as a document: the question as a formula (titles are plain text), then the derivation. */
    private Doc document(Derivation d, KeyStyle style) {
        List<Doc.Block> blocks = new ArrayList<>();
        blocks.add(new Doc.Paragraph(List.of(new Doc.Text("Find "),
                new Doc.Math(LatexPrinter.print(DerivationText.lhs(d))),
                new Doc.Text("."))));
        blocks.addAll(DerivationLayout.blocks(d, true, style, new DerivationLayout.Shared()));
        // a brief layout leaves the verification to a line per problem; here the derivation is the problem
        if (style.brief() && d.verified()) blocks.add(DerivationLayout.verification(d));
        return new Doc(title != null ? title : "Derivation", blocks);
    }

    /** The variable of a formula that is the question itself, ∂L/∂w or dL/dw: w. */
    static Optional<Sym> askedVariable(Expr expr) {
        return expr instanceof Deriv d && d.wrt().size() == 1 && d.wrt().get(0) instanceof Sym w ? Optional.of(w) : Optional.empty();
    }

    private int verdict(Derivation d) {
        if (!d.verified()) {
            io.err().println("chainrule: the derivation could not be verified; see 'verified' in the output");
            return Exit.UNVERIFIABLE;
        }
        return Exit.OK;
    }

    /** A number, or a matrix row by row: [[1, 2], [3, 4]]. */
    private String shown(Mat m) {
        if (m.isScalar()) return shown(m.value());
        List<String> rows = new ArrayList<>();
        for (double[] row : m.toNested()) {
            List<String> cells = new ArrayList<>();
            for (double x : row) cells.add(shown(x));
            rows.add("[" + String.join(", ", cells) + "]");
        }
        return "[" + String.join(", ", rows) + "]";
    }

    private String shown(double v) {
        if (digits == null || digits < 1) return String.valueOf(v);
        return new BigDecimal(v).round(new MathContext(Math.min(digits, 17))).stripTrailingZeros().toPlainString();
    }

    /** The JSONL batch: one result line per input line, in order; a bad line never stops the batch. */
    private int batch(int workers) throws IOException {
        PrintWriter out = io.out();
        Engine engine = Derivations.engine(!noCas);
        boolean anyBad = false, anyUnverified = false;
        try (BufferedReader r = jsonl.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(jsonl), StandardCharsets.UTF_8)) {
            boolean[] seen = new boolean[2]; // a refused line, an unverified answer
            OrderedBatch.run(r, workers, (line, lineNo) -> {
                ObjectNode result = one(engine, line, lineNo);
                result.put("input_line", lineNo); // where in the file, for a refused line most of all
                return result;
            }, result -> {
                if (!result.get("ok").asBoolean()) seen[0] = true;
                else if (!result.get("derivation").get("verified").asBoolean()) seen[1] = true;
                try {
                    out.println(Jackson.MAPPER.writeValueAsString(result));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e); // a tree of strings and numbers always serialises
                }
                out.flush();
            });
            anyBad = seen[0];
            anyUnverified = seen[1];
        } catch (NoSuchFileException e) {
            throw new UsageException("--jsonl: no such file: " + jsonl);
        }
        return anyBad ? Exit.BAD_INPUT : anyUnverified ? Exit.UNVERIFIABLE : Exit.OK;
    }

    private static ObjectNode one(Engine engine, String line, int lineNo) {
        ObjectNode res = DerivationJson.document();
        JsonNode in;
        try {
            in = Jackson.MAPPER.readTree(line);
        } catch (IOException e) {
            res.putNull("id");
            return error(res, "line " + lineNo + " is not valid JSON", 1, 1, line);
        }
        if (in == null || !in.isObject()) {
            res.putNull("id");
            return error(res, "line " + lineNo + " must be a JSON object", 1, 1, line);
        }
        res.set("id", in.has("id") ? in.get("id") : Jackson.MAPPER.nullNode());
        try {
            for (String field : List.of("expr", "wrt")) {
                if (!in.hasNonNull(field)) {
                    if (field.equals("wrt")) continue; // the question itself (∂L/∂w) names it; see below
                    return error(res, "missing \"" + field + "\"", 1, 1, line);
                }
                if (!in.get(field).isTextual()) return error(res, "\"" + field + "\" must be a string", 1, 1, line);
            }
            JsonNode g = in.get("given");
            List<String> givenTexts = new ArrayList<>();
            if (g != null && !g.isNull()) {
                if (!g.isArray()) return error(res, "\"given\" must be an array of strings", 1, 1, line);
                for (JsonNode gi : g) {
                    if (!gi.isTextual()) return error(res, "\"given\" must be an array of strings", 1, 1, line);
                    givenTexts.add(gi.asText());
                }
            }
            ParseOptions options = Derivations.optionsFor(givenTexts);
            Expr expr = Derivations.parseExpr("expr", in.get("expr").asText(), options);
            Optional<Sym> asked = askedVariable(expr);
            if (!in.hasNonNull("wrt") && asked.isEmpty())
                return error(res, "missing \"wrt\" (or write the question itself, as in \\frac{\\partial L}{\\partial w})", 1, 1, line);
            Expr wrtExpr = in.hasNonNull("wrt") ? Derivations.parseExpr("wrt", in.get("wrt").asText()) : asked.get();
            if (!(wrtExpr instanceof Sym x)) return error(res, "\"wrt\" must be a single symbol", 1, 1, in.get("wrt").asText());
            List<Expr> givens = new ArrayList<>();
            for (int k = 0; k < givenTexts.size(); k++) givens.addAll(Derivations.parseAll("given " + (k + 1), givenTexts.get(k), options));
            Derivations.checkFunctions("expr", in.get("expr").asText(), givenTexts, "given ", options);
            Map<Sym, Mat> point = null;
            Map<Sym, String> keys = new LinkedHashMap<>();
            JsonNode at = in.get("at");
            if (at != null && !at.isNull()) {
                if (!at.isObject()) return error(res, "\"at\" must be an object of symbol: number", 1, 1, line);
                point = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = at.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> en = it.next();
                    Expr s = Derivations.parseExpr("at", en.getKey());
                    if (!(s instanceof Sym sym)) return atError(res, line, en.getKey(), "\"at\" keys must be symbols, not " + en.getKey());
                    Mat m = jsonValue(en.getValue());
                    if (m == null) return atError(res, line, en.getKey(), "the value of " + en.getKey()
                            + " must be a number or an array of numbers, or an array of equal-length arrays (rows)");
                    if (point.put(sym, m) != null) return atError(res, line, en.getKey(), "a second value for " + LatexPrinter.print(sym));
                    keys.put(sym, en.getKey());
                }
            }
            Derivation d = engine.derive(new Engine.Problem(expr, x, givens, false, List.of(), Draw.SEED));
            AtPoint.Result value = null;
            if (point != null) {
                try {
                    value = AtPoint.evaluate(d, expr, givens, point);
                } catch (AtPoint.BadPoint bad) {
                    return atError(res, line, bad.at().map(keys::get).orElse(null), bad.getMessage());
                }
            }
            res.put("ok", true);
            res.set("derivation", DerivationJson.render(d));
            if (value != null) res.set("at", atJson(value));
            return res;
        } catch (Derivations.Located e) {
            return error(res, e.source + ": " + e.cause.reason(), e.cause.line(), e.cause.column(), e.cause.excerpt());
        } catch (DeriveException e) {
            return error(res, "cannot differentiate: " + e.getMessage(), 1, 1, in.path("expr").asText());
        } catch (EvalException e) {
            return error(res, e.getMessage(), 1, 1, line);
        }
    }

    /** A number, an array (a column vector) or an array of equal-length arrays (rows); else null. */
    static Mat jsonValue(JsonNode v) {
        if (v.isNumber()) return Mat.scalar(v.asDouble());
        if (!v.isArray() || v.isEmpty()) return null;
        boolean nested = v.get(0).isArray();
        int rows = v.size(), cols = nested ? v.get(0).size() : 1;
        if (cols == 0) return null;
        double[] data = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            JsonNode r = v.get(i);
            if (nested != r.isArray()) return null;
            if (!nested) {
                if (!r.isNumber()) return null;
                data[i] = r.asDouble();
                continue;
            }
            if (r.size() != cols) return null;
            for (int j = 0; j < cols; j++) {
                if (!r.get(j).isNumber()) return null;
                data[i * cols + j] = r.get(j).asDouble();
            }
        }
        return new Mat(rows, cols, data);
    }

    /**
     * An error about the "at" object, located in the input line at the key it concerns (or at "at"
     * itself, where a missing value would go).
     */
    private static ObjectNode atError(ObjectNode res, String line, String key, String message) {
        int atKey = line.indexOf("\"at\"");
        int offset = Math.max(0, atKey);
        if (key != null) {
            try {
                int k = line.indexOf(Jackson.MAPPER.writeValueAsString(key), offset);
                if (k >= 0) offset = k;
            } catch (IOException e) {
                // keep the offset of "at"
            }
        }
        ParseException where = Derivations.located(line, offset, message);
        return error(res, "at: " + message, where.line(), where.column(), where.excerpt());
    }

    private static ObjectNode error(ObjectNode res, String message, int line, int column, String excerpt) {
        res.put("ok", false);
        res.putObject("error").put("message", message).put("line", line).put("column", column).put("excerpt", excerpt);
        return res;
    }
}
