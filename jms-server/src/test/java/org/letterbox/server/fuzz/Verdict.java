package org.letterbox.server.fuzz;

import java.util.ArrayList;
import java.util.List;

/** The checks of a fuzz run: each passes or fails with its evidence; the test fails if any failed, naming them all. */
final class Verdict {
    private final List<String> lines = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    void check(String check, boolean ok, String evidence) {
        lines.add((ok ? "PASS " : "FAIL ") + check + (evidence.isEmpty() ? "" : ": " + evidence));
        if (!ok) {
            failures.add(check + ": " + evidence);
        }
    }

    void check(String check, List<String> problems) {
        check(check, problems.isEmpty(), problems.isEmpty() ? "" : String.join("\n    ", problems));
    }

    /** A line of the report that is no check: a figure worth seeing next to them. */
    void note(String line) {
        lines.add("     " + line);
    }

    List<String> failures() {
        return failures;
    }

    String report() {
        return String.join("\n", lines);
    }
}
