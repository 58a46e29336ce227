# The reclaim-replay CLI as an image, e.g. for `batch` on a cluster (docs/k8s-batch-job.yaml):
#   docker build -t reclaim-replay .
#   docker run --rm -v "$PWD/fleet:/captures:ro" -v "$PWD/out:/out" reclaim-replay batch /captures --out /out --jobs 2
# The bundles inline every dependency, so the runtime stage holds dist/ and Node only.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY build.mjs tsconfig.json tsconfig.host.json tsconfig.webview.json ./
COPY src ./src
COPY webview ./webview
RUN node build.mjs --only cli --production

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /src/dist/cli.js /src/dist/worker.js /src/dist/sweepWorker.js ./dist/
COPY --from=build /src/dist/webview ./dist/webview
# The parsed-capture cache lives in the container unless a volume is mounted here.
ENV RECLAIM_REPLAY_CACHE=/tmp/reclaim-replay-cache
USER node
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["--help"]
