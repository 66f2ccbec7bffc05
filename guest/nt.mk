# NT guests (included by the main Makefile): the NT runtime in sdk/nt (crt0-nt, start-up, the
# kernel32-style layer, the libc glue) linked with the SDK's portable C library objects, and the
# NT behaviour tests of tests/nt built into $(OUT)/nt with their own manifest. Owned by the shim-nt lead.

NT_TESTS := $(sort $(basename $(notdir $(wildcard tests/nt/*.c))))
NT_ELVES := $(addprefix $(OUT)/nt/,$(addsuffix .elf,$(NT_TESTS)))
# The portable part of the SDK's C library: stdio, printf, strings, stdlib, malloc. Its operating
# system calls (write, read, isatty, _exit, sbrk, mmap…) come from sdk/nt/ntlibc.c instead of the
# POSIX layer.
NT_LIBC := stdio format string ctype stdlib errno strerror malloc
NT_RUNTIME := $(OBJ)/nt/crt0-nt.o $(OBJ)/nt/start-nt.o $(OBJ)/nt/kernel32.o $(OBJ)/nt/ntlibc.o \
  $(addprefix $(OBJ)/sdk/,$(addsuffix .o,$(NT_LIBC)))
NT_HEADERS := sdk/include/nt.h sdk/include/windows.h $(wildcard tests/nt/*.h)

all: $(OUT)/nt/manifest.json

$(OUT)/nt/manifest.json: $(NT_ELVES) tools/manifest.mjs
	node tools/manifest.mjs write $(OUT)/nt "$$($(CC) --version | head -n1)" "$(SHOWN_CFLAGS)" "$(LDFLAGS)" "$(LIBGCC)"

$(OBJ)/nt/%.o: sdk/nt/%.S
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@
$(OBJ)/nt/%.o: sdk/nt/%.c $(NT_HEADERS) $(wildcard sdk/include/*.h sdk/include/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@
$(OBJ)/tests/nt/%.o: tests/nt/%.c $(NT_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(OUT)/nt/%.elf: $(OBJ)/tests/nt/%.o $(NT_RUNTIME) sdk/link.ld
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(NT_RUNTIME) $(LIBGCC)
	@$(OBJDUMP) -d $@ | awk -F'\t' '/^ +[0-9a-f]+:\t/ { if (length($$2) < 9) { print "compressed instruction in $@: " $$0; bad = 1 } } END { exit bad }'
