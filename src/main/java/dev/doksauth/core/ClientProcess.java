package dev.doksauth.core;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process that runs us (kubectl), as the launcher names it (its PID, in {@code launcher.LauncherProtocol.CLIENT_PID}).
 *
 * <p>client-go runs the plugin again after the cluster answered 401, from the same process; the
 * Google Cloud SDK's {@code kubectl} is a dispatcher that runs the plugin and then execs the
 * version-matched kubectl in the same process, which runs it again. Both keep the PID; only the
 * retry keeps the program. So a client is its PID, its start time (PIDs are reused) and the program
 * it runs, where Linux's /proc tells them; elsewhere its PID alone, which makes every repeated run a
 * suspicion (a check with the cluster: slower, never wrong).
 *
 * @param pid      decimal digits; chooses the record's slot
 * @param identity everything known of the process, compared whole
 */
public record ClientProcess(String pid, String identity) {

    private static final int MAX_PID_DIGITS = 10;

    /** The client named by the launcher's variable, or null when it is missing or not a PID. */
    public static ClientProcess of(String pid) {
        if (pid == null || pid.isEmpty() || pid.length() > MAX_PID_DIGITS) {
            return null;
        }
        for (int i = 0; i < pid.length(); i++) {
            if (pid.charAt(i) < '0' || pid.charAt(i) > '9') {
                return null;
            }
        }
        String startTime = startTime(pid);
        String program = program(pid);
        return new ClientProcess(pid, startTime == null || program == null ? pid : pid + " " + startTime + " " + program);
    }

    /** Field 22 of /proc/PID/stat, in clock ticks since boot; the name in field 2 may hold spaces and parentheses. */
    private static String startTime(String pid) {
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            String stat = new String(in.readNBytes(4096), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields.length > 19 ? fields[19] : null; // fields[0] is field 3
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The program the process runs now: an exec changes it, a retry does not. */
    private static String program(String pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
