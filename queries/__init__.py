"""The named Cypher library (`*.cypher` files read by `library.py`) and the lead engine (`leads/`)."""
