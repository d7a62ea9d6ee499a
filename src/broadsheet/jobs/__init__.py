"""Deciding when feeds run: schedules, and the in-process poller."""
