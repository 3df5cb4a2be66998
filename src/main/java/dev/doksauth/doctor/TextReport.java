package dev.doksauth.doctor;

import dev.doksauth.report.Phrases;

import java.io.PrintStream;
import java.util.Locale;

/** The report for a person: one line per check (status, name, what was found), what to do under each problem. */
final class TextReport {

    private static final int NAME_WIDTH = 18;

    private TextReport() {
    }

    static void print(Report report, PrintStream out) {
        out.println("Checking context " + (report.context() == null ? "(none)" : "'" + Phrases.printable(report.context(), 200) + "'")
                + " as kubectl would use it:");
        for (Check check : report.checks()) {
            out.println(String.format(Locale.ROOT, "%-8s %-" + NAME_WIDTH + "s %s", check.status().word(), check.name(),
                    check.sentence()));
            if (check.toDo() != null) {
                String indent = " ".repeat(9 + NAME_WIDTH + 1);
                out.println(indent + "to do: " + check.toDo().replace("\n", "\n" + indent + "  "));
            }
        }
        out.println(report.summary());
    }
}
