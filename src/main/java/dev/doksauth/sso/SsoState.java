package dev.doksauth.sso;

import dev.doksauth.json.Jackson;
import dev.doksauth.json.JsonException;
import dev.doksauth.json.SnakeCase;

import java.util.List;
import java.util.Map;

/**
 * What the cache keeps beside an SSO identity's ID token, as JSON text that only this package reads:
 * the provider's discovery document and keys (so that refreshing needs no discovery fetch, and a cache hit
 * no network at all), the refresh token, the scopes granted for, and the nonce the first ID token was
 * issued with (a refreshed ID token that carries a nonce must carry that one).
 *
 * @param refreshToken null when the provider gave none (or with --sso-no-refresh)
 * @param nonce        null after a device grant, which has none
 */
record SsoState(Map<String, Object> discovery, Map<String, Object> keys, String refreshToken, List<String> scopes,
                String nonce) {

    static final int VERSION = 1;

    /** The state as it is stored: versioned, so that a state of another shape is dropped, not misread. */
    private record Stored(int version, Map<String, Object> discovery, Map<String, Object> keys,
                          String refreshToken, List<String> scopes, String nonce) implements SnakeCase {
        @Override
        public String toString() {
            return "Stored[version " + version + "]"; // never the refresh token
        }
    }

    String toJson() {
        return Jackson.write(new Stored(VERSION, discovery, keys, refreshToken, scopes, nonce));
    }

    /** The state, or null when there is none or it is of another shape (then the next sign-in replaces it). */
    static SsoState parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Stored stored;
        try {
            stored = Jackson.read(text, Stored.class);
        } catch (JsonException e) {
            return null;
        }
        if (stored.version() != VERSION || stored.discovery() == null || stored.keys() == null || stored.scopes() == null
                || stored.scopes().contains(null)) {
            return null;
        }
        return new SsoState(stored.discovery(), stored.keys(), stored.refreshToken(), stored.scopes(), stored.nonce());
    }

    @Override
    public String toString() {
        return "SsoState[" + (refreshToken == null ? "no refresh token" : "with a refresh token") + ", scopes=" + scopes + "]";
    }
}
