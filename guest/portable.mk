# The portable suite (included by the main Makefile): each program of tests/portable is written once
# against sdk/lbx.h and built three times from the same source —
#   $(OUT)/portable/posix/<name>.elf  the object + sdk/lbx/lbx-posix.c + the SDK's POSIX runtime
#   $(OUT)/portable/nt/<name>.elf     the same object + sdk/lbx/lbx-nt.c + the NT runtime (nt.mk)
#   $(NATIVE_OUT)/portable/<name>     host gcc + glibc + lbx-posix.c: the oracle
# each ELF folder with its own manifest.
#   make portable-expected  -> tests/portable/expected/ from the native builds run on this Linux, and
#                              the conformance app's generated case list (tests/portable/gen-expected.mjs)
#   make portable-check     -> the native builds run again and compared with those files

PORTABLE_TESTS := $(sort $(basename $(notdir $(wildcard tests/portable/*.c))))
PORTABLE_POSIX_ELVES := $(addprefix $(OUT)/portable/posix/,$(addsuffix .elf,$(PORTABLE_TESTS)))
PORTABLE_NT_ELVES := $(addprefix $(OUT)/portable/nt/,$(addsuffix .elf,$(PORTABLE_TESTS)))
PORTABLE_HEADERS := sdk/lbx.h $(wildcard tests/portable/*.h) $(wildcard sdk/include/*.h sdk/include/*/*.h)

all: $(OUT)/portable/posix/manifest.json $(OUT)/portable/nt/manifest.json

$(OUT)/portable/posix/manifest.json: $(PORTABLE_POSIX_ELVES) tools/manifest.mjs
	node tools/manifest.mjs write $(OUT)/portable/posix "$$($(CC) --version | head -n1)" "$(SHOWN_CFLAGS)" "$(LDFLAGS)" "$(LIBGCC)"
$(OUT)/portable/nt/manifest.json: $(PORTABLE_NT_ELVES) tools/manifest.mjs
	node tools/manifest.mjs write $(OUT)/portable/nt "$$($(CC) --version | head -n1)" "$(SHOWN_CFLAGS)" "$(LDFLAGS)" "$(LIBGCC)"

$(OBJ)/lbx/%.o: sdk/lbx/%.c $(PORTABLE_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@
# One object per program, linked into both builds: the source is the same by construction.
$(OBJ)/tests/portable/%.o: tests/portable/%.c $(PORTABLE_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I sdk -c $< -o $@

$(OUT)/portable/posix/%.elf: $(OBJ)/tests/portable/%.o $(OBJ)/lbx/lbx-posix.o $(SDK_OBJ) sdk/link.ld
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(OBJ)/lbx/lbx-posix.o $(SDK_OBJ) $(LIBGCC)
	@$(OBJDUMP) -d $@ | awk -F'\t' '/^ +[0-9a-f]+:\t/ { if (length($$2) < 9) { print "compressed instruction in $@: " $$0; bad = 1 } } END { exit bad }'
$(OUT)/portable/nt/%.elf: $(OBJ)/tests/portable/%.o $(OBJ)/lbx/lbx-nt.o $(NT_RUNTIME) sdk/link.ld
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(OBJ)/lbx/lbx-nt.o $(NT_RUNTIME) $(LIBGCC)
	@$(OBJDUMP) -d $@ | awk -F'\t' '/^ +[0-9a-f]+:\t/ { if (length($$2) < 9) { print "compressed instruction in $@: " $$0; bad = 1 } } END { exit bad }'

portable-native: $(addprefix $(NATIVE_OUT)/portable/,$(PORTABLE_TESTS))
$(NATIVE_OUT)/portable/%: tests/portable/%.c sdk/lbx/lbx-posix.c sdk/lbx.h $(wildcard tests/portable/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -std=gnu11 -Wall -Wextra -I sdk -o $@ $< sdk/lbx/lbx-posix.c

portable-expected: portable-native
	node tests/portable/gen-expected.mjs expected $(NATIVE_OUT)/portable
portable-check: portable-native
	node tests/portable/gen-expected.mjs check $(NATIVE_OUT)/portable

.PHONY: portable-native portable-expected portable-check
