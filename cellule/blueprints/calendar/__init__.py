"""The calendar: every dated thing of a region or of the nation, and its iCalendar feeds.

Pages
    ``/agenda/`` (national) and ``/<region>/agenda/``: month grid (a table that
    collapses to a list of busy days on phones) or list (``?vue=liste``), month
    ``?mois=YYYY-MM``, type filter ``?type=…`` (repeatable), national region
    filter ``?region=<slug>``. Times are shown in each event's own zone, named
    when it is not the viewer's (the region's zone, Europe/Paris nationally).

Feeds (what each holds)
    ``/agenda.ics``: public events of every region and the national events.
    ``/<region>/agenda.ics``: public events of the region and the national ones.
    Both take ``?type=visit&type=webinar``. Members-only events are never in them.
    ``/agenda/perso/<token>.ics``: the person's visits/sessions (from every
    feature's ``agenda.personal_sources(user)``), their regions' events
    including members-only ones, and national events (members-only ones too
    for anyone holding a role). Events stay six months after they end;
    cancelled ones stay 30 days after cancellation with STATUS:CANCELLED.

Modules
    ``models`` (Event, FeedToken), ``services`` (sync_source for visits and
    sessions; create/update/cancel for hand-entered events), ``queries``
    (scopes and visibility, shared by pages and feeds), ``month_queries`` (the
    month grid's and month list's reads), ``days`` (each event's local days and
    the day tallies, kept on write), ``feeds`` (VEVENTs stored per event,
    ``refresh`` after every write), ``bodies`` (assembled feeds, kept per
    worker by ETag, conditional GET), ``versions`` (per-scope feed versions,
    ETags), ``conditional`` (the WSGI layer answering 304 before Flask),
    ``tokens`` (personal feed secrets), ``presenting`` (month grid, times),
    ``forms``, ``rules``, ``views/``.
"""
