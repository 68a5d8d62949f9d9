package org.chainrule.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on a small command declared here, one syntax at a time. */
class ParserTest {

    static final Command TRY = Command.named("try", "A command to parse with.")
            .positional(Positional.optional("<formula>", "The formula."))
            .options(Option.value("--wrt", "<symbol>", "The variable."),
                    Option.value("--given", "<formula>", "A definition; repeatable.").repeats(),
                    Option.flag("--flat", "Substitute first."),
                    Option.value("--output", "<file>", "Where to write.").shortName("-o").defaultValue("-"),
                    Option.value("--digits", "<n>", "Digits shown."));

    /** A command without positional arguments. */
    static final Command BARE = Command.named("bare", "Takes options only.")
            .options(Option.flag("--quiet", "Say less."));

    static Args parse(Command c, String... tokens) {
        return Parser.parse(c, List.of(tokens), "prog " + c.name());
    }

    static UsageException usage(Command c, String... tokens) {
        return assertThrows(UsageException.class, () -> parse(c, tokens));
    }

    @Test
    void everySpellingOfAnOptionWithAValue() {
        for (String[] line : List.of(new String[] {"--output", "f.pdf"}, new String[] {"--output=f.pdf"},
                new String[] {"-o", "f.pdf"}, new String[] {"-of.pdf"}, new String[] {"-o=f.pdf"})) {
            assertEquals("f.pdf", parse(TRY, line).string("--output"), String.join(" ", line));
            assertEquals("f.pdf", parse(TRY, line).string("-o"), "either name asks");
        }
        assertEquals("a=b", parse(TRY, "--wrt=a=b").string("--wrt"), "only the first '=' separates the value");
        assertEquals("", parse(TRY, "--wrt=").string("--wrt"));
    }

    @Test
    void optionsAndPositionalsInAnyOrder() {
        Args a = parse(TRY, "--wrt", "w", "x^2", "--flat");
        assertEquals("x^2", a.positional());
        assertEquals("w", a.string("--wrt"));
        assertTrue(a.flag("--flat"));
        assertEquals(List.of("x^2"), a.positionals());
    }

    @Test
    void absentOptionsGiveTheirDefaultOrNothing() {
        Args a = parse(TRY);
        assertEquals("-", a.string("--output"));
        assertNull(a.string("--wrt"));
        assertFalse(a.flag("--flat"));
        assertEquals(List.of(), a.all("--given"));
        assertNull(a.positional());
        assertNull(a.integer("--digits"));
    }

    @Test
    void aRepeatableOptionKeepsEveryValueInOrder() {
        Args a = parse(TRY, "--given", "a = w x", "x", "--given=p = \\sigma(a)", "--given", "l = p^2");
        assertEquals(List.of("a = w x", "p = \\sigma(a)", "l = p^2"), a.all("--given"));
    }

    @Test
    void anOptionThatTakesOneValueGivenTwiceIsAUsageError() {
        assertEquals("Option '--wrt' (<symbol>) should be given only once", usage(TRY, "--wrt", "w", "--wrt=x").getMessage());
        assertTrue(parse(TRY, "--flat", "--flat").flag("--flat"), "a flag twice is still the flag");
    }

    @Test
    void aMissingValueIsAUsageError() {
        assertEquals("Missing value for option '--wrt' (<symbol>)", usage(TRY, "x", "--wrt").getMessage());
        // the next token is another option: the value was forgotten
        assertEquals("Missing value for option '--wrt' (<symbol>)", usage(TRY, "--wrt", "--flat").getMessage());
        assertEquals("Missing value for option '--wrt' (<symbol>)", usage(TRY, "--wrt", "-o", "f").getMessage());
        assertEquals("Missing value for option '--wrt' (<symbol>)", usage(TRY, "--wrt", "--output=f").getMessage());
    }

    @Test
    void aValueMayStartWithAMinus() {
        assertEquals("-1", parse(TRY, "--digits", "-1").string("--digits"));
        assertEquals("-x = y", parse(TRY, "--given", "-x = y").all("--given").get(0));
        assertEquals("-", parse(TRY, "-o", "-").string("--output"));
    }

    @Test
    void aFlagTakesNoValue() {
        assertEquals("Option '--flat' takes no value, but was given 'yes'", usage(TRY, "--flat=yes").getMessage());
    }

    @Test
    void aWholeNumberOrAUsageError() {
        assertEquals(3, parse(TRY, "--digits", "3").integer("--digits"));
        Args three = parse(TRY, "--digits", "three");
        assertEquals("Invalid value for option '--digits': 'three' is not a whole number",
                assertThrows(UsageException.class, () -> three.integer("--digits")).getMessage());
    }

    @Test
    void doubleDashEndsTheOptions() {
        Args a = parse(TRY, "--flat", "--", "--wrt");
        assertTrue(a.flag("--flat"));
        assertEquals("--wrt", a.positional());
        assertNull(a.string("--wrt"));
        assertEquals("-x", parse(TRY, "--", "-x").positional());
    }

    @Test
    void aFormulaThatStartsWithAMinusIsAPositional() {
        for (String formula : List.of("-\\sum_k y_k \\log S_k", "-x^2", "-1", "-w x", "-", "-\\frac{1}{2}", "--1"))
            assertEquals(formula, parse(TRY, formula, "--wrt", "x").positional(), formula);
        // -o takes a value, so "-ox" is -o; -h takes none, so "-hx" is not -h
        assertEquals("x", parse(TRY, "-ox").string("--output"));
        assertEquals("-hx", parse(TRY, "-hx").positional());
    }

    @Test
    void aTokenThatLooksLikeAnOptionIsAnUnknownOption() {
        UsageException letter = usage(TRY, "-x");
        assertEquals("Unknown option: '-x'", letter.getMessage());
        assertEquals(List.of("hint: for a formula that starts with '-', write '--' before it: prog try -- '-x'"), letter.notes());
        UsageException word = usage(TRY, "x", "--wrld", "w");
        assertEquals("Unknown option: '--wrld'", word.getMessage());
        assertEquals(List.of("did you mean --wrt?"), word.notes());
        assertEquals(List.of("did you mean --wrt?"), usage(TRY, "--wrld=w").notes(), "the value is not part of the name");
        assertEquals(List.of(), usage(TRY, "--banana").notes(), "nothing is close");
    }

    @Test
    void withoutPositionalsEveryDashedTokenIsAnOption() {
        assertEquals("Unknown option: '-x^2'", usage(BARE, "-x^2").getMessage());
        assertEquals(List.of(), usage(BARE, "-x^2").notes(), "no hint about formulas where none is taken");
        assertEquals("Unexpected argument: 'x'", usage(BARE, "x").getMessage());
        assertTrue(parse(BARE, "--quiet").flag("--quiet"));
    }

    @Test
    void positionalCounts() {
        UsageException extra = usage(TRY, "a", "+", "b");
        assertEquals("Unexpected arguments after the formula: '+', 'b'", extra.getMessage());
        assertEquals(List.of("hint: put a formula that contains spaces in quotes: prog try 'a + b'"), extra.notes());
        Command many = Command.named("many", "Sheets.").positional(Positional.oneOrMore("<sheet>", "Sheets."));
        assertEquals("Missing required argument: <sheet>", usage(many).getMessage());
        assertEquals(List.of("a.tex", "-", "b.tex"), parse(many, "a.tex", "-", "b.tex").positionals());
    }

    @Test
    void helpAndVersionAreAskedForBeforeDoubleDash() {
        assertTrue(Parser.asks(List.of("x", "--bogus", "-h"), Command.HELP));
        assertTrue(Parser.asks(List.of("--version"), Command.VERSION));
        assertFalse(Parser.asks(List.of("--", "-h"), Command.HELP));
        assertFalse(Parser.asks(List.of("-hx"), Command.HELP));
        assertTrue(parse(TRY, "x", "--debug").flag("--debug"), "every command takes the standard options");
    }

    @Test
    void askingForAnUndeclaredOptionIsABugInTheCommand() {
        Args a = parse(TRY);
        assertThrows(IllegalArgumentException.class, () -> a.string("--wtr"));
        assertThrows(IllegalArgumentException.class, () -> a.flag("--json"));
    }

    @Test
    void declarationsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Option.flag("--quiet", " "), "no description");
        assertThrows(IllegalArgumentException.class, () -> Option.flag("quiet", "Say less."), "not a long name");
        assertThrows(IllegalArgumentException.class, () -> Option.flag("--quiet", "Say less.").shortName("-qq"));
        assertThrows(IllegalArgumentException.class, () -> Option.flag("--quiet", "Say less.").repeats());
        assertThrows(IllegalArgumentException.class, () -> Positional.optional("<x>", ""));
        assertThrows(IllegalArgumentException.class, () -> BARE.options(Option.flag("--quiet", "Again.")), "a name twice");
        assertThrows(IllegalArgumentException.class, () -> BARE.options(Option.value("--out", "<f>", "Out.").shortName("-h")),
                "-h is --help's");
        assertThrows(IllegalArgumentException.class, () -> Command.named("blank", ""));
    }
}
