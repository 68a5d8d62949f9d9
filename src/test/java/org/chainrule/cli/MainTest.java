package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chainrule.cli.args.Command;
import org.chainrule.cli.args.UsageException;
import org.chainrule.parse.Diagnostic;
import org.chainrule.parse.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aLoneDashAndLetterLooksLikeAnOptionAndGetsAHint() {
        Cli r = Cli.run("parse", "-x");
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("chainrule parse: Unknown option: '-x'\n"), r.err());
        assertTrue(r.err().contains("hint: for a formula that starts with '-', write '--' before it: chainrule parse -- '-x'"), r.err());
        Cli quoted = Cli.run("parse", "--", "-x");
        assertEquals(Exit.OK, quoted.exitCode(), quoted.err());
        assertEquals("-x\n", quoted.out());
    }

    @Test
    void aFormulaThatStartsWithAMinusNeedsNoDoubleDash() {
        Cli parse = Cli.run("parse", "-\\sum_k y_k \\log S_k");
        assertEquals(Exit.OK, parse.exitCode(), parse.err());
        assertTrue(parse.out().startsWith("-\\sum"), parse.out());
        Cli derive = Cli.run("derive", "-x^2", "--wrt", "x", "--no-cas");
        assertEquals(Exit.OK, derive.exitCode(), derive.err());
        assertTrue(derive.out().contains("answer   \\frac{\\partial}{\\partial x}(-x^{2}) = -2 x"), derive.out());
    }

    @Test
    void aMistypedOptionIsAUsageErrorThatSuggestsTheOptionMeant() {
        Cli r = Cli.run("derive", "x^2", "--wrld", "x");
        assertEquals(Exit.USAGE, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("chainrule derive: Unknown option: '--wrld'\ndid you mean --wrt?\nUsage: chainrule derive "), r.err());
        assertTrue(r.err().endsWith("Try 'chainrule derive --help' for more information.\n"), r.err());
        assertFalse(r.err().contains("hint:"), r.err());
        Cli z = Cli.run("derive", "x^2", "-z", "--wrt", "x");
        assertEquals(Exit.USAGE, z.exitCode());
        assertTrue(z.err().startsWith("chainrule derive: Unknown option: '-z'\nhint: "), z.err());
    }

    @Test
    void aMistypedCommandIsAUsageErrorThatSuggestsTheCommandMeant() {
        Cli r = Cli.run("dervie", "x^2", "--wrt", "x");
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("chainrule: Unknown command: 'dervie'\ndid you mean chainrule derive?\nUsage: chainrule "), r.err());
        Cli far = Cli.run("integrate", "x");
        assertEquals(Exit.USAGE, far.exitCode());
        assertFalse(far.err().contains("did you mean"), far.err());
        Cli help = Cli.run("help", "chek");
        assertEquals(Exit.USAGE, help.exitCode());
        assertTrue(help.err().contains("did you mean chainrule check?"), help.err());
    }

    @Test
    void everyCommandAnswersHelpAndVersionEvenWithMistakesOnTheLine() {
        String version = Cli.run("--version").out();
        for (String name : Main.COMMANDS) {
            Cli help = Cli.run(name, "--help");
            assertEquals(Exit.OK, help.exitCode(), name);
            assertTrue(help.out().startsWith("Usage: chainrule " + name + " "), help.out());
            assertEquals(help.out(), Cli.run("help", name).out(), name);
            assertEquals(help.out(), Cli.run(name, "--bogus", "-h").out(), name);
            assertEquals(version, Cli.run(name, "-V").out(), name);
        }
        // key needs a sheet, but not to print its version
        assertEquals(version, Cli.run("key", "--version").out());
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
    void aRunDeclaresOnlyTheCommandItRuns() {
        List<String> asked = new ArrayList<>();
        CommandLine cl = new CommandLine(Main.COMMANDS, name -> {
            asked.add(name);
            return Main.command(name);
        });
        assertEquals(Exit.OK, Cli.run(cl, null, "parse", "x^2 + y").exitCode());
        assertEquals(List.of("parse"), asked);
        asked.clear();
        assertEquals(Exit.OK, Cli.run(cl, null, "--version").exitCode());
        assertEquals(Exit.USAGE, Cli.run(cl, null, "dervie").exitCode());
        assertEquals(List.of(), asked);
        assertEquals(Exit.OK, Cli.run(cl, null, "--help").exitCode()); // the top-level help lists them all
        assertEquals(Main.COMMANDS, asked);
    }

    @Test
    void everyNameDeclaresTheCommandOfThatName() {
        for (String name : Main.COMMANDS) assertEquals(name, Main.command(name).name());
        assertEquals(null, Main.command("help"));
    }

    @Test
    void theFastVersionPrintsWhatTheCommandLinePrints() {
        assertEquals(Cli.run("--version").out(), String.join("\n", Main.versionLines()) + "\n");
    }

    @Test
    void theTrainingSheetHasEverySectionKindAndKeysWithoutErrors(@TempDir Path dir)
            throws Exception {
        for (String kind : List.of("\\find", "\\at{", "\\descent", "\\limit{", "\\trace{", "\\check{", "\\given{"))
            assertTrue(AotTraining.SHEET.contains(kind), kind);
        Path sheet = dir.resolve("training.tex");
        Files.writeString(sheet, AotTraining.SHEET);
        Cli key = Cli.run("key", sheet.toString(), "--format", "json", "-o", dir.resolve("key.json").toString());
        assertEquals(0, key.exitCode(), key.err());
        Cli check = Cli.run("check", sheet.toString());
        assertEquals(Exit.WRONG, check.exitCode(), check.out() + check.err());
        assertTrue(check.out().contains("1 correct, 1 wrong, 0 unverifiable"), check.out());
    }

    // ------------------------------------------------------------------ error handling, with test commands

    /** A command that throws what the test gives it. */
    private static Command boomCommand(Throwable toThrow) {
        return Command.named("boom", "Throws on purpose.").runs((args, io) -> {
            if (toThrow instanceof Exception e) throw e;
            throw (Error) toThrow;
        });
    }

    private static Cli boom(Throwable t, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "boom";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(CommandLine.of(List.of(boomCommand(t))), null, all);
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
        Cli r = Cli.run(CommandLine.of(List.of(boomCommand(new IllegalStateException("boom")))), null, "--debug", "boom");
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
    void aUsageExceptionFromACommandIsAUsageError() {
        Cli r = boom(new UsageException("bad usage"));
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("chainrule boom: bad usage\nUsage: chainrule boom "), r.err());
        assertTrue(r.err().endsWith("Try 'chainrule boom --help' for more information.\n"), r.err());
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
        assertEquals("f.tex:1:2: not UTF-8 text: byte 0xFF is not a character in UTF-8; save the file as UTF-8\nx\n ^",
                e.getMessage());
        // on a later line, after characters of several bytes: the column counts characters
        byte[] text = "a\nσ(x) ".getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(text, text.length + 1);
        cut[text.length] = (byte) 0xC3; // the first byte of a two-byte character, then nothing
        var later = assertThrows(BadInputException.class, () -> InputOptions.decode(cut, "g"));
        assertTrue(later.getMessage().startsWith("g:2:6: not UTF-8 text: byte 0xC3 "), later.getMessage());
    }

    static void assertNoStackTrace(String err) {
        assertFalse(err.contains("\tat "), err);
        assertFalse(err.contains("Exception"), err);
    }
}
