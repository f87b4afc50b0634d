# syntax=docker/dockerfile:1
# Fleetprint: three stages (dependencies, build, runtime). The runtime holds only Next's standalone bundle
# (.next/standalone, completed by scripts/build-standalone.mjs) and starts it exactly as a plain VM does:
# `node server.js` in that folder. Checked by deploy/deploy-files.test.ts (no Docker engine in CI).
#   docker build -t fleetprint .
#   docker run -p 3000:3000 -v fleetprint-data:/data fleetprint          # embedded database in /data
#   docker compose up                                                    # PostgreSQL and two instances (compose.yaml)
ARG NODE_VERSION=20.20.2

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# DejaVu Sans for the PDF exports (non-ASCII host and fleet names); nothing else comes from apt.
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-dejavu-core=2.37-6 \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    FLEETPRINT_DATA_DIR=/data \
    FLEETPRINT_DEMO=0 \
    NODE_OPTIONS=--max-old-space-size=768
# NODE_OPTIONS caps the heap as npm start does (scripts/server-node-args.mjs): without it V8 lets garbage grow to a quarter
# of the machine's memory.
# The code belongs to root and is read-only to the server; it writes only to /data (the embedded database and the
# generated secrets) and Next's cache.
COPY --from=build /app/.next/standalone ./
RUN mkdir -p /data /app/.next/cache && chown node:node /data /app/.next/cache
VOLUME ["/data"]
USER node
EXPOSE 3000
# Liveness only (the process answers); readiness (database, migrations, worker) is /api/readyz. No curl in the
# slim image: node's fetch does it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
