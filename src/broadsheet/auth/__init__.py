"""Passwords and tokens: hashing and constant-time checks, shared by the web app and the APIs."""
