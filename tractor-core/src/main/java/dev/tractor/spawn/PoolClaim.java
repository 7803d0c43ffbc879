package dev.tractor.spawn;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How a parent hands a pre-started child JVM from its warm pool the identity it takes on: the child's name and
 * uuid, the parent's address, and the environment a cold child would have been started with (its inherited
 * configuration and the cookie). It travels over the child's stdin, a pipe only the parent holds — never on the
 * command line. One frame: a 4-byte length, then the entries as properties text (UTF-8).
 *
 * @param uid    the identity the child takes on
 * @param parent where it connects back
 * @param env    what a cold child would have found in its environment ({@link ChildEnvironment})
 */
public record PoolClaim(ActorUid uid, Address parent, Map<String, String> env) {

    /** The argument a pooled child JVM gets instead of an identity: it waits for its {@link PoolClaim} on stdin. */
    public static final String POOLED = "--pooled";

    private static final int MAX_BYTES = 1 << 20;

    public PoolClaim {
        env = Map.copyOf(env);
    }

    /** Writes this claim to a pooled child's stdin and flushes it. */
    public void writeTo(OutputStream stdin) throws IOException {
        Properties p = new Properties();
        env.forEach((k, v) -> p.setProperty("env." + k, v));
        p.setProperty("name", uid.name());
        p.setProperty("uuid", uid.uuid());
        p.setProperty("parent", parent.toString());
        StringWriter text = new StringWriter();
        p.store(text, null);
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(bytes.length + 4);
        DataOutputStream out = new DataOutputStream(frame);
        out.writeInt(bytes.length);
        out.write(bytes);
        stdin.write(frame.toByteArray());
        stdin.flush();
    }

    /**
     * Blocks until the parent claims this pooled child; null if stdin ended first (the parent closed its pool or is
     * gone), in which case the child should exit.
     *
     * @throws IOException if what arrived is not a claim
     */
    public static PoolClaim readFrom(InputStream stdin) throws IOException {
        DataInputStream in = new DataInputStream(stdin);
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length <= 0 || length > MAX_BYTES) {
            throw new IOException("not a pool claim: length " + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            return null;
        }
        Properties p = new Properties();
        p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        Map<String, String> env = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("env.")) {
                env.put(key.substring(4), p.getProperty(key));
            }
        }
        String name = p.getProperty("name");
        String uuid = p.getProperty("uuid");
        String parent = p.getProperty("parent");
        if (name == null || uuid == null || parent == null) {
            throw new IOException("not a pool claim: name, uuid or parent missing");
        }
        return new PoolClaim(new ActorUid(name, uuid), Address.parse(parent), env);
    }
}
