package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.chainrule.parse.Diagnostic;
import org.chainrule.parse.ParseException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

class MainTest {

    @Test
    void helpExitsZeroAndListsCommands() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("Usage: chainrule"), r.out());
        assertTrue(r.out().contains("parse"), r.out());
        assertTrue(r.out().contains("65 bad input"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void subcommandHelpExitsZero() {
        Cli r = Cli.run("parse", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("Usage: chainrule parse"), r.out());
        assertEquals(0, Cli.run("help", "parse").exitCode());
    }

    @Test
    void versionNamesChainruleAndJava() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.exitCode());
        String[] lines = r.out().split("\n");
        assertEquals("chainrule 0.1.0", lines[0]);
        assertTrue(lines[1].startsWith("Java " + Runtime.version().feature()), lines[1]);
        assertEquals("", r.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli r = Cli.run("--bogus");
        assertEquals(Exit.USAGE, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("chainrule: Unknown option: '--bogus'"), r.err());
        assertTrue(r.err().contains("Usage: chainrule"), r.err());
        assertTrue(r.err().contains("Try 'chainrule --help'"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void unknownSubcommandOptionShowsThatSubcommandsUsage() {
        Cli r = Cli.run("parse", "--bogus", "x");
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().contains("Usage: chainrule parse"), r.err());
        assertFalse(r.err().contains("hint: for a formula that starts with '-'"), r.err());
    }

    @Test
    void formulaThatLooksLikeAnOptionGetsAHint() {
        Cli r = Cli.run("parse", "-x^2");
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().contains("write '--' before it"), r.err());
    }

    @Test
    void noSubcommandIsAUsageErrorThatShowsHelp() {
        Cli r = Cli.run();
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().contains("Commands:"), r.err());
    }

    // ------------------------------------------------------------------ the command line main() builds

    @Test
    void wantedNamesTheOneSubcommandARunNeeds() {
        assertEquals("", Main.wanted(new String[] {}));
        assertEquals("", Main.wanted(new String[] {"--help"}));
        assertEquals("", Main.wanted(new String[] {"help"}));
        assertEquals("derive", Main.wanted(new String[] {"--debug", "derive", "x", "--wrt", "x"}));
        assertEquals("parse", Main.wanted(new String[] {"parse", "--help"}));
        assertEquals("pdf", Main.wanted(new String[] {"help", "pdf"}));
        // not certain: every subcommand is built
        assertEquals(null, Main.wanted(new String[] {"help", "nope"}));
        assertEquals(null, Main.wanted(new String[] {"nope"}));
        assertEquals(null, Main.wanted(new String[] {"--help", "derive"}));
        assertEquals(null, Main.wanted(new String[] {"--version"}));
    }

    @Test
    void theLazyCommandLineBehavesLikeTheFullOne() {
        List<String[]> runs = List.of(new String[] {"--help"}, new String[] {}, new String[] {"help"},
                new String[] {"help", "derive"}, new String[] {"derive", "--help"}, new String[] {"parse", "x^2 + y"},
                new String[] {"parse", "--bogus", "x"}, new String[] {"--debug", "parse", "\\frac{"},
                new String[] {"derive", "\\sigma(w x)", "--wrt", "w", "--no-cas"},
                new String[] {"derive", "w^2", "--wrt", "w", "--no-cas", "--format", "json"},
                new String[] {"pdf", "--format", "svg", "x^2", "-o", "/dev/null"});
        for (String[] args : runs) {
            String wanted = Main.wanted(args);
            Cli lazy = Cli.run(Main.commandLine(wanted), null, args);
            Cli full = Cli.run(args);
            String what = String.join(" ", args);
            assertEquals(full.exitCode(), lazy.exitCode(), what);
            assertEquals(full.out(), lazy.out(), what);
            assertEquals(full.err(), lazy.err(), what);
        }
    }

    @Test
    void theLazyCommandLineBuildsOnlyTheSubcommandItRuns() {
        CommandLine cl = Main.commandLine("parse");
        assertTrue(cl.getSubcommands().get("parse").getCommand() instanceof ParseCommand);
        for (String other : List.of("key", "check", "derive", "pdf"))
            assertFalse(cl.getSubcommands().get(other).getCommand() instanceof Callable<?>, other);
        assertEquals(List.of("key", "check", "derive", "pdf", "parse", "help"), List.copyOf(cl.getSubcommands().keySet()));
    }

    @Test
    void theFastVersionPrintsWhatPicocliPrints() {
        assertEquals(Cli.run("--version").out(), String.join("\n", new Main.Version().getVersion()) + "\n");
    }

    @Test
    void theTrainingSheetHasEverySectionKindAndKeysWithoutErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        for (String kind : List.of("\\find", "\\at{", "\\descent", "\\limit{", "\\trace{", "\\check{", "\\given{"))
            assertTrue(AotTraining.SHEET.contains(kind), kind);
        java.nio.file.Path sheet = dir.resolve("training.tex");
        java.nio.file.Files.writeString(sheet, AotTraining.SHEET);
        Cli key = Cli.run("key", sheet.toString(), "--format", "json", "-o", dir.resolve("key.json").toString());
        assertEquals(0, key.exitCode(), key.err());
        Cli check = Cli.run("check", sheet.toString());
        assertEquals(Exit.WRONG, check.exitCode(), check.out() + check.err());
        assertTrue(check.out().contains("1 correct, 1 wrong, 0 unverifiable"), check.out());
    }

    // ------------------------------------------------------------------ error handling, with test commands

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        Throwable toThrow;

        Boom(Throwable toThrow) {
            this.toThrow = toThrow;
        }

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (toThrow instanceof ParameterException) throw new ParameterException(spec.commandLine(), "bad usage");
            if (toThrow instanceof Exception e) throw e;
            throw (Error) toThrow;
        }
    }

    private static Cli boom(Throwable t, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("boom", new Boom(t));
        String[] all = new String[args.length + 1];
        all[0] = "boom";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(Main.configure(cl), null, all);
    }

    @Test
    void internalErrorIsOneLineWithoutDebug() {
        Cli r = boom(new IllegalStateException("the\nmessage"));
        assertEquals(Exit.INTERNAL_ERROR, r.exitCode());
        assertEquals("chainrule: internal error: IllegalStateException: the message "
                + "(run with --debug for details)\n", r.err());
    }

    @Test
    void debugShowsTheStackTrace() {
        Cli r = boom(new IllegalStateException("boom"), "--debug");
        assertEquals(Exit.INTERNAL_ERROR, r.exitCode());
        assertTrue(r.err().startsWith("chainrule: internal error: IllegalStateException: boom\n"), r.err());
        assertTrue(r.err().contains("\tat org.chainrule.cli.MainTest"), r.err());
    }

    @Test
    void debugBeforeTheSubcommandWorksToo() {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("boom", new Boom(new IllegalStateException("boom")));
        Cli r = Cli.run(Main.configure(cl), null, "--debug", "boom");
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void errorsSuchAsStackOverflowAreInternalErrorsToo() {
        Cli r = boom(new StackOverflowError());
        assertEquals(Exit.INTERNAL_ERROR, r.exitCode());
        assertTrue(r.err().startsWith("chainrule: internal error: stack overflow"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void badInputExitsWith65AndItsMessage() {
        ParseException pe = new ParseException("missing '}'", 1, 7, "\\frac{");
        Cli r = boom(BadInputException.of(pe, "<arg>"));
        assertEquals(Exit.BAD_INPUT, r.exitCode());
        assertEquals("<arg>:1:7: missing '}'\n\\frac{\n      ^\n", r.err());
    }

    @Test
    void parameterExceptionFromACommandIsAUsageError() {
        Cli r = boom(new ParameterException(new CommandLine(new Main()), "unused"));
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("chainrule boom: bad usage\n"), r.err());
    }

    // ------------------------------------------------------------------ input helpers

    @Test
    void warningsAreFormattedLikeCompilerWarnings() {
        var in = new InputOptions.Input("sheet.tex", "x^10");
        assertEquals("sheet.tex:3:5: warning: x^10 is x^1 0", in.warning(new Diagnostic("x^10 is x^1 0", 3, 5)));
    }

    @Test
    void decodeDropsByteOrderMarkAndTrailingLineBreaks() throws Exception {
        byte[] bytes = "\uFEFFa\nb\r\n\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("a\nb", InputOptions.decode(bytes, "f"));
    }

    @Test
    void decodeRejectsBytesThatAreNotUtf8() {
        var e = assertThrows(BadInputException.class,
                () -> InputOptions.decode(new byte[] {'x', (byte) 0xff}, "f.tex"));
        assertEquals("f.tex: not UTF-8 text", e.getMessage());
    }

    static void assertNoStackTrace(String err) {
        assertFalse(err.contains("\tat "), err);
        assertFalse(err.contains("Exception"), err);
    }
}
