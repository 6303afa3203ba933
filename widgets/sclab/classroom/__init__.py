"""Anonymous class results: what may be shared and how it is summed up (aggregates), the store,
scoring uploaded exports (uploads), and serving the dashboards with Voila (serving)."""
