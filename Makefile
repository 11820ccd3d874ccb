# nvmgo — make help lists the targets.
GO        ?= go
BIN       ?= bin
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
PREFIX    ?= $(HOME)/.local
PLATFORMS := linux/amd64 linux/arm64 linux/arm linux/ppc64le linux/s390x darwin/amd64 darwin/arm64 windows/amd64 windows/arm64 windows/386

.PHONY: help build install test lint fmt cross bench bench-install bench-shim bench-env bench-pm e2e e2e-real e2e-mirror e2e-npm e2e-pm e2e-globals e2e-windows faults fuzz release snapshot ci-deps clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

# Static binaries (no cgo): ld.so and libc cost ~4 ms at every start, and
# every shell start runs nvmgo env. The race detector needs cgo, so only
# builds set it.
build: ## build bin/nvmgo and bin/nvmgo-shim (static)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/ ./cmd/nvmgo ./cmd/nvmgo-shim

# Copy, then rename: a running shim keeps its old file, no "text file busy".
install: build ## install nvmgo and nvmgo-shim into $(PREFIX)/bin (default ~/.local/bin)
	mkdir -p '$(PREFIX)/bin'
	cp $(BIN)/nvmgo '$(PREFIX)/bin/nvmgo.new' && mv -f '$(PREFIX)/bin/nvmgo.new' '$(PREFIX)/bin/nvmgo'
	cp $(BIN)/nvmgo-shim '$(PREFIX)/bin/nvmgo-shim.new' && mv -f '$(PREFIX)/bin/nvmgo-shim.new' '$(PREFIX)/bin/nvmgo-shim'
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) echo "note: $(PREFIX)/bin is not on your PATH; add it, then run: nvmgo setup";; esac

test: ## unit and end-to-end tests, with the race detector
	$(GO) test -race -count=1 ./...

lint: ## go vet, gofmt, shellcheck of the scripts
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt needed'; exit 1; }
	@if command -v shellcheck >/dev/null; then shellcheck -x scripts/*.sh scripts/lib/*.sh .ci/run; fi

fmt: ## gofmt the tree
	gofmt -w $$(git ls-files '*.go')

cross: ## build and vet for every release platform
	@set -e; for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; echo "cross $$os/$$arch"; \
		GOOS=$$os GOARCH=$$arch $(GO) build -o /dev/null ./cmd/nvmgo ./cmd/nvmgo-shim; \
		GOOS=$$os GOARCH=$$arch $(GO) vet ./...; \
	done

bench: ## Go benchmarks
	$(GO) test -run '^$$' -bench . -benchtime 200ms ./...

bench-install: ## nvmgo install vs curl + sha256sum + tar on a real archive
	bash scripts/bench-install.sh

bench-shim: ## the shim beside a bare Go program that only execs node (same run)
	bash scripts/bench-shim.sh

bench-pm: ## pnpm --version through the shim vs node <pnpm entry> directly vs corepack's pnpm (same run)
	bash scripts/bench-pm.sh

bench-env: ## shell start with the setup line vs bare, eval "$$(nvmgo env)" and eval "$$(/bin/true)"
	bash scripts/bench-env.sh

e2e: ## end-to-end tests of the built binary against a local mirror
	$(GO) test -count=1 ./cmd/nvmgo/ -run 'TestScript|TestE2E'

e2e-real: ## install, verify, uninstall real official Node binaries from the npm registry
	bash scripts/e2e-real.sh

e2e-mirror: ## mirror sync (killed and resumed), then install and verify from the synced folder
	bash scripts/e2e-mirror.sh

e2e-npm: ## install 22.12.0 from the real npm registry, verify it, uninstall it
	bash scripts/e2e-npm.sh

e2e-pm: ## pnpm, yarn 1 and 4, npm from the real npm registry through the shims, hashes checked against corepack
	bash scripts/e2e-pm.sh

e2e-globals: ## import a real node from an nvm folder; global packages follow to a new version (real npm registry)
	bash scripts/e2e-globals.sh

e2e-windows: ## the Windows build under wine against a local mirror
	bash scripts/e2e-windows.sh

faults: ## fault-injection suite with its summary line
	bash scripts/faults.sh

fuzz: ## each fuzz target for a bounded time
	bash scripts/fuzz.sh

release: ## archives for every platform with SHA256SUMS in dist/
	bash scripts/release.sh $(VERSION)

snapshot: ## refresh the embedded index and schedule, and their date, from versions/testdata
	$(GO) generate ./download/index/snapshot

ci-deps: ## install what the tests need (Debian packages)
	bash scripts/ci-deps.sh

clean:
	rm -rf $(BIN) dist
