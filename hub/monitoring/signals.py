"""What the review chain tells other apps, inside the transition's transaction.

Receivers run in the same transaction as the step (an error in one undoes the step), so whatever they
derive from an update — e.g. the challenges register (hub/exchange/from_updates.py) — never disagrees
with the update's state. Arguments: ``update`` (the ProgressUpdate, now in its new state), ``actor``
and ``via`` as the service received them.
"""

from django.dispatch import Signal

update_accepted = Signal()
update_reopened = Signal()
