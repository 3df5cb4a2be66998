package dev.doksauth.kubeconfig;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import io.fabric8.kubernetes.api.model.Config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One kubeconfig file: read into Fabric8's {@link Config} (which keeps the fields it does not model),
 * written back atomically, under the {@code FILE.lock} that client-go and kubectl take.
 */
public final class KubeconfigFile {

    static final long MAX_SIZE = 16L << 20;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private KubeconfigFile() {
    }

    /** The file's content, or an empty kubeconfig when the file does not exist or is empty. */
    public static Config read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw DoksAuthException.failure("the kubeconfig " + file + " is larger than 16 MiB; it was left as it is");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot read the kubeconfig " + file + ": " + e.getClass().getSimpleName(), e);
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return empty();
        }
        Config config;
        try {
            config = YAML.readValue(bytes, Config.class);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw DoksAuthException.failure("the kubeconfig " + file + " is not a kubeconfig kubectl could read" + where
                    + "; it was left as it is", e);
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot read the kubeconfig " + file + ": " + e.getClass().getSimpleName(), e);
        }
        if (config == null) {
            return empty();
        }
        if (config.getClusters() == null) {
            config.setClusters(new ArrayList<>());
        }
        if (config.getUsers() == null) {
            config.setUsers(new ArrayList<>());
        }
        if (config.getContexts() == null) {
            config.setContexts(new ArrayList<>());
        }
        return config;
    }

    static Config empty() {
        Config config = new Config();
        config.setApiVersion("v1");
        config.setKind("Config");
        config.setClusters(new ArrayList<>());
        config.setUsers(new ArrayList<>());
        config.setContexts(new ArrayList<>());
        return config;
    }

    /**
     * Replaces the file atomically: a temporary file beside it, then a rename. A symbolic link is
     * followed, so a kubeconfig kept elsewhere (a dotfiles repository) stays where it is. A new file
     * is 0600; an existing one keeps its permissions.
     */
    public static void write(Path file, Config config) {
        try {
            Path target = Files.exists(file) ? file.toRealPath() : file;
            Path dir = target.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Set<PosixFilePermission> permissions = Files.exists(target)
                    ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-------");
            Path temporary = dir.resolve("." + target.getFileName() + ".doks-auth-" + Long.toHexString(System.nanoTime())
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ".tmp");
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(temporary, YAML.writeValueAsBytes(config));
                Files.setPosixFilePermissions(temporary, permissions);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot write the kubeconfig " + file + " (" + e.getClass().getSimpleName()
                    + "); it was left as it was", e);
        }
    }

    /** Holds {@code FILE.lock}, created exclusively as client-go does, while the body runs. */
    public static <T> T locked(Path file, Deadline deadline, IoBody<T> body) {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot create the directory of " + file + ": " + e.getClass().getSimpleName(), e);
        }
        while (true) {
            try {
                Files.createFile(lock);
                break;
            } catch (FileAlreadyExistsException e) {
                if (deadline.passed()) {
                    throw DoksAuthException.failure(lock + " has been there for " + deadline.budget().toSeconds()
                            + " s: if no kubectl or doks-auth is writing " + file + ", delete it");
                }
                pause();
            } catch (IOException e) {
                throw DoksAuthException.failure("cannot lock " + file + " (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        try {
            return body.run();
        } finally {
            try {
                Files.deleteIfExists(lock);
            } catch (IOException e) {
                // a lock we cannot delete: kubectl will say so, naming the file
            }
        }
    }

    /** A step that runs under the lock. */
    @FunctionalInterface
    public interface IoBody<T> {
        T run();
    }

    private static void pause() {
        try {
            // Another writer holds it for the few milliseconds of a read-modify-write.
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 40));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DoksAuthException.failure("interrupted while waiting for a kubeconfig lock");
        }
    }
}
