package dev.tractor.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a tree's Unix domain sockets live: one owner-only directory per tree (named from a hash of the
 * tree's cookie, so every actor of the tree agrees on it), one socket file per actor.
 */
public final class UnixSockets {

    private UnixSockets() {
    }

    /** The socket path for actor {@code name}/{@code uuid} of the tree whose cookie is {@code cookie}. */
    public static Path socketFor(String cookie, String name, String uuid) {
        String safeName = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (safeName.length() > 24) {
            safeName = safeName.substring(0, 24);
        }
        return treeDirectory(cookie).resolve(safeName + "-" + uuid.substring(0, 8) + ".sock");
    }

    /** The tree's directory under the system temp directory. */
    public static Path treeDirectory(String cookie) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(cookie.getBytes(StandardCharsets.UTF_8));
            return Path.of(System.getProperty("java.io.tmpdir"), "tractor-" + HexFormat.of().formatHex(hash, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void prepareDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir);
            }
        }
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing more we can restrict
        }
    }

    /** Removes a socket file, and its directory once it is empty. */
    static void remove(Path socket) {
        try {
            Files.deleteIfExists(socket);
            Path dir = socket.getParent();
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(dir);
                }
            }
        } catch (IOException ignored) {
            // another actor of the tree still uses the directory, or it is already gone
        }
    }
}
