# One image for every Sluice service; the command picks the service:
#   docker run sluice:local node services/transformer/src/main.ts
# Node 24 runs the TypeScript sources directly (type stripping): no build step.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY . .
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
USER node
ENV METRICS_HOST=0.0.0.0 METRICS_PORT=9464
EXPOSE 9464
CMD ["node", "services/control/src/main.ts"]
