# Varnish in front of the platform's gunicorn (Varnish 7). It keeps reader pages for the
# time their Cache-Control allows and drops them when the platform purges their
# surrogate keys after an approval (reviews.frontend_cache sends BAN requests here).
# Everything personal passes: the admin, logged-in staff, forms, the API, lab values.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the platform's own processes.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from here"));
        }
        if (!req.http.X-Surrogate-Ban) {
            return (synth(400, "X-Surrogate-Ban is required"));
        }
        ban("obj.http.Surrogate-Key ~ " + req.http.X-Surrogate-Ban);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, the API and logged-in staff are never served from the cache.
    if (req.url ~ "^/(admin|api)/" || req.http.Authorization || req.http.Cookie ~ "sessionid=") {
        return (pass);
    }
    # A reader whose wording is remembered is sent by the platform to its address.
    if (req.http.Cookie ~ "(^|;\s*)audience=" && req.url !~ "[?&]audience=") {
        return (pass);
    }
    # Reader pages depend on their address alone: cookies do not split the cache.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Pages the platform marks private or no-store are never kept (Varnish's own rule);
    # the rest are kept for their s-maxage, and served stale while one is refetched.
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
