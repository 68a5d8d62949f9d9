package org.chainrule.sheet;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which section renders which numeric directive. \round is a setting, read by AnswerKey. */
final class Sections {
    private Sections() {}

    private static final Map<String, Section> BY_NAME = Map.of(
            "at", new AtSection(),
            "trace", new TraceSection(),
            "descent", new DescentSection(),
            "limit", new LimitSection());

    static Set<String> names() {
        return BY_NAME.keySet();
    }

    static Optional<Section> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
