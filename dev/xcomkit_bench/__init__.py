"""`make bench`: xcomkit side by side with its peers and with the limits of each format and store.

`python -m xcomkit_bench --help`. Built on the development harness (`xcomkit_dev`: the servers, the
PostgreSQL factory); not shipped. Modules, in the order data flows: `payloads` (what is pushed),
`formats` and `transports` (the limits: a format's own library, a store's own SDK), `contenders`
(each way of pushing and pulling), `servers` (what one run starts), `case` (one measuring process),
`cli` (the run), `report` and `chart` (docs/benchmarks.md, .json, .png), `profile` (the profiles).
"""
