package dev.tractor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.testing.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the demo exactly as the README's first command does, and checks what it prints. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoMainTests {

    @Test
    void theDemoShowsEveryCallStyleAndLeavesNoProcess() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            DemoMain.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);
        assertThat(out).contains(
                "[demo] calc.square(7) = 49",
                "[demo] typed proxy: square(12) = 144",
                "[demo] method reference: square(5) = 25",
                "[demo] remote error: java.lang.ArithmeticException from calc: / by zero",
                "[demo] streamed 10000 numbers, sum 49995000",
                "[demo] echo: structured -> STRUCTURED",
                "[demo] context returned 2",
                "[demo] runInActor result: 81",
                "[demo] nursery closed; child processes left: 0");
    }
}
