package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chainrule.cli.args.Command;
import org.chainrule.cli.args.Help;
import org.chainrule.cli.args.Option;
import org.junit.jupiter.api.Test;

/**
 * The help of every chainrule command, checked against the declarations it is made from: an option
 * added without a description, or left out of the help, fails here.
 */
class CommandHelpTest {

    /** Runs of spaces and line breaks as one space: wrapping may break a description anywhere between words. */
    static String flat(String s) {
        return s.replaceAll("\\s+", " ");
    }

    @Test
    void everyDeclaredOptionArgumentAndExampleIsInItsCommandsHelp() {
        for (String name : Main.COMMANDS) {
            Command c = Main.command(name);
            Cli r = Cli.run(name, "--help");
            assertEquals(Exit.OK, r.exitCode(), name);
            String help = r.out(), flat = flat(help);
            assertEquals(Help.of("chainrule " + name, c), help, name);
            assertTrue(help.startsWith("Usage: chainrule " + name + " "), help);
            for (String paragraph : c.description()) assertTrue(flat.contains(flat(paragraph)), name + ": " + paragraph);
            assertTrue(c.ownOptions().size() >= 2, name + " declares its options");
            for (Option o : c.options()) {
                assertTrue(!o.description().isBlank(), name + " " + o.name());
                String listed = (o.shortName() != null ? o.shortName() + ", " : "") + o.name()
                        + (o.takesValue() ? " " + o.label() : "");
                assertTrue(help.contains("  " + listed + " ") || help.contains("  " + listed + "\n"), name + ": " + listed);
                assertTrue(flat.contains(flat(listed + " " + o.description())), name + ": " + o.name() + "'s description");
                String inSynopsis = "[" + (o.shortName() != null ? o.shortName() : o.name())
                        + (o.takesValue() ? " " + o.label() : "") + "]";
                assertTrue(flat(help.substring(0, help.indexOf("\n" + c.description().get(0).substring(0, 10))))
                        .contains(inSynopsis), name + " synopsis: " + inSynopsis);
            }
            assertTrue(flat.contains(flat(c.positional().description())), name + "'s arguments");
            for (String line : c.footer()) assertTrue(flat.contains(flat(line)), name + ": " + line);
            for (String line : help.lines().toList())
                if (!line.startsWith("  chainrule")) assertTrue(line.length() <= Help.WIDTH, name + ": " + line);
        }
    }

    @Test
    void theTopLevelHelpListsEveryCommandWithItsSummary() {
        String help = Cli.run("--help").out();
        String flat = flat(help);
        for (String name : Main.COMMANDS) assertTrue(flat.contains(" " + name + " " + flat(Main.command(name).summary())), name);
        assertTrue(flat.contains(" help " + CommandLine.HELP_SUMMARY), help);
        for (Option o : Command.STANDARD) assertTrue(flat.contains(o.name() + " " + o.description()), o.name());
        assertTrue(help.contains("65 bad input"), help);
        assertEquals(help, Cli.run("help").out());
        for (String line : help.lines().toList()) assertTrue(line.length() <= Help.WIDTH, line);
    }
}
