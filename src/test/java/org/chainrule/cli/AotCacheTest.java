package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ahead-of-time cache does its job: the launcher's training for a command (here parse, the fastest)
 * makes a cache the JVM accepts (-XX:AOTMode=on fails when it cannot map it), and a run of that command
 * takes chainrule's classes from the cache ("source: shared objects file") instead of the jar. JDK 25+
 * only. The cache cannot hold classes from directories, so the compiled classes are packed into a jar.
 */
class AotCacheTest {

    @Test
    void trainingForACommandMakesACacheThatItsRunsUse(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "AOT caches need JDK 25+");
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isDirectory(classes), "runs against target/classes");
        Path jar = dir.resolve("chainrule.jar");
        pack(classes, jar);
        List<String> cp = new ArrayList<>(List.of(jar.toString()));
        for (String e : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator))
            if (e.endsWith(".jar") && !e.contains("surefire")) cp.add(e);
        String classPath = String.join(File.pathSeparator, cp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path aot = dir.resolve("parse.aot");

        Run training = run(dir, java, "-XX:AOTCacheOutput=" + aot, "-D" + AotTraining.PROPERTY + "=parse",
                "-cp", classPath, Main.class.getName());
        assertEquals(0, training.code(), training.output());
        assertTrue(Files.size(aot) > 0, training.output());

        Run used = run(dir, java, "-XX:AOTCache=" + aot, "-XX:AOTMode=on", "-Xlog:aot*=off", "-Xlog:class+load=info",
                "-cp", classPath, Main.class.getName(), "parse", "\\sigma(w x) + \\frac{1}{2} w^2");
        assertEquals(0, used.code(), used.output());
        List<String> ours = used.output().lines().filter(l -> l.contains("[class,load] org.chainrule.")).toList();
        long cached = ours.stream().filter(l -> l.contains("source: shared objects file")).count();
        assertTrue(ours.stream().anyMatch(l -> l.contains("org.chainrule.parse.FormulaParser source: shared objects file")),
                String.join("\n", ours));
        // lambdas and the like are spun at run time; the classes themselves come from the cache
        assertTrue(cached >= 0.9 * ours.size(), cached + " of " + ours.size() + " from the cache:\n" + String.join("\n", ours));
    }

    private record Run(int code, String output) {}

    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
    }
}
