package org.chainrule.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {

    static final List<String> OPTIONS = List.of("--wrt", "--given", "--at", "--format", "--flat", "--no-cas", "--json", "--jsonl");

    @Test
    void editDistanceCountsASwapAsOneEdit() {
        assertEquals(0, Suggest.distance("wrt", "wrt"));
        assertEquals(1, Suggest.distance("wtr", "wrt"));
        assertEquals(2, Suggest.distance("wrld", "wrt"));
        assertEquals(3, Suggest.distance("", "abc"));
        assertEquals(1, Suggest.distance("fromat", "format"));
    }

    @Test
    void theClosestNameWithinTwoEdits() {
        assertEquals(List.of("--wrt"), Suggest.closest("--wrld", OPTIONS));
        assertEquals(List.of("--wrt"), Suggest.closest("--wtr", OPTIONS));
        assertEquals(List.of("--format"), Suggest.closest("--fromat", OPTIONS));
        assertEquals(List.of("--given"), Suggest.closest("--givn", OPTIONS));
        assertEquals(List.of(), Suggest.closest("--banana", OPTIONS));
    }

    @Test
    void theOneNameThatStartsWithWhatWasTyped() {
        assertEquals(List.of("--format"), Suggest.closest("--form", OPTIONS));
        assertEquals(List.of("--no-cas"), Suggest.closest("--no", OPTIONS));
        // "--jso" starts both --json and --jsonl: the nearest by edits instead
        assertEquals(List.of("--json"), Suggest.closest("--jso", OPTIONS));
    }

    @Test
    void aShortWordIsCloseOnlyAtOneEdit() {
        assertEquals(List.of(), Suggest.closest("-z", OPTIONS), "z is two edits from at");
        assertEquals(List.of("--at"), Suggest.closest("--a", OPTIONS));
    }

    @Test
    void tiesAreAllSuggested() {
        assertEquals(List.of("--tag", "--tap"), Suggest.closest("--tab", List.of("--tag", "--tap", "--wrt")));
    }
}
