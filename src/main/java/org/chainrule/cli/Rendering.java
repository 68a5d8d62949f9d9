package org.chainrule.cli;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.chainrule.render.Doc;
import org.chainrule.render.LatexWriter;
import org.chainrule.render.Pdflatex;
import org.chainrule.render.pdf.PdfRenderer;
import org.chainrule.cli.args.UsageException;

/** Turning a document into bytes: LaTeX (fragment or standalone) or PDF with either engine. */
final class Rendering {
    private Rendering() {}

    enum Engine { EMBEDDED, PDFLATEX }

    static Engine engine(String name) {
        return switch (name) {
            case "embedded" -> Engine.EMBEDDED;
            case "pdflatex" -> Engine.PDFLATEX;
            default -> throw new UsageException("--engine must be embedded (the default) or pdflatex, not '" + name + "'");
        };
    }

    static byte[] tex(Doc doc, boolean standalone) {
        return (standalone ? LatexWriter.standalone(doc) : LatexWriter.fragment(doc)).getBytes(StandardCharsets.UTF_8);
    }

    /** PDF bytes; pdflatex problems (missing, failing) become bad-input-free internal messages the caller reports. */
    static byte[] pdf(Doc doc, Engine engine) {
        return switch (engine) {
            case EMBEDDED -> PdfRenderer.render(doc);
            case PDFLATEX -> new Pdflatex().compile(LatexWriter.standalone(doc));
        };
    }

    /** The format from an explicit --format, else from the output file's extension, else the default. */
    static String format(String explicit, String output, String fallback) {
        if (explicit != null) return explicit;
        if (output != null) {
            String o = output.toLowerCase(Locale.ROOT);
            if (o.endsWith(".pdf")) return "pdf";
            if (o.endsWith(".tex")) return "tex";
            if (o.endsWith(".json")) return "json";
            if (o.endsWith(".txt")) return "text";
        }
        return fallback;
    }
}
