"""Every write of the idea exchange: pages, API and commands call these functions.

Each checks the actor's rights (hub.exchange.policies), validates, writes in one transaction through
hub.core.services where it can (logged, versioned, ``Conflict`` on a stale version), and logs what it
changes. challenges.py: the register; requests.py: collaboration requests and the collaborations they
start; follows.py: follows, digest subscriptions and unsubscribing.
"""

from hub.core.services import Conflict
from hub.exchange.services.challenges import create_challenge, update_challenge
from hub.exchange.services.follows import (
    NotFollowable,
    follow,
    set_digest_period,
    unfollow,
    unsubscribe_token,
    unsubscribe_with_token,
)
from hub.exchange.services.requests import (
    WrongState,
    accept_request,
    add_collaboration_member,
    answer_request,
    decline_request,
    send_request,
    update_collaboration,
    withdraw_request,
)

__all__ = [
    "Conflict",
    "NotFollowable",
    "WrongState",
    "accept_request",
    "add_collaboration_member",
    "answer_request",
    "create_challenge",
    "decline_request",
    "follow",
    "send_request",
    "set_digest_period",
    "unfollow",
    "unsubscribe_token",
    "unsubscribe_with_token",
    "update_challenge",
    "update_collaboration",
    "withdraw_request",
]
