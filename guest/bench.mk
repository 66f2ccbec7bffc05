# Benchmark guests (included by the main Makefile): the POSIX shim's micro-benchmarks in bench/,
# built into $(OUT)/bench with their own manifest. The same sources are built natively with the
# host's gcc by the benchmark itself (packages/shim-posix/bench), so the host is measured alike.
# Owned by the shim-posix memory engineer.

BENCH_PROGRAMS := $(sort $(basename $(notdir $(wildcard bench/*.c))))
BENCH_ELVES := $(addprefix $(OUT)/bench/,$(addsuffix .elf,$(BENCH_PROGRAMS)))

all: $(OUT)/bench/manifest.json

$(OUT)/bench/manifest.json: $(BENCH_ELVES) tools/manifest.mjs
	node tools/manifest.mjs write $(OUT)/bench "$$($(CC) --version | head -n1)" "$(SHOWN_CFLAGS)" "$(LDFLAGS)" "$(LIBGCC)"

$(OBJ)/bench/%.o: bench/%.c $(wildcard sdk/include/*.h sdk/include/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(OUT)/bench/%.elf: $(OBJ)/bench/%.o $(SDK_OBJ) sdk/link.ld
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(SDK_OBJ) $(LIBGCC)
	@$(OBJDUMP) -d $@ | awk -F'\t' '/^ +[0-9a-f]+:\t/ { if (length($$2) < 9) { print "compressed instruction in $@: " $$0; bad = 1 } } END { exit bad }'
