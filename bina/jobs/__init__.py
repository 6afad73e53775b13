"""Background jobs: one base model, one state machine, heartbeats, and reclaiming jobs whose worker died.

A domain job (an import, a certificate batch) is a model inheriting `bina.jobs.models.Job`, registered
with `bina.jobs.registry.register_job` together with the function that queues a run of it. Its task
calls `job_claim`, works inside `Heartbeat`, and ends with `job_finish` or `job_fail`
(`bina.jobs.services`). `manage.py reclaim_jobs` gives a job whose heartbeat stopped back to the
queue, or fails it once it used up its attempts. Periodic work (the reclaim every minute, complaint
escalation, ...) is registered with `bina.jobs.periodic.register_periodic` and run by the one loop
`manage.py run_periodic`. Core level: imports only `bina.core` and Django.
"""
