# User-facing verbs. Each one installs what is missing, configures and builds as needed.
#   make sim     run the simulator demo (see README)
#   make test    build everything and run every test (what CI runs)
#   make bench   print performance figures (golden engine, PE)
#   make lint    Verilator -Wall and Yosys parse over rtl/
BUILD ?= build
JOBS  ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps configure build test sim bench lint waves clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure --timeout 900 -j $(JOBS)

# PE demo: one AlexNet CONV1 row on the row-stationary PE (options: PE_ARGS="--help").
sim: configure
	cmake --build $(BUILD) -j $(JOBS) --target rsacc-pe-demo
	$(BUILD)/sim/rsacc-pe-demo $(if $(filter 1,$(WAVES)),--waves waves/pe_demo.fst) $(PE_ARGS)

waves:
	gtkwave waves/pe_demo.fst waves/pe_demo.gtkw

bench: configure
	cmake --build $(BUILD) -j $(JOBS) --target golden_bench rsacc-pe-demo
	$(BUILD)/golden/golden_bench
	$(BUILD)/sim/rsacc-pe-demo --F 55 --rows 64 --json reports/pe_bench.json

lint: build
	ctest --test-dir $(BUILD) --output-on-failure -R rtl_lint

clean:
	rm -rf $(BUILD)
