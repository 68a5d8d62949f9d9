package org.chainrule.cli.args;

import java.io.PrintWriter;

/** Where a command writes its text: standard output and standard error, or what a test captures. */
public record Io(PrintWriter out, PrintWriter err) {}
