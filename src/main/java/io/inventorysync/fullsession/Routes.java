package io.inventorysync.fullsession;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;

/** The front door's four exact paths; query strings and fragments are ignored. */
final class Routes {

    /** {@code kind} null: refused, {@code 405} with {@code allow} when the path is known, else {@code 404}. */
    record Resolution(RouteKind kind, String allow) {}

    private record Route(HttpMethod method, RouteKind kind) {}

    private static final Map<String, Route> BY_PATH = Map.of(
            "/stateful", new Route(HttpMethod.POST, RouteKind.STATEFUL),
            "/agents", new Route(HttpMethod.DELETE, RouteKind.DELETE_AGENT),
            "/agents/delete", new Route(HttpMethod.POST, RouteKind.DELETE_AGENT),
            "/_internal/agents/delete", new Route(HttpMethod.POST, RouteKind.DELETE_AGENT_JSON));

    private static final Resolution NOT_FOUND = new Resolution(null, null);

    private Routes() {}

    static Resolution resolve(HttpMethod method, String uri) {
        Route route = BY_PATH.get(path(uri));
        if (route == null) {
            return NOT_FOUND;
        }
        return route.method().equals(method)
                ? new Resolution(route.kind(), null)
                : new Resolution(null, route.method().name());
    }

    /** The path of an origin-form ({@code /a?b}) or absolute-form ({@code http://host/a}) request target. */
    static String path(String uri) {
        int start = 0;
        if (!uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            if (scheme < 0) {
                return uri; // "*" or garbage: matches nothing
            }
            start = uri.indexOf('/', scheme + 3);
            if (start < 0) {
                return "/";
            }
        }
        int end = uri.length();
        for (int i = start; i < end; i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
            }
        }
        return uri.substring(start, end);
    }
}
