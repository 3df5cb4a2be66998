package dev.doksauth.sso;

/**
 * A sign-in that ended without a code because nobody finished it (time ran out, the code expired, the user
 * declined): {@link SsoSignIn} notes it, so that background callers do not start another at once.
 */
final class NotFinished extends RuntimeException {

    /** @param what what happened, a sentence without the advice to sign in */
    NotFinished(String what) {
        super(what, null, false, false);
    }
}
