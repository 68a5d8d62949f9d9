package org.chainrule;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.chainrule.cli.Main;
import org.junit.jupiter.api.Test;

/**
 * The org.chainrule packages depend on one another without cycles, read from the compiled classes:
 * every class or descriptor a class file's constant pool names is a dependency of its package.
 */
class PackageCyclesTest {

    private static final Pattern TYPE = Pattern.compile("org/chainrule/((?:[a-z0-9_]+/)*[a-z0-9_]+)/[A-Z]");

    @Test
    void noPackageCycles() throws Exception {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.size() > 10, "found too few packages: " + deps.keySet());
        List<Set<String>> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(deps)) if (component.size() > 1) cycles.add(component);
        StringBuilder why = new StringBuilder();
        for (Set<String> c : cycles) {
            why.append("\ncycle among ").append(c).append(':');
            for (String p : c)
                for (String q : deps.get(p)) if (c.contains(q)) why.append("\n  ").append(p).append(" -> ").append(q);
        }
        assertTrue(cycles.isEmpty(), why.toString());
    }

    @Test
    void theReaderSeesKnownDependencies() throws Exception {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.get("org.chainrule.derive").contains("org.chainrule.derive.rules"), deps.toString());
        assertTrue(deps.get("org.chainrule.derive.rules").contains("org.chainrule.derive.core"), deps.toString());
        assertFalse(deps.get("org.chainrule.derive.core").contains("org.chainrule.derive"), deps.toString());
    }

    /** Package → the other org.chainrule packages its classes refer to. */
    static Map<String, Set<String>> dependencies() throws Exception {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String pkg = classes.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), ".");
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (String s : utf8Constants(f)) {
                    Matcher m = TYPE.matcher(s);
                    while (m.find()) {
                        String to = "org.chainrule." + m.group(1).replace('/', '.');
                        if (!to.equals(pkg)) out.add(to);
                    }
                }
            }
        }
        for (Set<String> targets : List.copyOf(deps.values()))
            for (String t : targets) deps.computeIfAbsent(t, k -> new TreeSet<>());
        return deps;
    }

    /** The strings of a class file's constant pool: class names, descriptors and signatures among them. */
    static List<String> utf8Constants(Path classFile) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file: " + classFile);
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> out.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IOException("unknown constant tag " + tag + " in " + classFile);
                }
            }
        }
        return out;
    }

    /** Tarjan's strongly connected components of the dependency graph. */
    static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : graph.keySet()) if (!index.containsKey(v)) visit(v, graph, index, low, stack, onStack, out);
        return out;
    }

    private static void visit(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                              Deque<String> stack, Set<String> onStack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.get(v)) {
            if (!index.containsKey(w)) {
                visit(w, graph, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}
