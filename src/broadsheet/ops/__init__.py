"""Running Broadsheet day to day: backups, retention, metrics, readiness and request logs.

Public API::

    backup_store(db_url, dest) / restore_store(backup, db_url, force=...)   ops.backup
    RetentionPolicy, run_retention, retention_forever, is_expired             ops.retention
    Metrics                                                                   ops.metrics
    router (/metrics, /readyz), install(app, settings, store, metrics)        ops.routes
    RequestIdMiddleware, JsonFormatter, RedactingFilter, RequestIdFilter      ops.logs / middleware
    render_configuration_doc()                                                ops.configdocs
"""
