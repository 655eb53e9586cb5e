# winestore: one non-recursive GNU Makefile.
#
#   make            build every tool into build/
#   make check      rebuild under ASan+UBSan in build/asan and run the suite
#   make fuzz       build the libFuzzer targets with clang into build/fuzz
#   make demo       install what is missing, build, and run the demo
#   make bench      run the benchmarks beside their peers
#   make install    PREFIX=/usr/local DESTDIR= (also MANPREFIX, BINDIR)
#
# Flags come from pkg-config; CFLAGS, CPPFLAGS and LDFLAGS from the
# environment are honoured. Warnings are errors unless WERROR= is given.
# Output is quiet unless V=1. Changing flags does not rebuild: make clean.

VERSION := 0.1.0
TOOLS   := $(sort $(patsubst cmd/%.c,%,$(wildcard cmd/*.c)))
PKGS    := jansson libjwt libcrypto libcurl sqlite3 yaml-0.1 libxxhash libpcre2-8

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share

B      ?= build
CC     ?= cc
CFLAGS ?= -O2 -g
WERROR ?= -Werror
WARN   := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wold-style-definition -Wformat=2 -Wvla \
	  -Wwrite-strings -Wundef -Wimplicit-fallthrough -Wnull-dereference \
	  -Wpointer-arith -Wcast-align
ASAN   := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	  -fno-omit-frame-pointer
FUZZ   := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
# libcurl is not linked: lib/httpc.c loads it with dlopen when a tool first
# connects, so tools that do not never map it (dlopen is in glibc's libc).
PKG_LIBS   := $(shell pkg-config --libs $(filter-out libcurl,$(PKGS)))
ALL_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -DWS_VERSION='"$(VERSION)"' \
	      -Ilib $(WARN) $(WERROR) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LDLIBS     += $(PKG_LIBS) -lpthread -lm

LIB_SRC   := $(wildcard lib/*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(B)/%.o)
# The web page (web/*) is compiled into the library by web/embed.
WEB_SRC   := $(sort $(wildcard web/*.html web/*.css web/*.js web/*.svg))
LIB_OBJ   += $(B)/gen/webassets.o
LIB       := $(B)/libwinestore.a
BINS      := $(TOOLS:%=$(B)/%)
UNITS     := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(wildcard tests/unit/test_*.c))
DRIVERS   := $(patsubst tests/drivers/%.c,$(B)/tests/drivers/%,$(wildcard tests/drivers/*.c))
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)
REPLAYS   := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/tests/fuzz/%)
FUZZERS   := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
BENCHES   := $(patsubst bench/%.c,$(B)/bench/%,$(wildcard bench/*.c))

QUIET_CC   = $(if $(V),,@echo '   CC     ' $@;)
QUIET_LINK = $(if $(V),,@echo '   LINK   ' $@;)
QUIET_AR   = $(if $(V),,@echo '   AR     ' $@;)

all: $(BINS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/gen/webassets.c: $(WEB_SRC) web/embed
	@mkdir -p $(@D)
	$(if $(V),,@echo '   GEN    ' $@;)web/embed $(WEB_SRC) >$@

$(B)/gen/webassets.o: $(B)/gen/webassets.c
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	$(QUIET_AR)rm -f $@ && $(AR) rcs $@ $^

$(B)/%: $(B)/cmd/%.o $(LIB)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/unit/%: $(B)/tests/unit/%.o $(LIB)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ \
		$(shell pkg-config --libs cmocka) $(LDLIBS)

$(B)/tests/drivers/%: $(B)/tests/drivers/%.o $(LIB)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/bench/%: $(B)/bench/%.o $(LIB)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Every fuzz target also links against a replaying main() so gcc builds it
# (no bit-rot) and make check runs it over its seeds.
$(B)/tests/fuzz/%: $(B)/tests/fuzz/%.o $(B)/tests/fuzz/standalone.o $(LIB)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests: $(BINS) $(UNITS) $(DRIVERS) $(REPLAYS)

check:
	@$(MAKE) --no-print-directory B=build/asan CFLAGS='$(ASAN)' \
		LDFLAGS='$(ASAN)' tests
	@tests/run-all build/asan

fuzz:
	@$(MAKE) --no-print-directory B=build/fuzz CC=clang CFLAGS='-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all' \
		LDFLAGS='$(FUZZ)' $(FUZZERS)

build/fuzz/%: build/fuzz/tests/fuzz/%.o $(LIB)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(FUZZ) -o $@ $^ $(LDLIBS)

# Run each fuzzer for FUZZ_SECONDS over its seeds (tests/data/<target>).
FUZZ_SECONDS ?= 30
fuzz-smoke: fuzz
	@for f in $(FUZZERS); do t=$${f##*/fuzz_}; mkdir -p build/fuzz/corpus/$$t; \
		$$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=512 \
		$$(test -f tests/fuzz/fuzz_$$t.dict && echo -dict=tests/fuzz/fuzz_$$t.dict) \
		build/fuzz/corpus/$$t tests/data/$$t || exit 1; done

completions: $(BINS)
	@completions/gen-completions $(B) completions

lint:
	clang-format --dry-run --Werror cmd/*.c lib/*.[ch] tests/*/*.c bench/*.c
	shellcheck tests/run-all tests/docs/*.sh completions/gen-completions .ci/run .ci/install-deps .ci/demo
	shellcheck -x bench/run bench/*.sh bench/common.bash bench/nchan-peer
	mandoc -Tlint -Wwarning man/*.1 bench/*.1

demo:
	@.ci/install-deps
	@$(MAKE) --no-print-directory all
	@.ci/demo $(B)

bench: $(BINS) $(BENCHES)
	@bench/run $(B)

install: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions \
		$(DESTDIR)$(DATADIR)/zsh/site-functions \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m644 $(TOOLS:%=man/%.1) $(DESTDIR)$(MANPREFIX)/man1
	install -m644 $(TOOLS:%=completions/%.bash) \
		$(DESTDIR)$(DATADIR)/bash-completion/completions
	for t in $(TOOLS); do mv $(DESTDIR)$(DATADIR)/bash-completion/completions/$$t.bash \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/$$t; done
	install -m644 $(TOOLS:%=completions/_%) $(DESTDIR)$(DATADIR)/zsh/site-functions
	install -m644 $(TOOLS:%=completions/%.fish) \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(TOOLS:%=$(DESTDIR)$(MANPREFIX)/man1/%.1) \
		$(TOOLS:%=$(DESTDIR)$(DATADIR)/bash-completion/completions/%) \
		$(TOOLS:%=$(DESTDIR)$(DATADIR)/zsh/site-functions/_%) \
		$(TOOLS:%=$(DESTDIR)$(DATADIR)/fish/vendor_completions.d/%.fish)

clean:
	rm -rf build

.PHONY: all tests check fuzz fuzz-smoke completions lint demo bench install \
	uninstall clean
.SECONDARY:
.DELETE_ON_ERROR:

-include $(shell find $(B) -name '*.d' 2>/dev/null)
