package dev.tractor.transport;

/**
 * Text a peer supplied, made safe for a log line: control and other non-printing characters are escaped (a
 * newline cannot start a forged line) and the text is cut at {@link #MAX_CHARS} characters, saying how much was cut.
 */
public final class LogText {

    /** The most characters of peer-supplied text a log line carries. */
    public static final int MAX_CHARS = 300;

    private LogText() {
    }

    public static String clean(Object value) {
        String text = String.valueOf(value);
        int shown = Math.min(text.length(), MAX_CHARS);
        StringBuilder s = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        if (text.length() > shown) {
            s.append("… (").append(text.length() - shown).append(" more characters)");
        }
        return s.toString();
    }
}
