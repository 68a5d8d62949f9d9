package org.chainrule.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.chainrule.parse.Diagnostic;
import org.chainrule.parse.ParseException;

/** The machine-readable output of {@code --json}: one JSON object per run, on one line. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"ok":true, …}} with the caller's fields added after "ok". */
    static ObjectNode ok() {
        return object().put("ok", true);
    }

    static ObjectNode warnings(ObjectNode node, List<Diagnostic> warnings) {
        var array = node.putArray("warnings");
        for (Diagnostic d : warnings) {
            array.addObject().put("message", d.message()).put("line", d.line()).put("column", d.column());
        }
        return node;
    }

    /** {@code {"ok":false,"error":{"message":…,"line":…,"column":…,"excerpt":…}}}. */
    static ObjectNode error(ParseException e) {
        ObjectNode node = object().put("ok", false);
        node.putObject("error")
                .put("message", e.reason())
                .put("line", e.line())
                .put("column", e.column())
                .put("excerpt", e.excerpt());
        return node;
    }

    static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
