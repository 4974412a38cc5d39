"""One module per ingest source: a payload model, a pure `extract()` and its `SOURCE` declaration.

The module name is the source's name, its `IngestSource` enum value and its `/ingest/{source}` path
segment. `ingest.registry.SOURCES` lists them all.
"""
