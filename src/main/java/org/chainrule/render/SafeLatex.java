package org.chainrule.render;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chainrule.render.tex.UnsafeLatexException;

/**
 * A last check on a whole document before pdflatex sees it: the preamble must be exactly the one
 * {@link LatexWriter} writes, and the body may use none of the commands that read or write files,
 * define macros or build command names. This is a tripwire behind the real guarantee (the writer
 * prints only its own markup, chainrule's LaTeX and escaped prose), not a sandbox: TeX can loop
 * without any of these commands, which is why {@link Pdflatex} also has a timeout.
 */
public final class SafeLatex {
    private SafeLatex() {}

    /** Commands the body must not contain (file access, definitions, name construction, raw PDF). */
    static final Set<String> FORBIDDEN = Set.of(
            // the list every review starts from
            "input", "include", "write", "immediate", "openin", "openout", "read", "csname", "catcode",
            "def", "newcommand", "renewcommand", "usepackage",
            // more ways to the same ends
            "InputIfFileExists", "IfFileExists", "includeonly", "endinput", "closein", "closeout",
            "readline", "providecommand", "DeclareRobustCommand", "newenvironment", "renewenvironment",
            "edef", "gdef", "xdef", "let", "futurelet", "expandafter", "scantokens", "detokenize",
            "string", "lowercase", "uppercase", "endcsname", "ifcsname", "documentclass", "RequirePackage",
            "special", "includegraphics", "everypar", "everymath", "everydisplay", "everyeof", "output",
            "endlinechar", "escapechar", "newlinechar", "uccode", "lccode", "mathcode", "loop", "jobname",
            "begin{document}", "end{document}");

    private static final Pattern CONTROL_SEQUENCE = Pattern.compile("\\\\([A-Za-z@]+|.)", Pattern.DOTALL);

    /** Throws {@link UnsafeLatexException} unless {@code tex} is {@link LatexWriter#PREAMBLE}, a safe body, {@link LatexWriter#END}. */
    public static void check(String tex) {
        if (!tex.startsWith(LatexWriter.PREAMBLE))
            throw new UnsafeLatexException("the preamble is not the one chainrule writes");
        String rest = tex.substring(LatexWriter.PREAMBLE.length());
        int end = rest.lastIndexOf(LatexWriter.END);
        if (end < 0 || !rest.substring(end + LatexWriter.END.length()).isBlank())
            throw new UnsafeLatexException("the document does not end with \\end{document}");
        checkBody(rest.substring(0, end));
    }

    /** Throws {@link UnsafeLatexException} if a body (a {@link LatexWriter#fragment}) uses a forbidden command. */
    public static void checkBody(String body) {
        if (body.contains("^^"))
            throw new UnsafeLatexException("the body contains ^^, TeX's notation for arbitrary characters");
        Matcher m = CONTROL_SEQUENCE.matcher(body);
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("begin") || name.equals("end")) {
                String env = body.startsWith("{document}", m.end()) ? name + "{document}" : name;
                if (FORBIDDEN.contains(env))
                    throw new UnsafeLatexException("the body contains \\" + env + " at offset " + m.start());
                continue;
            }
            if (FORBIDDEN.contains(name) || name.contains("@") || name.startsWith("pdf"))
                throw new UnsafeLatexException("the body contains \\" + name + " at offset " + m.start()
                        + "; chainrule never writes it, so the document did not come from LatexWriter");
        }
    }
}
