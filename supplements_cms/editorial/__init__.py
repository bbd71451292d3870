"""The editorial core: the only code that changes an article's state.

Every path that changes an article — the admin's forms and list actions, history (restore,
recover), draft changes, both imports, management commands — calls an action of
:mod:`.actions`. Each action takes the user and validated data, asks :mod:`.policy` whether the
user may, checks the rules of :mod:`.rules` (completeness, claim acceptance, conflicts), writes in
one transaction on the write database with a revision and an admin-log entry naming who, and
leaves cache, purge and signal work to after the commit (:mod:`supplements_cms.delivery.upkeep`).

docs/editorial.md has the table of actions: permission, checks, what each writes and schedules.
"""
