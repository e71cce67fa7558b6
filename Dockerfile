# The server, built from this repository with its UI (GraphiQL and the explorer). The embedded
# store is the default; docker-compose.yml runs it against Neo4j instead.
FROM node:20-bookworm AS ui
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
# vite writes the bundle to ../server/webui/dist, where the Go build embeds it.
RUN mkdir -p ../server/webui && npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=ui /src/server/webui/dist ./server/webui/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
EXPOSE 8080
ENV ADDR=:8080
USER nonroot:nonroot
ENTRYPOINT ["/server"]
