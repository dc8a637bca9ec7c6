# Read by gunicorn when it is started from this folder (see the README's production notes).
logger_class = "portal.access_log.RedactingLogger"
