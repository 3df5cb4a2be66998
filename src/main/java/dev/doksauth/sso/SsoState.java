package dev.doksauth.sso;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.LinkedHashMap;
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

    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", VERSION);
        json.put("discovery", discovery);
        json.put("keys", keys);
        if (refreshToken != null) {
            json.put("refresh_token", refreshToken);
        }
        json.put("scopes", scopes);
        if (nonce != null) {
            json.put("nonce", nonce);
        }
        return JSONObjectUtils.toJSONString(json);
    }

    /** The state, or null when there is none or it is of another shape (then the next sign-in replaces it). */
    static SsoState parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Map<String, Object> json = JSONObjectUtils.parse(text);
            if (JSONObjectUtils.getInt(json, "version") != VERSION) {
                return null;
            }
            Map<String, Object> discovery = JSONObjectUtils.getJSONObject(json, "discovery");
            Map<String, Object> keys = JSONObjectUtils.getJSONObject(json, "keys");
            List<String> scopes = JSONObjectUtils.getStringList(json, "scopes");
            if (discovery == null || keys == null || scopes == null) {
                return null;
            }
            return new SsoState(discovery, keys, JSONObjectUtils.getString(json, "refresh_token"), scopes,
                    JSONObjectUtils.getString(json, "nonce"));
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "SsoState[" + (refreshToken == null ? "no refresh token" : "with a refresh token") + ", scopes=" + scopes + "]";
    }
}
