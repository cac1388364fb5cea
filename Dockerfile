# The ALPHA GitHub App as a container: `docker build -t alpha-app . && docker run -p 3000:3000 --env-file .env alpha-app`
# Env: APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH), WEBHOOK_SECRET, ALPHA_STORE (+ ALPHA_STORE_DIR or
# ALPHA_DYNAMODB_TABLE), AWS_REGION and AWS credentials (task role, instance profile…). See README "GitHub App".
FROM node:24-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    ALPHA_STORE=file \
    ALPHA_STORE_DIR=/data/alpha-store \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the HCL grammar's native build (node-gyp) is not needed, only its .wasm file (shipped in the
# package) is, and the slim image has no compiler. tsx (a dependency) runs the TypeScript sources.
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json app.yml ./
COPY src ./src
COPY app/src ./app/src

# Non-root: the App needs no privilege; the store directory is its only writable path.
RUN mkdir -p /data/alpha-store && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
CMD ["npm", "run", "app"]
