package dev.tractor.transport;

import dev.tractor.TractorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The per-user cookie file, as Erlang keeps {@code ~/.erlang.cookie}: a root without a configured cookie reads the
 * tree's secret from it, so one user's programs meet in one registry while other users of the host cannot. Created
 * on first use with 32 random bytes (base64url) and owner-only permissions, atomically, so two programs starting at
 * once agree on one cookie; a file that others may read or write is refused. Thread-safe.
 */
public final class CookieFile {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private CookieFile() {
    }

    /**
     * The cookie in {@code file}, creating the file first if it does not exist.
     *
     * @throws TractorException if the file cannot be read or created, is empty, or is open to other users
     */
    public static String readOrCreate(Path file) {
        Path path = file.toAbsolutePath();
        try {
            if (!Files.exists(path)) {
                create(path);
            }
            checkOwnerOnly(path);
            String cookie = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (cookie.isEmpty()) {
                throw new TractorException("the cookie file " + path + " is empty; delete it to have a new cookie"
                        + " made, or write the tree's cookie into it");
            }
            return cookie;
        } catch (IOException e) {
            throw new TractorException("cannot read or create the cookie file " + path + ": " + e
                    + " (set tractor.cookie-file / TractorConfig.Builder.cookieFile to another place, or configure"
                    + " a cookie)", e);
        }
    }

    private static void create(Path path) throws IOException {
        Path dir = path.getParent();
        boolean posix = Files.getFileAttributeView(dir.getRoot(), PosixFileAttributeView.class) != null;
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
        Path draft = Files.createTempFile(dir, ".cookie-", ".tmp", ownerOnly);
        try {
            Files.writeString(draft, HandshakeCrypto.randomCookie() + "\n", StandardCharsets.UTF_8);
            try {
                Files.createLink(path, draft);
            } catch (FileAlreadyExistsException raced) {
                // another program created it first: both use that one
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                if (!Files.exists(path)) {
                    Files.move(draft, path);
                }
            }
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    private static void checkOwnerOnly(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        for (PosixFilePermission p : perms) {
            if (!p.name().startsWith("OWNER_")) {
                throw new TractorException("the cookie file " + path + " is open to other users ("
                        + PosixFilePermissions.toString(perms) + "); make it owner-only: chmod 600 " + path);
            }
        }
    }
}
