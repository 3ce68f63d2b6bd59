# The two commands in the README. Both install what is missing first.
.PHONY: run test build e2e

run:   ## build and run the shop on SQLite, printing its URL
	scripts/run.sh

test:  ## every check and test: fmt, clippy, unit, repository (SQLite + PostgreSQL), Playwright
	scripts/test.sh

build: ## release build only
	scripts/setup.sh
	scripts/build.sh

e2e:   ## Playwright only, against the last release build
	scripts/setup.sh --test
	scripts/e2e.sh
