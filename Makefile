# SPDX-License-Identifier: Apache-2.0
# User-facing verbs. Each one installs what is missing, configures and builds as needed.
#   make sim     run one layer on the accelerator RTL (LAYER=..., see README)
#   make test    build everything and run every test (what CI runs)
#   make bench   print performance figures (golden engine, PE, AlexNet on the RTL and with RLC
#                on chained activations, zoo roofline)
#   make lint    Verilator -Wall and Yosys parse over rtl/
#   make synth   area of one configuration with Yosys (ROWS=.. COLS=.. DW=.., see docs/area.md)
#   make sweep   design-space sweep (SWEEP=synth/sweeps/<name>.yaml JOBS=n RUNNER=local|slurm)
#   make train   retrain the committed Fashion-MNIST CNN (models/fashion_lenet.onnx) with PyTorch
#   make sc-tradeoff  the stochastic MAC: area, cycles, top-1 (reports/sweep/sc_space/)
#   make vp      layers on the SystemC/TLM-2.0 virtual platform (LAYER=a,b,..., docs/systemc.md)
#   make net     a trained network: import + quantise, then classify (NET= ENGINE=golden|rtl ...)
BUILD ?= build
JOBS  ?= $(shell nproc)
# clang++ (installed by scripts/install-deps.sh): the Verilated models run 20-25 % faster and
# build several times faster than with g++ (docs/performance.md). CXX_COMPILER=g++ works too.
# The compiler is fixed when a build directory is first configured.
CXX_COMPILER ?= clang++
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=$(CXX_COMPILER)
# $(call cmake_build,DIR,ARGS). Verilator's verilate() reads a model's list of generated files
# when CMake configures; an RTL edit that changes how many files Verilator writes makes the next
# build compile a stale list (errors about missing members or symbols), after which CMake has
# re-read it. So a failed build is retried once; a real error fails both times.
cmake_build = cmake --build $(1) -j $(JOBS) $(2) || \
	{ echo "build failed; retrying once (stale Verilator file list after an RTL change?)"; \
	  cmake --build $(1) -j $(JOBS) $(2); }

.PHONY: all deps configure build test sim vp pe-demo bench lint waves clean synth sweep train net sc-tradeoff

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	$(call cmake_build,$(BUILD))

test: build
	ctest --test-dir $(BUILD) --output-on-failure --timeout 900 -j $(JOBS)

# One layer on the accelerator RTL, checked against the golden engine (SIM_ARGS="--help" for
# every option). ROWS/COLS/GLB_KB/DW other than the default build their own model once, in
# build-hw/<rows>x<cols>_<kb>kb[_d8]/; ASSERT=0 builds one without SVA (about 3x as fast,
# docs/performance.md), in build-hw/<rows>x<cols>_<kb>kb[_d8]_noassert/. RLC=1: the ifmap
# run-length compressed in DRAM (rsacc-sim --rlc; rows must compress into their slots, e.g.
# SIM_ARGS=--zero-fraction=0.5).
# Defaults of the hardware parameters: contract/rsacc_contract.json (read with sed: python3 may
# not be installed yet when make parses this file).
contract_default = $(shell sed -n 's/.*"name": *"$(1)", *"default": *\([0-9]*\).*/\1/p' contract/rsacc_contract.json)
LAYER  ?= alexnet_conv1
ROWS   ?= $(call contract_default,Rows)
COLS   ?= $(call contract_default,Cols)
DEFAULT_GLB_KB := $(shell echo $$(( $(call contract_default,GlbBanks) * $(call contract_default,GlbBankWords) * 8 / 1024 )))
GLB_KB ?= $(DEFAULT_GLB_KB)
DEFAULT_DW := $(call contract_default,DataWidth)
DEFAULT_HW := $(call contract_default,Rows)x$(call contract_default,Cols)x$(DEFAULT_GLB_KB)x$(DEFAULT_DW)
SEED   ?= 1
ASSERT ?= 1
SIM_DW = $(or $(DW),$(DEFAULT_DW))
SIM_ASSERTIONS = $(if $(filter 0,$(ASSERT)),OFF,ON)
# MAC=sc: the stochastic-computing MAC (DW=8; docs/stochastic.md), SC_LANES stream bits per cycle
# (a build parameter: build-hw/..._sc<lanes>/); SC_L, SC_RNG, SC_SHARING are run-time settings
# of the same model (the layer's commands carry them).
MAC    ?= exact
SC_LANES ?= $(call contract_default,ScLanes)
SIM_SC = $(if $(filter sc,$(MAC)),_sc$(SC_LANES))
SIM_BUILD = $(if $(filter $(DEFAULT_HW)xONxexact,$(ROWS)x$(COLS)x$(GLB_KB)x$(SIM_DW)x$(SIM_ASSERTIONS)x$(MAC)),$(BUILD),build-hw/$(ROWS)x$(COLS)_$(GLB_KB)kb$(if $(filter-out $(DEFAULT_DW),$(SIM_DW)),_d$(SIM_DW))$(SIM_SC)$(if $(filter 0,$(ASSERT)),_noassert))
# $(call configure_sim): the build directory of this hardware configuration, configured once.
configure_sim = test -f $(SIM_BUILD)/CMakeCache.txt || cmake -S . -B $(SIM_BUILD) $(CMAKE_FLAGS) \
	    -DRSACC_ROWS=$(ROWS) -DRSACC_COLS=$(COLS) -DRSACC_GLB_KB=$(GLB_KB) \
	    -DRSACC_DATA_WIDTH=$(SIM_DW) -DRSACC_SIM_ASSERTIONS=$(SIM_ASSERTIONS) \
	    -DRSACC_MAC=$(MAC) -DRSACC_SC_LANES=$(SC_LANES)
sim: deps
	@$(call configure_sim)
	$(call cmake_build,$(SIM_BUILD),--target rsacc-sim)
	$(SIM_BUILD)/sim/rsacc-sim $(LAYER) --seed $(SEED) $(if $(TOPOLOGY),--topology $(TOPOLOGY)) \
	    $(if $(BATCH),--batch $(BATCH)) $(if $(filter 1,$(WAVES)),--waves) \
	    $(if $(SC_L),--sc-length $(SC_L)) $(if $(SC_RNG),--sc-rng $(SC_RNG)) \
	    $(if $(SC_SHARING),--sc-sharing $(SC_SHARING)) $(if $(OBJECTIVE),--objective $(OBJECTIVE)) $(if $(CYCLES_WITHIN),--cycles-within $(CYCLES_WITHIN)) \
	    $(if $(filter 1,$(RLC)),--rlc) $(SIM_ARGS)

# Layers on the example SystemC/TLM-2.0 virtual platform (docs/systemc.md), the same hardware
# configuration variables as make sim: LAYER=a,b,... runs them one after another on one
# accelerator (layer i with seed SEED + i); VP_ARGS="--help" lists every option.
comma := ,
vp: deps
	@$(call configure_sim)
	$(call cmake_build,$(SIM_BUILD),--target rsacc-vp)
	$(SIM_BUILD)/sim/systemc/rsacc-vp $(subst $(comma), ,$(LAYER)) --seed $(SEED) \
	    $(if $(TOPOLOGY),--topology $(TOPOLOGY)) $(if $(BATCH),--batch $(BATCH)) $(VP_ARGS)

# Waveforms of the last `make sim LAYER=... WAVES=1`: rsacc-sim writes the trace and its save file
# (signals grouped, opcodes/states/phases by name, zoomed on the start of the traced window).
waves:
	gtkwave waves/$(LAYER).gtkw

# PE demo: one AlexNet CONV1 row on the row-stationary PE (options: PE_ARGS="--help").
pe-demo: configure
	$(call cmake_build,$(BUILD),--target rsacc-pe-demo)
	$(BUILD)/sim/rsacc-pe-demo $(if $(filter 1,$(WAVES)),--waves waves/pe_demo.fst) $(PE_ARGS)

# Performance figures; prints, asserts nothing. The AlexNet CONV1-5 runs (batch 4, full layers,
# 12 x 14) take long: BENCH_LAYERS=alexnet_conv3 to run a subset; JOBS layers run at once,
# one core each.
# The layers run on the model without SVA (make sim ASSERT=0; BENCH_ASSERT=1 for the one with
# them): the bench measures speed, the tests check the assertions (test_alexnet runs reduced
# AlexNet layers on the asserting 12 x 14 model).
BENCH_LAYERS ?= alexnet_conv1 alexnet_conv2 alexnet_conv3 alexnet_conv4 alexnet_conv5
BENCH_ASSERT ?= 0
# The bench's mappings: the fewest DRAM bytes among those the mapper estimates within 5 % of the
# fastest (docs/performance.md, "Objectives"); BENCH_MAPPING="--objective cycles" for the fastest.
BENCH_MAPPING ?= --objective dram --cycles-within 1.05
# The zoo-wide roofline table (docs/performance.md, "The roofline"): the mapper's estimate of
# every layer (the bench's simulated layers from their reports), reports/roofline/roofline.{csv,json}.
ROOFLINE_NETS ?= alexnet,vgg16,resnet18,mobilenet_v1
BENCH_SIM = $(if $(filter 1,$(BENCH_ASSERT)),$(BUILD),build-hw/$(call contract_default,Rows)x$(call contract_default,Cols)_$(DEFAULT_GLB_KB)kb_noassert)
bench: configure
	$(call cmake_build,$(BUILD),--target golden_bench rsacc-pe-demo rsacc-map)
	@test -f $(BENCH_SIM)/CMakeCache.txt || cmake -S . -B $(BENCH_SIM) $(CMAKE_FLAGS) \
	    -DRSACC_SIM_ASSERTIONS=$(if $(filter 1,$(BENCH_ASSERT)),ON,OFF)
	$(call cmake_build,$(BENCH_SIM),--target rsacc-sim rsacc-vp)
	$(BUILD)/golden/golden_bench
	$(BUILD)/sim/rsacc-pe-demo --F 55 --rows 64 --json reports/pe_bench.json
	@mkdir -p reports/bench
	@echo "running $(BENCH_LAYERS) at batch 4, $(JOBS) at a time (logs: reports/bench/<layer>.log)"
	@printf '%s\n' $(BENCH_LAYERS) | xargs -P $(JOBS) -I{} sh -c \
	  '$(BENCH_SIM)/sim/rsacc-sim {} --batch 4 --seed 1 $(BENCH_MAPPING) --quiet --report-dir reports/bench \
	   > reports/bench/{}.log 2>&1; tail -n 1 reports/bench/{}.log'
	python3 scripts/alexnet_table.py reports/bench
	@echo "AlexNet CONV1-5 on chained activations (random weights, ReLU, pooling), batch 4, with run-length compression: DRAM bytes computed from each layer's data (docs/network.md)"
	$(call cmake_build,$(BUILD),--target rsacc-net)
	@test -f reports/bench/alexnet_chain/int16/network.json || \
	    $(BUILD)/sim/rsacc-net zoo alexnet --last alexnet_conv5 --out reports/bench/alexnet_chain > /dev/null
	@$(BUILD)/sim/rsacc-net run reports/bench/alexnet_chain/int16 --images 4 --batch 4 --rlc \
	    $(BENCH_MAPPING) --report-dir reports/bench_rlc | grep -E '^  (alexnet_conv|rlc total| +ifmap DRAM)'
	$(BUILD)/sim/rsacc-map --roofline-table $(ROOFLINE_NETS) --batches 1,4 \
	    --sim-reports reports/bench --out-dir reports/roofline
	@echo "SystemC virtual platform (docs/systemc.md) against rsacc-sim: AlexNet CONV1, batch 1, same model"
	@$(BENCH_SIM)/sim/rsacc-sim alexnet_conv1 --quiet --report-dir reports/vp_bench | grep -E '^  sim|^RESULT'
	@$(BENCH_SIM)/sim/systemc/rsacc-vp alexnet_conv1 --report-dir reports/vp_bench | grep -E '^RESULT|^VP'

# Area with Yosys and a standard-cell Liberty (docs/area.md): per module, composed by instance
# count, SRAM macros from synth/sram_model.json. Writes reports/synth/<config>.json and the Yosys
# logs under reports/synth/<config>/. SYNTH_ARGS="--help" for every option.
synth: configure
	$(call cmake_build,$(BUILD),--target rsacc-synth)
	$(BUILD)/synth/rsacc-synth --rows $(ROWS) --cols $(COLS) --glb-kb $(GLB_KB) -j $(JOBS) \
	    $(if $(DW),--data-width $(DW)) $(if $(ACC),--acc-width $(ACC)) \
	    $(if $(FILTER_WORDS),--filter-words $(FILTER_WORDS)) $(if $(IFMAP_WORDS),--ifmap-words $(IFMAP_WORDS)) \
	    $(if $(PSUM_WORDS),--psum-words $(PSUM_WORDS)) $(if $(FIFO),--fifo-depth $(FIFO)) \
	    $(if $(PSUM_FIFO),--psum-fifo-depth $(PSUM_FIFO)) $(if $(LIBERTY),--liberty $(LIBERTY)) \
	    $(if $(SRAM_MIN_BITS),--sram-min-bits $(SRAM_MIN_BITS)) \
	    $(if $(filter sc,$(MAC)),--mac sc --sc-lanes $(SC_LANES)) $(SYNTH_ARGS)

# Design-space sweep (docs/area.md): area + cost model per point, resumable; CSV, JSON and PNGs in
# reports/sweep/<name>/. RUNNER=slurm submits one Slurm job array (needs a cluster: SLURM_CONF).
SWEEP  ?= synth/sweeps/smoke.yaml
RUNNER ?= local
sweep: configure
	$(call cmake_build,$(BUILD),--target rsacc-sweep rsacc-synth)
	$(BUILD)/synth/rsacc-sweep $(SWEEP) -j $(JOBS) --runner $(RUNNER) $(SWEEP_ARGS)

# The stochastic MAC's trade-off (docs/stochastic.md): the sc_space sweep (exact int16/int8 and
# SC at 1-128 lanes x L = 16-128 on 12 x 14: area, cycles), joined with the top-1 of the SC
# bit-true model on the up-scaled Fashion-MNIST network (rsacc-net sc-accuracy; the network and the
# report are made first when missing, about 10 + 15 CPU-minutes). PNGs and CSV in
# reports/sweep/sc_space/.
SC_REPORT = reports/net/$(NET)_sc_upscaled.json
sc-tradeoff: configure
	$(call cmake_build,$(BUILD),--target rsacc-sweep rsacc-synth rsacc-net)
	test -f models/$(NET)/int8sc/network.json || $(BUILD)/sim/rsacc-net import models/$(NET).onnx \
	    --out models/$(NET) --sc-upscale
	test -f $(SC_REPORT) || $(BUILD)/sim/rsacc-net sc-accuracy models/$(NET)/int8sc
	test -f reports/net/$(NET)_int16.json || $(BUILD)/sim/rsacc-net run models/$(NET)/int16
	$(BUILD)/synth/rsacc-sweep synth/sweeps/sc_space.yaml -j $(JOBS) $(SWEEP_ARGS)
	/usr/bin/python3 scripts/plot_sc_tradeoff.py reports/sweep/sc_space/sc_space.csv $(SC_REPORT) \
	    reports/sweep/sc_space --int16-top1 $$(/usr/bin/python3 -c \
	    "import json; print(json.load(open('reports/net/$(NET)_int16.json'))['golden_top1'])")

# The Fashion-MNIST CNN (models/train_fashion.py): seeded, one thread, deterministic on the CPU
# (about 6 minutes); rewrites the committed models/fashion_lenet.onnx and its .train.json.
# EPOCHS= overrides the default 8.
train: deps
	/usr/bin/python3 models/train_fashion.py --out models/fashion_lenet.onnx \
	    $(if $(EPOCHS),--epochs $(EPOCHS))

# A trained network (docs/network.md): models/$(NET).onnx imported and quantised into
# models/$(NET)/int$(DW)/, then the test images through it; ENGINE=rtl also runs every conv and FC
# layer on the RTL (IMAGES default 8 there, 10000 on the golden engine), on the model make sim
# would use for ROWS/COLS/GLB_KB/DW/ASSERT (DW=8: an 8-bit accelerator, built once in its own
# directory). Reports in reports/net/.
# ENGINE=rtl DW=8 MAC=sc: the stochastic MAC's model runs the network up-scaled for it
# (models/$(NET)/int8sc/, imported with --sc-upscale the first time, about 10 CPU-minutes) at
# SC_L/SC_RNG/SC_SHARING, every layer bit-exact against the bit-true SC model.
# RLC=1: the accelerator layers' ifmaps run-length compressed in DRAM (rsacc-net run --rlc: the
# RTL's bytes, or on the golden engine the bytes computed from each layer's image); OBJECTIVE:
# what their mappings minimise, CYCLES_WITHIN=1.05 within 5 % of the fastest (as for make sim).
NET    ?= fashion_lenet
ENGINE ?= golden
NET_BUILD = $(if $(filter rtl,$(ENGINE)),$(SIM_BUILD),$(BUILD))
NET_SC = $(and $(filter rtl,$(ENGINE)),$(filter sc,$(MAC)))
net: configure
	@$(if $(filter rtl,$(ENGINE)),$(call configure_sim),true)
	$(call cmake_build,$(NET_BUILD),--target rsacc-net)
	$(if $(NET_SC),test -f models/$(NET)/int8sc/network.json || )$(NET_BUILD)/sim/rsacc-net \
	    import models/$(NET).onnx --out models/$(NET) $(if $(NET_SC),--sc-upscale)
	$(NET_BUILD)/sim/rsacc-net run models/$(NET)/int$(SIM_DW)$(if $(NET_SC),sc) --engine $(ENGINE) \
	    $(if $(IMAGES),--images $(IMAGES)) $(if $(BATCH),--batch $(BATCH)) \
	    $(if $(filter 1,$(RLC)),--rlc) $(if $(OBJECTIVE),--objective $(OBJECTIVE)) $(if $(CYCLES_WITHIN),--cycles-within $(CYCLES_WITHIN)) \
	    $(if $(NET_SC),$(if $(SC_L),--sc-length $(SC_L)) $(if $(SC_RNG),--sc-rng $(SC_RNG)) \
	    $(if $(SC_SHARING),--sc-sharing $(SC_SHARING)))

lint: build
	ctest --test-dir $(BUILD) --output-on-failure -R rtl_lint

clean:
	rm -rf $(BUILD)

# Soak test (docs/soak.md): N random layers on this build's 12 x 14 model with assertions, each in
# a child process, each compared with the golden engine; JOBS at a time. Writes
# reports/soak/summary.json (tally, distribution of the draws, the reproduce command of every
# failure). Exit status 0 only when every layer passed.
N ?= 1000
.PHONY: soak
soak: configure
	$(call cmake_build,$(BUILD),--target rsacc-soak)
	$(BUILD)/sim/rsacc-soak --n $(N) --seed $(SEED) --jobs $(JOBS) --out reports/soak
