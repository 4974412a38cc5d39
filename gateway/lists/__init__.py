"""Lists: page arguments, cursors, keyset SQL, counts and facets, and the connections that run them."""
