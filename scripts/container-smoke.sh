#!/usr/bin/env bash
# Builds the Earshot image and runs distributed mode in containers: PostgreSQL, `db migrate`, one API node and one
# worker on a private network; checks /health and that one job (audio.probe of a generated tone) succeeds.
# Uses podman (or docker with CONTAINER=docker). Where no registry is reachable, --bootstrap makes the Debian 12 base
# image with debootstrap from the machine's apt mirror, and the app is a host `dotnet publish` copied in (APP=prebuilt).
#   scripts/container-smoke.sh [--bootstrap]
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${CONTAINER:-podman}
base=${BASE_IMAGE:-debian:bookworm-slim}
name=earshot-smoke
port=${SMOKE_PORT:-18080}
run_opts=()
if [[ "$engine" == podman ]]; then
  # crun fails on hosts with hybrid cgroups; runc works. Some hosts also need explicit limits.
  run_opts=(--runtime runc --ulimit nofile=20000:20000 --ulimit nproc=32768:32768)
fi
build_opts=("${run_opts[@]}")
# HEALTHCHECK is kept only in the docker image format.
[[ "$engine" == podman ]] && build_opts+=(--format docker)
# npm in the build trusts what the host trusts (a TLS-inspecting proxy's CA, where there is one).
if [[ "$engine" == podman && -f /etc/ssl/certs/ca-certificates.crt ]]; then
  build_opts+=(-v /etc/ssl/certs/ca-certificates.crt:/etc/host-ca.crt:ro --build-arg NODE_EXTRA_CA_CERTS=/etc/host-ca.crt)
fi

if [[ "${1:-}" == --bootstrap ]]; then
  base=localhost/debian:bookworm
  if ! "$engine" image exists "$base" 2>/dev/null; then
    mirror=$(grep -rhoE '^URIs: \S*debian\S*|^deb \S*debian\S*' /etc/apt/sources.list.d /etc/apt/sources.list 2>/dev/null | head -n1 | awk '{print $2}' || true)
    root=$(mktemp -d)
    echo "smoke: debootstrap bookworm from ${mirror:-http://deb.debian.org/debian}"
    debootstrap --variant=minbase bookworm "$root" "${mirror:-http://deb.debian.org/debian}" >/dev/null
    tar -C "$root" -c . | "$engine" import - "$base" >/dev/null
    rm -rf "$root"
  fi
  [[ -n "${SMOKE_KEEP_PUBLISH:-}" && -x publish/earshot ]] || dotnet publish src/Earshot.Server -c Release -r linux-x64 --self-contained -o publish -v quiet -nologo
  build_opts+=(--build-arg APP=prebuilt)
fi

echo "smoke: building the image"
"$engine" build "${build_opts[@]}" --build-arg BASE_IMAGE="$base" -t earshot:smoke .
echo "smoke: building a PostgreSQL image from the same base"
"$engine" build "${build_opts[@]}" -t earshot-postgres:smoke -f - . <<CONTAINERFILE
FROM $base
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 && rm -rf /var/lib/apt/lists/*
USER postgres
RUN /usr/lib/postgresql/15/bin/initdb -D /var/lib/postgresql/data -U earshot -A trust >/dev/null \
 && echo "host all all 0.0.0.0/0 trust" >> /var/lib/postgresql/data/pg_hba.conf
CMD ["/usr/lib/postgresql/15/bin/postgres", "-D", "/var/lib/postgresql/data", "-c", "listen_addresses=*", "-c", "unix_socket_directories=/tmp"]
CONTAINERFILE

cleanup() {
  "$engine" rm -f "$name-worker" "$name-api" "$name-pg" >/dev/null 2>&1 || true
  "$engine" volume rm -f "$name-data" >/dev/null 2>&1 || true
  "$engine" network rm -f "$name" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
"$engine" network create "$name" >/dev/null
"$engine" volume create "$name-data" >/dev/null
settings=(-e Database__Provider=PostgreSQL -e "ConnectionStrings__Earshot=Host=$name-pg;Database=postgres;Username=earshot"
          -e Database__MigrateOnStartup=false -v "$name-data:/data" --network "$name")

"$engine" run -d "${run_opts[@]}" --name "$name-pg" --network "$name" earshot-postgres:smoke >/dev/null
for _ in $(seq 60); do "$engine" exec "$name-pg" pg_isready -h 127.0.0.1 -q 2>/dev/null && break; sleep 1; done
echo "smoke: earshot db migrate"
"$engine" run --rm "${run_opts[@]}" "${settings[@]}" earshot:smoke db migrate
"$engine" run -d "${run_opts[@]}" "${settings[@]}" --name "$name-api" -p "127.0.0.1:$port:8080" earshot:smoke serve --workers 0 >/dev/null
"$engine" run -d "${run_opts[@]}" "${settings[@]}" --name "$name-worker" earshot:smoke worker --workers 1 >/dev/null

url="http://127.0.0.1:$port"
for _ in $(seq 120); do curl -fsS "$url/health" >/dev/null 2>&1 && break; sleep 1; done
echo "smoke: /health $(curl -fsS "$url/health")"
curl -fsS -X PUT "$url/v1/auth/register?username=smoke&password=long-password-1" >/dev/null
token=$(curl -fsS -X POST "$url/v1/auth/token" -d username=smoke -d password=long-password-1 | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
tone=$(mktemp --suffix=.wav)
ffmpeg -v error -y -f lavfi -i "sine=frequency=440:duration=2" -ar 16000 -ac 1 "$tone"
file=$(curl -fsS -H "Authorization: Bearer $token" -F "upload_file=@$tone" "$url/v1/audio/upload" | sed -E 's/.*"file_id":"([^"]+)".*/\1/')
rm -f "$tone"
job=$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{\"audio_file\":\"$file\"}" "$url/v1/audio/probe/task" \
  | sed -E 's/.*"task_id":"([^"]+)".*/\1/')
for _ in $(seq 120); do
  result=$(curl -fsS -H "Authorization: Bearer $token" "$url/v1/jobs/$job")
  [[ "$result" == *'"status":"succeeded"'* || "$result" == *'"status":"failed"'* ]] && break
  sleep 1
done
echo "smoke: job $result"
[[ "$result" == *'"status":"succeeded"'* ]] || { "$engine" logs "$name-worker" | tail -40; exit 1; }
echo "smoke: /health after the job $(curl -fsS "$url/health")"
if [[ "$engine" == podman ]]; then
  # podman runs HEALTHCHECK from systemd timers; where there is no systemd, run the image's check once by hand.
  "$engine" healthcheck run "$name-api" && echo "smoke: the image's HEALTHCHECK passes"
fi
echo "smoke: OK"
