# ict-radar worker image. Build: docker build -t ict-radar .
# Run:   docker run -v ict-radar-data:/app/data --env-file .env ict-radar

# Node 26 is the current LTS line (October 2026). The code also runs on Node 20.19+.
ARG NODE_IMAGE=node:26-bookworm-slim

# --- build: compile TypeScript and the native SQLite binding --------------------------
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# --- runtime: only what runs, as a non-root user ---------------------------------------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    STORE_URL=sqlite:///app/data/ict-radar.sqlite
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["start"]
