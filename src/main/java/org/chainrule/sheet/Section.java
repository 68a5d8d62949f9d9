package org.chainrule.sheet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.parse.SheetSource;
import org.chainrule.render.DerivationLayout;
import org.chainrule.render.Doc;
import org.chainrule.render.KeyStyle;

/**
 * A numeric part of an answer key, rendered from one directive of a problem (\at, \trace, \descent,
 * \limit): blocks for the document and data for the JSON output. A section that cannot be computed
 * throws {@link SectionException} with a message in plain words; the key reports it at the
 * directive's location and goes on.
 */
public interface Section {

    /** What a section produced: document blocks and JSON-able data (maps, lists, strings, numbers). */
    record Output(List<Doc.Block> blocks, Map<String, Object> data) {
        public Output {
            blocks = List.copyOf(blocks);
            // in the section's own order, so that the JSON output is the same on every run
            data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    final class SectionException extends Exception {
        public SectionException(String message) {
            super(message);
        }
    }

    /**
     * The context of the problem the directive belongs to: its style (how much a derivation shows) and
     * what its derivations share (labels already given, conventions already stated).
     */
    record Context(SheetSource.Problem problem, Engine engine, int digits, KeyStyle style,
                   DerivationLayout.Shared shared) {
        /** A derivation laid out in this problem's style, its definitions already shown. */
        public List<Doc.Block> derivation(Derivation d) {
            return DerivationLayout.blocks(d, false, style, shared);
        }
    }

    Output render(SheetSource.Directive directive, Context context) throws SectionException;
}
