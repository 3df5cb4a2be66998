package dev.doksauth.doctor;

import java.util.Locale;

/**
 * One link of the chain a credential depends on, as {@code doctor} found it.
 *
 * @param name     what was checked, a few words ("cached credential")
 * @param sentence what was found; never a secret
 * @param toDo     what to do about a warning or problem, or null
 */
public record Check(String name, Status status, String sentence, String toDo) {

    public enum Status {
        OK, WARNING, PROBLEM;

        /** "ok", "warning", "problem": the word in both outputs. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Check ok(String name, String sentence) {
        return new Check(name, Status.OK, sentence, null);
    }

    static Check warning(String name, String sentence, String toDo) {
        return new Check(name, Status.WARNING, sentence, toDo);
    }

    static Check problem(String name, String sentence, String toDo) {
        return new Check(name, Status.PROBLEM, sentence, toDo);
    }
}
