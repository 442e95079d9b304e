# linli — two commands do everything:
#   make run    install what is missing, build, create the demo community if there is none, serve
#               the console at http://127.0.0.1:8080
#   make test   install, build and run the whole suite (C++ unit, store contract on SQLite and
#               PostgreSQL, API, browser)
# Also: make build, make bench, make clean.

BUILD   ?= build/release
LINLI   := $(BUILD)/src/app/linli
STORE   ?= sqlite:data/linli.db
LISTEN  ?= 127.0.0.1:8080
JOBS    ?= 2

.PHONY: run test build deps cpp web bench clean

run: build
	@mkdir -p data
	$(LINLI) demo --store $(STORE) --if-empty
	$(LINLI) serve --store $(STORE) --listen $(LISTEN) --web-root web/dist

test: build
	bash scripts/test.sh $(BUILD)

build: deps cpp web

deps:
	@bash scripts/setup.sh

cpp:
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

web:
	@if [ -f web/package.json ]; then cd web && npm run build --silent; fi

bench: build
	bash bench/run.sh $(BUILD)

clean:
	rm -rf build web/dist
