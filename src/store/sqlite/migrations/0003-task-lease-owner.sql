-- The process that holds a task's lease (see src/store/sqlite/tasks.c):
-- "<boot id>/<pid namespace>/<pid>/<process start time>", NULL when no one
-- does. Recovery and claims treat the lease of an owner that provably no
-- longer runs as expired, so a restarted node resumes a crashed node's task
-- at once, and leaves alone a task that another live process is running.
ALTER TABLE task ADD COLUMN lease_owner TEXT;
