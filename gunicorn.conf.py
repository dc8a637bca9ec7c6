# Read by gunicorn when it is started from this folder (see the README's production notes).
logger_class = "portal.access_log.RedactingLogger"

# Never take SCRIPT_NAME, PATH_INFO or REMOTE_USER from request headers: gunicorn would by
# default accept SCRIPT_NAME/PATH_INFO from a "trusted" forwarder (127.0.0.1, where the TLS
# proxy runs and passes the client's headers on), so a client could choose the prefix
# Django strips before it resolves the path. Headers that cannot map unambiguously
# (underscores) are dropped.
forwarder_headers = ""
header_map = "drop"
