.PHONY: run test setup
run:    ## set up, load the demo graph, start the app on http://127.0.0.1:8501
	scripts/run.sh
test:   ## set up (incl. browser + Neo4j test server) and run the whole test suite
	scripts/test.sh
setup:
	scripts/setup.sh --test
