package org.chainrule.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTest {

    @Test
    void wrapsAtWordsWithinTheWidth() {
        assertEquals(List.of("one two", "three"), Help.wrap("one two three", 7));
        assertEquals(List.of("a", "longerthanwidth", "b"), Help.wrap("a longerthanwidth b", 5));
        assertEquals(List.of("x"), Help.wrap("  x  ", 80));
    }

    @Test
    void aCommandsHelpHasItsSynopsisArgumentsOptionsAndFooter() {
        Command c = Command.named("try", "Tries things.", "A second paragraph.")
                .positional(Positional.optional("<formula>", "The formula."))
                .options(Option.value("--output", "<file>", "Where to write. ".repeat(12).strip()).shortName("-o"),
                        Option.value("--a-very-long-option-name", "<value>", "Set on the next line."),
                        Option.value("--given", "<formula>", "Repeatable.").repeats())
                .footer("", "Examples:", "  prog try 'x' " + "--given 'y = 1' ".repeat(6), "Short words. ".repeat(10).strip());
        String help = Help.of("prog try", c);
        List<String> lines = help.lines().toList();
        assertEquals("Usage: prog try [-o <file>] [--a-very-long-option-name <value>]", lines.get(0));
        assertEquals("                [--given <formula>]... [-h] [-V] [--debug] [<formula>]", lines.get(1));
        assertEquals("Tries things.", lines.get(2));
        assertEquals("A second paragraph.", lines.get(3));
        // descriptions start at one column, the widest name's that fits under the cap
        assertTrue(help.contains("\nArguments:\n  [<formula>]" + " ".repeat(30 - 13) + "The formula.\n"), help);
        assertTrue(help.contains("\nOptions:\n  -o, --output <file>" + " ".repeat(30 - 21) + "Where to write. Where"), help);
        // a name wider than the column puts its description on the next line, at the column
        assertTrue(help.contains("      --a-very-long-option-name <value>\n" + " ".repeat(30) + "Set on the next line.\n"), help);
        assertTrue(help.contains("\n      --debug" + " ".repeat(30 - 13) + "Show the stack trace"), help);
        for (String line : lines)
            if (!line.startsWith("  prog")) assertTrue(line.length() <= Help.WIDTH, line);
        assertTrue(help.contains("\n  prog try 'x' --given"), "an example is not wrapped: it is copied whole");
    }

    @Test
    void aProgramsHelpListsItsCommands() {
        Command top = Command.named("prog", "Does things.").footer("", "Exit codes: 0 ok.");
        String help = Help.ofProgram("prog", top, List.of(new Help.Entry("go", "Goes."), new Help.Entry("help", "Helps.")));
        assertTrue(help.startsWith("Usage: prog [-h] [-V] [--debug] COMMAND\nDoes things.\n\nOptions:\n"), help);
        assertTrue(help.endsWith("\nCommands:\n  go    Goes.\n  help  Helps.\n\nExit codes: 0 ok.\n"), help);
    }
}
