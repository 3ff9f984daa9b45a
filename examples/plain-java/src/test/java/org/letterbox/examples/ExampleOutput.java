package org.letterbox.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs an example's {@code main} and returns what it printed to {@code System.out}. */
final class ExampleOutput {

    interface Main {
        void run(String[] args) throws Exception;
    }

    static String capture(Main main, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            main.run(args);
        } finally {
            System.setOut(original);
        }
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(output); // still show it in the test log
        return output;
    }

    private ExampleOutput() {
    }
}
