"""How the API knows who calls: see hub.core.api_auth (re-exported here for the apps above accounts)."""

from hub.core.api_auth import READ, WRITE, Anonymous, Session, TokenAuth, caller, session_auth, token_auth

__all__ = ["READ", "WRITE", "Anonymous", "Session", "TokenAuth", "caller", "session_auth", "token_auth"]
