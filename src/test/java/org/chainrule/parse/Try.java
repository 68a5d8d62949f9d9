package org.chainrule.parse;
public class Try {
    public static void main(String[] a) throws Exception {
        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, "UTF-8"));
        boolean tsv = a.length > 0;
        for (String l; (l = r.readLine()) != null; ) {
            if (l.isBlank()) continue;
            String s = tsv ? l.split("\t", 3)[2] : l;
            try { Parsed p = FormulaParser.parse(s); if (!tsv) System.out.println(s + "\n  => " + TreeText.of(p).replace("\n", "\n     ")); }
            catch (ParseException e) { System.out.println((tsv ? l.split("\t")[0] + " " : "") + s + "\n  !! " + e.line() + ":" + e.column() + ": " + e.reason()); }
            catch (Throwable t) { System.out.println(s + "\n  ** " + t); t.printStackTrace(System.out); }
        }
    }
}
