package org.chainrule.parse;
public class Try {
    public static void main(String[] a) throws Exception {
        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, "UTF-8"));
        for (String l; (l = r.readLine()) != null; ) {
            if (l.isBlank()) continue;
            String s = l.replace("\\n", "\n");
            try { System.out.print(s + "\n  => " + TreeText.of(FormulaParser.parse(s)).replace("\n", "\n     ")); System.out.println(); }
            catch (ParseException e) { System.out.println(s + "\n  !! " + e.line() + ":" + e.column() + ": " + e.reason()); }
            catch (Throwable t) { System.out.println(s + "\n  ** " + t); t.printStackTrace(System.out); }
        }
    }
}
