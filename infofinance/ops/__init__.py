"""Operations: the worker's bookkeeping (heartbeats, the periodic jobs' lock and last runs), the
re-queueing of tasks whose worker died, and the health of the task queue (`manage.py
tasks_health` and a staff page in the admin)."""
