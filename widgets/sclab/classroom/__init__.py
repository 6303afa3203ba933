"""Anonymous class results: the store, aggregates, uploads, and serving the dashboards with Voila."""
