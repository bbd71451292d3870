# Varnish in front of a site that uses supplements_cms, with purging from the app servers
# (PURGE_BACKEND = "supplements_cms.delivery.purging.HTTPPurge"). The tests and the load test run this
# file with the backend's address filled in.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app servers. Everyone else gets a 405.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Every variant of the URL (each Accept-Language) goes.
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # The whole site under the package's root, after a change shown on every page.
        ban("req.http.host == " + req.http.host + " && req.url ~ ^" + req.http.X-Ban-Prefix);
        return (synth(200, "Banned"));
    }
}

sub vcl_deliver {
    # For people and tests: whether the page came from Varnish's cache.
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
