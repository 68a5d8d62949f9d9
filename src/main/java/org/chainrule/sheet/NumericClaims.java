package org.chainrule.sheet;

import org.chainrule.check.Judgement;
import org.chainrule.derive.Engine;
import org.chainrule.parse.SheetSource;

/** PLACEHOLDER (being written): numeric claims at the problem's \at point and iterates of its \descent. */
final class NumericClaims {
    private NumericClaims() {}

    static Judgement judge(SheetSource.Problem problem, SheetSource.Claim claim, int line, Engine engine) {
        return Judgement.unverifiable("not written yet");
    }
}
