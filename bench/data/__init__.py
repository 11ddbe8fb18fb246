"""The benchmark dataset: ``flask --app cellule bench-data --scale N`` or ``python -m bench.data --scale N``.

Everything that writes benchmark rows lives here, outside the application:
``registry.GENERATORS`` lists the generators in the order they run (each a
``generate(ctx, rng)`` taking the shared ``context.Context`` and its own seeded
stream); ``rows.py`` builds the rows of the tables both the dataset and the
query-count growers of ``tests/perf`` write. Where a row must follow a business
rule (the seat rule, the calendar mirror of a visit or a session, a forwarded
snapshot's figures), the generator calls the feature's own function.
"""
