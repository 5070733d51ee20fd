# syntax=docker/dockerfile:1
# Earshot image: build, models, runtime. Every base is an argument; the defaults are official images.
#   docker build -t earshot .                                   # builds from source in the SDK image
#   dotnet publish src/Earshot.Server -c Release -r linux-x64 --self-contained -o publish
#   docker build --build-arg APP=prebuilt -t earshot .          # copies that host build in instead (no SDK image needed)
# The runtime is Debian 12: scripts/install-models.sh checks the PocketSphinx and Tesseract files Debian 12 ships.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG BASE_IMAGE=debian:bookworm-slim
ARG APP=build

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Earshot.Server -c Release -r linux-x64 --self-contained -o /app

FROM ${BASE_IMAGE} AS prebuilt
COPY publish/ /app/

FROM ${APP} AS app

# Models are fetched and checked at build time by the project's own script, so a container never downloads at start.
FROM ${BASE_IMAGE} AS models
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates npm pocketsphinx-en-us tesseract-ocr-eng \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY scripts/install-models.sh scripts/
COPY assets/ assets/
# Behind a TLS-inspecting proxy, pass its CA bundle: --build-arg NODE_EXTRA_CA_CERTS=/path (mounted into the build).
ARG NODE_EXTRA_CA_CERTS
RUN EARSHOT_MODELS=/models scripts/install-models.sh && rm -rf /models/.cache

FROM ${BASE_IMAGE} AS runtime
# The engines' native libraries and tools (as scripts/setup.sh installs them, less the test browser), curl for the health check.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates curl ffmpeg imagemagick fonts-dejavu-core \
      libpocketsphinx3 pocketsphinx-en-us libtesseract5 tesseract-ocr-eng libgomp1 libicu72 libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin earshot \
 && mkdir -p /data && chown earshot /data
COPY --from=models /models /opt/earshot/models
COPY --from=app /app /opt/earshot
ENV EARSHOT_MODELS=/opt/earshot/models \
    Earshot__DataDirectory=/data \
    ASPNETCORE_URLS=http://0.0.0.0:8080 \
    DOTNET_gcServer=0
USER earshot
WORKDIR /data
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["/opt/earshot/earshot"]
CMD ["serve"]
