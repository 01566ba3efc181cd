"""`kg load --bulk`: first loads into an empty store through the stores' bulk endpoints
(load.py; the in-memory conversion target capture.py; FalkorDB's GRAPH.BULK falkor.py;
neo4j-admin import files neo4j_admin.py)."""
