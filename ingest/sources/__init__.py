"""One module per ingest source: a payload model, a pure `extract()` and its `SOURCE` declaration.

The module name is the source's name and its `/ingest/{source}` path segment; upper-cased, it is the
GraphQL `IngestSource` value. `ingest.registry.SOURCES` lists them all.
"""
