package dev.tractor.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where actors' Unix domain sockets live: one owner-only directory per user under the temp directory
 * ({@code tractor-<user>}), one socket file per actor named after the actor's name and uuid. Nothing in the path is
 * derived from the tree's cookie. A directory of that name that another user owns, or that others may enter, is
 * refused rather than used.
 */
public final class UnixSockets {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private UnixSockets() {
    }

    /** The socket path for actor {@code name}/{@code uuid}. */
    public static Path socketFor(String name, String uuid) {
        return directory().resolve(safe(name, 24) + "-" + uuid.substring(0, Math.min(8, uuid.length())) + ".sock");
    }

    /** This user's socket directory under the system temp directory. */
    public static Path directory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "tractor-" + safe(System.getProperty("user.name", "user"), 32));
    }

    private static String safe(String text, int max) {
        String s = text.replaceAll("[^A-Za-z0-9_.-]", "_");
        return s.length() > max ? s.substring(0, max) : s;
    }

    static void prepareDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir);
                return;
            }
        }
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return;   // not a POSIX file system: nothing more we can check
        }
        UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!attrs.isDirectory() || !attrs.owner().equals(me)) {
            throw new IOException(dir + " is not a directory owned by " + me.getName()
                    + "; remove it or set java.io.tmpdir to a private directory");
        }
        if (!EnumSet.copyOf(attrs.permissions()).equals(EnumSet.copyOf(OWNER_ONLY))) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
    }

    /** Removes a socket file. */
    static void remove(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // already gone
        }
    }
}
