package org.chainrule.render.pdf;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * The renderer's one-time set-up, started early on two daemon threads: jlatexmath's tables and fonts
 * (~0.2 s cold) on one, PDFBox and the text fonts on the other, while the command line and the formula
 * are parsed on the main thread. Whoever needs a piece first simply waits for what is under way: class
 * initialisation runs once whatever the threads, and {@link Tex} holds one lock. A failure here is
 * ignored: the real run meets it again and reports it.
 */
public final class WarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private WarmUp() {}

    /** Starts the set-up once per JVM; returns at once. */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) return;
        daemon("warm-up-tex", () -> Tex.layout("x^{2}", FormulaPdf.SIZE, Tex.Style.DISPLAY));
        daemon("warm-up-pdf", () -> {
            try (PDDocument pdf = new PDDocument()) {
                pdf.addPage(new PDPage());
                new Fonts(pdf).runs("x", Fonts.Face.SANS);
                pdf.save(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the real run reports it
            }
        });
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError e) {
                // the real run reports it
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
