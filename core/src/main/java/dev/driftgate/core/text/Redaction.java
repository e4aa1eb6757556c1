package dev.driftgate.core.text;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one place that removes credentials from text the product prints, logs or writes (scorecard,
 * PR comment, step summary, stderr, gateway log). Works on free text, not only on a bare URL,
 * because credentials mostly arrive inside driver and HTTP error messages. Removes:
 * <ul>
 *   <li>userinfo of a URL ({@code jdbc:postgresql://user:pass@host} and a bare {@code user:pass@host},
 *       which is what drivers echo when they took the userinfo for a host name);</li>
 *   <li>secret-looking parameters in query strings and key=value lists ({@code password=},
 *       {@code token=}, {@code access_token=}, {@code api_key=}, {@code secret=}, {@code sig=},
 *       {@code X-Amz-Signature=}, ...);</li>
 *   <li>any known secret value handed in by the caller (a password from the environment, a token).</li>
 * </ul>
 * Over-redaction is accepted: a shown {@code ***} costs nothing, a shown password costs a rotation.
 */
public final class Redaction {
    public static final String MASK = "***";

    /** scheme://userinfo@ : everything between "//" and "@" before the host. */
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/\\s@?#]+@");
    /** user:pass@host with no scheme (e.g. an UnknownHostException naming "user:pass@db"). */
    private static final Pattern BARE_USERINFO = Pattern.compile("(?<![\\w/.%:-])[^\\s/@:'\"=]+:[^\\s/@'\"]+@(?=[\\w\\[])");
    /** name=value where the name says the value is secret; the name may carry a prefix (x-amz-, client_). */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)(?<![\\w-])((?:[\\w-]*[_-])?(?:password|passwd|pwd|pass|token|secret|signature|sig|credential"
                    + "|api[_-]?key|apikey|key|auth|authorization)=)[^&;\\s#'\"]*");

    private Redaction() {
    }

    /** {@code text} with URL credentials and secret parameters masked; null stays null. */
    public static String redact(String text) {
        return redact(text, List.of());
    }

    /** As {@link #redact(String)}, also masking every occurrence of each known secret value. */
    public static String redact(String text, Collection<String> knownSecrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : knownSecrets) {
            // very short values would mask ordinary words and say which letters the secret has
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, MASK);
            }
        }
        out = URL_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
        out = BARE_USERINFO.matcher(out).replaceAll(MASK + "@");
        return SECRET_PARAM.matcher(out).replaceAll("$1" + MASK);
    }
}
