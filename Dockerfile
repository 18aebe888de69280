# Portcullis: build the release binary, then run it as a non-root user in a slim image.
#   docker build -t portcullis .
#   docker run -p 8080:8080 -v "$PWD/my-config:/srv/portcullis/config:ro" \
#              -v portcullis-data:/srv/portcullis/data portcullis
# The mounted config must listen on 0.0.0.0:8080 (the example listens on 127.0.0.1).

FROM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends cmake \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin portcullis

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /srv/portcullis --shell /usr/sbin/nologin portcullis \
 && mkdir -p /srv/portcullis/data \
 && chown portcullis:portcullis /srv/portcullis/data
COPY --from=build /src/target/release/portcullis /usr/local/bin/portcullis
COPY config /srv/portcullis/config
WORKDIR /srv/portcullis
USER portcullis
VOLUME ["/srv/portcullis/data"]
EXPOSE 8080
ENTRYPOINT ["portcullis"]
CMD ["serve", "--config", "config/portcullis.yaml"]
