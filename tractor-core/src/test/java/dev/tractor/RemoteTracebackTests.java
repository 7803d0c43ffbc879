package dev.tractor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A remote error's traceback text becomes the cause chain of the local exception, frames included. */
class RemoteTracebackTests {

    private static final ActorUid WORKER = new ActorUid("worker", "0b5c6c3e-0000-4000-8000-000000000001");

    private static String traceOf(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void thePrintedStackTraceShowsTheRemoteFramesAndCauses() {
        IllegalStateException remote = new IllegalStateException("deep trouble",
                new java.io.IOException("disk gone"));
        remote.addSuppressed(new RuntimeException("also this"));
        RemoteActorError error = new RemoteActorError("actor worker failed", remote.getClass().getName(),
                "deep trouble", traceOf(remote), WORKER, List.of());

        assertThat(error.getCause()).isInstanceOf(RemoteTraceback.class)
                .hasMessage("in actor " + WORKER + ": java.lang.IllegalStateException: deep trouble");
        assertThat(error.getCause().getStackTrace()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.getClassName()).doesNotContain("/").isNotBlank())
                .anySatisfy(f -> {
                    assertThat(f.getClassName()).isEqualTo(RemoteTracebackTests.class.getName());
                    assertThat(f.getMethodName()).isEqualTo("thePrintedStackTraceShowsTheRemoteFramesAndCauses");
                    assertThat(f.getFileName()).isEqualTo("RemoteTracebackTests.java");
                    assertThat(f.getLineNumber()).isPositive();
                });
        assertThat(error.getCause().getCause()).isInstanceOf(RemoteTraceback.class)
                .hasMessage("java.io.IOException: disk gone");
        String printed = traceOf(error);
        assertThat(printed).contains("Caused by: in actor " + WORKER + ": java.lang.IllegalStateException: deep trouble")
                .contains("at " + RemoteTracebackTests.class.getName() + ".thePrintedStackTraceShowsTheRemoteFramesAndCauses(")
                .contains("Caused by: java.io.IOException: disk gone")
                .doesNotContain("RemoteTraceback:");
    }

    @Test
    void framesOfModulesNativeMethodsAndUnknownSourcesAreRead() {
        String text = """
                java.lang.RuntimeException: boom
                \tat java.base/java.lang.Thread.run(Thread.java:1583)
                \tat app@1.0/com.example.Worker.work(Native Method)
                \tat com.example.Gen$1.call(Unknown Source)
                \t... 4 more
                """;
        RemoteActorError error = new RemoteActorError("x", "java.lang.RuntimeException", "boom", text, WORKER, List.of());
        assertThat(error.getCause().getStackTrace()).extracting(StackTraceElement::toString).containsExactly(
                "java.lang.Thread.run(Thread.java:1583)", "com.example.Worker.work(Native Method)",
                "com.example.Gen$1.call(Unknown Source)");
    }

    @Test
    void noTracebackMeansNoCause() {
        assertThat(new RemoteActorError("x", "T", "m", null, WORKER, List.of()).getCause()).isNull();
        assertThat(new RemoteActorError("x", "T", "m", "  ", WORKER, List.of()).getCause()).isNull();
    }
}
