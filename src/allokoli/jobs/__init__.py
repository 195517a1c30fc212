"""Background jobs: what runs after a commit or on a timer, and where it runs.

The job functions (`tasks`) are the same everywhere. On the embedded default they run in the web
process (`inline`); with `ALLOKOLI_JOB_ENGINE=procrastinate` they run in `allokoli worker`
processes on PostgreSQL (`queue`), fed from the transactional outbox. See
docs/decisions/0005-job-engine.md.
"""
